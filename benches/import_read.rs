//! How long reading, or refusing, a broken or hostile checksheet takes: the inputs
//! `tests/import_read.rs` checks for their outcome, timed here instead of in the tests (they
//! had 2-second asserts, which fail on a loaded machine and prove nothing on a fast one).
//!
//! `cargo bench --bench import_read` reads each input `BENCH_READS` times (default 20) after one
//! warm-up read with the built-in JAMA/JAPIA V2.2 catalog, prints its outcome and the median and
//! maximum, and a machine-readable line `RESULT read_<name> p50_ms=… max_ms=… n=…` for
//! `bench/run.sh`, which reports the worst maximum against the 2 s the tests used to assert.
//! Inputs:
//! * `fuzz_many_rows` — `tests/fixtures/fuzz-xls-many-rows-timeout.xls`, the fuzzer's timeout
//!   (a mutated xls whose many rows made the header re-detection scan every column of every
//!   row); it reads;
//! * `fuzz_beyond_stream` — `tests/fixtures/fuzz-xls-sheet-beyond-stream.xls`, refused as damaged;
//! * `xfd1048576` — an xlsx with a cell at XFD1048576, refused as too large;
//! * `truncated` — the first half of a small checksheet xlsx, refused as damaged;
//! * `no_table` — an xlsx without a checksheet header;
//! * `empty`, `text` — no bytes, and plain text.

use std::path::Path;
use std::time::Instant;

use rust_xlsxwriter::Workbook;
use tenken::catalog::builtin_catalogs;
use tenken::import::read_checksheet;
use tenken::model::Scope;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn xlsx(cells: &[(u32, u16, &str)]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("チェックシート").expect("sheet name");
    for &(r, c, t) in cells {
        ws.write_string(r, c, t).expect("cell");
    }
    wb.save_to_buffer().expect("xlsx")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // `cargo bench` passes `--bench`; a filter argument that does not match skips the run.
    if std::env::args().skip(1).any(|a| !a.starts_with('-') && !"import_read".contains(a.as_str())) {
        return Ok(());
    }
    let n: usize = std::env::var("BENCH_READS").ok().and_then(|v| v.parse().ok()).unwrap_or(20).max(1);
    let catalogs = builtin_catalogs()?;
    let jama = catalogs.iter().find(|c| c.id == "jama-japia-2.2").ok_or("built-in catalog jama-japia-2.2 missing")?;
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let sheet: Vec<(u32, u16, &str)> =
        vec![(0, 0, "No."), (0, 1, "要求事項"), (0, 2, "回答"), (1, 0, "1"), (1, 1, "方針を定めている"), (1, 2, "実施している")];
    let whole = xlsx(&sheet);
    let inputs: Vec<(&str, Vec<u8>)> = vec![
        ("fuzz_many_rows", std::fs::read(fixtures.join("fuzz-xls-many-rows-timeout.xls"))?),
        ("fuzz_beyond_stream", std::fs::read(fixtures.join("fuzz-xls-sheet-beyond-stream.xls"))?),
        ("xfd1048576", xlsx(&[(0, 0, "No."), (0, 1, "回答"), (1_048_575, 16_383, "x")])),
        ("truncated", whole[..whole.len() / 2].to_vec()),
        ("no_table", xlsx(&[(0, 0, "nothing here")])),
        ("empty", Vec::new()),
        ("text", b"hello, this is text".to_vec()),
    ];
    println!("{n} reads of each input (after one warm-up read), catalog {} {}", jama.id, jama.version);
    for (name, bytes) in &inputs {
        let outcome = match read_checksheet(bytes, jama, &Scope::default()) {
            Ok(r) => format!("read: sheet {}, {} answers, {} errors", r.sheet, r.answers.len(), r.errors.len()),
            Err(e) => format!("refused: {e}"),
        };
        let mut ms: Vec<f64> = (0..n)
            .map(|_| {
                let t = Instant::now();
                let _ = std::hint::black_box(read_checksheet(std::hint::black_box(bytes), jama, &Scope::default()));
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        ms.sort_by(|a, b| a.total_cmp(b));
        let (p50, max) = (percentile(&ms, 0.5), ms[ms.len() - 1]);
        let shown: String = outcome.chars().take(100).collect();
        println!("{name:<19} p50 {p50:9.3} ms   max {max:9.3} ms   {} B   {shown}", bytes.len());
        println!("RESULT read_{name} p50_ms={p50:.3} max_ms={max:.3} n={n}");
    }
    Ok(())
}
