namespace Mcr.Infrastructure.Registry;

/// <summary>
/// One page of a lexically ordered listing (tags, catalog). <see cref="HasMore"/> says whether entries
/// follow the last item, i.e. whether to send a <c>Link: rel="next"</c> with <c>last</c> = the last item.
/// </summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, bool HasMore);
