using System.Net;
using Mcr.Infrastructure.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace Mcr.Server.Tests.Oci;

/// <summary>Blob uploads, mounts and deletes leave blob_uploaded / blob_mounted / blob_deleted audit events.</summary>
public sealed class BlobAuditTests(OciServerFixture fixture) : IClassFixture<OciServerFixture>
{
    private OciTestClient Client => fixture.Admin;

    [Fact]
    public async Task UploadMountDelete_AreAudited()
    {
        var source = OciServerFixture.NewRepository();
        var target = OciServerFixture.NewRepository();
        var digest = await Client.PushBlobAsync(source, OciTestClient.RandomBytes(321));
        using var mount = await Client.Http.PostAsync($"/v2/{target}/blobs/uploads/?mount={digest}&from={source}", null);
        using var delete = await Client.Http.DeleteAsync($"/v2/{target}/blobs/{digest}");
        Assert.Equal(HttpStatusCode.Created, mount.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);

        var uploaded = Assert.Single(await EventsAsync(source));
        Assert.Equal(AuditEventTypes.BlobUploaded, uploaded.EventType);
        Assert.Equal(digest, uploaded.Digest);
        Assert.Equal("321", uploaded.Details!["size"]);
        var targetEvents = await EventsAsync(target);
        Assert.Equal([AuditEventTypes.BlobMounted, AuditEventTypes.BlobDeleted], targetEvents.Select(e => e.EventType));
        Assert.Equal(source, targetEvents[0].Details!["from"]);
        Assert.All(targetEvents, e => Assert.Equal(digest, e.Digest));
        Assert.All(targetEvents, e => Assert.False(string.IsNullOrEmpty(e.ActorId)));
    }

    [Fact]
    public async Task FailedUpload_IsNotAudited()
    {
        var repository = OciServerFixture.NewRepository();
        var location = await Client.StartUploadAsync(repository);
        using var put = await Client.Http.PutAsync(
            OciTestClient.WithDigest(location, OciTestClient.DigestOf([9])), OciTestClient.Octets([1, 2, 3]));
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);

        Assert.Empty(await EventsAsync(repository));
    }

    /// <summary>The repository's audit events, oldest first, once everything recorded so far is written.</summary>
    private async Task<List<AuditEvent>> EventsAsync(string repository)
    {
        await fixture.Server.Services.GetRequiredService<AuditQueue>().FlushAsync();
        var page = await fixture.Server.Services.GetRequiredService<AuditStore>().ListAsync(new AuditQuery { Repository = repository });
        return [.. page.Items.OrderBy(e => e.Id).Select(e => e.Event)];
    }
}
