//! The domain's error: a value or a catalog that is not what the rules allow.
//!
//! Each situation is typed with the values its message is made of (see [`crate::notice`]), so
//! the app says it in Japanese or English from the code and the params; the CLI prints the
//! English text, which is the same as it always was.

use crate::notice::{with_reason, Params};

/// Result alias of the domain crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What the domain refuses. Messages are written for the person at the keyboard.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A referenced thing (an item) does not exist.
    #[error("{kind} not found: {key}")]
    NotFound {
        /// What kind of thing (one of [`NOT_FOUND_KINDS`]).
        kind: &'static str,
        /// The key that was looked up.
        key: String,
    },

    /// No catalog has the id (and version) asked for.
    #[error("catalog not found: {key} (known: {known})")]
    CatalogNotFound {
        /// The id, and the version when one was asked for.
        key: String,
        /// The ids of the catalogs there are, comma-separated.
        known: String,
    },

    /// A value a user typed or a file supplied is not one the model allows.
    #[error("{0}")]
    Invalid(Invalid),

    /// A catalog data file is malformed.
    #[error("catalog {file}: {}", lines(.problems))]
    Catalog {
        /// The catalog file (or built-in name).
        file: String,
        /// What is wrong, every problem found (at least one).
        problems: Vec<CatalogProblem>,
    },
}

/// The reasons of an `invalid` error about a scope ([`crate::catalog::validate_scope`]).
pub const SCOPE_REASONS: &[&str] = &["no_scope_key", "no_scope", "scope_one_value", "scope_not_an_option"];

/// The kinds of thing a `not_found` error names across the layers; each is the `reason` of the
/// error (`error.not_found.<kind>` in the UI; a kind without its own text falls back to the
/// generic one).
pub const NOT_FOUND_KINDS: &[&str] = &["assessment", "catalog", "evidence", "finding", "item", "organisation"];

crate::notices! {
    /// What is invalid about a value: the `reason` of an `invalid` error, by its key.
    pub enum Invalid {
        /// A scope key the catalog does not have.
        NoScopeKey { catalog: String, key: String, keys: String } = "no_scope_key"
            => "catalog {catalog} has no scope '{key}'; its scope keys are: {keys}",
        /// A scope key for a catalog that has no scope dimension at all.
        NoScope { catalog: String, key: String } = "no_scope"
            => "catalog {catalog} has no scope '{key}'; its scope keys are: (none)",
        /// Several values for a single-choice dimension.
        ScopeOneValue { key: String, values: String } = "scope_one_value"
            => "scope '{key}' takes one value, got {values}",
        /// A value that is not an option of its dimension.
        ScopeNotAnOption { key: String, value: String, options: String } = "scope_not_an_option"
            => "scope {key}={value} is not an option; choose one of: {options}",
        /// A scope pair typed without `=`.
        ScopePair { pair: String } = "scope_pair"
            => "scope '{pair}' must be KEY=VALUE (e.g. target_level=2)",
        /// An organisation kind that is none of the known ones.
        UnknownOrgKind { value: String, expected: String } = "unknown_organisation_kind"
            => "unknown organisation kind '{value}'; expected one of: {expected}",
        /// An assessment kind that is none of the known ones.
        UnknownAssessmentKind { value: String, expected: String } = "unknown_assessment_kind"
            => "unknown assessment kind '{value}'; expected one of: {expected}",
        /// An assessment status that is none of the known ones.
        UnknownStatus { value: String, expected: String } = "unknown_status"
            => "unknown status '{value}'; expected one of: {expected}",
        /// A supplier answer that is none of the known ones.
        UnknownAnswer { value: String, expected: String } = "unknown_answer"
            => "unknown answer '{value}'; expected one of: {expected}",
        /// A verdict that is none of the known ones.
        UnknownVerdict { value: String, expected: String } = "unknown_verdict"
            => "unknown verdict '{value}'; expected one of: {expected}",
        /// An evidence role that is none of the known ones.
        UnknownEvidenceRole { value: String, expected: String } = "unknown_evidence_role"
            => "unknown evidence role '{value}'; expected one of: {expected}",
        /// A finding severity that is none of the known ones.
        UnknownSeverity { value: String, expected: String } = "unknown_severity"
            => "unknown severity '{value}'; expected one of: {expected}",
        /// A corrective-action status that is none of the known ones.
        UnknownActionStatus { value: String, expected: String } = "unknown_action_status"
            => "unknown action status '{value}'; expected one of: {expected}",
    }
}

