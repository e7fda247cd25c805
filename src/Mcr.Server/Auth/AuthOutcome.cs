using Mcr.Core.Identity;
using Mcr.Infrastructure.Identity;

namespace Mcr.Server.Auth;

/// <summary>Result of checking credentials: the caller and, for a password check, the token issued; or why not.</summary>
public sealed record AuthOutcome(IdentityStatus Status, Principal? Principal = null, string? Token = null, DateTimeOffset ExpiresAt = default, string? Message = null)
{
    public bool Succeeded => Status == IdentityStatus.Ok && Principal is not null;

    public static AuthOutcome Fail(IdentityStatus status, string? message) => new(status, Message: message);
}
