using Mcr.Core.Manifests;
using Mcr.Infrastructure.Registry;
using static Mcr.Infrastructure.Tests.Registry.RegistryTestContext;

namespace Mcr.Infrastructure.Tests.Registry;

public sealed class ReferrersTests : IDisposable
{
    private const string Sbom = "application/vnd.example.sbom.v1";
    private const string Signature = "application/vnd.example.signature.v1";

    private readonly RegistryTestContext _ctx = new();

    public void Dispose() => _ctx.Dispose();

    [Fact]
    public async Task ListReferrers_NoFilter_AllReferrersOfSubjectInPushOrder()
    {
        var (subject, sbom, signature, index) = await PushReferrersAsync();

        var referrers = await _ctx.Manifests.ListReferrersAsync("a", subject.Digest, null);

        Assert.Equal([sbom.Digest, signature.Digest, index.Digest], referrers.Select(r => r.Digest));
        var first = referrers[0];
        Assert.Equal(ManifestMediaTypes.OciManifest, first.MediaType);
        Assert.Equal(sbom.Content.Length, first.Size);
        Assert.Equal(Sbom, first.ArtifactType);
        Assert.Equal("json", first.Annotations!["org.example.sbom.format"]);
        // No artifactType field: an image manifest reports its config media type, an index none.
        Assert.Equal("application/vnd.example.signature.config.v1+json", referrers[1].ArtifactType);
        Assert.Null(referrers[1].Annotations);
        Assert.Null(referrers[2].ArtifactType);
        Assert.Equal(ManifestMediaTypes.OciIndex, referrers[2].MediaType);
    }

    [Fact]
    public async Task ListReferrers_ArtifactTypeFilter_OnlyMatching()
    {
        var (subject, sbom, _, _) = await PushReferrersAsync();

        var referrers = await _ctx.Manifests.ListReferrersAsync("a", subject.Digest, Sbom);

        Assert.Equal(sbom.Digest, Assert.Single(referrers).Digest);
        Assert.Empty(await _ctx.Manifests.ListReferrersAsync("a", subject.Digest, "application/vnd.example.none"));
    }

    [Fact]
    public async Task ListReferrers_OtherRepositoryOrSubject_Empty()
    {
        var (subject, _, _, _) = await PushReferrersAsync();

        var inB = Assert.Single(await _ctx.Manifests.ListReferrersAsync("b", subject.Digest, null));
        Assert.Equal("b", inB.Annotations!["repo"]);
        Assert.Empty(await _ctx.Manifests.ListReferrersAsync("missing", subject.Digest, null));
        Assert.Empty(await _ctx.Manifests.ListReferrersAsync("a", DigestOf("unrelated"), null));
    }

    [Fact]
    public async Task ListReferrers_SubjectNotPushed_StillListed()
    {
        var absent = DigestOf("subject pushed later");
        var config = await _ctx.UploadAsync("a", "cfg");

        var referrer = Image(config, [], subject: absent, artifactType: Sbom);
        Assert.IsType<ManifestPushResult.Stored>(await _ctx.Manifests.PushAsync("a", referrer, []));

        Assert.Equal(referrer.Digest, Assert.Single(await _ctx.Manifests.ListReferrersAsync("a", absent, null)).Digest);
    }

    [Fact]
    public async Task ListReferrers_ReferrerDeleted_NoLongerListed()
    {
        var (subject, sbom, _, _) = await PushReferrersAsync();

        await _ctx.Manifests.DeleteAsync("a", sbom.Digest);

        Assert.DoesNotContain(await _ctx.Manifests.ListReferrersAsync("a", subject.Digest, null), r => r.Digest == sbom.Digest);
    }

    private async Task<(ManifestRecord Subject, ManifestRecord Sbom, ManifestRecord Signature, ManifestRecord Index)> PushReferrersAsync()
    {
        var subject = await _ctx.PushImageAsync("a", "subject", "latest");
        var empty = await _ctx.UploadAsync("a", "{}");
        var payload = await _ctx.UploadAsync("a", "sbom payload");

        var sbom = Image(empty, [payload], subject.Digest, Sbom, ManifestMediaTypes.OciEmpty,
            """{"org.example.sbom.format":"json"}""", layerMediaType: "application/spdx+json");
        var signature = Image(empty, [], subject.Digest, configMediaType: "application/vnd.example.signature.config.v1+json");
        var index = Index([subject.Digest], subject.Digest);
        foreach (var referrer in new[] { sbom, signature, index })
        {
            Assert.IsType<ManifestPushResult.Stored>(await _ctx.Manifests.PushAsync("a", referrer, []));
        }

        // The same referrer in another repository must not leak into "a"'s list, nor the reverse.
        await _ctx.Blobs.MountAsync("a", "b", empty);
        await _ctx.Blobs.MountAsync("a", "b", payload);
        Assert.IsType<ManifestPushResult.Stored>(await _ctx.Manifests.PushAsync("b", Image(empty, [payload], subject.Digest, Sbom, annotations: """{"repo":"b"}"""), []));
        return (subject, sbom, signature, index);
    }
}
