//! Recording the audit: `tenken verdict`, `note`, `evidence …`, `finding …`.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use tenken::model::*;
use tenken::store::{FindingPatch, NewFinding};

use super::db::Context;
use super::output::{self, or_dash};

#[derive(Debug, Args)]
pub struct VerdictArgs {
    /// Assessment id
    pub assessment: i64,
    /// Item as the catalog numbers it (e.g. 49 or III.1.1.1)
    pub item: String,
    /// conforms, partial, nonconforming, na or unverified
    pub verdict: Verdict,
    /// Rationale note
    #[arg(long)]
    pub note: Option<String>,
    /// Print the stored result as JSON
    #[arg(long)]
    pub json: bool,
}

pub fn verdict(ctx: &Context, a: VerdictArgs) -> anyhow::Result<ExitCode> {
    let mut s = ctx.session()?;
    let item = s.set_verdict(a.assessment, &a.item, a.verdict, a.note.as_deref())?;
    if a.json {
        output::json(&s.item_result(a.assessment, &item)?)?;
    } else {
        println!("assessment {} item {}: {} ({})", a.assessment, item, a.verdict, a.verdict.label_ja());
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Args)]
pub struct NoteArgs {
    /// Assessment id
    pub assessment: i64,
    /// Item
    pub item: String,
    /// The note text
    pub text: String,
}

pub fn note(ctx: &Context, a: NoteArgs) -> anyhow::Result<ExitCode> {
    let mut s = ctx.session()?;
    let item = s.set_note(a.assessment, &a.item, &a.text)?;
    println!("assessment {} item {}: note saved", a.assessment, item);
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Subcommand)]
pub enum EvidenceCommand {
    /// Store a file as evidence for an item (bytes and SHA-256 kept in the database)
    Add {
        /// Assessment id
        assessment: i64,
        /// Item the file supports
        item: String,
        /// The file
        file: PathBuf,
        /// Further items it supports
        #[arg(long = "also")]
        also: Vec<String>,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// List the evidence of an assessment
    List {
        /// Assessment id
        assessment: i64,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Write an evidence file's bytes out
    Save {
        /// Evidence id
        id: i64,
        /// Destination file
        out: PathBuf,
    },
}

pub fn evidence(ctx: &Context, cmd: EvidenceCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        EvidenceCommand::Add { assessment, item, file, also, json } => {
            let mut s = ctx.session()?;
            let mut items = vec![item];
            items.extend(also);
            let e = s.add_evidence_file(assessment, &items, &file)?;
            if json {
                output::json(&e)?;
            } else {
                println!("evidence {} stored: {} ({} bytes, sha256 {})", e.id, e.file_name, e.size, e.sha256);
            }
        }
        EvidenceCommand::List { assessment, json } => {
            let s = ctx.session()?;
            s.assessment(assessment)?;
            let list = s.evidence(assessment)?;
            if json {
                output::json(&list)?;
            } else {
                let rows: Vec<Vec<String>> = list
                    .iter()
                    .map(|e| {
                        vec![
                            e.id.to_string(),
                            e.file_name.clone(),
                            e.role.to_string(),
                            e.size.to_string(),
                            e.items.join(","),
                            e.sha256.clone(),
                        ]
                    })
                    .collect();
                output::table(&["id", "file", "role", "bytes", "items", "sha256"], &rows);
            }
        }
        EvidenceCommand::Save { id, out } => {
            let size = ctx.session()?.save_evidence(id, &out)?;
            println!("wrote {} ({size} bytes)", out.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Subcommand)]
pub enum FindingCommand {
    /// Add a finding with its corrective action
    Add {
        /// Assessment id
        assessment: i64,
        /// critical, major, minor or observation
        #[arg(long)]
        severity: Severity,
        /// What was found
        #[arg(long)]
        description: String,
        /// Item concerned
        #[arg(long)]
        item: Option<String>,
        /// Corrective action agreed
        #[arg(long)]
        action: Option<String>,
        /// Owner of the corrective action
        #[arg(long)]
        owner: Option<String>,
        /// Due date (YYYY-MM-DD)
        #[arg(long)]
        due: Option<NaiveDate>,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// List findings of an assessment
    List {
        /// Assessment id
        assessment: i64,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Update a finding or its corrective action
    Update {
        /// Finding id
        id: i64,
        /// open, in_progress or done
        #[arg(long)]
        status: Option<ActionStatus>,
        /// New severity
        #[arg(long)]
        severity: Option<Severity>,
        /// New description
        #[arg(long)]
        description: Option<String>,
        /// New corrective action
        #[arg(long)]
        action: Option<String>,
        /// New owner
        #[arg(long)]
        owner: Option<String>,
        /// New due date
        #[arg(long)]
        due: Option<NaiveDate>,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
}

pub fn finding(ctx: &Context, cmd: FindingCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        FindingCommand::Add { assessment, severity, description, item, action, owner, due, json } => {
            let mut s = ctx.session()?;
            let f = s.add_finding(NewFinding {
                assessment_id: assessment,
                item_id: item,
                severity,
                description,
                corrective_action: action,
                owner,
                due_date: due,
            })?;
            if json {
                output::json(&f)?;
            } else {
                println!("finding {} added ({})", f.id, f.severity.label_ja());
            }
        }
        FindingCommand::List { assessment, json } => {
            let s = ctx.session()?;
            s.assessment(assessment)?;
            let list = s.findings(assessment)?;
            if json {
                output::json(&list)?;
            } else {
                let rows: Vec<Vec<String>> = list
                    .iter()
                    .map(|f| {
                        vec![
                            f.id.to_string(),
                            or_dash(&f.item_id),
                            f.severity.label_ja().into(),
                            f.description.clone(),
                            or_dash(&f.owner),
                            or_dash(&f.due_date),
                            f.status.label_ja().into(),
                        ]
                    })
                    .collect();
                output::table(&["id", "item", "severity", "description", "owner", "due", "status"], &rows);
            }
        }
        FindingCommand::Update { id, status, severity, description, action, owner, due, json } => {
            let mut s = ctx.session()?;
            let patch = FindingPatch { severity, description, corrective_action: action, owner, due_date: due, status };
            let f = s.update_finding(id, &patch)?;
            if json {
                output::json(&f)?;
            } else {
                println!("finding {} updated: {}", f.id, f.status.label_ja());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
