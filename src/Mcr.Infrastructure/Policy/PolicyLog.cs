using Microsoft.Extensions.Logging;

namespace Mcr.Infrastructure.Policy;

/// <summary>Log messages of the policy engine; event ids 5000–5099 (SPEC §5).</summary>
internal static partial class PolicyLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Policy rules loaded: {StoredCount} stored rules enabled, {BuiltInCount} built-in")]
    public static partial void RulesLoaded(ILogger logger, int storedCount, int builtInCount);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Policy evaluated before the rules were loaded; denying")]
    public static partial void NotLoaded(ILogger logger);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Policy denied {Action} on '{Repository}' to {Subject}")]
    public static partial void Denied(ILogger logger, string action, string repository, string subject);
}
