using System.Text.RegularExpressions;
using Mcr.Core.Digests;
using Mcr.Testing.Fuzzing;
using Xunit.Abstractions;

namespace Mcr.Core.Tests.Fuzzing;

/// <summary>
/// <see cref="Digest.TryParse(string?, out Digest, out string)"/> never throws, accepts exactly
/// <c>sha256:</c>/<c>sha512:</c> with the right number of lowercase hex characters, and an accepted
/// digest prints back as its input; <see cref="Digest.Parse"/> fails only with <see cref="FormatException"/>.
/// </summary>
public sealed partial class DigestFuzzTests(ITestOutputHelper output)
{
    [GeneratedRegex(@"\A(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})\z", RegexOptions.CultureInvariant)]
    private static partial Regex Oracle();

    [Fact]
    public void TryParse_AcceptsExactlyTheGrammar_AndRoundTrips() =>
        Fuzz.Check(nameof(DigestFuzzTests), Mutations.Mixed(ValidInputs.Digest), 3000, output.WriteLine, text =>
        {
            var parsed = Digest.TryParse(text, out var digest, out var error);
            Assert.Equal(Oracle().IsMatch(text), parsed);
            if (parsed)
            {
                Assert.Equal(text, digest.ToString());
                Assert.Equal(digest, Digest.Parse(digest.ToString()));
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(error));
                Assert.Throws<FormatException>(() => Digest.Parse(text));
            }
        });
}
