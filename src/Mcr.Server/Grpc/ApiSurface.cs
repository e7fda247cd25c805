using Mcr.Protocol.V1;

namespace Mcr.Server.Grpc;

/// <summary>One operation of the admin API: its RPC, the <c>/v1</c> route that does the same, and who may call it.</summary>
/// <param name="Rpc">The gRPC method path, <c>/mcr.v1.Service/Method</c>.</param>
/// <param name="Method">The REST method of the twin route.</param>
/// <param name="Route">The REST route pattern of the twin route.</param>
public sealed record ApiOperation(string Rpc, string Method, string Route, RpcAccess Access);

/// <summary>
/// The admin API in one table (SPEC §11's sync rule): every <c>/v1</c> route maps to exactly one RPC and every
/// RPC to one route, with the access both require. The gRPC interceptors read their access map from here, and a
/// test holds the table against the routes the server maps and the methods the services define.
/// </summary>
public static class ApiSurface
{
    public static readonly IReadOnlyList<ApiOperation> Operations =
    [
        Op(RegistryService.Descriptor, "ListRepositories", "GET", "/v1/repositories", RpcAccess.Authenticated),
        Op(RegistryService.Descriptor, "GetRepository", "GET", "/v1/repositories/{**name}", RpcAccess.Authenticated),
        Op(RegistryService.Descriptor, "DeleteRepository", "DELETE", "/v1/repositories/{**name}", RpcAccess.Admin),
        Op(RegistryService.Descriptor, "ListTags", "GET", "/v1/tags", RpcAccess.Authenticated),
        Op(RegistryService.Descriptor, "DeleteTag", "DELETE", "/v1/tags", RpcAccess.Authenticated),
        Op(RegistryService.Descriptor, "GetManifest", "GET", "/v1/manifests", RpcAccess.Authenticated),
        Op(RegistryService.Descriptor, "GetStats", "GET", "/v1/stats", RpcAccess.Authenticated),

        Op(PolicyService.Descriptor, "ListPolicyRules", "GET", "/v1/policy/rules", RpcAccess.Admin),
        Op(PolicyService.Descriptor, "GetPolicyRule", "GET", "/v1/policy/rules/{id}", RpcAccess.Admin),
        Op(PolicyService.Descriptor, "CreatePolicyRule", "POST", "/v1/policy/rules", RpcAccess.Admin),
        Op(PolicyService.Descriptor, "UpdatePolicyRule", "PATCH", "/v1/policy/rules/{id}", RpcAccess.Admin),
        Op(PolicyService.Descriptor, "DeletePolicyRule", "DELETE", "/v1/policy/rules/{id}", RpcAccess.Admin),

        Op(AuditService.Descriptor, "ListAuditEvents", "GET", "/v1/audit", RpcAccess.Admin),

        Op(AdminService.Descriptor, "Health", "GET", "/v1/health", RpcAccess.Public),
        Op(AdminService.Descriptor, "Login", "POST", "/v1/auth/login", RpcAccess.Public),
        Op(AdminService.Descriptor, "Logout", "POST", "/v1/auth/logout", RpcAccess.Authenticated),
        Op(AdminService.Descriptor, "GarbageCollect", "POST", "/v1/gc", RpcAccess.Admin),
        Op(AdminService.Descriptor, "Reconcile", "POST", "/v1/gc/reconcile", RpcAccess.Admin),
        Op(AdminService.Descriptor, "GetGCStatus", "GET", "/v1/gc/status", RpcAccess.Admin),
        Op(AdminService.Descriptor, "Snapshot", "POST", "/v1/snapshot", RpcAccess.Admin),

        Op(AccountService.Descriptor, "ListAccounts", "GET", "/v1/accounts", RpcAccess.Admin),
        Op(AccountService.Descriptor, "GetAccount", "GET", "/v1/accounts/{username}", RpcAccess.Admin),
        Op(AccountService.Descriptor, "CreateAccount", "POST", "/v1/accounts", RpcAccess.Admin),
        Op(AccountService.Descriptor, "DisableAccount", "POST", "/v1/accounts/{username}/disable", RpcAccess.Admin),
        Op(AccountService.Descriptor, "EnableAccount", "POST", "/v1/accounts/{username}/enable", RpcAccess.Admin),
        Op(AccountService.Descriptor, "SetAccountPassword", "PUT", "/v1/accounts/{username}/password", RpcAccess.Admin),
        Op(AccountService.Descriptor, "IssueSystemToken", "POST", "/v1/accounts/{username}/token", RpcAccess.Admin),
    ];

    /// <summary>
    /// The standard services beside ours, which have no REST twin: health checking stays open for load
    /// balancers and orchestrators (as <c>/v1/health</c>); reflection (v1alpha, which grpcurl and grpcui speak)
    /// describes the API to an authenticated
    /// caller (<c>grpcurl -H "authorization: Bearer …"</c>).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, RpcAccess> StandardMethods = new Dictionary<string, RpcAccess>(StringComparer.Ordinal)
    {
        ["/grpc.health.v1.Health/Check"] = RpcAccess.Public,
        ["/grpc.health.v1.Health/Watch"] = RpcAccess.Public,
        ["/grpc.health.v1.Health/List"] = RpcAccess.Public,
        ["/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"] = RpcAccess.Authenticated,
    };

    private static readonly Dictionary<string, RpcAccess> _access = BuildAccessMap();

    /// <summary>The access an RPC needs, or null for one the map does not list (which is then refused).</summary>
    public static RpcAccess? AccessOf(string rpc) => _access.TryGetValue(rpc, out var access) ? access : null;

    private static ApiOperation Op(Google.Protobuf.Reflection.ServiceDescriptor service, string method, string restMethod, string route, RpcAccess access)
    {
        if (service.FindMethodByName(method) is null)
        {
            throw new InvalidOperationException($"{service.FullName} has no method {method}");
        }
        return new ApiOperation($"/{service.FullName}/{method}", restMethod, route, access);
    }

    private static Dictionary<string, RpcAccess> BuildAccessMap()
    {
        var map = new Dictionary<string, RpcAccess>(StandardMethods, StringComparer.Ordinal);
        foreach (var operation in Operations)
        {
            map.Add(operation.Rpc, operation.Access);
        }
        return map;
    }
}
