using System.Buffers;
using Mcr.Core.Manifests;

namespace Mcr.Server.Oci;

/// <summary>Outcome of reading a manifest body: the bytes, or why there are none.</summary>
internal enum ManifestBodyStatus
{
    Read,
    TooLarge,
    Incomplete,
}

/// <summary>
/// Reads a pushed manifest into memory with a hard limit of <see cref="ManifestLimits.MaxSize"/>: a larger
/// <c>Content-Length</c> is refused before a byte is read, and a body without one is cut off as soon as it
/// passes the limit, so a client can never make the registry buffer more than the limit.
/// </summary>
internal static class ManifestBody
{
    private const int ChunkSize = 16 * 1024;

    public static async Task<(ManifestBodyStatus Status, byte[] Content)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } length)
        {
            if (length > ManifestLimits.MaxSize)
            {
                return (ManifestBodyStatus.TooLarge, []);
            }
            var content = new byte[length];
            var total = 0;
            while (total < content.Length)
            {
                var read = await request.Body.ReadAsync(content.AsMemory(total), cancellationToken);
                if (read == 0)
                {
                    return (ManifestBodyStatus.Incomplete, []);
                }
                total += read;
            }
            return (ManifestBodyStatus.Read, content);
        }
        return await ReadUnknownLengthAsync(request.Body, cancellationToken);
    }

    private static async Task<(ManifestBodyStatus Status, byte[] Content)> ReadUnknownLengthAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(ChunkSize);
        while (true)
        {
            var read = await body.ReadAsync(buffer.GetMemory(ChunkSize), cancellationToken);
            if (read == 0)
            {
                return (ManifestBodyStatus.Read, buffer.WrittenSpan.ToArray());
            }
            buffer.Advance(read);
            if (buffer.WrittenCount > ManifestLimits.MaxSize)
            {
                return (ManifestBodyStatus.TooLarge, []);
            }
        }
    }
}
