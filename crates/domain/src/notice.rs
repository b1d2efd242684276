//! Messages for a person that are not errors: import warnings, the findings of a signature
//! check. Each has a stable code and the values it is made of, so the app shows it in Japanese
//! or English and a script matches on the code; the CLI prints its English message.
//!
//! A crate lists its messages with [`notices!`](crate::notices), which writes the enum, its
//! `CODES`, `code()`, `params()`, `Display` (the English text) and the conversion to [`Notice`],
//! the one serialised shape. A message cannot exist without its code, and every code is in
//! `CODES` — the list the UI's texts are checked against.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// A message as it leaves the core: code, parameters, English text.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// Stable code (`import.row_repeated`); the UI's text for it is `notice.<code>`.
    pub code: String,
    /// The values the message is made of, by name.
    pub params: BTreeMap<String, String>,
    /// The English message, as the CLI prints it.
    pub message: String,
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Declare a crate's messages: each variant with its named fields, its code and its English
/// text, whose `{field}` placeholders name the fields.
///
/// ```
/// tenken_domain::notices! {
///     /// What reading a sheet found.
///     pub enum Found {
///         /// A row repeats one above.
///         Repeated { id: String, first: u32 } = "demo.repeated" => "No. {id} appears again (first at row {first})",
///     }
/// }
/// let f = Found::Repeated { id: "3".into(), first: 7 };
/// assert_eq!(f.code(), "demo.repeated");
/// assert_eq!(f.to_string(), "No. 3 appears again (first at row 7)");
/// assert_eq!(f.notice().params["first"], "7");
/// assert_eq!(Found::CODES, ["demo.repeated"]);
/// ```
#[macro_export]
macro_rules! notices {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident { $($field:ident : $ty:ty),* $(,)? } = $code:literal => $text:literal
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant { $($field: $ty),* } ),*
        }

        impl $name {
            /// Every code this enum can carry.
            pub const CODES: &'static [&'static str] = &[$($code),*];

            /// The stable code.
            pub fn code(&self) -> &'static str {
                match self {
                    $( Self::$variant { .. } => $code ),*
                }
            }

            /// The values the message is made of, by field name.
            pub fn params(&self) -> ::std::collections::BTreeMap<String, String> {
                match self {
                    $(
                        #[allow(unused_variables)]
                        Self::$variant { $($field),* } => {
                            #[allow(unused_mut)]
                            let mut p = ::std::collections::BTreeMap::new();
                            $( p.insert(stringify!($field).to_string(), $field.to_string()); )*
                            p
                        }
                    ),*
                }
            }

            /// Code, parameters and English text, as serialised.
            pub fn notice(&self) -> $crate::notice::Notice {
                $crate::notice::Notice { code: self.code().to_string(), params: self.params(), message: self.to_string() }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    $(
                        #[allow(unused_variables)]
                        Self::$variant { $($field),* } => write!(f, $text)
                    ),*
                }
            }
        }

        impl From<$name> for $crate::notice::Notice {
            fn from(n: $name) -> Self {
                n.notice()
            }
        }
    };
}

/// The values a message is made of, by name (an error's `params()`, a notice's `params`).
pub type Params = BTreeMap<String, String>;

/// The parameters of an error whose one code covers several situations, each a variant of a
/// [`notices!`](crate::notices) enum whose code is the situation's short stable key: that key as
/// `reason` (the UI's text is `error.<code>.<reason>`, falling back to `error.<code>`), beside
/// the situation's own values. Splitting the codes instead would break the scripts that match
/// on them; a reason is added freely.
pub fn with_reason(reason: &str, mut params: Params) -> Params {
    params.insert("reason".into(), reason.into());
    params
}

/// Add to `params` an error this one wraps and shows inside its own text: the inner error's
/// code as `inner.code` and each of its values as `inner.<name>` (its `detail` left out, the
/// outer one holds the whole English message). The UI fills `{inner}` with the inner error's
/// text in the same language, so a wrapped error needs no English either.
pub fn nest(params: &mut Params, code: &str, inner: Params) {
    params.insert("inner.code".into(), code.into());
    for (k, v) in inner.into_iter().filter(|(k, _)| k != "detail") {
        params.insert(format!("inner.{k}"), v);
    }
}

/// As [`nest`], for a [`Notice`] this error shows inside its own text (a signature check's
/// first problem): its code as `inner.notice` (the UI's text is `notice.<code>`) and its values.
pub fn nest_notice(params: &mut Params, notice: &Notice) {
    params.insert("inner.notice".into(), notice.code.clone());
    for (k, v) in &notice.params {
        params.insert(format!("inner.{k}"), v.clone());
    }
}

/// The `reason` keys [`io_params`] gives, for the check that each has its texts.
pub const IO_REASONS: &[&str] =
    &["not_found", "permission_denied", "already_exists", "is_a_directory", "storage_full", "read_only", "other"];

/// The parameters of a failed file operation: the `path`, a `reason` named after the OS error's
/// kind (one of [`IO_REASONS`]; the common ones read as a plain sentence in either language),
/// and `cause`, the OS's own text, which Tenken cannot know in advance (the UI shows it only as
/// a trailing detail).
pub fn io_params(path: &std::path::Path, e: &std::io::Error) -> Params {
    use std::io::ErrorKind as K;
    let reason = match e.kind() {
        K::NotFound => "not_found",
        K::PermissionDenied => "permission_denied",
        K::AlreadyExists => "already_exists",
        K::IsADirectory => "is_a_directory",
        K::StorageFull => "storage_full",
        K::ReadOnlyFilesystem => "read_only",
        _ => "other",
    };
    let p = Params::from([("path".to_string(), path.display().to_string()), ("cause".to_string(), e.to_string())]);
    with_reason(reason, p)
}
