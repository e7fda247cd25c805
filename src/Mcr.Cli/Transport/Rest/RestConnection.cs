using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Mcr.Cli.Client;

namespace Mcr.Cli.Transport.Rest;

/// <summary>
/// One HttpClient on the server's base URL with the bearer token: sends a request, reads a JSON answer through
/// <see cref="McrJson"/>, and turns every failure into a <see cref="McrClientException"/> (status → kind in
/// <see cref="KindOf"/>, the cause from the <c>{"error"}</c> body).
/// </summary>
internal sealed class RestConnection : IDisposable
{
    private readonly HttpClient _http;
    private readonly TlsTrust _trust;
    private readonly ConnectionOptions _options;

    public RestConnection(ConnectionOptions options)
    {
        _options = options;
        _trust = TlsTrust.Create(options.CaCertPath, options.Insecure);
        _http = new HttpClient(HttpHandlers.Create(options, _trust))
        {
            BaseAddress = new Uri(options.Endpoint.Name + "/"),
            Timeout = options.Timeout,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("mcrctl", typeof(RestConnection).Assembly.GetName().Version?.ToString(3)));
        if (options.Token is { Length: > 0 } token)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    /// <summary>Sends and reads the answer as <typeparamref name="T"/> (any 2xx with a body).</summary>
    /// <param name="alsoAccepted">A failure status whose body is an answer too (the health check's 503).</param>
    public async Task<T> SendAsync<T>(
        HttpMethod method, string path, HttpContent? body, JsonTypeInfo<T> answer, CancellationToken cancellationToken,
        HttpStatusCode? alsoAccepted = null)
    {
        using var response = await SendRawAsync(method, path, body, cancellationToken, alsoAccepted);
        try
        {
            return await response.Content.ReadFromJsonAsync(answer, cancellationToken)
                ?? throw new McrClientException(ClientErrorKind.General, "the server answered null", Status(response));
        }
        catch (JsonException e)
        {
            throw new McrClientException(ClientErrorKind.General, $"unreadable answer ({e.Path ?? "body"}): is this an MCR server of this version?", Status(response), e);
        }
    }

    /// <summary>Sends, expecting a 2xx whose body is not needed.</summary>
    public async Task SendAsync(HttpMethod method, string path, HttpContent? body, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(method, path, body, cancellationToken);
    }

    public static JsonContent Json<T>(T value, JsonTypeInfo<T> type) => JsonContent.Create(value, type);

    private async Task<HttpResponseMessage> SendRawAsync(
        HttpMethod method, string path, HttpContent? body, CancellationToken cancellationToken, HttpStatusCode? alsoAccepted = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body };
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var timedOut = e is TaskCanceledException ? new TimeoutException("timeout", e) : e;
            throw ConnectionFailures.Classify(timedOut, _trust, _options.Timeout)
                ?? new McrClientException(ClientErrorKind.Unavailable, e.Message, inner: e);
        }
        if (response.IsSuccessStatusCode || response.StatusCode == alsoAccepted)
        {
            return response;
        }
        using (response)
        {
            throw new McrClientException(KindOf(response.StatusCode), await ErrorTextAsync(response, cancellationToken), Status(response));
        }
    }

    /// <summary>The one table from HTTP status to failure kind.</summary>
    private static ClientErrorKind KindOf(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnprocessableEntity => ClientErrorKind.InvalidInput,
        HttpStatusCode.Unauthorized => ClientErrorKind.Unauthenticated,
        HttpStatusCode.Forbidden => ClientErrorKind.PermissionDenied,
        HttpStatusCode.NotFound => ClientErrorKind.NotFound,
        HttpStatusCode.Conflict => ClientErrorKind.Conflict,
        HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout => ClientErrorKind.Unavailable,
        _ => ClientErrorKind.General,
    };

    /// <summary>The <c>error</c> of an admin error body; else the status's name (e.g. a proxy's HTML page).</summary>
    private static async Task<string> ErrorTextAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (text.Length > 0 && JsonSerializer.Deserialize(text, McrJson.Default.ErrorBody) is { Error: { Length: > 0 } error })
            {
                return error;
            }
        }
        catch (JsonException)
        {
        }
        return response.ReasonPhrase is { Length: > 0 } reason ? reason.ToLowerInvariant() : "no reason given";
    }

    private static string Status(HttpResponseMessage response) => $"HTTP {(int)response.StatusCode}";

    public void Dispose() => _http.Dispose();
}
