using Mcr.Core.Errors;
using Mcr.Server.Observability;
using Microsoft.AspNetCore.Http.Features;

namespace Mcr.Server.Errors;

/// <summary>
/// The last line of defence: a <see cref="RegistryException"/> becomes its OCI error, a malformed
/// request (<see cref="BadHttpRequestException"/>) a 4xx, a full disk or unwritable database a 507 or 503
/// (<see cref="ResourceExhaustion"/>), and anything else a 500 whose body says nothing about internals. <c>/v2</c> gets OCI bodies, everything else <c>{"error"}</c>.
/// </summary>
internal sealed class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (RegistryException ex) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, ex.Code, ex.Message, ex.Detail, OciErrors.Get(ex.Code).Status);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            var code = ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? OciErrorCode.ManifestTooLarge : OciErrorCode.Unknown;
            await WriteAsync(context, code, ex.Message, null, ex.StatusCode);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception ex) when (!context.Response.HasStarted && ResourceExhaustion.Classify(ex) is { } answer)
        {
            Log.ResourceExhausted(logger, context.Request.Method, context.Request.Path, answer.Message, ex.Message);
            await WriteAsync(context, answer.Code, answer.Message, null, answer.Status);
        }
        catch (Exception ex)
        {
            Log.UnhandledError(logger, ex, context.Request.Method, context.Request.Path);
            if (context.Response.HasStarted)
            {
                context.Features.Get<IHttpResponseFeature>()?.Headers.Clear();
                context.Abort();
                return;
            }
            await WriteAsync(context, OciErrorCode.Unknown, "internal server error", null, 500);
        }
    }

    private static Task WriteAsync(HttpContext context, OciErrorCode code, string message, object? detail, int status)
    {
        context.Response.Clear();
        RequestIdMiddleware.SetHeader(context.Response, context.TraceIdentifier);
        if (context.Request.Path.StartsWithSegments("/v2"))
        {
            return OciErrorResult.WriteAsync(context.Response, code, message, detail, status);
        }
        return AdminErrorResult.WriteAsync(context.Response, status, message);
    }

}
