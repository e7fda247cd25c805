namespace Mcr.Cli.Transport;

internal enum TransportKind
{
    /// <summary>The admin REST API under <c>/v1/</c> (the default).</summary>
    Rest,

    /// <summary>The gRPC admin API (<c>--grpc HOST:PORT</c>).</summary>
    Grpc,
}
