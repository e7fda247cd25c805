using Mcr.Core.Names;
using Mcr.Core.Policy;
using Mcr.Infrastructure.Policy;
using Mcr.Infrastructure.Registry;

namespace Mcr.Infrastructure.Admin;

/// <summary>A tag that was deleted: the manifest it pointed at, which stays (untagged, reachable by digest).</summary>
public sealed record DeletedTag(string Digest);

/// <summary>
/// Tags of a repository (REST <c>/v1/tags</c>, gRPC <c>ListTags</c>/<c>DeleteTag</c>). Listing needs
/// <c>registry:pull</c> on the repository and deleting <c>registry:delete</c>, decided by the policy as on
/// <c>/v2</c>, not by the admin role: a <c>user</c> may delete the tags the policy lets it.
/// </summary>
public sealed class TagAdminService(IManifestInfoStore manifests, TagDeleter deleter, PolicyEnforcer enforcer)
{
    /// <summary>A page of the repository's tags by name, with their manifests' sizes and platforms.</summary>
    public async Task<AdminResult<TagDetailPage>> ListAsync(
        AdminCaller caller, string repository, int n, int offset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if ((CheckName(repository) ?? AdminPaging.Validate(n, offset)) is { } invalid)
        {
            return invalid;
        }
        if (enforcer.Deny(caller.Principal, PolicyAction.Pull, repository, caller.ClientIp) is { } denied)
        {
            return AdminError.Forbidden(denied);
        }
        var page = await manifests.ListTagsAsync(repository, n, offset, cancellationToken);
        return page is null ? RepositoryNotFound(repository) : AdminResult.Ok(page);
    }

    /// <summary>Deletes the tag and records <c>tag_deleted</c>, as a <c>/v2</c> tag deletion does.</summary>
    public async Task<AdminResult<DeletedTag>> DeleteAsync(AdminCaller caller, string repository, string tag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (CheckName(repository) is { } invalid)
        {
            return invalid;
        }
        if (!TagName.IsValid(tag))
        {
            return AdminError.Invalid(string.IsNullOrEmpty(tag) ? "tag is required" : "invalid tag");
        }
        if (enforcer.Deny(caller.Principal, PolicyAction.Delete, repository, caller.ClientIp) is { } denied)
        {
            return AdminError.Forbidden(denied);
        }
        var digest = await deleter.DeleteAsync(repository, tag, caller.ActorId, caller.ClientIp);
        return digest is null
            ? AdminError.NotFound($"tag '{tag}' not found in repository '{repository}'")
            : AdminResult.Ok(new DeletedTag(digest.Value.ToString()));
    }

    /// <summary>The error for a missing or invalid repository name, or null when it is valid.</summary>
    internal static AdminError? CheckName(string? repository) =>
        string.IsNullOrEmpty(repository) ? AdminError.Invalid("repository is required")
        : RepositoryName.IsValid(repository) ? null
        : AdminError.Invalid("invalid repository name");

    internal static AdminError RepositoryNotFound(string repository) => AdminError.NotFound($"repository '{repository}' not found");
}
