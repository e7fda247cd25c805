using System.Security.Cryptography;
using Mcr.Core.Digests;

namespace Mcr.Infrastructure.Storage;

/// <summary>
/// In-memory state of one upload, kept between requests so a PATCH does not re-hash what earlier
/// PATCHes wrote: the running sha256/sha512 and the number of file bytes they cover. The gate
/// allows one open handle at a time. Fields are only touched by the holder of <see cref="Gate"/>.
/// </summary>
internal sealed class UploadState : IDisposable
{
    private IncrementalHash? _sha256;
    private IncrementalHash? _sha512;

    /// <summary>Held by the one open handle (or by delete/commit) of this upload.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>File bytes covered by the hashes; -1 when unknown (new state, or a failed write).</summary>
    public long Offset { get; private set; } = -1;

    /// <summary>Set once the upload is committed or deleted; a waiter that then gets the gate must start over.</summary>
    public bool Retired { get; private set; }

    /// <summary>Starts both hashes over at offset 0.</summary>
    public void Reset()
    {
        DisposeHashes();
        _sha256 = Digest.CreateHasher(DigestAlgorithm.Sha256);
        _sha512 = Digest.CreateHasher(DigestAlgorithm.Sha512);
        Offset = 0;
    }

    /// <summary>Adds bytes that are now in the file (call only after the write succeeded).</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        if (_sha256 is null || _sha512 is null || Offset < 0)
        {
            throw new InvalidOperationException("upload hash state is not initialized");
        }
        _sha256.AppendData(data);
        _sha512.AppendData(data);
        Offset += data.Length;
    }

    /// <summary>Marks the hashes as not matching the file, so the next open re-hashes it.</summary>
    public void Invalidate() => Offset = -1;

    /// <summary>Digest of everything appended so far, without finishing the hash.</summary>
    public Digest Current(DigestAlgorithm algorithm)
    {
        var hasher = algorithm switch
        {
            DigestAlgorithm.Sha256 => _sha256,
            DigestAlgorithm.Sha512 => _sha512,
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
        };
        if (hasher is null || Offset < 0)
        {
            throw new InvalidOperationException("upload hash state is not initialized");
        }
        return Digest.FromHash(algorithm, hasher.GetCurrentHash());
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
        _sha512?.Dispose();
        _sha256 = null;
        _sha512 = null;
    }
}
