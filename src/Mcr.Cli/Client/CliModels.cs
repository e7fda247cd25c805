namespace Mcr.Cli.Client;

// What the commands without an API body of their own print with --json.

/// <summary><c>mcrctl login</c>: where, as whom, until when (never the token: it is in the saved login).</summary>
public sealed record LoginResult(string Server, string Username, DateTimeOffset ExpiresAt);

/// <summary><c>mcrctl logout</c>: <c>revoked</c> is false when the server could not be told (the saved token is gone either way).</summary>
public sealed record LogoutResult(string Server, bool Revoked);

/// <summary>
/// <c>mcrctl status</c>: the server's health, and with a token its figures (<c>stats</c>, null without one) and the
/// saved login's user (null when the token came from --token or MCR_TOKEN).
/// </summary>
public sealed record StatusResult(
    string Server, string Transport, Health Health, RegistryStats? Stats, string? Username, DateTimeOffset? TokenExpiresAt);
