//! Runs every file of a committed seed corpus through a target function. Used by the crates'
//! `tests/fuzz_corpus.rs`, which include this file.

use std::path::Path;

/// Feeds each file of `fuzz/corpus/<target>/` to `run`, naming the file that fails.
/// An empty or missing corpus is a failure: the replay must never pass vacuously.
pub fn corpus(target: &str, run: impl Fn(&[u8]) + std::panic::RefUnwindSafe) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("corpus {}: {e}", dir.display()))
        .map(|entry| entry.expect("corpus entry").path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "corpus {} is empty", dir.display());
    let mut failed = Vec::new();
    for path in &files {
        let data = std::fs::read(path).expect("corpus file");
        if std::panic::catch_unwind(|| run(&data)).is_err() {
            failed.push(path.display().to_string());
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} inputs failed: {failed:?}",
        failed.len(),
        files.len()
    );
}
