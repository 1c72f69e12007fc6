//! Command-line definitions (the contract of `../shared/spec/CLI.md`) and dispatch.

mod eval;
mod extract;
mod models;
mod show;

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
    /// Print a short human-readable view of a records file.
    Show(show::ShowArgs),
}

/// Parses the command line and runs the command.
pub fn run() -> anyhow::Result<ExitCode> {
    match Cli::parse().command {
        Command::Extract(args) => extract::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Models(args) => models::run(args),
        Command::Show(args) => show::run(args),
    }
}
