using Mcr.Core.Identity;
using Mcr.Core.Policy;
using Mcr.Infrastructure.Policy;
using Mcr.Infrastructure.Registry;
using Mcr.Server.Auth;

namespace Mcr.Server.Oci;

/// <summary>
/// <c>GET /v2/_catalog</c>: <c>{"repositories":[...]}</c> in byte-wise order with <c>n</c>/<c>last</c>
/// pagination and <c>Link</c> (see <see cref="Pagination"/>). A global operation, so the policy check is
/// <c>registry:catalog</c> without a repository. The list holds only repositories the caller may pull:
/// a catalog must not reveal names the policy hides (one in-memory policy evaluation per name).
/// </summary>
internal static class CatalogEndpoints
{
    public static IEndpointRouteBuilder MapCatalogEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(OciRoutes.Catalog, ListAsync);
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, PolicyGate gate, IPolicyEngine policy, IRepositoryStore repositories)
    {
        var principal = http.GetPrincipal();
        if (gate.Check(http, principal, PolicyAction.Catalog) is { } denied)
        {
            return denied;
        }
        if (Pagination.Read(http.Request, out var error) is not { } page)
        {
            return error!;
        }
        var (names, hasMore) = await ListVisibleAsync(principal, policy, repositories, page, http.RequestAborted);
        if (hasMore && names.Count > 0)
        {
            page.SetNextLink(http.Response, OciRoutes.Catalog, names[^1]);
        }
        return Results.Bytes(Pagination.WriteList(null, "repositories", names), "application/json");
    }

    /// <summary>
    /// Up to n pullable names after <c>last</c>. Hidden names are skipped by reading further batches, so a
    /// page is full whenever enough visible names exist, and the <c>Link</c> cursor is always a visible name.
    /// </summary>
    private static async Task<(List<string> Names, bool HasMore)> ListVisibleAsync(
        Principal principal, IPolicyEngine policy, IRepositoryStore repositories, Pagination page, CancellationToken cancellationToken)
    {
        var names = new List<string>(Math.Min(page.N, 128));
        if (page.N == 0)
        {
            return (names, false);
        }
        var cursor = page.Last;
        while (true)
        {
            var batch = await repositories.ListNamesAsync(page.N, cursor, cancellationToken);
            for (var i = 0; i < batch.Items.Count; i++)
            {
                if (names.Count == page.N)
                {
                    // More names follow; they may all be hidden, in which case the next page is empty.
                    return (names, true);
                }
                if (policy.Evaluate(PolicyInput.For(principal, PolicyAction.Pull, batch.Items[i])).Allowed)
                {
                    names.Add(batch.Items[i]);
                }
            }
            if (!batch.HasMore || batch.Items.Count == 0)
            {
                return (names, false);
            }
            if (names.Count == page.N)
            {
                return (names, true);
            }
            cursor = batch.Items[^1];
        }
    }
}
