using Grpc.Core;
using Mcr.Infrastructure.Admin;
using Mcr.Infrastructure.Identity;
using Mcr.Server.Errors;

namespace Mcr.Server.Grpc;

/// <summary>
/// Every gRPC status MCR answers, chosen here and nowhere else: admin outcomes, identity outcomes and the
/// exceptions that escape a service. Messages are the ones REST sends; nothing internal leaks.
/// </summary>
internal static class GrpcErrors
{
    public static StatusCode CodeOf(AdminStatus status) => status switch
    {
        AdminStatus.Ok => StatusCode.OK,
        AdminStatus.Invalid => StatusCode.InvalidArgument,
        AdminStatus.Forbidden => StatusCode.PermissionDenied,
        AdminStatus.NotFound => StatusCode.NotFound,
        AdminStatus.AlreadyExists => StatusCode.AlreadyExists,
        AdminStatus.Conflict => StatusCode.FailedPrecondition,
        _ => StatusCode.Internal,
    };

    public static RpcException Of(AdminError error) => new(new Status(CodeOf(error.Status), error.Message));

    /// <summary>The value of a successful result; otherwise its error as an <see cref="RpcException"/>.</summary>
    public static T Unwrap<T>(this AdminResult<T> result)
        where T : class =>
        result.IsOk ? result.Value : throw Of(result.Error);

    public static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));

    public static RpcException Unauthenticated(string message) => new(new Status(StatusCode.Unauthenticated, message));

    public static RpcException Identity(IdentityStatus status, string? message) => status switch
    {
        IdentityStatus.Unavailable => new(new Status(StatusCode.Unavailable, "identity service unavailable, try again later")),
        IdentityStatus.Denied => new(new Status(StatusCode.PermissionDenied, message ?? "login denied by the identity service")),
        _ => Unauthenticated(message ?? "invalid or expired credentials"),
    };

    /// <summary>
    /// The status for an exception a service let escape: an <see cref="RpcException"/> as it is, a full disk or
    /// locked database as REST answers it (507 → RESOURCE_EXHAUSTED, 503 → UNAVAILABLE), the caller's own
    /// cancellation as CANCELLED, and anything else INTERNAL with no detail.
    /// </summary>
    public static RpcException FromException(Exception exception, CancellationToken callCancelled) => exception switch
    {
        RpcException rpc => rpc,
        OperationCanceledException when callCancelled.IsCancellationRequested => new(new Status(StatusCode.Cancelled, "the call was cancelled")),
        _ when ResourceExhaustion.Classify(exception) is { } answer => new(new Status(
            answer.Status == StatusCodes.Status507InsufficientStorage ? StatusCode.ResourceExhausted : StatusCode.Unavailable, answer.Message)),
        _ => new(new Status(StatusCode.Internal, "internal error")),
    };
}
