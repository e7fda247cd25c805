using Mcr.Core.Errors;
using Microsoft.Data.Sqlite;

namespace Mcr.Server.Errors;

/// <summary>
/// Failures of the machine rather than of the request: the blob storage or the database out of space, or the
/// database locked by another process (past the busy timeout) or unable to write. They get an answer the operator can act on (507 or 503 with a message) instead of
/// "internal server error"; the request's partial data is already gone (uploads truncate to their last offset,
/// SQLite rolls the transaction back).
/// </summary>
internal static class ResourceExhaustion
{
    private const int Enospc = 28;
    private const int Edquot = 122;
    private const int WindowsDiskFull = 0x70;
    private const int WindowsHandleDiskFull = 0x27;

    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;

    public sealed record Answer(int Status, OciErrorCode Code, string Message);

    /// <summary>The answer for <paramref name="exception"/>, or null when it is not one of these.</summary>
    public static Answer? Classify(Exception exception) => exception switch
    {
        IOException io when IsNoSpace(io) => new(StatusCodes.Status507InsufficientStorage, OciErrorCode.Unknown,
            "the registry's storage is full; nothing of this request was kept"),
        SqliteException { SqliteErrorCode: SqliteFull } => new(StatusCodes.Status507InsufficientStorage, OciErrorCode.Unknown,
            "the registry's database is full; nothing of this request was kept"),
        SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked } => new(StatusCodes.Status503ServiceUnavailable,
            OciErrorCode.Unavailable, "the registry's database is locked by another process; nothing of this request was kept, try again"),
        SqliteException { SqliteErrorCode: SqliteReadOnly or SqliteIoError or SqliteCantOpen } => new(StatusCodes.Status503ServiceUnavailable,
            OciErrorCode.Unavailable, "the registry's database cannot be written; nothing of this request was kept"),
        _ => null,
    };

    private static bool IsNoSpace(IOException exception) =>
        exception.HResult is Enospc or Edquot || (exception.HResult & 0xFFFF) is WindowsDiskFull or WindowsHandleDiskFull && exception.HResult < 0;
}
