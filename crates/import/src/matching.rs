//! Matching the rows of the checksheet table to catalog items.
//!
//! * A row whose id (No.) is in the catalog fills that item; a second row for the same id is an
//!   error and the first stands. Rows of one ASP・SaaS control that differ only by evaluation
//!   item letter (`a`, `b`, …) are one item: their answers are combined.
//! * A row with a well-formed id (same shape as the catalog's ids, e.g. digits for JAMA) that
//!   the catalog lacks becomes an extra item with the sheet's texts, and a warning.
//! * Rows without a well-formed id (blank, notes, section headings, totals) are skipped silently.
//! * Where the sheet carries no ids at all (the external criteria table), rows are matched by
//!   their normalised requirement text.
//! * An unrecognised answer or level is an error for its row; the raw text is kept.
//! * A row that repeats the header (page breaks in long tables) re-maps the columns from there.

use std::collections::{BTreeSet, HashMap};

use super::normalise::{self, cell_ref, column_letters, id_shape, item_id, text_key};
use super::notices::RowNotice;
use super::reader::Grid;
use super::table::{map_row_with, Columns, Header, Role, Roles};
use super::{Issue, RowAnswer};
use tenken_domain::catalog::{Catalog, Item};
use tenken_domain::model::{Scope, SupplierAnswer};

/// What the rows of a table yielded.
#[derive(Debug, Default)]
pub struct Rows {
    /// Answers to catalog items, in sheet order.
    pub answers: Vec<RowAnswer>,
    /// Items the catalog lacks, with their answers.
    pub extras: Vec<(Item, RowAnswer)>,
    /// Warnings.
    pub warnings: Vec<Issue>,
    /// Row errors.
    pub errors: Vec<Issue>,
    /// The answer column used (0-based).
    pub answer_column: Option<u32>,
}

/// The catalog's ids in comparable form.
struct Ids<'a> {
    by_norm: HashMap<String, &'a str>,
    shapes: BTreeSet<String>,
    by_text: HashMap<String, Vec<&'a str>>,
}

impl<'a> Ids<'a> {
    fn new(catalog: &'a Catalog) -> Self {
        let mut ids = Ids { by_norm: HashMap::new(), shapes: BTreeSet::new(), by_text: HashMap::new() };
        for item in &catalog.items {
            let n = item_id(&item.id);
            ids.shapes.insert(id_shape(&n));
            ids.by_norm.insert(n, item.id.as_str());
            ids.by_text.entry(text_key(&item.requirement)).or_default().push(item.id.as_str());
        }
        ids
    }

    /// Split an id cell into (id, evaluation letter): `III.1.1.1a` → (`III.1.1.1`, `a`).
    fn parse(&self, cell: &str) -> Option<(String, Option<String>)> {
        let n = item_id(cell);
        if n.is_empty() {
            return None;
        }
        if self.by_norm.contains_key(&n) || self.shapes.contains(&id_shape(&n)) {
            return Some((n, None));
        }
        let last = n.chars().last()?;
        if last.is_ascii_lowercase() || last == '-' {
            let head = item_id(&n[..n.len() - last.len_utf8()]);
            if self.by_norm.contains_key(&head) || self.shapes.contains(&id_shape(&head)) {
                return Some((head, Some(last.to_string())));
            }
        }
        None
    }
}

/// Where a row's answer goes.
enum Target {
    Item(String),
    Extra(String),
}

struct Ctx<'a> {
    grid: &'a Grid,
    catalog: &'a Catalog,
    out: Rows,
}

impl Ctx<'_> {
    fn issue(&self, row: u32, col: Option<u32>, what: RowNotice) -> Issue {
        Issue {
            sheet: self.grid.name.clone(),
            row: Some(row + 1),
            column: col.map(column_letters),
            cell: col.map(|c| cell_ref(&self.grid.name, row, c)),
            notice: what.notice(),
        }
    }
    fn warn(&mut self, row: u32, col: Option<u32>, what: RowNotice) {
        let i = self.issue(row, col, what);
        self.out.warnings.push(i);
    }
    fn error(&mut self, row: u32, col: Option<u32>, what: RowNotice) {
        let i = self.issue(row, col, what);
        self.out.errors.push(i);
    }
    fn text(&self, row: u32, col: Option<u32>) -> &str {
        col.map(|c| self.grid.text(row, c)).unwrap_or("")
    }
    fn opt_text(&self, row: u32, col: Option<u32>) -> Option<String> {
        Some(self.text(row, col).to_string()).filter(|s| !s.is_empty())
    }
}

