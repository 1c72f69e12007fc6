//! `accord merge`.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use accord::merge::Merge;
use accord::read::open_inputs;

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Record files written by the shard runs (any order), or Spark part files.
    #[arg(required = true)]
    outputs: Vec<PathBuf>,
    /// The input the shards were run on (repeat for several files or directories; `-` for stdin):
    /// it gives the order, and every id in it must have exactly one record.
    #[arg(long, required = true)]
    input: Vec<PathBuf>,
    /// Merged output file (default: stdout).
    #[arg(short, long)]
    output: Option<PathBuf>,
}

pub fn run(args: MergeArgs) -> anyhow::Result<ExitCode> {
    let mut ids = Vec::new();
    for doc in open_inputs(&args.input)? {
        ids.push(doc?.id);
    }
    // Checked before the output is created, so a failed merge leaves no partial file.
    let merge = Merge::plan(&ids, &args.outputs)?;
    let mut out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let summary = merge.write_to(&mut out)?;
    eprintln!(
        "accord: merged {} records from {} files; every input id exactly once",
        summary.records, summary.files
    );
    Ok(ExitCode::SUCCESS)
}
