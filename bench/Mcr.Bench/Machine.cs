using System.Diagnostics;
using System.Globalization;

namespace Mcr.Bench;

/// <summary>Facts about the machine and tools, for the report.</summary>
internal static class Machine
{
    public static string Describe()
    {
        var cpu = ReadFirst("/proc/cpuinfo", "model name") ?? "unknown CPU";
        var memoryKb = ReadFirst("/proc/meminfo", "MemTotal")?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        var memory = long.TryParse(memoryKb, CultureInfo.InvariantCulture, out var kb) ? $"{kb / 1048576.0:0} GiB RAM" : "RAM unknown";
        return $"{Environment.ProcessorCount} cores ({cpu}), {memory}";
    }

    /// <summary>The first line of <c>&lt;tool&gt; --version</c>, or empty.</summary>
    public static string ToolVersion(string tool)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(tool, "--version") { RedirectStandardOutput = true, RedirectStandardError = true });
            if (process is null)
            {
                return "";
            }
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return text.Split('\n')[0].Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "";
        }
    }

    /// <summary>The repository's <c>bench/</c> folder (above this build's output), else the current directory.</summary>
    public static string BenchDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Mcr.slnx")))
            {
                return Path.Combine(directory.FullName, "bench");
            }
        }
        return Directory.GetCurrentDirectory();
    }

    private static string? ReadFirst(string file, string key)
    {
        try
        {
            var line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            return line?[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
