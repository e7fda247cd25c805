using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Mcr.Core.Errors;
using Mcr.Server.Errors;

namespace Mcr.Server.Oci;

/// <summary>
/// The <c>n</c>/<c>last</c> query parameters and the <c>Link: &lt;…&gt;; rel="next"</c> header shared by the
/// tag list (end-8a/8b) and the catalog. Page sizes are capped at <see cref="MaxPageSize"/> so a listing
/// cannot be used to exhaust memory: a larger <c>n</c> is clamped (the spec allows a shorter page when a
/// <c>Link</c> follows), while a negative or non-numeric <c>n</c> is a 400.
/// </summary>
internal readonly record struct Pagination(int N, string? Last)
{
    public const int MaxPageSize = 1000;

    /// <summary>Reads <c>n</c> and <c>last</c>; null plus <paramref name="error"/> when <c>n</c> is not a non-negative integer.</summary>
    public static Pagination? Read(HttpRequest request, out OciErrorResult? error)
    {
        error = null;
        var last = request.Query["last"].ToString();
        var rawN = request.Query["n"];
        if (rawN.Count == 0)
        {
            return new Pagination(MaxPageSize, last.Length == 0 ? null : last);
        }
        var text = rawN.ToString();
        if (text.Length == 0 || text.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            error = OciResults.Error(OciErrorCode.PaginationNumberInvalid, "n must be a non-negative integer");
            return null;
        }
        // All digits: a value too large for an int is just a very large page, i.e. the cap.
        var n = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? Math.Min(parsed, MaxPageSize) : MaxPageSize;
        return new Pagination(n, last.Length == 0 ? null : last);
    }

    /// <summary>Sets <c>Link</c> to the next page of <paramref name="path"/> (which starts at <c>/v2/</c>), after <paramref name="last"/>.</summary>
    public void SetNextLink(HttpResponse response, string path, string last) =>
        response.Headers.Link = string.Create(CultureInfo.InvariantCulture, $"<{path}?n={N}&last={Uri.EscapeDataString(last)}>; rel=\"next\"");

    /// <summary>Serializes <c>{"name": …, "&lt;listName&gt;": [...]}</c> (name omitted when null), compact.</summary>
    public static byte[] WriteList(string? name, string listName, IReadOnlyList<string> items)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + (items.Count * 24));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (name is not null)
            {
                writer.WriteString("name", name);
            }
            writer.WriteStartArray(listName);
            foreach (var item in items)
            {
                writer.WriteStringValue(item);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}

