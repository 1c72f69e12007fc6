//! The extraction pipeline and its parallel batch runner.
//!
//! A [`Worker`] owns one copy of every model (rust-bert models are `Send`, not
//! `Sync`) and turns a [`Record`] into an annotated one. [`run`] streams
//! documents from a reader through `threads` workers and hands the results to
//! a [`Sink`] in input order. Memory stays bounded: at most `in_flight`
//! documents are between the reader and the sink at any time, whatever their
//! processing order, because the reader needs a credit per document and the
//! writer returns one per document written.
//!
//! A run can be stopped ([`RunConfig::stop`], set by a signal handler): the
//! reader stops, workers finish the document they are on and drop the queued
//! ones, and the writer writes the finished records up to the first dropped
//! one, so the output is always a prefix of the uninterrupted run's. A resumed
//! run ([`RunConfig::resume`]) skips the documents an earlier run wrote.

use std::collections::{BTreeMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossbeam_channel::{bounded, Receiver, Sender};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::actors::Publishers;
use crate::doc::Doc;
use crate::encode::{encode_sentences, Encoder};
use crate::error::{Error, Result};
use crate::events::extract::{extract as extract_events, EventModel, Provenance};
use crate::ner::assemble::{assemble, ModelMention};
use crate::ner::home::assign_home_country;
use crate::ner::model::{decode_sentence, word_probabilities, Decoding};
use crate::ner::nominal::{find_nominals, insert_nominals, prune_nominals};
use crate::ner::NerHead;
use crate::numeric::find_numeric;
use crate::read::Documents;
use crate::record::{DocErrorKind, ExtractionMeta, Record};
use crate::resume::Written;
use crate::segment::segment;
use crate::sink::Sink;
use crate::tokenize::{SentenceTokenizer, TokenizedSentence};

/// Limits and switches of one extraction run.
#[derive(Debug, Clone)]
pub struct RunConfig {
    /// Worker threads, each with its own models.
    pub threads: usize,
    /// Documents longer than this many chars get a `too_long` error.
    pub max_chars: usize,
    /// Documents between reader and sink at most.
    pub in_flight: usize,
    /// Show a progress bar on stderr.
    pub progress: bool,
    /// Expected number of documents, for the progress bar's ETA.
    pub expected: Option<u64>,
    /// When this becomes true the run stops early, leaving whole records
    /// (a prefix of the full output) and [`RunSummary::interrupted`] set.
    pub stop: Option<Arc<AtomicBool>>,
    /// Documents already written by an earlier run: skipped, not processed.
    pub resume: Option<Written>,
}

impl Default for RunConfig {
    fn default() -> RunConfig {
        RunConfig {
            threads: 1,
            max_chars: 2_000_000,
            in_flight: 64,
            progress: false,
            expected: None,
            stop: None,
            resume: None,
        }
    }
}

/// What a run did.
#[derive(Debug, Clone, Default)]
pub struct RunSummary {
    /// Records written.
    pub documents: u64,
    /// Entities over all records.
    pub entities: u64,
    /// Events over all records.
    pub events: u64,
    /// Error records, by kind.
    pub errors: BTreeMap<DocErrorKind, u64>,
    /// Input documents skipped because an earlier run wrote them (`--resume`).
    pub skipped: u64,
    /// Records of the resumed output that no input document matched.
    pub unmatched: u64,
    /// The run was stopped before every document was written.
    pub interrupted: bool,
    /// Wall time.
    pub elapsed: Duration,
}

impl RunSummary {
    /// Error records of all kinds.
    pub fn error_count(&self) -> u64 {
        self.errors.values().sum()
    }

    fn count(&mut self, record: &Record) {
        self.documents += 1;
        self.entities += record.entities.len() as u64;
        self.events += record.events.len() as u64;
        if let Some(error) = &record.error {
            *self.errors.entry(error.kind).or_default() += 1;
        }
    }
}

impl std::fmt::Display for RunSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secs = self.elapsed.as_secs_f64();
        write!(
            f,
            "{} documents, {} entities, {} events, {} errors",
            self.documents,
            self.entities,
            self.events,
            self.error_count()
        )?;
        if !self.errors.is_empty() {
            let kinds: Vec<String> = self.errors.iter().map(|(k, n)| format!("{} {n}", k.as_str())).collect();
            write!(f, " ({})", kinds.join(", "))?;
        }
        if self.skipped > 0 {
            write!(f, ", {} skipped (already in the output)", self.skipped)?;
        }
        write!(
            f,
            " in {secs:.1} s ({:.1} docs/s)",
            self.documents as f64 / secs.max(1e-9)
        )
    }
}

