using System.Globalization;

namespace Mcr.Bench;

/// <summary>What to measure and how long: the full run, or a quick one a person can try in a minute.</summary>
internal sealed record BenchOptions
{
    public bool Quick { get; init; }

    public bool McrOnly { get; init; }

    /// <summary><c>none</c> (default) or <c>htpasswd</c> (bcrypt basic auth on every distribution request).</summary>
    public string DistributionAuth { get; init; } = "none";

    public string? OutputPath { get; init; }

    /// <summary>The workloads to run (<c>--only</c>): any of <see cref="AllWorkloads"/>; all by default.</summary>
    public IReadOnlySet<string> Workloads { get; init; } = AllWorkloads;

    public static IReadOnlySet<string> AllWorkloads { get; } = new HashSet<string>(StringComparer.Ordinal) { "blob", "manifest", "listing" };

    public bool Runs(string workload) => Workloads.Contains(workload);

    public long BlobBytes => Quick ? 32L << 20 : 256L << 20;

    public int ChunkBytes => Quick ? 4 << 20 : 16 << 20;

    public int BlobIterations => Quick ? 3 : 5;

    public TimeSpan LoadDuration => Quick ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(10);

    public TimeSpan LoadWarmup => Quick ? TimeSpan.FromSeconds(0.5) : TimeSpan.FromSeconds(2);

    public IReadOnlyList<int> Connections { get; } = [1, 8, 32];

    public int ListingCount => Quick ? 1_000 : 10_000;

    public int ListingIterations => Quick ? 3 : 5;

    /// <summary>Concurrent requests while populating repositories and tags.</summary>
    public int PopulateConcurrency => 32;

    public const string Usage = """
        usage: bench/run.sh [--quick] [--mcr-only] [--only blob,manifest,listing] [--distribution-auth none|htpasswd] [--output <file.json>]
          --quick              32 MiB blobs, 3 iterations, 2 s load runs, 1,000 repositories/tags (about a minute)
          --mcr-only           do not start the distribution registry even when it is installed
          --only               run only these workloads (comma-separated: blob, manifest, listing); memory is always measured
          --distribution-auth  none (default) or htpasswd: distribution checks bcrypt basic auth on every request
          --output             where to write the JSON results (default: bench/results/bench-<utc time>.json)
        """;

    /// <summary>Null plus a message for bad arguments; <c>--help</c> gives null with the usage as the message.</summary>
    public static BenchOptions? Parse(IReadOnlyList<string> args, out string? message)
    {
        message = null;
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    options = options with { Quick = true };
                    break;
                case "--mcr-only":
                    options = options with { McrOnly = true };
                    break;
                case "--distribution-auth" when i + 1 < args.Count && args[i + 1] is "none" or "htpasswd":
                    options = options with { DistributionAuth = args[++i] };
                    break;
                case "--only" when i + 1 < args.Count && args[i + 1].Split(',') is var only && only.All(AllWorkloads.Contains):
                    options = options with { Workloads = new HashSet<string>(only, StringComparer.Ordinal) };
                    i++;
                    break;
                case "--output" when i + 1 < args.Count:
                    options = options with { OutputPath = Path.GetFullPath(args[++i]) };
                    break;
                case "-h" or "--help":
                    message = Usage;
                    return null;
                default:
                    message = string.Create(CultureInfo.InvariantCulture, $"unknown or incomplete argument '{args[i]}'\n{Usage}");
                    return null;
            }
        }
        return options;
    }
}
