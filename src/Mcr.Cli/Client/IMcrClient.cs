namespace Mcr.Cli.Client;

/// <summary>
/// The admin operations of one MCR server, whichever transport reaches it: <c>Transport/Rest</c> (the <c>/v1/</c>
/// API) or <c>Transport/Grpc</c> (the <c>mcr.v1</c> services). Both answer with the records in <c>Client/</c>, so every
/// command has one code path. The five parts mirror the gRPC services and are small on purpose.
/// <para>
/// Every method MUST report a failure by throwing <see cref="McrClientException"/> with the kind of failure (not an
/// <see cref="HttpRequestException"/> or an <c>RpcException</c>), so that <c>Commands/ErrorReport</c> maps it to an
/// exit code in one place.
/// </para>
/// </summary>
internal interface IMcrClient : IAsyncDisposable
{
    IRegistryApi Registry { get; }

    IPolicyApi Policy { get; }

    IAuditApi Audit { get; }

    IAdminApi Admin { get; }

    IAccountApi Accounts { get; }
}

/// <summary>Repositories, tags and registry figures (RegistryService; <c>/v1/repositories</c>, <c>/v1/tags</c>, <c>/v1/stats</c>).</summary>
internal interface IRegistryApi
{
    /// <param name="query">Only names containing this text (case-insensitive); null for all.</param>
    Task<RepositoryList> ListRepositoriesAsync(int n, int offset, string? query, CancellationToken cancellationToken);

    Task<RepositoryDetail> GetRepositoryAsync(string name, CancellationToken cancellationToken);

    Task<RepositoryDeleted> DeleteRepositoryAsync(string name, CancellationToken cancellationToken);

    Task<TagList> ListTagsAsync(string repository, int n, int offset, CancellationToken cancellationToken);

    Task<TagDeleted> DeleteTagAsync(string repository, string tag, CancellationToken cancellationToken);

    Task<RegistryStats> GetStatsAsync(CancellationToken cancellationToken);
}

/// <summary>Stored policy rules (PolicyService; <c>/v1/policy/rules</c>).</summary>
internal interface IPolicyApi
{
    Task<PolicyRuleList> ListAsync(int n, int offset, CancellationToken cancellationToken);

    Task<PolicyRule> GetAsync(long id, CancellationToken cancellationToken);

    Task<PolicyRule> CreateAsync(PolicyRuleInput rule, CancellationToken cancellationToken);

    /// <summary>Changes the fields <paramref name="changes"/> sets; null fields stay as they are.</summary>
    Task<PolicyRule> UpdateAsync(long id, PolicyRuleInput changes, CancellationToken cancellationToken);

    Task DeleteAsync(long id, CancellationToken cancellationToken);
}

/// <summary>The audit log, newest first (AuditService; <c>/v1/audit</c>).</summary>
internal interface IAuditApi
{
    Task<AuditEventList> ListAsync(AuditFilter filter, CancellationToken cancellationToken);
}

/// <summary>Health, sessions, GC and snapshots (AdminService; <c>/v1/health</c>, <c>/v1/auth</c>, <c>/v1/gc</c>, <c>/v1/snapshot</c>).</summary>
internal interface IAdminApi
{
    /// <summary>Needs no token. A server that answers "unavailable" is a result, not an exception.</summary>
    Task<Health> HealthAsync(CancellationToken cancellationToken);

    /// <summary>Needs no token; the password travels only in the request body.</summary>
    Task<LoginToken> LoginAsync(string username, string password, CancellationToken cancellationToken);

    /// <summary>Revokes the token the client was created with.</summary>
    Task LogoutAsync(CancellationToken cancellationToken);

    /// <summary>Starts a run in the background; <see cref="ClientErrorKind.Conflict"/> while one runs.</summary>
    Task<GcStarted> StartGcAsync(bool reconcile, bool deleteUntagged, CancellationToken cancellationToken);

    Task<GcStatus> GetGcStatusAsync(CancellationToken cancellationToken);

    Task<SnapshotInfo> SnapshotAsync(CancellationToken cancellationToken);
}

/// <summary>Accounts of the embedded identity provider (AccountService; <c>/v1/accounts</c>); a conflict under MCIAS.</summary>
internal interface IAccountApi
{
    Task<AccountList> ListAsync(CancellationToken cancellationToken);

    Task<Account> GetAsync(string username, CancellationToken cancellationToken);

    Task<Account> CreateAsync(NewAccount account, CancellationToken cancellationToken);

    Task<Account> SetDisabledAsync(string username, bool disabled, CancellationToken cancellationToken);

    Task<Account> SetPasswordAsync(string username, string password, CancellationToken cancellationToken);

    Task<SystemToken> IssueTokenAsync(string username, CancellationToken cancellationToken);
}
