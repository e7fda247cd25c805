using System.CommandLine;

namespace Mcr.Cli.Commands;

/// <summary>The options every command takes (recursive: they may stand before or after the command's name).</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Server { get; } = new("--server", "-s")
    {
        Description = "The server's REST URL (default: the last login's server, else https://localhost:8443)",
        HelpName = "URL",
        Recursive = true,
    };

    public Option<string?> Grpc { get; } = new("--grpc")
    {
        Description = "Use the gRPC API at HOST:PORT (port 9443 if omitted) instead of REST",
        HelpName = "HOST:PORT",
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "Bearer token (default: $MCR_TOKEN, else the token `mcrctl login` saved for the server)",
        Recursive = true,
    };

    public Option<string?> CaCert { get; } = new("--ca-cert")
    {
        Description = "PEM file of the CA (or the self-signed certificate) to trust for the server",
        HelpName = "FILE",
        Recursive = true,
    };

    public Option<bool> Insecure { get; } = new("--insecure")
    {
        Description = "Do not verify the server's certificate (warns on stderr; for tests only)",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the result as JSON (snake_case fields, as the REST API names them)",
        Recursive = true,
    };

    public void AddTo(Command root)
    {
        root.Options.Add(Server);
        root.Options.Add(Grpc);
        root.Options.Add(Token);
        root.Options.Add(CaCert);
        root.Options.Add(Insecure);
        root.Options.Add(Json);
    }
}
