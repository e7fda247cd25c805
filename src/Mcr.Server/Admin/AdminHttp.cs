using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Mcr.Infrastructure.Admin;
using Mcr.Server.Auth;
using Mcr.Server.Errors;

namespace Mcr.Server.Admin;

/// <summary>
/// The translation between HTTP and the admin services: the caller, bounded JSON bodies, paging parameters and
/// the one table from <see cref="AdminStatus"/> to HTTP status. Handlers pick no status code for an error by hand.
/// </summary>
internal static class AdminHttp
{
    /// <summary>Admin JSON bodies are small; anything bigger is refused (413) before parsing.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static AdminCaller Caller(this HttpContext http) => new(http.GetPrincipal(), http.ClientIp());

    public static IResult Error(AdminError error) => new AdminErrorResult(StatusOf(error.Status), error.Message);

    /// <summary><paramref name="ok"/> of the value, or the error body with its status.</summary>
    public static IResult ToResult<T>(this AdminResult<T> result, Func<T, IResult> ok)
        where T : class =>
        result.IsOk ? ok(result.Value) : Error(result.Error);

    public static int StatusOf(AdminStatus status) => status switch
    {
        AdminStatus.Invalid => StatusCodes.Status400BadRequest,
        AdminStatus.Forbidden => StatusCodes.Status403Forbidden,
        AdminStatus.NotFound => StatusCodes.Status404NotFound,
        AdminStatus.AlreadyExists or AdminStatus.Conflict => StatusCodes.Status409Conflict,
        AdminStatus.Failed => StatusCodes.Status500InternalServerError,
        _ => StatusCodes.Status200OK,
    };

    /// <summary>A JSON body (200 unless told) through the admin JSON context.</summary>
    public static IResult Json<T>(T value, JsonTypeInfo<T> type, int statusCode = StatusCodes.Status200OK) =>
        TypedResults.Json(value, type, statusCode: statusCode);

    /// <summary>
    /// Reads a JSON body of at most <see cref="MaxBodyBytes"/>: the value, or the error to send (413 too large,
    /// 400 empty, malformed, wrong types, unknown fields or <c>null</c>).
    /// </summary>
    public static async Task<(T? Value, IResult? Error)> ReadJsonAsync<T>(HttpRequest request, JsonTypeInfo<T> type)
        where T : class
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, TooLarge());
        }
        // Content-Length may be absent (chunked): count while reading, never buffer more than the limit.
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (null, TooLarge());
            }
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
        {
            return (null, new AdminErrorResult(StatusCodes.Status400BadRequest, "a JSON body is required"));
        }
        try
        {
            var value = JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), type);
            return value is null
                ? (null, new AdminErrorResult(StatusCodes.Status400BadRequest, "the JSON body must be an object"))
                : (value, null);
        }
        catch (JsonException e)
        {
            // the path names the offending field; the exception text would name .NET types
            var where = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" at {e.Path}";
            return (null, new AdminErrorResult(StatusCodes.Status400BadRequest, $"invalid JSON body{where}: malformed, wrong type or unknown field"));
        }
    }

    /// <summary>
    /// <c>n</c> and <c>offset</c> from the query string (absent → defaults). Only the syntax is checked here;
    /// the services check the ranges.
    /// </summary>
    public static bool TryReadPaging(HttpRequest request, out int n, out int offset, out IResult? error)
    {
        n = AdminPaging.DefaultPageSize;
        offset = 0;
        error = null;
        if (!TryReadInt(request, "n", ref n, out error))
        {
            return false;
        }
        return TryReadInt(request, "offset", ref offset, out error);
    }

    /// <summary>A rule id from the route: an integer, else 400.</summary>
    public static bool TryParseId(string? value, out long id, out IResult? error)
    {
        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out id))
        {
            error = null;
            return true;
        }
        error = new AdminErrorResult(StatusCodes.Status400BadRequest, "rule id must be an integer");
        return false;
    }

    /// <summary>
    /// A text parameter from the query string: null when absent or empty; given more than once is 400 (which one
    /// was meant is not for the server to guess). The services check the value.
    /// </summary>
    public static bool TryReadText(HttpRequest request, string name, out string? value, out IResult? error)
    {
        var raw = request.Query[name];
        value = raw.Count == 1 && !string.IsNullOrEmpty(raw[0]) ? raw[0] : null;
        error = raw.Count > 1 ? new AdminErrorResult(StatusCodes.Status400BadRequest, $"{name} may be given once") : null;
        return error is null;
    }

    private static bool TryReadInt(HttpRequest request, string name, ref int value, out IResult? error)
    {
        error = null;
        var raw = request.Query[name];
        if (raw.Count == 0 || string.IsNullOrEmpty(raw[0]))
        {
            return true;
        }
        if (raw.Count > 1 || !int.TryParse(raw[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            error = new AdminErrorResult(StatusCodes.Status400BadRequest, $"{name} must be an integer");
            return false;
        }
        return true;
    }

    private static AdminErrorResult TooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, $"request body larger than {MaxBodyBytes / 1024} KiB");
}
