//! Bundles from a hostile party (issue 19, point 3): a manifest re-signed with a home-made key,
//! zip bombs, too many entries, a huge manifest, entries that differ from the manifest. Each is
//! refused through the real CLI with a clear error (an exit code, never a signal, under a 2 GB
//! address-space limit), and the target database is unchanged: the SHA-256 of every table's
//! rows is the same before and after.

mod common;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{tenken_bin, tenken_home as run, tenken_home_ok as ok};
use sha2::{Digest, Sha256};

const PASSPHRASE: &str = "correct horse battery";

/// SHA-256 of every table's rows, ordered by rowid, by table name.
fn table_digests(db: &Path) -> BTreeMap<String, String> {
    let conn = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = BTreeMap::new();
    for t in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\" ORDER BY rowid")).unwrap();
        let n = stmt.column_count();
        let mut hasher = Sha256::new();
        let mut rows = stmt.query([]).unwrap();
        let mut count = 0u64;
        while let Some(row) = rows.next().unwrap() {
            count += 1;
            for i in 0..n {
                hasher.update(format!("{:?}\u{1f}", row.get_ref(i).unwrap()).as_bytes());
            }
            hasher.update(b"\x1e");
        }
        out.insert(t, format!("{count} rows {}", hex::encode(hasher.finalize())));
    }
    out
}

/// Run tenken under a 2 GB address-space limit.
fn run_limited(home: &Path, db: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(tenken_bin());
    cmd.arg("--db").arg(db).args(args).env_remove("TENKEN_DB").env("XDG_DATA_HOME", home).env("TENKEN_ACTOR", "test");
    // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            let limit = libc::rlimit { rlim_cur: 2 << 30, rlim_max: 2 << 30 };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd.output().expect("run tenken")
}

/// The refusal of a hostile bundle: exit code 1 (not a signal), a message with `expect`.
fn assert_refused(out: &Output, expect: &str) -> String {
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "exit by code 1, not a signal ({:?}): {err}", out.status);
    assert!(err.contains(expect), "expected {expect:?} in: {err}");
    eprintln!("refused as expected: {err}");
    err
}

/// Every entry of a zip, in order.
fn entries(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut zin = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zin.len())
        .map(|i| {
            let mut e = zin.by_index(i).unwrap();
            let mut bytes = Vec::new();
            e.read_to_end(&mut bytes).unwrap();
            (e.name().unwrap().to_string(), bytes)
        })
        .collect()
}

/// Write a zip of `files` (deflated).
fn write_zip(path: &Path, files: &[(String, Vec<u8>)]) {
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, bytes) in files {
        z.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap();
}

/// The one identity in a data directory, unlocked.
fn identity_of(home: &Path) -> tenken::signing::UnlockedIdentity {
    let all = tenken::signing::Identity::list(&home.join("tenken").join("identities")).unwrap();
    all[0].unlock(PASSPHRASE).unwrap()
}

/// A bundle rebuilt from `files` after `edit` changed assessment.json (as JSON); the manifest is
/// recomputed and signed by `signer`: what an attacker with a home-made key can make.
fn forge(files: &[(String, Vec<u8>)], signer: &tenken::signing::UnlockedIdentity, out: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let mut files: Vec<(String, Vec<u8>)> = files.iter().filter(|(n, _)| !n.starts_with("manifest.json")).cloned().collect();
    let entry = files.iter_mut().find(|(n, _)| n == "assessment.json").unwrap();
    let mut doc: serde_json::Value = serde_json::from_slice(&entry.1).unwrap();
    edit(&mut doc);
    entry.1 = serde_json::to_vec_pretty(&doc).unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&files.iter().find(|(n, _)| n == "assessment.json").unwrap().1).unwrap();
    let manifest = serde_json::json!({
        "format": "tenken.bundle/1",
        "assessment_uid": doc["assessment"]["uid"],
        "created_at": "2026-11-30T09:00:00Z",
        "entries": files.iter().map(|(n, b)| serde_json::json!({"path": n, "size": b.len(), "sha256": hex::encode(Sha256::digest(b))})).collect::<Vec<_>>(),
    });
    let manifest = serde_json::to_vec_pretty(&manifest).unwrap();
    let signature = tenken::signing::sign_detached(&manifest, signer, chrono::Utc::now()).unwrap();
    files.push(("manifest.json".into(), manifest));
    files.push(("manifest.json.p7s".into(), signature));
    write_zip(out, &files);
}

