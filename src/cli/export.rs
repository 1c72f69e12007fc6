//! `accord export IN.jsonl (--sqlite DB | --postgres URL | --csv DIR | --tsv DIR)`:
//! loads RECORD_FORMAT records (the output of `accord extract`, or gold) into a
//! database or a flat event file.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::Args;

use accord::record::Record;
use accord::sink::{open_sink, SinkError, SinkOptions, SinkTarget, DEFAULT_BATCH_SIZE};

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// RECORD_FORMAT JSONL file (output of `accord extract`, or gold); `-` reads stdin.
    input: PathBuf,
    #[command(flatten)]
    target: TargetArgs,
    /// Documents per database transaction; a failed batch leaves nothing of itself.
    #[arg(long, default_value_t = DEFAULT_BATCH_SIZE as u64, value_parser = clap::value_parser!(u64).range(1..))]
    batch_size: u64,
}

/// Where records go: exactly one of these.
#[derive(Debug, Clone, Args)]
#[group(required = true, multiple = false)]
pub struct TargetArgs {
    /// SQLite database file (created when missing; documents already in it are replaced).
    #[arg(long, value_name = "DB")]
    pub sqlite: Option<PathBuf>,
    /// PostgreSQL URL, e.g. postgresql://user:password@127.0.0.1:5432/db.
    #[arg(long, value_name = "URL")]
    pub postgres: Option<String>,
    /// Directory for events.csv: one row per event.
    #[arg(long, value_name = "DIR")]
    pub csv: Option<PathBuf>,
    /// Directory for events.tsv: one row per event, tab-separated.
    #[arg(long, value_name = "DIR")]
    pub tsv: Option<PathBuf>,
}

impl TargetArgs {
    /// The one target given (clap enforces exactly one).
    pub fn target(&self) -> anyhow::Result<SinkTarget> {
        if let Some(path) = &self.sqlite {
            Ok(SinkTarget::Sqlite(path.clone()))
        } else if let Some(url) = &self.postgres {
            Ok(SinkTarget::Postgres(url.clone()))
        } else if let Some(dir) = &self.csv {
            Ok(SinkTarget::Csv(dir.clone()))
        } else if let Some(dir) = &self.tsv {
            Ok(SinkTarget::Tsv(dir.clone()))
        } else {
            anyhow::bail!("give one of --sqlite, --postgres, --csv, --tsv")
        }
    }
}

pub fn run(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let target = args.target.target()?;
    let (mut reader, name): (Box<dyn BufRead>, String) = if args.input.as_os_str() == "-" {
        (Box::new(BufReader::new(std::io::stdin().lock())), "stdin".into())
    } else {
        let file = File::open(&args.input).with_context(|| format!("cannot open {}", args.input.display()))?;
        (
            Box::new(BufReader::with_capacity(1 << 20, file)),
            args.input.display().to_string(),
        )
    };
    let options = SinkOptions {
        batch_size: usize::try_from(args.batch_size).unwrap_or(DEFAULT_BATCH_SIZE),
        command: Some(command_line()),
    };
    let mut sink = open_sink(&target, &options).with_context(|| format!("cannot open {}", target.describe()))?;
    let started = Instant::now();
    let mut line = String::new();
    let mut number = 0usize;
    loop {
        line.clear();
        let read = reader
            .read_line(&mut line)
            .with_context(|| format!("cannot read {name}"))?;
        if read == 0 {
            break;
        }
        number += 1;
        if line.trim().is_empty() {
            continue;
        }
        // Export is strict: a line that is not a record stops it, with the
        // batches before it committed, rather than storing a placeholder.
        let record: Record = serde_json::from_str(&line).with_context(|| {
            format!("{name} line {number}: not a RECORD_FORMAT record (earlier batches were written)")
        })?;
        sink.write(&record).map_err(sink_error)?;
    }
    sink.finish().map_err(sink_error)?;
    let elapsed = started.elapsed().as_secs_f64();
    let stats = sink.stats().unwrap_or_default();
    eprintln!(
        "accord: exported {stats} to {} in {elapsed:.1}s ({:.0} docs/s)",
        target.describe(),
        (stats.documents + stats.skipped) as f64 / elapsed.max(1e-9)
    );
    Ok(ExitCode::SUCCESS)
}

/// The typed sink error when there is one, so its own chain is printed.
fn sink_error(error: accord::Error) -> anyhow::Error {
    match SinkError::recover(error) {
        Ok(sink) => sink.into(),
        Err(other) => other.into(),
    }
}

fn command_line() -> String {
    let args: Vec<String> = std::env::args().collect();
    // Never store a password in the runs table.
    args.iter()
        .map(|a| {
            if a.contains("://") || a.contains("password=") {
                accord::sink::redact_url(a)
            } else {
                a.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
