//! `accord eval`: score predictions against gold, validate gold, or score
//! CoNLL tag columns.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::Args;

use accord::eval::check::{check_jsonl, has_errors, read_records};
use accord::eval::report::{render, ReportFormat};
use accord::eval::{conll, evaluate, EvalOptions};
use accord::ner::model::{tag_conll, Decoding};
use accord::pipeline::{self, RunConfig};
use accord::record::Record;
use accord::sink::VecSink;

use super::extract::{Extractor, ModelArgs};

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Gold records (RECORD_FORMAT JSONL).
    #[arg(long, required_unless_present_any = ["check", "conlleval", "conll"])]
    gold: Option<PathBuf>,
    /// Predicted records; without it, accord extracts from the gold texts first.
    #[arg(long)]
    pred: Option<PathBuf>,
    /// Report format: text, json, md or html.
    #[arg(long, default_value = "text")]
    report: ReportFormat,
    /// Write the report here instead of stdout.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Validate gold files and exit (non-zero when any has errors).
    #[arg(long, num_args = 1.., value_name = "GOLD")]
    check: Vec<PathBuf>,
    /// Tag a CoNLL-2003 file (gold tokens) with the NER model and score it, conlleval style.
    #[arg(long, value_name = "FILE")]
    conll: Option<PathBuf>,
    /// With --conll: decode with per-word argmax (and stray-tag repair) instead of constrained Viterbi.
    #[arg(long)]
    greedy: bool,
    /// Score a CoNLL file whose last two columns are the gold and predicted BIO tags (conlleval).
    #[arg(long, value_name = "FILE")]
    conlleval: Option<PathBuf>,
    /// Bootstrap resamples for confidence intervals (0: none).
    #[arg(long, default_value_t = 1000)]
    resamples: usize,
    /// Worker threads when extracting.
    #[arg(long, default_value_t = 2)]
    threads: usize,
    #[command(flatten)]
    model: ModelArgs,
}

pub fn run(args: EvalArgs) -> anyhow::Result<ExitCode> {
    if !args.check.is_empty() {
        return check(&args.check);
    }
    if let Some(path) = &args.conll {
        let scores = score_conll_file(path, &args.model, args.greedy)?;
        let rendered = match args.report {
            ReportFormat::Json => serde_json::to_string_pretty(&scores)? + "\n",
            _ => scores.to_conlleval(),
        };
        write_output(&args.output, &rendered)?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(path) = &args.conlleval {
        let (gold, pred) = read_conll_columns(path)?;
        print!("{}", conll::score_bio(&gold, &pred).to_conlleval());
        return Ok(ExitCode::SUCCESS);
    }
    let Some(gold_path) = &args.gold else {
        bail!("--gold is required")
    };
    let gold = read_records(gold_path)?;
    let pred = match &args.pred {
        Some(path) => read_records(path)?,
        None => extract_from(&gold, args.threads, &args.model)?,
    };
    let options = EvalOptions {
        resamples: args.resamples,
        ..EvalOptions::default()
    };
    let report = evaluate(&gold, &pred, &options);
    write_output(&args.output, &render(&report, args.report))?;
    Ok(ExitCode::SUCCESS)
}

fn write_output(output: &Option<PathBuf>, rendered: &str) -> anyhow::Result<()> {
    match output {
        Some(path) => std::fs::write(path, rendered).with_context(|| format!("cannot write {}", path.display()))?,
        None => std::io::stdout().write_all(rendered.as_bytes())?,
    }
    Ok(())
}

/// Runs the NER model over a CoNLL file's gold tokens and scores its tags.
fn score_conll_file(path: &Path, model: &ModelArgs, greedy: bool) -> anyhow::Result<conll::ConllScores> {
    let extractor = Extractor::load(model, false)?;
    let (mut encoder, head) = extractor.ner_model()?;
    tch::set_num_threads(std::thread::available_parallelism().map_or(1, |n| n.get()) as i32);
    let sentences = accord::ner::conll::read_conll(path)?;
    let decoding = if greedy { Decoding::Greedy } else { Decoding::Viterbi };
    let predicted = tag_conll(&mut encoder, &head, extractor.tokenizer(), &sentences, decoding)?;
    let gold: Vec<Vec<String>> = sentences.into_iter().map(|s| s.tags).collect();
    Ok(conll::score_bio(&gold, &predicted))
}

fn check(paths: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let mut failed = false;
    for path in paths {
        let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        let problems = check_jsonl(BufReader::new(file), &path.display().to_string());
        for problem in &problems {
            eprintln!("{problem}");
        }
        let errors = has_errors(&problems);
        failed |= errors;
        eprintln!("{}: {}", path.display(), if errors { "INVALID" } else { "ok" });
    }
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// Runs the extraction pipeline over the gold documents' texts.
fn extract_from(gold: &[Record], threads: usize, model: &ModelArgs) -> anyhow::Result<Vec<Record>> {
    let inputs: Vec<accord::Result<Record>> = gold
        .iter()
        .map(|g| {
            Ok(Record {
                id: g.id.clone(),
                text: g.text.clone(),
                date: g.date.clone(),
                title: g.title.clone(),
                ..Record::default()
            })
        })
        .collect();
    let extractor = Extractor::load(model, true)?;
    let mut sink = VecSink::default();
    let config = RunConfig {
        threads: threads.max(1),
        ..RunConfig::default()
    };
    let summary = pipeline::run(Box::new(inputs.into_iter()), || extractor.worker(), &mut sink, &config)?;
    eprintln!("accord: extracted {summary}");
    Ok(sink.0)
}

/// Tag sequences, one per sentence.
type TagColumns = Vec<Vec<String>>;

/// Reads `token ... gold pred` lines; blank lines and `-DOCSTART-` separate sentences.
fn read_conll_columns(path: &Path) -> anyhow::Result<(TagColumns, TagColumns)> {
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let (mut gold, mut pred) = (vec![Vec::new()], vec![Vec::new()]);
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line?;
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.is_empty() || fields[0] == "-DOCSTART-" {
            if !gold.last().is_some_and(Vec::is_empty) {
                gold.push(Vec::new());
                pred.push(Vec::new());
            }
            continue;
        }
        if fields.len() < 3 {
            bail!("{} line {}: expected `token ... gold pred`", path.display(), n + 1);
        }
        if let (Some(g), Some(p)) = (gold.last_mut(), pred.last_mut()) {
            g.push(fields[fields.len() - 2].to_owned());
            p.push(fields[fields.len() - 1].to_owned());
        }
    }
    Ok((gold, pred))
}
