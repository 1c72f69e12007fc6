//! `accord train ner`: fine-tunes all-MiniLM-L6-v2 plus a word-shape embedding
//! and a linear BIO head on CoNLL-2003 English.
//!
//! Recipe (see CALIBRATION.md for why): first-subword labelling, AdamW with
//! linear warm-up and decay, gradient clipping at 1.0, dropout 0.1 before the
//! head, frozen word-piece embeddings (they dominate the optimizer's cost and
//! are left out of the shipped file), bf16 autocast where the CPU has native
//! bf16, early stopping on the validation F1, a fixed seed.

use std::path::{Path, PathBuf};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use tch::{nn, nn::Module, nn::OptimizerConfig, Device, Kind, Reduction, Tensor};

use crate::encode::autocast::{cpu_has_native_bf16, CpuAutocast};
use crate::encode::tch::TchEncoder;
use crate::encode::{pack_sentences, Encoder, EncoderRow};
use crate::error::{Error, Result};
use crate::eval::bootstrap::SplitMix64;
use crate::eval::check::read_records;
use crate::eval::conll::{score_bio, ConllScores};
use crate::events::classify::{class_of, EVENT_CLASSES, NO_EVENT};
use crate::ner::conll::{document_ranges, read_conll, ConllSentence};
use crate::ner::model::{tag_conll, Decoding};
use crate::ner::{label_index, NerHead, LABELS};
use crate::offsets::CharIndex;
use crate::record::Record;
use crate::segment::segment;
use crate::tokenize::{SentenceTokenizer, TokenizedSentence};

/// The variable that stays frozen and is taken from the base model at load time.
pub const WORD_EMBEDDINGS: &str = "bert.embeddings.word_embeddings.weight";
/// Prefix of the head's variables.
pub const HEAD_PREFIX: &str = "ner.classifier";
/// Scalar tensor in the model file: the document context (word pieces per
/// encoder row) the model was trained with, and so must be run with.
pub const CONTEXT_TENSOR: &str = "ner.context_pieces";
/// Scalar tensor in the model file: how many of the base encoder's layers the
/// model keeps (absent in files that keep them all).
pub const LAYERS_TENSOR: &str = "ner.encoder_layers";

/// Settings of one training run.
#[derive(Debug, Clone, Serialize)]
pub struct NerTrainConfig {
    /// Folder with CoNLL-2003 `train.txt`, `valid.txt`, `test.txt`.
    pub data: PathBuf,
    /// Where the model is written.
    pub out: PathBuf,
    /// Epochs at most.
    pub epochs: usize,
    /// Peak learning rate.
    pub learning_rate: f64,
    /// Sentences per batch.
    pub batch_size: usize,
    /// Document context: neighbouring sentences of a document share encoder
    /// rows of up to this many word pieces (0: each sentence alone).
    pub context_pieces: usize,
    /// Keep only the base encoder's first this many layers (None: all of them).
    pub layers: Option<usize>,
    /// Seed of initialisation, dropout and batch order.
    pub seed: u64,
    /// Fraction of steps spent warming up.
    pub warmup: f64,
    /// AdamW weight decay.
    pub weight_decay: f64,
    /// Stop after this many epochs without a better validation F1.
    pub patience: usize,
    /// Use at most this many training sentences (for quick checks).
    pub limit: Option<usize>,
    /// bf16 autocast (default: when the CPU has native bf16).
    pub bf16: bool,
    /// Gold documents whose event triggers a second head learns on the same
    /// encoder (multitask; none: NER alone).
    pub triggers: Vec<PathBuf>,
    /// One trigger batch after every this many NER batches.
    pub trigger_every: usize,
}

/// Scores of a finished run, written as `metrics.json`.
#[derive(Debug, Clone, Serialize)]
pub struct NerMetrics {
    /// The run's settings.
    pub config: NerTrainConfig,
    /// Epoch (1-based) whose weights were kept.
    pub best_epoch: usize,
    /// Validation F1 per epoch.
    pub valid_f1_by_epoch: Vec<f64>,
    /// Validation scores of the kept weights.
    pub valid: ConllScores,
    /// Test scores of the kept weights (constrained Viterbi decoding).
    pub test: ConllScores,
    /// Test scores with greedy decoding and stray-tag repair, for comparison.
    pub test_greedy: ConllScores,
    /// Wall time of the whole run, seconds.
    pub seconds: f64,
    /// Training word pieces per second.
    pub train_pieces_per_second: f64,
}

