//! Everything a signature check can report besides its status: why it is INVALID, why the
//! certificate path does not lead to a trusted root, and notes that do not affect validity.
//! Each has a stable code and its values (see `tenken_domain::notice`); the English texts are
//! the ones the CLI prints.

tenken_domain::notices! {
    /// A problem, path failure or note of a signature check.
    pub enum Remark {
        // The PDF and its /ByteRange.
        /// No /ByteRange that could be a signature's.
        NoPdfSignature {} = "signature.no_pdf_signature" => "the file holds no PDF signature (no usable /ByteRange)",
        /// More than one signature; the one covering the most is checked.
        SeveralSignatures { count: usize } = "signature.several_signatures"
            => "the file holds {count} signatures; the latest one is shown",
        /// Bytes after the signed range (an incremental update or an appended payload).
        BytesAppended { appended: usize, signed_end: usize, size: usize } = "signature.bytes_appended"
            => "modified after signing: {appended} byte(s) were appended after the signed range (which ends at byte {signed_end} of {size})",
        /// The signed range runs past the end of the file.
        FileTruncated { signed_end: usize, size: usize } = "signature.file_truncated"
            => "the file is shorter than its signed range ({signed_end} bytes signed, {size} present)",
        /// A /SubFilter Tenken does not verify.
        UnsupportedSubFilter { sub_filter: String } = "signature.unsupported_subfilter"
            => "unsupported signature /SubFilter {sub_filter}",
        /// No /SubFilter.
        NoSubFilter {} = "signature.no_subfilter" => "the signature dictionary has no /SubFilter",
        /// The signature dictionary cannot be found in the PDF's structure.
        PdfUnreadable {} = "signature.pdf_unreadable"
            => "the PDF structure cannot be read, so the signature dictionary cannot be checked",
        /// The /ByteRange gap is not the /Contents value.
        GapNotContents {} = "signature.gap_not_contents" => "the /ByteRange gap is not exactly the /Contents hex string",
        /// A non-hex character in /Contents.
        ContentsNotHex {} = "signature.contents_not_hex"
            => "the /Contents hex string holds a character that is not a hex digit",
        /// Upper and lower case hex mixed: a byte was rewritten by hand.
        ContentsMixedCase {} = "signature.contents_mixed_case" => "the /Contents hex string was altered (mixed letter case)",
        /// The hex does not decode.
        ContentsMalformed { detail: String } = "signature.contents_malformed" => "the /Contents hex string is malformed: {detail}",
        /// /Contents does not begin with DER.
        ContentsNotDer {} = "signature.contents_not_der" => "the /Contents value does not start with a DER structure",
        /// Non-zero bytes after the signature in its reservation.
        ReservationChanged {} = "signature.reservation_changed"
            => "the unused part of the signature reservation was changed (it must be all zero)",

        // The CMS structure.
        /// Not CMS at all.
        CmsUnreadable { detail: String } = "signature.cms_unreadable" => "the signature is not a readable CMS structure: {detail}",
        /// CMS, but not SignedData.
        NotSignedData { content_type: String } = "signature.not_signed_data"
            => "the signature is not CMS SignedData (content type {content_type})",
        /// SignedData that does not decode.
        SignedDataUnreadable { detail: String } = "signature.signed_data_unreadable" => "the CMS SignedData cannot be read: {detail}",
        /// Zero or several signers.
        SignerCount { count: usize } = "signature.signer_count" => "expected one signer, found {count}",
        /// The signer's certificate is not carried.
        SignerCertMissing {} = "signature.signer_cert_missing" => "the signing certificate is not in the signature",
        /// The signed attributes' bytes cannot be found.
        SignedAttrsUnlocatable {} = "signature.signed_attrs_unlocatable"
            => "the signed attributes cannot be located in the signature",
        /// An attached signature where a detached one was expected.
        EmbedsContent {} = "signature.embeds_content" => "the signature embeds its content; a detached signature was expected",
        /// eContentType is not id-data.
        ContentTypeNotData {} = "signature.content_type_not_data" => "the signed content type is not id-data",
        /// CMS version numbers that contradict the structure.
        VersionsInconsistent {} = "signature.versions_inconsistent" => "the CMS version numbers are inconsistent",
        /// A digest algorithm other than SHA-256.
        DigestUnsupported { oid: String } = "signature.digest_unsupported" => "unsupported digest algorithm {oid} (SHA-256 expected)",
        /// The SignedData lists another digest algorithm.
        DigestListOther {} = "signature.digest_list_other" => "the signature lists a digest algorithm other than SHA-256",
        /// A signature algorithm Tenken does not verify.
        AlgorithmUnsupported { detail: String } = "signature.algorithm_unsupported" => "unsupported signature algorithm: {detail}",
        /// The signing certificate cannot be re-encoded for the ESS check.
        SignerCertUnencodable { detail: String } = "signature.signer_cert_unencodable"
            => "the signing certificate cannot be encoded: {detail}",
        /// No signed attributes.
        NoSignedAttrs {} = "signature.no_signed_attrs" => "the signature has no signed attributes",
        /// contentType attribute missing or wrong.
        ContentTypeAttr {} = "signature.content_type_attr" => "the contentType attribute is missing or not id-data",
        /// The bytes were changed after signing.
        DigestMismatch {} = "signature.digest_mismatch"
            => "the signed bytes do not match the signature (message digest differs): the file was changed",
        /// No messageDigest attribute.
        DigestMissing {} = "signature.digest_missing" => "the messageDigest attribute is missing",
        /// signingCertificateV2 names another certificate.
        SigningCertMismatch {} = "signature.signing_cert_mismatch"
            => "the signingCertificateV2 attribute does not match the signing certificate",
        /// The signature value does not verify.
        KeyMismatch {} = "signature.key_mismatch" => "the signature does not verify with the signing certificate's key",
        /// The signature value cannot be checked.
        SignatureUncheckable { detail: String } = "signature.uncheckable" => "the signature cannot be checked: {detail}",

        // The certificate path (problems: each a broken rule, so INVALID).
        /// Longer than the search allows.
        PathTooLong { max: usize, cert: String } = "signature.path.too_long"
            => "certificate path: the certificate path is longer than {max} certificates at {cert:?}",
        /// signatureAlgorithm differs from tbsCertificate.signature.
        AlgorithmsDiffer { cert: String } = "signature.path.algorithms_differ"
            => "certificate path: the certificate {cert:?} names different signature algorithms inside and outside its signed part (RFC 5280 §4.1.1.2)",
        /// The named issuer's key does not verify the certificate.
        NotSignedByIssuer { cert: String, issuer: String } = "signature.path.not_signed_by_issuer"
            => "certificate path: the certificate {cert:?} is not validly signed by its issuer {issuer:?}",
        /// The search hit its bound.
        SearchGaveUp { checks: usize } = "signature.path.search_gave_up"
            => "certificate path: the certificate path search gave up after {checks} signature checks",
        /// A self-signed certificate whose own key does not verify it.
        SelfSignedInvalid { cert: String } = "signature.path.self_signed_invalid"
            => "certificate path: the self-signed certificate {cert:?} is not validly signed by its own key",
        /// Signed by a certificate whose subject is not the issuer named.
        NameChaining { cert: String, signer: String } = "signature.path.name_chaining"
            => "certificate path: the certificate {cert:?} was signed by {signer:?}, but its issuer name is not that certificate's subject (name chaining, RFC 5280 §6.1.3)",
        /// Outside its validity at the signing time.
        NotValidAtTime { cert: String, at: String, not_before: String, not_after: String } = "signature.path.not_valid_at_time"
            => "certificate path: the certificate {cert:?} was not valid at the signing time {at} (valid {not_before} – {not_after})",
        /// An extension twice.
        ExtensionRepeated { cert: String, oid: String } = "signature.path.extension_repeated"
            => "certificate path: the certificate {cert:?} holds the extension {oid} more than once (RFC 5280 §4.2)",
        /// A critical extension not processed.
        CriticalExtension { cert: String, oid: String } = "signature.path.critical_extension"
            => "certificate path: the certificate {cert:?} holds a critical extension Tenken does not process ({oid}), so it must be rejected (RFC 5280 §4.2)",
        /// The signer's keyUsage forbids signing.
        SignerCannotSign { cert: String } = "signature.path.signer_cannot_sign"
            => "certificate path: the signer's certificate {cert:?} does not allow signing: its keyUsage has neither digitalSignature nor nonRepudiation",
        /// The signer's keyUsage does not decode.
        SignerKeyUsageUnreadable { cert: String } = "signature.path.signer_key_usage_unreadable"
            => "certificate path: the keyUsage extension of the signer's certificate {cert:?} cannot be read",
        /// The signer's extendedKeyUsage names no document purpose.
        SignerNotForDocuments { cert: String, purposes: String } = "signature.path.signer_not_for_documents"
            => "certificate path: the signer's certificate {cert:?} is not for signing documents: its extendedKeyUsage ({purposes}) has none of documentSigning, emailProtection, anyExtendedKeyUsage or Adobe's document purpose",
        /// The signer's extendedKeyUsage does not decode.
        SignerEkuUnreadable { cert: String } = "signature.path.signer_eku_unreadable"
            => "certificate path: the extendedKeyUsage extension of the signer's certificate {cert:?} cannot be read",
        /// Too many intermediates below a CA with pathLenConstraint.
        PathLenExceeded { cert: String, max: u8, below: usize } = "signature.path.path_len_exceeded"
            => "certificate path: the CA certificate {cert:?} allows {max} intermediate CA(s) below it (pathLenConstraint), but the path has {below}",
        /// An issuer that is not a CA.
        NotCa { cert: String } = "signature.path.not_ca"
            => "certificate path: the certificate {cert:?} issued another certificate but is not a CA certificate (basicConstraints cA is not TRUE)",
        /// basicConstraints does not decode.
        BasicConstraintsUnreadable { cert: String } = "signature.path.basic_constraints_unreadable"
            => "certificate path: the basicConstraints extension of the certificate {cert:?} cannot be read",
        /// A CA without keyCertSign.
        NoKeyCertSign { cert: String } = "signature.path.no_key_cert_sign"
            => "certificate path: the CA certificate {cert:?} may not sign certificates: its keyUsage lacks keyCertSign",
        /// An issuer's keyUsage does not decode.
        KeyUsageUnreadable { cert: String } = "signature.path.key_usage_unreadable"
            => "certificate path: the keyUsage extension of the certificate {cert:?} cannot be read",
        /// Nothing could be built (a safe answer; the search always finishes one path).
        NoPathBuilt {} = "signature.path.none" => "certificate path: no certificate path could be built",

        // Why the path does not lead to a trusted root (not a broken rule).
        /// Rules are broken (listed as problems).
        RulesBroken { count: usize } = "signature.trust.rules_broken" => "a certificate path rule is broken ({count})",
        /// A self-signed root not in the trust list.
        RootNotTrusted { root: String } = "signature.trust.root_not_trusted"
            => "no trusted anchor: the path ends at the self-signed root {root:?}, which is not in your trust list",
        /// The issuer is neither carried nor trusted.
        IssuerNotFound { cert: String, issuer: String } = "signature.trust.issuer_not_found"
            => "issuer not found: the path stops at {cert:?}, whose issuer ({issuer}) is neither in the signature nor in your trust list",
        /// A link whose signature algorithm is not checked.
        LinkUncheckable { cert: String, issuer: String, detail: String } = "signature.trust.link_uncheckable"
            => "the signature of the certificate {cert:?} by {issuer:?} cannot be checked: {detail}",
        /// A self-signed certificate whose signature algorithm is not checked.
        SelfSignedUncheckable { cert: String, detail: String } = "signature.trust.self_signed_uncheckable"
            => "the self-signed certificate {cert:?} cannot be checked: {detail}",
        /// No path at all.
        NoPath {} = "signature.trust.no_path" => "no certificate path could be built",

        // Notes: they do not affect validity.
        /// No signing time.
        NoSigningTime {} = "signature.note.no_signing_time" => "the signature carries no signing time",
        /// The time is the signer's claim.
        TimeIsClaim {} = "signature.note.time_is_claim"
            => "signing time is the signer's claim; no timestamp (certificates were checked as of that time)",
        /// A timestamp token Tenken does not check.
        TimestampUnchecked {} = "signature.note.timestamp_unchecked"
            => "the signature carries a timestamp token, which Tenken does not check",
        /// Unsigned attributes present.
        UnsignedAttrs {} = "signature.note.unsigned_attrs"
            => "the signature carries unsigned attributes (not covered by the signature)",
        /// No signingCertificateV2.
        NoSigningCertV2 {} = "signature.note.no_signing_cert_v2" => "no signingCertificateV2 attribute (not PAdES/CAdES baseline)",
        /// The signer's certificate has expired since signing.
        SignerExpiredSince { cert: String, date: String } = "signature.note.signer_expired_since"
            => "the signing certificate {cert:?} has expired since ({date}); it was valid when signed",
        /// A CA certificate of the path has expired since signing.
        CaExpiredSince { cert: String, date: String } = "signature.note.ca_expired_since"
            => "the CA certificate {cert:?} of the path has expired since ({date}); it was valid when signed",
        /// Carried certificates not on the path.
        UnusedCertificates { count: usize, names: String } = "signature.note.unused_certificates"
            => "the signature also carries {count} certificate(s) not on the path, not used: {names}",
    }
}
