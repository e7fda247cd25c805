using System.Globalization;
using System.Security.Cryptography;
using Mcr.EndToEnd.Tests.Harness;
using Mcr.Testing;

namespace Mcr.EndToEnd.Tests.Deployment;

/// <summary>deploy/ of this checkout, and running its scripts and tools with their output in the test's.</summary>
internal static class DeployFiles
{
    public static string Path(params string[] parts) => RepositoryRoot.Combine(["deploy", .. parts]);

    /// <summary>
    /// The programs directory that install.sh and build-image.sh read (<c>DIR/mcrsrv/mcrsrv</c>): a link to the
    /// directory of the Native AOT binary under test, as .ci/run publishes it to artifacts/mcrsrv.
    /// </summary>
    public static string StagePrograms(string workDirectory, string nativeServer)
    {
        var programs = System.IO.Path.Combine(workDirectory, "programs");
        Directory.CreateDirectory(programs);
        Directory.CreateSymbolicLink(System.IO.Path.Combine(programs, "mcrsrv"), System.IO.Path.GetDirectoryName(nativeServer)!);
        return programs;
    }

    /// <summary>Runs a command, writing it and everything it printed to the test output (<paramref name="secret"/> masked).</summary>
    public static async Task<ProcessResult> RunAsync(
        ITestOutputHelper output, string program, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null, string? standardInput = null, TimeSpan? timeout = null, string? secret = null)
    {
        var list = arguments.ToList();
        string Mask(string text) => secret is null ? text : text.Replace(secret, "***", StringComparison.Ordinal);
        output.WriteLine(Mask($"$ {program} {string.Join(' ', list)}"));
        var result = await ProcessRunner.RunAsync(program, list, environment ?? new Dictionary<string, string?>(), standardInput, timeout ?? TimeSpan.FromMinutes(2));
        output.WriteLine(Mask(result.Describe()));
        return result;
    }

    /// <summary>
    /// Every entry under <paramref name="root"/>: path, type, mode, owner, inode, modification time, size, link
    /// target and, for files, the SHA-256 of the content. Equal snapshots: nothing was created, removed or rewritten.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SnapshotTreeAsync(string root)
    {
        var listing = await ProcessRunner.RunAsync("find", [root, "-mindepth", "1", "-printf", @"%P\t%y\t%m\t%U:%G\t%i\t%T@\t%s\t%l\n"],
            new Dictionary<string, string?>(), null, TimeSpan.FromMinutes(1));
        Assert.True(listing.Succeeded, listing.Describe());
        var entries = new List<string>();
        foreach (var line in listing.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split('\t');
            var hash = fields[1] == "f"
                ? Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(System.IO.Path.Combine(root, fields[0]))))
                : "";
            entries.Add($"{line}\t{hash}");
        }
        entries.Sort(StringComparer.Ordinal);
        return entries;
    }

    /// <summary>The fields of <see cref="SnapshotTreeAsync"/> for one path: type, mode and owner (<c>f 640 0:10001</c>).</summary>
    public static string Describe(IReadOnlyList<string> snapshot, string path)
    {
        var entry = snapshot.SingleOrDefault(e => e.StartsWith(path + "\t", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"{path} is missing; the tree has:\n{string.Join('\n', snapshot)}");
        var fields = entry.Split('\t');
        return string.Create(CultureInfo.InvariantCulture, $"{fields[1]} {fields[2]} {fields[3]}");
    }
}
