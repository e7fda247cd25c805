using Grpc.Core;
using Mcr.Infrastructure.Admin;
using Mcr.Protocol.V1;
using ManifestInfo = Mcr.Protocol.V1.ManifestInfo;
using RegistryStats = Mcr.Protocol.V1.RegistryStats;
using RepositorySummary = Mcr.Protocol.V1.RepositorySummary;
using TagInfo = Mcr.Protocol.V1.TagInfo;

namespace Mcr.Server.Grpc.Services;

/// <summary>
/// RegistryService: repositories, tags, manifests and figures through the admin services, as <c>/v1/repositories</c>,
/// <c>/v1/tags</c>, <c>/v1/manifests</c> and <c>/v1/stats</c> do.
/// </summary>
internal sealed class RegistryGrpcService(
    RepositoryAdminService repositories,
    TagAdminService tags,
    ManifestAdminService manifests,
    StatsAdminService stats) : RegistryService.RegistryServiceBase
{
    public override async Task<ListRepositoriesResponse> ListRepositories(ListRepositoriesRequest request, ServerCallContext context)
    {
        var (n, offset) = GrpcCall.Paging(request.Page);
        var query = request.Query.Length == 0 ? null : request.Query;
        var page = (await repositories.ListAsync(context.Caller(), n, offset, query, context.CancellationToken)).Unwrap();
        return new ListRepositoriesResponse { Repositories = { page.Items.Select(ToMessage) }, Page = GrpcCall.PageInfo(page.Total, n, offset) };
    }

    public override async Task<Repository> GetRepository(GetRepositoryRequest request, ServerCallContext context)
    {
        var detail = (await repositories.GetAsync(context.Caller(), request.Name, context.CancellationToken)).Unwrap();
        return new Repository
        {
            Summary = ToMessage(detail.Summary),
            Tags = { detail.Tags.Select(tag => new TagInfo { Name = tag.Name, Digest = tag.Digest, UpdatedAt = GrpcCall.Time(tag.UpdatedAt) }) },
            Manifests =
            {
                detail.Manifests.Select(manifest => new ManifestInfo
                {
                    Digest = manifest.Digest,
                    MediaType = manifest.MediaType,
                    Size = manifest.Size,
                    ArtifactType = manifest.ArtifactType ?? "",
                    SubjectDigest = manifest.SubjectDigest ?? "",
                    CreatedAt = GrpcCall.Time(manifest.CreatedAt),
                }),
            },
        };
    }

    public override async Task<DeleteRepositoryResponse> DeleteRepository(DeleteRepositoryRequest request, ServerCallContext context)
    {
        var summary = (await repositories.DeleteAsync(context.Caller(), request.Name, context.CancellationToken)).Unwrap();
        return new DeleteRepositoryResponse { ManifestsRemoved = summary.ManifestsRemoved, TagsRemoved = summary.TagsRemoved };
    }

    public override async Task<ListTagsResponse> ListTags(ListTagsRequest request, ServerCallContext context)
    {
        var (n, offset) = GrpcCall.Paging(request.Page);
        var page = (await tags.ListAsync(context.Caller(), request.Repository, n, offset, context.CancellationToken)).Unwrap();
        return new ListTagsResponse
        {
            Tags =
            {
                page.Items.Select(tag => new Tag
                {
                    Name = tag.Name,
                    Digest = tag.Digest,
                    MediaType = tag.MediaType,
                    Size = tag.Size,
                    Platforms = { tag.Platforms.Select(RegistryMessages.Platform) },
                    PushedAt = GrpcCall.Time(tag.PushedAt),
                }),
            },
            Page = GrpcCall.PageInfo(page.Total, n, offset),
        };
    }

    public override async Task<DeleteTagResponse> DeleteTag(DeleteTagRequest request, ServerCallContext context)
    {
        var deleted = (await tags.DeleteAsync(context.Caller(), request.Repository, request.Tag, context.CancellationToken)).Unwrap();
        return new DeleteTagResponse { Digest = deleted.Digest };
    }

    public override async Task<Manifest> GetManifest(GetManifestRequest request, ServerCallContext context) =>
        RegistryMessages.Manifest((await manifests.GetAsync(context.Caller(), request.Repository, request.Reference, context.CancellationToken)).Unwrap());

    public override async Task<RegistryStats> GetStats(GetStatsRequest request, ServerCallContext context)
    {
        var figures = (await stats.GetAsync(context.Caller(), context.CancellationToken)).Unwrap();
        return new RegistryStats
        {
            RepositoryCount = figures.RepositoryCount,
            ManifestCount = figures.ManifestCount,
            TagCount = figures.TagCount,
            BlobCount = figures.BlobCount,
            StoredBytes = figures.StoredBytes,
            RepositoryBytes = figures.RepositoryBytes,
            RecentPushes =
            {
                figures.RecentPushes.Select(push => new Protocol.V1.RecentPush
                {
                    Repository = push.Repository,
                    Digest = push.Digest,
                    Tags = { push.Tags },
                    MediaType = push.MediaType,
                    PushedAt = GrpcCall.Time(push.PushedAt),
                }),
            },
        };
    }

    private static RepositorySummary ToMessage(Infrastructure.Registry.RepositorySummary summary) => new()
    {
        Name = summary.Name,
        TagCount = summary.TagCount,
        ManifestCount = summary.ManifestCount,
        Size = summary.Size,
        CreatedAt = GrpcCall.Time(summary.CreatedAt),
        LastPushedAt = GrpcCall.Time(summary.LastPushedAt),
    };
}
