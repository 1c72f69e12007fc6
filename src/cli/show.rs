//! `accord show`: a short human-readable view of a records file.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use accord::record::Record;

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// A RECORD_FORMAT JSONL file (output of `accord extract`).
    input: PathBuf,
    /// Show at most this many documents.
    #[arg(long, default_value_t = 20)]
    limit: usize,
}

pub fn run(args: ShowArgs) -> anyhow::Result<ExitCode> {
    let file = File::open(&args.input).with_context(|| format!("cannot open {}", args.input.display()))?;
    let mut out = std::io::stdout().lock();
    for (n, line) in BufReader::new(file).lines().enumerate().take(args.limit) {
        let line = line?;
        let record: Record = serde_json::from_str(&line)
            .with_context(|| format!("{} line {}: not a record", args.input.display(), n + 1))?;
        writeln!(out, "{}", describe(&record))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn describe(record: &Record) -> String {
    let title = record.title.as_deref().unwrap_or("");
    let mut out = format!("■ {}  {}", record.id, title);
    if let Some(error) = &record.error {
        out += &format!("\n    error {}: {}", error.kind.as_str(), error.message);
        return out;
    }
    let sentences = record.sentences.as_ref().map_or(0, Vec::len);
    let tokens = record.meta.as_ref().map_or(0, |m| m.tokens);
    out += &format!(
        "\n    {} chars, {sentences} sentences, {tokens} word pieces, {} entities, {} events",
        record.text.chars().count(),
        record.entities.len(),
        record.events.len()
    );
    let name = |id: &String| record.entity(id).map_or(id.clone(), |e| e.text.clone());
    for event in &record.events {
        let sources: Vec<String> = event.sources.iter().map(name).collect();
        let targets: Vec<String> = event.targets.iter().map(name).collect();
        out += &format!(
            "\n    {:<9} {} → {}  «{}»",
            event.kind.as_str(),
            sources.join(", "),
            targets.join(", "),
            event.trigger.text
        );
        if let Some(amount) = event.commitment.as_ref().and_then(|c| c.amount.as_ref()) {
            out += &format!("  [{} {}]", amount.currency, amount.value);
        }
    }
    out
}
