using System.CommandLine;
using Mcr.Cli.Client;
using Mcr.Cli.Config;
using Mcr.Cli.Output;
using Mcr.Cli.Transport;

namespace Mcr.Cli.Commands;

/// <summary>
/// One run's resolved settings: which endpoint (<c>--grpc</c>, else <c>--server</c>, else the last login's, else
/// the dev default), which token (<c>--token</c>, else <c>MCR_TOKEN</c>, else the login saved for that endpoint:
/// a saved token is only ever sent to the server it was issued by), which CA, and where output goes.
/// </summary>
internal sealed class Session
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private Session(CliIo io, ServerEndpoint endpoint, CommandOutput output)
    {
        Io = io;
        Endpoint = endpoint;
        Output = output;
    }

    public CliIo Io { get; }

    public ServerEndpoint Endpoint { get; }

    public CommandOutput Output { get; }

    public string? Token { get; private init; }

    /// <summary>The saved login whose token is used; null when the token came from --token or MCR_TOKEN (or there is none).</summary>
    public SavedLogin? Login { get; private init; }

    public string? CaCert { get; private init; }

    public bool Insecure { get; private init; }

    /// <summary>Null when there is no home directory to keep logins in.</summary>
    public CredentialStore? Store { get; private init; }

    public SavedLogins Saved { get; private init; } = SavedLogins.Empty;

    /// <summary>Why there is no usable token, for the "not logged in" message.</summary>
    public string? MissingTokenReason { get; private init; }

    /// <summary>Resolves the global options; throws <see cref="UsageException"/> for a bad combination.</summary>
    public static Session Resolve(ParseResult parse, GlobalOptions options, CliIo io)
    {
        var store = CredentialStore.ForUser(io.Environment);
        var saved = store?.Load(io.Error) ?? SavedLogins.Empty;
        var endpoint = ResolveEndpoint(parse.GetValue(options.Server), parse.GetValue(options.Grpc), saved);
        var login = saved.For(endpoint.Name);
        var token = parse.GetValue(options.Token) is { Length: > 0 } flag ? flag
            : io.Environment("MCR_TOKEN") is { Length: > 0 } variable ? variable
            : null;
        string? missing = null;
        if (token is null && login is not null)
        {
            if (login.ExpiresAt <= DateTimeOffset.UtcNow)
            {
                missing = $"the saved login for {endpoint.Name} ({login.Username}) expired at {Format.Time(login.ExpiresAt)}";
            }
            else
            {
                token = login.Token;
            }
        }
        else if (token is not null)
        {
            login = null;
        }
        var insecure = parse.GetValue(options.Insecure);
        if (insecure)
        {
            io.Error.WriteLine($"warning: --insecure: the certificate of {endpoint.Name} is not verified; anyone on the path can read the token");
        }
        var caCert = parse.GetValue(options.CaCert) is { Length: > 0 } ca ? Path.GetFullPath(ca) : saved.For(endpoint.Name)?.CaCert;
        return new Session(io, endpoint, new CommandOutput(io, parse.GetValue(options.Json)))
        {
            Token = token,
            Login = token is null ? null : login,
            CaCert = caCert,
            Insecure = insecure,
            Store = store,
            Saved = saved,
            MissingTokenReason = missing ?? $"not logged in to {endpoint.Name}",
        };
    }

    /// <summary>A client for the endpoint; <paramref name="token"/> overrides the resolved one (login has none yet).</summary>
    public IMcrClient Connect(string? token = null) =>
        McrClients.Create(new ConnectionOptions(Endpoint, token ?? Token, CaCert, Insecure, Timeout));

    private static ServerEndpoint ResolveEndpoint(string? server, string? grpc, SavedLogins saved)
    {
        if (server is not null && grpc is not null)
        {
            throw new UsageException("--server and --grpc are exclusive: --grpc HOST:PORT talks gRPC instead of REST");
        }
        if (grpc is not null)
        {
            return ServerEndpoint.TryParseGrpc(grpc, out var endpoint, out var error) ? endpoint : throw new UsageException(error!);
        }
        if (server is not null)
        {
            return ServerEndpoint.TryParseServer(server, out var endpoint, out var error) ? endpoint : throw new UsageException(error!);
        }
        if (saved.Current is { } current && ServerEndpoint.FromName(current) is { } remembered)
        {
            return remembered;
        }
        return ServerEndpoint.FromName(ServerEndpoint.DefaultServer)!;
    }
}
