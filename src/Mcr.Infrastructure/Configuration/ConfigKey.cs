namespace Mcr.Infrastructure.Configuration;

/// <summary>How a key's text is interpreted.</summary>
internal enum ConfigValueKind
{
    /// <summary>Plain string.</summary>
    Text,

    /// <summary>A filesystem path; relative values are resolved against the config file's directory.</summary>
    Path,

    /// <summary>A <see cref="DurationParser"/> duration, held as <see cref="TimeSpan"/>.</summary>
    Duration,

    /// <summary>A TOML array of strings; comma-separated in an environment variable.</summary>
    List,
}

/// <summary>
/// One configuration key: where it lives in TOML, its environment variable, and how to read/write it
/// on <see cref="McrOptions"/>. Values are boxed as <see cref="string"/>, <see cref="TimeSpan"/> or
/// <see cref="List{T}"/> of string according to <see cref="Kind"/>.
/// </summary>
internal sealed record ConfigKey(
    string Section,
    string Name,
    ConfigValueKind Kind,
    bool Required,
    string Description,
    Func<McrOptions, object> Get,
    Action<McrOptions, object> Set)
{
    /// <summary><c>section.key</c>, the name used in every message.</summary>
    public string FullName => $"{Section}.{Name}";

    /// <summary><c>MCR_SECTION_KEY</c>.</summary>
    public string EnvironmentVariable => $"MCR_{Section.ToUpperInvariant()}_{Name.ToUpperInvariant()}";
}
