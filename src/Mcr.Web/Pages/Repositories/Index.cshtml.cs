using Mcr.Protocol.V1;
using Microsoft.AspNetCore.Mvc;

namespace Mcr.Web.Pages.Repositories;

/// <summary>
/// The repositories the caller may pull (<c>RegistryService.ListRepositories</c>, searched and paged by the server),
/// grouped by namespace (the first path segment) with each namespace's count.
/// </summary>
public sealed class IndexModel : McrPageModel
{
    public const int PageSize = 50;

    /// <summary>Up to this many matches the namespace counts are exact (one more call lists their names).</summary>
    public const int CountLimit = 1000;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int? PageNumber { get; set; }

    public IReadOnlyList<RepositorySummary> Repositories { get; private set; } = [];

    public Pager Pager { get; private set; } = new(1, PageSize, 0);

    /// <summary>Repositories per namespace among all matches (or on this page when there are too many to count).</summary>
    public IReadOnlyDictionary<string, long> NamespaceCounts { get; private set; } = new Dictionary<string, long>();

    public bool CountsExact { get; private set; } = true;

    public async Task<IActionResult> OnGetAsync()
    {
        var query = (Search ?? "").Trim();
        if (query.Length > 255)
        {
            query = query[..255];
        }
        Search = query;
        var page = Pager.Clamp(PageNumber);
        var response = await Registry.Registry.ListRepositoriesAsync(new ListRepositoriesRequest
        {
            Query = query,
            Page = new PageRequest { N = PageSize, Offset = (page - 1) * PageSize },
        });
        Repositories = response.Repositories;
        var total = response.Page?.Total ?? Repositories.Count;
        Pager = new Pager(page, PageSize, total);

        IEnumerable<string> names = Repositories.Select(r => r.Name);
        if (total > Repositories.Count && total <= CountLimit)
        {
            var all = await Registry.Registry.ListRepositoriesAsync(new ListRepositoriesRequest { Query = query, Page = new PageRequest { N = CountLimit } });
            names = all.Repositories.Select(r => r.Name);
        }
        else if (total > Repositories.Count)
        {
            CountsExact = false;
        }
        NamespaceCounts = names.GroupBy(NamespaceOf, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        return IsHtmx ? Partial("_RepositoryResults", this) : Page();
    }

    /// <summary><c>team</c> for <c>team/app</c> and <c>team/sub/app</c>; empty for a name without a slash.</summary>
    public static string NamespaceOf(string name)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? "" : name[..slash];
    }

    public string PageLink(int page) => Query.Url("/repositories", ("q", Search), ("page", page == 1 ? null : page.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
