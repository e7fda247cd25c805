using System.Globalization;
using Mcr.Core.Names;
using Mcr.Core.Policy;
using Mcr.Infrastructure.Audit;
using Mcr.Infrastructure.Policy;
using Mcr.Infrastructure.Registry;
using Mcr.Infrastructure.Storage;
using Microsoft.Extensions.Logging;

namespace Mcr.Infrastructure.Admin;

/// <summary>
/// Repository administration (SPEC §10 <c>/v1/repositories</c>), shared by REST and gRPC.
/// </summary>
/// <remarks>
/// Who may do what, decided by the policy engine like <c>/v2</c>: listing needs <c>registry:catalog</c> and
/// shows only repositories the caller may <c>registry:pull</c> (<see cref="RepositoryVisibility"/>); the detail
/// needs <c>registry:pull</c> on the repository; deleting needs <c>registry:delete</c> on it, on top of the admin
/// role the transport requires. Blobs are left for GC.
/// </remarks>
public sealed class RepositoryAdminService(
    IRepositoryInfoStore info,
    IRepositoryStore repositories,
    RepositoryVisibility visibility,
    IBlobStore blobs,
    PolicyEnforcer enforcer,
    IAuditSink audit,
    TimeProvider time,
    ILogger<RepositoryAdminService> logger)
{
    /// <summary>Longest <c>query</c> accepted: no repository name is longer.</summary>
    public const int MaxQueryLength = RepositoryName.MaxLength;

    /// <summary>
    /// The page of repositories visible to the caller whose name contains <paramref name="query"/> (case-insensitive;
    /// null or empty: all), with counts and sizes; <see cref="RepositorySummaryPage.Total"/> counts those matches.
    /// </summary>
    public async Task<AdminResult<RepositorySummaryPage>> ListAsync(
        AdminCaller caller, int n, int offset, string? query = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (AdminPaging.Validate(n, offset) is { } invalid)
        {
            return invalid;
        }
        if (query?.Length > MaxQueryLength)
        {
            return AdminError.Invalid($"query must be at most {MaxQueryLength} characters");
        }
        if (Deny(caller, PolicyAction.Catalog, "") is { } denied)
        {
            return denied;
        }

        // Offset paging over the visible matches keeps only the page: memory stays bounded by the scan batch and the page.
        var page = new List<string>(Math.Min(n, 1000));
        long matches = 0;
        await foreach (var name in visibility.PullableAsync(caller.Principal, cancellationToken))
        {
            if (!string.IsNullOrEmpty(query) && !name.Contains(query, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (matches >= offset && page.Count < n)
            {
                page.Add(name);
            }
            matches++;
        }
        var summaries = await info.GetSummariesAsync(page, cancellationToken);
        return AdminResult.Ok(new RepositorySummaryPage(summaries, matches));
    }

    /// <summary>The repository's tags, manifests, counts and size.</summary>
    public async Task<AdminResult<RepositoryDetail>> GetAsync(AdminCaller caller, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!RepositoryName.IsValid(name))
        {
            return AdminError.Invalid("invalid repository name");
        }
        if (Deny(caller, PolicyAction.Pull, name) is { } denied)
        {
            return denied;
        }
        var detail = await info.GetDetailAsync(name, cancellationToken);
        return detail is null ? AdminError.NotFound($"repository '{name}' not found") : AdminResult.Ok(detail);
    }

    /// <summary>
    /// Deletes the repository's manifests, tags, links and uploads (their temp files too) and writes
    /// <c>repo_deleted</c>. Blob files and rows stay until GC finds them unreferenced.
    /// </summary>
    public async Task<AdminResult<RepositoryDeleteSummary>> DeleteAsync(AdminCaller caller, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!RepositoryName.IsValid(name))
        {
            return AdminError.Invalid("invalid repository name");
        }
        if (Deny(caller, PolicyAction.Delete, name) is { } denied)
        {
            return denied;
        }
        // Past this point the deletion must finish even if the client goes away.
        var summary = await repositories.DeleteAsync(name, CancellationToken.None);
        if (summary is null)
        {
            return AdminError.NotFound($"repository '{name}' not found");
        }
        foreach (var upload in summary.Uploads)
        {
            try
            {
                await blobs.DeleteUploadAsync(upload, CancellationToken.None);
            }
            catch (IOException e)
            {
                AdminLog.UploadCleanupFailed(logger, e, upload);
            }
        }
        audit.Record(new AuditEvent(time.GetUtcNow(), AuditEventTypes.RepoDeleted, caller.ActorId, name, ClientIp: caller.ClientIp,
            Details: new Dictionary<string, string>
            {
                ["manifests"] = summary.ManifestsRemoved.ToString(CultureInfo.InvariantCulture),
                ["tags"] = summary.TagsRemoved.ToString(CultureInfo.InvariantCulture),
            }));
        AdminLog.RepositoryDeleted(logger, name, caller.ActorId, summary.ManifestsRemoved, summary.TagsRemoved);
        return AdminResult.Ok(summary);
    }

    /// <summary>Null when allowed; otherwise logs, audits <c>policy_deny</c> and returns the error.</summary>
    private AdminError? Deny(AdminCaller caller, string action, string repository) =>
        enforcer.Deny(caller.Principal, action, repository, caller.ClientIp) is { } denied ? AdminError.Forbidden(denied) : null;
}
