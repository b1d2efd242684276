//! The exit codes of `tenken`, in one place: every command returns one of these, `--help` and
//! the man page list them from [`CODES`], and README's "Exit codes" table says the same.
//!
//! Invariant: 2 is clap's, for a command line it cannot parse; no command returns it.

/// The command did what it was asked; `verify`: the signature is VALID; `log --verify`: the
/// audit trail holds.
pub const SUCCESS: u8 = 0;

/// An error (the message is on stderr: a missing file, a wrong passphrase, a refused import, a
/// check that failed, …); `verify`: the signature or bundle is INVALID (altered, broken, or
/// unreadable); `import DIR`: at least one file of the folder failed.
pub const FAILURE: u8 = 1;

/// The command line could not be parsed: an unknown command or option, a missing or invalid
/// argument. Returned by clap before any command runs, and by nothing else.
pub const USAGE: u8 = 2;

/// `verify`: the signature or bundle is intact, but its signer does not lead to a trusted root.
pub const UNTRUSTED: u8 = 3;

/// `log --verify`: the audit trail failed a check (hash chain, anchor signature, replay against
/// the tables, or `--against` a signed file); every failure is named on stderr.
pub const TRAIL_FAILED: u8 = 4;

/// Every exit code with what it means, for `--help`, the man page and the tests.
pub const CODES: &[(u8, &str)] = &[
    (SUCCESS, "success; verify: VALID; log --verify: the audit trail holds"),
    (FAILURE, "error, named on stderr; verify: INVALID; import DIR: a file failed"),
    (USAGE, "the command line could not be parsed (clap; nothing else exits 2)"),
    (UNTRUSTED, "verify: intact, but the signer leads to no trusted root (UNTRUSTED)"),
    (TRAIL_FAILED, "log --verify: the audit trail failed a check, each named on stderr"),
];

/// The exit-code table as the root command's `--help` ends with it.
pub fn help() -> String {
    let mut text = String::from("Exit codes:\n");
    for (code, meaning) in CODES {
        text.push_str(&format!("  {code}  {meaning}\n"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_codes_are_distinct_and_only_usage_is_two() {
        let mut seen: Vec<u8> = CODES.iter().map(|(c, _)| *c).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), CODES.len(), "two meanings share a code: {CODES:?}");
        assert_eq!(USAGE, 2, "clap exits 2 on a usage error");
        assert!([SUCCESS, FAILURE, UNTRUSTED, TRAIL_FAILED].iter().all(|&c| c != USAGE));
        assert!(help().lines().count() == CODES.len() + 1);
        assert!(help().lines().all(|l| l.chars().count() <= 80), "the table fits a terminal:\n{}", help());
    }

    #[test]
    fn clap_uses_the_usage_code() {
        use clap::CommandFactory;
        let err = super::super::Cli::command().try_get_matches_from(["tenken", "--no-such-option"]).expect_err("refused");
        assert_eq!(err.exit_code(), i32::from(USAGE));
    }
}
