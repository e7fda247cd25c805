namespace Mcr.Server.Admin;

/// <summary>The route patterns of the admin API (SPEC §10), in one place.</summary>
internal static class AdminRoutes
{
    public const string Repositories = "/v1/repositories";

    /// <summary>Catch-all: repository names contain <c>/</c>.</summary>
    public const string Repository = "/v1/repositories/{**name}";

    public const string PolicyRules = "/v1/policy/rules";

    /// <summary>The id is parsed by the handler, so a malformed id is a 400 rather than an unmatched route.</summary>
    public const string PolicyRule = "/v1/policy/rules/{id}";

    public const string Audit = "/v1/audit";

    public const string Snapshot = "/v1/snapshot";
}
