using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Mcr.EndToEnd.Tests.Reliability;

/// <summary>What a data directory holds after a crash: blob files checked against their names and the rows.</summary>
public sealed record DataDirectoryReport(int BlobFiles, int BlobRows, int OrphanFiles);

/// <summary>
/// Reads a server's data directory as an operator's fsck would: every blob file's SHA-256 equals its file
/// name, and every <c>blobs</c> row has its file, of its size (a row without a file would be a half-committed
/// upload). Files without a row are what a crash between rename and insert leaves; reconcile removes them.
/// </summary>
public static class DataDirectoryCheck
{
    public static DataDirectoryReport Verify(string dataDirectory)
    {
        var layers = Path.Combine(dataDirectory, "layers", "sha256");
        var files = Directory.Exists(layers)
            ? Directory.EnumerateFiles(layers, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetFileName(f)!, f => f)
            : [];
        foreach (var (hex, path) in files)
        {
            using var stream = File.OpenRead(path);
            Assert.True(Convert.ToHexStringLower(SHA256.HashData(stream)) == hex, $"blob file {path} does not match its digest");
        }
        var rows = 0;
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "mcr.db")};Mode=ReadOnly;Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT digest, size FROM blobs";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows++;
                var digest = reader.GetString(0);
                var hex = digest[(digest.IndexOf(':', StringComparison.Ordinal) + 1)..];
                Assert.True(files.TryGetValue(hex, out var path), $"blob row {digest} has no file");
                Assert.Equal(reader.GetInt64(1), new FileInfo(path!).Length);
            }
        }
        return new DataDirectoryReport(files.Count, rows, files.Count - rows);
    }
}
