using Grpc.Core;
using Mcr.Infrastructure.Admin;
using Mcr.Protocol.V1;
using ManifestInfo = Mcr.Protocol.V1.ManifestInfo;
using RepositorySummary = Mcr.Protocol.V1.RepositorySummary;
using TagInfo = Mcr.Protocol.V1.TagInfo;

namespace Mcr.Server.Grpc.Services;

/// <summary>RegistryService: repositories, tags and manifests through <see cref="RepositoryAdminService"/>, as <c>/v1</c> does.</summary>
internal sealed class RegistryGrpcService(RepositoryAdminService repositories) : RegistryService.RegistryServiceBase
{
    public override async Task<ListRepositoriesResponse> ListRepositories(ListRepositoriesRequest request, ServerCallContext context)
    {
        var (n, offset) = GrpcCall.Paging(request.Page);
        var page = (await repositories.ListAsync(context.Caller(), n, offset, context.CancellationToken)).Unwrap();
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

    private static RepositorySummary ToMessage(Infrastructure.Registry.RepositorySummary summary) => new()
    {
        Name = summary.Name,
        TagCount = summary.TagCount,
        ManifestCount = summary.ManifestCount,
        Size = summary.Size,
        CreatedAt = GrpcCall.Time(summary.CreatedAt),
    };
}
