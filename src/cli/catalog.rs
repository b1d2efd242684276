//! `tenken catalog list|show`.

use std::process::ExitCode;

use clap::Subcommand;
use serde::Serialize;
use tenken::catalog::{self, Catalog};

use super::db::Context;
use super::output;

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// Build a user catalog from a workbook with the standard columns (No., 要求事項, …)
    Import(super::import::CatalogImportArgs),
    /// List the available frameworks with their item counts
    List {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Show a framework, or one of its items with full text and guidance
    Show {
        /// Catalog id
        id: String,
        /// Catalog version [default: newest]
        #[arg(long)]
        version: Option<String>,
        /// Only this item
        #[arg(long)]
        item: Option<String>,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
}

/// One line of `catalog list --json`.
#[derive(Serialize)]
struct ListEntry<'a> {
    id: &'a str,
    version: &'a str,
    title: &'a catalog::Text2,
    publisher: &'a str,
    source: &'a catalog::Source,
    draft: bool,
    items: usize,
    groups: usize,
    builtin: bool,
    scope: Vec<&'a str>,
    rule: catalog::RuleKind,
}

fn load(_ctx: &Context) -> anyhow::Result<Vec<Catalog>> {
    Ok(tenken::catalogs::all_catalogs(Some(&tenken::paths::user_catalog_dir()))?)
}

pub fn run(ctx: &Context, cmd: CatalogCommand) -> anyhow::Result<ExitCode> {
    let all = load(ctx)?;
    let builtin: Vec<(String, String)> = catalog::builtin_catalogs()?.into_iter().map(|c| (c.id, c.version)).collect();
    match cmd {
        CatalogCommand::Import(a) => return super::import::catalog_import(a, &all),
        CatalogCommand::List { json } => {
            let entries: Vec<ListEntry<'_>> = all
                .iter()
                .map(|c| ListEntry {
                    id: &c.id,
                    version: &c.version,
                    title: &c.title,
                    publisher: &c.publisher,
                    source: &c.source,
                    draft: c.draft,
                    items: c.items.len(),
                    groups: c.groups.len(),
                    builtin: builtin.contains(&(c.id.clone(), c.version.clone())),
                    scope: c.scope.iter().map(|d| d.key.as_str()).collect(),
                    rule: c.scoring.rule,
                })
                .collect();
            if json {
                output::json(&entries)?;
            } else {
                let rows: Vec<Vec<String>> = entries
                    .iter()
                    .map(|e| {
                        vec![
                            e.id.to_string(),
                            e.version.to_string(),
                            e.items.to_string(),
                            format!("{}{}", e.title.ja, if e.draft { "（案）" } else { "" }),
                            e.scope.join(","),
                        ]
                    })
                    .collect();
                output::table(&["id", "version", "items", "title", "scope"], &rows);
            }
        }
        CatalogCommand::Show { id, version, item, json } => {
            let c = catalog::find(&all, &id, version.as_deref())?;
            match item {
                Some(item_id) => {
                    let wanted = tenken::session::normalise_item_id(&item_id);
                    let it = c
                        .items
                        .iter()
                        .find(|i| tenken::session::normalise_item_id(&i.id) == wanted)
                        .ok_or_else(|| tenken::Error::not_found("item", format!("{item_id} in {}", c.id)))?;
                    if json {
                        output::json(it)?;
                    } else {
                        print_item(c, it);
                    }
                }
                None if json => output::json(c)?,
                None => {
                    println!("{} {} — {}", c.id, c.version, c.title.ja);
                    println!("{}", c.title.en);
                    println!("source: {} ({}, {}) / {}", c.source.title, c.source.version, c.source.date, c.publisher);
                    println!("items: {}  groups: {}  rule: {:?}", c.items.len(), c.groups.len(), c.scoring.rule);
                    for line in c.need_labels.legends() {
                        println!("{line}");
                    }
                    for d in &c.scope {
                        let opts: Vec<&str> = d.options.iter().map(|o| o.value.as_str()).collect();
                        println!("scope {} ({}): {}", d.key, d.name.ja, opts.join(" | "));
                    }
                    for g in &c.groups {
                        let n = c.items.iter().filter(|i| i.group == g.id).count();
                        if n > 0 {
                            println!("  [{}] {} — {} items", g.id, g.name, n);
                        }
                    }
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_item(c: &Catalog, it: &catalog::Item) {
    let group = c.group(&it.group).map(|g| g.name.as_str()).unwrap_or("");
    println!(
        "{} [{} {}]{}{}",
        it.id,
        it.group,
        group,
        it.level.map(|l| format!(" Lv{l}")).unwrap_or_default(),
        it.class.as_ref().map(|c| format!(" {c}")).unwrap_or_default()
    );
    let fields = [("title", &it.title), ("purpose", &it.purpose), ("condition", &it.condition), ("criteria", &it.criteria)];
    for (key, value) in fields.iter().take(2) {
        if let Some(v) = value {
            println!("■ {}\n{}\n", c.field_label(key), v);
        }
    }
    println!("■ {}\n{}\n", c.field_label("requirement"), it.requirement);
    for (key, value) in fields.iter().skip(2) {
        if let Some(v) = value {
            println!("■ {}\n{}\n", c.field_label(key), v);
        }
    }
    for (i, bp) in it.best_practices.iter().enumerate() {
        println!("{} {}: {}", c.field_label("best_practices"), i + 1, bp);
    }
    for e in &it.evaluation {
        let refs: Vec<String> =
            e.reference.iter().map(|r| format!("P{} {}{}", r.pattern, r.value, if r.must { "*" } else { "" })).collect();
        println!("評価項目 {}. {} — {}", e.id, e.text, refs.join(" / "));
    }
    for (i, q) in it.commentary.iter().enumerate() {
        println!("【解説 {} / {}】 {}\n{}\n", i + 1, q.section, q.question, q.answer);
    }
    for note in &it.notes {
        println!("■ 注記 / Note\n{note}\n");
    }
}
