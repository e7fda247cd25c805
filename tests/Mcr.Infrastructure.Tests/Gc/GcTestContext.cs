using Dapper;
using Mcr.Core.Digests;
using Mcr.Infrastructure.Audit;
using Mcr.Infrastructure.Configuration;
using Mcr.Infrastructure.Gc;
using Mcr.Infrastructure.Registry;
using Mcr.Infrastructure.Storage;
using Mcr.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Mcr.Infrastructure.Tests.Gc;

/// <summary>
/// A real database and real blob storage in temp directories, the registry stores, the GC engine and a fake
/// clock that starts at the real current time (file mtimes are real, so reconcile compares against them).
/// </summary>
public sealed class GcTestContext : IAsyncDisposable
{
    private readonly TempDirectory _storage = new("mcr-gc");
    private readonly List<GcCoordinator> _coordinators = [];

    public GcTestContext()
    {
        Time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        Store = new FileSystemBlobStore(_storage.Combine("layers"), _storage.Combine("uploads"), Time);
        Blobs = new BlobMetadataStore(Db.Database, Time, Options);
        Manifests = new ManifestStore(Db.Database, Time, ManifestCache);
        Repositories = new RepositoryStore(Db.Database, Time, ManifestCache);
        Uploads = new UploadStore(Db.Database, Time);
        Collector = new GarbageCollector(Db.Database, Store, Lock, Options, Time, ManifestCache);
        Reconciler = new GcReconciler(Db.Database, Store, Uploads, Lock, Options, Time);
        Audit = new AuditQueue(new AuditStore(Db.Database), NullLogger<AuditQueue>.Instance);
        Audit.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public TestDatabase Db { get; } = new();

    /// <summary>The one cache the stores (and GC) share, as in the server.</summary>
    public ManifestCache ManifestCache { get; } = new();

    public FakeTimeProvider Time { get; }

    public GcOptions Options { get; } = new() { GracePeriod = TimeSpan.FromHours(1), UploadTtl = TimeSpan.FromHours(24) };

    public GcLock Lock { get; } = new();

    public FileSystemBlobStore Store { get; }

    public BlobMetadataStore Blobs { get; }

    public ManifestStore Manifests { get; }

    public RepositoryStore Repositories { get; }

    public UploadStore Uploads { get; }

    public GarbageCollector Collector { get; }

    public GcReconciler Reconciler { get; }

    public AuditQueue Audit { get; }

    /// <summary>A new coordinator over this context (a "restart" is simply a second one on the same database).</summary>
    public GcCoordinator NewCoordinator()
    {
        var coordinator = new GcCoordinator(Collector, Reconciler, new GcRunStore(Db.Database), Audit, Time);
        _coordinators.Add(coordinator);
        return coordinator;
    }

    /// <summary>Uploads <paramref name="content"/> through the blob store and registers it in the repository.</summary>
    public async Task<Digest> StoreBlobAsync(string repository, byte[] content)
    {
        var digest = await StoreFileAsync(content);
        await Blobs.RegisterUploadedBlobAsync(repository, digest, content.Length);
        return digest;
    }

    /// <summary>Writes a blob file with no row (what a crash between rename and row leaves).</summary>
    public async Task<Digest> StoreFileAsync(byte[] content)
    {
        var digest = Digest.Compute(DigestAlgorithm.Sha256, content);
        await using var upload = await Store.CreateUploadAsync(Guid.NewGuid());
        await upload.AppendAsync(new MemoryStream(content));
        var result = await upload.CommitAsync(digest);
        Assert.Equal(UploadCommitStatus.Committed, result.Status);
        return digest;
    }

    /// <summary>Pushes an image of a config and the given layers (already readable in the repository).</summary>
    public async Task<ManifestRecord> PushImageAsync(string repository, Digest config, IEnumerable<Digest> layers, params string[] tags)
    {
        var manifest = Registry.RegistryTestContext.Image(config, layers);
        Assert.IsType<ManifestPushResult.Stored>(await Manifests.PushAsync(repository, manifest, tags));
        return manifest;
    }

    public string BlobPath(Digest digest) => Path.Combine(Store.LayersPath, digest.Algorithm.Name(), digest.Hex[..2], digest.Hex);

    public string UploadPath(Guid id) => Path.Combine(Store.UploadsPath, id.ToString("D"));

    public bool FileExists(Digest digest) => File.Exists(BlobPath(digest));

    public async Task<bool> RowExistsAsync(Digest digest) => await Blobs.GetBlobAsync(digest) is not null;

    /// <summary>Sets a file's mtime relative to the fake clock.</summary>
    public void Age(string path, TimeSpan age) => File.SetLastWriteTimeUtc(path, (Time.GetUtcNow() - age).UtcDateTime);

    public async Task<long> CountAsync(string table)
    {
        await using var connection = await Db.Database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");
    }

    /// <summary>Collect and assert it completed.</summary>
    public async Task<GcReport> CollectAsync(bool deleteUntagged = false) =>
        Assert.IsType<GcOutcome.Completed>(await Collector.CollectAsync(deleteUntagged)).Report;

    public static byte[] Bytes(int size) => System.Security.Cryptography.RandomNumberGenerator.GetBytes(size);

    public async ValueTask DisposeAsync()
    {
        foreach (var coordinator in _coordinators)
        {
            await coordinator.DisposeAsync();
        }
        await Audit.StopAsync(CancellationToken.None);
        Lock.Dispose();
        Db.Dispose();
        _storage.Dispose();
    }
}