/// Read the rows below `header` on its sheet.
pub fn read_rows(grid: &Grid, header: &Header, catalog: &Catalog, scope: &Scope) -> Rows {
    let ids = Ids::new(catalog);
    let roles = Roles::new(Some(catalog));
    let mut ctx = Ctx { grid, catalog, out: Rows::default() };
    let last = grid.last_row().unwrap_or(header.row);
    let mut columns = header.columns.clone();
    let mut answer_col = choose_answer_column(&mut ctx, header.row, &columns, scope);
    ctx.out.answer_column = answer_col;
    let by_text = !sheet_has_ids(grid, header.row, last, &columns, &ids);
    let mut seen: HashMap<(String, Option<String>), u32> = HashMap::new();
    let mut slot: HashMap<String, (bool, usize)> = HashMap::new(); // id → (extra?, index)
    for row in header.row + 1..=last {
        // Only a row whose id cell holds text that is not an id can repeat the header.
        let id_text = columns.first(Role::Id).map(|c| grid.text(row, c)).unwrap_or("");
        let maybe_header = !id_text.is_empty() && ids.parse(id_text).is_none();
        let again = if maybe_header { map_row_with(grid, row, &roles) } else { Columns::default() };
        if again.is_header() && again.first(Role::Answer).is_some() && again.score() >= 3 {
            columns = again;
            answer_col = choose_answer_column(&mut ctx, row, &columns, scope);
            continue;
        }
        let target = if by_text { match_by_text(&mut ctx, row, &columns, &ids, &slot) } else { match_by_id(&ctx, row, &columns, &ids) };
        let Some((target, eval)) = target else {
            continue;
        };
        let id = match &target {
            Target::Item(i) | Target::Extra(i) => i.clone(),
        };
        if let Some(first) = seen.get(&(id.clone(), eval.clone())) {
            let col = columns.first(Role::Id).or(columns.first(Role::Requirement));
            ctx.error(row, col, RowNotice::RowRepeated { id: id.clone(), first_row: first + 1 });
            continue;
        }
        seen.insert((id.clone(), eval.clone()), row);
        let answer = read_answer(&mut ctx, row, answer_col, &columns, &id);
        match (slot.get(&id).copied(), target) {
            (Some((extra, idx)), _) => {
                let existing = if extra { &mut ctx.out.extras[idx].1 } else { &mut ctx.out.answers[idx] };
                let warning = combine(existing, answer);
                if let Some(w) = warning {
                    ctx.warn(row, answer_col, w);
                }
            }
            (None, Target::Item(_)) => {
                slot.insert(id.clone(), (false, ctx.out.answers.len()));
                ctx.out.answers.push(answer);
            }
            (None, Target::Extra(_)) => {
                let item = extra_item(&ctx, row, &columns, &id);
                let col = columns.first(Role::Id);
                ctx.warn(row, col, RowNotice::ExtraItem { id: id.clone(), catalog: catalog.id.clone() });
                slot.insert(id.clone(), (true, ctx.out.extras.len()));
                ctx.out.extras.push((item, answer));
            }
        }
    }
    ctx.out
}

/// True when at least one data row carries a well-formed id.
fn sheet_has_ids(grid: &Grid, header: u32, last: u32, columns: &Columns, ids: &Ids<'_>) -> bool {
    let Some(col) = columns.first(Role::Id) else {
        return false;
    };
    (header + 1..=last).any(|r| ids.parse(grid.text(r, col)).is_some())
}

fn match_by_id(ctx: &Ctx<'_>, row: u32, columns: &Columns, ids: &Ids<'_>) -> Option<(Target, Option<String>)> {
    let id_col = columns.first(Role::Id)?;
    let cell = ctx.text(row, Some(id_col));
    let (id, mut eval) = ids.parse(cell)?;
    if let Some(e) = ctx.opt_text(row, columns.first(Role::EvalId)) {
        eval = Some(e);
    }
    // A No. cell merged down over several rows is one item written on several lines, not a
    // repeat (evaluation rows of one control carry their own letter and stay apart).
    if eval.is_none() && ctx.grid.is_covered(row, id_col) {
        return None;
    }
    Some(match ids.by_norm.get(&id) {
        Some(real) => (Target::Item(real.to_string()), eval),
        None => (Target::Extra(id), eval),
    })
}

