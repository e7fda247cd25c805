using FsCheck;
using FsCheck.Fluent;
using Mcr.Server.Oci;
using Mcr.Testing.Fuzzing;

namespace Mcr.Server.Tests.Fuzzing;

/// <summary>
/// <see cref="OciPath.TryParse"/> never throws; a parsed path has a name and a reference without '/',
/// and prints back as the path it came from; a path built from valid parts parses to exactly them.
/// </summary>
public sealed class OciPathFuzzTests(ITestOutputHelper output)
{
    private static readonly Gen<(OciRouteKind Kind, string Name, string Reference)> _parts =
        from kind in Gen.Elements(Enum.GetValues<OciRouteKind>())
        from name in ValidInputs.RepositoryName
        from reference in kind switch
        {
            OciRouteKind.Manifest => Gen.OneOf(ValidInputs.Tag, ValidInputs.Digest),
            OciRouteKind.Blob or OciRouteKind.Referrers => ValidInputs.Digest,
            OciRouteKind.Upload => Gen.ArrayOf(Gen.Elements("0123456789abcdef".ToCharArray()), 32).Select(hex => new Guid(new string(hex)).ToString()),
            _ => Gen.Constant(""),
        }
        select (kind, name, reference);

    [Fact]
    public void TryParse_ValidParts_RoundTrip() =>
        Fuzz.Check("OciPath valid", _parts, 1000, output.WriteLine, parts =>
        {
            Assert.True(OciPath.TryParse(Format(parts.Kind, parts.Name, parts.Reference), out var path));
            Assert.Equal(new OciPath(parts.Kind, parts.Name, parts.Reference), path);
        });

    [Fact]
    public void TryParse_MutatedPaths_ParseOnlyToWhatTheyAre() =>
        Fuzz.Check("OciPath mutated", Mutations.Mixed(_parts.Select(p => Format(p.Kind, p.Name, p.Reference))), 3000, output.WriteLine, text =>
        {
            if (OciPath.TryParse(text, out var path))
            {
                Assert.NotEmpty(path.Name);
                Assert.DoesNotContain('/', path.Reference);
                var printed = Format(path.Kind, path.Name, path.Reference);
                Assert.True(text == printed || (path.Kind == OciRouteKind.UploadStart && text == printed + "/"), $"printed back as {printed}");
            }
        });

    private static string Format(OciRouteKind kind, string name, string reference) => kind switch
    {
        OciRouteKind.Manifest => $"{name}/manifests/{reference}",
        OciRouteKind.Blob => $"{name}/blobs/{reference}",
        OciRouteKind.UploadStart => $"{name}/blobs/uploads",
        OciRouteKind.Upload => $"{name}/blobs/uploads/{reference}",
        OciRouteKind.TagsList => $"{name}/tags/list",
        OciRouteKind.Referrers => $"{name}/referrers/{reference}",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
