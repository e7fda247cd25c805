using System.Collections;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;

namespace Mcr.Infrastructure.Configuration;

/// <summary>
/// Loads <see cref="McrOptions"/> (SPEC §3): TOML file, then <c>MCR_&lt;SECTION&gt;_&lt;KEY&gt;</c>
/// environment overrides, then path resolution, defaults and validation. Every problem is reported,
/// not just the first, and each message names the key or variable at fault.
/// </summary>
public static class ConfigLoader
{
    private const string VariablePrefix = "MCR_";

    /// <summary>
    /// Reads <paramref name="tomlPath"/> (or nothing when null: defaults only), applies
    /// <paramref name="environment"/> overrides, resolves relative paths against the file's directory
    /// (or the current directory without a file), fills defaults and validates. Does not touch the
    /// storage directories: call <see cref="ValidateStorage"/> at start-up for that.
    /// </summary>
    /// <param name="program">
    /// What is validated: mcr-web reads the same file but needs only its <c>[web]</c> and <c>[log]</c> keys (and
    /// <c>server.tls_*</c>, <c>server.external_url</c> as fallbacks), so a web host's file need not name a database.
    /// </param>
    public static LoadResult Load(string? tomlPath, IReadOnlyDictionary<string, string?> environment, ConfigProgram program = ConfigProgram.Server)
    {
        var options = new McrOptions();
        var errors = new List<string>();
        var failedKeys = new HashSet<string>(StringComparer.Ordinal);
        var baseDirectory = Environment.CurrentDirectory;
        if (tomlPath is not null)
        {
            var fullPath = Path.GetFullPath(tomlPath);
            if (!TryReadFile(fullPath, options, errors, failedKeys))
            {
                return LoadResult.Failure(errors);
            }

            baseDirectory = Path.GetDirectoryName(fullPath) ?? baseDirectory;
        }

        return Merge(errors, FromOptions(options, environment, baseDirectory, failedKeys, program));
    }

    /// <summary>
    /// For options built in code (<c>server --dev</c>): applies <paramref name="environment"/> overrides,
    /// then resolves paths against <paramref name="baseDirectory"/>, fills defaults and validates.
    /// <paramref name="options"/> is modified in place.
    /// </summary>
    /// <param name="program">What is validated (<c>mcr-web --dev</c>: <see cref="ConfigProgram.Web"/>).</param>
    public static LoadResult FromOptions(
        McrOptions options, IReadOnlyDictionary<string, string?> environment, string baseDirectory, ConfigProgram program = ConfigProgram.Server) =>
        FromOptions(options, environment, baseDirectory, new HashSet<string>(StringComparer.Ordinal), program);

    /// <summary>
    /// Applies every <c>MCR_&lt;SECTION&gt;_&lt;KEY&gt;</c> variable present (non-null) in
    /// <paramref name="environment"/> to <paramref name="options"/> in place. Lists are comma-separated.
    /// A bad value is an error naming the variable; an unknown variable under a known section
    /// (<c>MCR_GC_GRACE_PERIODS</c>) is a warning. Other <c>MCR_*</c> variables (e.g.
    /// <c>MCR_ADMIN_PASSWORD</c>) are not configuration and are ignored. Does not validate.
    /// </summary>
    public static LoadResult ApplyEnvironment(McrOptions options, IReadOnlyDictionary<string, string?> environment) =>
        ApplyEnvironment(options, environment, new HashSet<string>(StringComparer.Ordinal));

    /// <summary>
    /// Resolves relative paths against <paramref name="baseDirectory"/>, fills defaults
    /// (<c>storage.uploads_path</c>) and validates. <paramref name="options"/> is modified in place.
    /// </summary>
    public static LoadResult Complete(McrOptions options, string baseDirectory) =>
        Complete(options, baseDirectory, new HashSet<string>(StringComparer.Ordinal), ConfigProgram.Server);

    /// <summary>
    /// Start-up check that touches the disk: creates the storage directories if missing and proves
    /// that a directory can be renamed from uploads_path into layers_path (the commit of an upload is an
    /// atomic rename, impossible across filesystems). Returns the problems found; empty = fine.
    /// </summary>
    public static IReadOnlyList<string> ValidateStorage(McrOptions options) =>
        StorageLayoutCheck.Validate(options.Storage);

