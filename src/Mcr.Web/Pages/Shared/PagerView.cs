namespace Mcr.Web.Pages;

/// <summary>What the pager partial needs: the numbers, the link of a page and the element htmx swaps.</summary>
public sealed record PagerView(Pager Pager, Func<int, string> Link, string Target);
