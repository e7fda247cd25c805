using Microsoft.AspNetCore.WebUtilities;

namespace Mcr.Web.Pages;

/// <summary>Builds page URLs with their query string, leaving out empty values (the URL reflects the filters).</summary>
public static class Query
{
    public static string Url(string path, params (string Name, string? Value)[] values)
    {
        var present = values.Where(v => !string.IsNullOrEmpty(v.Value)).Select(v => new KeyValuePair<string, string?>(v.Name, v.Value));
        return QueryHelpers.AddQueryString(path, present);
    }
}
