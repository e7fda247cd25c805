using System.CommandLine;
using Mcr.Cli.Client;
using Mcr.Cli.Output;

namespace Mcr.Cli.Commands.Tags;

/// <summary><c>mcrctl tag list|delete</c>.</summary>
internal static class TagCommands
{
    public static Command Create(CommandRunner runner) => new("tag", "Tags of a repository: list, delete")
    {
        List(runner),
        Delete(runner),
    };

    private static Command List(CommandRunner runner)
    {
        var repository = new Argument<string>("repository") { Description = "Repository name, e.g. team/app" };
        var paging = new Paging(100);
        var command = new Command("list", "List a repository's tags with what they point at") { repository };
        paging.AddTo(command);
        command.Aliases.Add("ls");
        runner.Authenticated(command, p => $"list the tags of {p.GetValue(repository)}", async (call, cancellationToken) =>
        {
            var offset = call.Value(paging.Offset);
            var page = await call.Client.Registry.ListTagsAsync(call.Value(repository), call.Value(paging.N), offset, cancellationToken);
            call.Session.Output.Write(page, o =>
            {
                var table = new TextTable("TAG", "DIGEST", "MEDIA TYPE", "SIZE", "PLATFORMS", "PUSHED");
                foreach (var t in page.Tags)
                {
                    table.Add(t.Name, Format.ShortDigest(t.Digest), t.MediaType, Format.Size(t.Size),
                        Platforms(t.Platforms), Format.Time(t.PushedAt));
                }
                if (page.Tags.Count > 0)
                {
                    o.Write(table);
                }
                o.Error.WriteLine(Paging.Footer(page.Tags.Count, page.Total, offset, "tags"));
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary><c>linux/amd64, linux/arm64/v8</c>; <c>-</c> for a single-platform image.</summary>
    private static string Platforms(IReadOnlyList<Platform>? platforms) =>
        platforms is null || platforms.Count == 0
            ? "-"
            : string.Join(", ", platforms.Select(p => string.Join('/', new[] { p.Os, p.Architecture, p.Variant }.Where(s => !string.IsNullOrEmpty(s)))));

    private static Command Delete(CommandRunner runner)
    {
        var repository = new Argument<string>("repository") { Description = "Repository name" };
        var tag = new Argument<string>("tag") { Description = "The tag to remove (the manifest stays, untagged)" };
        var command = new Command("delete", "Delete a tag; the manifest it pointed at stays") { repository, tag };
        command.Aliases.Add("rm");
        runner.Authenticated(command, p => $"delete tag {p.GetValue(repository)}:{p.GetValue(tag)}", async (call, cancellationToken) =>
        {
            var deleted = await call.Client.Registry.DeleteTagAsync(call.Value(repository), call.Value(tag), cancellationToken);
            call.Session.Output.Write(deleted, o => o.Line($"Deleted tag {call.Value(repository)}:{call.Value(tag)} (it pointed at {deleted.Digest})."));
            return ExitCodes.Ok;
        });
        return command;
    }
}
