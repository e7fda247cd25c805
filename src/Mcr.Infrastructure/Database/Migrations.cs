namespace Mcr.Infrastructure.Database;

/// <summary>A schema change; <see cref="Version"/> orders them and is recorded once applied.</summary>
internal sealed record Migration(long Version, string Name, string Sql);

/// <summary>
/// The schema, as ordered migrations. Append new migrations; never edit an applied one.
///
/// Content model: a blob row exists once per digest, whatever the number of repositories using it.
/// A repository can read a blob if a <c>repository_blobs</c> link (upload or mount) or one of its
/// manifests (<c>manifest_blobs</c>) says so. Deleting a manifest cascades to its tags,
/// <c>manifest_blobs</c> and <c>index_children</c> rows but never to <c>blobs</c>: only GC removes blobs.
/// </summary>
internal static class Migrations
{
    public static readonly IReadOnlyList<Migration> All =
    [
        new(1, "content", """
            CREATE TABLE IF NOT EXISTS repositories (
                id         INTEGER PRIMARY KEY,
                name       TEXT NOT NULL UNIQUE,
                created_at TEXT NOT NULL
            );

            CREATE TABLE IF NOT EXISTS blobs (
                id           INTEGER PRIMARY KEY,
                digest       TEXT NOT NULL UNIQUE,
                size         INTEGER NOT NULL CHECK (size >= 0),
                created_at   TEXT NOT NULL,
                -- renewed whenever a client learns the blob exists; GC spares blobs seen within the grace period
                last_seen_at TEXT NOT NULL
            );

            CREATE TABLE IF NOT EXISTS repository_blobs (
                repository_id INTEGER NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
                blob_id       INTEGER NOT NULL REFERENCES blobs(id) ON DELETE CASCADE,
                created_at    TEXT NOT NULL,
                PRIMARY KEY (repository_id, blob_id)
            );
            CREATE INDEX IF NOT EXISTS repository_blobs_blob ON repository_blobs(blob_id);

            CREATE TABLE IF NOT EXISTS manifests (
                id             INTEGER PRIMARY KEY,
                repository_id  INTEGER NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
                digest         TEXT NOT NULL,
                media_type     TEXT NOT NULL,
                content        BLOB NOT NULL,
                size           INTEGER NOT NULL,
                subject_digest TEXT,
                artifact_type  TEXT,
                created_at     TEXT NOT NULL,
                UNIQUE (repository_id, digest)
            );
            CREATE INDEX IF NOT EXISTS manifests_subject ON manifests(repository_id, subject_digest)
                WHERE subject_digest IS NOT NULL;

            CREATE TABLE IF NOT EXISTS tags (
                id            INTEGER PRIMARY KEY,
                repository_id INTEGER NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
                name          TEXT NOT NULL,
                manifest_id   INTEGER NOT NULL REFERENCES manifests(id) ON DELETE CASCADE,
                updated_at    TEXT NOT NULL,
                UNIQUE (repository_id, name)
            );
            CREATE INDEX IF NOT EXISTS tags_manifest ON tags(manifest_id);

            -- blob_id has no ON DELETE action: a referenced blob row cannot be deleted (GC safety net).
            CREATE TABLE IF NOT EXISTS manifest_blobs (
                manifest_id INTEGER NOT NULL REFERENCES manifests(id) ON DELETE CASCADE,
                blob_id     INTEGER NOT NULL REFERENCES blobs(id),
                PRIMARY KEY (manifest_id, blob_id)
            );
            CREATE INDEX IF NOT EXISTS manifest_blobs_blob ON manifest_blobs(blob_id);

            -- children of an image index, by digest (a child manifest may be deleted independently)
            CREATE TABLE IF NOT EXISTS index_children (
                parent_id    INTEGER NOT NULL REFERENCES manifests(id) ON DELETE CASCADE,
                child_digest TEXT NOT NULL,
                PRIMARY KEY (parent_id, child_digest)
            );
            CREATE INDEX IF NOT EXISTS index_children_child ON index_children(child_digest);

            CREATE TABLE IF NOT EXISTS uploads (
                id            INTEGER PRIMARY KEY,
                uuid          TEXT NOT NULL UNIQUE,
                repository_id INTEGER NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
                byte_offset   INTEGER NOT NULL DEFAULT 0,
                created_at    TEXT NOT NULL,
                updated_at    TEXT NOT NULL
            );
            """),
        new(2, "policy and audit", """
            CREATE TABLE IF NOT EXISTS policy_rules (
                id          INTEGER PRIMARY KEY,
                priority    INTEGER NOT NULL CHECK (priority >= 1),
                description TEXT NOT NULL DEFAULT '',
                rule_json   TEXT NOT NULL,
                enabled     INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
                created_by  TEXT,
                created_at  TEXT NOT NULL,
                updated_at  TEXT NOT NULL
            );

            CREATE TABLE IF NOT EXISTS audit_log (
                id         INTEGER PRIMARY KEY,
                event_time TEXT NOT NULL,
                event_type TEXT NOT NULL,
                actor_id   TEXT,
                repository TEXT,
                digest     TEXT,
                ip_address TEXT,
                details    TEXT
            );
            CREATE INDEX IF NOT EXISTS audit_log_time ON audit_log(event_time);
            CREATE INDEX IF NOT EXISTS audit_log_type ON audit_log(event_type, event_time);
            CREATE INDEX IF NOT EXISTS audit_log_actor ON audit_log(actor_id, event_time);
            CREATE INDEX IF NOT EXISTS audit_log_repository ON audit_log(repository, event_time);
            """),
        new(3, "embedded identity", """
            CREATE TABLE IF NOT EXISTS accounts (
                id            INTEGER PRIMARY KEY,
                uuid          TEXT NOT NULL UNIQUE,
                username      TEXT NOT NULL UNIQUE,
                account_type  TEXT NOT NULL CHECK (account_type IN ('human', 'system')),
                roles         TEXT NOT NULL DEFAULT '[]',
                password_hash TEXT,
                disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
                created_at    TEXT NOT NULL,
                updated_at    TEXT NOT NULL
            );

            -- logged-out tokens of the embedded provider, kept until they would have expired anyway
            CREATE TABLE IF NOT EXISTS revoked_tokens (
                token_id   TEXT PRIMARY KEY,
                expires_at TEXT NOT NULL
            );
            """),
        new(4, "garbage collection runs", """
            CREATE TABLE IF NOT EXISTS gc_runs (
                id            TEXT PRIMARY KEY,
                kind          TEXT NOT NULL CHECK (kind IN ('gc', 'reconcile')),
                started_at    TEXT NOT NULL,
                completed_at  TEXT,
                blobs_removed INTEGER NOT NULL DEFAULT 0,
                bytes_freed   INTEGER NOT NULL DEFAULT 0,
                files_removed INTEGER NOT NULL DEFAULT 0,
                error         TEXT
            );
            """),
        new(5, "garbage collection run details", """
            ALTER TABLE gc_runs ADD COLUMN manifests_removed INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE gc_runs ADD COLUMN uploads_removed INTEGER NOT NULL DEFAULT 0;
            -- why blobs were kept (collect runs); NULL for reconcile runs and runs that failed
            ALTER TABLE gc_runs ADD COLUMN kept_referenced INTEGER;
            ALTER TABLE gc_runs ADD COLUMN kept_within_grace INTEGER;
            """),
    ];
}
