//! `accord extract`.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use anyhow::Context;
use clap::{Args, ValueEnum};

use accord::encode::tch::TchEncoder;
use accord::encode::Encoder;
use accord::events::extract::EventModel;
use accord::models::{ModelDirs, NerModel};
use accord::ner::model::Decoding;
use accord::ner::NerHead;
use accord::pipeline::{self, RunConfig, Worker};
use accord::read::open_inputs;
use accord::resume::Written;
use accord::sink::{open_sink, CsvSink, Delimiter, JsonlSink, Sink, SinkOptions, SinkTarget, Tee};
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
    /// Output format: RECORD_FORMAT JSONL, or flat event rows (csv, tsv) for event-data tools.
    #[arg(long, value_enum, default_value_t = OutputFormat::Jsonl)]
    format: OutputFormat,
    /// Load the records into this SQLite database (created when missing); with a database,
    /// JSONL/CSV/TSV records are written only where -o says.
    #[arg(long, conflicts_with = "postgres")]
    sqlite: Option<PathBuf>,
    /// Load the records into this PostgreSQL database (postgres://user@host/db), like --sqlite.
    #[arg(long)]
    postgres: Option<String>,
    /// Documents per database transaction.
    #[arg(long, default_value_t = accord::sink::DEFAULT_BATCH_SIZE)]
    batch_size: usize,
    /// Documents longer than this many chars are not processed (error `too_long`).
    #[arg(long, default_value_t = 2_000_000)]
    max_chars: usize,
    /// Continue an interrupted run: keep the records already in the -o file (a torn last
    /// line is cut off), skip their documents, append the others.
    #[arg(long, requires = "output", conflicts_with_all = ["sqlite", "postgres"])]
    resume: bool,
    /// No progress bar.
    #[arg(short, long)]
    quiet: bool,
    /// Process only the documents whose id hashes into shard K of N (K from 0; README "Scale-out").
    #[arg(long, value_name = "K/N")]
    shard: Option<accord::shard::Shard>,
    /// Stop after the entities: no events, no commitments (the NER model and the numeric rules only).
    #[arg(long)]
    ner_only: bool,
    #[command(flatten)]
    model: ModelArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    /// RECORD_FORMAT JSON Lines.
    Jsonl,
    /// One comma-separated row per event.
    Csv,
    /// One tab-separated row per event.
    Tsv,
}

fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Model options shared by the commands that extract.
#[derive(Debug, Clone, Args)]
pub struct ModelArgs {
    /// Numerics of the encoder: bf16 autocast where the CPU has native bf16 (auto), or fp32.
    #[arg(long, value_enum, default_value_t = Precision::Auto)]
    pub precision: Precision,
    /// Device: cuda when a GPU is present (auto), or cpu.
    #[arg(long, value_enum, default_value_t = DeviceArg::Auto)]
    pub device: DeviceArg,
    /// Drop events whose confidence is below this.
    #[arg(long, default_value_t = 0.0)]
    pub min_confidence: f32,
    /// NER model: the 6-layer standard one, or the 3-layer fast one (entities only:
    /// needs --ner-only; about twice the encoder speed for about a point of F1).
    #[arg(long, value_enum, default_value_t = NerModelArg::Standard)]
    pub ner_model: NerModelArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NerModelArg {
    Standard,
    Fast,
}

impl From<NerModelArg> for NerModel {
    fn from(arg: NerModelArg) -> NerModel {
        match arg {
            NerModelArg::Standard => NerModel::Standard,
            NerModelArg::Fast => NerModel::Fast,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Precision {
    Auto,
    Fp32,
    Bf16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DeviceArg {
    Auto,
    Cpu,
    Cuda,
}

/// What every worker is built from: checked once, loaded per worker.
pub struct Extractor {
    tokenizer: SentenceTokenizer,
    dirs: ModelDirs,
    bf16: bool,
    cuda: bool,
    ner: NerModel,
    /// None when extraction stops after the entities.
    events: Option<EventModel>,
}

impl Extractor {
    /// Locates and checks the model files (the event model's only when `events`).
    pub fn load(args: &ModelArgs, events: bool) -> anyhow::Result<Extractor> {
        let dirs = ModelDirs::locate()?;
        let ner = NerModel::from(args.ner_model);
        if events && ner != NerModel::Standard {
            anyhow::bail!(
                "--ner-model fast tags entities only (the event model reads the standard encoder's states): \
                 add --ner-only, or drop --ner-model"
            );
        }
        dirs.verify("base-encoder/")?;
        dirs.verify(ner.file())?;
        let events = if events {
            dirs.verify(accord::models::EVENT_MODEL)?;
            dirs.verify(accord::models::EVENT_TRIGGERS)?;
            Some(dirs.load_events(args.min_confidence)?)
        } else {
            None
        };
        let tokenizer = SentenceTokenizer::from_file(&dirs.tokenizer())?;
        // Each worker runs its model on one libtorch thread; parallelism comes from workers.
        tch::set_num_threads(1);
        tch::set_num_interop_threads(1);
        let cuda = match args.device {
            DeviceArg::Cpu => false,
            DeviceArg::Cuda | DeviceArg::Auto => tch::Cuda::is_available(),
        };
        if args.device == DeviceArg::Cuda && !cuda {
            anyhow::bail!("--device cuda: no CUDA device is available");
        }
        let bf16 = match args.precision {
            Precision::Fp32 => false,
            Precision::Bf16 => true,
            Precision::Auto => accord::encode::autocast::cpu_has_native_bf16(),
        };
        Ok(Extractor {
            tokenizer,
            dirs,
            bf16,
            cuda,
            ner,
            events,
        })
    }

    /// A worker with its own copy of the models.
    pub fn worker(&self) -> accord::Result<Worker> {
        let (encoder, head) = self.ner_model()?;
        if let Some(events) = &self.events {
            events.check_width(encoder.hidden_size())?;
        }
        let worker = Worker::new(self.tokenizer.clone()).with_ner(Box::new(encoder), head, Decoding::Viterbi);
        Ok(match &self.events {
            Some(events) => worker.with_events(events.clone()),
            None => worker,
        })
    }

    /// A fresh copy of the NER encoder and head.
    pub fn ner_model(&self) -> accord::Result<(TchEncoder, NerHead)> {
        let tap_layer = self.events.as_ref().and_then(|events| events.tap_layer);
        self.dirs.load_ner(self.ner, self.cuda, self.bf16, tap_layer)
    }

    /// The word-piece tokenizer.
    pub fn tokenizer(&self) -> &SentenceTokenizer {
        &self.tokenizer
    }
}

pub fn run(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    let written = match (&args.output, args.resume) {
        (Some(path), true) => Some(read_written(path, args.format)?),
        _ => None,
    };
    let extractor = Extractor::load(&args.model, !args.ner_only)?;

    let mut docs = open_inputs(&args.inputs)?;
    if let Some(shard) = args.shard {
        docs = shard.filter(docs);
    }
    let database = match (&args.sqlite, &args.postgres) {
        (Some(path), _) => Some(SinkTarget::Sqlite(path.clone())),
        (_, Some(url)) => Some(SinkTarget::Postgres(url.clone())),
        _ => None,
    };
    let mut sinks: Vec<Box<dyn Sink>> = Vec::new();
    if let Some(target) = &database {
        let command: Vec<String> = std::env::args().map(|a| accord::sink::redact_url(&a)).collect();
        let options = SinkOptions {
            batch_size: args.batch_size,
            command: Some(command.join(" ")),
        };
        sinks.push(open_sink(target, &options)?);
    }
    if database.is_none() || args.output.is_some() {
        let out: Box<dyn Write> = match &args.output {
            // JSONL goes to the file a whole line per `write` call, unbuffered, so the
            // file grows as documents finish and a killed run leaves whole lines (at
            // most one torn last line, which --resume cuts off). A syscall per
            // document is nothing next to the model's work on it.
            Some(path) if args.format == OutputFormat::Jsonl => Box::new(open_output(path, args.resume)?),
            Some(path) => Box::new(BufWriter::new(open_output(path, false)?)),
            None => Box::new(BufWriter::new(std::io::stdout().lock())),
        };
        sinks.push(match args.format {
            OutputFormat::Jsonl => Box::new(JsonlSink::new(out)),
            OutputFormat::Csv => Box::new(CsvSink::new(out, Delimiter::Comma)?),
            OutputFormat::Tsv => Box::new(CsvSink::new(out, Delimiter::Tab)?),
        });
    }
    let mut sink: Box<dyn Sink> = if sinks.len() == 1 {
        sinks.remove(0)
    } else {
        Box::new(Tee::new(sinks))
    };
    let stop = Arc::new(AtomicBool::new(false));
    let signal = catch_signals(&stop)?;
    let config = RunConfig {
        threads: args.threads.max(1),
        max_chars: args.max_chars,
        progress: !args.quiet && std::io::stderr().is_terminal(),
        stop: Some(stop),
        resume: written,
        ..RunConfig::default()
    };
    let summary = pipeline::run(docs, || extractor.worker(), sink.as_mut(), &config)?;
    eprintln!("accord: {summary}");
    if let (Some(stats), Some(_)) = (sink.stats(), &database) {
        eprintln!("accord: database: {stats}");
    }
    if summary.unmatched > 0 {
        eprintln!(
            "accord: warning: {} records of the resumed output match no input document (was the input changed?)",
            summary.unmatched
        );
    }
    if summary.interrupted {
        let signo = signal.load(Ordering::Relaxed);
        eprintln!(
            "accord: interrupted by signal {signo} after {} documents; {}",
            summary.documents,
            resume_hint(&args, database.is_some())
        );
        // 128 + signal number, as a shell reports a process the signal killed.
        return Ok(ExitCode::from(128u8.saturating_add(u8::try_from(signo).unwrap_or(0))));
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads what an earlier run wrote to `path`, for `--resume`.
fn read_written(path: &Path, format: OutputFormat) -> anyhow::Result<Written> {
    if format != OutputFormat::Jsonl {
        anyhow::bail!("--resume needs JSONL output (--format jsonl): CSV/TSV rows cannot be matched to documents");
    }
    let written = Written::from_jsonl(path)?;
    let torn = match written.torn_bytes() {
        0 => String::new(),
        n => format!(" (cut off a torn last line of {n} bytes)"),
    };
    eprintln!(
        "accord: resuming {}: {} records already written{torn}",
        path.display(),
        written.records()
    );
    Ok(written)
}

/// Creates (or, resuming, appends to) the output file.
fn open_output(path: &Path, append: bool) -> anyhow::Result<File> {
    let mut options = OpenOptions::new();
    if append {
        options.append(true).create(true);
    } else {
        options.write(true).create(true).truncate(true);
    }
    options
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))
}

/// Turns SIGINT and SIGTERM into a stop request: the run stops reading,
/// finishes the documents in progress and writes whole records. A second
/// signal exits at once, for a user who will not wait for a long document.
/// Returns where the signal number is recorded.
fn catch_signals(stop: &Arc<AtomicBool>) -> anyhow::Result<Arc<AtomicUsize>> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    use signal_hook::flag;
    let signal = Arc::new(AtomicUsize::new(0));
    for signo in [SIGINT, SIGTERM] {
        // Registered first, so it sees the flag as it was before this signal.
        flag::register_conditional_shutdown(signo, 128 + signo, Arc::clone(stop))?;
        flag::register_usize(signo, Arc::clone(&signal), signo as usize)?;
        flag::register(signo, Arc::clone(stop))?;
    }
    Ok(signal)
}

/// How to finish an interrupted run.
fn resume_hint(args: &ExtractArgs, database: bool) -> String {
    match &args.output {
        Some(_) if args.format == OutputFormat::Jsonl && !database => {
            let mut command: Vec<String> = std::env::args().map(|a| shell_quote(&a)).collect();
            if !args.resume {
                command.push("--resume".into());
            }
            format!("resume with: {}", command.join(" "))
        }
        _ if database => "run the same command again to finish (database loads replace documents by id)".into(),
        Some(_) => "--resume needs JSONL output; run the command again to start over".into(),
        None => "the output went to stdout and cannot be resumed; write to a file (-o FILE) to be able to".into(),
    }
}

/// Quotes an argument for a POSIX shell when it needs it.
fn shell_quote(arg: &str) -> String {
    let plain = !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./:=@%+,".contains(c));
    if plain {
        arg.to_owned()
    } else {
        format!("'{}'", arg.replace('\'', "'\\''"))
    }
}
