//! `accord train events`: the trigger and role classifiers of the event stage,
//! trained on gold documents (the corpus's training and development splits
//! and the CAMEO-style and wire training sets) plus the PETRARCH validation
//! sentences, on the frozen states of the NER encoder (the pipeline computes
//! those once per sentence for all heads). Each classifier is an ensemble of
//! MLPs that differ only in their seed.
//!
//! The gold data is small, so the final classifiers are fitted on all of it;
//! the event threshold is chosen on out-of-fold predictions of a k-fold
//! cross-validation over those documents (every gold document is predicted
//! once by classifiers that did not see it, with trigger words learned from
//! the other folds only). The test split and the probe sets are never read.
//!
//! PETRARCH records code sentences, not triggers: a candidate whose dictionary
//! type is the only one of the sentence's coded types becomes a positive
//! example; candidates whose type the sentence does not code, and all
//! candidates of sentences coded as having no event, are negatives; the rest
//! is left out.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use serde::Serialize;
use tch::{nn, nn::Module, nn::OptimizerConfig, Device, Kind, Tensor};

use crate::encode::{encode_sentences, Encoder, Hidden};
use crate::error::{Error, Result};
use crate::eval::bootstrap::SplitMix64;
use crate::eval::check::read_records;
use crate::events::classify::{
    candidates, class_of, decide, may_have_role, role_feature_size, role_features, trigger_feature_size,
    trigger_features, EarlierCandidates, Ensemble, Mlp, SentenceView, EVENT_CLASSES, NO_EVENT, ROLES,
};
use crate::events::extract::{locate_entities, lower_words};
use crate::events::lexicon::Candidate;
use crate::events::modality::cues;
use crate::events::plover::plover;
use crate::ner::home::{give_home_country, home_country};
use crate::ner::nominal::find_nominals;
use crate::offsets::CharIndex;
use crate::record::{Entity, EntityType, EventType, Record};
use crate::segment::segment;
use crate::tokenize::{SentenceTokenizer, TokenizedSentence};

/// Settings of one training run.
#[derive(Debug, Clone, Serialize)]
pub struct EventTrainConfig {
    /// Gold training documents (one or more files).
    pub train: Vec<PathBuf>,
    /// Gold development documents (fitted with the training ones; the
    /// cross-validation folds run over both).
    pub dev: PathBuf,
    /// Cross-validation folds for the event threshold and the reported scores.
    pub folds: usize,
    /// Files among `train` whose out-of-fold predictions choose the event
    /// threshold (empty: every document's). Meant for files whose triggers
    /// the encoder never learned: on the others the out-of-fold event
    /// probabilities run high, and so would the threshold.
    pub threshold_sets: Vec<PathBuf>,
    /// How many times the threshold sets' examples count in the classifiers'
    /// fit (1: like any other document's). Their encoder states are the only
    /// ones shaped like those of the text accord is run on.
    pub threshold_weight: usize,
    /// PETRARCH sentence files.
    pub petrarch: Vec<PathBuf>,
    /// Output folder.
    pub out: PathBuf,
    /// Epochs per classifier (fixed: there is no held-out set to stop on).
    pub epochs: usize,
    /// Hidden units of each MLP.
    pub hidden: usize,
    /// MLPs per classifier, averaged (seeds `seed`, `seed + 1`, ...).
    pub members: usize,
    /// AdamW learning rate.
    pub learning_rate: f64,
    /// Seed.
    pub seed: u64,
    /// The encoder layer whose states the classifiers read besides the last
    /// layer's (the encoder passed to [`train_events`] must carry it).
    pub tap_layer: Option<usize>,
}

