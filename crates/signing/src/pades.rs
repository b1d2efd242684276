//! PAdES signing of a PDF (ETSI EN 319 142, `ETSI.CAdES.detached`) as an incremental update.
//!
//! The original bytes are kept unchanged; `lopdf`'s `IncrementalDocument` appends a signature
//! dictionary (/Filter /Adobe.PPKLite, /SubFilter /ETSI.CAdES.detached, /M, /Name, /Reason,
//! /Location), a signature field whose widget shows a visible appearance on the chosen page, and
//! the catalog's /AcroForm with /SigFlags 3. The appended section is written with a /ByteRange
//! placeholder and a zero-filled /Contents hex reservation; afterwards the real /ByteRange is
//! written over the placeholder in place (same length, padded with spaces), the SHA-256 of the
//! two byte ranges is signed as a detached CMS, and its DER is hex-written into the reservation.
//!
//! Invariants: the /ByteRange covers the whole output except exactly the /Contents hex string
//! (`<` and `>` included in the gap, as readers expect); the unused part of the reservation
//! stays zero; text strings that may hold Japanese are UTF-16BE with a BOM; the signing time
//! is the dictionary's /M (PAdES forbids the CMS signingTime attribute).

use chrono::{DateTime, Utc};
use lopdf::{dictionary, Dictionary, Document, IncrementalDocument, Object, ObjectId, StringFormat};
use sha2::{Digest, Sha256};

use super::appearance::{appearance_stream, Appearance};
use super::cms_detached::{signed_data_over_digest, TimeAttribute};
use super::error::{Invalid, PdfProblem, SigningError, SigningResult};
use super::identity::UnlockedIdentity;

/// Bytes reserved for the CMS signature in /Contents (written as twice as many hex digits).
pub const CONTENTS_RESERVED: usize = 16 * 1024;

/// The /ByteRange written first and replaced in place: four numbers of ten digits each, so the
/// real values (padded with spaces) always fit.
const BYTE_RANGE_PLACEHOLDER: [i64; 4] = [0, 9_999_999_999, 9_999_999_999, 9_999_999_999];

/// Sign a PDF: return the original bytes plus an incremental update carrying a PAdES signature
/// by `signer` made at `time`, with a visible box as described by `appearance`.
pub fn sign_pdf(pdf: &[u8], signer: &UnlockedIdentity, appearance: &Appearance, time: DateTime<Utc>) -> SigningResult<Vec<u8>> {
    // Checked before the file is touched, so a bad time costs nothing.
    super::cms_detached::check_signing_time(signer, time)?;
    let prev = Document::load_mem(pdf).map_err(|e| SigningError::Pdf(PdfProblem::Unreadable { cause: e.to_string() }))?;
    if prev.is_encrypted() {
        return Err(SigningError::Pdf(PdfProblem::Encrypted {}));
    }
    let mut doc = IncrementalDocument::create_from(pdf.to_vec(), prev);
    add_signature_objects(&mut doc, signer, appearance, time)?;
    let mut out = Vec::with_capacity(pdf.len() + 2 * CONTENTS_RESERVED + 8192);
    doc.save_to(&mut out).map_err(|e| SigningError::Pdf(PdfProblem::Write { cause: e.to_string() }))?;
    let gap = find_contents_gap(&out, pdf.len())?;
    write_byte_range(&mut out, pdf.len(), gap)?;
    let digest = byte_range_digest(&out, gap);
    let cms = signed_data_over_digest(&digest, signer, time, TimeAttribute::Omit)?;
    write_contents(&mut out, gap, &cms)?;
    Ok(out)
}

/// Add the signature dictionary, the widget with its appearance, and the /AcroForm entries.
fn add_signature_objects(
    doc: &mut IncrementalDocument,
    signer: &UnlockedIdentity,
    appearance: &Appearance,
    time: DateTime<Utc>,
) -> SigningResult<()> {
    let page_id = page_id(doc.get_prev_documents(), appearance.page_index)?;
    let field_name = format!("Signature{}", count_signature_fields(doc.get_prev_documents()) + 1);

    let sig_id = doc.new_document.add_object(signature_dictionary(signer, appearance, time));
    let ap = appearance_stream(&mut doc.new_document, appearance, time)?;
    let ap_id = doc.new_document.add_object(ap);
    let [x1, y1, x2, y2] = appearance.rect;
    let widget = dictionary! {
        "Type" => "Annot",
        "Subtype" => "Widget",
        "FT" => "Sig",
        "T" => Object::string_literal(field_name),
        "V" => sig_id,
        "P" => page_id,
        "Rect" => vec![x1.into(), y1.into(), x2.into(), y2.into()],
        // Print (4) + Locked (128): printed with the page, not movable in a viewer.
        "F" => 132,
        "AP" => dictionary! { "N" => ap_id },
    };
    let widget_id = doc.new_document.add_object(widget);
    add_to_page_annots(doc, page_id, widget_id)?;
    add_to_acroform(doc, widget_id)?;
    Ok(())
}