/// A CoNLL sentence tokenized for training.
struct Example {
    sentence: TokenizedSentence,
    /// Label per piece: the word's label on its first piece, -100 elsewhere.
    labels: Vec<i64>,
}

/// One training row: the packed word pieces of neighbouring sentences and a
/// label per row position (-100 where no label is learnt).
struct TrainingRow {
    row: EncoderRow,
    labels: Vec<i64>,
    sentences: usize,
}

/// Packs each document's sentences into rows of at most `context_pieces`
/// pieces, the way inference will see them. Sentences longer than the
/// encoder's limit are left out.
fn pack_documents<'a>(
    tokenizer: &SentenceTokenizer,
    documents: impl IntoIterator<Item = &'a [Example]>,
    context_pieces: usize,
) -> Vec<TrainingRow> {
    let mut rows = Vec::new();
    for examples in documents {
        let document: Vec<&Example> = examples
            .iter()
            .filter(|e| e.sentence.pieces.len() <= tokenizer.max_pieces)
            .collect();
        let refs: Vec<&TokenizedSentence> = document.iter().map(|e| &e.sentence).collect();
        for packed in pack_sentences(tokenizer, &refs, context_pieces) {
            let mut labels = vec![-100i64; packed.row.ids.len()];
            for placement in &packed.placements {
                let owned = &document[placement.sentence].labels[placement.owned.clone()];
                labels[placement.position..placement.position + owned.len()].copy_from_slice(owned);
            }
            rows.push(TrainingRow {
                sentences: packed.placements.len(),
                row: packed.row,
                labels,
            });
        }
    }
    rows
}

/// A gold document's sentences with a trigger label on each word's first
/// piece: the event class of the gold trigger the word overlaps, else
/// [`NO_EVENT`].
fn trigger_examples(tokenizer: &SentenceTokenizer, doc: &Record) -> Result<Vec<Example>> {
    let text = doc.text.as_str();
    let index = CharIndex::new(text);
    segment(text)
        .into_iter()
        .map(|bytes| {
            let sentence = tokenizer.tokenize(text, bytes)?;
            let mut labels = vec![-100i64; sentence.pieces.len()];
            for (word, first) in sentence.first_pieces().into_iter().enumerate() {
                let Some(piece) = first else { continue };
                let span = index.char_span(sentence.words[word].clone());
                let event = doc
                    .events
                    .iter()
                    .find(|e| e.trigger.start < span.end && span.start < e.trigger.end);
                labels[piece] = event.map_or(NO_EVENT, |e| class_of(e.kind)) as i64;
            }
            Ok(Example { sentence, labels })
        })
        .collect()
}

/// Length-sorted batches of about `batch_size` sentences (little padding).
fn length_batches(rows: &[TrainingRow], batch_size: usize) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_key(|&i| (rows[i].row.ids.len(), i));
    let mut batches: Vec<Vec<usize>> = Vec::new();
    let mut batch_sentences = 0;
    for i in order {
        if batches.is_empty() || batch_sentences >= batch_size.max(1) {
            batches.push(Vec::new());
            batch_sentences = 0;
        }
        if let Some(batch) = batches.last_mut() {
            batch.push(i);
        }
        batch_sentences += rows[i].sentences;
    }
    batches
}

/// The rows of a batch and their labels as a `[rows, width]` tensor.
fn batch_tensors(rows: &[TrainingRow], batch: &[usize], device: Device) -> (Vec<EncoderRow>, Tensor) {
    let members: Vec<&TrainingRow> = batch.iter().map(|&i| &rows[i]).collect();
    let encoder_rows: Vec<EncoderRow> = members.iter().map(|m| m.row.clone()).collect();
    let width = encoder_rows.iter().map(|r| r.ids.len()).max().unwrap_or(0);
    let mut labels = Vec::with_capacity(encoder_rows.len() * width);
    for member in &members {
        labels.extend(&member.labels);
        labels.extend(std::iter::repeat_n(-100, width - member.labels.len()));
    }
    let labels = Tensor::from_slice(&labels)
        .view([encoder_rows.len() as i64, width as i64])
        .to(device);
    (encoder_rows, labels)
}

/// Mean cross-entropy of `[rows, width, classes]` logits against `[rows, width]` labels.
fn token_loss(logits: &Tensor, labels: &Tensor, classes: usize) -> Tensor {
    logits
        .view([-1, classes as i64])
        .to_kind(Kind::Float)
        .cross_entropy_loss::<Tensor>(&labels.view([-1]), None, Reduction::Mean, -100, 0.0)
}

