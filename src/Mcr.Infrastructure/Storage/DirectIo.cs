using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Mcr.Infrastructure.Storage;

/// <summary>
/// Switches <c>O_DIRECT</c> on and off for an open file (Linux), so upload writes bypass the page cache.
/// .NET has no option for it on Unix (<see cref="FileOptions"/> has none), so this calls <c>fcntl</c>.
/// Direct writes need their memory address, file offset and length aligned to <see cref="Alignment"/>;
/// callers write the unaligned rest with the flag off.
/// </summary>
internal static class DirectIo
{
    /// <summary>
    /// Alignment of memory, offset and length of a direct write: the page size, which covers the 512 B and
    /// 4 KiB logical blocks of the disks and filesystems a registry runs on.
    /// </summary>
    public const int Alignment = 4096;

    private const int GetStatusFlags = 3; // F_GETFL
    private const int SetStatusFlags = 4; // F_SETFL

    // The flag's value depends on the architecture: asm-generic (x86, x86-64) uses 040000, arm and arm64 0200000.
    private static readonly int _directFlag = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 or Architecture.X86 => 0x4000,
        Architecture.Arm64 or Architecture.Arm => 0x10000,
        _ => 0,
    };

    private static bool _unavailable = !OperatingSystem.IsLinux() || _directFlag == 0;

    /// <summary>True where direct I/O can be asked for at all (Linux on x86 or arm).</summary>
    public static bool Supported => !_unavailable;

    /// <summary>
    /// Turns direct I/O on or off for <paramref name="file"/>. False if it could not (the filesystem refuses
    /// <c>O_DIRECT</c>, as tmpfs did before Linux 6.6, or the platform has no such flag); the file is then
    /// unchanged and plain buffered writes still work.
    /// </summary>
    public static bool TrySet(SafeFileHandle file, bool direct)
    {
        if (_unavailable)
        {
            return false;
        }
        try
        {
            var flags = Fcntl(file, GetStatusFlags, 0);
            if (flags < 0)
            {
                return false;
            }
            var wanted = direct ? flags | _directFlag : flags & ~_directFlag;
            return wanted == flags || Fcntl(file, SetStatusFlags, wanted) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _unavailable = true;
            return false;
        }
    }

    // fcntl is variadic in C; on Linux (x86-64 and arm64 calling conventions) an int third argument is
    // passed exactly as a fixed parameter would be.
    [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Fcntl(SafeFileHandle fd, int command, int argument);
}
