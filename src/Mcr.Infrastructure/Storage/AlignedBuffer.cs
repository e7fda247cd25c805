using System.Buffers;
using System.Runtime.InteropServices;

namespace Mcr.Infrastructure.Storage;

/// <summary>
/// A pooled array, pinned while rented, seen through a window that starts at a <see cref="DirectIo.Alignment"/>
/// boundary and is a multiple of it long, so the window can be handed to a direct write.
/// </summary>
internal sealed class AlignedBuffer : IDisposable
{
    private readonly byte[] _array;
    private GCHandle _pin;

    /// <param name="size">Bytes to rent; the window is up to one alignment unit shorter.</param>
    public AlignedBuffer(int size)
    {
        _array = ArrayPool<byte>.Shared.Rent(size);
        _pin = GCHandle.Alloc(_array, GCHandleType.Pinned);
        var misalignment = (int)(_pin.AddrOfPinnedObject() & (DirectIo.Alignment - 1));
        var skip = misalignment == 0 ? 0 : DirectIo.Alignment - misalignment;
        var length = (Math.Min(size, _array.Length) - skip) & ~(DirectIo.Alignment - 1);
        Memory = _array.AsMemory(skip, length);
    }

    /// <summary>The aligned window; valid until <see cref="Dispose"/>.</summary>
    public Memory<byte> Memory { get; }

    public void Dispose()
    {
        if (_pin.IsAllocated)
        {
            _pin.Free();
            ArrayPool<byte>.Shared.Return(_array);
        }
    }
}
