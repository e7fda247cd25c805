using Mcr.Infrastructure;
using Mcr.Infrastructure.Configuration;

namespace Mcr.Server.Cli;

/// <summary>Validated options plus where the registry keeps its data (the database's directory).</summary>
public sealed record McrSettings(McrOptions Options, string DataDirectory, bool IsDev)
{
    /// <summary>
    /// Loads a config file, or for <c>--dev</c> the development defaults under <paramref name="devDataDirectory"/>
    /// (creating its TLS certificate on first use). <c>MCR_*</c> variables override either.
    /// Prints each problem to <paramref name="errors"/> and returns null if there is any. With
    /// <paramref name="checkStorage"/> the storage directories are created and checked (<see cref="ConfigLoader.ValidateStorage"/>).
    /// </summary>
    public static McrSettings? Load(string? configPath, string? devDataDirectory, TextWriter errors, bool checkStorage = true)
    {
        var environment = ConfigLoader.ProcessEnvironment();
        var result = devDataDirectory is not null
            ? ConfigLoader.FromOptions(DevDefaults.Create(devDataDirectory), environment, devDataDirectory)
            : ConfigLoader.Load(configPath, environment);
        foreach (var warning in result.Warnings)
        {
            errors.WriteLine($"config warning: {warning}");
        }
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                errors.WriteLine($"config error: {error}");
            }
            return null;
        }
        var options = result.Options;
        if (devDataDirectory is not null)
        {
            DevDefaults.EnsureCertificate(options);
        }
        var storageErrors = checkStorage ? ConfigLoader.ValidateStorage(options) : [];
        foreach (var error in storageErrors)
        {
            errors.WriteLine($"config error: {error}");
        }
        if (storageErrors.Count > 0)
        {
            return null;
        }
        var dataDirectory = InfrastructureServiceCollectionExtensions.DataDirectoryOf(options);
        return new McrSettings(options, dataDirectory, devDataDirectory is not null);
    }
}