/// The /Sig dictionary with the placeholders for /ByteRange and /Contents.
fn signature_dictionary(signer: &UnlockedIdentity, appearance: &Appearance, time: DateTime<Utc>) -> Dictionary {
    let identity = signer.identity();
    let mut sig = dictionary! {
        "Type" => "Sig",
        "Filter" => "Adobe.PPKLite",
        "SubFilter" => "ETSI.CAdES.detached",
        "ByteRange" => BYTE_RANGE_PLACEHOLDER.iter().map(|&n| Object::Integer(n)).collect::<Vec<_>>(),
        "Contents" => Object::String(vec![0u8; CONTENTS_RESERVED], StringFormat::Hexadecimal),
        "M" => Object::string_literal(pdf_date(time)),
        "Name" => text_string(&identity.name),
    };
    if let Some(reason) = &appearance.reason {
        sig.set("Reason", text_string(reason));
    }
    if let Some(location) = &appearance.location {
        sig.set("Location", text_string(location));
    }
    if let Some(email) = &identity.email {
        sig.set("ContactInfo", text_string(email));
    }
    sig
}

/// A PDF text string: UTF-16BE with a byte-order mark, hex-written (safe for any text).
pub fn text_string(text: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// A PDF date string in UTC, e.g. `D:20261121221300Z`.
pub fn pdf_date(time: DateTime<Utc>) -> String {
    format!("D:{}Z", time.format("%Y%m%d%H%M%S"))
}

/// The error for an object of the PDF (`part`) that cannot be copied or read.
fn structure(part: &str, e: impl std::fmt::Display) -> SigningError {
    SigningError::Pdf(PdfProblem::Structure { part: part.to_string(), cause: e.to_string() })
}

/// The object id of the page with zero-based `index`.
fn page_id(doc: &Document, index: usize) -> SigningResult<ObjectId> {
    let pages = doc.get_pages();
    pages.values().nth(index).copied().ok_or_else(|| Invalid::PageRange { index: index as u64, pages: pages.len() as u64 }.into())
}

/// How many signature fields the document already has (to name the new one uniquely).
fn count_signature_fields(doc: &Document) -> usize {
    doc.objects.values().filter_map(|o| o.as_dict().ok()).filter(|d| matches!(d.get(b"FT").and_then(Object::as_name), Ok(b"Sig"))).count()
}

/// Append `widget_id` to the page's /Annots, whether that array is inline or an object.
fn add_to_page_annots(doc: &mut IncrementalDocument, page_id: ObjectId, widget_id: ObjectId) -> SigningResult<()> {
    doc.opt_clone_object_to_new_document(page_id).map_err(|e| structure("page", e))?;
    let annots_ref = {
        let page = doc.new_document.get_dictionary(page_id).map_err(|e| structure("page", e))?;
        match page.get(b"Annots") {
            Ok(Object::Reference(id)) => Some(*id),
            _ => None,
        }
    };
    match annots_ref {
        Some(array_id) => {
            doc.opt_clone_object_to_new_document(array_id).map_err(|e| structure("/Annots", e))?;
            let array = doc.new_document.get_object_mut(array_id).and_then(Object::as_array_mut).map_err(|e| structure("/Annots", e))?;
            array.push(Object::Reference(widget_id));
        }
        None => {
            let page = doc.new_document.get_dictionary_mut(page_id).map_err(|e| structure("page", e))?;
            match page.get_mut(b"Annots").and_then(Object::as_array_mut) {
                Ok(array) => array.push(Object::Reference(widget_id)),
                Err(_) => page.set("Annots", vec![Object::Reference(widget_id)]),
            }
        }
    }
    Ok(())
}

/// Add the field to the catalog's /AcroForm (creating it if needed) and set /SigFlags 3
/// (signatures exist; the file must only be changed by appending).
fn add_to_acroform(doc: &mut IncrementalDocument, widget_id: ObjectId) -> SigningResult<()> {
    let catalog_id = doc
        .get_prev_documents()
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| SigningError::Pdf(PdfProblem::NoRoot { cause: e.to_string() }))?;
    doc.opt_clone_object_to_new_document(catalog_id).map_err(|e| structure("catalog", e))?;
    let acroform_ref = {
        let catalog = doc.new_document.get_dictionary(catalog_id).map_err(|e| structure("catalog", e))?;
        match catalog.get(b"AcroForm") {
            Ok(Object::Reference(id)) => Some(*id),
            _ => None,
        }
    };
    if let Some(form_id) = acroform_ref {
        doc.opt_clone_object_to_new_document(form_id).map_err(|e| structure("/AcroForm", e))?;
        let fields_ref = match doc.new_document.get_dictionary(form_id).map(|f| f.get(b"Fields")) {
            Ok(Ok(Object::Reference(id))) => Some(*id),
            _ => None,
        };
        if let Some(fields_id) = fields_ref {
            doc.opt_clone_object_to_new_document(fields_id).map_err(|e| structure("/Fields", e))?;
            doc.new_document
                .get_object_mut(fields_id)
                .and_then(Object::as_array_mut)
                .map_err(|e| structure("/Fields", e))?
                .push(Object::Reference(widget_id));
        }
        let form = doc.new_document.get_dictionary_mut(form_id).map_err(|e| structure("/AcroForm", e))?;
        update_form(form, widget_id, fields_ref.is_some());
    } else {
        let catalog = doc.new_document.get_dictionary_mut(catalog_id).map_err(|e| structure("catalog", e))?;
        match catalog.get_mut(b"AcroForm").and_then(Object::as_dict_mut) {
            Ok(form) => update_form(form, widget_id, false),
            Err(_) => catalog.set("AcroForm", dictionary! { "Fields" => vec![Object::Reference(widget_id)], "SigFlags" => 3 }),
        }
    }
    Ok(())
}

