using Mcr.Cli.Client;
using V1 = Mcr.Protocol.V1;

namespace Mcr.Cli.Transport.Grpc;

internal sealed class GrpcRegistryApi(GrpcConnection grpc) : IRegistryApi
{
    private readonly V1.RegistryService.RegistryServiceClient _client = new(grpc.Channel);

    public async Task<RepositoryList> ListRepositoriesAsync(int n, int offset, string? query, CancellationToken cancellationToken)
    {
        var request = new V1.ListRepositoriesRequest { Page = ProtoMapping.Page(n, offset), Query = query ?? "" };
        var page = await grpc.CallAsync(o => _client.ListRepositoriesAsync(request, o), cancellationToken);
        return new RepositoryList([.. page.Repositories.Select(ProtoMapping.Summary)], page.Page?.Total ?? 0, page.Page?.N ?? n, page.Page?.Offset ?? offset);
    }

    public async Task<RepositoryDetail> GetRepositoryAsync(string name, CancellationToken cancellationToken) =>
        ProtoMapping.Detail(await grpc.CallAsync(o => _client.GetRepositoryAsync(new V1.GetRepositoryRequest { Name = name }, o), cancellationToken));

    public async Task<RepositoryDeleted> DeleteRepositoryAsync(string name, CancellationToken cancellationToken)
    {
        var deleted = await grpc.CallAsync(o => _client.DeleteRepositoryAsync(new V1.DeleteRepositoryRequest { Name = name }, o), cancellationToken);
        return new RepositoryDeleted(deleted.ManifestsRemoved, deleted.TagsRemoved);
    }

    public async Task<TagList> ListTagsAsync(string repository, int n, int offset, CancellationToken cancellationToken)
    {
        var request = new V1.ListTagsRequest { Repository = repository, Page = ProtoMapping.Page(n, offset) };
        var page = await grpc.CallAsync(o => _client.ListTagsAsync(request, o), cancellationToken);
        return new TagList([.. page.Tags.Select(ProtoMapping.Tag)], page.Page?.Total ?? 0, page.Page?.N ?? n, page.Page?.Offset ?? offset);
    }

    public async Task<TagDeleted> DeleteTagAsync(string repository, string tag, CancellationToken cancellationToken)
    {
        var request = new V1.DeleteTagRequest { Repository = repository, Tag = tag };
        return new TagDeleted((await grpc.CallAsync(o => _client.DeleteTagAsync(request, o), cancellationToken)).Digest);
    }

    public async Task<RegistryStats> GetStatsAsync(CancellationToken cancellationToken) =>
        ProtoMapping.Stats(await grpc.CallAsync(o => _client.GetStatsAsync(new V1.GetStatsRequest(), o), cancellationToken));
}
