//! Numbered, embedded schema migrations, tracked in SQLite's `user_version`.
//!
//! A small runner rather than a crate: opening must first *probe* the version read-only (a
//! database from a newer Tenken is refused without a single byte written) and back the file up
//! before the first migration runs; both happen around the runner, in `store::open`.
//!
//! Invariant: migrations are append-only. A released migration is never edited; a change to the
//! schema is a new entry at the end.

use rusqlite::Connection;

use crate::error::Result;

/// `PRAGMA application_id` of a Tenken database ("TENK").
pub const APPLICATION_ID: i64 = 0x5445_4E4B;

/// The migrations, in order; migration `i` (0-based) brings the schema to version `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: the assessment model and the audit trail.
    r#"
    CREATE TABLE organisations (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE,
        kind        TEXT NOT NULL,
        code        TEXT,
        created_at  TEXT NOT NULL
    );
    CREATE TABLE sites (
        id              INTEGER PRIMARY KEY,
        organisation_id INTEGER NOT NULL REFERENCES organisations(id),
        name            TEXT NOT NULL,
        UNIQUE (organisation_id, name)
    );
    CREATE TABLE assessments (
        id                INTEGER PRIMARY KEY,
        organisation_id   INTEGER NOT NULL REFERENCES organisations(id),
        site_id           INTEGER REFERENCES sites(id),
        catalog_id        TEXT NOT NULL,
        catalog_version   TEXT NOT NULL,
        scope             TEXT NOT NULL DEFAULT '{}',
        kind              TEXT NOT NULL,
        auditor           TEXT,
        started_on        TEXT,
        ended_on          TEXT,
        status            TEXT NOT NULL DEFAULT 'draft',
        revision          INTEGER NOT NULL DEFAULT 1,
        previous_revision INTEGER REFERENCES assessments(id),
        created_at        TEXT NOT NULL,
        updated_at        TEXT NOT NULL
    );
    CREATE TABLE item_results (
        assessment_id INTEGER NOT NULL REFERENCES assessments(id),
        item_id       TEXT NOT NULL,
        answer        TEXT NOT NULL DEFAULT 'unanswered',
        answer_raw    TEXT,
        remark        TEXT,
        verdict       TEXT NOT NULL DEFAULT 'unverified',
        note          TEXT,
        updated_at    TEXT NOT NULL,
        PRIMARY KEY (assessment_id, item_id)
    );
    CREATE TABLE extra_items (
        assessment_id INTEGER NOT NULL REFERENCES assessments(id),
        item_id       TEXT NOT NULL,
        position      INTEGER NOT NULL,
        item          TEXT NOT NULL,
        PRIMARY KEY (assessment_id, item_id)
    );
    CREATE TABLE evidence (
        id            INTEGER PRIMARY KEY,
        assessment_id INTEGER NOT NULL REFERENCES assessments(id),
        file_name     TEXT NOT NULL,
        media_type    TEXT NOT NULL,
        size          INTEGER NOT NULL,
        sha256        TEXT NOT NULL,
        role          TEXT NOT NULL,
        bytes         BLOB NOT NULL,
        created_at    TEXT NOT NULL
    );
    CREATE INDEX evidence_by_assessment ON evidence (assessment_id, sha256);
    CREATE TABLE evidence_items (
        evidence_id INTEGER NOT NULL REFERENCES evidence(id),
        item_id     TEXT NOT NULL,
        PRIMARY KEY (evidence_id, item_id)
    );
    CREATE TABLE findings (
        id                INTEGER PRIMARY KEY,
        assessment_id     INTEGER NOT NULL REFERENCES assessments(id),
        item_id           TEXT,
        severity          TEXT NOT NULL,
        description       TEXT NOT NULL,
        corrective_action TEXT,
        owner             TEXT,
        due_date          TEXT,
        status            TEXT NOT NULL DEFAULT 'open',
        created_at        TEXT NOT NULL,
        updated_at        TEXT NOT NULL
    );
    CREATE TABLE audit_events (
        seq           INTEGER PRIMARY KEY,
        at            TEXT NOT NULL,
        actor         TEXT NOT NULL,
        action        TEXT NOT NULL,
        assessment_id INTEGER,
        target        TEXT NOT NULL,
        before        TEXT,
        after         TEXT,
        prev_hash     TEXT NOT NULL,
        hash          TEXT NOT NULL
    );
    CREATE INDEX audit_events_by_assessment ON audit_events (assessment_id, seq);
    CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
    CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
    "#,
    // 2: "resume where I left off", a stable id across databases (bundles), settings.
    r#"
    ALTER TABLE assessments ADD COLUMN last_item TEXT;
    ALTER TABLE assessments ADD COLUMN uid TEXT;
    UPDATE assessments SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;
    CREATE UNIQUE INDEX assessments_by_uid ON assessments (uid);
    CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    "#,
    // 3: where an assessment imported from a bundle came from: whether its manifest signer was
    // trusted (VALID) or accepted untrusted (UNTRUSTED), and who signed it. Append-only, like the
    // audit trail: a provenance mark that could be edited away would mark nothing.
    r#"
    CREATE TABLE bundle_imports (
        assessment_id      INTEGER PRIMARY KEY REFERENCES assessments(id),
        trust              TEXT NOT NULL CHECK (trust IN ('VALID', 'UNTRUSTED')),
        signer             TEXT,
        signer_cert_sha256 TEXT,
        root_sha256        TEXT,
        manifest_sha256    TEXT NOT NULL,
        bundle_created_at  TEXT NOT NULL,
        imported_at        TEXT NOT NULL
    );
    CREATE TRIGGER bundle_imports_no_update BEFORE UPDATE ON bundle_imports
        BEGIN SELECT RAISE(ABORT, 'bundle_imports is append-only'); END;
    CREATE TRIGGER bundle_imports_no_delete BEFORE DELETE ON bundle_imports
        BEGIN SELECT RAISE(ABORT, 'bundle_imports is append-only'); END;
    "#,
];

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// The schema version stamped in the database (0 for a new, empty file).
pub fn current_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Apply every migration after the current version, so a crash leaves the database at a whole
/// version. A new, empty database (version 0) gets all of them in one transaction (one commit,
/// so one fsync instead of one per step: creating a database is part of a first import); an
/// existing one gets each step in its own transaction together with its version stamp.
/// Returns the versions applied.
pub fn migrate(conn: &mut Connection) -> Result<Vec<i64>> {
    let from = current_version(conn)?.max(0);
    let pending: Vec<(i64, &str)> = MIGRATIONS.iter().enumerate().skip(from as usize).map(|(i, sql)| (i as i64 + 1, *sql)).collect();
    if from == 0 {
        apply(conn, &pending)?;
    } else {
        for step in &pending {
            apply(conn, std::slice::from_ref(step))?;
        }
    }
    Ok(pending.iter().map(|(v, _)| *v).collect())
}

