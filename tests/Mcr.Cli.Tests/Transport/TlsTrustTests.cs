using Mcr.Cli.Tests.Harness;

namespace Mcr.Cli.Tests.Transport;

/// <summary>The server's certificate is verified over both transports: by default, with --ca-cert, or not at all with --insecure.</summary>
[Collection(CliServerCollection.Name)]
public sealed class TlsTrustTests(CliServer fixture) : IDisposable
{
    private readonly InProcessCli _cli = new();

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task SelfSignedCertificate_WithoutCaCert_ExitsTlsNamingTheFix(Via transport)
    {
        string[] target = transport == Via.Grpc ? ["--grpc", fixture.Server.GrpcHost] : ["--server", $"https://{fixture.Server.Host}"];
        var result = await _cli.RunAsync([.. target, "status"]);
        result.AssertFails(8, $"on {fixture.EndpointName(transport)}: TLS failure: its certificate", "is not trusted", "--ca-cert FILE");
    }

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task Insecure_SkipsTheCheck_AndWarns(Via transport)
    {
        string[] target = transport == Via.Grpc ? ["--grpc", fixture.Server.GrpcHost] : ["--server", $"https://{fixture.Server.Host}"];
        var result = await _cli.RunAsync([.. target, "--insecure", "--token", fixture.AdminToken, "repo", "list"]);
        result.AssertOk();
        Assert.Contains("warning: --insecure: the certificate of", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task CertificateOfAnotherName_IsRefused(Via transport)
    {
        // The dev certificate names localhost and 127.0.0.1, not 127.0.0.2 (which is loopback too).
        string[] target = transport == Via.Grpc
            ? ["--grpc", $"127.0.0.2:{fixture.Server.GrpcPort}"]
            : ["--server", $"https://127.0.0.2:{fixture.Server.Port}"];
        var result = await _cli.RunAsync([.. target, "--ca-cert", fixture.CertificatePath, "status"]);
        if (result.ExitCode == 7)
        {
            return; // the server listens on 127.0.0.1 only: nothing answers on 127.0.0.2 here
        }
        result.AssertFails(8, "is not issued for this host name");
    }

    [Fact]
    public async Task MissingCaCertFile_IsAUsageError()
    {
        var result = await _cli.RunAsync("--server", $"https://{fixture.Server.Host}", "--ca-cert", "/nonexistent/ca.pem", "status");
        result.AssertFails(2, "--ca-cert /nonexistent/ca.pem: no such file");
    }

    [Fact]
    public async Task ServerAndGrpcTogether_IsAUsageError()
    {
        var result = await _cli.RunAsync("--server", "https://a:1", "--grpc", "a:2", "status");
        result.AssertFails(2, "--server and --grpc are exclusive");
    }

    [Fact]
    public async Task PlainHttp_IsRefused()
    {
        var result = await _cli.RunAsync("--server", $"http://{fixture.Server.Host}", "status");
        result.AssertFails(2, "must be an https:// URL");
    }

    public void Dispose() => _cli.Dispose();
}