fn prepare(tokenizer: &SentenceTokenizer, sentences: &[ConllSentence]) -> Result<Vec<Example>> {
    sentences
        .iter()
        .map(|s| {
            let (text, words) = s.text();
            let sentence = tokenizer.tokenize_words(&text, 0..text.len(), words)?;
            let mut labels = vec![-100i64; sentence.pieces.len()];
            for (word, first) in sentence.first_pieces().into_iter().enumerate() {
                if let Some(piece) = first {
                    labels[piece] = label_index(&s.tags[word]).unwrap_or(0) as i64;
                }
            }
            Ok(Example { sentence, labels })
        })
        .collect()
}

/// The trainable model: encoder (with shape embedding), NER head, and the
/// event-trigger head when trained multitask.
pub struct NerNet {
    /// The encoder.
    pub encoder: TchEncoder,
    head: nn::Linear,
    trigger: Option<nn::Linear>,
}

impl NerNet {
    /// Base encoder weights plus fresh heads (a trigger head when `triggers`).
    ///
    /// # Errors
    /// The base encoder cannot be loaded.
    pub fn from_base(encoder_dir: &Path, device: Device, layers: Option<usize>, triggers: bool) -> Result<NerNet> {
        let encoder = TchEncoder::load_base(encoder_dir, device, layers, None)?;
        let hidden = encoder.config().hidden_size;
        let linear = |name: &str, classes: usize| {
            nn::linear(
                encoder.var_store().root() / "ner" / name,
                hidden,
                classes as i64,
                Default::default(),
            )
        };
        let head = linear("classifier", LABELS.len());
        let trigger = triggers.then(|| linear("trigger", EVENT_CLASSES));
        Ok(NerNet { encoder, head, trigger })
    }

    /// The head as plain weights, for inference in Rust.
    ///
    /// # Errors
    /// A tensor cannot be copied out.
    pub fn head_weights(&self) -> Result<NerHead> {
        let width = self.encoder.config().hidden_size as usize;
        let weight = Vec::<f32>::try_from(self.head.ws.to_kind(Kind::Float).flatten(0, -1))?;
        let bias = match &self.head.bs {
            Some(b) => Vec::<f32>::try_from(b.to_kind(Kind::Float))?,
            None => vec![0.0; LABELS.len()],
        };
        Ok(NerHead { width, weight, bias })
    }

    /// The encoder's states for `rows`, with the heads' dropout when training.
    fn states(&self, rows: &[EncoderRow], train: bool) -> Result<Tensor> {
        let (ids, shapes, mask) = self.encoder.pad(rows);
        Ok(self.encoder.forward(&ids, &shapes, &mask, train)?.dropout(0.1, train))
    }

    fn logits(&self, rows: &[EncoderRow], train: bool) -> Result<Tensor> {
        Ok(self.head.forward(&self.states(rows, train)?))
    }

    /// The trigger head's logits (None without one).
    fn trigger_logits(&self, rows: &[EncoderRow], train: bool) -> Result<Option<Tensor>> {
        let Some(trigger) = &self.trigger else {
            return Ok(None);
        };
        Ok(Some(trigger.forward(&self.states(rows, train)?)))
    }

    /// Writes every variable but the frozen word embeddings, as fp16 safetensors.
    ///
    /// # Errors
    /// The file cannot be written.
    pub fn save(&self, path: &Path) -> Result<()> {
        let mut named: Vec<(String, Tensor)> = self
            .encoder
            .var_store()
            .variables()
            .into_iter()
            .filter(|(name, _)| name != WORD_EMBEDDINGS)
            .map(|(name, t)| (name, t.to_kind(Kind::Half).to(Device::Cpu)))
            .collect();
        named.push((
            CONTEXT_TENSOR.into(),
            Tensor::from_slice(&[self.encoder.context_pieces() as f32]),
        ));
        named.push((
            LAYERS_TENSOR.into(),
            Tensor::from_slice(&[self.encoder.config().num_hidden_layers as f32]),
        ));
        named.sort_by(|a, b| a.0.cmp(&b.0));
        Tensor::write_safetensors(&named, path).map_err(|e| Error::Model {
            name: path.display().to_string(),
            message: e.to_string(),
        })
    }
}

