using Grpc.Core;
using Grpc.Net.Client;
using Mcr.Cli.Client;

namespace Mcr.Cli.Transport.Grpc;

/// <summary>
/// One channel (HTTP/2 over the shared socket handler, TLS 1.3) to the server's gRPC port, the per-call metadata
/// (the bearer token in <c>authorization</c>) and deadline, and the one table from status code to failure kind.
/// </summary>
internal sealed class GrpcConnection : IDisposable
{
    private readonly TlsTrust _trust;
    private readonly ConnectionOptions _options;
    private readonly Metadata _headers = [];

    public GrpcConnection(ConnectionOptions options)
    {
        _options = options;
        _trust = TlsTrust.Create(options.CaCertPath, options.Insecure);
        Channel = GrpcChannel.ForAddress(new Uri($"https://{options.Endpoint.Address.Authority}"), new GrpcChannelOptions
        {
            HttpHandler = HttpHandlers.Create(options, _trust),
            DisposeHttpClient = true,
            // Answers are admin listings of at most 1000 entries; the default 4 MiB suffices, but say so.
            MaxReceiveMessageSize = 16 * 1024 * 1024,
        });
        if (options.Token is { Length: > 0 } token)
        {
            _headers.Add("authorization", $"Bearer {token}");
        }
    }

    public GrpcChannel Channel { get; }

    /// <summary>Runs one call with the token and the deadline; a failure becomes a <see cref="McrClientException"/>.</summary>
    public async Task<T> CallAsync<T>(Func<CallOptions, AsyncUnaryCall<T>> call, CancellationToken cancellationToken)
    {
        var options = new CallOptions(_headers, DateTime.UtcNow + _options.Timeout, cancellationToken);
        try
        {
            return await call(options);
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Translate(e);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled)
        {
            // The caller's cancellation (Ctrl-C) as the rest of the CLI sees it, whichever transport ran.
            throw new OperationCanceledException(e.Status.Detail, e, cancellationToken);
        }
    }

    private McrClientException Translate(RpcException e)
    {
        var status = e.StatusCode.ToString();
        if (e.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown
            && ConnectionFailures.Classify(e.Status.DebugException, _trust, _options.Timeout) is { } connection)
        {
            return connection;
        }
        if (e.StatusCode == StatusCode.DeadlineExceeded)
        {
            return ConnectionFailures.Classify(new TimeoutException(), _trust, _options.Timeout)!;
        }
        if (e.StatusCode == StatusCode.Unimplemented)
        {
            // as REST answers 404 for a route it does not have
            return new McrClientException(ClientErrorKind.NotFound, "the server does not offer this call (an older mcrsrv?)", status, e);
        }
        var detail = e.Status.Detail is { Length: > 0 } text ? text : status;
        return new McrClientException(KindOf(e.StatusCode), detail, status, e);
    }

    /// <summary>The one table from gRPC status to failure kind (as <c>RestConnection</c> has for HTTP).</summary>
    private static ClientErrorKind KindOf(StatusCode code) => code switch
    {
        StatusCode.InvalidArgument or StatusCode.OutOfRange => ClientErrorKind.InvalidInput,
        StatusCode.Unauthenticated => ClientErrorKind.Unauthenticated,
        StatusCode.PermissionDenied => ClientErrorKind.PermissionDenied,
        StatusCode.NotFound => ClientErrorKind.NotFound,
        StatusCode.AlreadyExists or StatusCode.FailedPrecondition or StatusCode.Aborted => ClientErrorKind.Conflict,
        StatusCode.Unavailable or StatusCode.ResourceExhausted => ClientErrorKind.Unavailable,
        _ => ClientErrorKind.General,
    };

    public void Dispose() => Channel.Dispose();
}
