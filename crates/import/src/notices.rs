//! What reading a checksheet's rows can find short of failing: warnings and row errors, each
//! with a stable code and its values (see `tenken_domain::notice`).

tenken_domain::notices! {
    /// A warning or row error found while reading the table.
    pub enum RowNotice {
        /// A row repeats an item (and evaluation letter) met above.
        RowRepeated { id: String, first_row: u32 } = "import.row_repeated"
            => "No. {id} appears again (first at row {first_row}); this row is ignored",
        /// An id the catalog lacks.
        ExtraItem { id: String, catalog: String } = "import.extra_item"
            => "No. {id} is not in catalog {catalog}; imported as an extra item with the sheet's text and no commentary",
        /// A sheet without ids whose requirement text matches no item.
        TextUnmatched { catalog: String } = "import.text_unmatched"
            => "the requirement text matches no item of catalog {catalog}; the row is skipped",
        /// An answer cell that is none of the four answers.
        AnswerUnrecognised { id: String, raw: String } = "import.answer_unrecognised"
            => "unrecognised answer '{raw}' for No. {id}; expected 実施している, 一部実施している, 実施していない or 対象外 (kept as unanswered)",
        /// A level cell that is not one of the catalog's levels.
        LevelUnrecognised { id: String, raw: String, expected: String } = "import.level_unrecognised"
            => "unrecognised level '{raw}' for No. {id}; expected {expected}",
        /// Evaluation rows of one control answered differently.
        EvaluationsDiffer { id: String, first: String, second: String } = "import.evaluations_differ"
            => "the evaluation items of No. {id} are answered differently ({first} and {second}); recorded as partial",
        /// Several answer columns (one per role) and none named by the scope.
        SeveralAnswerColumns { columns: String, chosen: String } = "import.several_answer_columns"
            => "the sheet has several answer columns ({columns}); column {chosen} was read — choose the role with --scope to read another",
    }
}
