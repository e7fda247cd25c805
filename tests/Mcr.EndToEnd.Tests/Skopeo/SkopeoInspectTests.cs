using System.Text.Json.Nodes;

namespace Mcr.EndToEnd.Tests.Skopeo;

/// <summary><c>skopeo inspect</c>, <c>list-tags</c> and <c>delete</c> against a real mcrsrv process.</summary>
public sealed class SkopeoInspectTests(Harness.McrProcess server, ITestOutputHelper output) : IClassFixture<Harness.McrProcess>, IDisposable
{
    private readonly E2eSession _e2e = new(server, output);

    [SkippableFact]
    public async Task Inspect_PushedImage_ShowsManifestDigestAndLayers()
    {
        var image = await _e2e.PushImageAsync("e2e/inspect", "v1");

        var result = await _e2e.Skopeo.InspectAsync(_e2e.Skopeo.Image("e2e/inspect", "v1"));

        Expect.Success(result, "skopeo inspect");
        var json = JsonNode.Parse(result.StandardOutput)!;
        Assert.Equal(image.Manifest.Digest, (string?)json["Digest"]);
        Assert.Equal("amd64", (string?)json["Architecture"]);
        Assert.Equal(image.Layers.Select(l => l.Digest), json["Layers"]!.AsArray().Select(l => (string?)l));
    }

    [SkippableFact]
    public async Task ListTags_TwoTagsPushed_ListsBoth()
    {
        await _e2e.PushImageAsync("e2e/tags", "v1", layers: 1);
        await _e2e.PushImageAsync("e2e/tags", "v2", layers: 1);

        var result = await _e2e.Skopeo.RunAsync("list-tags", "--tls-verify=false", "--creds", _e2e.Skopeo.Creds, $"docker://{server.Host}/e2e/tags");

        Expect.Success(result, "skopeo list-tags");
        var tags = JsonNode.Parse(result.StandardOutput)!["Tags"]!.AsArray().Select(t => (string?)t).ToList();
        Assert.Equal(["v1", "v2"], tags.Order());
    }

    [SkippableFact]
    public async Task Delete_ByDigest_InspectThenFails()
    {
        var image = await _e2e.PushImageAsync("e2e/delete", "v1", layers: 1);

        var delete = await _e2e.Skopeo.RunAsync("delete", "--tls-verify=false", "--creds", _e2e.Skopeo.Creds,
            _e2e.Skopeo.ImageByDigest("e2e/delete", image.Manifest.Digest));

        Expect.Success(delete, "skopeo delete by digest");
        Expect.Failure(await _e2e.Skopeo.InspectAsync(_e2e.Skopeo.ImageByDigest("e2e/delete", image.Manifest.Digest), "--raw"),
            "inspect by digest after delete");
        Expect.Failure(await _e2e.Skopeo.InspectAsync(_e2e.Skopeo.Image("e2e/delete", "v1"), "--raw"), "inspect by tag after delete");
    }

    [SkippableFact]
    public async Task Inspect_UnknownTag_FailsWithManifestUnknown()
    {
        await _e2e.PushImageAsync("e2e/unknown-tag", "v1", layers: 1);

        var result = await _e2e.Skopeo.InspectAsync(_e2e.Skopeo.Image("e2e/unknown-tag", "missing"), "--raw");

        Expect.Failure(result, "inspect of a tag that was never pushed");
        Assert.Contains("manifest unknown", result.StandardError, StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose() => _e2e.Dispose();
}