/// What a run measured, written as `metrics.json`.
#[derive(Debug, Clone, Serialize)]
pub struct EventMetrics {
    /// Settings.
    pub config: EventTrainConfig,
    /// Gold documents fitted (train + dev).
    pub documents: usize,
    /// Trigger examples of the final fit (gold, PETRARCH) and their positives.
    pub trigger_examples: BTreeMap<String, usize>,
    /// Role examples of the final fit.
    pub role_examples: usize,
    /// Candidate-level trigger micro F1 of the out-of-fold predictions at the chosen threshold.
    pub cv_trigger_f1: f64,
    /// Role micro F1 (non-`none` roles, gold events) of the out-of-fold predictions.
    pub cv_role_f1: f64,
    /// A candidate is an event when `1 - P(no event)` reaches this (chosen
    /// on the out-of-fold predictions of the threshold sets' documents).
    pub event_threshold: f32,
    /// Documents whose out-of-fold predictions chose the threshold.
    pub threshold_documents: usize,
    /// Candidate-level trigger micro F1 of those predictions at the threshold.
    pub threshold_set_f1: f64,
    /// Share of gold triggers that some candidate covers, with trigger words
    /// learned from the other folds (the recall ceiling on unseen text).
    pub cv_candidate_recall: f64,
}

struct Examples {
    x: Vec<f32>,
    y: Vec<i64>,
    width: usize,
}

impl Examples {
    fn new(width: usize) -> Examples {
        Examples {
            x: Vec::new(),
            y: Vec::new(),
            width,
        }
    }
    fn push(&mut self, x: Vec<f32>, y: usize) {
        debug_assert_eq!(x.len(), self.width);
        self.x.extend(x);
        self.y.push(y as i64);
    }
    fn len(&self) -> usize {
        self.y.len()
    }
    /// Appends `times` more copies of the examples from index `from` on.
    fn repeat_tail(&mut self, from: usize, times: usize) {
        let (x, y) = (self.x[from * self.width..].to_vec(), self.y[from..].to_vec());
        for _ in 0..times {
            self.x.extend_from_slice(&x);
            self.y.extend_from_slice(&y);
        }
    }
}

/// A document run through segmentation, tokenization and the encoder.
struct Analysed {
    index: CharIndex,
    sentences: Vec<TokenizedSentence>,
    states: Vec<Hidden>,
}

fn analyse(record: &Record, tokenizer: &SentenceTokenizer, encoder: &mut dyn Encoder) -> Result<Analysed> {
    let text = record.text.as_str();
    let sentences: Vec<TokenizedSentence> = segment(text)
        .into_iter()
        .map(|b| tokenizer.tokenize(text, b))
        .collect::<Result<_>>()?;
    let refs: Vec<&TokenizedSentence> = sentences.iter().collect();
    let states = encode_sentences(encoder, tokenizer, &refs)?;
    Ok(Analysed {
        index: CharIndex::new(text),
        sentences,
        states,
    })
}

/// Trigger words of the training gold with their most frequent type.
fn learn_triggers(docs: &[Record]) -> BTreeMap<String, EventType> {
    let mut counts: HashMap<String, BTreeMap<EventType, usize>> = HashMap::new();
    for doc in docs {
        for event in &doc.events {
            *counts
                .entry(event.trigger.text.to_lowercase())
                .or_default()
                .entry(event.kind)
                .or_default() += 1;
        }
    }
    counts
        .into_iter()
        .filter(|(word, _)| !word.contains(' '))
        .filter_map(|(word, kinds)| {
            kinds
                .into_iter()
                .max_by_key(|(k, n)| (*n, std::cmp::Reverse(*k)))
                .map(|(k, _)| (word, k))
        })
        .collect()
}

