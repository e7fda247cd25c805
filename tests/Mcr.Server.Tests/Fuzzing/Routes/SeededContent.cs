using System.Text;
using Mcr.Core.Digests;
using Mcr.Core.Manifests;
using Mcr.Server.Tests.Oci;

namespace Mcr.Server.Tests.Fuzzing.Routes;

/// <summary>
/// Content pushed before the route fuzzing so mutated requests hit existing objects too. Fixed bytes,
/// so the digests, and with them the generated requests, are the same on every run.
/// </summary>
internal static class SeededContent
{
    public const string Repository = "fuzz/app";

    public const string Tag = "v1";

    /// <summary>Stands for the open upload's id in a generated path; replaced when the request is sent.</summary>
    public const string UploadPlaceholder = "{upload}";

    public static readonly byte[] Config = Encoding.UTF8.GetBytes("""{"architecture":"amd64","os":"linux"}""");

    public static readonly byte[] Layer = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("fuzz layer ", 40)));

    public static readonly TestDescriptor ConfigDescriptor = new(ManifestMediaTypes.OciImageConfig, Digest.Compute(DigestAlgorithm.Sha256, Config), Config.Length);

    public static readonly TestDescriptor LayerDescriptor = new(TestManifests.LayerType, Digest.Compute(DigestAlgorithm.Sha256, Layer), Layer.Length);

    public static readonly byte[] Manifest = TestManifests.Image(ConfigDescriptor, [LayerDescriptor]);

    public static readonly Digest ManifestDigest = Digest.Compute(DigestAlgorithm.Sha256, Manifest);

    /// <summary>Pushes the blobs and the tagged manifest, and opens an upload; returns the upload's id.</summary>
    public static async Task<string> PushAsync(HttpClient client)
    {
        var manifests = new ManifestTestClient(new OciTestClient(client));
        await manifests.PushBlobAsync(Repository, Config, ManifestMediaTypes.OciImageConfig);
        await manifests.PushBlobAsync(Repository, Layer);
        await manifests.PushManifestAsync(Repository, Manifest, ManifestMediaTypes.OciManifest, Tag);
        var location = await new OciTestClient(client).StartUploadAsync(Repository);
        return location.Split('?')[0].Split('/')[^1];
    }
}
