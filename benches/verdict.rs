//! Latency of recording one auditor verdict through the store, as the app does on every key
//! press: one `Store::write` (BEGIN IMMEDIATE, update, audit event, COMMIT with
//! `synchronous=FULL`, i.e. an fsync of the WAL) per verdict.
//!
//! `cargo bench --bench verdict` prints p50/p90/p99/max over `BENCH_VERDICTS` (default 10,000)
//! verdicts after a short warm-up, and a machine-readable last line
//! `RESULT verdict p50_ms=… p99_ms=… n=…` that `bench/run.sh` reads. The database is a real file
//! on disk (under `bench/out/`, or `BENCH_DIR`), never tmpfs, so the fsync is real.

use std::path::PathBuf;
use std::time::Instant;

use tenken::model::{AssessmentKind, OrgKind, Scope, Verdict};
use tenken::store::{NewAssessment, OpenOptions, Store};

const VERDICTS: [Verdict; 4] = [Verdict::Conforms, Verdict::Partial, Verdict::Nonconforming, Verdict::NotApplicable];

fn bench_dir() -> PathBuf {
    std::env::var_os("BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("bench/out/verdict"))
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
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
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
    }
    let mut store = Store::open(&db, &OpenOptions { create: true, actor: Some("bench".into()), ..Default::default() })?;
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
    for k in 0..200 {
        record(&mut store, k)?;
    }
    let mut ms = Vec::with_capacity(n);
    let all = Instant::now();
    for k in 0..n {
        let t = Instant::now();
        record(&mut store, k)?;
        ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let total = all.elapsed().as_secs_f64();
    ms.sort_by(|a, b| a.total_cmp(b));
    let (p50, p90, p99, max) = (percentile(&ms, 0.5), percentile(&ms, 0.9), percentile(&ms, 0.99), ms[ms.len() - 1]);
    println!("verdict through Store::write, synchronous=FULL, {n} verdicts in {total:.2} s ({} on disk)", db.display());
    println!("  p50 {p50:.3} ms   p90 {p90:.3} ms   p99 {p99:.3} ms   max {max:.3} ms");
    println!("RESULT verdict p50_ms={p50:.3} p99_ms={p99:.3} n={n}");
    drop(store);
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
    }
    Ok(())
}
