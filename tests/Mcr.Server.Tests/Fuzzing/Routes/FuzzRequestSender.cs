using System.Net.Http.Headers;
using Mcr.Server.Tests.Hosting;

namespace Mcr.Server.Tests.Fuzzing.Routes;

/// <summary>Turns a <see cref="FuzzRequest"/> into an HTTP request to the test server, and only to it.</summary>
internal sealed class FuzzRequestSender(McrTestServer server, string adminToken)
{
    /// <summary>The open upload that <see cref="SeededContent.UploadPlaceholder"/> stands for.</summary>
    public string UploadId { get; set; } = "";

    public HttpRequestMessage Build(FuzzRequest fuzz)
    {
        var request = new HttpRequestMessage(new HttpMethod(fuzz.Method), Target(fuzz.Path.Replace(SeededContent.UploadPlaceholder, UploadId, StringComparison.Ordinal) + fuzz.Query));
        // Logging out with the admin token would revoke it for the rest of the run.
        var logout = request.RequestUri!.AbsolutePath.Contains("logout", StringComparison.OrdinalIgnoreCase);
        if (fuzz.Auth == FuzzAuth.Admin && !logout)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        }
        else if (fuzz.JunkAuthorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", fuzz.JunkAuthorization);
        }
        if (fuzz.Body is not null)
        {
            request.Content = new ByteArrayContent(fuzz.Body);
            if (fuzz.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", fuzz.ContentType);
            }
        }
        foreach (var (name, value) in fuzz.Headers)
        {
            // HttpClient refuses control and non-ASCII characters in header values; the rest goes as generated.
            var sendable = new string([.. value.Where(c => c is >= ' ' and <= '~')]);
            if (!request.Headers.TryAddWithoutValidation(name, sendable))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.TryAddWithoutValidation(name, sendable);
            }
        }
        return request;
    }

    // A mutated path may resolve elsewhere ("//host/x", "\\host"): such a path is sent escaped, as one segment.
    private Uri Target(string pathAndQuery)
    {
        var home = server.BaseAddress;
        return Uri.TryCreate(home, pathAndQuery, out var uri) && uri.Scheme == home.Scheme && uri.Authority == home.Authority
            ? uri
            : new Uri(home, "/" + Uri.EscapeDataString(pathAndQuery));
    }
}
