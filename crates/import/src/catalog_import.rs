//! Building a user catalog from a workbook with the standard checksheet columns (No., ラベル,
//! 目的, 要求事項, レベル, 達成条件, 達成基準, …), reusing the checksheet table reader.
//!
//! When the workbook declares the same framework as a built-in catalog (`based_on`), the
//! built-in commentary, scope and scoring are joined to the new items by No., so a firm's
//! extended or translated sheet keeps the official guidance beside each item.
//!
//! Invariant: the catalog written is validated exactly like a built-in one, and an existing
//! file is never overwritten.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::normalise::{self, id_shape, item_id};
use super::reader::read_workbook;
use super::table::{find_header_where, Columns, Role};
use super::ImportError;
use tenken_domain::catalog::{self, Catalog, Group, Item, RuleKind, ScopeDimension, ScopeKind, ScopeOption, Scoring, Source, Text2};
use tenken_domain::error::{catalog_params, lines, CatalogProblem};
use tenken_domain::notice::{io_params, nest, with_reason, Params, IO_REASONS};

/// Result of building a catalog from a workbook.
pub type Result<T, E = CatalogImportError> = std::result::Result<T, E>;
use CatalogImportError as Error;

/// Why a workbook could not become a catalog. Messages name the file.
///
/// `Invalid`, `Workbook` and `Rows` share the code `catalog_import.invalid` (scripts match on
/// it) and tell their situations apart by the `reason` param.
#[derive(Debug, thiserror::Error)]
pub enum CatalogImportError {
    /// The workbook or the options do not make a catalog.
    #[error("{0}")]
    Invalid(Invalid),
    /// The workbook cannot be read (reason `workbook`; the import error is nested).
    #[error("{origin}: {source}")]
    Workbook {
        /// The workbook's name.
        origin: String,
        /// Why it cannot be read.
        source: ImportError,
    },
    /// Rows of the table that do not make items (the reason is the first problem's).
    #[error("{origin}: {}", rows(.problems))]
    Rows {
        /// The workbook's name.
        origin: String,
        /// Every row problem (at least one).
        problems: Vec<RowProblem>,
    },
    /// The catalog built breaks a catalog rule.
    #[error("catalog {file}: {}", lines(.problems))]
    Catalog {
        /// The workbook.
        file: String,
        /// What is wrong, every problem found.
        problems: Vec<CatalogProblem>,
    },
    /// The catalog written does not load back.
    #[error(transparent)]
    Domain(#[from] tenken_domain::Error),
    /// Writing the catalog file failed.
    #[error("{}: {cause}", path.display())]
    Io {
        /// The file or folder involved.
        path: PathBuf,
        /// The underlying error.
        cause: std::io::Error,
    },
}

impl CatalogImportError {
    /// Every code [`CatalogImportError::code`] can give (its own, not those of a wrapped error).
    pub const CODES: &'static [&'static str] = &["catalog_import.invalid", "catalog.malformed", "io"];

    /// The reasons each code can carry (`params()["reason"]`), for the check that the UI has a
    /// text for each.
    pub const REASONS: &'static [(&'static str, &'static [&'static str])] = &[
        ("catalog_import.invalid", Invalid::CODES),
        ("catalog_import.invalid", &["workbook"]),
        ("catalog_import.invalid", RowProblem::CODES),
        ("catalog.malformed", CatalogProblem::CODES),
        ("io", IO_REASONS),
    ];

    /// The values the message is made of, by name (without `detail`, which the application
    /// layer adds).
    pub fn params(&self) -> Params {
        match self {
            CatalogImportError::Invalid(reason) => with_reason(reason.code(), reason.params()),
            CatalogImportError::Workbook { origin, source } => {
                let mut p = with_reason("workbook", Params::from([("origin".to_string(), origin.clone())]));
                nest(&mut p, source.code(), source.params());
                p
            }
            CatalogImportError::Rows { origin, problems } => {
                let mut p = problems.first().map(|first| with_reason(first.code(), first.params())).unwrap_or_default();
                p.insert("origin".into(), origin.clone());
                p.insert("count".into(), problems.len().to_string());
                p
            }
            CatalogImportError::Catalog { file, problems } => catalog_params(file, problems),
            CatalogImportError::Domain(e) => e.params(),
            CatalogImportError::Io { path, cause } => io_params(path, cause),
        }
    }

    /// The stable code of this error, for scripts and for the UI's message catalog.
    pub fn code(&self) -> &'static str {
        match self {
            CatalogImportError::Invalid(_) => "catalog_import.invalid",
            CatalogImportError::Workbook { .. } => "catalog_import.invalid",
            CatalogImportError::Rows { .. } => "catalog_import.invalid",
            CatalogImportError::Catalog { .. } => "catalog.malformed",
            CatalogImportError::Domain(e) => e.code(),
            CatalogImportError::Io { .. } => "io",
        }
    }
}