/// What a worker thread does to each document. [`Worker`] is the pipeline;
/// the runner needs only this, so it can be tested with any processor.
pub trait Process {
    /// Turns an input record into an output record (errors become error records).
    fn process(&mut self, record: Record) -> Record;
}

impl Process for Worker {
    fn process(&mut self, record: Record) -> Record {
        Worker::process(self, record)
    }
}

/// One worker's copy of the pipeline.
pub struct Worker {
    tokenizer: SentenceTokenizer,
    ner: Option<NerStage>,
    events: Option<EventModel>,
    models: Vec<String>,
}

/// The NER stage: an encoder and the head on its states.
struct NerStage {
    encoder: Box<dyn Encoder>,
    head: NerHead,
    decoding: Decoding,
}

impl Worker {
    /// A worker that segments, tokenizes and finds numeric entities by rules.
    pub fn new(tokenizer: SentenceTokenizer) -> Worker {
        Worker {
            tokenizer,
            ner: None,
            events: None,
            models: Vec::new(),
        }
    }

    /// Adds the NER model (its encoder is the one later heads share).
    pub fn with_ner(mut self, encoder: Box<dyn Encoder>, head: NerHead, decoding: Decoding) -> Worker {
        self.models.push(encoder.describe());
        self.ner = Some(NerStage {
            encoder,
            head,
            decoding,
        });
        self
    }

    /// Adds the event stage (it reads the NER stage's encoder states).
    pub fn with_events(mut self, events: EventModel) -> Worker {
        self.models.push("accord-events".into());
        self.events = Some(events);
        self
    }

    /// Processes one document. Per-document failures become error records.
    pub fn process(&mut self, record: Record) -> Record {
        if record.error.is_some() {
            return record;
        }
        let mut doc = Doc::new(record);
        match self.annotate(&mut doc) {
            Ok(()) => doc.record,
            Err(e) => {
                let mut record = doc.record;
                let message = format!("document {:?}: {e}", record.id);
                record.entities.clear();
                record.events.clear();
                record.error = Some(crate::record::RecordError {
                    kind: DocErrorKind::ModelError,
                    message,
                });
                record
            }
        }
    }

    fn annotate(&mut self, doc: &mut Doc) -> Result<()> {
        // Input layers (say, gold annotations) are replaced, never mixed with ours.
        doc.record.entities.clear();
        doc.record.events.clear();
        let text = doc.record.text.as_str();
        doc.sentences = segment(text)
            .into_iter()
            .map(|bytes| self.tokenizer.tokenize(text, bytes))
            .collect::<Result<_>>()?;
        doc.record.sentences = Some(doc.sentence_spans());
        let mut mentions = Vec::new();
        let mut states = Vec::new();
        if let Some(ner) = &mut self.ner {
            let sentences: Vec<&TokenizedSentence> = doc.sentences.iter().collect();
            states = encode_sentences(ner.encoder.as_mut(), &self.tokenizer, &sentences)?;
            for (sentence, state) in doc.sentences.iter().zip(&states) {
                let probabilities = word_probabilities(&ner.head, sentence, state);
                let (_, spans) = decode_sentence(&probabilities, ner.decoding);
                for span in spans {
                    let bytes = sentence.words[span.words.start].start..sentence.words[span.words.end - 1].end;
                    mentions.push(ModelMention {
                        span: doc.index.char_span(bytes),
                        kind: span.kind,
                        confidence: span.confidence,
                    });
                }
            }
        }
        let numeric = find_numeric(&doc.record.text, doc.record.date.as_deref());
        doc.record.entities = assemble(&doc.record.text, doc.record.title.as_deref(), mentions, numeric);
        let record = &mut doc.record;
        // The event classifiers read the encoder states the NER pass left.
        let with_events = self.events.is_some() && (!states.is_empty() || doc.sentences.is_empty());
        if with_events {
            let nominals = find_nominals(&record.text, &doc.index, &doc.sentences, &record.entities);
            insert_nominals(&mut record.entities, nominals);
        }
        assign_home_country(&record.text, &mut record.entities);
        if let (Some(events), true) = (&self.events, with_events) {
            record.events = extract_events(
                events,
                Provenance {
                    title: record.title.as_deref(),
                    publisher: Publishers::global().country(record.source.as_deref(), record.url.as_deref()),
                },
                &record.text,
                &doc.index,
                &doc.sentences,
                &states,
                &record.entities,
            );
            prune_nominals(&mut record.entities, &mut record.events);
        }
        record.settle_actors();
        doc.record.meta = Some(ExtractionMeta {
            accord: env!("CARGO_PKG_VERSION").into(),
            models: self.models.clone(),
            tokens: doc.piece_count(),
        });
        Ok(())
    }
}