/// Adds a gold document's trigger and role examples; returns (gold triggers, covered by a candidate).
fn gold_examples(
    doc: &Record,
    analysed: &Analysed,
    learned: &BTreeMap<String, EventType>,
    triggers: &mut Examples,
    roles: &mut Examples,
) -> (usize, usize) {
    let text = doc.text.as_str();
    let located = locate_entities(&analysed.sentences, &analysed.index, &doc.entities);
    // Group nouns the pipeline will offer as parties: those the gold did not
    // label are no party, and the role classifier has to learn that too.
    let mut unlabelled: Vec<Entity> = find_nominals(text, &analysed.index, &analysed.sentences, &doc.entities)
        .into_iter()
        .filter(|n| doc.entities.iter().all(|e| e.end <= n.start || n.end <= e.start))
        .collect();
    // The home country extraction gives them: "no party" is learned from the same features.
    if let Some(home) = home_country(text, &doc.entities) {
        give_home_country(&home, &mut unlabelled);
    }
    let unlabelled_at = locate_entities(&analysed.sentences, &analysed.index, &unlabelled);
    let (mut gold_count, mut covered_count) = (0, 0);
    let mut earlier = EarlierCandidates::default();
    for (s, (sentence, state)) in analysed.sentences.iter().zip(&analysed.states).enumerate() {
        let words = lower_words(text, sentence);
        let view = SentenceView::new(words.clone(), sentence.first_pieces(), state);
        let chars = analysed.index.char_span(sentence.bytes.clone());
        let word_chars: Vec<(usize, usize)> = sentence
            .words
            .iter()
            .map(|w| {
                let c = analysed.index.char_span(w.clone());
                (c.start, c.end)
            })
            .collect();
        let gold: Vec<_> = doc
            .events
            .iter()
            .filter(|e| e.trigger.start >= chars.start && e.trigger.end <= chars.end)
            .collect();
        let mut covered = vec![false; gold.len()];
        for candidate in candidates(&words, learned) {
            let (start, end) = (
                word_chars[candidate.words.start].0,
                word_chars[candidate.words.end - 1].1,
            );
            let matched = gold.iter().position(|e| e.trigger.start < end && start < e.trigger.end);
            let label = matched.map_or(NO_EVENT, |g| {
                covered[g] = true;
                class_of(gold[g].kind)
            });
            let repeats = earlier.repeats(&candidate);
            earlier.note(&candidate);
            triggers.push(
                trigger_features(&view, &candidate, cues(&words, candidate.words.start), repeats),
                label,
            );
        }
        for (g, event) in gold.iter().enumerate() {
            gold_count += 1;
            let Some(word) = word_chars
                .iter()
                .position(|&(ws, we)| ws < event.trigger.end && event.trigger.start < we)
            else {
                continue;
            };
            if covered[g] {
                covered_count += 1;
            } else {
                // A trigger no candidate covers still teaches the classifier its context.
                let candidate = Candidate {
                    words: word..word + 1,
                    lemma: words[word].clone(),
                    cameo: None,
                    kind: learned.get(&words[word]).copied(),
                    nominal: false,
                };
                triggers.push(
                    trigger_features(&view, &candidate, cues(&words, word), earlier.repeats(&candidate)),
                    class_of(event.kind),
                );
            }
            for (entity, place) in doc.entities.iter().zip(&located) {
                let Some((es, ewords)) = place else { continue };
                if *es != s || !may_have_role(entity.kind) || ewords.contains(&word) {
                    continue;
                }
                let id = &entity.id;
                let role = match (event.sources.contains(id), event.targets.contains(id)) {
                    (true, true) => "both",
                    (true, false) => "source",
                    (false, true) => "target",
                    _ if event.location.as_ref() == Some(id) => "location",
                    _ if event.time.as_ref() == Some(id) => "time",
                    _ => "none",
                };
                let has_country = entity.country().is_some();
                let x = role_features(&view, word, event.kind, ewords, entity.kind, has_country);
                roles.push(x, ROLES.iter().position(|r| *r == role).unwrap_or(0));
            }
            for (nominal, place) in unlabelled.iter().zip(&unlabelled_at) {
                let Some((ns, nwords)) = place else { continue };
                if *ns == s && !nwords.contains(&word) {
                    let has_country = nominal.country().is_some();
                    roles.push(
                        role_features(&view, word, event.kind, nwords, EntityType::Nom, has_country),
                        0,
                    );
                }
            }
        }
    }
    (gold_count, covered_count)
}

