using Mcr.Core.Digests;
using Mcr.Infrastructure.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Mcr.Infrastructure.Tests.Storage;

public sealed class RecentReadsTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Record_FirstDownload_IsNotRecent_TheNextWithinTheWindowIs()
    {
        var reads = new RecentReads(_time);
        var digest = DigestOf(1);

        Assert.False(reads.Record(digest));
        _time.Advance(RecentReads.Window - TimeSpan.FromSeconds(1));
        Assert.True(reads.Record(digest));
        Assert.False(reads.Record(DigestOf(2))); // another blob is its own first
    }

    [Fact]
    public void Record_AfterTheWindow_IsAFirstDownloadAgain()
    {
        var reads = new RecentReads(_time);
        var digest = DigestOf(1);
        reads.Record(digest);

        _time.Advance(RecentReads.Window);

        Assert.False(reads.Record(digest));
        Assert.True(reads.Record(digest));
    }

    [Fact]
    public void Record_ManyDistinctFreshBlobs_StaysBounded()
    {
        var reads = new RecentReads(_time);
        for (var i = 0; i < RecentReads.MaxEntries + 10; i++)
        {
            reads.Record(DigestOf(i));
        }

        Assert.InRange(reads.Count, 1, RecentReads.MaxEntries);
    }

    [Fact]
    public void Record_OverTheBound_DropsExpiredEntriesAndKeepsFreshOnes()
    {
        var reads = new RecentReads(_time);
        for (var i = 0; i < RecentReads.MaxEntries; i++)
        {
            reads.Record(DigestOf(i));
        }
        _time.Advance(RecentReads.Window);
        var hot = DigestOf(-1);

        reads.Record(hot);
        reads.Record(DigestOf(-2)); // one over the bound: the sweep

        Assert.Equal(2, reads.Count);
        Assert.True(reads.Record(hot));
    }

    private static Digest DigestOf(int i) => Digest.Compute(DigestAlgorithm.Sha256, BitConverter.GetBytes(i));
}
