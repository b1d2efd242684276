//! The portfolio: every organisation with its assessments and, for each, the headline an OEM
//! scans a list of hundreds of suppliers for — status, progress, level achieved or gate, grade,
//! open and overdue corrective actions. The CLI's `tenken portfolio` and the app's home screen
//! both show this.
//!
//! Invariants: one read per assessment (its answer/verdict states, extra items and findings are
//! read once; score and progress come from the same read, computed in parallel after the
//! database work); an assessment whose catalog is missing still appears, without progress or
//! score.

use chrono::NaiveDate;
use serde::Serialize;

use crate::catalog::{self, Catalog, Text2};
use crate::error::Result;
use crate::model::{Assessment, ItemResult, Organisation, SupplierAnswer, Verdict};
use crate::scoring::{self, SideScore};
use crate::session::{OpenActions, Progress, Session};

/// The headline of one side (supplier answers or auditor verdicts).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Headline {
    /// Overall rate 0–1 (None when nothing is applicable).
    pub rate: Option<f64>,
    /// Grade S–D.
    pub grade: Option<String>,
    /// Highest level achieved (JAMA).
    pub level_achieved: Option<u8>,
    /// Whether every mandatory item is met (external criteria, METI).
    pub gate_passed: Option<bool>,
    /// Whether the catalog's rule rates by level (JAMA): then no `level_achieved` means no level
    /// was achieved (未達), not that there is no level to show.
    pub by_level: bool,
}

impl Headline {
    fn of(side: &SideScore, rule: crate::catalog::RuleKind) -> Headline {
        Headline {
            rate: side.rate,
            grade: side.grade.clone(),
            level_achieved: side.level_achieved,
            by_level: rule == crate::catalog::RuleKind::LevelAchievement,
            gate_passed: side.gate.as_ref().map(|g| g.passed),
        }
    }
}

/// One assessment's line in the portfolio.
#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    /// The assessment.
    pub assessment: Assessment,
    /// Its catalog's title (None when the catalog is not installed here).
    pub catalog_title: Option<Text2>,
    /// Walkthrough progress.
    pub progress: Option<Progress>,
    /// Supplier answers' headline.
    pub supplier: Option<Headline>,
    /// Auditor verdicts' headline.
    pub auditor: Option<Headline>,
    /// Corrective actions not done, and those past due.
    pub actions: OpenActions,
}

/// An organisation and its assessments, newest first.
#[derive(Debug, Clone, Serialize)]
pub struct PortfolioRow {
    /// The organisation.
    pub organisation: Organisation,
    /// Its assessments.
    pub assessments: Vec<Overview>,
}

/// The whole portfolio, as of `today` (for overdue actions). The database is read in one
/// pass; the scores are then computed on every core (they need no database).
pub fn portfolio(session: &Session, today: NaiveDate) -> Result<Vec<PortfolioRow>> {
    use rayon::prelude::*;
    let mut read = Vec::new();
    for organisation in session.store.organisations()? {
        let inputs =
            session.store.assessments(Some(organisation.id))?.into_iter().map(|a| inputs(session, a)).collect::<Result<Vec<_>>>()?;
        read.push((organisation, inputs));
    }
    read.into_par_iter()
        .map(|(organisation, inputs)| {
            let assessments = inputs.into_iter().map(|i| overview_of(i, today)).collect::<Result<Vec<_>>>()?;
            Ok(PortfolioRow { organisation, assessments })
        })
        .collect()
}

/// What an overview is computed from, read from the database.
struct Inputs<'c> {
    assessment: Assessment,
    /// Its catalog, when installed here.
    base: Option<&'c Catalog>,
    findings: Vec<crate::model::Finding>,
    /// Extra items as stored (JSON), parsed in the parallel part.
    extra: Vec<String>,
    results: Vec<ItemResult>,
    last_item: Option<String>,
}

fn inputs(session: &Session, assessment: Assessment) -> Result<Inputs<'_>> {
    let id = assessment.id;
    Ok(Inputs {
        base: session.catalog(&assessment.catalog_id, Some(&assessment.catalog_version)).ok(),
        findings: session.store.findings(id)?,
        extra: session.store.extra_items_stored(id)?,
        results: session.store.item_states(id)?,
        last_item: session.store.last_item(id)?,
        assessment,
    })
}

/// One assessment's overview from a single read of its results, extra items and findings.
pub fn overview(session: &Session, assessment: Assessment, today: NaiveDate) -> Result<Overview> {
    overview_of(inputs(session, assessment)?, today)
}

fn overview_of(i: Inputs<'_>, today: NaiveDate) -> Result<Overview> {
    let Inputs { assessment, base, findings, extra, results, last_item } = i;
    let actions = OpenActions::of(&findings, today);
    let Some(base) = base else {
        return Ok(Overview { assessment, catalog_title: None, progress: None, supplier: None, auditor: None, actions });
    };
    let extra = tenken_store::parse_extra_items(&extra)?;
    // Extending copies the catalog; most portfolio entries have no extra items and skip that.
    let extended;
    let cat: &Catalog = if extra.is_empty() {
        base
    } else {
        extended = base.extended(&extra);
        &extended
    };
    let progress = progress(cat, &assessment, &results, last_item)?;
    let score = scoring::score(cat, &assessment.scope, &results, actions.open)?;
    Ok(Overview {
        catalog_title: Some(base.title.clone()),
        progress: Some(progress),
        supplier: Some(Headline::of(&score.supplier, score.rule)),
        auditor: Some(Headline::of(&score.auditor, score.rule)),
        actions,
        assessment,
    })
}

/// Progress over the items in scope, from results already read.
pub fn progress(cat: &Catalog, a: &Assessment, results: &[ItemResult], last_item: Option<String>) -> Result<Progress> {
    let scoped = catalog::in_scope(cat, &a.scope)?;
    let by_id: std::collections::HashMap<&str, &ItemResult> = results.iter().map(|r| (r.item_id.as_str(), r)).collect();
    let mut p = Progress { in_scope: scoped.len(), verified: 0, answered: 0, last_item };
    for s in &scoped {
        if let Some(r) = by_id.get(s.item.id.as_str()) {
            p.verified += usize::from(r.verdict != Verdict::Unverified);
            p.answered += usize::from(r.answer != SupplierAnswer::Unanswered);
        }
    }
    Ok(p)
}
