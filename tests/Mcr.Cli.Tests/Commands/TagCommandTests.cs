using System.Text.Json;
using Mcr.Cli.Tests.Harness;

namespace Mcr.Cli.Tests.Commands;

[Collection(CliServerCollection.Name)]
public sealed class TagCommandTests(CliServer fixture) : IDisposable
{
    private readonly InProcessCli _cli = new();

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task List_ShowsEachTagWithItsManifest(Via transport)
    {
        var result = await _cli.RunAsync([.. fixture.As(transport, fixture.UserToken), "tag", "list", CliServer.Repository]);
        result.AssertOk();
        Assert.StartsWith("TAG", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^1\.0\s+sha256:[0-9a-f]{12}\s+application/vnd\.oci\.image\.manifest\.v1\+json\s+[\d.]+ KiB\s+-\s+\d{4}-", result.Out);
        Assert.Matches(@"(?m)^2\.0\s+", result.Out);
        Assert.Contains("2 tags", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task List_Json_Pages(Via transport)
    {
        var result = await _cli.RunAsync([.. fixture.As(transport, fixture.UserToken), "--json", "tag", "list", CliServer.Repository, "-n", "1", "--offset", "1"]);
        result.AssertOk();
        using var json = JsonDocument.Parse(result.Out);
        var tag = Assert.Single(json.RootElement.GetProperty("tags").EnumerateArray());
        Assert.Equal("2.0", tag.GetProperty("name").GetString());
        Assert.Equal(["name", "digest", "media_type", "size", "platforms", "pushed_at"], tag.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, json.RootElement.GetProperty("total").GetInt64());
        Assert.Equal(1, json.RootElement.GetProperty("offset").GetInt32());
    }

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task Delete_RemovesTheTag_AndNamesTheManifestThatStays(Via transport)
    {
        var name = $"tags-{transport}-{Guid.NewGuid():N}".ToLowerInvariant();
        var digest = await fixture.PushImageAsync(name, "old");
        var result = await _cli.RunAsync([.. fixture.As(transport, fixture.UserToken), "tag", "delete", name, "old"]);
        result.AssertOk();
        Assert.Contains($"Deleted tag {name}:old (it pointed at {digest})", result.Out, StringComparison.Ordinal);
        var tags = await _cli.RunAsync([.. fixture.As(transport, fixture.UserToken), "tag", "list", name]);
        tags.AssertOk();
        Assert.Contains("no tags", tags.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _cli.Dispose();
}
