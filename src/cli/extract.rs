//! `accord extract`.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};

use accord::models::ModelDirs;
use accord::pipeline::{self, RunConfig, Worker};
use accord::read::open_inputs;
use accord::sink::{JsonlSink, Sink};
use accord::tokenize::SentenceTokenizer;

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Input files (.jsonl, .txt, .csv) or directories; `-` or nothing reads JSONL from stdin.
    inputs: Vec<PathBuf>,
    /// Output file (default: stdout).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Worker threads, each with its own copy of the models.
    #[arg(long, default_value_t = default_threads())]
    threads: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Jsonl)]
    format: OutputFormat,
    /// Documents longer than this many chars are not processed (error `too_long`).
    #[arg(long, default_value_t = 2_000_000)]
    max_chars: usize,
    /// No progress bar.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum OutputFormat {
    /// RECORD_FORMAT JSON Lines.
    Jsonl,
}

fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// What every worker is built from: loaded once, cloned per worker.
pub struct Extractor {
    tokenizer: SentenceTokenizer,
}

impl Extractor {
    /// Locates and checks the model files.
    pub fn load() -> anyhow::Result<Extractor> {
        let dirs = ModelDirs::locate()?;
        dirs.verify("base-encoder/tokenizer.json")?;
        let tokenizer = SentenceTokenizer::from_file(&dirs.tokenizer())?;
        // Each worker runs its model on one libtorch thread; parallelism comes from workers.
        tch::set_num_threads(1);
        tch::set_num_interop_threads(1);
        Ok(Extractor { tokenizer })
    }

    /// A worker with its own copy of the models.
    pub fn worker(&self) -> accord::Result<Worker> {
        Ok(Worker::new(self.tokenizer.clone()))
    }
}

pub fn run(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    let extractor = Extractor::load()?;

    let docs = open_inputs(&args.inputs)?;
    let out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let mut sink: Box<dyn Sink> = match args.format {
        OutputFormat::Jsonl => Box::new(JsonlSink::new(out)),
    };
    let config = RunConfig {
        threads: args.threads.max(1),
        max_chars: args.max_chars,
        progress: !args.quiet && std::io::stderr().is_terminal(),
        ..RunConfig::default()
    };
    let summary = pipeline::run(docs, || extractor.worker(), sink.as_mut(), &config)?;
    eprintln!("accord: {summary}");
    Ok(ExitCode::SUCCESS)
}
