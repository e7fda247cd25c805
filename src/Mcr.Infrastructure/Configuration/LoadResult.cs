using System.Diagnostics.CodeAnalysis;

namespace Mcr.Infrastructure.Configuration;

/// <summary>
/// The outcome of loading configuration: either the options, or every problem found (so an operator
/// fixes them all in one go). Warnings (e.g. an unrecognised <c>MCR_SERVER_*</c> variable) never stop
/// start-up but should be logged.
/// </summary>
public sealed class LoadResult
{
    private LoadResult(McrOptions? options, IReadOnlyList<string> errors, IReadOnlyList<string> warnings)
    {
        Options = options;
        Errors = errors;
        Warnings = warnings;
    }

    /// <summary>The validated options; null when <see cref="Errors"/> is non-empty.</summary>
    public McrOptions? Options { get; }

    public IReadOnlyList<string> Errors { get; }

    public IReadOnlyList<string> Warnings { get; }

    [MemberNotNullWhen(true, nameof(Options))]
    public bool Succeeded => Options is not null;

    public static LoadResult Success(McrOptions options, IReadOnlyList<string>? warnings = null) =>
        new(options, [], warnings ?? []);

    public static LoadResult Failure(IReadOnlyList<string> errors, IReadOnlyList<string>? warnings = null)
    {
        if (errors.Count == 0)
        {
            throw new ArgumentException("A failed load needs at least one error.", nameof(errors));
        }

        return new(null, errors, warnings ?? []);
    }
}
