using Mcr.Protocol.V1;
using Mcr.Web.Cli;
using Mcr.Web.Registry;

namespace Mcr.Web.Tests.Harness;

/// <summary>Direct gRPC calls to the stack's registry (to arrange and to check what the pages did), through mcr-web's own client.</summary>
public sealed class Grpc : IDisposable
{
    private readonly RegistryConnection _connection;

    public Grpc(WebStack stack)
    {
        var options = WebSettings.DevOptions(stack.Registry.DataDirectory);
        options.Web.GrpcAddr = stack.Registry.GrpcHost;
        _connection = new RegistryConnection(new WebSettings(options, IsDev: true));
    }

    public RegistryClient As(string? token) => new(_connection, token, CancellationToken.None);

    public async Task<string> TokenAsync(string username, string password) =>
        (await As(null).Admin.LoginAsync(new LoginRequest { Username = username, Password = password })).Token;

    public void Dispose() => _connection.Dispose();
}
