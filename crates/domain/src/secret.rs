//! Passphrases: kept out of `Debug` output and wiped from memory when dropped.
//!
//! A [`Passphrase`] holds the text in a [`Zeroizing`] buffer, so the bytes are overwritten when
//! it goes out of scope, and its `Debug` prints `Passphrase(<redacted>)`, so no log line,
//! panic message or `{:?}` of a struct holding one can show it. New keys and new encrypted
//! databases need at least [`MIN_NEW_PASSPHRASE_CHARS`] characters ([`check_new`]); opening an
//! existing one takes whatever passphrase it was made with.

use std::fmt;

use serde::{Deserialize, Deserializer};
use zeroize::Zeroizing;

/// The fewest characters (not bytes: 「監査用の合言葉」 counts 7) a passphrase protecting a new
/// signing key or a new encrypted database may have.
pub const MIN_NEW_PASSPHRASE_CHARS: usize = 12;

/// A passphrase, wiped on drop and never printed.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    /// Take ownership of the text.
    pub fn new(text: String) -> Self {
        Passphrase(Zeroizing::new(text))
    }

    /// The text, for handing to the key derivation; do not copy it into a plain `String`.
    pub fn expose(&self) -> &str {
        self.0.as_str()
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Lets a `&Passphrase` be passed where a `&str` is taken, without copying the text out.
impl std::ops::Deref for Passphrase {
    type Target = str;
    fn deref(&self) -> &str {
        self.expose()
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(<redacted>)")
    }
}

impl From<String> for Passphrase {
    fn from(text: String) -> Self {
        Passphrase::new(text)
    }
}

impl From<&str> for Passphrase {
    fn from(text: &str) -> Self {
        Passphrase::new(text.to_string())
    }
}

impl<'de> Deserialize<'de> for Passphrase {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Passphrase::new)
    }
}

/// Why a passphrase may not protect something new.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WeakPassphrase {
    /// Fewer characters than [`MIN_NEW_PASSPHRASE_CHARS`].
    #[error("the passphrase has {found} characters; a new one needs at least {min}")]
    TooShort {
        /// Characters given.
        found: usize,
        /// Characters needed.
        min: usize,
    },
}

impl WeakPassphrase {
    /// The values the message is made of: `found` and `min` characters.
    pub fn params(&self) -> crate::notice::Params {
        match self {
            WeakPassphrase::TooShort { found, min } => {
                crate::notice::Params::from([("found".to_string(), found.to_string()), ("min".to_string(), min.to_string())])
            }
        }
    }
}

/// Check a passphrase chosen for a new signing key or a new encrypted database.
pub fn check_new(passphrase: &str) -> Result<(), WeakPassphrase> {
    let found = passphrase.chars().count();
    if found < MIN_NEW_PASSPHRASE_CHARS {
        return Err(WeakPassphrase::TooShort { found, min: MIN_NEW_PASSPHRASE_CHARS });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_text() {
        let p = Passphrase::from("correct horse battery");
        let shown = format!("{p:?} {:?}", Some(p.clone()));
        assert!(!shown.contains("horse"), "{shown}");
        assert!(shown.contains("redacted"));
    }

    #[test]
    fn new_passphrases_are_counted_in_characters() {
        assert!(check_new("監査用の合言葉です監査用の").is_ok(), "12 kanji/kana characters");
        assert_eq!(check_new("short-one"), Err(WeakPassphrase::TooShort { found: 9, min: MIN_NEW_PASSPHRASE_CHARS }));
        assert!(check_new("correct horse").is_ok());
    }
}
