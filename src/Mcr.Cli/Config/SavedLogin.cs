namespace Mcr.Cli.Config;

/// <summary>
/// One <c>mcrctl login</c>: the endpoint it belongs to (<c>https://host:port</c> or <c>grpc://host:port</c>), who,
/// the token and its expiry, and the <c>--ca-cert</c> used then (so later commands trust the same server).
/// </summary>
internal sealed record SavedLogin(string Server, string Username, string Token, DateTimeOffset ExpiresAt, string? CaCert);

/// <summary>The credentials file: every saved login, and which endpoint commands use when none is given.</summary>
internal sealed record SavedLogins(string? Current, IReadOnlyList<SavedLogin> Logins)
{
    public static SavedLogins Empty { get; } = new(null, []);

    public SavedLogin? For(string server) => Logins.FirstOrDefault(l => l.Server == server);

    /// <summary>This login replaces any other for its endpoint and becomes the current one.</summary>
    public SavedLogins With(SavedLogin login) =>
        new(login.Server, [.. Logins.Where(l => l.Server != login.Server), login]);

    public SavedLogins Without(string server) =>
        new(Current == server ? null : Current, [.. Logins.Where(l => l.Server != server)]);
}