tenken_domain::notices! {
    /// Why the workbook or the options make no catalog: the `reason` of a
    /// `catalog_import.invalid` error, by its key.
    pub enum Invalid {
        /// No table header with a No. and a 要求事項 column.
        NoHeader { origin: String } = "no_header"
            => "{origin}: no sheet has a header row naming a No. and a 要求事項 column in its first 30 rows",
        /// A table without a row that makes an item.
        NoRows { origin: String } = "no_rows" => "{origin}: the table has no rows with a No. and a 要求事項",
        /// The id and version are taken.
        CatalogExists { id: String } = "catalog_exists" => "a catalog {id} already exists; choose another --id or --version",
        /// The catalog cannot be written as TOML (the serialiser's message).
        Toml { cause: String } = "toml" => "the catalog cannot be written as TOML: {cause}",
        /// The catalog file is already there.
        FileExists { path: String } = "file_exists" => "{path} already exists; nothing was written",
    }
}

tenken_domain::notices! {
    /// A row of the table that does not make an item.
    pub enum RowProblem {
        /// An item number met in a row above.
        Twice { cell: String, id: String } = "row_twice" => "{cell}: No. {id} appears twice; the first row stands",
        /// A level cell that is not a level.
        Level { cell: String, raw: String } = "row_level" => "{cell}: unrecognised level '{raw}'",
    }
}

/// The row problems as the CLI prints them, on one line.
fn rows(problems: &[RowProblem]) -> String {
    problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
}

impl From<Invalid> for CatalogImportError {
    fn from(reason: Invalid) -> Self {
        CatalogImportError::Invalid(reason)
    }
}

impl CatalogImportError {
    fn io(path: impl Into<PathBuf>, cause: std::io::Error) -> Self {
        CatalogImportError::Io { path: path.into(), cause }
    }
}

/// What the new catalog is called.
#[derive(Debug, Clone, Default)]
pub struct CatalogImportOptions {
    /// Catalog id (no spaces).
    pub id: String,
    /// Title (Japanese; used for English too).
    pub title: String,
    /// Version [default `1`].
    pub version: Option<String>,
    /// A catalog (usually built-in) of the same framework whose commentary, scope and scoring
    /// are joined by No.
    pub based_on: Option<Catalog>,
}

fn accept(c: &Columns) -> bool {
    c.0.contains_key(&Role::Id) && c.0.contains_key(&Role::Requirement)
}

/// `1 方針` → (`1`, `方針`); `方針` → (`方針`, `方針`).
fn split_label(label: &str) -> (String, String) {
    match label.split_once(char::is_whitespace) {
        Some((id, name)) if id.chars().any(|c| c.is_ascii_digit()) => (id.to_string(), name.trim().to_string()),
        _ => (label.to_string(), label.to_string()),
    }
}

/// Build a catalog from a workbook's table (header with a No. and a 要求事項 column).
pub fn catalog_from_workbook(bytes: &[u8], origin: &str, opts: &CatalogImportOptions) -> Result<Catalog> {
    let wb = read_workbook(bytes).map_err(|source| Error::Workbook { origin: origin.to_string(), source })?;
    let header =
        find_header_where(&wb.sheets, None, accept).ok_or_else(|| Error::from(Invalid::NoHeader { origin: origin.to_string() }))?;
    let grid = &wb.sheets[header.sheet];
    let cols = &header.columns;
    let text = |r: u32, role: Role| cols.first(role).map(|c| grid.text(r, c).to_string()).filter(|s| !s.is_empty());
    let mut groups: Vec<Group> = Vec::new();
    let mut items: Vec<Item> = Vec::new();
    let mut problems = Vec::new();
    for r in header.row + 1..=grid.last_row().unwrap_or(header.row) {
        let Some(raw_id) = text(r, Role::Id) else {
            continue;
        };
        let id = item_id(&raw_id);
        let Some(requirement) = text(r, Role::Requirement) else {
            continue;
        };
        if !id_shape(&id).contains('9') {
            continue; // a repeated header or a note
        }
        if items.iter().any(|i| i.id == id) {
            problems.push(RowProblem::Twice { cell: normalise::cell_ref(&grid.name, r, cols.first(Role::Id).unwrap_or(0)), id });
            continue;
        }
        let (gid, gname) = text(r, Role::Label).map(|l| split_label(&l)).unwrap_or_else(|| ("all".into(), "all".into()));
        if !groups.iter().any(|g| g.id == gid) {
            groups.push(Group { id: gid.clone(), name: gname, parent: None });
        }
        let level_raw = text(r, Role::Level).unwrap_or_default();
        let level = match normalise::level(&level_raw) {
            Ok(l) => l,
            Err(normalise::NotALevel) => {
                let cell = normalise::cell_ref(&grid.name, r, cols.first(Role::Level).unwrap_or(0));
                problems.push(RowProblem::Level { cell, raw: level_raw.clone() });
                None
            }
        };
        items.push(Item {
            id,
            group: gid,
            level,
            class: text(r, Role::Class),
            title: text(r, Role::Title),
            purpose: text(r, Role::Purpose),
            requirement,
            condition: text(r, Role::Condition),
            criteria: text(r, Role::Criteria),
            best_practices: Vec::new(),
            evaluation: Vec::new(),
            commentary: Vec::new(),
            applicability: Vec::new(),
            need: None,
            notes: Vec::new(),
        });
    }
    if !problems.is_empty() {
        return Err(Error::Rows { origin: origin.to_string(), problems });
    }
    if items.is_empty() {
        return Err(Invalid::NoRows { origin: origin.to_string() }.into());
    }
    let mut cat = assemble(origin, opts, groups, items);
    if let Some(base) = &opts.based_on {
        join_base(&mut cat, base);
    }
    cat.validate().map_err(|problems| Error::Catalog { file: origin.to_string(), problems })?;
    Ok(cat)
}

