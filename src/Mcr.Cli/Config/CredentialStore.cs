using System.Text.Json;

namespace Mcr.Cli.Config;

/// <summary>
/// The saved logins in <c>$XDG_CONFIG_HOME/mcr/credentials.json</c> (default <c>~/.config/mcr/</c>). The file holds
/// tokens, so it is created 0600 in a 0700 directory and replaced by rename (never half written, never briefly
/// readable by others); a file that others can read is reported, not silently used.
/// </summary>
internal sealed class CredentialStore(string path)
{
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateDirectory = PrivateFile | UnixFileMode.UserExecute;

    public string Path { get; } = path;

    /// <summary>The store under the user's configuration directory, or null when neither XDG_CONFIG_HOME nor HOME is set.</summary>
    public static CredentialStore? ForUser(Func<string, string?> environment)
    {
        var root = environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg
            ? xdg
            : environment("HOME") is { Length: > 0 } home ? System.IO.Path.Combine(home, ".config") : null;
        return root is null ? null : new CredentialStore(System.IO.Path.Combine(root, "mcr", "credentials.json"));
    }

    /// <summary>The saved logins (none when there is no file); a warning when the file is open to others.</summary>
    public SavedLogins Load(TextWriter warnings)
    {
        if (!File.Exists(Path))
        {
            return SavedLogins.Empty;
        }
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(Path) & ~PrivateFile) != 0)
        {
            warnings.WriteLine($"warning: {Path} is readable by other users; its tokens may be known to them (chmod 600 it, then mcrctl login again)");
        }
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(Path), ConfigJson.Default.SavedLogins) ?? SavedLogins.Empty;
        }
        catch (JsonException)
        {
            warnings.WriteLine($"warning: {Path} is not a credentials file mcrctl can read; ignoring it (mcrctl login writes a new one)");
            return SavedLogins.Empty;
        }
    }

    public void Save(SavedLogins logins)
    {
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, PrivateDirectory);
        }
        var temporary = $"{Path}.{Environment.ProcessId}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateFile;
        }
        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                JsonSerializer.Serialize(stream, logins, ConfigJson.Default.SavedLogins);
            }
            File.Move(temporary, Path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
