using System.Net;
using Mcr.Infrastructure;
using Mcr.Infrastructure.Audit;
using Mcr.Server.Tests.Oci;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Mcr.Server.Tests.Admin;

/// <summary><c>POST /v1/snapshot</c> writes a usable database copy into <c>&lt;data&gt;/snapshots</c>.</summary>
public sealed class SnapshotEndpointsTests(AdminServerFixture fixture) : IClassFixture<AdminServerFixture>
{
    [Fact]
    public async Task Post_WritesUsableDatabase_AndAudits()
    {
        var repository = OciServerFixture.NewRepository("snap");
        await fixture.AdminPush.PushImageAsync(repository, "v1");

        using var response = await fixture.Admin.PostAsync("/v1/snapshot", null);
        var body = await AdminApi.ReadAsync(response, HttpStatusCode.Created);
        var path = body.GetProperty("path").GetString()!;
        Assert.Equal(InfrastructureServiceCollectionExtensions.SnapshotDirectoryOf(fixture.Server.Options), Path.GetDirectoryName(path));
        Assert.Equal(new FileInfo(path).Length, body.GetProperty("size").GetInt64());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));

        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        {
            await connection.OpenAsync();
            await using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", await check.ExecuteScalarAsync());
            await using var count = connection.CreateCommand();
            count.CommandText = "SELECT count(*) FROM manifests m JOIN repositories r ON r.id = m.repository_id WHERE r.name = $name";
            count.Parameters.AddWithValue("$name", repository);
            Assert.Equal(1L, await count.ExecuteScalarAsync());
        }

        await AdminApi.FlushAuditAsync(fixture.Server);
        var events = await fixture.Server.Services.GetRequiredService<AuditStore>().ListAsync(
            new AuditQuery { EventType = AuditEventTypes.SnapshotCreated, N = 1000 });
        var entry = Assert.Single(events.Items, e => e.Event.Details!["path"] == path);
        Assert.Equal(await AdminApi.AdminIdAsync(fixture.Server), entry.Event.ActorId);
    }

    [Fact]
    public async Task Post_Twice_TwoFiles()
    {
        using var first = await fixture.Admin.PostAsync("/v1/snapshot", null);
        using var second = await fixture.Admin.PostAsync("/v1/snapshot", null);
        var a = (await AdminApi.ReadAsync(first, HttpStatusCode.Created)).GetProperty("path").GetString();
        var b = (await AdminApi.ReadAsync(second, HttpStatusCode.Created)).GetProperty("path").GetString();
        Assert.NotEqual(a, b);
        Assert.True(File.Exists(a));
        Assert.True(File.Exists(b));
    }

    [Fact]
    public async Task Post_NonAdmin_Forbidden()
    {
        using var response = await fixture.User.PostAsync("/v1/snapshot", null);
        await AdminApi.AssertErrorAsync(response, HttpStatusCode.Forbidden, "admin role required");
    }
}