/// Bring a database to exactly `version` (never further), as [`migrate`] would have on the way:
/// how `restore` learns the schema a backup of that version must have.
pub fn migrate_to(conn: &mut Connection, version: i64) -> Result<()> {
    let from = current_version(conn)?.max(0);
    let steps: Vec<(i64, &str)> =
        MIGRATIONS.iter().enumerate().map(|(i, sql)| (i as i64 + 1, *sql)).filter(|(v, _)| *v > from && *v <= version).collect();
    apply(conn, &steps)
}

/// Apply `steps` in one immediate transaction, stamping the last version reached.
fn apply(conn: &mut Connection, steps: &[(i64, &str)]) -> Result<()> {
    let Some(&(last, _)) = steps.last() else { return Ok(()) };
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    for (version, sql) in steps {
        tx.execute_batch(sql)?;
        if *version == 1 {
            tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        }
    }
    tx.pragma_update(None, "user_version", last)?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_bring_an_empty_database_to_latest_once() {
        let mut conn = Connection::open_in_memory().unwrap();
        assert_eq!(migrate(&mut conn).unwrap(), (1..=latest_version()).collect::<Vec<_>>());
        assert_eq!(current_version(&conn).unwrap(), latest_version());
        assert!(migrate(&mut conn).unwrap().is_empty(), "second run applies nothing");
        let app: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
        assert_eq!(app, APPLICATION_ID);
    }

    #[test]
    fn an_existing_database_is_upgraded_step_by_step_from_its_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        apply(&mut conn, &[(1, MIGRATIONS[0])]).unwrap();
        assert_eq!(current_version(&conn).unwrap(), 1);
        assert_eq!(migrate(&mut conn).unwrap(), (2..=latest_version()).collect::<Vec<_>>());
        assert_eq!(current_version(&conn).unwrap(), latest_version());
    }

    #[test]
    fn a_failing_step_on_a_new_database_leaves_it_empty() {
        let mut conn = Connection::open_in_memory().unwrap();
        let e = apply(&mut conn, &[(1, MIGRATIONS[0]), (2, "CREATE TABLE broken (")]);
        assert!(e.is_err());
        assert_eq!(current_version(&conn).unwrap(), 0);
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0)).unwrap();
        assert_eq!(tables, 0, "nothing of the first step stays");
    }

    #[test]
    fn audit_trail_rejects_update_and_delete() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        conn.execute("INSERT INTO audit_events (at, actor, action, target, prev_hash, hash) VALUES ('t','a','x','y','0','1')", []).unwrap();
        let e = conn.execute("UPDATE audit_events SET actor = 'b'", []).unwrap_err();
        assert!(e.to_string().contains("append-only"), "{e}");
        assert!(conn.execute("DELETE FROM audit_events", []).is_err());
    }

    #[test]
    fn bundle_provenance_is_append_only_and_only_valid_or_untrusted() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        conn.execute_batch(
            "INSERT INTO organisations (name, kind, created_at) VALUES ('o', 'supplier', 't');
             INSERT INTO assessments (organisation_id, catalog_id, catalog_version, kind, created_at, updated_at, uid)
                 VALUES (1, 'c', '1', 'audit', 't', 't', 'u');",
        )
        .unwrap();
        let insert = |trust: &str| {
            conn.execute(
                "INSERT INTO bundle_imports (assessment_id, trust, manifest_sha256, bundle_created_at, imported_at) VALUES (1, ?1, 'm', 't', 't')",
                [trust],
            )
        };
        assert!(insert("SIGNED").is_err(), "only VALID or UNTRUSTED");
        insert("UNTRUSTED").unwrap();
        let e = conn.execute("UPDATE bundle_imports SET trust = 'VALID'", []).unwrap_err();
        assert!(e.to_string().contains("append-only"), "{e}");
        assert!(conn.execute("DELETE FROM bundle_imports", []).is_err());
    }
}
