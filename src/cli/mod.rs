//! Command-line definitions (the contract of `../shared/spec/CLI.md`) and dispatch.

mod eval;
mod export;
mod extract;
mod merge;
mod models;
mod show;
mod train;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// accord: diplomatic events, actors and commitments from news text.
#[derive(Debug, Parser)]
#[command(name = "accord", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Extract entities, events and commitments from documents.
    Extract(extract::ExtractArgs),
    /// Score predictions against gold annotations, or validate gold.
    Eval(eval::EvalArgs),
    /// List the model files in use, their sources, versions and checksums.
    Models(models::ModelsArgs),
    /// Load records (JSONL) into SQLite, PostgreSQL, or a CSV/TSV events file.
    Export(export::ExportArgs),
    /// Put the outputs of `extract --shard` runs back in input order, checking every id is there once.
    Merge(merge::MergeArgs),
    /// Train accord's model heads.
    Train(train::TrainArgs),
    /// Print a short human-readable view of a records file.
    Show(show::ShowArgs),
}

/// Parses the command line and runs the command.
pub fn run() -> anyhow::Result<ExitCode> {
    let command = Cli::parse().command;
    // oneDNN caches a compiled kernel (with its scratch memory) per matrix
    // shape. In extraction the shapes follow sentence lengths and its default
    // cache of 1024 grew peak memory by ~350 MB per run in bf16, while a
    // handful of entries keeps the speed. Training revisits the same batch
    // shapes every epoch and runs 2.5× slower with the small cache, so it keeps
    // the default. Set before libtorch first runs; a user's own setting wins.
    if std::env::var_os("ONEDNN_PRIMITIVE_CACHE_CAPACITY").is_none() && !matches!(command, Command::Train(_)) {
        std::env::set_var("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "8");
    }
    accord::memory::keep_large_buffers_in_heap();
    match command {
        Command::Extract(args) => extract::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Export(args) => export::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Models(args) => models::run(args),
        Command::Show(args) => show::run(args),
        Command::Train(args) => train::run(args),
    }
}
