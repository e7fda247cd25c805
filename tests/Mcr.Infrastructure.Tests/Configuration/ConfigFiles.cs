using Mcr.Testing;

namespace Mcr.Infrastructure.Tests.Configuration;

/// <summary>Config files written to a real temp directory for the loader tests.</summary>
internal static class ConfigFiles
{
    public static readonly IReadOnlyDictionary<string, string?> NoEnvironment = new Dictionary<string, string?>();

    /// <summary>The five required keys, with relative paths (resolved against the file's directory).</summary>
    public static readonly IReadOnlyDictionary<string, (string Section, string Line)> RequiredKeys =
        new Dictionary<string, (string, string)>
        {
            ["server.listen_addr"] = ("server", "listen_addr = \":8443\""),
            ["server.tls_cert"] = ("server", "tls_cert = \"certs/cert.pem\""),
            ["server.tls_key"] = ("server", "tls_key = \"certs/key.pem\""),
            ["database.path"] = ("database", "path = \"data/mcr.db\""),
            ["storage.layers_path"] = ("storage", "layers_path = \"data/layers\""),
        };

    /// <summary>A minimal valid file: the required keys only, optionally leaving one out.</summary>
    public static string Minimal(string? omit = null)
    {
        var lines = new List<string>();
        foreach (var section in new[] { "server", "database", "storage" })
        {
            lines.Add($"[{section}]");
            lines.AddRange(RequiredKeys.Where(k => k.Value.Section == section && k.Key != omit).Select(k => k.Value.Line));
            lines.Add("");
        }

        return string.Join('\n', lines);
    }

    /// <summary>
    /// <see cref="Minimal"/> with <paramref name="line"/> (<c>key = value</c>) set in
    /// <paramref name="section"/>: replacing that key if present, else adding it (and the section).
    /// </summary>
    public static string With(string section, string line)
    {
        var key = line.Split('=')[0].Trim();
        var lines = Minimal().Split('\n').ToList();
        var header = lines.IndexOf($"[{section}]");
        if (header < 0)
        {
            lines.AddRange([$"[{section}]", line]);
            return string.Join('\n', lines);
        }

        var existing = lines.FindIndex(header, l => l.StartsWith(key + " ", StringComparison.Ordinal));
        var end = lines.FindIndex(header + 1, l => l.StartsWith('['));
        if (existing >= 0 && (end < 0 || existing < end))
        {
            lines[existing] = line;
        }
        else
        {
            lines.Insert(header + 1, line);
        }

        return string.Join('\n', lines);
    }

    public static string Write(TempDirectory dir, string toml, string name = "mcr.toml")
    {
        var path = dir.Combine(name);
        File.WriteAllText(path, toml);
        return path;
    }

    public static IReadOnlyDictionary<string, string?> Env(params (string Name, string Value)[] vars) =>
        vars.ToDictionary(v => v.Name, v => (string?)v.Value);
}
