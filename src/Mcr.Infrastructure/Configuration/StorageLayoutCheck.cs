namespace Mcr.Infrastructure.Configuration;

/// <summary>
/// Proves that storage.uploads_path and storage.layers_path are on the same filesystem, because
/// committing an upload is an atomic rename(2) from one to the other. .NET exposes no st_dev, and
/// mount-table parsing is fooled by bind mounts and overlays, so the check performs a real rename.
/// </summary>
internal static class StorageLayoutCheck
{
    /// <summary>Linux errno for "cross-device link"; .NET puts the raw errno in IOException.HResult.</summary>
    private const int Exdev = 18;

    public static IReadOnlyList<string> Validate(StorageOptions storage)
    {
        var errors = new List<string>();
        if (storage.LayersPath.Length == 0 || storage.UploadsPath.Length == 0)
        {
            // Reported by ConfigLoader.Load; nothing to probe.
            return errors;
        }

        if (!TryCreate("storage.layers_path", storage.LayersPath, errors) |
            !TryCreate("storage.uploads_path", storage.UploadsPath, errors))
        {
            return errors;
        }

        // A directory, not a file: File.Move silently falls back to copy+delete on EXDEV,
        // whereas Directory.Move surfaces rename(2)'s EXDEV as an IOException.
        var probeName = $".mcr-fs-probe-{Guid.NewGuid():N}";
        var source = Path.Combine(storage.UploadsPath, probeName);
        var target = Path.Combine(storage.LayersPath, probeName);
        try
        {
            Directory.CreateDirectory(source);
            Directory.Move(source, target);
        }
        catch (IOException ex) when (ex.HResult == Exdev)
        {
            errors.Add($"storage.uploads_path ({storage.UploadsPath}) and storage.layers_path ({storage.LayersPath}) must be on the same filesystem");
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

    private static bool TryCreate(string key, string path, List<string> errors)
    {
        try
        {
            Directory.CreateDirectory(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{key} ({path}) cannot be created: {ex.Message}");
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
