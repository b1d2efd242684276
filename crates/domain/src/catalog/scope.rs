//! Which items of a catalog an assessment's scope puts in scope, and how strongly each is needed.

use super::{Catalog, Item, Need, ScopeKind};
use crate::error::{Error, Invalid, Result};
use crate::model::Scope;

/// An item in scope, with the need the scope gives it.
#[derive(Debug, Clone, Copy)]
pub struct ScopedItem<'a> {
    /// The item.
    pub item: &'a Item,
    /// Mandatory or recommended under this scope (None where the framework does not say).
    pub need: Option<Need>,
}

/// Check a scope against a catalog: known keys, known values, one value for single choices.
pub fn validate_scope(catalog: &Catalog, scope: &Scope) -> Result<()> {
    for (key, values) in &scope.0 {
        let dim = catalog.dimension(key).ok_or_else(|| {
            let keys: Vec<&str> = catalog.scope.iter().map(|d| d.key.as_str()).collect();
            let (catalog, key) = (catalog.id.clone(), key.clone());
            Error::from(if keys.is_empty() {
                Invalid::NoScope { catalog, key }
            } else {
                Invalid::NoScopeKey { catalog, key, keys: keys.join(", ") }
            })
        })?;
        if dim.kind != ScopeKind::Multi && values.len() > 1 {
            return Err(Invalid::ScopeOneValue { key: key.clone(), values: values.join(",") }.into());
        }
        for v in values {
            if !dim.options.iter().any(|o| &o.value == v) {
                let opts: Vec<&str> = dim.options.iter().map(|o| o.value.as_str()).collect();
                return Err(Invalid::ScopeNotAnOption { key: key.clone(), value: v.clone(), options: opts.join(", ") }.into());
            }
        }
    }
    Ok(())
}

/// The items in scope, in catalog order. An empty scope puts every item in scope.
///
/// * `max_level` dimensions keep items whose level is at most the chosen level;
/// * items with applicability rules are in scope when a rule matches every chosen dimension it
///   names (a dimension left unchosen matches anything); the strongest matching need wins;
/// * items without rules are always in scope with their own `need`.
pub fn in_scope<'a>(catalog: &'a Catalog, scope: &Scope) -> Result<Vec<ScopedItem<'a>>> {
    validate_scope(catalog, scope)?;
    let max_level: Option<u8> = catalog
        .scope
        .iter()
        .filter(|d| d.kind == ScopeKind::MaxLevel)
        .filter_map(|d| scope.values(&d.key).first())
        .filter_map(|v| v.parse().ok())
        .min();
    let mut out = Vec::new();
    for item in &catalog.items {
        if let (Some(max), Some(level)) = (max_level, item.level) {
            if level > max {
                continue;
            }
        }
        if item.applicability.is_empty() {
            out.push(ScopedItem { item, need: item.need });
            continue;
        }
        let need = item
            .applicability
            .iter()
            .filter(|rule| {
                rule.when.iter().all(|(k, v)| {
                    let chosen = scope.values(k);
                    chosen.is_empty() || chosen.iter().any(|c| c == v)
                })
            })
            .map(|rule| rule.need)
            .min(); // Mandatory < Recommended in Ord
        if let Some(need) = need {
            out.push(ScopedItem { item, need: Some(need) });
        }
    }
    Ok(out)
}
