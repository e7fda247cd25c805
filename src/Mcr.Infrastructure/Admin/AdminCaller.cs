using Mcr.Core.Identity;

namespace Mcr.Infrastructure.Admin;

/// <summary>
/// Who asks for an admin operation: the authenticated principal (policy checks, audit actor) and the client
/// address for audit records. Transports build it; whether the caller holds the admin role is checked by the
/// transport before the call (REST <c>RequireAdmin</c>, the gRPC admin interceptor).
/// </summary>
public sealed record AdminCaller(Principal Principal, string? ClientIp = null)
{
    public string ActorId => Principal.Subject;
}
