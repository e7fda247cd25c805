using Tomlyn.Model;
using Tomlyn.Serialization;

namespace Mcr.Infrastructure.Configuration;

/// <summary>
/// Source-generated TOML metadata: the config file is read as a plain table without reflection,
/// which Native AOT cannot do.
/// </summary>
[TomlSerializable(typeof(TomlTable))]
internal sealed partial class ConfigTomlContext : TomlSerializerContext;
