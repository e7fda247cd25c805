using Mcr.Cli.Config;
using Mcr.Testing;

namespace Mcr.Cli.Tests.Config;

public sealed class CredentialStoreTests : IDisposable
{
    private readonly TempDirectory _home = new("mcrctl-store");

    [Fact]
    public void Location_FollowsXdgConfigHome_ElseHome()
    {
        Assert.Equal("/x/mcr/credentials.json", CredentialStore.ForUser(n => n == "XDG_CONFIG_HOME" ? "/x" : "/home/u")!.Path);
        Assert.Equal("/home/u/.config/mcr/credentials.json", CredentialStore.ForUser(n => n == "HOME" ? "/home/u" : null)!.Path);
        Assert.Null(CredentialStore.ForUser(_ => null));
    }

    [Fact]
    public void Save_KeepsOneLoginPerEndpoint_InAPrivateFile()
    {
        var store = new CredentialStore(_home.Combine("mcr", "credentials.json"));
        var first = new SavedLogin("https://a:8443", "admin", "t1", DateTimeOffset.UtcNow.AddHours(1), null);
        var second = new SavedLogin("grpc://a:9443", "admin", "t2", DateTimeOffset.UtcNow.AddHours(1), "/ca.pem");
        store.Save(SavedLogins.Empty.With(first).With(second).With(first with { Token = "t3" }));

        var loaded = store.Load(TextWriter.Null);
        Assert.Equal("https://a:8443", loaded.Current);
        Assert.Equal(2, loaded.Logins.Count);
        Assert.Equal("t3", loaded.For("https://a:8443")!.Token);
        Assert.Equal("/ca.pem", loaded.For("grpc://a:9443")!.CaCert);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.Path));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(store.Path)!, "*.tmp"));

        store.Save(loaded.Without("https://a:8443"));
        var after = store.Load(TextWriter.Null);
        Assert.Null(after.Current);
        Assert.Null(after.For("https://a:8443"));
    }

    [Fact]
    public void Load_WarnsAboutAFileOthersCanRead_AndIgnoresGarbage()
    {
        var store = new CredentialStore(_home.Combine("credentials.json"));
        File.WriteAllText(store.Path, "not json");
        File.SetUnixFileMode(store.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        using var warnings = new StringWriter();
        Assert.Same(SavedLogins.Empty, store.Load(warnings));
        Assert.Contains("is readable by other users", warnings.ToString(), StringComparison.Ordinal);
        Assert.Contains("is not a credentials file", warnings.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => _home.Dispose();
}
