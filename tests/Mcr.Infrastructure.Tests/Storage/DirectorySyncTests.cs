using Mcr.Infrastructure.Storage;
using Mcr.Testing;

namespace Mcr.Infrastructure.Tests.Storage;

public sealed class DirectorySyncTests
{
    [Fact]
    public void TryFsync_ExistingDirectory_ReturnsTrueOnUnix()
    {
        using var directory = new TempDirectory();

        Assert.Equal(!OperatingSystem.IsWindows(), DirectorySync.TryFsync(directory.Path));
    }

    [Fact]
    public void TryFsync_MissingDirectory_ReturnsFalse()
    {
        using var directory = new TempDirectory();

        Assert.False(DirectorySync.TryFsync(directory.Combine("missing")));
    }
}