/// Checks done in input order before a document is dispatched: duplicate
/// ids, empty and over-long texts.
struct Gate {
    seen: HashSet<String>,
    max_chars: usize,
}

impl Gate {
    fn admit(&mut self, mut record: Record) -> Record {
        if !self.seen.insert(record.id.clone()) {
            let message = format!(
                "document id {:?} appears more than once in the input; this copy was not processed",
                record.id
            );
            return Record::failed(record.id, record.text, DocErrorKind::DuplicateId, message);
        }
        if record.error.is_some() {
            return record;
        }
        if record.text.trim().is_empty() {
            let message = format!("document {:?} has an empty text", record.id);
            return Record::failed(record.id, record.text, DocErrorKind::EmptyText, message);
        }
        // Counting chars is only needed when the bytes could exceed the cap.
        if record.text.len() > self.max_chars {
            let chars = record.text.chars().count();
            if chars > self.max_chars {
                let message = format!(
                    "document {:?} has {chars} chars, more than the limit of {} (--max-chars)",
                    record.id, self.max_chars
                );
                record.text.clear();
                return Record::failed(record.id, record.text, DocErrorKind::TooLong, message);
            }
        }
        record
    }
}

/// Runs extraction over `docs` with `config.threads` workers built by
/// `make_worker` (called once in each worker thread), writing every record to
/// `sink` in input order.
///
/// # Errors
/// An input could not be read, a worker could not be built, or the sink
/// failed. Records finished before the failure are written first.
pub fn run<P, F>(docs: Documents, make_worker: F, sink: &mut dyn Sink, config: &RunConfig) -> Result<RunSummary>
where
    P: Process,
    F: Fn() -> Result<P> + Sync,
{
    let started = Instant::now();
    let threads = config.threads.max(1);
    let in_flight = config.in_flight.max(threads * 2);
    let (credit_tx, credit_rx) = bounded::<()>(in_flight);
    for _ in 0..in_flight {
        let _ = credit_tx.send(());
    }
    let (job_tx, job_rx) = bounded::<(u64, Record)>(in_flight);
    let (done_tx, done_rx) = bounded::<Message>(in_flight);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("accord-worker-{i}"))
        .build()
        .map_err(|e| Error::Invalid(format!("cannot start worker threads: {e}")))?;
    let progress = progress_bar(config);
    let mut summary = RunSummary::default();

    let outcome = std::thread::scope(|scope| {
        let reader_done = done_tx.clone();
        scope.spawn(move || read_loop(docs, config, &credit_rx, &job_tx, &reader_done));
        let worker_done = done_tx;
        let make_worker = &make_worker;
        let stop = config.stop.as_deref();
        scope.spawn(move || {
            pool.scope(|s| {
                for _ in 0..threads {
                    let jobs = job_rx.clone();
                    let done = worker_done.clone();
                    s.spawn(move |_| work_loop(make_worker, &jobs, &done, stop));
                }
            })
        });
        write_loop(done_rx, credit_tx, sink, &mut summary, &progress)
    });
    progress.finish_and_clear();
    summary.elapsed = started.elapsed();
    outcome?;
    sink.finish()?;
    Ok(summary)
}

enum Message {
    Done(u64, Box<Record>),
    InputFailed(Error),
    WorkerFailed(Error),
    /// The reader has stopped.
    End(ReadEnd),
}

