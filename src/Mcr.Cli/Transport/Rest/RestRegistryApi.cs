using Mcr.Cli.Client;

namespace Mcr.Cli.Transport.Rest;

internal sealed class RestRegistryApi(RestConnection rest) : IRegistryApi
{
    public Task<RepositoryList> ListRepositoriesAsync(int n, int offset, string? query, CancellationToken cancellationToken) =>
        rest.SendAsync(HttpMethod.Get,
            RestPaths.Query(RestPaths.Repositories, ("n", RestPaths.Number(n)), ("offset", RestPaths.Number(offset)), ("q", query)),
            null, McrJson.Default.RepositoryList, cancellationToken);

    public Task<RepositoryDetail> GetRepositoryAsync(string name, CancellationToken cancellationToken) =>
        rest.SendAsync(HttpMethod.Get, RestPaths.Repository(name), null, McrJson.Default.RepositoryDetail, cancellationToken);

    public Task<RepositoryDeleted> DeleteRepositoryAsync(string name, CancellationToken cancellationToken) =>
        rest.SendAsync(HttpMethod.Delete, RestPaths.Repository(name), null, McrJson.Default.RepositoryDeleted, cancellationToken);

    public Task<TagList> ListTagsAsync(string repository, int n, int offset, CancellationToken cancellationToken) =>
        rest.SendAsync(HttpMethod.Get,
            RestPaths.Query(RestPaths.Tags, ("repository", repository), ("n", RestPaths.Number(n)), ("offset", RestPaths.Number(offset))),
            null, McrJson.Default.TagList, cancellationToken);

    public Task<TagDeleted> DeleteTagAsync(string repository, string tag, CancellationToken cancellationToken) =>
        rest.SendAsync(HttpMethod.Delete, RestPaths.Query(RestPaths.Tags, ("repository", repository), ("tag", tag)),
            null, McrJson.Default.TagDeleted, cancellationToken);

    public Task<RegistryStats> GetStatsAsync(CancellationToken cancellationToken) =>
        rest.SendAsync(HttpMethod.Get, RestPaths.Stats, null, McrJson.Default.RegistryStats, cancellationToken);
}
