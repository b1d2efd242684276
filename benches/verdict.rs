//! Latency of recording one auditor verdict through the store, as the app does on every key
//! press: one `Store::write` (BEGIN IMMEDIATE, update, audit event, COMMIT with
//! `synchronous=FULL`, i.e. an fsync of the WAL) per verdict.
//!
//! `cargo bench --bench verdict` prints p50/p90/p99/max over `BENCH_VERDICTS` (default 10,000)
//! verdicts after a short warm-up, interleaved one for one with two references measured in the
//! same loop (so machine load hits all three alike):
//! * baseline — what a plain program would do: one `UPDATE` of one row in its own transaction
//!   on a SQLite file with the same settings (WAL, `synchronous=FULL`), no audit trail;
//! * floor — appending 200 bytes to a file and `fdatasync`: the disk's own commit latency.
//!
//! Machine-readable lines `RESULT <name> p50_ms=… p99_ms=… n=…` are read by `bench/run.sh`.
//! The files are on disk (under `bench/out/`, or `BENCH_DIR`), never tmpfs, so fsyncs are real.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rusqlite::{params, Connection};

use tenken::model::{AssessmentKind, OrgKind, Scope, Verdict};
use tenken_store::{NewAssessment, OpenOptions, Store};

const VERDICTS: [Verdict; 4] = [Verdict::Conforms, Verdict::Partial, Verdict::Nonconforming, Verdict::NotApplicable];

fn bench_dir() -> PathBuf {
    std::env::var_os("BENCH_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("bench/out/verdict"))
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn remove_db(db: &Path) {
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
    }
}

/// The plain-SQLite reference: same durability settings, one row updated per transaction.
fn baseline_db(path: &Path) -> rusqlite::Result<Connection> {
    remove_db(path);
    let c = Connection::open(path)?;
    c.pragma_update(None, "journal_mode", "WAL")?;
    c.pragma_update(None, "synchronous", "FULL")?;
    c.execute_batch("CREATE TABLE results (item TEXT PRIMARY KEY, verdict TEXT, note TEXT, updated_at TEXT)")?;
    for i in 1..=153 {
        c.execute("INSERT INTO results (item) VALUES (?1)", [i.to_string()])?;
    }
    Ok(c)
}

fn baseline_write(c: &mut Connection, item: &str, verdict: &str, note: &str) -> rusqlite::Result<()> {
    let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    tx.execute(
        "UPDATE results SET verdict = ?2, note = ?3, updated_at = ?4 WHERE item = ?1",
        params![item, verdict, note, tenken_store::now_utc()],
    )?;
    tx.commit()
}

struct Series {
    name: &'static str,
    what: &'static str,
    ms: Vec<f64>,
}

impl Series {
    fn new(name: &'static str, what: &'static str, n: usize) -> Self {
        Series { name, what, ms: Vec::with_capacity(n) }
    }

    fn report(&mut self) {
        self.ms.sort_by(|a, b| a.total_cmp(b));
        let ms = &self.ms;
        let (p50, p90, p99, max) = (percentile(ms, 0.5), percentile(ms, 0.9), percentile(ms, 0.99), ms[ms.len() - 1]);
        println!("{:<9} p50 {p50:7.3} ms   p90 {p90:7.3} ms   p99 {p99:7.3} ms   max {max:8.3} ms   ({})", self.name, self.what);
        println!("RESULT {} p50_ms={p50:.3} p99_ms={p99:.3} n={}", self.name, ms.len());
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // `cargo bench` passes `--bench`; a filter argument that does not match skips the run.
    if std::env::args().skip(1).any(|a| !a.starts_with('-') && !"verdict".contains(a.as_str())) {
        return Ok(());
    }
    let n: usize = std::env::var("BENCH_VERDICTS").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let dir = bench_dir();
    std::fs::create_dir_all(&dir)?;
    let db = dir.join("verdict-bench.db");
    remove_db(&db);
    let base_path = dir.join("verdict-baseline.db");
    let mut base = baseline_db(&base_path)?;
    let floor_path = dir.join("fsync-floor.bin");
    let mut floor = std::fs::File::create(&floor_path)?;
    let mut store = Store::open(&db, &OpenOptions { create: true, actor: Some("bench".into()), ..Default::default() })?;
    // Diagnostic knob: compare checkpoint thresholds (`BENCH_WAL_AUTOCHECKPOINT=1000` is SQLite's
    // default; the store's own setting is used when unset).
    if let Some(pages) = std::env::var("BENCH_WAL_AUTOCHECKPOINT").ok().and_then(|v| v.parse::<i64>().ok()) {
        store.connection().pragma_update(None, "wal_autocheckpoint", pages)?;
    }
    let aid = store.write(|w| {
        let org = w.ensure_organisation("ベンチ精機株式会社", OrgKind::Supplier)?;
        let a = w.create_assessment(&NewAssessment {
            organisation_id: org.id,
            site: None,
            catalog_id: "jama-japia-2.2".into(),
            catalog_version: "2.2".into(),
            scope: Scope::default(),
            kind: AssessmentKind::Audit,
            auditor: Some("bench".into()),
            started_on: None,
            ended_on: None,
        })?;
        Ok(a.id)
    })?;
    let items: Vec<String> = (1..=153).map(|i| i.to_string()).collect();
    let record = |store: &mut Store, k: usize| {
        let note = format!("現地確認 {k}: 規程と記録を確認した。");
        store.write(|w| w.set_verdict(aid, &items[k % items.len()], VERDICTS[k % VERDICTS.len()], Some(&note)))
    };
    let base_write = |c: &mut Connection, k: usize| {
        let note = format!("現地確認 {k}: 規程と記録を確認した。");
        baseline_write(c, &items[k % items.len()], VERDICTS[k % VERDICTS.len()].as_str(), &note)
    };
    let line = [b'x'; 200];
    for k in 0..200 {
        record(&mut store, k)?;
        base_write(&mut base, k)?;
    }
    let mut tenken = Series::new("verdict", "Tenken: Store::write + set_verdict, audit event, synchronous=FULL", n);
    let mut plain = Series::new("baseline", "plain SQLite: one UPDATE per transaction, WAL, synchronous=FULL", n);
    let mut disk = Series::new("fsync", "disk floor: append 200 B + fdatasync", n);
    let all = Instant::now();
    for k in 0..n {
        let t = Instant::now();
        record(&mut store, k)?;
        tenken.ms.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        base_write(&mut base, k)?;
        plain.ms.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        floor.write_all(&line)?;
        floor.sync_data()?;
        disk.ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let total = all.elapsed().as_secs_f64();
    println!("{n} verdicts, each followed by one baseline write and one fsync, in {total:.2} s; files in {}", dir.display());
    tenken.report();
    plain.report();
    disk.report();
    drop(store);
    drop(base);
    remove_db(&db);
    remove_db(&base_path);
    let _ = std::fs::remove_file(&floor_path);
    Ok(())
}
