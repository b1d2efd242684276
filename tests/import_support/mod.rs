//! Shared helpers for the import tests: small catalogs shaped like the built-in ones, and
//! fixture writers (xlsx with rust_xlsxwriter, ods and xls written by hand).
#![allow(dead_code)]

pub mod hostile;

use std::io::{Cursor, Write};

use tenken::catalog::{self, Catalog};

/// A JAMA-like catalog: six items over two labels, levels 1–3, target_level scope.
pub fn jama() -> Catalog {
    let mut toml = String::from(
        r#"
id = "jama-test"
version = "2.2"
publisher = "test"
notes = []
title = { ja = "テスト", en = "Test" }
source = { title = "t", version = "2.2", date = "2024-08-01" }
[scoring]
rule = "level_achievement"
[[scope]]
key = "target_level"
name = { ja = "目標レベル", en = "Target level" }
kind = "max_level"
options = [{ value = "1", name = { ja = "Lv1", en = "Lv1" } }, { value = "2", name = { ja = "Lv2", en = "Lv2" } }, { value = "3", name = { ja = "Lv3", en = "Lv3" } }]
[[groups]]
id = "1"
name = "方針"
[[groups]]
id = "2"
name = "体制"
"#,
    );
    for (id, group, level) in [("1", "1", 1), ("2", "1", 1), ("3", "1", 2), ("13", "2", 1), ("14", "2", 2), ("15", "2", 3)] {
        toml.push_str(&format!(
            "[[items]]\nid = \"{id}\"\ngroup = \"{group}\"\nlevel = {level}\npurpose = \"目的{id}\"\nrequirement = \"要求事項{id}\"\ncondition = \"達成条件{id}\"\ncriteria = \"達成基準{id}\"\n"
        ));
    }
    catalog::parse("jama-test.toml", &toml).expect("test catalog")
}

/// An external-criteria-like catalog: no ids in the sheet, applicability by ismap × role.
pub fn external() -> Catalog {
    let toml = r#"
id = "ext-test"
version = "1"
publisher = "test"
notes = []
title = { ja = "外部", en = "External" }
source = { title = "t", version = "1", date = "2024-01-01" }
[field_labels]
title = "項目"
criteria = "実施基準・実施例"
[scoring]
rule = "mandatory_gate"
[[scope]]
key = "ismap"
name = { ja = "ISMAP", en = "ISMAP" }
kind = "choice"
options = [{ value = "registered", name = { ja = "ISMAPに登録されているサービス", en = "registered" } }, { value = "not_registered", name = { ja = "ISMAPに登録されていない外部サービス", en = "not registered" } }]
[[scope]]
key = "role"
name = { ja = "立場", en = "Role" }
kind = "choice"
options = [{ value = "integrator", name = { ja = "導入事業者", en = "Integrator" } }, { value = "provider", name = { ja = "外部サービス提供者", en = "Provider" } }]
[[groups]]
id = "g"
name = "認証要件"
[[items]]
id = "1"
group = "g"
title = "公的認証資格"
requirement = "当局が指定する公的認証資格を保有していること"
[[items.applicability]]
when = { role = "integrator" }
need = "mandatory"
[[items]]
id = "2"
group = "g"
title = "事業者体制"
requirement = "当局からの問い合わせを受け付ける窓口があること"
[[items.applicability]]
when = { role = "integrator" }
need = "mandatory"
[[items.applicability]]
when = { role = "provider" }
need = "recommended"
[[items]]
id = "3"
group = "g"
requirement = "SLA保証が契約内容に含まれること"
[[items.applicability]]
when = { role = "provider" }
need = "mandatory"
"#;
    catalog::parse("ext-test.toml", toml).expect("test catalog")
}

/// An ASP・SaaS-like catalog: Roman-numeral control ids, classes 基本/推奨.
pub fn asp() -> Catalog {
    let toml = r#"
id = "asp-test"
version = "1"
publisher = "test"
notes = []
title = { ja = "ASP", en = "ASP" }
source = { title = "t", version = "1", date = "2024-01-01" }
[field_labels]
requirement = "対策項目"
[scoring]
rule = "class_rates"
classes = ["基本", "推奨"]
[[groups]]
id = "III.1.1"
name = "運用・管理に関する共通対策"
[[items]]
id = "III.1.1.1"
group = "III.1.1"
class = "基本"
requirement = "稼働監視を行うこと"
[[items]]
id = "III.1.1.2"
group = "III.1.1"
class = "推奨"
requirement = "時刻同期を行うこと"
[[items]]
id = "III.1.1.3"
group = "III.1.1"
class = "基本"
requirement = "脆弱性を管理すること"
"#;
    catalog::parse("asp-test.toml", toml).expect("test catalog")
}