    /// <summary>The current process's <c>MCR_*</c> environment variables, for <see cref="Load"/>.</summary>
    public static IReadOnlyDictionary<string, string?> ProcessEnvironment()
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && name.StartsWith(VariablePrefix, StringComparison.Ordinal))
            {
                result[name] = entry.Value as string;
            }
        }

        return result;
    }

    private static LoadResult ApplyEnvironment(
        McrOptions options, IReadOnlyDictionary<string, string?> environment, HashSet<string> failedKeys)
    {
        var errors = new List<string>();
        var warnings = new List<string>();
        foreach (var (variable, text) in environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (text is null || !variable.StartsWith(VariablePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var key = ConfigKeys.FindByVariable(variable);
            if (key is null)
            {
                var rest = variable[VariablePrefix.Length..];
                var underscore = rest.IndexOf('_', StringComparison.Ordinal);
                if (underscore > 0 && ConfigKeys.IsSection(rest[..underscore].ToLowerInvariant()))
                {
                    warnings.Add($"{variable} is not a configuration variable and was ignored");
                }

                continue;
            }

            if (ConfigValueReader.TryFromText(key, variable, text, out var value, out var error))
            {
                key.Set(options, value);
                failedKeys.Remove(key.FullName);
            }
            else
            {
                errors.Add(error);
                failedKeys.Add(key.FullName);
            }
        }

        return errors.Count > 0 ? LoadResult.Failure(errors, warnings) : LoadResult.Success(options, warnings);
    }

    private static LoadResult FromOptions(McrOptions options, IReadOnlyDictionary<string, string?> environment,
        string baseDirectory, HashSet<string> failedKeys, ConfigProgram program)
    {
        var overridden = ApplyEnvironment(options, environment, failedKeys);
        var completed = Complete(options, baseDirectory, failedKeys, program);
        return Merge([.. overridden.Errors], completed, overridden.Warnings);
    }

    /// <param name="failedKeys">Keys whose value was already reported as bad: not reported again as missing.</param>
    private static LoadResult Complete(McrOptions options, string baseDirectory, IReadOnlySet<string> failedKeys, ConfigProgram program)
    {
        ConfigValidator.ResolvePaths(options, baseDirectory);
        List<string> errors;
        if (program == ConfigProgram.Web)
        {
            ConfigValidator.ApplyWebDefaults(options);
            errors = ConfigValidator.ValidateWeb(options, failedKeys);
        }
        else
        {
            ConfigValidator.ApplyDefaults(options);
            errors = ConfigValidator.Validate(options, failedKeys);
        }
        return errors.Count > 0 ? LoadResult.Failure(errors) : LoadResult.Success(options);
    }

    private static bool TryReadFile(string fullPath, McrOptions options, List<string> errors, HashSet<string> failedKeys)
    {
        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add($"cannot read config file {fullPath}: {ex.Message}");
            return false;
        }

        TomlTable root;
        try
        {
            // The strict syntax pass enforces TOML's semantic rules (duplicate keys, redefined tables),
            // which deserializing straight to TomlTable lets through (last value wins).
            SyntaxParser.ParseStrict(text, fullPath, validate: true);
            var tomlOptions = new TomlSerializerOptions
            {
                SourceName = fullPath,
                DuplicateKeyHandling = TomlDuplicateKeyHandling.Error,
                TypeInfoResolver = ConfigTomlContext.Default,
            };
            var tableInfo = (TomlTypeInfo<TomlTable>)ConfigTomlContext.Default.GetTypeInfo(typeof(TomlTable), tomlOptions)!;
            root = TomlSerializer.Deserialize(text, tableInfo) ?? new TomlTable();
        }
        catch (TomlException ex)
        {
            errors.Add($"config file {fullPath} is not valid TOML: {ex.Message.Trim()}");
            return false;
        }
        catch (ArgumentOutOfRangeException ex)
        {
            // Tomlyn's lexer throws this instead of a TomlException for an escape cut off by the end of the file.
            errors.Add($"config file {fullPath} is not valid TOML: {ex.Message.Trim()}");
            return false;
        }

        ReadTable(root, options, errors, failedKeys);
        return true;
    }

    private static void ReadTable(TomlTable root, McrOptions options, List<string> errors, HashSet<string> failedKeys)
    {
        var sectionList = string.Join(", ", ConfigKeys.Sections.Select(s => $"[{s.Name}]"));
        foreach (var (sectionName, sectionValue) in root)
        {
            if (!ConfigKeys.IsSection(sectionName))
            {
                errors.Add(sectionValue is TomlTable
                    ? $"unknown section [{sectionName}] (known sections: {sectionList})"
                    : $"unknown top-level key {sectionName} (every key belongs in a section: {sectionList})");
                continue;
            }

            if (sectionValue is not TomlTable section)
            {
                errors.Add($"{sectionName} must be a section ([{sectionName}]), not a value");
                continue;
            }

            foreach (var (name, value) in section)
            {
                var key = ConfigKeys.Find(sectionName, name);
                if (key is null)
                {
                    var known = string.Join(", ", ConfigKeys.All.Where(k => k.Section == sectionName).Select(k => k.Name));
                    errors.Add($"unknown key {sectionName}.{name} (known keys in [{sectionName}]: {known})");
                    continue;
                }

                if (ConfigValueReader.TryFromToml(key, value, out var typed, out var error))
                {
                    key.Set(options, typed);
                }
                else
                {
                    errors.Add(error);
                    failedKeys.Add(key.FullName);
                }
            }
        }
    }

    /// <summary>Prepends earlier errors (file, environment) to a later result.</summary>
    private static LoadResult Merge(List<string> errors, LoadResult later, IReadOnlyList<string>? warnings = null)
    {
        errors.AddRange(later.Errors);
        IReadOnlyList<string> allWarnings = [.. warnings ?? [], .. later.Warnings];
        return errors.Count > 0
            ? LoadResult.Failure(errors, allWarnings)
            : LoadResult.Success(later.Options!, allWarnings);
    }
}

/// <summary>Which program reads the configuration, and so which keys must be present and valid.</summary>
public enum ConfigProgram
{
    /// <summary><c>mcrsrv</c> (and the command lines on its data directory): SPEC §3's required keys.</summary>
    Server,

    /// <summary><c>mcr-web</c>: the <c>[web]</c> section, with <c>server.tls_cert</c>/<c>tls_key</c> as the TLS fallback.</summary>
    Web,
}
