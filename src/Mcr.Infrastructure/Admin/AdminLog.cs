using Microsoft.Extensions.Logging;

namespace Mcr.Infrastructure.Admin;

/// <summary>Log messages of the admin services; event ids 10000–10099 (SPEC §10).</summary>
internal static partial class AdminLog
{
    [LoggerMessage(EventId = 10001, Level = LogLevel.Information, Message = "Repository {Repository} deleted by {Actor}: {Manifests} manifests, {Tags} tags")]
    public static partial void RepositoryDeleted(ILogger logger, string repository, string actor, int manifests, int tags);

    [LoggerMessage(EventId = 10002, Level = LogLevel.Warning, Message = "Could not remove the temp file of upload {UploadId} of a deleted repository; reconcile will")]
    public static partial void UploadCleanupFailed(ILogger logger, Exception exception, Guid uploadId);

    [LoggerMessage(EventId = 10003, Level = LogLevel.Information, Message = "Policy rule {RuleId} {Change} by {Actor}")]
    public static partial void PolicyRuleChanged(ILogger logger, long ruleId, string change, string actor);

    [LoggerMessage(EventId = 10004, Level = LogLevel.Information, Message = "Database snapshot written to {Path} ({Size} bytes)")]
    public static partial void SnapshotWritten(ILogger logger, string path, long size);

    [LoggerMessage(EventId = 10005, Level = LogLevel.Error, Message = "Database snapshot failed")]
    public static partial void SnapshotFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 10006, Level = LogLevel.Information, Message = "Account {Username} {Change} by {Actor}")]
    public static partial void AccountChanged(ILogger logger, string username, string change, string actor);
}
