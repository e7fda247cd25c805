namespace Mcr.Web.Pages;

/// <summary>Offset paging as the RPCs page (<c>PageInfo</c>), in 1-based page numbers for the URL.</summary>
public sealed record Pager(int Page, int PageSize, long Total)
{
    public int Offset => (Page - 1) * PageSize;

    public int PageCount => Total == 0 ? 1 : (int)((Total + PageSize - 1) / PageSize);

    public bool HasPrevious => Page > 1;

    public bool HasNext => Page < PageCount;

    public long First => Total == 0 ? 0 : Offset + 1;

    public long Last => Math.Min(Total, (long)Offset + PageSize);

    /// <summary>A page number from the query string: 1 when absent or nonsense.</summary>
    public static int Clamp(int? page) => page is > 0 and < 1_000_000 ? page.Value : 1;
}
