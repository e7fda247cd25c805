using System.Runtime.InteropServices;

namespace Mcr.Infrastructure.Storage;

/// <summary>
/// fsync of a directory, so a rename into it survives a power loss. .NET cannot open a directory
/// as a file handle (<see cref="File.OpenHandle"/> refuses directories), so this calls libc
/// directly; where that is impossible it does nothing and reports false.
/// </summary>
internal static partial class DirectorySync
{
    // O_RDONLY is 0 on every Unix; no other flag is needed to fsync a directory.
    private const int ReadOnly = 0;

    private static bool _unavailable = OperatingSystem.IsWindows();

    /// <summary>Flushes the directory entry table of <paramref name="directory"/>; false if it could not.</summary>
    public static bool TryFsync(string directory)
    {
        if (_unavailable)
        {
            return false;
        }
        try
        {
            var fd = Open(directory, ReadOnly);
            if (fd < 0)
            {
                return false;
            }
            try
            {
                return Fsync(fd) == 0;
            }
            finally
            {
                _ = Close(fd);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _unavailable = true;
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Close(int fd);
}