/// What the reader did, sent once when it stops.
struct ReadEnd {
    /// Documents sent on (to workers or straight to the writer).
    sent: u64,
    /// Documents skipped as already written.
    skipped: u64,
    /// Records of the resumed output that matched no document.
    unmatched: u64,
    /// The reader stopped before the end of the input.
    interrupted: bool,
}

fn stopped(stop: Option<&AtomicBool>) -> bool {
    stop.is_some_and(|s| s.load(Ordering::Relaxed))
}

fn read_loop(
    docs: Documents,
    config: &RunConfig,
    credits: &Receiver<()>,
    jobs: &Sender<(u64, Record)>,
    done: &Sender<Message>,
) {
    let mut gate = Gate {
        seen: HashSet::new(),
        max_chars: config.max_chars,
    };
    let mut written = config.resume.clone().unwrap_or_default();
    let stop = config.stop.as_deref();
    let mut end = ReadEnd {
        sent: 0,
        skipped: 0,
        unmatched: 0,
        interrupted: false,
    };
    for item in docs {
        if stopped(stop) {
            end.interrupted = true;
            break;
        }
        match item {
            Ok(record) => {
                // Gate first, so that a skipped document still counts as seen
                // for the duplicate-id check, as in the run that wrote it.
                let record = gate.admit(record);
                if written.take(&record) {
                    end.skipped += 1;
                    continue;
                }
                match wait_for_credit(credits, stop) {
                    Credit::Granted => {}
                    Credit::Stopped => {
                        end.interrupted = true;
                        break;
                    }
                    Credit::WriterGone => return,
                }
                let sent = end.sent;
                let delivered = if record.error.is_some() {
                    // Nothing for a worker to do: send it straight to the writer.
                    done.send(Message::Done(sent, Box::new(record))).is_ok()
                } else {
                    jobs.send((sent, record)).is_ok()
                };
                if !delivered {
                    return;
                }
                end.sent += 1;
            }
            Err(e) => {
                let _ = done.send(Message::InputFailed(e));
                break;
            }
        }
    }
    if !end.interrupted {
        end.unmatched = written.unmatched();
    }
    let _ = done.send(Message::End(end));
}

enum Credit {
    Granted,
    Stopped,
    WriterGone,
}

/// Waits for the writer to make room, watching the stop flag: once stopped,
/// workers drop their queue and no credit may ever come back.
fn wait_for_credit(credits: &Receiver<()>, stop: Option<&AtomicBool>) -> Credit {
    loop {
        match credits.recv_timeout(Duration::from_millis(50)) {
            Ok(()) => return Credit::Granted,
            Err(crossbeam_channel::RecvTimeoutError::Disconnected) => return Credit::WriterGone,
            Err(crossbeam_channel::RecvTimeoutError::Timeout) if stopped(stop) => return Credit::Stopped,
            Err(crossbeam_channel::RecvTimeoutError::Timeout) => {}
        }
    }
}

fn work_loop<P, F>(make_worker: &F, jobs: &Receiver<(u64, Record)>, done: &Sender<Message>, stop: Option<&AtomicBool>)
where
    P: Process,
    F: Fn() -> Result<P>,
{
    let mut worker = match make_worker() {
        Ok(worker) => worker,
        Err(e) => {
            let _ = done.send(Message::WorkerFailed(e));
            return;
        }
    };
    for (seq, record) in jobs.iter() {
        if stopped(stop) {
            // Dropped, not written: the writer stops before the first gap,
            // and a resumed run processes it.
            continue;
        }
        let (id, text) = (record.id.clone(), record.text.clone());
        let result = catch_unwind(AssertUnwindSafe(|| Process::process(&mut worker, record))).unwrap_or_else(|panic| {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            let message = format!("document {id:?}: processing panicked: {what}");
            Record::failed(id, text, DocErrorKind::Panic, message)
        });
        if done.send(Message::Done(seq, Box::new(result))).is_err() {
            return;
        }
    }
}