/// Adds weakly labelled trigger examples from a PETRARCH record.
fn petrarch_examples(
    line: &serde_json::Value,
    analysed: &Analysed,
    text: &str,
    learned: &BTreeMap<String, EventType>,
    triggers: &mut Examples,
) -> usize {
    let no_events = line
        .get("no_events")
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false);
    let coded: Vec<EventType> = line
        .get("events")
        .and_then(serde_json::Value::as_array)
        .map(|events| {
            events
                .iter()
                .filter_map(|e| e.get("cameo")?.as_str())
                .filter_map(plover)
                .map(|p| p.kind)
                .collect()
        })
        .unwrap_or_default();
    let mut added = 0;
    let mut earlier = EarlierCandidates::default();
    for (sentence, state) in analysed.sentences.iter().zip(&analysed.states) {
        let words = lower_words(text, sentence);
        let view = SentenceView::new(words.clone(), sentence.first_pieces(), state);
        let found = candidates(&words, learned);
        for candidate in &found {
            let repeats = earlier.repeats(candidate);
            earlier.note(candidate);
            let label = match candidate.kind {
                _ if no_events => NO_EVENT,
                Some(kind) if coded.contains(&kind) => {
                    if found.iter().filter(|c| c.kind == Some(kind)).count() == 1 {
                        class_of(kind)
                    } else {
                        continue;
                    }
                }
                Some(_) if !coded.is_empty() => NO_EVENT,
                _ => continue,
            };
            triggers.push(
                trigger_features(&view, candidate, cues(&words, candidate.words.start), repeats),
                label,
            );
            added += 1;
        }
    }
    added
}

/// Trains `config.members` MLPs that differ only in their seed.
fn train_ensemble(name: &str, train: &Examples, classes: usize, config: &EventTrainConfig) -> Result<Ensemble> {
    let members = (0..config.members.max(1) as u64)
        .map(|k| train_mlp(name, train, classes, config, config.seed.wrapping_add(k)))
        .collect::<Result<_>>()?;
    Ok(Ensemble { members })
}

/// Trains an MLP with AdamW for `config.epochs` epochs.
fn train_mlp(name: &str, train: &Examples, classes: usize, config: &EventTrainConfig, seed: u64) -> Result<Mlp> {
    tch::manual_seed(seed as i64);
    let device = Device::Cpu;
    let vs = nn::VarStore::new(device);
    let l1 = nn::linear(
        vs.root() / name / "l1",
        train.width as i64,
        config.hidden as i64,
        Default::default(),
    );
    let l2 = nn::linear(
        vs.root() / name / "l2",
        config.hidden as i64,
        classes as i64,
        Default::default(),
    );
    let mut optimizer = nn::AdamW::default().wd(0.01).build(&vs, config.learning_rate)?;
    let x = Tensor::from_slice(&train.x).view([train.len() as i64, train.width as i64]);
    let y = Tensor::from_slice(&train.y);
    let mut rng = SplitMix64::new(seed);
    for _ in 0..config.epochs {
        let mut order: Vec<i64> = (0..train.len() as i64).collect();
        rng.shuffle(&mut order);
        for batch in order.chunks(64) {
            let index = Tensor::from_slice(batch);
            let logits = l2.forward(&l1.forward(&x.index_select(0, &index)).relu().dropout(0.2, true));
            let loss = logits.cross_entropy_for_logits(&y.index_select(0, &index));
            optimizer.backward_step(&loss);
        }
    }
    to_mlp(&l1, &l2)
}

fn to_mlp(l1: &nn::Linear, l2: &nn::Linear) -> Result<Mlp> {
    let values = |t: &Tensor| -> Result<Vec<f32>> { Ok(Vec::<f32>::try_from(t.to_kind(Kind::Float).flatten(0, -1))?) };
    let zeros = |n: i64| Tensor::zeros([n], (Kind::Float, Device::Cpu));
    let (hidden, input) = (l1.ws.size()[0], l1.ws.size()[1]);
    let output = l2.ws.size()[0];
    Ok(Mlp {
        input: input as usize,
        hidden: hidden as usize,
        output: output as usize,
        w1: values(&l1.ws)?,
        b1: values(l1.bs.as_ref().unwrap_or(&zeros(hidden)))?,
        w2: values(&l2.ws)?,
        b2: values(l2.bs.as_ref().unwrap_or(&zeros(output)))?,
    })
}

