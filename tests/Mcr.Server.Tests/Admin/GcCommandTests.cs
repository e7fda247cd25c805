using Mcr.Infrastructure.Database;
using Mcr.Infrastructure.Gc;
using Mcr.Infrastructure.Registry;
using Mcr.Infrastructure.Storage;
using Mcr.Server.Cli;
using Mcr.Server.Hosting;
using Mcr.Server.Tests.Hosting;
using Mcr.Server.Tests.Oci;
using Mcr.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Mcr.Server.Tests.Admin;

/// <summary><c>mcrsrv gc</c> on a registry whose server is not running: the database and storage directly.</summary>
public sealed class GcCommandTests : IDisposable
{
    private readonly TempDirectory _data = new("mcr-gc-cli");
    private readonly McrSettings _settings;

    public GcCommandTests() => _settings = new McrSettings(DevDefaults.Create(_data.Path), _data.Path, IsDev: true);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }

    [Fact]
    public async Task RunAsync_CollectThenReconcile_RemovesGarbageAndPrintsTheResult()
    {
        var database = new SqliteDatabase(_settings.Options.Database.Path);
        database.Initialize();
        var blobs = new FileSystemBlobStore(_settings.Options.Storage.LayersPath, _settings.Options.Storage.UploadsPath);
        // Registered two hours ago, then unlinked: past the default one-hour grace period.
        var metadata = new BlobMetadataStore(database, new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-2)));
        var garbage = OciTestClient.RandomBytes(321);
        var garbageDigest = await StoreAsync(blobs, garbage);
        await metadata.RegisterUploadedBlobAsync("team/app", garbageDigest, garbage.Length);
        await metadata.UnlinkAsync("team/app", garbageDigest);
        var orphan = OciTestClient.RandomBytes(123);
        var orphanDigest = await StoreAsync(blobs, orphan);
        File.SetLastWriteTimeUtc(BlobPath(orphanDigest), DateTime.UtcNow.AddHours(-2));
        var kept = OciTestClient.RandomBytes(50);
        var keptDigest = await StoreAsync(blobs, kept);
        // Uploaded just now: a push in progress, within the grace period.
        await new BlobMetadataStore(database, TimeProvider.System).RegisterUploadedBlobAsync("team/app", keptDigest, kept.Length);

        using var collectOutput = new StringWriter();
        var collectExit = await GcCommand.RunAsync(_settings, new GcRequest(GcRunKind.Collect), collectOutput, CancellationToken.None);
        using var reconcileOutput = new StringWriter();
        var reconcileExit = await GcCommand.RunAsync(_settings, new GcRequest(GcRunKind.Reconcile), reconcileOutput, CancellationToken.None);

        Assert.Equal(0, collectExit);
        Assert.Contains("removed 1 blobs (321 bytes freed)", collectOutput.ToString(), StringComparison.Ordinal);
        Assert.Contains("kept 0 blobs referenced by a manifest, 1 seen, uploaded or mounted within the grace period", collectOutput.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, reconcileExit);
        Assert.Contains("removed 1 files (123 bytes)", reconcileOutput.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(BlobPath(garbageDigest)));
        Assert.False(File.Exists(BlobPath(orphanDigest)));
        Assert.True(File.Exists(BlobPath(keptDigest)));
        var last = await new GcRunStore(database).GetLastCompletedAsync();
        Assert.Equal(GcRunKind.Reconcile, last?.Kind);
    }

    [Fact]
    public async Task Invoke_ReconcileWithDeleteUntagged_Refused()
    {
        var exit = await McrCommandLine.Build()
            .Parse(["gc", "--dev", "--data", _data.Path, "--reconcile", "--delete-untagged"])
            .InvokeAsync();

        Assert.Equal(2, exit);
        Assert.False(File.Exists(_settings.Options.Database.Path));
    }

    [Fact]
    public async Task Invoke_WithoutConfigOrDev_Refused()
    {
        var exit = await McrCommandLine.Build().Parse(["gc"]).InvokeAsync();

        Assert.Equal(2, exit);
    }

    [Fact]
    public async Task RunAsync_WhileAServerHoldsTheDataDirectory_RefusesAndLeavesBlobsAlone()
    {
        await using var server = await StartServerOnDataAsync();
        using var output = new StringWriter();

        var exit = await GcCommand.RunAsync(_settings, new GcRequest(GcRunKind.Collect), output, CancellationToken.None);

        Assert.Equal(1, exit);
        Assert.Empty(output.ToString());
        Assert.Null(await new GcRunStore(new SqliteDatabase(_settings.Options.Database.Path)).GetLastCompletedAsync());
    }

    [Fact]
    public async Task Server_SecondOnTheSameDataDirectory_RefusesToStart()
    {
        await using var first = await StartServerOnDataAsync();
        await using var second = McrApplication.Build(first.Options, builder => builder.Logging.ClearProviders());

        var failure = await Assert.ThrowsAsync<DataDirectoryInUseException>(() => second.StartAsync());

        Assert.Equal(_settings.DataDirectory, failure.Directory);
    }

    [Fact]
    public async Task RunAsync_AfterTheServerStopped_Runs()
    {
        await using (await StartServerOnDataAsync())
        {
        }
        using var output = new StringWriter();

        var exit = await GcCommand.RunAsync(_settings, new GcRequest(GcRunKind.Collect), output, CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Contains("removed 0 blobs", output.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A server on this test's data directory (the layout <see cref="_settings"/> describes).</summary>
    private Task<McrTestServer> StartServerOnDataAsync() =>
        McrTestServer.StartAsync(configure: options =>
        {
            options.Database.Path = _settings.Options.Database.Path;
            options.Storage.LayersPath = _settings.Options.Storage.LayersPath;
            options.Storage.UploadsPath = _settings.Options.Storage.UploadsPath;
        });

    private static async Task<Mcr.Core.Digests.Digest> StoreAsync(FileSystemBlobStore blobs, byte[] content)
    {
        var digest = Mcr.Core.Digests.Digest.Parse(OciTestClient.DigestOf(content));
        await using var upload = await blobs.CreateUploadAsync(Guid.NewGuid());
        await upload.AppendAsync(new MemoryStream(content));
        Assert.Equal(UploadCommitStatus.Committed, (await upload.CommitAsync(digest)).Status);
        return digest;
    }

    private string BlobPath(Mcr.Core.Digests.Digest digest) =>
        Path.Combine(_settings.Options.Storage.LayersPath, "sha256", digest.Hex[..2], digest.Hex);
}
