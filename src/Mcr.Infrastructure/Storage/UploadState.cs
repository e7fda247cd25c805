using System.Security.Cryptography;
using Mcr.Core.Digests;

namespace Mcr.Infrastructure.Storage;

/// <summary>
/// In-memory state of one upload, kept between requests so a PATCH does not re-hash what earlier
/// PATCHes wrote: the running sha256 and the number of file bytes it covers. The gate allows one
/// open handle at a time. Fields are only touched by the holder of <see cref="Gate"/>.
/// Only sha256 runs incrementally: nearly every client uses it, and a second (sha512) hash of every
/// byte halved push throughput. A sha512 commit re-reads the file once instead (<see cref="FileSystemBlobUpload"/>).
/// </summary>
internal sealed class UploadState : IDisposable
{
    private IncrementalHash? _sha256;

    /// <summary>Held by the one open handle (or by delete/commit) of this upload.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>File bytes covered by the hash; -1 when unknown (new state, or a failed write).</summary>
    public long Offset { get; private set; } = -1;

    /// <summary>Set once the upload is committed or deleted; a waiter that then gets the gate must start over.</summary>
    public bool Retired { get; private set; }

    /// <summary>Starts the hash over at offset 0.</summary>
    public void Reset()
    {
        DisposeHashes();
        _sha256 = Digest.CreateHasher(DigestAlgorithm.Sha256);
        Offset = 0;
    }

    /// <summary>Adds bytes that are now in the file (call only after the write succeeded).</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        if (_sha256 is null || Offset < 0)
        {
            throw new InvalidOperationException("upload hash state is not initialized");
        }
        _sha256.AppendData(data);
        Offset += data.Length;
    }

    /// <summary>Marks the hashes as not matching the file, so the next open re-hashes it.</summary>
    public void Invalidate() => Offset = -1;

    /// <summary>sha256 digest of everything appended so far, without finishing the hash.</summary>
    public Digest CurrentSha256()
    {
        if (_sha256 is null || Offset < 0)
        {
            throw new InvalidOperationException("upload hash state is not initialized");
        }
        return Digest.FromHash(DigestAlgorithm.Sha256, _sha256.GetCurrentHash());
    }

    /// <summary>Ends this state's life; the caller removes it from the store's map while holding the gate.</summary>
    public void Retire()
    {
        Retired = true;
        DisposeHashes();
        Offset = -1;
    }

    // The gate is not disposed: waiters may still be queued on it and must be able to observe Retired.
    public void Dispose() => DisposeHashes();

    private void DisposeHashes()
    {
        _sha256?.Dispose();
        _sha256 = null;
    }
}
