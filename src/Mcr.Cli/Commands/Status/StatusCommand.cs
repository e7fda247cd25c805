using System.CommandLine;
using Mcr.Cli.Client;
using Mcr.Cli.Output;
using Mcr.Cli.Transport;

namespace Mcr.Cli.Commands.Status;

/// <summary>
/// <c>mcrctl status</c>: the server's health (no token needed) and, with a token, its figures. Exits 7 when the
/// server reports itself unavailable, so scripts can use it as a check.
/// </summary>
internal static class StatusCommand
{
    public static Command Create(CommandRunner runner)
    {
        var command = new Command("status", "Show the server's health, the login, and the registry's figures");
        runner.Anonymous(command, _ => "get the status", async (call, cancellationToken) =>
        {
            var session = call.Session;
            var health = await call.Client.Admin.HealthAsync(cancellationToken);
            var stats = session.Token is null ? null : await StatsAsync(call.Client, cancellationToken);
            var result = new StatusResult(
                session.Endpoint.Name,
                session.Endpoint.Transport == TransportKind.Grpc ? "grpc" : "rest",
                health,
                stats,
                session.Login?.Username,
                session.Login?.ExpiresAt);
            session.Output.Write(result, o => Print(o, result, session.Token is not null));
            return health.Status == "ok" ? ExitCodes.Ok : ExitCodes.Unavailable;
        });
        return command;
    }

    /// <summary>The figures; null from a server older than <c>/v1/stats</c> (a refused token still fails the command).</summary>
    private static async Task<RegistryStats?> StatsAsync(IMcrClient client, CancellationToken cancellationToken)
    {
        try
        {
            return await client.Registry.GetStatsAsync(cancellationToken);
        }
        catch (McrClientException e) when (e.Kind is ClientErrorKind.NotFound)
        {
            return null;
        }
    }

    private static void Print(CommandOutput o, StatusResult result, bool hasToken)
    {
        var checks = string.Join(", ", result.Health.Checks.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}"));
        o.Line($"server:        {result.Server} ({(result.Transport == "grpc" ? "gRPC" : "REST")})");
        o.Line($"health:        {result.Health.Status}{(checks.Length > 0 ? $" ({checks})" : "")}");
        o.Line(result.Username is { } user
            ? $"logged in as:  {user} (token expires {Format.Time(result.TokenExpiresAt)})"
            : hasToken ? "logged in as:  (a token from --token or MCR_TOKEN)" : "logged in as:  nobody (run `mcrctl login` for the registry's figures)");
        if (result.Stats is not { } stats)
        {
            return;
        }
        o.Line($"repositories:  {Format.Count(stats.RepositoryCount)} ({Format.Size(stats.RepositoryBytes)} in all, shared blobs counted in each)");
        o.Line($"manifests:     {Format.Count(stats.ManifestCount)}, tags: {Format.Count(stats.TagCount)}");
        o.Line($"blobs:         {Format.Count(stats.BlobCount)} ({Format.Size(stats.StoredBytes)} stored)");
        if (stats.RecentPushes.Count == 0)
        {
            return;
        }
        o.Line("");
        o.Line("recent pushes:");
        var table = new TextTable("REPOSITORY", "TAGS", "DIGEST", "PUSHED");
        foreach (var push in stats.RecentPushes)
        {
            table.Add(push.Repository, Format.List(push.Tags, "-"), Format.ShortDigest(push.Digest), Format.Time(push.PushedAt));
        }
        o.Write(table);
    }
}
