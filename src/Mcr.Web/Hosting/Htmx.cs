namespace Mcr.Web.Hosting;

/// <summary>Requests made by htmx, which get a fragment of a page instead of the whole page.</summary>
public static class Htmx
{
    /// <summary>An htmx request, but not a history restore (which needs the whole page).</summary>
    public static bool IsHtmx(HttpRequest request) =>
        request.Headers["HX-Request"] == "true" && request.Headers["HX-History-Restore-Request"] != "true";
}
