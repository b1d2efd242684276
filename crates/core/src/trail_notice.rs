//! What verifying the audit trail can find: every failure and note of [`crate::trail::verify`]
//! and [`crate::trail::check_against`], each with a stable code and the values it is made of
//! (see `tenken_domain::notice`), so the app shows it in Japanese or English and the CLI prints
//! its English message.
//!
//! Parameters named `what` are English noun phrases for the English text ("assessment 1 item 4");
//! `key` says the same without words ("1 / 4"), for the other languages' texts.

tenken_domain::notices! {
    /// A failure or note of the audit trail's verification.
    pub enum TrailNotice {
        /// The hash chain does not verify at a row.
        ChainBroken { seq: i64, reason: String } = "trail.chain_broken"
            => "hash chain broken at row {seq}: {reason}",
        /// An anchor event without its statement or signature.
        AnchorIncomplete { anchor: i64 } = "trail.anchor.incomplete"
            => "anchor #{anchor}: the anchor event carries no statement or no signature",
        /// An anchor's statement cannot be read.
        AnchorStatement { anchor: i64, why: String } = "trail.anchor.statement"
            => "anchor #{anchor}: {why}",
        /// An anchor claims to cover a row that is not before it.
        AnchorCoversLater { anchor: i64, covers: i64 } = "trail.anchor.covers_later"
            => "anchor #{anchor}: it claims to cover row #{covers}, which is not before it",
        /// An anchor covers a row the trail does not have.
        AnchorCoversMissing { anchor: i64, covers: i64 } = "trail.anchor.covers_missing"
            => "anchor #{anchor}: row #{covers} it covers is not in the trail",
        /// The row an anchor covers has another hash: the trail was rewritten.
        AnchorRewritten { anchor: i64, covers: i64, found: String, signed: String } = "trail.anchor.rewritten"
            => "anchor #{anchor}: row #{covers} has hash {found} in the trail, but the anchor signed {signed} (the trail was rewritten)",
        /// An anchor was signed for another assessment.
        AnchorOtherAssessment { anchor: i64, signed_uid: String, assessment: i64, uid: String } = "trail.anchor.other_assessment"
            => "anchor #{anchor}: it was signed for assessment uid {signed_uid}, but assessment {assessment} has uid {uid}",
        /// The assessment an anchor was signed for is gone.
        AnchorAssessmentMissing { anchor: i64, signed_uid: String } = "trail.anchor.assessment_missing"
            => "anchor #{anchor}: the assessment it was signed for (uid {signed_uid}) is not in the database",
        /// An anchor's signature is not base64.
        AnchorNotBase64 { anchor: i64 } = "trail.anchor.not_base64"
            => "anchor #{anchor}: its signature is not base64",
        /// The event names one signer certificate, the signature another.
        AnchorSignerMismatch { anchor: i64, named: String, used: String } = "trail.anchor.signer_mismatch"
            => "anchor #{anchor}: the event names signer certificate {named}, but the signature was made with {used}",
        /// An anchor's signer is not trusted here.
        AnchorUntrusted { anchor: i64, signer: String, cert_sha256: String } = "trail.anchor.untrusted"
            => "anchor #{anchor}: its signer {signer} (certificate SHA-256 {cert_sha256}) is UNTRUSTED: the certificate does not lead to a root in your trust list (tenken trust add ROOT.pem, after checking the fingerprint with the signer)",
        /// An anchor's signature does not verify.
        AnchorInvalid { anchor: i64, detail: String } = "trail.anchor.invalid"
            => "anchor #{anchor}: its signature is INVALID: {detail}",
        /// A sign-off that no holding anchor covers.
        SignOffUnanchored { assessment: String, seq: i64 } = "trail.sign_off_unanchored"
            => "assessment {assessment} was signed off at row #{seq} but no anchor that holds covers that row",
        /// No anchor holds at all (a note).
        NoAnchor {} = "trail.note.no_anchor"
            => "no anchor holds: the whole trail is protected only by its unkeyed hash chain, which anyone with the file can recompute",
        /// Rows after the last holding anchor (a note).
        UnsignedTail { from: i64, to: i64, anchor: i64 } = "trail.note.unsigned_tail"
            => "rows #{from}–#{to} come after the last anchor (#{anchor}); they are protected only by the unkeyed hash chain",
        /// A trail row that names no assessment.
        ReplayNoAssessment { seq: i64, action: String } = "trail.replay.no_assessment"
            => "trail row #{seq} ({action}): it names no assessment",
        /// A trail row that changes an assessment the trail never created.
        ReplayUnknownAssessment { seq: i64, action: String, assessment: i64 } = "trail.replay.unknown_assessment"
            => "trail row #{seq} ({action}): it changes assessment {assessment}, which the trail never created",
        /// A trail row that changes a signed-off assessment.
        ReplaySignedChanged { seq: i64, action: String, assessment: i64, signed_at: i64 } = "trail.replay.signed_changed"
            => "trail row #{seq} ({action}): it changes assessment {assessment}, which was signed off at row #{signed_at} and is read-only",
        /// A trail row without the value it set.
        ReplayNoAfter { seq: i64, action: String } = "trail.replay.no_after"
            => "trail row #{seq} ({action}): it carries no after value",
        /// A trail row whose target is not of the form its action needs.
        ReplayBadTarget { seq: i64, action: String, expected: String } = "trail.replay.bad_target"
            => "trail row #{seq} ({action}): its target is not {expected}",
        /// A site row that does not name its organisation and site.
        ReplayNoSite { seq: i64, action: String } = "trail.replay.no_site"
            => "trail row #{seq} ({action}): it does not name the organisation and the site",
        /// An action the replay does not know.
        ReplayUnknownAction { seq: i64, action: String } = "trail.replay.unknown_action"
            => "trail row #{seq} ({action}): unknown action \"{action}\": the replay cannot tell what it changed",
        /// A trail row that creates an assessment already there.
        ReplayExists { seq: i64, action: String, assessment: i64 } = "trail.replay.exists"
            => "trail row #{seq} ({action}): it creates assessment {assessment}, which already exists",
        /// A reopen of an assessment the trail does not know.
        ReplayReopenUnknown { seq: i64, action: String } = "trail.replay.reopen_unknown"
            => "trail row #{seq} ({action}): it reopens an assessment the trail does not know",
        /// A reopen of an assessment never signed off.
        ReplayReopenUnsigned { seq: i64, action: String, assessment: i64 } = "trail.replay.reopen_unsigned"
            => "trail row #{seq} ({action}): it reopens assessment {assessment}, which the trail never signed off",
        /// A row the trail made that the table lacks.
        NotInTable { table: String, what: String, key: String } = "trail.diff.not_in_table"
            => "{table}: {what} is in the trail but not in the table",
        /// A row in the table that no audit event made.
        NotInTrail { table: String, what: String, key: String } = "trail.diff.not_in_trail"
            => "{table}: {what} is in the table but no audit event made it",
        /// A field whose stored value differs from the trail's.
        FieldDiffers { table: String, what: String, key: String, field: String, stored: String, trail: String } = "trail.diff.field"
            => "{table}: {what}: {field} is {stored} in the table, but {trail} by the audit trail",
        /// Evidence bytes whose SHA-256 is not the recorded one.
        EvidenceBytes { evidence: i64, actual: String, recorded: String } = "trail.diff.evidence_bytes"
            => "evidence: evidence {evidence}: its stored bytes have SHA-256 {actual}, but the row and the trail say {recorded}",
        /// Evidence links to an evidence file that is not there.
        EvidenceItemsOrphan { evidence: i64 } = "trail.diff.evidence_items_orphan"
            => "evidence_items: rows for evidence {evidence}, which is not in the evidence table",
        /// More differences than are listed.
        MoreDifferences { count: usize } = "trail.diff.more"
            => "… and {count} more differences between the trail and the data tables",
        /// A signed file's signature does not verify.
        AgainstInvalid { file: String, what: String, detail: String } = "trail.against.invalid"
            => "against {file}: {what} signature is INVALID: {detail}",
        /// A PDF without an audit-trail head.
        AgainstPdfNoHead { file: String } = "trail.against.pdf_no_head"
            => "against {file}: the PDF carries no audit-trail head (not a Tenken report, or made by a Tenken before it recorded one)",
        /// A PDF naming several heads.
        AgainstPdfHeads { file: String, count: usize } = "trail.against.pdf_heads"
            => "against {file}: the PDF names {count} different audit-trail heads",
        /// A bundle manifest whose head cannot be read.
        AgainstManifestHead { file: String, why: String } = "trail.against.manifest_head"
            => "against {file}: the manifest's trail_head is malformed ({why})",
        /// A bundle manifest without a head.
        AgainstManifestNoHead { file: String } = "trail.against.manifest_no_head"
            => "against {file}: the manifest carries no audit-trail head (made by a Tenken before it recorded one)",
        /// The file names a row the database's trail lacks.
        AgainstRowMissing { file: String, what: String, kind: String, seq: i64, hash: String } = "trail.against.row_missing"
            => "against {file}: {what} names audit-trail row #{seq} with hash {hash}, but the database's trail has no row #{seq}",
        /// The file names a row whose hash differs in the database.
        AgainstHashDiffers { file: String, what: String, kind: String, seq: i64, hash: String, found: String } = "trail.against.hash_differs"
            => "against {file}: {what} names audit-trail row #{seq} with hash {hash}, but the database has hash {found} at that row",
        /// No sign-off of the report after its head.
        AgainstNoSignOff { file: String, sha256: String, seq: i64 } = "trail.against.no_sign_off"
            => "against {file}: the database's trail holds no sign-off of this report (SHA-256 {sha256}) after row #{seq}: the rows of its sign-off were removed, or the report comes from another database",
    }
}
