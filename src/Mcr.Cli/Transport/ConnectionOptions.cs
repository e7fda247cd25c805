namespace Mcr.Cli.Transport;

/// <summary>Everything a transport needs to reach the server: where, how to trust it, and the token (null: none).</summary>
internal sealed record ConnectionOptions(
    ServerEndpoint Endpoint,
    string? Token,
    string? CaCertPath,
    bool Insecure,
    TimeSpan Timeout);
