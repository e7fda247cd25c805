using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Mcr.Core.Identity;
using Mcr.Infrastructure.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mcr.Infrastructure.Identity.Mcias;

/// <summary>
/// <see cref="IIdentityProvider"/> backed by MCIAS (SPEC §4). Maps MCIAS answers onto results: 401 → invalid
/// credentials, 403 → denied by MCIAS policy, and anything that is not an answer (refused connection, TLS failure,
/// timeout, 5xx, garbled body) → <see cref="IdentityStatus.Unavailable"/>, so callers say 503, never 401.
/// Not cached: wrap in <see cref="CachingIdentityProvider"/>.
/// </summary>
public sealed partial class MciasIdentityProvider : IIdentityProvider, IDisposable
{
    private const string Unreachable = "identity service (MCIAS) unreachable";
    private const int MaxResponseBytes = 1024 * 1024;

    private readonly HttpClient _http;
    private readonly MciasOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <exception cref="ArgumentException">server_url is not https, or ca_cert cannot be read.</exception>
    public MciasIdentityProvider(MciasOptions options, TimeProvider timeProvider, ILogger<MciasIdentityProvider>? logger = null)
    {
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _http = MciasHttpClientFactory.Create(options);
        _http.MaxResponseContentBufferSize = MaxResponseBytes;
    }

    public async Task<LoginResult> LoginAsync(string username, string password, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password))
        {
            return LoginResult.Failure(IdentityStatus.InvalidCredentials, "username and password are required");
        }
        var request = new MciasLoginRequest(username, password, _options.ServiceName, _options.Tags);
        try
        {
            using var response = await _http.PostAsJsonAsync("v1/auth/login", request, MciasJsonContext.Default.MciasLoginRequest, cancellationToken);
            switch (response.StatusCode)
            {
                case HttpStatusCode.OK:
                    var body = await ReadAsync(response, MciasJsonContext.Default.MciasLoginResponse, cancellationToken);
                    if (string.IsNullOrEmpty(body?.Token) || !TryParseTime(body.ExpiresAt, out var expiresAt))
                    {
                        return LoginResult.Failure(IdentityStatus.Unavailable, InvalidResponse("login"));
                    }
                    return LoginResult.Success(body.Token, expiresAt);
                case HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized:
                    return LoginResult.Failure(IdentityStatus.InvalidCredentials, "invalid username or password");
                case HttpStatusCode.Forbidden:
                    var error = await ReadErrorAsync(response, cancellationToken);
                    return LoginResult.Failure(IdentityStatus.Denied,
                        string.IsNullOrWhiteSpace(error) ? "login denied by MCIAS policy" : $"login denied by MCIAS policy: {error}");
                default:
                    return LoginResult.Failure(IdentityStatus.Unavailable, Failed("login", response.StatusCode));
            }
        }
        catch (Exception e) when (IsUnavailable(e, cancellationToken))
        {
            return LoginResult.Failure(IdentityStatus.Unavailable, Describe("login", e));
        }
    }

    public async Task<TokenValidationResult> ValidateAsync(string token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token))
        {
            return TokenValidationResult.Failure(IdentityStatus.InvalidCredentials, "empty token");
        }
        try
        {
            using var response = await _http.PostAsJsonAsync("v1/token/validate", new MciasTokenRequest(token), MciasJsonContext.Default.MciasTokenRequest, cancellationToken);
            if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized)
            {
                return TokenValidationResult.Failure(IdentityStatus.InvalidCredentials, "token is invalid");
            }
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return TokenValidationResult.Failure(IdentityStatus.Unavailable, Failed("token validation", response.StatusCode));
            }
            var body = await ReadAsync(response, MciasJsonContext.Default.MciasValidateResponse, cancellationToken);
            if (body is null)
            {
                return TokenValidationResult.Failure(IdentityStatus.Unavailable, InvalidResponse("token validation"));
            }
            if (!body.Valid)
            {
                return TokenValidationResult.Failure(IdentityStatus.InvalidCredentials, "token is invalid, expired or revoked");
            }
            if (string.IsNullOrEmpty(body.Subject) || !AccountTypes.TryParse(body.AccountType, out var accountType)
                || !TryParseTime(body.ExpiresAt, out var expiresAt))
            {
                return TokenValidationResult.Failure(IdentityStatus.Unavailable, InvalidResponse("token validation"));
            }
            if (expiresAt <= _timeProvider.GetUtcNow())
            {
                return TokenValidationResult.Failure(IdentityStatus.InvalidCredentials, "token expired");
            }
            var username = string.IsNullOrEmpty(body.Username) ? body.Subject : body.Username;
            var roles = body.Roles?.Where(role => !string.IsNullOrEmpty(role)).ToArray() ?? [];
            return TokenValidationResult.Valid(new Principal(body.Subject, username, accountType, roles, expiresAt));
        }
        catch (Exception e) when (IsUnavailable(e, cancellationToken))
        {
            return TokenValidationResult.Failure(IdentityStatus.Unavailable, Describe("token validation", e));
        }
    }

    public async Task<IdentityStatus> LogoutAsync(string token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token) || token.Any(char.IsControl) || token.Any(char.IsWhiteSpace))
        {
            return IdentityStatus.Ok; // cannot be a token MCIAS issued: nothing to revoke
        }
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/auth/logout");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await _http.SendAsync(request, cancellationToken);
            // 401: MCIAS no longer knows the token, which is what logging out wants.
            if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.Unauthorized)
            {
                return IdentityStatus.Ok;
            }
            Failed("logout", response.StatusCode);
            return IdentityStatus.Unavailable;
        }
        catch (Exception e) when (IsUnavailable(e, cancellationToken))
        {
            Describe("logout", e);
            return IdentityStatus.Unavailable;
        }
    }

    public void Dispose() => _http.Dispose();

    private static async Task<T?> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return JsonSerializer.Deserialize(bytes, type);
    }

    private static async Task<string?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return (await ReadAsync(response, MciasJsonContext.Default.MciasError, cancellationToken))?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool TryParseTime(string? value, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    // Caller cancellation is not an outcome: let it propagate. HttpClient's own timeout is.
    private static bool IsUnavailable(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException or JsonException or IOException
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private string Describe(string operation, Exception e)
    {
        var cause = e switch
        {
            OperationCanceledException => $"no answer within {MciasHttpClientFactory.Timeout.TotalSeconds:0} s",
            JsonException => "invalid response body",
            _ when e.InnerException is { } inner => $"{e.Message} ({inner.Message})",
            _ => e.Message,
        };
        var message = $"{Unreachable}: {operation} failed: {cause}";
        LogUnavailable(_logger, message);
        return message;
    }

    private string Failed(string operation, HttpStatusCode status)
    {
        var message = $"{Unreachable}: {operation} failed with HTTP {(int)status}";
        LogUnavailable(_logger, message);
        return message;
    }

    private string InvalidResponse(string operation)
    {
        var message = $"{Unreachable}: {operation} returned an invalid response";
        LogUnavailable(_logger, message);
        return message;
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "{Problem}")]
    private static partial void LogUnavailable(ILogger logger, string problem);
}
