using Microsoft.Extensions.Logging;

namespace Mcr.Infrastructure.Audit;

/// <summary>Log messages of the audit queue; event ids 12000–12099 (SPEC §12).</summary>
internal static partial class AuditLog
{
    [LoggerMessage(EventId = 12001, Level = LogLevel.Warning, Message = "Audit queue full or closed: {NewlyDropped} events dropped ({TotalDropped} since start)")]
    public static partial void EventsDropped(ILogger logger, long newlyDropped, long totalDropped);

    [LoggerMessage(EventId = 12002, Level = LogLevel.Error, Message = "Writing {Count} audit events failed; they are lost")]
    public static partial void WriteFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 12003, Level = LogLevel.Information, Message = "Audit queue drained: {Written} events written since start")]
    public static partial void Drained(ILogger logger, long written);
}