fn match_by_text(
    ctx: &mut Ctx<'_>,
    row: u32,
    columns: &Columns,
    ids: &Ids<'_>,
    taken: &HashMap<String, (bool, usize)>,
) -> Option<(Target, Option<String>)> {
    let col = columns.first(Role::Requirement)?;
    let text = ctx.text(row, Some(col)).to_string();
    if text.is_empty() {
        return None;
    }
    let candidates = ids.by_text.get(&text_key(&text));
    match candidates {
        Some(list) => {
            let id = list.iter().find(|i| !taken.contains_key(**i)).unwrap_or(&list[0]);
            Some((Target::Item(id.to_string()), None))
        }
        None => {
            ctx.warn(row, Some(col), RowNotice::TextUnmatched { catalog: ctx.catalog.id.clone() });
            None
        }
    }
}

fn read_answer(ctx: &mut Ctx<'_>, row: u32, answer_col: Option<u32>, columns: &Columns, id: &str) -> RowAnswer {
    let raw = ctx.text(row, answer_col).to_string();
    let cell = answer_col.map(|c| cell_ref(&ctx.grid.name, row, c));
    let answer = match normalise::answer(&raw, Some(ctx.catalog)) {
        Some(a) => a,
        None => {
            ctx.error(row, answer_col, RowNotice::AnswerUnrecognised { id: id.to_string(), raw: raw.clone() });
            SupplierAnswer::Unanswered
        }
    };
    let level_col = columns.first(Role::Level);
    let level_raw = ctx.text(row, level_col).to_string();
    let levels: BTreeSet<u8> = ctx.catalog.items.iter().filter_map(|i| i.level).collect();
    let known = |l: u8| levels.is_empty() || levels.contains(&l);
    if !normalise::level(&level_raw).is_ok_and(|l| l.is_none_or(known)) {
        let expected: Vec<String> = levels.iter().map(|l| format!("Lv{l}")).collect();
        let expected = if expected.is_empty() { "Lv1".into() } else { expected.join(", ") };
        ctx.error(row, level_col, RowNotice::LevelUnrecognised { id: id.to_string(), raw: level_raw.clone(), expected });
    }
    RowAnswer {
        item_id: id.to_string(),
        answer,
        raw: Some(raw).filter(|r| !r.is_empty()),
        remark: ctx.opt_text(row, columns.first(Role::Remark)),
        row: row + 1,
        cell,
    }
}

/// Fold the answer of a further evaluation row of the same control into the first.
fn combine(first: &mut RowAnswer, next: RowAnswer) -> Option<RowNotice> {
    if let Some(r) = next.remark {
        first.remark = Some(match first.remark.take() {
            Some(f) if f != r => format!("{f}\n{r}"),
            Some(f) => f,
            None => r,
        });
    }
    use SupplierAnswer::*;
    match (first.answer, next.answer) {
        (a, b) if a == b => None,
        (_, Unanswered) => None,
        (Unanswered, b) => {
            first.answer = b;
            first.raw = next.raw;
            None
        }
        (NotApplicable, b) => {
            first.answer = b;
            first.raw = next.raw;
            None
        }
        (_, NotApplicable) => None,
        (a, b) => {
            first.answer = Partial;
            Some(RowNotice::EvaluationsDiffer { id: first.item_id.clone(), first: a.label_ja().into(), second: b.label_ja().into() })
        }
    }
}

fn extra_item(ctx: &Ctx<'_>, row: u32, columns: &Columns, id: &str) -> Item {
    let t = |role| ctx.opt_text(row, columns.first(role));
    let requirement = t(Role::Requirement).or_else(|| t(Role::Title)).unwrap_or_else(|| "(要求事項の記載なし)".to_string());
    Item {
        id: id.to_string(),
        group: t(Role::Label).map(|l| catalog_group(ctx.catalog, &l)).unwrap_or_else(|| "extra".to_string()),
        level: normalise::level(ctx.text(row, columns.first(Role::Level))).ok().flatten(),
        class: t(Role::Class),
        title: t(Role::Title),
        purpose: t(Role::Purpose),
        requirement,
        condition: t(Role::Condition),
        criteria: t(Role::Criteria),
        best_practices: Vec::new(),
        evaluation: Vec::new(),
        commentary: Vec::new(),
        applicability: Vec::new(),
        need: None,
        notes: Vec::new(),
    }
}

