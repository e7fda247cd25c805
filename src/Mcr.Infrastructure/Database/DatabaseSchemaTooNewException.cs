namespace Mcr.Infrastructure.Database;

/// <summary>
/// The database records a schema migration this build does not know: a newer MCR has upgraded it. Nothing
/// was changed; the operator runs the newer version again or restores a snapshot taken before the upgrade.
/// </summary>
public sealed class DatabaseSchemaTooNewException(string path, long databaseVersion, long newestKnownVersion)
    : InvalidOperationException(
        $"the database {path} has schema version {databaseVersion}, newer than this mcrsrv knows (up to {newestKnownVersion}): " +
        "it was upgraded by a newer MCR. Run that version again, or restore a snapshot taken before the upgrade " +
        "(README, \"Downgrade\"). The database was not changed.")
{
    public string Path { get; } = path;

    public long DatabaseVersion { get; } = databaseVersion;

    public long NewestKnownVersion { get; } = newestKnownVersion;

    /// <summary>This exception, wherever it sits in <paramref name="exception"/>'s inner exceptions, or null.</summary>
    public static DatabaseSchemaTooNewException? Find(Exception? exception) => exception switch
    {
        null => null,
        DatabaseSchemaTooNewException found => found,
        AggregateException aggregate => aggregate.InnerExceptions.Select(Find).FirstOrDefault(e => e is not null),
        _ => Find(exception.InnerException),
    };
}
