using System.Text.Json;
using Mcr.Cli.Tests.Harness;

namespace Mcr.Cli.Tests.Commands;

[Collection(CliServerCollection.Name)]
public sealed class RepoCommandTests(CliServer fixture) : IDisposable
{
    private readonly InProcessCli _cli = new();

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task List_ShowsATableForPeople(Via transport)
    {
        var result = await _cli.RunAsync([.. fixture.As(transport, fixture.UserToken), "repo", "list"]);
        result.AssertOk();
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("NAME", lines[0], StringComparison.Ordinal);
        Assert.Contains("LAST PUSH", lines[0], StringComparison.Ordinal);
        var row = Assert.Single(lines, l => l.StartsWith(CliServer.Repository + " ", StringComparison.Ordinal));
        Assert.Matches(@"fixture/app\s+2\s+2\s+[\d.]+ KiB\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", row);
    }

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task List_Json_HasTheRestFieldNames(Via transport)
    {
        var result = await _cli.RunAsync([.. fixture.As(transport, fixture.AdminToken), "--json", "repo", "list", "--filter", "fixture/"]);
        result.AssertOk();
        using var json = JsonDocument.Parse(result.Out);
        var repository = Assert.Single(json.RootElement.GetProperty("repositories").EnumerateArray());
        Assert.Equal(
            ["name", "tag_count", "manifest_count", "size", "created_at", "last_pushed_at"],
            repository.EnumerateObject().Select(p => p.Name));
        Assert.Equal(CliServer.Repository, repository.GetProperty("name").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("total").GetInt64());
    }

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task Show_ListsTagsAndManifests(Via transport)
    {
        var result = await _cli.RunAsync([.. fixture.As(transport, fixture.UserToken), "repo", "show", CliServer.Repository]);
        result.AssertOk();
        Assert.Contains($"name:       {CliServer.Repository}", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^1\.0\s+sha256:[0-9a-f]{64}\s+\d{4}-", result.Out);
        Assert.Matches(@"(?m)^sha256:[0-9a-f]{12}\s+application/vnd\.oci\.image\.manifest\.v1\+json\s+", result.Out);
    }

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task Show_UnknownRepository_ExitsNotFound(Via transport)
    {
        var result = await _cli.RunAsync([.. fixture.As(transport, fixture.AdminToken), "repo", "show", "no/such/repo"]);
        result.AssertFails(5, "cannot show repository no/such/repo on", "not found");
    }

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task Delete_WithYes_RemovesIt(Via transport)
    {
        var name = $"delete-{transport}-{Guid.NewGuid():N}".ToLowerInvariant();
        await fixture.PushImageAsync(name, "1");
        var result = await _cli.RunAsync([.. fixture.As(transport, fixture.AdminToken), "--json", "repo", "delete", name, "--yes"]);
        result.AssertOk();
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(1, json.RootElement.GetProperty("manifests_removed").GetInt64());
        Assert.Equal(1, json.RootElement.GetProperty("tags_removed").GetInt64());
        (await _cli.RunAsync([.. fixture.As(transport, fixture.AdminToken), "repo", "show", name])).AssertFails(5, "not found");
    }

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task Delete_AsksOnATerminal_AndKeepsTheRepositoryOnNo(Via transport)
    {
        var name = $"ask-{transport}-{Guid.NewGuid():N}".ToLowerInvariant();
        await fixture.PushImageAsync(name, "1");
        string? question = null;
        var declined = await _cli.RunAsync([.. fixture.As(transport, fixture.AdminToken), "repo", "delete", name], stdin: null,
            terminal: (q, _) => { question = q; return "n"; });
        declined.AssertFails(1, "not deleted");
        Assert.Equal($"Delete repository {name} with all its tags and manifests? [y/N] ", question);
        (await _cli.RunAsync([.. fixture.As(transport, fixture.AdminToken), "repo", "show", name])).AssertOk();

        var confirmed = await _cli.RunAsync([.. fixture.As(transport, fixture.AdminToken), "repo", "delete", name], stdin: null, terminal: (_, _) => "yes");
        confirmed.AssertOk();
        Assert.Contains($"Deleted repository {name}: 1 manifests, 1 tags", confirmed.Out, StringComparison.Ordinal);
    }

    public void Dispose() => _cli.Dispose();
}
