namespace Mcr.Server.Observability;

/// <summary>
/// Gives every request an id (Kestrel's connection id and request number, unique while the process
/// runs): sent back as <c>X-Request-Id</c> and carried by every log line written while the request is
/// handled, as the <c>RequestId</c> scope, so a client's report of a failure finds its lines in the log.
/// </summary>
internal sealed class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public const string Header = "X-Request-Id";

    /// <remarks>
    /// Not async: the scope is an async-local value, so what <paramref name="context"/>'s handlers await
    /// keeps it after this method returns and disposes it here; no state machine per request.
    /// </remarks>
    public Task InvokeAsync(HttpContext context)
    {
        var id = context.TraceIdentifier;
        SetHeader(context.Response, id);
        using (logger.BeginScope(new RequestIdScope(id)))
        {
            return next(context);
        }
    }

    /// <summary>Also for answers written after the response was cleared (the error handler's).</summary>
    public static void SetHeader(HttpResponse response, string id) => response.Headers[Header] = id;
}
