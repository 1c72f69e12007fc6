//! Shared helpers: the built binary, temporary inputs, model paths.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `accord` binary built for these tests.
pub fn accord() -> Command {
    Command::new(env!("CARGO_BIN_EXE_accord"))
}

/// Runs `accord` with `args` and returns its output, asserting it exited 0.
pub fn accord_ok(args: &[&str]) -> Output {
    let output = accord().args(args).output().expect("accord runs");
    assert!(
        output.status.success(),
        "accord {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// A file in `tests/data`.
pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
}

/// Parses JSON Lines output.
pub fn records(stdout: &[u8]) -> Vec<accord::Record> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("each output line is a record"))
        .collect()
}