fn assemble(origin: &str, opts: &CatalogImportOptions, groups: Vec<Group>, items: Vec<Item>) -> Catalog {
    let version = opts.version.clone().unwrap_or_else(|| "1".to_string());
    let levels: std::collections::BTreeSet<u8> = items.iter().filter_map(|i| i.level).collect();
    let leveled = items.iter().all(|i| i.level.is_some());
    let (scope, rule) = if leveled {
        let options = levels
            .iter()
            .map(|l| ScopeOption { value: l.to_string(), name: Text2 { ja: format!("Lv{l}"), en: format!("Level {l}") }, help: None })
            .collect();
        let dim = ScopeDimension {
            key: "target_level".into(),
            name: Text2 { ja: "目標レベル".into(), en: "Target level".into() },
            kind: ScopeKind::MaxLevel,
            options,
            help: None,
        };
        (vec![dim], RuleKind::LevelAchievement)
    } else {
        (Vec::new(), RuleKind::MandatoryGate)
    };
    Catalog {
        id: opts.id.clone(),
        version: version.clone(),
        title: Text2 { ja: opts.title.clone(), en: opts.title.clone() },
        publisher: "user".into(),
        source: Source {
            title: origin.to_string(),
            version,
            date: chrono::Local::now().format("%Y-%m-%d").to_string(),
            file: Some(origin.to_string()),
        },
        draft: false,
        notes: vec![format!("Imported from {origin} with `tenken catalog import`; texts as in the workbook (NFKC, trimmed).")],
        field_labels: BTreeMap::new(),
        need_labels: catalog::NeedLabels::default(),
        guidance: Vec::new(),
        scope,
        groups,
        items,
        answer_scale: catalog::default_answer_scale(),
        scoring: Scoring { rule, classes: Vec::new(), grades: catalog::default_grades() },
    }
}

/// Join the base catalog's commentary by No.; take its scope and scoring when they fit.
fn join_base(cat: &mut Catalog, base: &Catalog) {
    let by_id: BTreeMap<String, &Item> = base.items.iter().map(|i| (item_id(&i.id), i)).collect();
    for item in &mut cat.items {
        if let Some(b) = by_id.get(&item.id) {
            item.commentary = b.commentary.clone();
            item.applicability = b.applicability.clone();
            item.need = b.need;
            if item.class.is_none() {
                item.class = b.class.clone();
            }
            if item.level.is_none() {
                item.level = b.level;
            }
        }
    }
    cat.notes.push(format!("Commentary joined by No. from {} {}.", base.id, base.version));
    let mut candidate = cat.clone();
    candidate.scope = base.scope.clone();
    candidate.scoring = base.scoring.clone();
    candidate.field_labels = base.field_labels.clone();
    candidate.need_labels = base.need_labels.clone();
    candidate.answer_scale = base.answer_scale.clone();
    if candidate.validate().is_ok() {
        *cat = candidate;
    }
}

/// Read a workbook and write the catalog as `<dir>/<id>.toml`; returns the path written.
pub fn import_catalog_file(path: &Path, opts: &CatalogImportOptions, dir: &Path, existing: &[Catalog]) -> Result<(PathBuf, Catalog)> {
    if existing.iter().any(|c| c.id == opts.id && c.version == opts.version.clone().unwrap_or_else(|| "1".into())) {
        return Err(Invalid::CatalogExists { id: opts.id.clone() }.into());
    }
    let origin = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string());
    let bytes = super::read_file(path).map_err(|source| Error::Workbook { origin: path.display().to_string(), source })?;
    let cat = catalog_from_workbook(&bytes, &origin, opts)?;
    let text = toml::to_string(&cat).map_err(|e| Error::from(Invalid::Toml { cause: e.to_string() }))?;
    catalog::parse(&origin, &text)?; // what is written must load back
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let out = dir.join(format!("{}.toml", opts.id));
    if out.exists() {
        return Err(Invalid::FileExists { path: out.display().to_string() }.into());
    }
    std::fs::write(&out, text).map_err(|e| Error::io(&out, e))?;
    Ok((out, cat))
}