/// The catalog group a sheet's label names, else the label itself (a section of its own).
/// Sheets write labels as the group's id (`3`), its name (`法令順守`) or both (`3 法令順守`,
/// `3.法令順守`); an extra item in one of them belongs to that group, so its answers count in the
/// same radar section as the catalog's items there.
fn catalog_group(catalog: &Catalog, label: &str) -> String {
    let label = label.trim();
    let name_part = label.trim_start_matches(|c: char| c.is_ascii_digit()).trim_start_matches(['.', '．', ' ', '　', ':', '：']);
    let id_part: String = label.chars().take_while(char::is_ascii_digit).collect();
    catalog
        .groups
        .iter()
        .find(|g| label == g.id || label == g.name || (id_part == g.id && name_part == g.name))
        .map(|g| g.id.clone())
        .unwrap_or_else(|| label.to_string())
}

/// Texts under an answer column's header (sub-headers such as 導入事業者), up to three rows.
/// A cell covered by a merge from above or the left repeats its anchor's text and says
/// nothing new: in the id and requirement columns it does not end the header block (a `No.`
/// merged down over the sub-header rows), and in the answer column it is not a sub-header.
fn sub_headers(grid: &Grid, header_row: u32, col: u32, columns: &Columns) -> String {
    let blank = |row: u32, c: Option<u32>| c.is_none_or(|c| grid.text(row, c).is_empty() || grid.is_covered(row, c));
    let mut out = String::new();
    for row in header_row + 1..=header_row + 3 {
        if !(blank(row, columns.first(Role::Id)) && blank(row, columns.first(Role::Requirement))) {
            break;
        }
        if !grid.is_covered(row, col) {
            out.push_str(grid.text(row, col));
        }
    }
    out
}

/// What names an answer column's role: its own header cell (`チェック（外部サービス提供者）`)
/// and the sub-headers under it.
fn column_names(grid: &Grid, header_row: u32, col: u32, columns: &Columns) -> String {
    let own = if grid.is_covered(header_row, col) { "" } else { grid.text(header_row, col) };
    format!("{own}{}", sub_headers(grid, header_row, col, columns))
}

/// Pick the answer column: the only one, or the one whose sub-header names the scope's choice
/// (e.g. role = 導入事業者), or the first holding answers.
fn choose_answer_column(ctx: &mut Ctx<'_>, header_row: u32, columns: &Columns, scope: &Scope) -> Option<u32> {
    let grid = ctx.grid;
    let mut cols: Vec<u32> = Vec::new();
    for &a in columns.all(Role::Answer) {
        cols.push(a);
        // Unmerged group headers: the sub-header columns right of チェック have no header text.
        let mut c = a + 1;
        while (grid.text(header_row, c).is_empty() || grid.is_covered(header_row, c))
            && !sub_headers(grid, header_row, c, columns).is_empty()
            && c < a + 8
        {
            cols.push(c);
            c += 1;
        }
    }
    cols.dedup();
    if cols.len() <= 1 {
        return cols.first().copied();
    }
    let subs: Vec<(u32, String)> = cols.iter().map(|c| (*c, normalise::key(&column_names(grid, header_row, *c, columns)))).collect();
    for dim in &ctx.catalog.scope {
        for value in scope.values(&dim.key) {
            let Some(opt) = dim.options.iter().find(|o| &o.value == value) else {
                continue;
            };
            let names = [normalise::key(&opt.name.ja), normalise::key(&opt.name.en), normalise::key(&opt.value)];
            if let Some((c, _)) = subs.iter().find(|(_, s)| !s.is_empty() && names.iter().any(|n| !n.is_empty() && s.contains(n.as_str())))
            {
                return Some(*c);
            }
        }
    }
    let last = grid.last_row().unwrap_or(header_row);
    let used = cols.iter().copied().find(|c| {
        (header_row + 1..=last).any(|r| normalise::answer(grid.text(r, *c), None).is_some_and(|a| a != SupplierAnswer::Unanswered))
    });
    let chosen = used.unwrap_or(cols[0]);
    let names: Vec<String> = subs
        .iter()
        .map(|(c, s)| format!("{}{}", column_letters(*c), if s.is_empty() { String::new() } else { format!(" ({s})") }))
        .collect();
    ctx.warn(header_row, Some(chosen), RowNotice::SeveralAnswerColumns { columns: names.join(", "), chosen: column_letters(chosen) });
    Some(chosen)
}
