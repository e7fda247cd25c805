namespace Mcr.Server.Grpc;

/// <summary>Who may call an RPC. An RPC that <see cref="ApiSurface"/> does not list is refused (fail closed).</summary>
public enum RpcAccess
{
    /// <summary>No credentials: health and login only.</summary>
    Public,

    /// <summary>Any authenticated caller; the service applies the policy (pull, delete, catalog).</summary>
    Authenticated,

    /// <summary>The admin role, checked by the admin interceptor before the service runs.</summary>
    Admin,
}
