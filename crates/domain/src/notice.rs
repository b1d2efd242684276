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