/// Write a minimal ODS with the given content.xml body (the `<table:table>` elements).
pub fn ods(tables: &str) -> Vec<u8> {
    let mut buf = Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        z.start_file("mimetype", stored).unwrap();
        z.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
        z.start_file("META-INF/manifest.xml", stored).unwrap();
        z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
        z.start_file("content.xml", stored).unwrap();
        let content = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
        );
        z.write_all(content.as_bytes()).unwrap();
        z.finish().unwrap();
    }
    buf.into_inner()
}

/// An ODS text cell.
pub fn ods_cell(text: &str) -> String {
    if text.is_empty() {
        return "<table:table-cell/>".to_string();
    }
    format!(r#"<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#)
}

/// One BIFF8 record.
pub(crate) fn rec(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
    out.extend_from_slice(&typ.to_le_bytes());
    out.extend_from_slice(&(data.len() as u16).to_le_bytes());
    out.extend_from_slice(data);
}

/// A BIFF8 BOF record of `kind` (0x0005 workbook globals, 0x0010 worksheet).
pub(crate) fn bof(out: &mut Vec<u8>, kind: u16) {
    let mut d = Vec::new();
    d.extend_from_slice(&0x0600u16.to_le_bytes());
    d.extend_from_slice(&kind.to_le_bytes());
    d.extend_from_slice(&[0; 12]);
    rec(out, 0x0809, &d);
}

/// A minimal BIFF8 .xls in a compound file: one sheet with text cells, merges and declared
/// dimensions (`dims` = (first row, last row + 1, first col, last col + 1)).
pub fn xls(sheet: &str, cells: &[(u16, u16, &str)], merges: &[(u16, u16, u16, u16)], dims: Option<(u32, u32, u16, u16)>) -> Vec<u8> {
    let mut globals = Vec::new();
    bof(&mut globals, 0x0005);
    rec(&mut globals, 0x0042, &1200u16.to_le_bytes());
    // XF records: calamine indexes formats by XF; provide a few default ones.
    for _ in 0..16 {
        rec(&mut globals, 0x00E0, &[0u8; 20]);
    }
    let name: Vec<u16> = sheet.encode_utf16().collect();
    let boundsheet_at = globals.len();
    let mut bs = vec![0u8; 4];
    bs.extend_from_slice(&[0, 0]);
    bs.push(name.len() as u8);
    bs.push(1); // UTF-16
    for u in &name {
        bs.extend_from_slice(&u.to_le_bytes());
    }
    rec(&mut globals, 0x0085, &bs);
    rec(&mut globals, 0x000A, &[]);
    let sheet_pos = globals.len() as u32;
    globals[boundsheet_at + 4..boundsheet_at + 8].copy_from_slice(&sheet_pos.to_le_bytes());
    let mut s = Vec::new();
    bof(&mut s, 0x0010);
    let (rf, rl, cf, cl) = dims.unwrap_or_else(|| {
        let rl = cells.iter().map(|c| c.0 as u32 + 1).max().unwrap_or(0);
        let cl = cells.iter().map(|c| c.1 + 1).max().unwrap_or(0);
        (0, rl, 0, cl)
    });
    let mut d = Vec::new();
    d.extend_from_slice(&rf.to_le_bytes());
    d.extend_from_slice(&rl.to_le_bytes());
    d.extend_from_slice(&cf.to_le_bytes());
    d.extend_from_slice(&cl.to_le_bytes());
    d.extend_from_slice(&[0, 0]);
    rec(&mut s, 0x0200, &d);
    for (r, c, text) in cells {
        let mut d = Vec::new();
        d.extend_from_slice(&r.to_le_bytes());
        d.extend_from_slice(&c.to_le_bytes());
        d.extend_from_slice(&0u16.to_le_bytes());
        let u: Vec<u16> = text.encode_utf16().collect();
        d.extend_from_slice(&(u.len() as u16).to_le_bytes());
        d.push(1);
        for x in &u {
            d.extend_from_slice(&x.to_le_bytes());
        }
        rec(&mut s, 0x0204, &d);
    }
    if !merges.is_empty() {
        let mut d = Vec::new();
        d.extend_from_slice(&(merges.len() as u16).to_le_bytes());
        for (r0, r1, c0, c1) in merges {
            for v in [r0, r1, c0, c1] {
                d.extend_from_slice(&v.to_le_bytes());
            }
        }
        rec(&mut s, 0x00E5, &d);
    }
    rec(&mut s, 0x000A, &[]);
    let mut stream = globals;
    stream.extend_from_slice(&s);
    // Pad past the mini-stream cutoff so the stream lives in regular sectors.
    while stream.len() < 5000 {
        rec(&mut stream, 0x0000, &[]);
    }
    let mut cf = cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new())).unwrap();
    {
        let mut st = cf.create_stream("/Workbook").unwrap();
        st.write_all(&stream).unwrap();
    }
    cf.flush().unwrap();
    cf.into_inner().into_inner()
}
