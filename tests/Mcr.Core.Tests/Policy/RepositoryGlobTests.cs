using Mcr.Core.Policy;

namespace Mcr.Core.Tests.Policy;

public sealed class RepositoryGlobTests
{
    [Theory]
    [InlineData("production/app", "production/app")]
    [InlineData("production/*", "production/app")]
    [InlineData("production/*", "production/my-app.v2")]
    [InlineData("*", "app")]
    [InlineData("*/app", "team/app")]
    [InlineData("team/*/app", "team/x/app")]
    [InlineData("app?", "app1")]
    [InlineData("a*b*c", "axxbyyc")]
    [InlineData("a*b*c", "abc")]
    [InlineData("*-prod", "api-prod")]
    [InlineData("*/*", "a/b")]
    public void IsMatch_MatchingName_ReturnsTrue(string pattern, string repository) =>
        Assert.True(RepositoryGlob.IsMatch(pattern, repository));

    [Theory]
    [InlineData("production/app", "production/app2")]
    [InlineData("production/*", "production/team/app")]
    [InlineData("production/*", "production")]
    [InlineData("production/*", "staging/app")]
    [InlineData("*", "team/app")]
    [InlineData("*/app", "app")]
    [InlineData("app?", "app")]
    [InlineData("app?", "app12")]
    [InlineData("a?b", "a/b")]
    [InlineData("a*b*c", "abx")]
    [InlineData("*-prod", "api-prod/x")]
    [InlineData("team/*", "team")]
    public void IsMatch_NonMatchingName_ReturnsFalse(string pattern, string repository) =>
        Assert.False(RepositoryGlob.IsMatch(pattern, repository));

    [Fact]
    public void Compile_SamePatternTwice_ReturnsCachedInstance() =>
        Assert.Same(RepositoryGlob.Compile("cache/*"), RepositoryGlob.Compile("cache/*"));

    [Fact]
    public void IsMatch_ManyStarsAgainstLongName_CompletesAndFails()
    {
        // a pattern that makes naive backtracking matchers explode
        var pattern = string.Concat(Enumerable.Repeat("a*", 20)) + "b";
        Assert.False(RepositoryGlob.IsMatch(pattern, new string('a', 200)));
    }
}
