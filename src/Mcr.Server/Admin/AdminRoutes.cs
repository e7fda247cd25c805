namespace Mcr.Server.Admin;

/// <summary>The route patterns of the admin API (SPEC §10), in one place.</summary>
internal static class AdminRoutes
{
    public const string Repositories = "/v1/repositories";

    /// <summary>Catch-all: repository names contain <c>/</c>.</summary>
    public const string Repository = "/v1/repositories/{**name}";

    /// <summary><c>?repository=R</c> (and <c>&amp;tag=T</c> to delete): names with <c>/</c> travel in the query.</summary>
    public const string Tags = "/v1/tags";

    /// <summary><c>?repository=R&amp;reference=REF</c>, a tag or a digest.</summary>
    public const string Manifests = "/v1/manifests";

    public const string Stats = "/v1/stats";

    public const string Accounts = "/v1/accounts";

    public const string Account = "/v1/accounts/{username}";

    public const string AccountDisable = "/v1/accounts/{username}/disable";

    public const string AccountEnable = "/v1/accounts/{username}/enable";

    public const string AccountPassword = "/v1/accounts/{username}/password";

    public const string AccountToken = "/v1/accounts/{username}/token";

    public const string PolicyRules = "/v1/policy/rules";

    /// <summary>The id is parsed by the handler, so a malformed id is a 400 rather than an unmatched route.</summary>
    public const string PolicyRule = "/v1/policy/rules/{id}";

    public const string Audit = "/v1/audit";

    public const string Snapshot = "/v1/snapshot";
}
