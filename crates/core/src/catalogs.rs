//! Reading catalogs from files: a user catalog file, and the set a session works with (the
//! built-in catalogs and those in the user's catalog folder). Parsing and the rules live in the
//! domain crate; this module only does the reading.

use std::path::Path;

use crate::catalog::{self, Catalog, CatalogSet};
use crate::error::{Error, Result};

/// Read, parse and validate a catalog file.
pub fn load_file(path: &Path) -> Result<Catalog> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    Ok(catalog::parse(&path.display().to_string(), &text)?)
}

/// The user catalogs in `user_dir` (`*.toml`, in name order), each with the file it came from.
fn user_catalogs(user_dir: Option<&Path>) -> Result<Vec<(String, Catalog)>> {
    let Some(dir) = user_dir.filter(|d| d.is_dir()) else { return Ok(Vec::new()) };
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    paths.into_iter().map(|p| Ok((p.display().to_string(), load_file(&p)?))).collect()
}

/// The built-in catalogs plus the user catalogs in `user_dir`. A user catalog with the same id
/// and version as a built-in (or an earlier user) one is refused, so a built-in text can never be
/// silently replaced.
pub fn load_set(user_dir: Option<&Path>) -> Result<CatalogSet> {
    Ok(CatalogSet::with_user(user_catalogs(user_dir)?)?)
}

/// Every catalog: the built-in ones, then the user's.
pub fn all_catalogs(user_dir: Option<&Path>) -> Result<Vec<Catalog>> {
    Ok(load_set(user_dir)?.all().to_vec())
}
