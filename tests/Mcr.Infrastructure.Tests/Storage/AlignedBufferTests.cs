using System.Runtime.InteropServices;
using Mcr.Infrastructure.Storage;

namespace Mcr.Infrastructure.Tests.Storage;

public sealed class AlignedBufferTests
{
    [Theory]
    [InlineData(DirectIo.Alignment)]
    [InlineData(1024 * 1024)]
    [InlineData(1024 * 1024 + 100)]
    public void Memory_StartsOnABoundaryAndIsAMultipleOfTheAlignment(int size)
    {
        using var buffer = new AlignedBuffer(size);

        Assert.True(MemoryMarshal.TryGetArray<byte>(buffer.Memory, out var segment));
        var address = Marshal.UnsafeAddrOfPinnedArrayElement(segment.Array!, segment.Offset); // pinned by the buffer
        Assert.Equal(0, address % DirectIo.Alignment);
        Assert.Equal(0, buffer.Memory.Length % DirectIo.Alignment);
        Assert.InRange(buffer.Memory.Length, size - 2 * DirectIo.Alignment + 1, size);
    }
}