/// The event threshold that maximises candidate-level micro F1 of held-out
/// predictions (`probabilities` per candidate, `gold` classes).
fn tune_threshold(probabilities: &[Vec<f32>], gold: &[i64]) -> (f32, f64) {
    let mut best = (0.5, 0.0);
    for step in 1..20 {
        let threshold = step as f32 * 0.05;
        let f1 = trigger_f1(probabilities, gold, threshold);
        if f1 > best.1 {
            best = (threshold, f1);
        }
    }
    best
}

/// Candidate-level trigger micro F1 of predictions at `threshold`.
fn trigger_f1(probabilities: &[Vec<f32>], gold: &[i64], threshold: f32) -> f64 {
    let predicted: Vec<i64> = probabilities
        .iter()
        .map(|p| decide(p, threshold).map_or(NO_EVENT as i64, |c| c as i64))
        .collect();
    micro_f1(gold, &predicted, NO_EVENT as i64)
}

/// Micro F1 over the labels other than `negative`.
fn micro_f1(gold: &[i64], predicted: &[i64], negative: i64) -> f64 {
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for (&g, &p) in gold.iter().zip(predicted) {
        if p != negative && p == g {
            tp += 1.0;
        } else {
            if p != negative {
                fp += 1.0;
            }
            if g != negative {
                fn_ += 1.0;
            }
        }
    }
    if tp == 0.0 {
        0.0
    } else {
        2.0 * tp / (2.0 * tp + fp + fn_)
    }
}

fn ensemble_tensors(prefix: &str, ensemble: &Ensemble) -> Vec<(String, Tensor)> {
    ensemble
        .members
        .iter()
        .enumerate()
        .flat_map(|(k, mlp)| mlp_tensors(&format!("{prefix}.{k}"), mlp))
        .collect()
}

fn mlp_tensors(prefix: &str, mlp: &Mlp) -> Vec<(String, Tensor)> {
    let t = |v: &[f32], shape: &[i64]| Tensor::from_slice(v).view(shape);
    vec![
        (
            format!("{prefix}.l1.weight"),
            t(&mlp.w1, &[mlp.hidden as i64, mlp.input as i64]),
        ),
        (format!("{prefix}.l1.bias"), t(&mlp.b1, &[mlp.hidden as i64])),
        (
            format!("{prefix}.l2.weight"),
            t(&mlp.w2, &[mlp.output as i64, mlp.hidden as i64]),
        ),
        (format!("{prefix}.l2.bias"), t(&mlp.b2, &[mlp.output as i64])),
    ]
}

/// The gold documents and PETRARCH sentences, segmented and encoded once.
struct Corpus {
    docs: Vec<Record>,
    /// Per document: whether it comes from a threshold set.
    chooses_threshold: Vec<bool>,
    analysed: Vec<Analysed>,
    petrarch: Vec<(serde_json::Value, String, Analysed)>,
}

/// Examples of the gold documents `docs` (indices into the corpus), then of
/// all PETRARCH sentences when fitting, with trigger words from `learned`;
/// when fitting, a threshold set's examples come `threshold_weight` times.
/// Returns the trigger and role examples, how many trigger examples came from
/// the gold documents, and (gold triggers, covered by a candidate).
fn fold_examples(
    corpus: &Corpus,
    docs: &[usize],
    learned: &BTreeMap<String, EventType>,
    width: usize,
    fitting: Option<&EventTrainConfig>,
) -> (Examples, Examples, usize, (usize, usize)) {
    let mut triggers = Examples::new(trigger_feature_size(width));
    let mut roles = Examples::new(role_feature_size(width));
    let (mut gold, mut covered) = (0, 0);
    for &d in docs {
        let (trigger_start, role_start) = (triggers.len(), roles.len());
        let (g, c) = gold_examples(&corpus.docs[d], &corpus.analysed[d], learned, &mut triggers, &mut roles);
        gold += g;
        covered += c;
        if let Some(config) = fitting.filter(|_| corpus.chooses_threshold[d]) {
            let more = config.threshold_weight.saturating_sub(1);
            triggers.repeat_tail(trigger_start, more);
            roles.repeat_tail(role_start, more);
        }
    }
    let from_gold = triggers.len();
    if fitting.is_some() {
        for (line, text, analysed) in &corpus.petrarch {
            petrarch_examples(line, analysed, text, learned, &mut triggers);
        }
    }
    (triggers, roles, from_gold, (gold, covered))
}

