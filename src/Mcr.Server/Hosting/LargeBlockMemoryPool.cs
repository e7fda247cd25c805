using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Connections;

namespace Mcr.Server.Hosting;

/// <summary>
/// The memory pool of Kestrel's connections, with 64 KiB blocks instead of the framework's 4 KiB. The
/// socket transport reads into the free part of one block, so with 4 KiB blocks a blob upload took one
/// <c>recv</c> per 2–4 KiB (131,000 per 256 MiB) and a 16 KiB TLS record arrived in several pieces;
/// the response side likewise handed TLS small writes. Large blocks let every layer move whole records.
/// Idle keep-alive connections hold no block (the transport waits for data before renting one).
/// </summary>
internal sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 64 * 1024;

    // Enough for the buffers of a few dozen busy connections; blocks beyond it go back to the GC.
    private const int MaxRetainedBlocks = 256;

    private readonly ConcurrentQueue<Block> _free = new();
    private int _freeCount;

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        if (minBufferSize > BlockSize)
        {
            return new Block(this, minBufferSize);
        }
        if (_free.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _freeCount);
            return block;
        }
        return new Block(this, BlockSize);
    }

    protected override void Dispose(bool disposing)
    {
        _free.Clear();
    }

    private void Return(Block block)
    {
        if (block.Memory.Length != BlockSize)
        {
            return; // an oversized one-off
        }
        if (Interlocked.Increment(ref _freeCount) > MaxRetainedBlocks)
        {
            Interlocked.Decrement(ref _freeCount);
            return;
        }
        _free.Enqueue(block);
    }

    /// <summary>A pinned array: the socket reads into it and TLS works on it without copies to fixed memory.</summary>
    private sealed class Block(LargeBlockMemoryPool pool, int length) : IMemoryOwner<byte>
    {
        public Memory<byte> Memory { get; } = MemoryMarshal.CreateFromPinnedArray(GC.AllocateUninitializedArray<byte>(length, pinned: true), 0, length);

        public void Dispose() => pool.Return(this);
    }
}

/// <summary>Hands Kestrel's transports a <see cref="LargeBlockMemoryPool"/> (replaces the framework's factory).</summary>
internal sealed class LargeBlockMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new LargeBlockMemoryPool();
}
