//! The `accord` binary: parse the command line, run, pick the exit code.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    // oneDNN caches a compiled kernel (with its scratch memory) per matrix
    // shape; with sentence-length batches the shapes vary, and its default
    // cache of 1024 grew peak memory by ~350 MB per run in bf16. A handful of
    // entries keeps the speed. Set before libtorch first runs; a user's own
    // setting wins.
    if std::env::var_os("ONEDNN_PRIMITIVE_CACHE_CAPACITY").is_none() {
        std::env::set_var("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "8");
    }
    match cli::run() {
        Ok(code) => code,
        Err(error) => {
            // A closed stdout (`accord extract ... | head`) is not a failure.
            if is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            eprintln!("accord: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
