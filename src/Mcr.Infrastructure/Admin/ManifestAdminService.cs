using System.Text;
using Mcr.Core.Digests;
using Mcr.Core.Manifests;
using Mcr.Core.Names;
using Mcr.Core.Policy;
using Mcr.Infrastructure.Policy;
using Mcr.Infrastructure.Registry;

namespace Mcr.Infrastructure.Admin;

/// <summary>
/// One manifest in full (REST <c>GET /v1/manifests</c>, gRPC <c>GetManifest</c>): metadata, tags, exact content,
/// descriptors, an image's config, an index's children and the referrers (the <c>/v2/&lt;name&gt;/referrers</c>
/// query). Needs <c>registry:pull</c> on the repository. Memory holds the manifest (at most 4 MiB, as stored)
/// and the config blob up to <see cref="ImageConfigReader.MaxBytes"/>, nothing else of the blobs.
/// </summary>
public sealed class ManifestAdminService(
    IManifestInfoStore info,
    IManifestStore manifests,
    IRepositoryStore repositories,
    ImageConfigReader configs,
    PolicyEnforcer enforcer)
{
    private static readonly IReadOnlyDictionary<string, string> _none = new Dictionary<string, string>();

    /// <param name="reference">A tag or a digest.</param>
    public async Task<AdminResult<ManifestDetail>> GetAsync(
        AdminCaller caller, string repository, string reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (TagAdminService.CheckName(repository) is { } invalidName)
        {
            return invalidName;
        }
        if (string.IsNullOrEmpty(reference))
        {
            return AdminError.Invalid("reference is required (a tag or a digest)");
        }
        var parsed = ManifestReference.Parse(reference);
        if (!parsed.IsValid)
        {
            return AdminError.Invalid(parsed.IsMalformedDigest ? $"invalid digest: {parsed.Error}" : parsed.Error!);
        }
        if (enforcer.Deny(caller.Principal, PolicyAction.Pull, repository, caller.ClientIp) is { } denied)
        {
            return AdminError.Forbidden(denied);
        }
        var entry = await info.GetAsync(repository, parsed, cancellationToken);
        if (entry is null)
        {
            return await repositories.GetIdAsync(repository, cancellationToken) is null
                ? TagAdminService.RepositoryNotFound(repository)
                : AdminError.NotFound($"manifest '{reference}' not found in repository '{repository}'");
        }
        return AdminResult.Ok(await DescribeAsync(repository, entry, cancellationToken));
    }

    private async Task<ManifestDetail> DescribeAsync(string repository, ManifestEntry entry, CancellationToken cancellationToken)
    {
        // Stored manifests passed this parser when pushed; should one not parse now, the view shows its metadata only.
        var parsed = ManifestParser.Parse(entry.Content, entry.Info.MediaType);
        var manifest = parsed.IsSuccess ? parsed.Manifest : null;
        var digest = Digest.Parse(entry.Info.Digest);
        var referrers = await manifests.ListReferrersAsync(repository, digest, null, cancellationToken);
        var imageConfig = manifest?.Config is { } config ? await configs.ReadAsync(config, cancellationToken) : null;
        return new ManifestDetail(
            repository,
            entry.Info.Digest,
            entry.Info.MediaType,
            entry.Info.Size,
            entry.Info.ArtifactType,
            entry.Info.SubjectDigest,
            entry.Info.CreatedAt,
            entry.Tags,
            Encoding.UTF8.GetString(entry.Content),
            manifest?.Config is { } descriptor ? ContentDescriptor.From(descriptor) : null,
            [.. (manifest?.Layers ?? []).Select(ContentDescriptor.From)],
            imageConfig,
            [.. (manifest?.Children ?? []).Select(ContentDescriptor.From)],
            [.. referrers.Select(ContentDescriptor.From)],
            manifest?.Annotations ?? _none);
    }
}
