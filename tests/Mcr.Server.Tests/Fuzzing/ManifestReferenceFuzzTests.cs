using Mcr.Core.Digests;
using Mcr.Core.Names;
using Mcr.Testing.Fuzzing;

namespace Mcr.Server.Tests.Fuzzing;

/// <summary>
/// <see cref="ManifestReference.Parse"/> never throws and sorts every string into exactly one of: a digest
/// that prints back as the input, a valid tag, a malformed digest (it has a ':'), or neither.
/// </summary>
public sealed class ManifestReferenceFuzzTests(ITestOutputHelper output)
{
    private static readonly FsCheck.Gen<string> _references = Mutations.Mixed(FsCheck.Fluent.Gen.OneOf(ValidInputs.Tag, ValidInputs.Digest));

    [Fact]
    public void Parse_ClassifiesEveryReference() =>
        Fuzz.Check(nameof(ManifestReferenceFuzzTests), _references, 3000, output.WriteLine, text =>
        {
            var reference = ManifestReference.Parse(text);
            if (reference.Digest is { } digest)
            {
                Assert.True(reference.IsValid);
                Assert.Null(reference.Tag);
                Assert.Equal(text, digest.ToString());
            }
            else if (reference.Tag is { } tag)
            {
                Assert.True(reference.IsValid);
                Assert.Equal(text, tag);
                Assert.True(TagName.IsValid(tag));
            }
            else
            {
                Assert.False(reference.IsValid);
                Assert.Equal(text.Contains(':', StringComparison.Ordinal), reference.IsMalformedDigest);
                Assert.False(Digest.TryParse(text, out _));
                Assert.False(TagName.IsValid(text));
            }
        });
}