/// Every verdict of the document changed to another one.
fn change_every_verdict(doc: &mut serde_json::Value) {
    for r in doc["results"].as_array_mut().unwrap() {
        r["verdict"] = serde_json::json!(if r["verdict"] == "conforms" { "nonconforming" } else { "conforms" });
    }
}

/// An auditor's laptop with a signed assessment, its bundle, and the office database that has
/// already imported it (the auditor's root is trusted there: the same data directory).
struct World {
    dir: tempfile::TempDir,
    home: PathBuf,
    attacker_home: PathBuf,
    office: PathBuf,
    bundle: PathBuf,
    office_id: String,
}

fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let attacker_home = dir.path().join("attacker");
    let (laptop, office) = (dir.path().join("laptop.db"), dir.path().join("office.db"));
    ok(&home, &laptop, &["assessment", "new", "--org", "株式会社本物", "--catalog", "jama-japia-2.2", "--scope", "target_level=1"]);
    for item in ["1", "4", "5"] {
        ok(&home, &laptop, &["verdict", "1", item, "conforms"]);
    }
    let photo = dir.path().join("写真.jpg");
    std::fs::write(&photo, vec![0xA5; 4096]).unwrap();
    ok(&home, &laptop, &["evidence", "add", "1", "1", photo.to_str().unwrap()]);
    ok(&home, &laptop, &["identity", "new", "--name", "監査 次郎", "--org", "点検監査", "--passphrase-env", "TENKEN_TEST_KEY"]);
    let pdf = dir.path().join("r1.pdf");
    ok(&home, &laptop, &["export", "1", "--pdf", pdf.to_str().unwrap(), "--sign", "--identity-passphrase-env", "TENKEN_TEST_KEY"]);
    let bundle = dir.path().join("real.tenken");
    ok(&home, &laptop, &["bundle", "export", "1", "-o", bundle.to_str().unwrap(), "--identity-passphrase-env", "TENKEN_TEST_KEY"]);
    let first: serde_json::Value =
        serde_json::from_str(&ok(&home, &office, &["bundle", "import", bundle.to_str().unwrap(), "--json"])).unwrap();
    assert_eq!(first["provenance"]["trust"], "VALID");
    // The attacker: a home-made local CA and signing certificate with the real auditor's name.
    ok(
        &attacker_home,
        &dir.path().join("attacker.db"),
        &["identity", "new", "--name", "監査 次郎", "--org", "点検監査", "--passphrase-env", "TENKEN_TEST_KEY"],
    );
    let office_id = first["assessment_id"].to_string();
    World { dir, home, attacker_home, office, bundle, office_id }
}