crate::notices! {
    /// One problem of a catalog: the `reason` of a `catalog.malformed` error is its first one's key.
    pub enum CatalogProblem {
        /// The TOML text does not parse (the parser's message, line and column).
        Toml { cause: String } = "toml" => "{cause}",
        /// A catalog with this id and version is already known.
        Exists { id: String, version: String } = "exists" => "catalog {id} {version} already exists",
        /// The id is empty or has spaces.
        BadId { id: String } = "bad_id" => "id '{id}' must be non-empty without spaces",
        /// No item at all.
        NoItems {} = "no_items" => "catalog has no items",
        /// Two groups share an id.
        GroupDuplicated { group: String } = "group_duplicated" => "group id '{group}' is duplicated",
        /// A group's parent is not a group.
        UnknownParent { group: String, parent: String } = "unknown_parent" => "group '{group}' has unknown parent '{parent}'",
        /// Two scope dimensions share a key.
        ScopeKeysRepeat {} = "scope_keys_repeat" => "scope dimension keys must be unique",
        /// A scope dimension without options.
        ScopeNoOptions { key: String } = "scope_no_options" => "scope dimension '{key}' has no options",
        /// A max_level dimension with an option that is not a number.
        ScopeNotNumeric { key: String } = "scope_not_numeric"
            => "scope dimension '{key}' (max_level) needs numeric option values",
        /// Two items share an id.
        ItemDuplicated { item: String } = "item_duplicated" => "item '{item}' is duplicated",
        /// An item's group is not a group.
        ItemUnknownGroup { item: String, group: String } = "item_unknown_group"
            => "item '{item}' refers to unknown group '{group}'",
        /// An item without a requirement text.
        ItemNoRequirement { item: String } = "item_no_requirement" => "item '{item}' has an empty requirement",
        /// An item's level outside 1–9.
        ItemLevelRange { item: String, level: u8 } = "item_level_range" => "item '{item}' has level {level} out of range",
        /// An item's class that the scoring rule does not list.
        ItemClass { item: String, class: String, classes: String } = "item_class"
            => "item '{item}' has class Some({class:?}), not one of {classes}",
        /// An item without the class the scoring rule needs.
        ItemNoClass { item: String, classes: String } = "item_no_class" => "item '{item}' has class None, not one of {classes}",
        /// An item without the level the scoring rule needs.
        ItemNeedsLevel { item: String } = "item_needs_level" => "item '{item}' needs a level (level_achievement rule)",
        /// An evaluation reference whose pattern is outside 1–6.
        EvaluationPattern { item: String, evaluation: String, pattern: u8 } = "evaluation_pattern"
            => "item '{item}' evaluation '{evaluation}' has pattern {pattern} out of 1..6",
        /// A commentary entry with an empty question or answer.
        EmptyCommentary { item: String } = "empty_commentary"
            => "item '{item}' has a commentary entry with an empty question or answer",
        /// An empty note.
        EmptyNote { item: String } = "empty_note" => "item '{item}' has an empty note",
        /// An applicability rule naming a scope key the catalog does not have.
        ApplicabilityKey { item: String, key: String } = "applicability_key"
            => "item '{item}' applicability refers to unknown scope key '{key}'",
        /// An applicability rule naming a value that is not an option.
        ApplicabilityValue { item: String, key: String, value: String } = "applicability_value"
            => "item '{item}' applicability: '{value}' is not an option of '{key}'",
        /// A grade band's minimum rate outside 0–1.
        GradeRange { grade: String, min_rate: String } = "grade_range" => "grade {grade} min_rate {min_rate} out of 0..1",
        /// Grade bands not listed highest first.
        GradeOrder {} = "grade_order" => "grades must be listed highest first",
    }
}

/// Every problem on its own line, as the CLI prints them.
pub fn lines(problems: &[CatalogProblem]) -> String {
    problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
}

/// The parameters of a catalog error: the `file`, how many problems (`count`) and the first
/// problem as the `reason` with its values (the app shows the first, the CLI every one).
pub fn catalog_params(file: &str, problems: &[CatalogProblem]) -> Params {
    let mut p = problems.first().map(|first| with_reason(first.code(), first.params())).unwrap_or_default();
    p.insert("file".into(), file.to_string());
    p.insert("count".into(), problems.len().to_string());
    p
}

/// The parameters of a thing not found: its `kind` (also the `reason`) and the `key` looked up.
pub fn not_found_params(kind: &str, key: &str) -> Params {
    with_reason(kind, Params::from([("kind".to_string(), kind.to_string()), ("key".to_string(), key.to_string())]))
}

impl Error {
    /// Shorthand for [`Error::NotFound`].
    pub fn not_found(kind: &'static str, key: impl ToString) -> Self {
        Error::NotFound { kind, key: key.to_string() }
    }
}

impl From<Invalid> for Error {
    fn from(reason: Invalid) -> Self {
        Error::Invalid(reason)
    }
}

impl Error {
    /// Every code [`Error::code`] can give (its own, not those of a wrapped error).
    pub const CODES: &'static [&'static str] = &["not_found", "invalid", "catalog.malformed"];

    /// The reasons each code can carry (`params()["reason"]`), for the check that the UI has a
    /// text for each.
    pub const REASONS: &'static [(&'static str, &'static [&'static str])] =
        &[("not_found", NOT_FOUND_KINDS), ("invalid", Invalid::CODES), ("catalog.malformed", CatalogProblem::CODES)];

    /// The stable code of this error, for scripts and for the UI's message catalog.
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotFound { .. } => "not_found",
            Error::CatalogNotFound { .. } => "not_found",
            Error::Invalid(_) => "invalid",
            Error::Catalog { .. } => "catalog.malformed",
        }
    }

    /// The values the message is made of, by name (without `detail`, which the application
    /// layer adds): the `reason` where the code covers several situations, and its values.
    pub fn params(&self) -> Params {
        match self {
            Error::NotFound { kind, key } => not_found_params(kind, key),
            Error::CatalogNotFound { key, known } => {
                let mut p = not_found_params("catalog", key);
                p.insert("known".into(), known.clone());
                p
            }
            Error::Invalid(reason) => with_reason(reason.code(), reason.params()),
            Error::Catalog { file, problems } => catalog_params(file, problems),
        }
    }
}
