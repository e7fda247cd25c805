using System.Collections.Concurrent;

namespace Mcr.Core.Policy;

/// <summary>
/// Repository-name globs for policy rules: <c>*</c> matches any run of characters within one path
/// segment (never <c>/</c>), <c>?</c> matches exactly one character other than <c>/</c>, everything
/// else matches itself. So <c>production/*</c> matches <c>production/app</c> but not
/// <c>production/team/app</c>. There are no character classes or escapes: repository names never
/// contain <c>[</c>, <c>]</c> or <c>\</c>.
/// </summary>
/// <remarks>
/// A pattern is compiled once into its segments and cached. Each segment is matched with the
/// linear greedy wildcard algorithm (no regex, no exponential backtracking), and the pattern and
/// the name must have the same number of segments.
/// </remarks>
public sealed class RepositoryGlob
{
    /// <summary>Beyond this many cached patterns the cache is cleared; stored rules hold far fewer.</summary>
    private const int MaxCached = 4096;

    private static readonly ConcurrentDictionary<string, RepositoryGlob> _cache = new(StringComparer.Ordinal);

    private readonly string[] _segments;
    private readonly bool _literal;

    private RepositoryGlob(string pattern)
    {
        Pattern = pattern;
        _segments = pattern.Split('/');
        _literal = pattern.AsSpan().IndexOfAny('*', '?') < 0;
    }

    public string Pattern { get; }

    /// <summary>The compiled form of <paramref name="pattern"/>, from the cache when seen before.</summary>
    public static RepositoryGlob Compile(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (_cache.TryGetValue(pattern, out var cached))
        {
            return cached;
        }
        if (_cache.Count >= MaxCached)
        {
            _cache.Clear();
        }
        return _cache.GetOrAdd(pattern, static p => new RepositoryGlob(p));
    }

    /// <summary>True when <paramref name="repository"/> matches <paramref name="pattern"/>.</summary>
    public static bool IsMatch(string pattern, string repository) => Compile(pattern).IsMatch(repository);

    public bool IsMatch(string repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        if (_literal)
        {
            return string.Equals(Pattern, repository, StringComparison.Ordinal);
        }

        var name = repository.AsSpan();
        for (var i = 0; i < _segments.Length; i++)
        {
            var slash = name.IndexOf('/');
            var last = i == _segments.Length - 1;
            // the pattern and the name must run out of segments together
            if (last != slash < 0)
            {
                return false;
            }
            if (!SegmentMatches(_segments[i], last ? name : name[..slash]))
            {
                return false;
            }
            if (!last)
            {
                name = name[(slash + 1)..];
            }
        }
        return true;
    }

    /// <summary>
    /// Classic greedy wildcard match of one segment (neither side contains <c>/</c>): on a mismatch,
    /// let the most recent <c>*</c> absorb one more character and retry. O(n·m) worst case.
    /// </summary>
    private static bool SegmentMatches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0, star = -1, starText = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                starText = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++starText;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }
}
