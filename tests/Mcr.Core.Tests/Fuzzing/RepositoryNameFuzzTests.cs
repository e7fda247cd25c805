using System.Text.RegularExpressions;
using Mcr.Core.Names;
using Mcr.Testing.Fuzzing;
using Xunit.Abstractions;

namespace Mcr.Core.Tests.Fuzzing;

/// <summary>
/// <see cref="RepositoryName.IsValid"/> accepts exactly the OCI grammar, anchored at both ends of the
/// string, up to <see cref="RepositoryName.MaxLength"/> characters.
/// </summary>
public sealed partial class RepositoryNameFuzzTests(ITestOutputHelper output)
{
    // \A and \z: the whole string, with no trailing newline let through as '$' would.
    [GeneratedRegex(@"\A[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Oracle();

    [Fact]
    public void IsValid_AgreesWithTheSpecGrammar() =>
        Fuzz.Check(nameof(RepositoryNameFuzzTests), Mutations.Mixed(ValidInputs.RepositoryName), 3000, output.WriteLine, name =>
        {
            var expected = name.Length <= RepositoryName.MaxLength && Oracle().IsMatch(name);
            Assert.Equal(expected, RepositoryName.IsValid(name));
        });

    [Theory]
    [InlineData("library/ubuntu\n")]
    [InlineData("app\n")]
    public void IsValid_TrailingNewline_Refused(string name) => Assert.False(RepositoryName.IsValid(name));
}
