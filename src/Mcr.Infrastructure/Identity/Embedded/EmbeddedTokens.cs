using System.Security.Cryptography;
using Mcr.Core.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Mcr.Infrastructure.Identity.Embedded;

/// <summary>
/// Issues and checks the embedded provider's JWTs (ES256; claims sub, name, account_type, roles, jti, iat, exp,
/// iss "mcr"). Checking here is the cryptographic part only — signature, algorithm, issuer and, unless told
/// otherwise, lifetime; account state and revocation are the provider's.
/// </summary>
internal sealed class EmbeddedTokens
{
    public const string Issuer = "mcr";

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly ECDsaSecurityKey _key;
    private readonly SigningCredentials _signing;
    private readonly TimeProvider _timeProvider;

    public EmbeddedTokens(ECDsa key, TimeProvider timeProvider)
    {
        _key = new ECDsaSecurityKey(key);
        _signing = new SigningCredentials(_key, SecurityAlgorithms.EcdsaSha256);
        _timeProvider = timeProvider;
    }

    public (string Token, DateTimeOffset ExpiresAt) Issue(AccountRecord account, TimeSpan lifetime)
    {
        // JWT times are whole seconds; truncate so the reported expiry equals the token's exp.
        var now = DateTimeOffset.FromUnixTimeSeconds(_timeProvider.GetUtcNow().ToUnixTimeSeconds());
        var expires = now + lifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = _signing,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = account.Id,
                [JwtRegisteredClaimNames.Name] = account.Username,
                ["account_type"] = account.Type.Name(),
                ["roles"] = account.Roles.ToArray(),
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            },
        });
        return (token, expires);
    }

    /// <summary>Checks signature and issuer, and lifetime if <paramref name="checkLifetime"/>.</summary>
    public async Task<TokenCheck> CheckAsync(string token, bool checkLifetime)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 8192)
        {
            return TokenCheck.Fail("invalid token");
        }
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidateIssuer = true,
            ValidateAudience = false,
            // Lifetime is checked below against our TimeProvider, not the library's wall clock.
            ValidateLifetime = false,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            IssuerSigningKey = _key,
            ValidateIssuerSigningKey = true,
            ClockSkew = TimeSpan.Zero,
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return TokenCheck.Fail("invalid token");
        }
        var expiresAt = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero);
        var now = _timeProvider.GetUtcNow();
        if (checkLifetime && (expiresAt <= now || new DateTimeOffset(jwt.ValidFrom, TimeSpan.Zero) > now))
        {
            return TokenCheck.Fail(expiresAt <= now ? "token expired" : "token not valid yet");
        }
        if (string.IsNullOrEmpty(jwt.Id) || string.IsNullOrEmpty(jwt.Subject))
        {
            return TokenCheck.Fail("invalid token");
        }
        return new TokenCheck(new TokenClaims(jwt.Id, jwt.Subject, expiresAt), null);
    }
}

/// <summary>The claims the provider acts on.</summary>
internal sealed record TokenClaims(string TokenId, string Subject, DateTimeOffset ExpiresAt);

/// <summary><see cref="Claims"/> when the token checked out, else <see cref="Error"/>.</summary>
internal sealed record TokenCheck(TokenClaims? Claims, string? Error)
{
    public static TokenCheck Fail(string error) => new(null, error);
}
