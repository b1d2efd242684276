//! The benchmark input generator (`bench/gen/checksheet.rs`) writes what the benchmarks claim:
//! a JAMA supplier checksheet with a cover sheet and the standard table of 153 rows, read back
//! with calamine exactly as written, the same content for the same seed, and accepted by the
//! importer with exactly the counts the generator drew.

#[path = "../bench/gen/checksheet.rs"]
#[allow(dead_code)]
mod checksheet;

use calamine::{open_workbook_auto, Data, Reader};
use checksheet::{generate, NoCell, CHECK_SHEET, COVER_SHEET, HEADER, HEADER_ROW};
use tenken::catalog::{builtin_catalogs, Catalog};
use unicode_normalization::UnicodeNormalization;

fn jama() -> Catalog {
    let all = builtin_catalogs().expect("built-in catalogs parse");
    all.into_iter().find(|c| c.id == "jama-japia-2.2").expect("the JAMA catalog is built in")
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.nfkc().collect::<String>().trim().to_string(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

#[test]
fn generated_checksheet_reads_back_as_written() {
    let catalog = jama();
    let sheet = generate(&catalog, 153, 7, 1);
    assert_eq!(sheet.rows.len(), 153);
    let numbered = catalog.items.iter().filter(|i| i.id.parse::<u32>().is_ok()).count();
    assert_eq!(sheet.rows.iter().filter(|r| r.in_catalog).count(), numbered);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("supplier.xlsx");
    sheet.write_xlsx(&path).unwrap();
    let mut wb = open_workbook_auto(&path).unwrap();
    assert_eq!(wb.sheet_names(), vec![COVER_SHEET.to_string(), CHECK_SHEET.to_string()]);

    let cover = wb.worksheet_range(COVER_SHEET).unwrap();
    let company_row = cover.rows().find(|r| r.iter().any(|c| text(c) == "会社名")).expect("会社名 on the cover");
    assert!(company_row.iter().any(|c| text(c) == sheet.cover.company));

    let table = wb.worksheet_range(CHECK_SHEET).unwrap();
    let rows: Vec<&[Data]> = table.rows().collect();
    let header_at = rows.iter().position(|r| r.iter().any(|c| text(c) == "No.")).expect("header row");
    assert_eq!(header_at as u32 + table.start().map_or(0, |s| s.0), HEADER_ROW);
    let header: Vec<String> = rows[header_at].iter().map(text).collect();
    assert_eq!(header, HEADER);

    let data = &rows[header_at + 1..];
    assert_eq!(data.len(), 153);
    for (got, want) in data.iter().zip(&sheet.rows) {
        let no = text(&got[3]);
        assert_eq!(no.parse::<f64>().unwrap() as u32, want.no, "No. cell {no}");
        if let NoCell::Number(_) = want.no_cell {
            assert!(matches!(got[3], Data::Float(_)), "No. {} written as a number", want.no);
        }
        assert_eq!(text(&got[2]), want.requirement.nfkc().collect::<String>().trim());
        assert_eq!(text(&got[7]), want.answer_raw.nfkc().collect::<String>().trim());
        assert_eq!(text(&got[8]), want.remark.nfkc().collect::<String>().trim());
    }
    // Realistic variety: full-width Nos, answer variants and blank answers all occur over a batch.
    let many: Vec<_> = (1..=20).map(|i| generate(&catalog, 153, 7, i)).collect();
    let all_rows = || many.iter().flat_map(|s| s.rows.iter());
    assert!(all_rows().any(|r| matches!(&r.no_cell, NoCell::Text(t) if t.chars().any(|c| ('０'..='９').contains(&c)))));
    for variant in ["○", "×", "△", "対象外", ""] {
        assert!(all_rows().any(|r| r.answer_raw == variant), "variant {variant:?} occurs");
    }
}

#[test]
fn generation_is_deterministic_per_seed_and_index() {
    let catalog = jama();
    let a = generate(&catalog, 153, 7, 3);
    let b = generate(&catalog, 153, 7, 3);
    let c = generate(&catalog, 153, 7, 4);
    let answers = |s: &checksheet::Checksheet| s.rows.iter().map(|r| r.answer_raw.clone()).collect::<Vec<_>>();
    assert_eq!(answers(&a), answers(&b));
    assert_eq!(a.cover.company, b.cover.company);
    assert_ne!(a.cover.company, c.cover.company);
    assert_ne!(answers(&a), answers(&c));
    assert_eq!(a.expected(), b.expected());
}

#[test]
fn importer_reads_a_generated_file_with_the_expected_counts() {
    let catalog = jama();
    let sheet = generate(&catalog, 153, 11, 5);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("supplier.xlsx");
    sheet.write_xlsx(&path).unwrap();
    let reading = tenken::import::read_checksheet_file(&path, &catalog, &tenken::model::Scope::default()).unwrap();
    assert!(reading.errors.is_empty(), "no row errors: {:?}", reading.errors);
    assert_eq!(reading.sheet, CHECK_SHEET);
    assert_eq!(reading.header_row, HEADER_ROW + 1);
    assert_eq!(reading.cover.company.as_deref(), Some(sheet.cover.company.as_str()));
    let c = &reading.counts;
    let got: std::collections::BTreeMap<String, usize> = [
        ("implemented", c.implemented),
        ("partial", c.partial),
        ("not_implemented", c.not_implemented),
        ("not_applicable", c.not_applicable),
        ("unanswered", c.unanswered),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let want = sheet.expected();
    assert_eq!(got, want.counts);
    assert_eq!(reading.extra_items.len(), want.extra_items);
}