/// Tags sentences with the current weights and scores them against their gold tags.
fn evaluate_sentences(
    net: &mut NerNet,
    tokenizer: &SentenceTokenizer,
    sentences: &[ConllSentence],
    decoding: Decoding,
    bf16: bool,
) -> Result<ConllScores> {
    let head = net.head_weights()?;
    let _autocast = bf16.then(CpuAutocast::enable);
    let predicted = tag_conll(&mut net.encoder, &head, tokenizer, sentences, decoding)?;
    let gold: Vec<Vec<String>> = sentences.iter().map(|s| s.tags.clone()).collect();
    Ok(score_bio(&gold, &predicted))
}

/// Runs training and writes `model.safetensors`, `config.json`, `labels.json`
/// and `metrics.json` to `config.out`.
///
/// # Errors
/// Data or base model missing, or libtorch failed.
pub fn train_ner(config: &NerTrainConfig, encoder_dir: &Path, tokenizer: &SentenceTokenizer) -> Result<NerMetrics> {
    let started = Instant::now();
    tch::manual_seed(config.seed as i64);
    let device = Device::cuda_if_available();
    let read = |split: &str| read_conll(&config.data.join(format!("{split}.txt")));
    let mut train_sentences = read("train")?;
    if let Some(limit) = config.limit {
        train_sentences.truncate(limit);
    }
    let examples = prepare(tokenizer, &train_sentences)?;
    let documents = document_ranges(&train_sentences).into_iter().map(|r| &examples[r]);
    let train = pack_documents(tokenizer, documents, config.context_pieces);
    let valid = read("valid")?;
    let test = read("test")?;
    let mut gold_examples = Vec::new();
    for path in &config.triggers {
        for doc in read_records(path)? {
            gold_examples.push(trigger_examples(tokenizer, &doc)?);
        }
    }
    let gold = pack_documents(
        tokenizer,
        gold_examples.iter().map(Vec::as_slice),
        config.context_pieces,
    );
    let gold_batches = length_batches(&gold, config.batch_size);
    let mut gold_visit: Vec<usize> = Vec::new();

    let mut net = NerNet::from_base(encoder_dir, device, config.layers, !gold.is_empty())?;
    net.encoder.set_context_pieces(config.context_pieces);
    if let Some(words) = net.encoder.var_store().variables().get(WORD_EMBEDDINGS) {
        let _ = words.shallow_clone().set_requires_grad(false);
    }
    let mut optimizer = nn::AdamW::default()
        .wd(config.weight_decay)
        .build(net.encoder.var_store(), config.learning_rate)?;

    // Length-sorted batches (little padding), visited in a seeded random order.
    let batches = length_batches(&train, config.batch_size);
    let total_steps = batches.len() * config.epochs;
    let warmup_steps = ((total_steps as f64) * config.warmup).max(1.0);
    let mut rng = SplitMix64::new(config.seed);

    std::fs::create_dir_all(&config.out).map_err(|source| Error::Input {
        path: config.out.clone(),
        source,
    })?;
    let model_path = config.out.join("model.safetensors");
    let mut best: Option<(f64, usize)> = None;
    let mut valid_f1_by_epoch = Vec::new();
    let mut step = 0usize;
    let mut trained_pieces = 0usize;
    let mut train_seconds = 0.0;
    for epoch in 1..=config.epochs {
        let mut visit: Vec<usize> = (0..batches.len()).collect();
        rng.shuffle(&mut visit);
        let bar = ProgressBar::new(visit.len() as u64);
        if let Ok(style) = ProgressStyle::with_template("epoch {prefix} {bar:30} {pos}/{len} {msg} ETA {eta}") {
            bar.set_style(style);
        }
        bar.set_prefix(format!("{epoch}/{}", config.epochs));
        let epoch_started = Instant::now();
        let mut epoch_pieces = 0usize;
        let mut loss_sum = 0.0;
        let (mut trigger_loss_sum, mut trigger_steps) = (0.0, 0usize);
        for (n, &b) in visit.iter().enumerate() {
            let (rows, labels) = batch_tensors(&train, &batches[b], device);
            let lr = if (step as f64) < warmup_steps {
                config.learning_rate * (step as f64 + 1.0) / warmup_steps
            } else {
                config.learning_rate * ((total_steps - step) as f64 / (total_steps as f64 - warmup_steps).max(1.0))
            };
            optimizer.set_lr(lr.max(0.0));
            let loss = {
                let _autocast = config.bf16.then(CpuAutocast::enable);
                token_loss(&net.logits(&rows, true)?, &labels, LABELS.len())
            };
            optimizer.backward_step_clip_norm(&loss, 1.0);
            if !gold_batches.is_empty() && (step + 1).is_multiple_of(config.trigger_every.max(1)) {
                // The gold batches in a fresh seeded order on every pass.
                if gold_visit.is_empty() {
                    gold_visit = (0..gold_batches.len()).collect();
                    rng.shuffle(&mut gold_visit);
                }
                if let Some(g) = gold_visit.pop() {
                    let (rows, labels) = batch_tensors(&gold, &gold_batches[g], device);
                    let _autocast = config.bf16.then(CpuAutocast::enable);
                    if let Some(logits) = net.trigger_logits(&rows, true)? {
                        let loss = token_loss(&logits, &labels, EVENT_CLASSES);
                        optimizer.backward_step_clip_norm(&loss, 1.0);
                        trigger_loss_sum += f64::try_from(&loss)?;
                        trigger_steps += 1;
                    }
                }
            }
            loss_sum += f64::try_from(&loss)?;
            step += 1;
            epoch_pieces += rows.iter().map(|r| r.ids.len()).sum::<usize>();
            bar.inc(1);
            if n % 10 == 0 {
                let rate = epoch_pieces as f64 / epoch_started.elapsed().as_secs_f64().max(1e-9);
                bar.set_message(format!("loss {:.4}  {rate:.0} pieces/s", loss_sum / (n + 1) as f64));
            }
        }
        bar.finish_and_clear();
        train_seconds += epoch_started.elapsed().as_secs_f64();
        trained_pieces += epoch_pieces;
        let valid_scores = evaluate_sentences(&mut net, tokenizer, &valid, Decoding::Viterbi, config.bf16)?;
        let f1 = valid_scores.micro.f1;
        valid_f1_by_epoch.push(f1);
        let trigger_note = if trigger_steps > 0 {
            format!(
                ", trigger loss {:.4} over {trigger_steps} gold batches",
                trigger_loss_sum / trigger_steps as f64
            )
        } else {
            String::new()
        };
        eprintln!(
            "epoch {epoch}: loss {:.4}{trigger_note}, valid F1 {f1:.4}, {:.0} s",
            loss_sum / visit.len() as f64,
            epoch_started.elapsed().as_secs_f64()
        );
        if best.is_none_or(|(b, _)| f1 > b) {
            best = Some((f1, epoch));
            net.save(&model_path)?;
        } else if best.is_some_and(|(_, e)| epoch - e >= config.patience) {
            eprintln!("no better validation F1 for {} epochs: stopping", config.patience);
            break;
        }
    }
    let best_epoch = best.map_or(0, |(_, e)| e);
    // Score the kept weights, as they will be loaded.
    net.encoder.load_safetensors(&model_path, None)?;
    let valid_scores = evaluate_sentences(&mut net, tokenizer, &valid, Decoding::Viterbi, config.bf16)?;
    let test_scores = evaluate_sentences(&mut net, tokenizer, &test, Decoding::Viterbi, config.bf16)?;
    let test_greedy = evaluate_sentences(&mut net, tokenizer, &test, Decoding::Greedy, config.bf16)?;
    let metrics = NerMetrics {
        config: config.clone(),
        best_epoch,
        valid_f1_by_epoch,
        valid: valid_scores,
        test: test_scores,
        test_greedy,
        seconds: started.elapsed().as_secs_f64(),
        train_pieces_per_second: trained_pieces as f64 / train_seconds.max(1e-9),
    };
    let write = |name: &str, value: &dyn erased::Json| -> Result<()> {
        let path = config.out.join(name);
        std::fs::write(&path, value.pretty()?).map_err(|source| Error::Input { path, source })
    };
    write("metrics.json", &metrics)?;
    write("labels.json", &LABELS)?;
    write("config.json", net.encoder.config())?;
    Ok(metrics)
}

mod erased {
    //! Pretty JSON for the few different values `train_ner` writes.
    pub trait Json {
        fn pretty(&self) -> serde_json::Result<String>;
    }
    impl<T: serde::Serialize> Json for T {
        fn pretty(&self) -> serde_json::Result<String> {
            serde_json::to_string_pretty(self)
        }
    }
}

/// Whether bf16 autocast should be used by default here.
pub fn default_bf16() -> bool {
    cpu_has_native_bf16()
}
