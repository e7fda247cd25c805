namespace Mcr.Testing;

/// <summary>The checkout the tests run from: the first directory above the test assembly that holds Mcr.slnx.</summary>
public static class RepositoryRoot
{
    /// <summary>The repository root, or null when the tests do not run inside a checkout.</summary>
    public static DirectoryInfo? Find(DirectoryInfo? start = null)
    {
        for (var directory = start ?? new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Mcr.slnx")))
            {
                return directory;
            }
        }
        return null;
    }

    /// <summary>A path inside the repository, e.g. <c>Combine("deploy", "examples", "mcr.toml")</c>.</summary>
    public static string Combine(params string[] parts) =>
        System.IO.Path.Combine([(Find() ?? throw new DirectoryNotFoundException($"no Mcr.slnx above {AppContext.BaseDirectory}")).FullName, .. parts]);
}
