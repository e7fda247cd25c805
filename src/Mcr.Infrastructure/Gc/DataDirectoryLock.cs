namespace Mcr.Infrastructure.Gc;

/// <summary>
/// An exclusive, advisory lock on <c>&lt;data&gt;/mcrsrv.lock</c> (flock, released by the kernel when the
/// process dies). <see cref="GcLock"/> only coordinates inside one process, so the server holds this lock
/// for its lifetime and <c>mcrsrv gc</c> takes it before collecting: a GC from the command line can then
/// never run beside a server that is committing uploads, and two servers cannot share one data directory.
/// </summary>
public sealed class DataDirectoryLock : IDisposable
{
    public const string FileName = "mcrsrv.lock";

    private readonly FileStream _file;

    private DataDirectoryLock(FileStream file) => _file = file;

    /// <summary>The lock, or null when another process (or handle) holds it.</summary>
    public static DataDirectoryLock? TryAcquire(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        try
        {
            // FileShare.None is enforced with flock(LOCK_EX | LOCK_NB) on Unix.
            return new DataDirectoryLock(new FileStream(Path.Combine(dataDirectory, FileName), FileMode.OpenOrCreate,
                FileAccess.ReadWrite, FileShare.None, bufferSize: 1));
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _file.Dispose();
}