fn write_loop(
    done: Receiver<Message>,
    credits: Sender<()>,
    sink: &mut dyn Sink,
    summary: &mut RunSummary,
    progress: &ProgressBar,
) -> Result<()> {
    // `done` and `credits` are owned here so that an early return drops them,
    // which unblocks the reader and the workers.
    let mut pending: BTreeMap<u64, Record> = BTreeMap::new();
    let mut next = 0u64;
    let mut total: Option<u64> = None;
    let mut input_failure: Option<Error> = None;
    while total != Some(next) {
        // Every sender gone before the count is reached: the run was stopped
        // and workers dropped documents; what follows the gap is not written.
        let Ok(message) = done.recv() else { break };
        match message {
            Message::Done(seq, record) => {
                pending.insert(seq, *record);
            }
            Message::End(end) => {
                total = Some(end.sent);
                summary.skipped = end.skipped;
                summary.unmatched = end.unmatched;
                summary.interrupted = end.interrupted;
            }
            // The reader stops after this; what it sent before is still written.
            Message::InputFailed(e) => input_failure = Some(e),
            Message::WorkerFailed(e) => return Err(e),
        }
        while let Some(record) = pending.remove(&next) {
            sink.write(&record)?;
            summary.count(&record);
            progress.inc(1);
            next += 1;
            let _ = credits.send(());
        }
    }
    if total != Some(next) {
        summary.interrupted = true;
    }
    input_failure.map_or(Ok(()), Err)
}

