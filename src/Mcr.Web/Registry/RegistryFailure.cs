using Grpc.Core;
using Microsoft.AspNetCore.Antiforgery;

namespace Mcr.Web.Registry;

/// <summary>A failed request as the user sees it: the HTTP status, a title and one sentence.</summary>
/// <param name="SignIn">The session is over (token expired or revoked): back to the login page.</param>
public sealed record RegistryFailure(int Status, string Title, string Message, bool SignIn = false)
{
    /// <summary>
    /// The page for an exception that reached the error handler: a gRPC status as the brief maps it
    /// (Unauthenticated → login, PermissionDenied → 403, NotFound → 404, InvalidArgument → 400,
    /// Unavailable → "registry unavailable"), an oversized form, a failed CSRF check; anything else is a 500
    /// that names the request id and nothing internal.
    /// </summary>
    public static RegistryFailure From(Exception exception, RegistryConnection connection) => exception switch
    {
        RpcException rpc => FromRpc(rpc, connection),
        BadInputException bad => new(StatusCodes.Status400BadRequest, "Bad request", bad.Message),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => Of(StatusCodes.Status413PayloadTooLarge),
        BadHttpRequestException bad => new(bad.StatusCode, "Bad request", "The request could not be read."),
        InvalidDataException => Of(StatusCodes.Status413PayloadTooLarge),
        AntiforgeryValidationException => Of(StatusCodes.Status400BadRequest, csrf: true),
        _ => Of(StatusCodes.Status500InternalServerError),
    };

    public static RegistryFailure FromRpc(RpcException rpc, RegistryConnection connection)
    {
        var detail = rpc.Status.Detail;
        return rpc.StatusCode switch
        {
            StatusCode.Unauthenticated => new(StatusCodes.Status401Unauthorized, "Signed out",
                "Your session has expired or was revoked. Sign in again.", SignIn: true),
            StatusCode.PermissionDenied => new(StatusCodes.Status403Forbidden, "Not allowed", Sentence(detail, "The registry's policy does not allow this.")),
            StatusCode.NotFound => new(StatusCodes.Status404NotFound, "Not found", Sentence(detail, "The registry has no such thing.")),
            StatusCode.InvalidArgument or StatusCode.OutOfRange => new(StatusCodes.Status400BadRequest, "Bad request", Sentence(detail, "The registry refused the request.")),
            StatusCode.AlreadyExists => new(StatusCodes.Status409Conflict, "Already exists", Sentence(detail, "It exists already.")),
            StatusCode.FailedPrecondition or StatusCode.Aborted => new(StatusCodes.Status409Conflict, "Not possible now", Sentence(detail, "The registry cannot do this now.")),
            StatusCode.Unimplemented => new(StatusCodes.Status501NotImplemented, "Not supported",
                "The registry server does not offer this operation; upgrade mcrsrv to the version of this mcr-web."),
            StatusCode.ResourceExhausted => new(StatusCodes.Status503ServiceUnavailable, "Registry out of space", Sentence(detail, "The registry's storage is full.")),
            StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Cancelled => Unavailable(rpc, connection),
            _ => new(StatusCodes.Status502BadGateway, "Registry error", "The registry answered with an internal error; its log has the details."),
        };
    }

    /// <summary>The page for a status without an exception (the status code pages, the access checks).</summary>
    public static RegistryFailure Of(int status, bool csrf = false) => status switch
    {
        400 when csrf => new(status, "Security check failed",
            "The form was not sent from a page of this site or has expired (its anti-forgery token is missing or wrong). Nothing was changed; reload the page and try again."),
        400 => new(status, "Bad request", "The request is not valid."),
        401 => new(status, "Signed out", "Sign in to continue.", SignIn: true),
        403 => new(status, "Administrators only", "This page is for administrators of the registry."),
        404 => new(status, "Not found", "There is no such page."),
        405 => new(status, "Method not allowed", "This page does not take that kind of request."),
        413 => new(status, "Too large", "The form is larger than mcr-web accepts."),
        415 => new(status, "Unsupported form", "The form was sent in a format mcr-web does not read."),
        >= 500 => new(status, "Something went wrong", "mcr-web could not show this page. The request id below is in its log."),
        _ => new(status, "Request failed", $"The request failed (HTTP {status})."),
    };

    private static RegistryFailure Unavailable(RpcException rpc, RegistryConnection connection)
    {
        string message;
        if (rpc.Status.DebugException is { } local)
        {
            // The call never reached the registry: say why, in the words of the innermost cause.
            var cause = local;
            while (cause.InnerException is not null)
            {
                cause = cause.InnerException;
            }
            var tls = connection.LastTlsRefusal;
            message = $"mcr-web cannot reach the registry's gRPC API at {connection.Address.Authority}: " +
                (tls is not null && local.ToString().Contains("Authentication", StringComparison.Ordinal) ? tls : cause.Message.TrimEnd('.')) + ".";
        }
        else if (rpc.StatusCode == StatusCode.DeadlineExceeded)
        {
            message = $"The registry at {connection.Address.Authority} did not answer in time.";
        }
        else
        {
            message = Sentence(rpc.Status.Detail, $"The registry at {connection.Address.Authority} is unavailable.");
        }
        return new(StatusCodes.Status503ServiceUnavailable, "Registry unavailable", message);
    }

    private static string Sentence(string? detail, string fallback)
    {
        if (string.IsNullOrWhiteSpace(detail))
        {
            return fallback;
        }
        var text = detail.Trim();
        text = char.ToUpperInvariant(text[0]) + text[1..];
        return text.EndsWith('.') ? text : text + ".";
    }
}
