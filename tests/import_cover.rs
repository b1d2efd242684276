//! Issue 19, point 14: a title block holding several fields in one cell
//! (`株式会社X　サービス名:Y　回答日:2024年10月1日`) is split into its labelled parts, through the
//! real `tenken import`: the organisation is the company alone, and the report's cover carries
//! the service and the date.

mod common;

/// A checksheet whose table sheet carries the title block above the header, and no cover sheet.
fn sheet(path: &std::path::Path, title_block: &str) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("チェックシート").unwrap();
    ws.write_string(0, 0, title_block).unwrap();
    for (c, h) in ["No.", "要求事項", "回答", "備考"].iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    ws.write_string(3, 0, "1").unwrap();
    ws.write_string(3, 2, "実施している").unwrap();
    wb.save(path).unwrap();
}

fn import(title_block: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let file = dir.path().join("title-block.xlsx");
    sheet(&file, title_block);
    let out = common::tenken_ok(&db, &["import", file.to_str().unwrap(), "--catalog", "jama-japia-2.2", "--json"]);
    serde_json::from_str(&out).unwrap()
}

#[test]
fn full_width_fields_in_one_cell_are_split() {
    let v = import("株式会社X　サービス名：クラウドY　回答日：2024年10月1日");
    assert_eq!(v["organisation"], "株式会社X", "{v}");
    assert_eq!(v["cover"]["company"], "株式会社X");
    assert_eq!(v["cover"]["service"], "クラウドY");
    assert_eq!(v["cover"]["date"], "2024-10-01");
}

#[test]
fn bracketed_labels_with_a_respondent_are_split() {
    let v = import("【会社名】株式会社X【サービス名】Y【回答者】山田 太郎【回答日】令和6年10月1日");
    assert_eq!(v["organisation"], "株式会社X", "{v}");
    assert_eq!(v["cover"]["respondent"], "山田 太郎");
    assert_eq!(v["cover"]["service"], "Y");
    assert_eq!(v["cover"]["date"], "2024-10-01");
}

#[test]
fn a_labelled_company_with_ascii_colons_is_split() {
    let v = import("会社名: 株式会社X サービス名: Y 回答日: 2024/10/01");
    assert_eq!(v["organisation"], "株式会社X", "{v}");
    assert_eq!(v["cover"]["service"], "Y");
}