#[test]
fn a_bundle_re_signed_with_a_home_made_key_is_refused_or_imported_only_as_untrusted() {
    let w = world();
    let real = entries(&w.bundle);
    let attacker = identity_of(&w.attacker_home);
    let fingerprint = hex::encode(Sha256::digest(der::Encode::to_der(attacker.certificate()).unwrap()));

    // The same assessment with every verdict changed, as a fresh record (new uid) still "signed".
    let forged = w.dir.path().join("forged.tenken");
    forge(&real, &attacker, &forged, |doc| {
        change_every_verdict(doc);
        doc["assessment"]["uid"] = serde_json::json!("00000000000000000000000000f0f0f0");
    });
    let out = run(&w.home, &w.office, &["verify", forged.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "intact but untrusted: {stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("UNTRUSTED") && stdout.contains(&fingerprint), "{stdout}");
    assert_eq!(run(&w.home, &w.office, &["verify", w.bundle.to_str().unwrap()]).status.code(), Some(0));

    let before = table_digests(&w.office);
    let err = assert_refused(&run(&w.home, &w.office, &["bundle", "import", forged.to_str().unwrap()]), "not in your trust list");
    assert!(
        err.contains(&fingerprint) && err.contains("監査 次郎") && err.contains("--accept-untrusted") && err.contains("tenken trust add"),
        "{err}"
    );
    assert_eq!(table_digests(&w.office), before, "a refused bundle changes no row of any table");

    // As a revision of the real assessment: refused even with --accept-untrusted.
    let revision = w.dir.path().join("revision.tenken");
    let real_uid = {
        let doc: serde_json::Value = serde_json::from_slice(&real.iter().find(|(n, _)| n == "assessment.json").unwrap().1).unwrap();
        doc["assessment"]["uid"].clone()
    };
    forge(&real, &attacker, &revision, |doc| {
        change_every_verdict(doc);
        doc["assessment"]["uid"] = serde_json::json!("00000000000000000000000000f1f1f1");
        doc["assessment"]["revision"] = serde_json::json!(2);
        doc["previous_uid"] = real_uid.clone();
    });
    let err = assert_refused(
        &run(&w.home, &w.office, &["bundle", "import", revision.to_str().unwrap(), "--accept-untrusted"]),
        "must come from a trusted signer",
    );
    assert!(err.contains(&format!("assessment {}", w.office_id)), "names the assessment it would continue: {err}");
    assert_eq!(table_digests(&w.office), before);

    // With --accept-untrusted: imported, never as signed, marked untrusted with the fingerprint.
    let r: serde_json::Value =
        serde_json::from_str(&ok(&w.home, &w.office, &["bundle", "import", forged.to_str().unwrap(), "--accept-untrusted", "--json"]))
            .unwrap();
    assert_eq!(r["created"], true);
    assert_eq!(r["status"], "in_review");
    let id = r["assessment_id"].to_string();
    let shown: serde_json::Value = serde_json::from_str(&ok(&w.home, &w.office, &["assessment", "show", &id, "--json"])).unwrap();
    assert_eq!(shown["assessment"]["status"], "in_review", "never signed");
    assert_eq!(shown["assessment"]["previous_revision"], serde_json::Value::Null);
    assert_eq!(shown["provenance"]["trust"], "UNTRUSTED");
    assert_eq!(shown["provenance"]["signer_cert_sha256"], fingerprint.as_str());
    let text = ok(&w.home, &w.office, &["assessment", "show", &id]);
    assert!(text.contains("UNTRUSTED") && text.contains(&fingerprint), "{text}");
    let log: serde_json::Value = serde_json::from_str(&ok(&w.home, &w.office, &["log", "--json"])).unwrap();
    let event = log.as_array().unwrap().iter().rev().find(|e| e["action"] == "assessment.import_bundle").unwrap();
    let after = event["after"].to_string();
    assert!(
        after.contains("UNTRUSTED") && after.contains(&fingerprint),
        "the audit trail records the trust outcome and the fingerprint: {event}"
    );
    // The real, signed assessment is untouched.
    let real_shown: serde_json::Value =
        serde_json::from_str(&ok(&w.home, &w.office, &["assessment", "show", &w.office_id, "--json"])).unwrap();
    assert_eq!(real_shown["assessment"]["status"], "signed");
    assert_eq!(real_shown["provenance"]["trust"], "VALID");
    assert!(real_shown["results"].as_array().unwrap().iter().filter(|r| r["item_id"] == "1").all(|r| r["verdict"] == "conforms"));
}

/// A copy of the real bundle with `files` changed by `edit`, under the same (trusted) manifest.
fn tampered(w: &World, name: &str, edit: impl FnOnce(&mut Vec<(String, Vec<u8>)>)) -> PathBuf {
    let mut files = entries(&w.bundle);
    edit(&mut files);
    let out = w.dir.path().join(name);
    write_zip(&out, &files);
    out
}

/// A zip entry that inflates to `size` zero bytes.
fn write_bomb(z: &mut zip::ZipWriter<std::fs::File>, name: &str, size: usize) {
    z.start_file(name, zip::write::SimpleFileOptions::default().compression_level(Some(1))).unwrap();
    let chunk = vec![0u8; 1 << 20];
    for _ in 0..size >> 20 {
        z.write_all(&chunk).unwrap();
    }
}

#[test]
fn hostile_zips_are_refused_quickly_with_a_clear_error_and_nothing_stored() {
    let w = world();
    let before = table_digests(&w.office);
    let import = |path: &Path, extra: &[&str]| {
        let mut args = vec!["bundle", "import", path.to_str().unwrap()];
        args.extend_from_slice(extra);
        let started = std::time::Instant::now();
        let out = run_limited(&w.home, &w.office, &args);
        eprintln!("{} refused in {:?}", path.display(), started.elapsed()); // information, not an assert
        out
    };

    // A zip bomb in place of the evidence file: 1 GiB of zeros, under the real signed manifest.
    let real = entries(&w.bundle);
    let bomb = w.dir.path().join("bomb.tenken");
    {
        let mut z = zip::ZipWriter::new(std::fs::File::create(&bomb).unwrap());
        for (name, bytes) in &real {
            if name.ends_with("写真.jpg") {
                write_bomb(&mut z, name, 1 << 30);
            } else {
                z.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
                z.write_all(bytes).unwrap();
            }
        }
        z.finish().unwrap();
    }
    assert!(std::fs::metadata(&bomb).unwrap().len() < 16 << 20, "the bomb is small on disk");
    assert_refused(&import(&bomb, &[]), "holds more than the 4096 bytes the signed manifest declares");
    assert_refused(&run_limited(&w.home, &w.office, &["verify", bomb.to_str().unwrap()]), "holds more than the 4096 bytes");

    // The bomb as an extra entry the manifest does not list: refused before it is read.
    let extra = w.dir.path().join("extra.tenken");
    {
        let mut z = zip::ZipWriter::new(std::fs::File::create(&extra).unwrap());
        for (name, bytes) in &real {
            z.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
            z.write_all(bytes).unwrap();
        }
        write_bomb(&mut z, "evidence/999-bomb.bin", 256 << 20);
        z.finish().unwrap();
    }
    assert_refused(&import(&extra, &[]), "evidence/999-bomb.bin is not in the signed manifest");

    // 100,000 tiny entries.
    let many = w.dir.path().join("many.tenken");
    {
        let mut z = zip::ZipWriter::new(std::fs::File::create(&many).unwrap());
        let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for (name, bytes) in &real {
            z.start_file(name.as_str(), stored).unwrap();
            z.write_all(bytes).unwrap();
        }
        for i in 0..100_000 {
            z.start_file(format!("e/{i}"), stored).unwrap();
        }
        z.finish().unwrap();
    }
    assert_refused(&import(&many, &[]), &format!("holds {} entries; a bundle may hold at most 10000 entries", real.len() + 100_000));

    // A zip directory too large to read: 300,000 entries with long names (about 34 MB of directory).
    let directory = w.dir.path().join("directory.tenken");
    {
        let mut z = zip::ZipWriter::new(std::fs::File::create(&directory).unwrap());
        let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for i in 0..300_000 {
            z.start_file(format!("evidence/{i:064}"), stored).unwrap();
        }
        z.finish().unwrap();
    }
    assert_refused(&import(&directory, &[]), "its zip directory is larger than 16 MiB");

    // A huge manifest.json (64 MiB of JSON whitespace, small once deflated).
    let huge = tampered(&w, "huge-manifest.tenken", |files| {
        for (name, bytes) in files.iter_mut() {
            if name == "manifest.json" {
                bytes.extend(std::iter::repeat_n(b' ', 64 << 20));
            }
        }
    });
    assert_refused(&import(&huge, &[]), "manifest.json is larger than 16 MiB");

    // An entry shorter than the manifest says, and one of the right size with other bytes.
    let short = tampered(&w, "short.tenken", |files| {
        for (name, bytes) in files.iter_mut() {
            if name == "assessment.json" {
                bytes.pop();
            }
        }
    });
    assert_refused(&import(&short, &[]), "but the signed manifest declares");
    let changed = tampered(&w, "changed.tenken", |files| {
        for (name, bytes) in files.iter_mut() {
            if name.ends_with("写真.jpg") {
                bytes[0] ^= 1;
            }
        }
    });
    assert_refused(&import(&changed, &[]), "was changed after the bundle was signed");

    // Two entries of the same name (made by renaming one entry in the zip's bytes).
    let twice = w.dir.path().join("twice.tenken");
    {
        let mut files = real.clone();
        let doc = files.iter().find(|(n, _)| n == "assessment.json").unwrap().1.clone();
        files.push(("assessment.jsoX".into(), doc));
        write_zip(&twice, &files);
        let mut bytes = std::fs::read(&twice).unwrap();
        let (from, to) = (b"assessment.jsoX", b"assessment.json");
        let mut i = 0;
        while i + from.len() <= bytes.len() {
            if &bytes[i..i + from.len()] == from {
                bytes[i..i + from.len()].copy_from_slice(to);
            }
            i += 1;
        }
        std::fs::write(&twice, bytes).unwrap();
    }
    assert_refused(&import(&twice, &[]), "two of its entries have the same name");

    // A manifest, signed by the attacker, that declares a 1 GiB entry, or more than 1 GiB in all.
    let attacker = identity_of(&w.attacker_home);
    let liar = w.dir.path().join("liar.tenken");
    let mut files: Vec<(String, Vec<u8>)> = real.iter().filter(|(n, _)| !n.starts_with("manifest.json")).cloned().collect();
    let mut manifest_entries: Vec<serde_json::Value> =
        files.iter().map(|(n, b)| serde_json::json!({"path": n, "size": b.len(), "sha256": hex::encode(Sha256::digest(b))})).collect();
    let photo = files.iter().position(|(n, _)| n.ends_with("写真.jpg")).unwrap();
    manifest_entries[photo]["size"] = serde_json::json!(1u64 << 30);
    let sign = |entries: &[serde_json::Value], files: &[(String, Vec<u8>)], out: &Path| {
        let doc: serde_json::Value = serde_json::from_slice(&files.iter().find(|(n, _)| n == "assessment.json").unwrap().1).unwrap();
        let m = serde_json::to_vec(&serde_json::json!({"format": "tenken.bundle/1", "assessment_uid": doc["assessment"]["uid"], "created_at": "2026-11-30T09:00:00Z", "entries": entries})).unwrap();
        let mut all = files.to_vec();
        all.push(("manifest.json.p7s".into(), tenken::signing::sign_detached(&m, &attacker, chrono::Utc::now()).unwrap()));
        all.push(("manifest.json".into(), m));
        write_zip(out, &all);
    };
    sign(&manifest_entries, &files, &liar);
    assert_refused(&import(&liar, &["--accept-untrusted"]), "declares 1073741824 bytes; a bundle may hold at most 256 MiB per entry");
    manifest_entries[photo]["size"] = serde_json::json!(files[photo].1.len());
    for i in 0..5 {
        let name = format!("evidence/90{i}-big.bin");
        manifest_entries.push(serde_json::json!({"path": name, "size": 250u64 << 20, "sha256": hex::encode(Sha256::digest(b""))}));
        files.push((name, Vec::new()));
    }
    let total = w.dir.path().join("total.tenken");
    sign(&manifest_entries, &files, &total);
    assert_refused(&import(&total, &["--accept-untrusted"]), "more than 1 GiB in total");

    assert_eq!(table_digests(&w.office), before, "no refused bundle changed a row of any table");
}
