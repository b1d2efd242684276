//! The store's types an edge hands to the session or shows: how to open the database, what to
//! create or change, what a check of the trail found, the store's own error. The store itself
//! (`tenken_store::Store`) is reached only through [`crate::Session`].

pub use tenken_store::{
    default_actor, BrokenRow, ChainCheck, ChainHead, Error as StoreError, FindingPatch, NewFinding, NewOrganisation, OpenOptions,
};
