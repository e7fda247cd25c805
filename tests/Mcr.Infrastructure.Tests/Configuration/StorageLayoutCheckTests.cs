using System.Diagnostics;
using Mcr.Infrastructure.Configuration;
using Mcr.Testing;
using Xunit.Abstractions;

namespace Mcr.Infrastructure.Tests.Configuration;

public sealed class StorageLayoutCheckTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new("mcr-config-storage");
    private readonly List<string> _extraDirectories = [];

    public void Dispose()
    {
        _dir.Dispose();
        foreach (var d in _extraDirectories)
        {
            if (Directory.Exists(d))
            {
                Directory.Delete(d, recursive: true);
            }
        }
    }

    [Fact]
    public void ValidateStorage_SameFilesystem_SucceedsCreatesDirectoriesAndLeavesNoProbe()
    {
        var options = Options(_dir.Combine("data", "layers"), _dir.Combine("data", "uploads"));

        var errors = ConfigLoader.ValidateStorage(options);

        Assert.Empty(errors);
        Assert.Empty(Directory.GetFileSystemEntries(options.Storage.LayersPath));
        Assert.Empty(Directory.GetFileSystemEntries(options.Storage.UploadsPath));
    }

    [Fact]
    public void ValidateStorage_AfterLoadWithDefaultUploads_Succeeds()
    {
        var path = ConfigFiles.Write(_dir, ConfigFiles.Minimal());
        var loaded = ConfigLoader.Load(path, ConfigFiles.NoEnvironment);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Errors));

        Assert.Empty(ConfigLoader.ValidateStorage(loaded.Options));
        Assert.True(Directory.Exists(_dir.Combine("data", "uploads")));
    }

    [Fact]
    public void ValidateStorage_DifferentFilesystems_NeedsTwoFilesystems_Refused()
    {
        var pair = FindDirectoriesOnDifferentFilesystems();
        if (pair is null)
        {
            output.WriteLine("SKIPPED: no two writable directories on different filesystems were found.");
            return;
        }

        var (uploadsRoot, layersRoot) = pair.Value;
        output.WriteLine($"uploads under {uploadsRoot}, layers under {layersRoot}");
        var uploads = Path.Combine(uploadsRoot, $"mcr-fs-{Guid.NewGuid():N}");
        var layers = Path.Combine(layersRoot, $"mcr-fs-{Guid.NewGuid():N}");
        _extraDirectories.AddRange([uploads, layers]);

        var errors = ConfigLoader.ValidateStorage(Options(layers, uploads));

        Assert.Equal(
            [$"storage.uploads_path ({uploads}) and storage.layers_path ({layers}) must be on the same filesystem"],
            errors);
        Assert.Empty(Directory.GetFileSystemEntries(uploads));
        Assert.Empty(Directory.GetFileSystemEntries(layers));
    }

    [Fact]
    public void ValidateStorage_PathIsAFile_ReportsKey()
    {
        var file = _dir.Combine("not-a-dir");
        File.WriteAllText(file, "x");

        var errors = ConfigLoader.ValidateStorage(Options(file, _dir.Combine("uploads")));

        Assert.StartsWith("storage.layers_path", Assert.Single(errors), StringComparison.Ordinal);
    }

    private static McrOptions Options(string layers, string uploads)
    {
        var options = new McrOptions();
        options.Storage.LayersPath = layers;
        options.Storage.UploadsPath = uploads;
        return options;
    }

    /// <summary>
    /// Two writable directories with different device numbers (<c>stat -c %d</c>); typically /dev/shm
    /// (tmpfs) and the temp directory on the root filesystem.
    /// </summary>
    private (string, string)? FindDirectoriesOnDifferentFilesystems()
    {
        string[] candidates = ["/dev/shm", _dir.Path, "/var/tmp", "/run/user", AppContext.BaseDirectory];
        var devices = new List<(string Path, string Device)>();
        foreach (var candidate in candidates.Where(Directory.Exists))
        {
            var device = DeviceOf(candidate);
            if (device is not null && IsWritable(candidate))
            {
                devices.Add((candidate, device));
            }
        }

        foreach (var a in devices)
        {
            foreach (var b in devices.Where(b => b.Device != a.Device))
            {
                return (a.Path, b.Path);
            }
        }

        return null;
    }

    private string? DeviceOf(string path)
    {
        try
        {
            var psi = new ProcessStartInfo("stat", ["-c", "%d", path]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(psi)!;
            var text = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            output.WriteLine($"stat -c %d {path}: {text} (exit {process.ExitCode})");
            return process.ExitCode == 0 && text.Length > 0 ? text : null;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            output.WriteLine($"cannot run stat: {ex.Message}");
            return null;
        }
    }

    private static bool IsWritable(string directory)
    {
        var probe = Path.Combine(directory, $".mcr-write-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(probe);
            Directory.Delete(probe);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
