using System.Text.Json;
using Mcr.Core.Errors;

namespace Mcr.Server.Errors;

/// <summary>Writes the OCI error body <c>{"errors":[{"code","message","detail"}]}</c> with the code's status.</summary>
public sealed class OciErrorResult(OciErrorCode code, string? message = null, object? detail = null, int? status = null) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => status ?? OciErrors.Get(code).Status;

    public OciErrorCode Code => code;

    public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext.Response, code, message, detail, status);

    /// <param name="status">Overrides the code's status, for the rare case the spec pairs a code with another status.</param>
    public static async Task WriteAsync(HttpResponse response, OciErrorCode code, string? message = null, object? detail = null, int? status = null)
    {
        var entry = OciErrors.Get(code);
        response.StatusCode = status ?? entry.Status;
        response.ContentType = "application/json";
        var body = new OciErrorBody([new OciErrorBody.Item(entry.Code, message ?? entry.Message, detail)]);
        await JsonSerializer.SerializeAsync(response.Body, body, McrJsonContext.Default.OciErrorBody);
    }
}

public static class OciResults
{
    /// <summary>Shorthand for handlers: <c>return OciResults.Error(OciErrorCode.BlobUnknown);</c></summary>
    public static OciErrorResult Error(OciErrorCode code, string? message = null, object? detail = null, int? status = null) => new(code, message, detail, status);
}