/// Put the field in an existing form dictionary's inline /Fields and set /SigFlags 3.
fn update_form(form: &mut Dictionary, widget_id: ObjectId, fields_done: bool) {
    if !fields_done {
        match form.get_mut(b"Fields").and_then(Object::as_array_mut) {
            Ok(fields) => fields.push(Object::Reference(widget_id)),
            Err(_) => form.set("Fields", vec![Object::Reference(widget_id)]),
        }
    }
    form.set("SigFlags", 3);
}

/// Where the /Contents hex string lies in the output: `(start of '<', end after '>')`.
/// It must be found exactly once in the appended section.
fn find_contents_gap(out: &[u8], appended_from: usize) -> SigningResult<(usize, usize)> {
    let mut needle = Vec::with_capacity(2 * CONTENTS_RESERVED + 2);
    needle.push(b'<');
    needle.resize(2 * CONTENTS_RESERVED + 1, b'0');
    needle.push(b'>');
    let found = find_unique(&out[appended_from..], &needle).ok_or(SigningError::Pdf(PdfProblem::Reservation {}))?;
    let start = appended_from + found;
    Ok((start, start + needle.len()))
}

/// The /ByteRange values for a gap in a file of `len` bytes.
fn byte_range_values(len: usize, (gap_start, gap_end): (usize, usize)) -> [usize; 4] {
    [0, gap_start, gap_end, len - gap_end]
}

/// Overwrite the /ByteRange placeholder with the real values, padded to the same length.
fn write_byte_range(out: &mut [u8], appended_from: usize, gap: (usize, usize)) -> SigningResult<()> {
    let placeholder = format!(
        "[{} {} {} {}]",
        BYTE_RANGE_PLACEHOLDER[0], BYTE_RANGE_PLACEHOLDER[1], BYTE_RANGE_PLACEHOLDER[2], BYTE_RANGE_PLACEHOLDER[3]
    );
    let at = find_unique(&out[appended_from..], placeholder.as_bytes()).ok_or(SigningError::Pdf(PdfProblem::ByteRange {}))? + appended_from;
    let [a, b, c, d] = byte_range_values(out.len(), gap);
    let mut real = format!("[{a} {b} {c} {d}");
    if real.len() + 1 > placeholder.len() {
        return Err(SigningError::Pdf(PdfProblem::ByteRangeTooLarge {}));
    }
    while real.len() + 1 < placeholder.len() {
        real.push(' ');
    }
    real.push(']');
    out[at..at + placeholder.len()].copy_from_slice(real.as_bytes());
    Ok(())
}

/// SHA-256 over the two signed byte ranges (everything but the /Contents hex string).
fn byte_range_digest(out: &[u8], (gap_start, gap_end): (usize, usize)) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(&out[..gap_start]);
    hasher.update(&out[gap_end..]);
    hasher.finalize().into()
}

/// Write the CMS DER as uppercase hex at the start of the reservation; the rest stays zero.
fn write_contents(out: &mut [u8], (gap_start, _): (usize, usize), cms: &[u8]) -> SigningResult<()> {
    if cms.len() > CONTENTS_RESERVED {
        return Err(SigningError::Pdf(PdfProblem::SignatureTooLarge { size: cms.len() as u64, reserved: CONTENTS_RESERVED as u64 }));
    }
    let hex = hex::encode_upper(cms);
    out[gap_start + 1..gap_start + 1 + hex.len()].copy_from_slice(hex.as_bytes());
    Ok(())
}

/// The offset of the only occurrence of `needle` in `haystack`, or `None` if absent or repeated.
fn find_unique(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let mut found = haystack.windows(needle.len()).enumerate().filter(|(_, w)| *w == needle).map(|(i, _)| i);
    let first = found.next()?;
    match found.next() {
        Some(_) => None,
        None => Some(first),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_are_utf16be_with_bom() {
        let Object::String(bytes, StringFormat::Hexadecimal) = text_string("監査") else {
            panic!("expected a hex string");
        };
        assert_eq!(bytes, vec![0xFE, 0xFF, 0x76, 0xE3, 0x67, 0xFB]);
    }

    #[test]
    fn find_unique_rejects_repeats() {
        assert_eq!(find_unique(b"abcab", b"ca"), Some(2));
        assert_eq!(find_unique(b"abcab", b"ab"), None);
        assert_eq!(find_unique(b"abc", b"x"), None);
    }
}
