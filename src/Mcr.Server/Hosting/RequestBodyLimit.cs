using Microsoft.AspNetCore.Http.Features;

namespace Mcr.Server.Hosting;

/// <summary>
/// Per-request body caps. Kestrel's global limit is off (blob bodies are unbounded), so a handler that reads a
/// small body whole sets its own: past it Kestrel throws a 413 <see cref="BadHttpRequestException"/>, with or
/// without Content-Length, before the excess is buffered.
/// </summary>
internal static class RequestBodyLimit
{
    public static void LimitBody(this HttpRequest request, long maxBytes)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = maxBytes;
        }
    }
}
