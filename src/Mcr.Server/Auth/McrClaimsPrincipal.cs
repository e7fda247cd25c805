using System.Runtime.CompilerServices;
using System.Security.Claims;
using Mcr.Core.Identity;

namespace Mcr.Server.Auth;

/// <summary>The authenticated caller as ASP.NET sees it, carrying MCR's <see cref="Core.Identity.Principal"/>.</summary>
public sealed class McrClaimsPrincipal : ClaimsPrincipal
{
    private static readonly ConditionalWeakTable<Principal, McrClaimsPrincipal> _shared = new();

    public McrClaimsPrincipal(Principal principal)
        : base(new McrIdentity(principal))
    {
        Principal = principal;
    }

    public Principal Principal { get; }

    /// <summary>
    /// The one claims principal of <paramref name="principal"/>, shared by every request that presents it.
    /// The identity provider answers a token it validated moments ago with the same <see cref="Principal"/>
    /// object, so the requests of one client allocate no principal and identity each (250 bytes, a ninth
    /// of a manifest GET's allocations); the entry lives as long as that object. Nothing in the pipeline
    /// changes a request's principal, and the lazily built claims are the same whoever builds them.
    /// </summary>
    public static McrClaimsPrincipal For(Principal principal) =>
        _shared.GetValue(principal, static p => new McrClaimsPrincipal(p));

    /// <summary>
    /// An authenticated identity whose claims (subject, name, roles) are built only when something reads
    /// them. MCR itself reads <see cref="Principal"/>, and the framework's authorization only asks whether
    /// the identity is authenticated; building the claims on every request was about a tenth of what a
    /// manifest GET allocated.
    /// </summary>
    private sealed class McrIdentity(Principal principal) : ClaimsIdentity(McrAuthentication.Scheme)
    {
        private Claim[]? _claims;

        public override IEnumerable<Claim> Claims => _claims ??=
        [
            new Claim(ClaimTypes.NameIdentifier, principal.Subject, null, null, null, this),
            new Claim(ClaimTypes.Name, principal.Username, null, null, null, this),
            .. principal.Roles.Select(role => new Claim(ClaimTypes.Role, role, null, null, null, this)),
            .. base.Claims,
        ];
    }
}

public static class HttpContextPrincipalExtensions
{
    /// <summary>The authenticated caller. Only call on endpoints that require authentication.</summary>
    public static Principal GetPrincipal(this HttpContext context) =>
        (context.User as McrClaimsPrincipal)?.Principal
        ?? throw new InvalidOperationException("endpoint reached without an authenticated principal");

    /// <summary>The client address for audit records.</summary>
    public static string? ClientIp(this HttpContext context) => context.Connection.RemoteIpAddress?.ToString();
}
