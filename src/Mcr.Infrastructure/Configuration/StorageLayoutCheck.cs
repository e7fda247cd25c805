namespace Mcr.Infrastructure.Configuration;

/// <summary>
/// Proves that storage.uploads_path and storage.layers_path are on the same filesystem, because
/// committing an upload is an atomic rename(2) from one to the other. .NET exposes no st_dev, and
/// mount-table parsing is fooled by bind mounts and overlays, so the check performs a real rename.
/// </summary>
internal static class StorageLayoutCheck
{
    public static IReadOnlyList<string> Validate(StorageOptions storage)
    {
        var errors = new List<string>();
        if (storage.LayersPath.Length == 0 || storage.UploadsPath.Length == 0)
        {
            // Reported by ConfigLoader.Load; nothing to probe.
            return errors;
        }

        var probeName = $".mcr-fs-probe-{Guid.NewGuid():N}";
        var source = Path.Combine(storage.UploadsPath, probeName);
        var target = Path.Combine(storage.LayersPath, probeName);
        try
        {
            // Both probes first: once both directories are known writable, a failed rename between
            // them can only mean different filesystems. The errno is not used because .NET does not
            // report it reliably for Directory.Move (under the test host EXDEV surfaced as
            // "Unknown error 203"). A directory rather than a file: File.Move silently falls back to
            // copy+delete across filesystems.
            if (!TryCreate("storage.layers_path", storage.LayersPath, target, errors) |
                !TryCreate("storage.uploads_path", storage.UploadsPath, source, errors))
            {
                return errors;
            }

            Directory.Delete(target);
            try
            {
                Directory.Move(source, target);
            }
            catch (IOException)
            {
                errors.Add($"storage.uploads_path ({storage.UploadsPath}) and storage.layers_path ({storage.LayersPath}) must be on the same filesystem");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add($"storage.uploads_path ({storage.UploadsPath}) and storage.layers_path ({storage.LayersPath}) could not be checked: {ex.Message}");
        }
        finally
        {
            TryDelete(source);
            TryDelete(target);
        }

        return errors;
    }

    /// <summary>Creates <paramref name="directory"/> (if missing) and the probe inside it.</summary>
    private static bool TryCreate(string key, string directory, string probe, List<string> errors)
    {
        try
        {
            Directory.CreateDirectory(directory);
            Directory.CreateDirectory(probe);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{key} ({directory}) is not a writable directory: {ex.Message}");
            return false;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover empty probe directory is harmless.
        }
    }
}
