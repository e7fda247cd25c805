using System.CommandLine;

namespace Mcr.Cli.Commands;

/// <summary><c>--n</c> and <c>--offset</c> of the listings (the API's n 1..1000 and offset), checked before the call.</summary>
internal sealed class Paging(int defaultSize)
{
    public Option<int> N { get; } = new("--n", "-n")
    {
        Description = "How many entries (1-1000)",
        DefaultValueFactory = _ => defaultSize,
    };

    public Option<int> Offset { get; } = new("--offset")
    {
        Description = "Skip this many entries first",
        DefaultValueFactory = _ => 0,
    };

    public void AddTo(Command command)
    {
        N.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 1000)
            {
                r.AddError("--n must be between 1 and 1000");
            }
        });
        Offset.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError("--offset must not be negative");
            }
        });
        command.Options.Add(N);
        command.Options.Add(Offset);
    }

    /// <summary>"3 repositories", or "repositories 101-200 of 350: --offset 200 for more" when the page is not all.</summary>
    public static string Footer(int count, long total, int offset, string noun)
    {
        if (total == 1 && count == 1)
        {
            return $"1 {(noun.EndsWith("ies", StringComparison.Ordinal) ? noun[..^3] + "y" : noun.TrimEnd('s'))}";
        }
        if (count == 0)
        {
            return total == 0 ? $"no {noun}" : $"no {noun} at offset {offset} (there are {total})";
        }
        return offset == 0 && count >= total
            ? $"{total} {noun}"
            : $"{noun} {offset + 1}-{offset + count} of {total}" + (offset + count < total ? $": --offset {offset + count} for more" : "");
    }
}
