//! `tenken org …` and `tenken assessment …`.

use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde::Serialize;
use tenken::model::*;
use tenken::session::{AssessmentRequest, Progress};
use tenken::store::NewOrganisation;

use super::db::Context;
use super::output::{self, or_dash};

#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Add an organisation
    Add {
        /// Name (e.g. 株式会社サンプル部品)
        name: String,
        /// supplier (取引先) or own (自社)
        #[arg(long, default_value = "supplier")]
        kind: OrgKind,
        /// Supplier code at the OEM
        #[arg(long)]
        code: Option<String>,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// List organisations
    List {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
}

pub fn org(ctx: &Context, cmd: OrgCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        OrgCommand::Add { name, kind, code, json } => {
            let mut s = ctx.session()?;
            let o = s.add_organisation(&NewOrganisation { name, kind, code })?;
            if json {
                output::json(&o)?;
            } else {
                println!("organisation {} added: {}", o.id, o.name);
            }
        }
        OrgCommand::List { json } => {
            let s = ctx.session()?;
            let orgs = s.organisations()?;
            if json {
                output::json(&orgs)?;
            } else {
                let rows: Vec<Vec<String>> = orgs
                    .iter()
                    .map(|o| {
                        let sites: Vec<&str> = o.sites.iter().map(|s| s.name.as_str()).collect();
                        vec![o.id.to_string(), o.name.clone(), o.kind.to_string(), or_dash(&o.code), sites.join(", ")]
                    })
                    .collect();
                output::table(&["id", "name", "kind", "code", "sites"], &rows);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `--org NAME` or `--org-id ID`: an organisation by its exact name or by its id. The two are
/// separate flags so a numeric name (`101`) is a name and an id is never guessed from a name.
#[derive(Debug, Clone, Args)]
pub struct OrgSelect {
    /// Organisation by its exact name (a numeric name such as 101 is a name)
    #[arg(long, value_name = "NAME", conflicts_with = "org_id")]
    pub org: Option<String>,
    /// Organisation by its id (see `tenken org list`)
    #[arg(long, value_name = "ID")]
    pub org_id: Option<i64>,
}

impl OrgSelect {
    /// The organisation named, if one was.
    pub fn get(&self) -> Option<OrgRef> {
        match (&self.org, self.org_id) {
            (_, Some(id)) => Some(OrgRef::Id(id)),
            (Some(name), None) => Some(OrgRef::Name(name.clone())),
            (None, None) => None,
        }
    }
}

/// Find an organisation; a numeric `--org` that names none while an organisation has that id
/// (what `--org 3` meant before names and ids were separated) says so instead of failing bare.
pub fn find_org(store: &tenken::Session, key: &OrgRef) -> anyhow::Result<Organisation> {
    if let Some(o) = store.find_organisation(key)? {
        return Ok(o);
    }
    if let OrgRef::Name(name) = key {
        refuse_id_lookalike(store, name)?;
    }
    anyhow::bail!("organisation {key} not found (see `tenken org list`)")
}

/// Refuse a numeric `--org NAME` that names no organisation while one has that id.
fn refuse_id_lookalike(store: &tenken::Session, name: &str) -> anyhow::Result<()> {
    if let Some(o) = store.organisation_id_lookalike(name)? {
        anyhow::bail!(
            "no organisation is named '{name}', but organisation id {} is '{}': use --org-id {} to choose it by id, \
             or add an organisation named '{name}' first (tenken org add)",
            o.id,
            o.name,
            o.id
        );
    }
    Ok(())
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The organisation (`--org NAME` is created as a supplier if new; `--org-id ID` must exist)
    #[command(flatten)]
    pub org: OrgSelect,
    /// Catalog id (see `tenken catalog list`)
    #[arg(long)]
    pub catalog: String,
    /// Catalog version [default: newest]
    #[arg(long)]
    pub catalog_version: Option<String>,
    /// Scope choice KEY=VALUE, repeatable (e.g. target_level=2, pattern=3, ismap=registered)
    #[arg(long = "scope", value_name = "KEY=VALUE")]
    pub scope: Vec<String>,
    /// supplier_self_assessment, audit or self_assessment
    #[arg(long, default_value = "audit")]
    pub kind: AssessmentKind,
    /// Auditor's name
    #[arg(long)]
    pub auditor: Option<String>,
    /// Site (plant, office)
    #[arg(long)]
    pub site: Option<String>,
    /// First day (YYYY-MM-DD)
    #[arg(long)]
    pub start: Option<NaiveDate>,
    /// Last day (YYYY-MM-DD)
    #[arg(long)]
    pub end: Option<NaiveDate>,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum AssessmentCommand {
    /// Start an assessment of an organisation against a catalog
    New(NewArgs),
    /// List assessments (newest first)
    List {
        /// Only this organisation (`--org NAME` or `--org-id ID`)
        #[command(flatten)]
        org: OrgSelect,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Show an assessment with its progress
    Show {
        /// Assessment id
        id: i64,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Set the status: draft or in_review (signing is done by a signed export)
    Status {
        /// Assessment id
        id: i64,
        /// draft or in_review
        status: AssessmentStatus,
    },
    /// Reopen a signed assessment as a new draft revision (the signed one stays intact)
    Reopen {
        /// Assessment id
        id: i64,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
}

/// `assessment show --json`: the assessment, its progress and its results.
#[derive(Serialize)]
struct ShowOutput {
    assessment: Assessment,
    progress: Progress,
    results: Vec<ItemResult>,
    findings: Vec<Finding>,
    evidence: Vec<Evidence>,
    /// Where it came from, when it was imported from a bundle (trusted or not).
    provenance: Option<tenken::bundle::Provenance>,
}

pub fn assessment(ctx: &Context, cmd: AssessmentCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        AssessmentCommand::New(a) => {
            let mut s = ctx.session()?;
            let Some(org) = a.org.get() else {
                anyhow::bail!("name the organisation: --org NAME (created if new) or --org-id ID");
            };
            if let OrgRef::Name(name) = &org {
                // Refuse rather than create a look-alike of the organisation it used to mean.
                refuse_id_lookalike(&s, name)?;
            }
            let req = AssessmentRequest {
                organisation: org,
                create_org: true,
                site: a.site,
                catalog_id: a.catalog,
                catalog_version: a.catalog_version,
                scope: Scope::parse_pairs(&a.scope)?,
                kind: a.kind,
                auditor: a.auditor,
                started_on: a.start,
                ended_on: a.end,
            };
            let created = s.create_assessment(&req)?;
            if a.json {
                output::json(&created)?;
            } else {
                println!(
                    "assessment {} created: {} / {} {} / scope {}",
                    created.id, created.organisation_name, created.catalog_id, created.catalog_version, created.scope
                );
            }
        }
        AssessmentCommand::List { org, json } => {
            let s = ctx.session()?;
            let org_id = match org.get() {
                Some(key) => Some(find_org(&s, &key)?.id),
                None => None,
            };
            let list = s.assessments(org_id)?;
            if json {
                output::json(&list)?;
            } else {
                let rows: Vec<Vec<String>> = list
                    .iter()
                    .map(|a| {
                        vec![
                            a.id.to_string(),
                            a.organisation_name.clone(),
                            format!("{} {}", a.catalog_id, a.catalog_version),
                            a.scope.to_string(),
                            a.kind.to_string(),
                            a.status.to_string(),
                            format!("r{}", a.revision),
                            a.updated_at.clone(),
                        ]
                    })
                    .collect();
                output::table(&["id", "organisation", "catalog", "scope", "kind", "status", "rev", "updated"], &rows);
            }
        }
        AssessmentCommand::Show { id, json } => {
            let s = ctx.session()?;
            let a = s.assessment(id)?;
            let progress = s.progress(id)?;
            let provenance = s.bundle_provenance(id)?;
            if json {
                output::json(&ShowOutput {
                    results: s.item_results(id)?,
                    findings: s.findings(id)?,
                    evidence: s.evidence(id)?,
                    assessment: a,
                    progress,
                    provenance,
                })?;
            } else {
                println!("assessment {}  ({} / revision {})", a.id, a.status, a.revision);
                println!("  organisation: {}", a.organisation_name);
                if let Some(p) = &provenance {
                    println!("  provenance:   {}", provenance_line(p));
                }
                println!("  catalog:      {} {}", a.catalog_id, a.catalog_version);
                println!("  scope:        {}", a.scope);
                println!("  kind:         {}", a.kind);
                println!("  auditor:      {}", or_dash(&a.auditor));
                println!("  dates:        {} – {}", or_dash(&a.started_on), or_dash(&a.ended_on));
                println!(
                    "  progress:     {} / {} verified, {} answered by the supplier{}",
                    progress.verified,
                    progress.in_scope,
                    progress.answered,
                    progress.last_item.map(|i| format!(", last item {i}")).unwrap_or_default()
                );
            }
        }
        AssessmentCommand::Status { id, status } => {
            let mut s = ctx.session()?;
            s.set_status(id, status)?;
            println!("assessment {id} is now {status}");
        }
        AssessmentCommand::Reopen { id, json } => {
            let mut s = ctx.session()?;
            let new = s.reopen(id)?;
            if json {
                output::json(&new)?;
            } else {
                println!("assessment {id} reopened as assessment {} (revision {})", new.id, new.revision);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Where an assessment imported from a bundle came from, in one line: an untrusted one says so
/// first, with the signer's fingerprint, since its content is only the signer's claim.
fn provenance_line(p: &tenken::bundle::Provenance) -> String {
    let signer = p.signer.as_deref().unwrap_or("?");
    let fingerprint = p.signer_cert_sha256.as_deref().unwrap_or("?");
    if p.is_trusted() {
        format!("bundle imported {}, signed by {signer} (certificate SHA-256 {fingerprint}; VALID, trusted signer)", p.imported_at)
    } else {
        format!(
            "UNTRUSTED bundle imported {} with --accept-untrusted: signed by \"{signer}\" (certificate SHA-256 {fingerprint}), \
             who was not in the trust list; its content is the signer's claim",
            p.imported_at
        )
    }
}
