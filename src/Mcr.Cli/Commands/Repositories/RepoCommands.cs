using System.CommandLine;
using Mcr.Cli.Client;
using Mcr.Cli.Output;

namespace Mcr.Cli.Commands.Repositories;

/// <summary><c>mcrctl repo list|show|delete</c>.</summary>
internal static class RepoCommands
{
    public static Command Create(CommandRunner runner) => new("repo", "Repositories: list, show, delete")
    {
        List(runner),
        Show(runner),
        Delete(runner),
    };

    private static Command List(CommandRunner runner)
    {
        var paging = new Paging(100);
        var filter = new Option<string?>("--filter", "-q") { Description = "Only names containing this text (case-insensitive)" };
        var command = new Command("list", "List the repositories you may pull, by name") { filter };
        paging.AddTo(command);
        command.Aliases.Add("ls");
        runner.Authenticated(command, _ => "list repositories", async (call, cancellationToken) =>
        {
            var offset = call.Value(paging.Offset);
            var page = await call.Client.Registry.ListRepositoriesAsync(call.Value(paging.N), offset, call.Value(filter), cancellationToken);
            call.Session.Output.Write(page, o =>
            {
                var table = new TextTable("NAME", "TAGS", "MANIFESTS", "SIZE", "CREATED", "LAST PUSH");
                foreach (var r in page.Repositories)
                {
                    table.Add(r.Name, Format.Count(r.TagCount), Format.Count(r.ManifestCount), Format.Size(r.Size),
                        Format.Time(r.CreatedAt), Format.Time(r.LastPushedAt));
                }
                if (page.Repositories.Count > 0)
                {
                    o.Write(table);
                }
                o.Error.WriteLine(Paging.Footer(page.Repositories.Count, page.Total, offset, "repositories"));
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CommandRunner runner)
    {
        var name = new Argument<string>("name") { Description = "Repository name, e.g. team/app" };
        var command = new Command("show", "Show a repository's tags and manifests") { name };
        runner.Authenticated(command, p => $"show repository {p.GetValue(name)}", async (call, cancellationToken) =>
        {
            var repository = await call.Client.Registry.GetRepositoryAsync(call.Value(name), cancellationToken);
            call.Session.Output.Write(repository, o => Print(o, repository));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Print(CommandOutput o, RepositoryDetail r)
    {
        o.Line($"name:       {r.Name}");
        o.Line($"size:       {Format.Size(r.Size)}");
        o.Line($"created:    {Format.Time(r.CreatedAt)}");
        o.Line($"last push:  {Format.Time(r.LastPushedAt)}");
        o.Line($"tags:       {Format.Count(r.TagCount)}{Truncated(r.Tags.Count, r.TagCount)}");
        if (r.Tags.Count > 0)
        {
            var tags = new TextTable("TAG", "DIGEST", "UPDATED");
            foreach (var t in r.Tags)
            {
                tags.Add(t.Name, t.Digest, Format.Time(t.UpdatedAt));
            }
            o.Write(tags);
        }
        o.Line($"manifests:  {Format.Count(r.ManifestCount)}{Truncated(r.Manifests.Count, r.ManifestCount)}");
        if (r.Manifests.Count > 0)
        {
            var manifests = new TextTable("DIGEST", "MEDIA TYPE", "SIZE", "ARTIFACT TYPE", "SUBJECT", "CREATED");
            foreach (var m in r.Manifests)
            {
                manifests.Add(Format.ShortDigest(m.Digest), m.MediaType, Format.Size(m.Size), m.ArtifactType,
                    m.SubjectDigest is null ? null : Format.ShortDigest(m.SubjectDigest), Format.Time(m.CreatedAt));
            }
            o.Write(manifests);
        }
    }

    private static string Truncated(int shown, long total) => shown < total ? $" (the first {shown} shown; `mcrctl tag list` pages)" : "";

    private static Command Delete(CommandRunner runner)
    {
        var name = new Argument<string>("name") { Description = "Repository name" };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation" };
        var command = new Command("delete", "Delete a repository with its tags and manifests (blobs go at the next GC)") { name, yes };
        command.Aliases.Add("rm");
        runner.Authenticated(command, p => $"delete repository {p.GetValue(name)}", async (call, cancellationToken) =>
        {
            var repository = call.Value(name);
            if (!Prompts.Confirm(call.Session.Io, call.Value(yes), $"Delete repository {repository} with all its tags and manifests?"))
            {
                call.Session.Io.Error.WriteLine("not deleted");
                return ExitCodes.General;
            }
            var deleted = await call.Client.Registry.DeleteRepositoryAsync(repository, cancellationToken);
            call.Session.Output.Write(deleted, o => o.Line(
                $"Deleted repository {repository}: {deleted.ManifestsRemoved} manifests, {deleted.TagsRemoved} tags (run `mcrctl gc` to free the blobs)."));
            return ExitCodes.Ok;
        });
        return command;
    }
}
