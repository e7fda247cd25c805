using System.Text;
using Dapper;
using Mcr.Core.Digests;
using Mcr.Core.Manifests;
using Mcr.Infrastructure.Registry;
using Mcr.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Mcr.Infrastructure.Tests.Registry;

/// <summary>A migrated test database, a fake clock, the four stores and builders of real manifests.</summary>
public sealed class RegistryTestContext : IDisposable
{
    public RegistryTestContext()
    {
        Repositories = new RepositoryStore(Db.Database, Time, ManifestCache);
        Blobs = new BlobMetadataStore(Db.Database, Time);
        Manifests = new ManifestStore(Db.Database, Time, ManifestCache);
        Uploads = new UploadStore(Db.Database, Time);
    }

    public TestDatabase Db { get; } = new();

    /// <summary>The one cache the stores (and GC) share, as in the server.</summary>
    public ManifestCache ManifestCache { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public RepositoryStore Repositories { get; }

    public BlobMetadataStore Blobs { get; }

    public ManifestStore Manifests { get; }

    public UploadStore Uploads { get; }

    public static Digest DigestOf(string text) => Digest.Compute(DigestAlgorithm.Sha256, Encoding.UTF8.GetBytes(text));

    /// <summary>Registers an uploaded blob in <paramref name="repository"/> and returns its digest.</summary>
    public async Task<Digest> UploadAsync(string repository, string content)
    {
        var digest = DigestOf(content);
        await Blobs.RegisterUploadedBlobAsync(repository, digest, Encoding.UTF8.GetByteCount(content));
        return digest;
    }

    /// <summary>An OCI image manifest record, built by the real parser from real JSON.</summary>
    public static ManifestRecord Image(
        Digest config,
        IEnumerable<Digest> layers,
        Digest? subject = null,
        string? artifactType = null,
        string configMediaType = ManifestMediaTypes.OciImageConfig,
        string annotations = "",
        string layerMediaType = "application/vnd.oci.image.layer.v1.tar+gzip")
    {
        var layerJson = string.Join(",", layers.Select(l => Desc(layerMediaType, l)));
        var extra = new StringBuilder();
        if (subject is { } s)
        {
            extra.Append($",\"subject\":{Desc(ManifestMediaTypes.OciManifest, s)}");
        }
        if (artifactType is not null)
        {
            extra.Append($",\"artifactType\":\"{artifactType}\"");
        }
        if (annotations.Length > 0)
        {
            extra.Append($",\"annotations\":{annotations}");
        }
        var json = $$"""{"schemaVersion":2,"mediaType":"{{ManifestMediaTypes.OciManifest}}","config":{{Desc(configMediaType, config)}},"layers":[{{layerJson}}]{{extra}}}""";
        return Record(json, ManifestMediaTypes.OciManifest);
    }

    /// <summary>An OCI image index record over <paramref name="children"/>.</summary>
    public static ManifestRecord Index(IEnumerable<Digest> children, Digest? subject = null, string mediaType = ManifestMediaTypes.OciIndex)
    {
        var childJson = string.Join(",", children.Select(c => Desc(ManifestMediaTypes.OciManifest, c)));
        var subjectJson = subject is { } s ? $",\"subject\":{Desc(ManifestMediaTypes.OciManifest, s)}" : "";
        var json = $$"""{"schemaVersion":2,"mediaType":"{{mediaType}}","manifests":[{{childJson}}]{{subjectJson}}}""";
        return Record(json, mediaType);
    }

    public static ManifestRecord Record(string json, string contentType)
    {
        var content = Encoding.UTF8.GetBytes(json);
        var parsed = ManifestParser.Parse(content, contentType);
        Assert.True(parsed.IsSuccess, parsed.Error?.Message);
        return ManifestRecord.From(Digest.Compute(DigestAlgorithm.Sha256, content), content, parsed.Manifest);
    }

    /// <summary>Uploads a config and one layer to <paramref name="repository"/> and pushes an image over them.</summary>
    public async Task<ManifestRecord> PushImageAsync(string repository, string seed, params string[] tags)
    {
        var config = await UploadAsync(repository, seed + "-config");
        var layer = await UploadAsync(repository, seed + "-layer");
        var manifest = Image(config, [layer]);
        var result = await Manifests.PushAsync(repository, manifest, tags);
        Assert.IsType<ManifestPushResult.Stored>(result);
        return manifest;
    }

    public async Task<long> CountAsync(string table)
    {
        await using var connection = await Db.Database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");
    }

    public void Dispose() => Db.Dispose();

    private static string Desc(string mediaType, Digest digest) =>
        $$"""{"mediaType":"{{mediaType}}","digest":"{{digest}}","size":10}""";
}
