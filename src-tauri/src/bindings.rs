//! The TypeScript contract of the commands, generated from the Rust types with ts-rs.
//!
//! `ui/src/lib/bindings.ts` is committed; the test `bindings_are_current` fails when it differs
//! from what the Rust types generate. Regenerate with
//! `TENKEN_WRITE_BINDINGS=1 cargo test -p tenken-app bindings`.

#[cfg(test)]
mod tests {
    use std::any::TypeId;
    use std::collections::{BTreeMap, HashSet};

    use crate::dto::*;
    use tenken::model::*;
    use tenken::scoring::ScoreReport;
    use ts_rs::{Config, TypeVisitor, TS};

    /// Gathers one `export type …` declaration per type reached, each type once, by name: the
    /// order ts-rs visits dependencies in changes from one build to the next (its derive keeps
    /// them in a hash set), and TypeScript does not care about the order of declarations.
    struct Collect<'c> {
        cfg: &'c Config,
        seen: HashSet<TypeId>,
        decls: BTreeMap<String, String>,
    }

    impl TypeVisitor for Collect<'_> {
        fn visit<T: TS + 'static + ?Sized>(&mut self) {
            // Primitives, containers and wrappers have no declaration of their own.
            if T::output_path().is_none() || !self.seen.insert(TypeId::of::<T>()) {
                return;
            }
            T::visit_dependencies(self);
            let (name, decl) = (T::ident(self.cfg), format!("export {}\n", T::decl(self.cfg)));
            if let Some(other) = self.decls.insert(name.clone(), decl.clone()) {
                assert_eq!(other, decl, "two Rust types are both called {name} in TypeScript");
            }
        }
    }

    /// The whole bindings file: what the commands take and give (and the events the UI listens
    /// to), with every type they are made of, found by walking the types — nothing to keep by
    /// hand here but the commands' own types. A type the UI needs and this list misses fails the
    /// UI's type-check (commands.ts imports each command's types from bindings.ts).
    fn generate() -> String {
        // serde_json writes i64 as a JSON number and row ids stay far below 2^53, so the UI sees
        // plain numbers, not the `bigint` ts-rs assumes for 64-bit integers by default.
        let cfg = Config::new().with_large_int("number");
        let mut c = Collect { cfg: &cfg, seen: HashSet::new(), decls: BTreeMap::new() };
        // `Scope` is a serde-transparent map; ts-rs cannot read `transparent`, so it is written
        // here and the fields holding it say `#[ts(type = "Scope")]`.
        c.decls.insert("Scope".into(), "export type Scope = { [key in string]: Array<string> };\n".to_string());
        // Commands' arguments and results (see commands.ts), the error every command may give,
        // and the progress event of long jobs.
        c.visit::<AppInfo>();
        c.visit::<CatalogInfo>();
        c.visit::<CatalogImportInput>();
        c.visit::<Organisation>();
        c.visit::<NewOrganisation>();
        c.visit::<Assessment>();
        c.visit::<NewAssessmentInput>();
        c.visit::<PortfolioRow>();
        c.visit::<WalkData>();
        c.visit::<ItemUpdate>();
        c.visit::<Verdict>();
        c.visit::<Evidence>();
        c.visit::<Finding>();
        c.visit::<NewFinding>();
        c.visit::<FindingPatch>();
        c.visit::<ScoreReport>();
        c.visit::<ImportInput>();
        c.visit::<ImportPreview>();
        c.visit::<ImportOutcome>();
        c.visit::<IdentityInfo>();
        c.visit::<NewIdentityInput>();
        c.visit::<ImportIdentityInput>();
        c.visit::<ExportRequest>();
        c.visit::<ExportDefaults>();
        c.visit::<ExportOutcome>();
        c.visit::<VerificationView>();
        c.visit::<BundleExportInput>();
        c.visit::<BundleExported>();
        c.visit::<BundleCheckView>();
        c.visit::<BundleImported>();
        c.visit::<TrustedRootView>();
        c.visit::<TrailView>();
        c.visit::<AuditEvent>();
        c.visit::<CommandError>();
        c.visit::<JobProgress>();
        let body: String = c.decls.into_values().collect();
        format!(
            "// Generated from the Rust types by src-tauri/src/bindings.rs (ts-rs). Do not edit.\n\
             // Regenerate: TENKEN_WRITE_BINDINGS=1 cargo test -p tenken-app bindings\n\
             /* eslint-disable */\n\n{body}"
        )
    }

    #[test]
    fn bindings_are_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings.ts");
        let fresh = generate();
        if std::env::var_os("TENKEN_WRITE_BINDINGS").is_some() {
            std::fs::write(&path, &fresh).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "{} is stale: regenerate with TENKEN_WRITE_BINDINGS=1 cargo test -p tenken-app bindings",
            path.display()
        );
    }
}
