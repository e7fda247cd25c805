using System.Diagnostics;
using Mcr.Testing;

namespace Mcr.Server.Tests.Reliability;

/// <summary>
/// A small tmpfs mounted on a temp directory, so a test can fill a real filesystem or make it read-only.
/// Mounting needs root: without it the test fails on CI (<c>CI=true</c>, where it runs as root) and is
/// skipped elsewhere, with the reason.
/// </summary>
public sealed class TmpfsMount : IDisposable
{
    private readonly TempDirectory _directory;

    private TmpfsMount(TempDirectory directory) => _directory = directory;

    public string Path => _directory.Path;

    public static TmpfsMount Create(string name, long bytes, ITestOutputHelper output)
    {
        var directory = new TempDirectory(name);
        var (exit, error) = Run("mount", "-t", "tmpfs", "-o", $"size={bytes}", "tmpfs", directory.Path);
        if (exit == 0)
        {
            return new TmpfsMount(directory);
        }
        directory.Dispose();
        var message = $"cannot mount a tmpfs ({error.Trim()}); this test needs root";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"{message}, which CI has");
        }
        output.WriteLine($"SKIPPED: {message}");
        throw new SkipException(message);
    }

    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Remounts read-only (true) or read-write (false), keeping the contents.</summary>
    public void SetReadOnly(bool readOnly)
    {
        var (exit, error) = Run("mount", "-o", readOnly ? "remount,ro" : "remount,rw", Path);
        Assert.True(exit == 0, $"remount failed: {error}");
    }

    /// <summary>Fills the filesystem with one file until the kernel says it is full, then gives back <paramref name="spare"/> bytes.</summary>
    public string Fill(long spare)
    {
        var filler = Combine("filler");
        using (var stream = new FileStream(filler, FileMode.Create, FileAccess.Write))
        {
            var block = new byte[64 * 1024];
            try
            {
                while (true)
                {
                    stream.Write(block);
                    stream.Flush();
                }
            }
            catch (IOException)
            {
                // ENOSPC: full
            }
            stream.SetLength(Math.Max(0, stream.Position - spare));
        }
        return filler;
    }

    public void Dispose()
    {
        Run("umount", "-l", Path);
        _directory.Dispose();
    }

    private static (int Exit, string Error) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, error);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
