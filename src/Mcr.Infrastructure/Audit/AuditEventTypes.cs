namespace Mcr.Infrastructure.Audit;

/// <summary>The audit event types of SPEC §12, and the account changes made through the admin API.</summary>
public static class AuditEventTypes
{
    public const string LoginOk = "login_ok";
    public const string LoginFailed = "login_failed";
    public const string ManifestPushed = "manifest_pushed";
    public const string ManifestPulled = "manifest_pulled";
    public const string ManifestDeleted = "manifest_deleted";
    public const string TagDeleted = "tag_deleted";
    public const string BlobUploaded = "blob_uploaded";
    public const string BlobMounted = "blob_mounted";
    public const string BlobDeleted = "blob_deleted";
    public const string RepoDeleted = "repo_deleted";
    public const string PolicyDeny = "policy_deny";
    public const string PolicyRuleCreated = "policy_rule_created";
    public const string PolicyRuleUpdated = "policy_rule_updated";
    public const string PolicyRuleDeleted = "policy_rule_deleted";
    public const string GcStarted = "gc_started";
    public const string GcCompleted = "gc_completed";
    public const string SnapshotCreated = "snapshot_created";
    public const string AccountCreated = "account_created";
    public const string AccountDisabled = "account_disabled";
    public const string AccountEnabled = "account_enabled";
    public const string AccountPasswordChanged = "account_password_changed";
    public const string AccountTokenIssued = "account_token_issued";

    public static readonly IReadOnlyList<string> All =
    [
        LoginOk, LoginFailed, ManifestPushed, ManifestPulled, ManifestDeleted, TagDeleted, BlobUploaded, BlobMounted,
        BlobDeleted, RepoDeleted, PolicyDeny, PolicyRuleCreated, PolicyRuleUpdated, PolicyRuleDeleted, GcStarted,
        GcCompleted, SnapshotCreated, AccountCreated, AccountDisabled, AccountEnabled, AccountPasswordChanged, AccountTokenIssued,
    ];

    public static bool IsKnown(string? eventType) => eventType is not null && All.Contains(eventType);
}