fn progress_bar(config: &RunConfig) -> ProgressBar {
    if !config.progress {
        return ProgressBar::hidden();
    }
    let bar = match config.expected {
        Some(n) => ProgressBar::new(n),
        None => ProgressBar::no_length(),
    };
    bar.set_draw_target(ProgressDrawTarget::stderr());
    let template = if config.expected.is_some() {
        "{bar:30} {pos}/{len} docs  {per_sec}  ETA {eta}"
    } else {
        "{spinner} {pos} docs  {per_sec}"
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sink::VecSink;

    /// Echoes records, sleeping a little on some so that they finish out of
    /// order, and panicking on the id `boom`.
    struct Echo;

    impl Process for Echo {
        fn process(&mut self, mut record: Record) -> Record {
            assert!(record.id != "boom", "injected failure");
            let n: u64 = record.id.trim_start_matches('d').parse().unwrap_or(0);
            std::thread::sleep(Duration::from_millis((n * 7919) % 5));
            record.title = Some(format!("done {}", record.id));
            record
        }
    }

    fn docs(ids: &[&str]) -> Documents {
        let records: Vec<Result<Record>> = ids
            .iter()
            .map(|id| {
                Ok(Record {
                    id: (*id).into(),
                    text: "Talks.".into(),
                    ..Record::default()
                })
            })
            .collect();
        Box::new(records.into_iter())
    }

    fn config(threads: usize) -> RunConfig {
        RunConfig {
            threads,
            in_flight: 4,
            ..RunConfig::default()
        }
    }

    #[test]
    fn output_keeps_input_order_whatever_finishes_first() {
        let ids: Vec<String> = (0..200).map(|i| format!("d{i}")).collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        for threads in [1, 2, 4] {
            let mut sink = VecSink::default();
            let summary = run(docs(&refs), || Ok(Echo), &mut sink, &config(threads)).unwrap();
            let got: Vec<&str> = sink.0.iter().map(|r| r.id.as_str()).collect();
            assert_eq!(got, refs, "threads {threads}");
            assert_eq!(summary.documents, 200);
        }
    }

    #[test]
    fn a_panic_in_one_document_becomes_its_error_record_and_the_run_goes_on() {
        let mut sink = VecSink::default();
        let summary = run(docs(&["d1", "boom", "d3"]), || Ok(Echo), &mut sink, &config(2)).unwrap();
        let kinds: Vec<Option<DocErrorKind>> = sink.0.iter().map(|r| r.error.as_ref().map(|e| e.kind)).collect();
        assert_eq!(kinds, [None, Some(DocErrorKind::Panic), None]);
        let message = &sink.0[1].error.as_ref().unwrap().message;
        assert!(
            message.contains("boom") && message.contains("injected failure"),
            "{message}"
        );
        assert_eq!(summary.errors.get(&DocErrorKind::Panic), Some(&1));
    }

    /// Echoes records and sets the stop flag (as a signal handler would)
    /// while processing the id `stop`.
    struct StopOn(Arc<AtomicBool>);

    impl Process for StopOn {
        fn process(&mut self, record: Record) -> Record {
            if record.id == "stop" {
                self.0.store(true, Ordering::Relaxed);
            }
            Echo.process(record)
        }
    }

    #[test]
    fn a_stopped_run_writes_a_prefix_of_the_full_output_and_says_so() {
        let mut ids: Vec<String> = (0..100).map(|i| format!("d{i}")).collect();
        ids[5] = "stop".into();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        for threads in [1, 2] {
            let stop = Arc::new(AtomicBool::new(false));
            let config = RunConfig {
                stop: Some(stop.clone()),
                ..config(threads)
            };
            let mut sink = VecSink::default();
            let summary = run(docs(&refs), || Ok(StopOn(stop.clone())), &mut sink, &config).unwrap();
            let got: Vec<&str> = sink.0.iter().map(|r| r.id.as_str()).collect();
            // Everything taken up before the stop is finished, nothing after a gap is written.
            assert!(got.len() >= 6 && got.len() < 100, "threads {threads}: {got:?}");
            assert_eq!(got, refs[..got.len()], "threads {threads}");
            assert!(summary.interrupted);
        }
    }

    /// Serialises records as `accord extract` writes them.
    fn jsonl(records: &[Record]) -> Vec<u8> {
        let mut sink = crate::sink::JsonlSink::new(Vec::new());
        for record in records {
            sink.write(record).unwrap();
        }
        sink.into_inner()
    }

    #[test]
    fn a_resumed_run_writes_exactly_what_the_interrupted_one_did_not() {
        // Duplicate ids, an empty text and an unreadable line (no text) included.
        let mut input: Vec<Record> = ["d1", "d2", "d1", "d3", "d2", "d4", "d5"]
            .iter()
            .map(|id| Record {
                id: (*id).into(),
                text: "Talks.".into(),
                ..Record::default()
            })
            .collect();
        input[3].text = " ".into();
        input.push(Record::failed(
            "in:9".into(),
            String::new(),
            DocErrorKind::InvalidJson,
            "bad".into(),
        ));
        let source = || -> Documents { Box::new(input.clone().into_iter().map(Ok)) };
        let mut full = VecSink::default();
        run(source(), || Ok(Echo), &mut full, &config(2)).unwrap();
        let full = jsonl(&full.0);
        let lines: Vec<&[u8]> = full.split_inclusive(|&b| b == b'\n').collect();
        assert_eq!(lines.len(), input.len());

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        for written in 0..=lines.len() {
            // What a killed run left: some whole lines and half of the next.
            let mut before = lines[..written].concat();
            if let Some(next) = lines.get(written) {
                before.extend_from_slice(&next[..next.len() / 2]);
            }
            std::fs::write(&path, &before).unwrap();
            let config = RunConfig {
                resume: Some(Written::from_jsonl(&path).unwrap()),
                ..config(2)
            };
            let mut rest = VecSink::default();
            let summary = run(source(), || Ok(Echo), &mut rest, &config).unwrap();
            let mut resumed = std::fs::read(&path).unwrap();
            resumed.extend(jsonl(&rest.0));
            assert_eq!(
                String::from_utf8_lossy(&resumed),
                String::from_utf8_lossy(&full),
                "after {written} lines"
            );
            assert_eq!((summary.skipped, summary.unmatched), (written as u64, 0));
        }
    }

    #[test]
    fn a_worker_that_cannot_start_fails_the_run() {
        let mut sink = VecSink::default();
        let failing = || -> Result<Echo> { Err(Error::Invalid("no model".into())) };
        let error = run(docs(&["d1", "d2"]), failing, &mut sink, &config(2)).err().unwrap();
        assert!(error.to_string().contains("no model"));
    }

    #[test]
    fn an_input_error_fails_the_run_after_writing_what_came_before() {
        let records: Vec<Result<Record>> = vec![
            Ok(Record {
                id: "d1".into(),
                text: "Talks.".into(),
                ..Record::default()
            }),
            Err(Error::Invalid("disk gone".into())),
            Ok(Record {
                id: "d3".into(),
                text: "Talks.".into(),
                ..Record::default()
            }),
        ];
        let mut sink = VecSink::default();
        let error = run(Box::new(records.into_iter()), || Ok(Echo), &mut sink, &config(2))
            .err()
            .unwrap();
        assert!(error.to_string().contains("disk gone"));
        assert_eq!(sink.0.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["d1"]);
    }
}
