namespace Mcr.Infrastructure.Admin;

/// <summary>
/// A new embedded account as a client sends it (REST JSON, gRPC <c>CreateAccountRequest</c>), before validation.
/// <see cref="Type"/> defaults to <c>human</c>, <see cref="Roles"/> (absent or empty) to <c>["user"]</c>; human
/// accounts need a <see cref="Password"/>, system accounts may go without (token only).
/// </summary>
public sealed record AccountInput
{
    public string? Username { get; init; }

    /// <summary><c>human</c> or <c>system</c>.</summary>
    public string? Type { get; init; }

    public IReadOnlyList<string?>? Roles { get; init; }

    public string? Password { get; init; }

    /// <summary>Never prints the password (records print every property by default).</summary>
    public override string ToString() => $"AccountInput {{ Username = {Username}, Type = {Type} }}";
}

/// <summary>A new password for an account (REST JSON body of <c>PUT /v1/accounts/{username}/password</c>).</summary>
public sealed record PasswordInput
{
    public string? Password { get; init; }

    public override string ToString() => "PasswordInput";
}

/// <summary>A long-lived token issued to a system account. Shown once; never logged or audited.</summary>
public sealed record SystemToken(string Token, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"SystemToken {{ ExpiresAt = {ExpiresAt:O} }}";
}
