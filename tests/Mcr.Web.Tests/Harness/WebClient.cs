using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace Mcr.Web.Tests.Harness;

/// <summary>
/// A browser without a browser: mcr-web over HTTPS trusting exactly its certificate, with a cookie jar, no
/// automatic redirects, and the anti-forgery token of the last page read, for the forms it posts.
/// </summary>
public sealed partial class WebClient : IDisposable
{
    private readonly HttpClient _http;

    public WebClient(Uri address, string certificatePath)
    {
        Cookies = new CookieContainer();
        var handler = new SocketsHttpHandler
        {
            CookieContainer = Cookies,
            AllowAutoRedirect = false,
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    using var expected = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
                    return certificate is not null && expected.RawData.AsSpan().SequenceEqual(certificate.GetRawCertData());
                },
            },
        };
        _http = new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public CookieContainer Cookies { get; }

    /// <summary>The anti-forgery form token of the last page read with <see cref="GetPageAsync"/>.</summary>
    public string? FormToken { get; private set; }

    public Uri Address => _http.BaseAddress!;

    public async Task<HttpResponseMessage> LoginAsync(string username, string password)
    {
        await GetPageAsync("/login");
        return await PostFormAsync("/login", new Dictionary<string, string> { ["Username"] = username, ["Password"] = password });
    }

    /// <summary>GET, remembering the page's anti-forgery token.</summary>
    public async Task<(HttpResponseMessage Response, string Body)> GetPageAsync(string path, bool htmx = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
        }
        var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (TokenField().Match(body) is { Success: true } match)
        {
            FormToken = WebUtility.HtmlDecode(match.Groups[1].Value);
        }
        return (response, body);
    }

    /// <summary>POSTs a form with the remembered anti-forgery token (unless <paramref name="withToken"/> is false).</summary>
    public Task<HttpResponseMessage> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, bool withToken = true, bool htmx = false)
    {
        var all = fields.ToList();
        if (withToken && FormToken is not null)
        {
            all.Add(new("__RequestVerificationToken", FormToken));
        }
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(all) };
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
        }
        return _http.SendAsync(request);
    }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _http.SendAsync(request);

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