fn read_corpus(config: &EventTrainConfig, tokenizer: &SentenceTokenizer, encoder: &mut dyn Encoder) -> Result<Corpus> {
    let mut docs = Vec::new();
    let mut chooses_threshold = Vec::new();
    for path in &config.threshold_sets {
        if !config.train.contains(path) && *path != config.dev {
            return Err(Error::Invalid(format!(
                "threshold set {} is not among the training files",
                path.display()
            )));
        }
    }
    for path in config.train.iter().chain([&config.dev]) {
        let records = read_records(path)?;
        chooses_threshold.extend(records.iter().map(|_| config.threshold_sets.contains(path)));
        docs.extend(records);
    }
    let analysed = docs
        .iter()
        .map(|doc| analyse(doc, tokenizer, encoder))
        .collect::<Result<Vec<_>>>()?;
    let mut petrarch = Vec::new();
    for path in &config.petrarch {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Input {
            path: path.clone(),
            source,
        })?;
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let value: serde_json::Value = serde_json::from_str(line)?;
            let Some(sentence) = value.get("text").and_then(serde_json::Value::as_str) else {
                continue;
            };
            let record = Record {
                id: String::new(),
                text: sentence.to_owned(),
                ..Record::default()
            };
            let analysed = analyse(&record, tokenizer, encoder)?;
            petrarch.push((value.clone(), sentence.to_owned(), analysed));
        }
    }
    Ok(Corpus {
        docs,
        chooses_threshold,
        analysed,
        petrarch,
    })
}

