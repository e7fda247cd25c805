using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Mcr.Server.Tests.Hosting;

/// <summary>
/// Keeps every log message (formatted, with its exception and the scopes it was written in) so a test can
/// search them, and each as a <see cref="CapturedLog"/> for tests about a line's fields.
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _messages = new();
    private readonly ConcurrentQueue<CapturedLog> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<string> Messages => _messages;

    public IReadOnlyCollection<CapturedLog> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<object?>();
            provider._scopes.ForEachScope((scope, list) => list.Add(scope), scopes);
            var message = formatter(state, exception);
            provider._entries.Enqueue(new CapturedLog(category, eventId, message, scopes));
            provider._messages.Enqueue($"{logLevel} {category}: {message} {state} {exception} scopes: {string.Join(" ", scopes)}");
        }
    }
}

/// <summary>One log message: its category, event id, text and the scopes it was written in.</summary>
public sealed record CapturedLog(string Category, EventId EventId, string Message, IReadOnlyList<object?> Scopes)
{
    /// <summary>The value of <paramref name="key"/> in the innermost scope that has it, if any.</summary>
    public object? ScopeValue(string key) =>
        Scopes.OfType<IEnumerable<KeyValuePair<string, object?>>>().Reverse()
            .SelectMany(scope => scope).Where(pair => pair.Key == key).Select(pair => pair.Value).FirstOrDefault();
}
