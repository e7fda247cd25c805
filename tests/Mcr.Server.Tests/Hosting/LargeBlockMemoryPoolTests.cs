using System.Runtime.CompilerServices;
using Mcr.Server.Hosting;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;

namespace Mcr.Server.Tests.Hosting;

public sealed class LargeBlockMemoryPoolTests
{
    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(LargeBlockMemoryPool.BlockSize)]
    public void Rent_UpToTheBlockSize_GivesAWholeBlock(int size)
    {
        using var pool = new LargeBlockMemoryPool();

        using var block = pool.Rent(size);

        Assert.Equal(LargeBlockMemoryPool.BlockSize, block.Memory.Length);
        Assert.Equal(LargeBlockMemoryPool.BlockSize, pool.MaxBufferSize);
    }

    [Fact]
    public void Rent_AfterAReturn_ReusesTheBlock()
    {
        using var pool = new LargeBlockMemoryPool();
        var first = pool.Rent();
        ref var firstByte = ref first.Memory.Span[0];
        first.Dispose();

        using var second = pool.Rent();

        Assert.True(Unsafe.AreSame(ref firstByte, ref second.Memory.Span[0]));
    }

    [Fact]
    public void Rent_LargerThanABlock_GivesThatSizeAndIsNotPooled()
    {
        using var pool = new LargeBlockMemoryPool();
        var large = pool.Rent(LargeBlockMemoryPool.BlockSize + 1);
        Assert.True(large.Memory.Length >= LargeBlockMemoryPool.BlockSize + 1);
        large.Dispose();

        using var next = pool.Rent();

        Assert.Equal(LargeBlockMemoryPool.BlockSize, next.Memory.Length);
    }

    [Fact]
    public async Task Server_GivesKestrelTheLargeBlockPool()
    {
        await using var server = await McrTestServer.StartAsync();

        // Kestrel's socket transport takes its pool from this service.
        Assert.IsType<LargeBlockMemoryPoolFactory>(server.Services.GetRequiredService<IMemoryPoolFactory<byte>>());
        using var client = server.CreateClient(await server.GetTokenAsync());
        var body = new byte[3 * LargeBlockMemoryPool.BlockSize + 5];
        Random.Shared.NextBytes(body);
        var digest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body));
        using var push = await client.PostAsync($"/v2/pool/test/blobs/uploads/?digest={digest}", new ByteArrayContent(body));
        Assert.Equal(System.Net.HttpStatusCode.Created, push.StatusCode);
        Assert.Equal(body, await client.GetByteArrayAsync($"/v2/pool/test/blobs/{digest}"));
    }
}
