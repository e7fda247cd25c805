using Mcr.Cli.Client;

namespace Mcr.Cli.Transport.Rest;

internal sealed class RestAdminApi(RestConnection rest) : IAdminApi
{
    public Task<Health> HealthAsync(CancellationToken cancellationToken) =>
        rest.SendAsync(HttpMethod.Get, RestPaths.Health, null, McrJson.Default.Health, cancellationToken,
            alsoAccepted: System.Net.HttpStatusCode.ServiceUnavailable);

    public Task<LoginToken> LoginAsync(string username, string password, CancellationToken cancellationToken) =>
        rest.SendAsync(HttpMethod.Post, RestPaths.Login, RestConnection.Json(new LoginRequest(username, password), McrJson.Default.LoginRequest),
            McrJson.Default.LoginToken, cancellationToken);

    public Task LogoutAsync(CancellationToken cancellationToken) =>
        rest.SendAsync(HttpMethod.Post, RestPaths.Logout, null, cancellationToken);

    public Task<GcStarted> StartGcAsync(bool reconcile, bool deleteUntagged, CancellationToken cancellationToken)
    {
        var path = reconcile ? RestPaths.GcReconcile : RestPaths.Query(RestPaths.Gc, ("delete_untagged", deleteUntagged ? "true" : null));
        return rest.SendAsync(HttpMethod.Post, path, null, McrJson.Default.GcStarted, cancellationToken);
    }

    public Task<GcStatus> GetGcStatusAsync(CancellationToken cancellationToken) =>
        rest.SendAsync(HttpMethod.Get, RestPaths.GcStatus, null, McrJson.Default.GcStatus, cancellationToken);

    public Task<SnapshotInfo> SnapshotAsync(CancellationToken cancellationToken) =>
        rest.SendAsync(HttpMethod.Post, RestPaths.Snapshot, null, McrJson.Default.SnapshotInfo, cancellationToken);
}
