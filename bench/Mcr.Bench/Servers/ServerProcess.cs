using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Mcr.Bench.Servers;

/// <summary>
/// A registry server started as a child process: its recent output (for error messages), its memory as
/// the kernel reports it (<c>/proc/&lt;pid&gt;/status</c>), and a kill of the whole tree on dispose.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private const int KeptLines = 200;
    private static readonly ConcurrentBag<Process> _started = [];
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private ServerProcess(Process process) => _process = process;

    /// <summary>Raised for every output line (stdout and stderr), on a thread-pool thread.</summary>
    public event Action<string>? LineReceived;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string RecentOutput => string.Join('\n', _lines);

    public static ServerProcess Start(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        // The developer's MCR_* settings must not change the server being measured.
        foreach (var key in startInfo.Environment.Keys.Where(k => k.StartsWith("MCR_", StringComparison.Ordinal)).ToList())
        {
            startInfo.Environment.Remove(key);
        }
        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }
        var process = new Process { StartInfo = startInfo };
        var server = new ServerProcess(process);
        process.OutputDataReceived += (_, e) => server.Record(e.Data);
        process.ErrorDataReceived += (_, e) => server.Record(e.Data);
        process.Start();
        _started.Add(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Safety net for Ctrl+C or SIGTERM: an aborted run must not leave a server behind.</summary>
    public static void KillAll()
    {
        foreach (var process in _started)
        {
            Kill(process);
        }
    }

    /// <summary>Resident set size now (VmRSS), in bytes; null once the process is gone.</summary>
    public long? ResidentBytes() => ReadStatus("VmRSS:");

    /// <summary>Peak resident set size since start (VmHWM), in bytes.</summary>
    public long? PeakResidentBytes() => ReadStatus("VmHWM:");

    /// <summary>CPU time (user + system) the server has used so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public async ValueTask DisposeAsync()
    {
        Kill(_process);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private long? ReadStatus(string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    var kb = line[field.Length..].Trim().Split(' ')[0];
                    return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        return null;
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }
        _lines.Enqueue(line);
        while (_lines.Count > KeptLines)
        {
            _lines.TryDequeue(out _);
        }
        LineReceived?.Invoke(line);
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }
}
