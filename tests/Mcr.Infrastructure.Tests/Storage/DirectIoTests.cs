using System.Globalization;
using Mcr.Infrastructure.Storage;
using Mcr.Testing;
using Microsoft.Win32.SafeHandles;

namespace Mcr.Infrastructure.Tests.Storage;

public sealed class DirectIoTests
{
    /// <summary>O_DIRECT as /proc shows it (octal 040000 on x86-64, 0200000 on arm64).</summary>
    private static readonly int _directFlag = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture
        is System.Runtime.InteropServices.Architecture.Arm64 or System.Runtime.InteropServices.Architecture.Arm ? 0x10000 : 0x4000;

    [Fact]
    public void Supported_OnLinux()
    {
        Assert.Equal(OperatingSystem.IsLinux(), DirectIo.Supported);
    }

    [SkippableFact]
    public void TrySet_RegularFile_TurnsTheKernelFlagOnAndOff()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "O_DIRECT is Linux only");
        using var directory = new TempDirectory();
        using var file = File.OpenHandle(directory.Combine("f"), FileMode.CreateNew, FileAccess.ReadWrite);

        Assert.True(DirectIo.TrySet(file, true));
        Assert.True(HasDirectFlag(file));
        Assert.True(DirectIo.TrySet(file, true)); // already on: no change, still true
        Assert.True(DirectIo.TrySet(file, false));
        Assert.False(HasDirectFlag(file));
    }

    [SkippableFact]
    public void TrySet_DeviceWithoutDirectIo_ReturnsFalseAndLeavesItBuffered()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "O_DIRECT is Linux only");
        using var device = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Write);

        Assert.False(DirectIo.TrySet(device, true));
        Assert.False(HasDirectFlag(device));
    }

    [SkippableFact]
    public void DirectWrite_Misaligned_ThrowsIOException()
    {
        // The upload falls back to a buffered write when a direct one throws IOException (a device that
        // wants more alignment than DirectIo.Alignment): the refusal must surface as that type.
        Skip.IfNot(OperatingSystem.IsLinux(), "O_DIRECT is Linux only");
        using var directory = new TempDirectory();
        using var file = File.OpenHandle(directory.Combine("f"), FileMode.CreateNew, FileAccess.ReadWrite);
        using var buffer = new AlignedBuffer(3 * DirectIo.Alignment);
        Assert.True(DirectIo.TrySet(file, true));

        RandomAccess.Write(file, buffer.Memory.Span[..DirectIo.Alignment], 0);
        Assert.Throws<IOException>(() => RandomAccess.Write(file, buffer.Memory.Span.Slice(1, DirectIo.Alignment), DirectIo.Alignment));
        Assert.Equal(DirectIo.Alignment, RandomAccess.GetLength(file));
    }

    /// <summary>Whether the kernel has O_DIRECT set on the open file (from <c>/proc/self/fdinfo</c>).</summary>
    internal static bool HasDirectFlag(SafeFileHandle file)
    {
        var fd = file.DangerousGetHandle().ToInt32();
        var flags = File.ReadLines($"/proc/self/fdinfo/{fd}").First(l => l.StartsWith("flags:", StringComparison.Ordinal));
        return (Convert.ToInt32(flags["flags:".Length..].Trim(), 8) & _directFlag) != 0;
    }

    /// <summary>Whether some open file of this process is <paramref name="path"/> with O_DIRECT set.</summary>
    /// <remarks>Tests running in parallel open and close files meanwhile: a descriptor that vanishes is
    /// skipped, and one is believed only if it still names <paramref name="path"/> after its flags were read.</remarks>
    internal static bool IsOpenWithDirectFlag(string path)
    {
        foreach (var link in Directory.EnumerateFiles("/proc/self/fd"))
        {
            try
            {
                if (Target(link) != path)
                {
                    continue;
                }
                var fd = int.Parse(Path.GetFileName(link), CultureInfo.InvariantCulture);
                using var handle = new SafeFileHandle(fd, ownsHandle: false);
                if (HasDirectFlag(handle) && Target(link) == path)
                {
                    return true;
                }
            }
            catch (IOException)
            {
            }
        }
        return false;
    }

    private static string? Target(string link) => File.ResolveLinkTarget(link, returnFinalTarget: false)?.FullName;
}
