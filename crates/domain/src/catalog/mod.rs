//! Catalogs: the frameworks an assessment is made against.
//!
//! A catalog is one TOML data file per framework version (`catalogs/*.toml`, documented in
//! `catalogs/README.md`). It carries the source document's requirement and guidance wording
//! exactly, the scope dimensions an assessment must choose, the groups (labels / sections),
//! the items, the answer scale and the scoring rule. Built-in catalogs are compiled into the
//! binary; user catalogs are parsed from texts the application layer reads from the data directory.
//!
//! Invariant: this module only describes frameworks. It knows nothing of assessments or the store.

mod builtin;
mod schema;
mod scope;

pub use builtin::{builtin, builtin_catalogs, declared_key, CatalogSet};
pub use schema::*;
pub use scope::{in_scope, validate_scope, ScopedItem};

use crate::error::{CatalogProblem, Error, Result};

/// Parse and validate a catalog from TOML text. `origin` names the file in error messages.
pub fn parse(origin: &str, text: &str) -> Result<Catalog> {
    let file = || origin.to_string();
    let catalog: Catalog =
        toml::from_str(text).map_err(|e| Error::Catalog { file: file(), problems: vec![CatalogProblem::Toml { cause: e.to_string() }] })?;
    catalog.validate().map_err(|problems| Error::Catalog { file: file(), problems })?;
    Ok(catalog)
}

/// Find a catalog by id (and version, when given) among `catalogs`. Without a version the
/// newest (last listed) one with that id is returned.
pub fn find<'a>(catalogs: &'a [Catalog], id: &str, version: Option<&str>) -> Result<&'a Catalog> {
    catalogs.iter().rev().find(|c| c.id == id && version.is_none_or(|v| c.version == v)).ok_or_else(|| {
        let known: Vec<&str> = catalogs.iter().map(|c| c.id.as_str()).collect();
        Error::CatalogNotFound { key: format!("{id}{}", version.map(|v| format!(" {v}")).unwrap_or_default()), known: known.join(", ") }
    })
}

impl Catalog {
    /// This catalog with `extra` items appended (items an imported sheet carried that the
    /// catalog lacks). Groups the extra items name but the catalog lacks are added too.
    pub fn extended(&self, extra: &[Item]) -> Catalog {
        let mut c = self.clone();
        for item in extra {
            if c.item(&item.id).is_none() {
                if c.group(&item.group).is_none() {
                    c.groups.push(Group { id: item.group.clone(), name: item.group.clone(), parent: None });
                }
                c.items.push(item.clone());
            }
        }
        c
    }
}
