using System.Text.Json;

namespace Mcr.Server.Errors;

/// <summary>The <c>/v1</c> error body <c>{"error": "..."}</c> with a status code.</summary>
public sealed class AdminErrorResult(int statusCode, string message) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => statusCode;

    public string Message => message;

    public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext.Response, statusCode, message);

    public static async Task WriteAsync(HttpResponse response, int statusCode, string message)
    {
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(response.Body, new AdminErrorBody(message), McrJsonContext.Default.AdminErrorBody);
    }
}

public sealed record AdminErrorBody(string Error);