/// Trains both classifiers and writes `model.safetensors`, `triggers.json`
/// and `metrics.json` to `config.out`.
///
/// # Errors
/// Input files missing or libtorch failure.
pub fn train_events(
    config: &EventTrainConfig,
    tokenizer: &SentenceTokenizer,
    encoder: &mut dyn Encoder,
) -> Result<EventMetrics> {
    tch::manual_seed(config.seed as i64);
    let width = encoder.hidden_size();
    let corpus = read_corpus(config, tokenizer, encoder)?;
    let all: Vec<usize> = (0..corpus.docs.len()).collect();

    // Out-of-fold predictions: documents are dealt to folds in a seeded order.
    let folds = config.folds.clamp(2, all.len().max(2));
    let mut order = all.clone();
    SplitMix64::new(config.seed).shuffle(&mut order);
    // Out-of-fold trigger predictions of every document, and of the threshold sets'.
    let (mut held_probabilities, mut held_gold) = (Vec::new(), Vec::new());
    let (mut threshold_probabilities, mut threshold_gold) = (Vec::new(), Vec::new());
    let (mut role_gold, mut role_predicted) = (Vec::new(), Vec::new());
    let (mut gold_triggers, mut covered_triggers) = (0, 0);
    for fold in 0..folds {
        let held: Vec<usize> = order.iter().copied().skip(fold).step_by(folds).collect();
        let fitted: Vec<usize> = all.iter().copied().filter(|d| !held.contains(d)).collect();
        let fitted_docs: Vec<Record> = fitted.iter().map(|&d| corpus.docs[d].clone()).collect();
        let learned = learn_triggers(&fitted_docs);
        let (triggers, roles, _, _) = fold_examples(&corpus, &fitted, &learned, width, Some(config));
        let event = train_ensemble("event", &triggers, EVENT_CLASSES, config)?;
        let role = train_ensemble("role", &roles, ROLES.len(), config)?;
        // The threshold sets' documents apart, so their predictions can be kept apart too.
        let (threshold_held, other_held): (Vec<usize>, Vec<usize>) =
            held.iter().partition(|&&d| corpus.chooses_threshold[d]);
        for (docs, chooses) in [(threshold_held, true), (other_held, false)] {
            let (held_triggers, held_roles, _, (g, c)) = fold_examples(&corpus, &docs, &learned, width, None);
            gold_triggers += g;
            covered_triggers += c;
            let probabilities: Vec<Vec<f32>> = held_triggers
                .x
                .chunks(width_of(&held_triggers))
                .map(|x| event.probabilities(x))
                .collect();
            if chooses {
                threshold_probabilities.extend_from_slice(&probabilities);
                threshold_gold.extend_from_slice(&held_triggers.y);
            }
            held_probabilities.extend(probabilities);
            held_gold.extend_from_slice(&held_triggers.y);
            role_predicted.extend(
                held_roles
                    .x
                    .chunks(width_of(&held_roles))
                    .map(|x| argmax(&role.probabilities(x))),
            );
            role_gold.extend_from_slice(&held_roles.y);
        }
        eprintln!("fold {}/{folds}: {} held-out documents", fold + 1, held.len());
    }
    let (event_threshold, threshold_set_f1, threshold_documents) =
        match corpus.chooses_threshold.iter().filter(|&&t| t).count() {
            0 => {
                let (threshold, f1) = tune_threshold(&held_probabilities, &held_gold);
                (threshold, f1, corpus.docs.len())
            }
            n => {
                let (threshold, f1) = tune_threshold(&threshold_probabilities, &threshold_gold);
                (threshold, f1, n)
            }
        };
    let cv_trigger_f1 = trigger_f1(&held_probabilities, &held_gold, event_threshold);
    let cv_role_f1 = micro_f1(&role_gold, &role_predicted, 0);

    // The shipped classifiers: every gold document.
    let learned = learn_triggers(&corpus.docs);
    let (triggers, roles, from_gold, _) = fold_examples(&corpus, &all, &learned, width, Some(config));
    let mut counts = BTreeMap::new();
    counts.insert("gold".to_string(), from_gold);
    counts.insert("petrarch".to_string(), triggers.len() - from_gold);
    counts.insert(
        "positive".to_string(),
        triggers.y.iter().filter(|&&y| y != NO_EVENT as i64).count(),
    );
    let event = train_ensemble("event", &triggers, EVENT_CLASSES, config)?;
    let role = train_ensemble("role", &roles, ROLES.len(), config)?;
    std::fs::create_dir_all(&config.out).map_err(|source| Error::Input {
        path: config.out.clone(),
        source,
    })?;
    let mut tensors = ensemble_tensors("event", &event);
    tensors.push(("event.threshold".into(), Tensor::from_slice(&[event_threshold])));
    if let Some(layer) = config.tap_layer {
        tensors.push((
            crate::models::TAP_LAYER_TENSOR.into(),
            Tensor::from_slice(&[layer as f32]),
        ));
    }
    tensors.extend(ensemble_tensors("role", &role));
    let path = config.out.join("model.safetensors");
    Tensor::write_safetensors(&tensors, &path).map_err(|e| Error::Model {
        name: path.display().to_string(),
        message: e.to_string(),
    })?;
    let metrics = EventMetrics {
        config: config.clone(),
        documents: corpus.docs.len(),
        trigger_examples: counts,
        role_examples: roles.len(),
        cv_trigger_f1,
        cv_role_f1,
        event_threshold,
        threshold_documents,
        threshold_set_f1,
        cv_candidate_recall: covered_triggers as f64 / gold_triggers.max(1) as f64,
    };
    let write = |name: &str, json: String| {
        let path = config.out.join(name);
        std::fs::write(&path, json).map_err(|source| Error::Input { path, source })
    };
    write("triggers.json", serde_json::to_string_pretty(&learned)?)?;
    write("metrics.json", serde_json::to_string_pretty(&metrics)?)?;
    Ok(metrics)
}

fn width_of(examples: &Examples) -> usize {
    examples.width.max(1)
}

fn argmax(values: &[f32]) -> i64 {
    values
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map_or(0, |(i, _)| i as i64)
}
