using System.Text.RegularExpressions;
using Mcr.Core.Names;
using Mcr.Testing.Fuzzing;
using Xunit.Abstractions;

namespace Mcr.Core.Tests.Fuzzing;

/// <summary><see cref="TagName.IsValid"/> accepts exactly <c>[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}</c>, the whole string.</summary>
public sealed partial class TagNameFuzzTests(ITestOutputHelper output)
{
    [GeneratedRegex(@"\A[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Oracle();

    [Fact]
    public void IsValid_AgreesWithTheSpecGrammar() =>
        Fuzz.Check(nameof(TagNameFuzzTests), Mutations.Mixed(ValidInputs.Tag), 3000, output.WriteLine,
            tag => Assert.Equal(Oracle().IsMatch(tag), TagName.IsValid(tag)));

    [Theory]
    [InlineData("latest\n")]
    [InlineData("v1.0\n")]
    public void IsValid_TrailingNewline_Refused(string tag) => Assert.False(TagName.IsValid(tag));
}
