using System.Globalization;
using System.Text;

namespace Mcr.Cli.Transport.Rest;

/// <summary>The admin API's routes (relative to the base URL) and their query strings, escaped.</summary>
internal static class RestPaths
{
    public const string Repositories = "v1/repositories";
    public const string Tags = "v1/tags";
    public const string Stats = "v1/stats";
    public const string PolicyRules = "v1/policy/rules";
    public const string Audit = "v1/audit";
    public const string Health = "v1/health";
    public const string Login = "v1/auth/login";
    public const string Logout = "v1/auth/logout";
    public const string Gc = "v1/gc";
    public const string GcReconcile = "v1/gc/reconcile";
    public const string GcStatus = "v1/gc/status";
    public const string Snapshot = "v1/snapshot";
    public const string Accounts = "v1/accounts";

    /// <summary><c>v1/repositories/team/app</c>: each segment of a multi-segment name escaped, the slashes kept.</summary>
    public static string Repository(string name) =>
        $"{Repositories}/{string.Join('/', name.Split('/').Select(Uri.EscapeDataString))}";

    public static string PolicyRule(long id) => $"{PolicyRules}/{id.ToString(CultureInfo.InvariantCulture)}";

    public static string Account(string username) => $"{Accounts}/{Uri.EscapeDataString(username)}";

    /// <summary><paramref name="path"/> with the parameters that have a value, escaped.</summary>
    public static string Query(string path, params (string Name, string? Value)[] parameters)
    {
        var builder = new StringBuilder(path);
        var separator = '?';
        foreach (var (name, value) in parameters)
        {
            if (value is null)
            {
                continue;
            }
            builder.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }
        return builder.ToString();
    }

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>RFC 3339 in UTC, as the API parses it.</summary>
    public static string? Time(DateTimeOffset? value) =>
        value?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffK", CultureInfo.InvariantCulture);
}
