//! Importing checksheets: the reading is `tenken-import`'s (re-exported here whole); committing a
//! reading to the store, previews the app holds between reading and committing, and importing a
//! folder of files live here, in the application layer, because they write.

pub use tenken_import::*;

pub mod batch;
pub mod commit;
pub mod preview;

pub use batch::{import_dir, BatchEntry};
pub use commit::{commit_reading, import_file, ImportOptions, ImportReport};
