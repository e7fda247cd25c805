using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Mcr.Core.Digests;

namespace Mcr.EndToEnd.Tests.Images;

/// <summary>A real gzip'ed tar layer of random files, plus its diff_id (digest of the uncompressed tar).</summary>
public sealed record GeneratedLayer(byte[] Compressed, string DiffId)
{
    private static DateTimeOffset Epoch => new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A layer of <paramref name="files"/> random (incompressible) files of <paramref name="fileSize"/> bytes.</summary>
    public static GeneratedLayer Create(int files, int fileSize)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            var directory = $"e2e-{Guid.NewGuid():N}/";
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, directory) { ModificationTime = Epoch, Mode = (UnixFileMode)0b111_101_101 });
            for (var i = 0; i < files; i++)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, $"{directory}file-{i}.bin")
                {
                    ModificationTime = Epoch,
                    Mode = (UnixFileMode)0b110_100_100,
                    DataStream = new MemoryStream(RandomNumberGenerator.GetBytes(fileSize)),
                };
                writer.WriteEntry(entry);
            }
        }
        var uncompressed = tar.ToArray();
        using var gzip = new MemoryStream();
        using (var compressor = new GZipStream(gzip, CompressionLevel.Fastest, leaveOpen: true))
        {
            compressor.Write(uncompressed);
        }
        return new GeneratedLayer(gzip.ToArray(), Digest.Compute(DigestAlgorithm.Sha256, uncompressed).ToString());
    }
}
