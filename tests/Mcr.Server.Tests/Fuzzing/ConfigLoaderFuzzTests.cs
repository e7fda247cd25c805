using FsCheck;
using FsCheck.Fluent;
using Mcr.Infrastructure.Configuration;
using Mcr.Testing;
using Mcr.Testing.Fuzzing;

namespace Mcr.Server.Tests.Fuzzing;

/// <summary>
/// <see cref="ConfigLoader.Load"/> never throws, whatever the file or the environment holds: a bad config
/// is a failed <see cref="LoadResult"/> with errors. Cases are a full valid file with values replaced by
/// other TOML values, text mutations of it, and mutated <c>MCR_*</c> overrides.
/// </summary>
public sealed class ConfigLoaderFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const string ValidFile = """
        [server]
        listen_addr = "127.0.0.1:8443"
        grpc_addr = ":9443"
        tls_cert = "certs/cert.pem"
        tls_key = "certs/key.pem"
        external_url = "https://registry.example.com"
        trusted_proxies = ["10.0.0.1", "192.168.0.0/16"]
        read_timeout = "10s"
        write_timeout = "5m"
        idle_timeout = "2m"
        shutdown_timeout = "1m30s"

        [database]
        path = "data/mcr.db"

        [storage]
        layers_path = "data/layers"
        uploads_path = "data/uploads"

        [mcias]
        server_url = ""
        service_name = "registry"
        tags = ["env:prod"]

        [identity]
        token_ttl = "12h"
        system_token_ttl = "720h"

        [gc]
        grace_period = "30m"
        upload_ttl = "48h"

        [web]
        listen_addr = "127.0.0.1:8081"
        grpc_addr = "localhost:9443"

        [log]
        level = "debug"
        format = "json"
        """;

    private static readonly string[] _lines = ValidFile.Split('\n');

    private static readonly Gen<string> _tomlValue = Gen.Elements(
        "\"\"", "\"0\"", "\"-1s\"", "\"79228162514264337593543950335h\"", "\"a\\u0000b\"", "\"/dev/null\"", "\"..\"", "\"\\\\\\\\?\\\\x\"",
        "\"" + new string('x', 5000) + "\"", "0", "-1", "9223372036854775807", "9223372036854775808", "1e400", "nan", "inf", "true",
        "[]", "[1, \"a\"]", "[[]]", "{}", "{ a = 1 }", "1979-05-27T07:32:00Z", "'''multi\nline'''", "\"host:99999\"", "\"[::1]:x\"",
        "\"https://\"", "\"ftp://x\"", "[\"300.1.1.1/99\"]", "\"trace\"", "\"TEXT\"");

    // A line's value replaced by another TOML value, or a line dropped, duplicated or turned into a header.
    private static readonly Gen<string> _lineMutated =
        from index in Gen.Choose(0, _lines.Length - 1)
        from value in _tomlValue
        from how in Gen.Choose(0, 3)
        select string.Join('\n', _lines.Select((line, i) => i != index ? line : how switch
        {
            0 when line.Contains('=') => line[..(line.IndexOf('=') + 1)] + " " + value,
            1 => "",
            2 => line + "\n" + line,
            _ => "[" + line + "]",
        }));

    private static readonly Gen<string> _file = Gen.Frequency(
        (1, Gen.Constant(ValidFile)),
        (5, _lineMutated),
        (3, Mutations.Of(ValidFile)),
        (1, Mutations.Junk(200)));

    private static readonly Gen<IReadOnlyDictionary<string, string?>> _environment =
        from count in Gen.Frequency((3, Gen.Constant(0)), (2, Gen.Choose(1, 3)))
        from variables in Gen.ArrayOf(
            from key in Gen.Elements("MCR_SERVER_LISTEN_ADDR", "MCR_SERVER_TRUSTED_PROXIES", "MCR_SERVER_READ_TIMEOUT", "MCR_DATABASE_PATH",
                "MCR_STORAGE_LAYERS_PATH", "MCR_GC_GRACE_PERIOD", "MCR_GC_GRACE_PERIODS", "MCR_LOG_LEVEL", "MCR_MCIAS_TAGS", "MCR_", "MCR_X_Y")
            from value in Mutations.Mixed(Gen.Elements("10s", ":8443", "10.0.0.1,10.0.0.0/8", "data/x.db", "info", "a,b,,c"))
            select (key, value), count)
        select (IReadOnlyDictionary<string, string?>)variables.DistinctBy(v => v.key).ToDictionary(v => v.key, v => (string?)v.value);

    private readonly TempDirectory _directory = new("mcr-config-fuzz");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Load_NeverThrows_FailsOnlyWithErrors()
    {
        var path = _directory.Combine("mcr.toml");
        Fuzz.Check(nameof(ConfigLoaderFuzzTests), Gen.Zip(_file, _environment), 1500, output.WriteLine, config =>
        {
            // Encoding.UTF8 writes a lone surrogate as U+FFFD, where File.WriteAllText would throw.
            File.WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(config.Item1));
            var result = ConfigLoader.Load(path, config.Item2);
            Assert.Equal(result.Succeeded, result.Errors.Count == 0);
            if (result.Succeeded)
            {
                Assert.True(result.Options!.Gc.GracePeriod >= TimeSpan.Zero);
            }
        }, config => $"{Fuzz.Printable(config.Item1)} with [{string.Join(", ", config.Item2.Select(v => $"{v.Key}={Fuzz.Printable(v.Value!)}"))}]");
    }

    [Theory]
    [InlineData("[server]\ntls_key = \"certs/ke\\")] // a backslash escape cut off by the end of the file
    [InlineData("[server]\ntls_key = \"\\")]
    public void Load_TruncatedEscape_IsInvalidToml(string toml)
    {
        var path = _directory.Combine("truncated.toml");
        File.WriteAllText(path, toml);

        var result = ConfigLoader.Load(path, new Dictionary<string, string?>());

        Assert.False(result.Succeeded);
        Assert.Contains("not valid TOML", result.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NulInAPathFromTheEnvironment_IsAnErrorNamingTheVariable()
    {
        var path = _directory.Combine("valid.toml");
        File.WriteAllText(path, ValidFile);

        var result = ConfigLoader.Load(path, new Dictionary<string, string?> { ["MCR_STORAGE_LAYERS_PATH"] = "data/\0layers" });

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Contains("MCR_STORAGE_LAYERS_PATH must not contain a NUL character", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_NulInAPathInTheFile_IsAnErrorNamingTheKey()
    {
        var path = _directory.Combine("nul.toml");
        File.WriteAllText(path, ValidFile.Replace("\"data/mcr.db\"", "\"data/\\u0000mcr.db\"", StringComparison.Ordinal));

        var result = ConfigLoader.Load(path, new Dictionary<string, string?>());

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Contains("database.path must not contain a NUL character", StringComparison.Ordinal));
    }
}
