//! The TypeScript contract of the commands, generated from the Rust types with ts-rs.
//!
//! `ui/src/lib/bindings.ts` is committed; the test `bindings_are_current` fails when it differs
//! from what the Rust types generate. Regenerate with
//! `TENKEN_WRITE_BINDINGS=1 cargo test -p tenken-app bindings`.

#[cfg(test)]
mod tests {
    use crate::dto::*;
    use tenken::catalog::*;
    use tenken::model::*;
    use ts_rs::{Config, TS};

    /// One `export type …` declaration per type.
    fn decl<T: TS>(cfg: &Config) -> String {
        format!("export {}\n", T::decl(cfg))
    }

    /// The whole bindings file.
    fn generate() -> String {
        // serde_json writes i64 as a JSON number and row ids stay far below 2^53, so the UI sees
        // plain numbers, not the `bigint` ts-rs assumes for 64-bit integers by default.
        let cfg = Config::new().with_large_int("number");
        let decls = [
            // model
            decl::<OrgKind>(&cfg),
            decl::<Organisation>(&cfg),
            decl::<Site>(&cfg),
            decl::<AssessmentKind>(&cfg),
            decl::<AssessmentStatus>(&cfg),
            // `Scope` is a serde-transparent map; ts-rs cannot read `transparent`, so it is
            // written here and the fields holding it say `#[ts(type = "Scope")]`.
            "export type Scope = { [key in string]: Array<string> };\n".to_string(),
            decl::<Assessment>(&cfg),
            decl::<SupplierAnswer>(&cfg),
            decl::<Verdict>(&cfg),
            decl::<ItemResult>(&cfg),
            decl::<EvidenceRole>(&cfg),
            decl::<Evidence>(&cfg),
            decl::<Severity>(&cfg),
            decl::<ActionStatus>(&cfg),
            decl::<Finding>(&cfg),
            // catalog
            decl::<Text2>(&cfg),
            decl::<Source>(&cfg),
            decl::<Catalog>(&cfg),
            decl::<tenken::document::CatalogRef>(&cfg),
            decl::<AnswerLabel>(&cfg),
            decl::<Guidance>(&cfg),
            decl::<ScopeKind>(&cfg),
            decl::<ScopeDimension>(&cfg),
            decl::<ScopeOption>(&cfg),
            decl::<Group>(&cfg),
            decl::<Need>(&cfg),
            decl::<NeedLabel>(&cfg),
            decl::<NeedLabels>(&cfg),
            decl::<Applicability>(&cfg),
            decl::<EvaluationItem>(&cfg),
            decl::<ReferenceValue>(&cfg),
            decl::<Commentary>(&cfg),
            decl::<Reference>(&cfg),
            decl::<Item>(&cfg),
            decl::<RuleKind>(&cfg),
            decl::<GradeBand>(&cfg),
            decl::<Scoring>(&cfg),
            // scoring
            decl::<tenken::scoring::Counts>(&cfg),
            decl::<tenken::scoring::Bucket>(&cfg),
            decl::<tenken::scoring::Gate>(&cfg),
            decl::<tenken::scoring::SideScore>(&cfg),
            decl::<tenken::scoring::MustAchieve>(&cfg),
            decl::<tenken::scoring::DiscrepancyKind>(&cfg),
            decl::<tenken::scoring::Discrepancy>(&cfg),
            decl::<tenken::scoring::ScoreReport>(&cfg),
            // commands
            decl::<AppInfo>(&cfg),
            decl::<ScoreBrief>(&cfg),
            decl::<CatalogInfo>(&cfg),
            decl::<tenken::session::Progress>(&cfg),
            decl::<AssessmentRow>(&cfg),
            decl::<PortfolioRow>(&cfg),
            decl::<NewOrganisation>(&cfg),
            decl::<NewAssessmentInput>(&cfg),
            decl::<ScopedRef>(&cfg),
            decl::<WalkData>(&cfg),
            decl::<ItemUpdate>(&cfg),
            decl::<NewFinding>(&cfg),
            decl::<FindingPatch>(&cfg),
            decl::<CommandError>(&cfg),
            decl::<ImportInput>(&cfg),
            decl::<tenken::import::Issue>(&cfg),
            decl::<tenken::import::Cover>(&cfg),
            decl::<ColumnView>(&cfg),
            decl::<FileReading>(&cfg),
            decl::<FilePreviewView>(&cfg),
            decl::<ImportPreview>(&cfg),
            decl::<ImportedFile>(&cfg),
            decl::<FailedFile>(&cfg),
            decl::<ImportOutcome>(&cfg),
            decl::<JobProgress>(&cfg),
            decl::<IdentityInfo>(&cfg),
            decl::<NewIdentityInput>(&cfg),
            decl::<ImportIdentityInput>(&cfg),
            decl::<SignInput>(&cfg),
            decl::<ExportRequest>(&cfg),
            decl::<ExportDefaults>(&cfg),
            decl::<WrittenFileView>(&cfg),
            decl::<tenken::signing::Status>(&cfg),
            decl::<tenken::signing::verification::PathRole>(&cfg),
            decl::<PathElementView>(&cfg),
            decl::<VerificationView>(&cfg),
            decl::<ExportOutcome>(&cfg),
        ];
        let body = decls.concat();
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
