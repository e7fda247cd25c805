using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Mcr.Server.Tests.Fuzzing.Routes;

/// <summary>
/// What every answer must satisfy, whatever was asked: no 5xx, and a client error body in the shape of
/// its API. The distribution spec lets a 4xx carry a body in any format, but a JSON one MUST be
/// <c>{"errors":[{"code":...}]}</c> with codes of uppercase letters and underscores; the admin API
/// answers <c>{"error":"..."}</c>. A HEAD answer has no body to check.
/// </summary>
internal static partial class ResponseContract
{
    [GeneratedRegex(@"\A[A-Z_]+\z")]
    private static partial Regex ErrorCode();

    /// <summary>Throws when the answer breaks the contract; returns whether it was a 4xx without a body.</summary>
    public static async Task<bool> CheckAsync(HttpRequestMessage request, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        if (status >= 500)
        {
            throw new InvalidOperationException($"answered {status}: {body}");
        }
        if (status < 400 || request.Method == HttpMethod.Head)
        {
            return false;
        }
        if (body.Length == 0)
        {
            return true;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw new InvalidOperationException($"answered {status} with a body that is not JSON: {body}");
        }
        using (document)
        {
            if (PathString.FromUriComponent(request.RequestUri!).StartsWithSegments("/v2"))
            {
                AssertOciErrors(document.RootElement, status, body);
            }
            else if (!(document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String))
            {
                throw new InvalidOperationException($"answered {status} without an {{\"error\"}} body: {body}");
            }
        }
        return false;
    }

    private static void AssertOciErrors(JsonElement root, int status, string body)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("errors", out var errors)
            || errors.ValueKind != JsonValueKind.Array || errors.GetArrayLength() == 0)
        {
            throw new InvalidOperationException($"answered {status} without an OCI errors body: {body}");
        }
        foreach (var error in errors.EnumerateArray())
        {
            if (error.ValueKind != JsonValueKind.Object || !error.TryGetProperty("code", out var code)
                || code.ValueKind != JsonValueKind.String || !ErrorCode().IsMatch(code.GetString()!))
            {
                throw new InvalidOperationException($"answered {status} with an OCI error without a valid code: {body}");
            }
        }
    }
}
