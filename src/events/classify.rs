//! The neural part of event extraction: small MLPs on the shared encoder
//! states that decide (a) whether a trigger candidate is an event and of which
//! PLOVER type, and (b) which role an entity mention plays in an event.
//!
//! Features are built here for both training and inference, so the two can
//! never drift apart; the MLPs are evaluated in plain Rust.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use super::lexicon::{Candidate, Lexicon};
use super::modality::Cues;
use crate::encode::{dot, Hidden};
use crate::record::{EntityType, EventType};

/// Event classes: the 16 PLOVER types, then "no event".
pub const EVENT_CLASSES: usize = 17;
/// Index of "no event".
pub const NO_EVENT: usize = 16;
/// Argument roles, in the role classifier's output order. `both` is a party
/// of a reciprocal event (source and target at once).
pub const ROLES: [&str; 6] = ["none", "source", "target", "both", "location", "time"];

/// Index of an event type among the classes.
pub fn class_of(kind: EventType) -> usize {
    EventType::ALL.iter().position(|k| *k == kind).unwrap_or(NO_EVENT)
}

/// A two-layer perceptron: `softmax(W2 relu(W1 x + b1) + b2)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Mlp {
    /// Input size.
    pub input: usize,
    /// Hidden size.
    pub hidden: usize,
    /// Output size.
    pub output: usize,
    /// `hidden × input`, row-major.
    pub w1: Vec<f32>,
    /// `hidden`.
    pub b1: Vec<f32>,
    /// `output × hidden`, row-major.
    pub w2: Vec<f32>,
    /// `output`.
    pub b2: Vec<f32>,
}

impl Mlp {
    /// Class probabilities for one feature vector.
    pub fn probabilities(&self, x: &[f32]) -> Vec<f32> {
        let hidden: Vec<f32> = (0..self.hidden)
            .map(|h| {
                let row = &self.w1[h * self.input..(h + 1) * self.input];
                (self.b1[h] + dot(row, x)).max(0.0)
            })
            .collect();
        let mut logits: Vec<f32> = (0..self.output)
            .map(|o| {
                let row = &self.w2[o * self.hidden..(o + 1) * self.hidden];
                self.b2[o] + dot(row, &hidden)
            })
            .collect();
        crate::encode::softmax(&mut logits);
        logits
    }
}

/// Several MLPs trained alike from different random starts, whose
/// probabilities are averaged: on a few hundred documents a single MLP's
/// decisions swing with its seed (probe-set F1 by up to ±0.06), their mean
/// by about ±0.02.
#[derive(Debug, Clone, PartialEq)]
pub struct Ensemble {
    /// The members (at least one).
    pub members: Vec<Mlp>,
}

impl Ensemble {
    /// Mean class probabilities of the members for one feature vector.
    pub fn probabilities(&self, x: &[f32]) -> Vec<f32> {
        let mut mean: Vec<f32> = Vec::new();
        for member in &self.members {
            let p = member.probabilities(x);
            if mean.is_empty() {
                mean = p;
            } else {
                mean.iter_mut().zip(p).for_each(|(m, v)| *m += v);
            }
        }
        let n = self.members.len().max(1) as f32;
        mean.iter_mut().for_each(|m| *m /= n);
        mean
    }
}

/// One sentence as the event stage sees it.
pub struct SentenceView<'a> {
    /// Lower-cased words.
    pub words: Vec<String>,
    /// First piece of each word.
    pub first_pieces: Vec<Option<usize>>,
    /// Piece states of the sentence.
    pub states: &'a Hidden,
    /// Mean of the piece states.
    pub mean: Vec<f32>,
}

impl<'a> SentenceView<'a> {
    /// Builds the view of a sentence from its words and piece states.
    pub fn new(words: Vec<String>, first_pieces: Vec<Option<usize>>, states: &'a Hidden) -> SentenceView<'a> {
        let mut mean = vec![0f32; states.width];
        let n = states.len().max(1) as f32;
        for position in 0..states.len() {
            for (m, v) in mean.iter_mut().zip(states.at(position)) {
                *m += v / n;
            }
        }
        SentenceView {
            words,
            first_pieces,
            states,
            mean,
        }
    }

    /// The state of a word's first piece (zeros for a word without pieces).
    pub fn word_state(&self, word: usize) -> Vec<f32> {
        match self.first_pieces.get(word).copied().flatten() {
            Some(piece) if piece < self.states.len() => self.states.at(piece).to_vec(),
            _ => vec![0.0; self.states.width],
        }
    }
}

/// Trigger candidates of a sentence: the dictionary's, then learned trigger
/// words from the training gold that the dictionary lacks.
pub fn candidates(words: &[String], learned: &BTreeMap<String, EventType>) -> Vec<Candidate> {
    let refs: Vec<&str> = words.iter().map(String::as_str).collect();
    let mut found = Lexicon::global().candidates(&refs);
    for candidate in &mut found {
        if candidate.kind.is_none() {
            candidate.kind = learned.get(&words[candidate.words.clone()].join(" ")).copied();
        }
    }
    for (i, word) in words.iter().enumerate() {
        if found.iter().any(|c| c.words.contains(&i)) {
            continue;
        }
        if let Some(&kind) = learned.get(word) {
            found.push(Candidate {
                words: i..i + 1,
                lemma: word.clone(),
                cameo: None,
                kind: Some(kind),
                nominal: false,
            });
        }
    }
    found.sort_by_key(|c| c.words.start);
    found
}

fn one_hot(size: usize, index: Option<usize>) -> impl Iterator<Item = f32> {
    (0..size).map(move |i| if Some(i) == index { 1.0 } else { 0.0 })
}

/// Whether the document offered a candidate like this one before it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Repeats {
    /// An earlier candidate had the same dictionary type.
    pub kind: bool,
    /// An earlier candidate had the same lemma.
    pub lemma: bool,
}

/// The candidates a document has offered so far, in reading order.
///
/// GUIDELINES 4.4 codes a consultation (or a signing) once, on the first word
/// that names it: "The talks focused on trade" is an event when it opens the
/// text and an anaphor after "held talks". A sentence's states cannot show
/// which, so the classifier is told.
#[derive(Debug, Default)]
pub struct EarlierCandidates {
    kinds: HashSet<usize>,
    lemmas: HashSet<String>,
}

impl EarlierCandidates {
    /// What came before `candidate`.
    pub fn repeats(&self, candidate: &Candidate) -> Repeats {
        Repeats {
            kind: candidate.kind.is_some_and(|k| self.kinds.contains(&class_of(k))),
            lemma: self.lemmas.contains(&candidate.lemma),
        }
    }

    /// Records `candidate` as read.
    pub fn note(&mut self, candidate: &Candidate) {
        if let Some(kind) = candidate.kind {
            self.kinds.insert(class_of(kind));
        }
        self.lemmas.insert(candidate.lemma.clone());
    }
}

/// Features of a trigger candidate: its state, the sentence mean, the
/// dictionary's type, whether it is a noun, the modality cues and whether
/// the document named such an act before.
pub fn trigger_features(view: &SentenceView, candidate: &Candidate, cues: Cues, repeats: Repeats) -> Vec<f32> {
    let mut x = view.word_state(candidate.words.start);
    x.extend(&view.mean);
    x.extend(one_hot(EVENT_CLASSES, Some(candidate.kind.map_or(NO_EVENT, class_of))));
    x.push(f32::from(u8::from(candidate.nominal)));
    x.push(f32::from(u8::from(cues.negated)));
    x.push(f32::from(u8::from(cues.hypothetical)));
    x.push(f32::from(u8::from(repeats.kind)));
    x.push(f32::from(u8::from(repeats.lemma)));
    x
}

/// Size of [`trigger_features`] for a given state width.
pub fn trigger_feature_size(width: usize) -> usize {
    2 * width + EVENT_CLASSES + 5
}

/// Word-distance buckets between a trigger and an argument.
const DISTANCES: [usize; 5] = [1, 3, 6, 12, usize::MAX];

/// Features of an (event, entity) pair: both states, the event type, the
/// entity type, which side of the trigger the entity stands on and how far,
/// and whether the entity resolved to a country.
pub fn role_features(
    view: &SentenceView,
    trigger: usize,
    kind: EventType,
    entity_words: &Range<usize>,
    entity_kind: EntityType,
    has_country: bool,
) -> Vec<f32> {
    let mut x = view.word_state(trigger);
    x.extend(view.word_state(entity_words.start));
    x.extend(one_hot(EventType::ALL.len(), Some(class_of(kind))));
    x.extend(one_hot(
        EntityType::ALL.len(),
        EntityType::ALL.iter().position(|k| *k == entity_kind),
    ));
    let before = entity_words.end <= trigger;
    x.push(f32::from(u8::from(before)));
    let distance = if before {
        trigger - entity_words.end + 1
    } else {
        entity_words.start.saturating_sub(trigger)
    };
    x.extend(one_hot(DISTANCES.len(), DISTANCES.iter().position(|&d| distance <= d)));
    x.push(f32::from(u8::from(has_country)));
    x.extend(role_cues(&view.words, trigger, entity_words));
    x
}

/// Words before an argument that mark its role: the agent of a passive
/// ("detained by Philippine authorities"), the partner or recipient ("talks
/// with Iran", "aid to Ukraine"), the topic ("the situation in Syria").
const ROLE_MARKERS: [&str; 10] = [
    "by", "with", "to", "from", "of", "for", "against", "in", "on", "between",
];

/// Auxiliaries before a trigger that make it passive ("was ignored", "were freed").
pub(crate) const PASSIVE_AUXILIARIES: [&str; 7] = ["was", "were", "been", "being", "is", "are", "be"];

/// Number of [`role_cues`].
const ROLE_CUES: usize = ROLE_MARKERS.len() + 7;

/// The words around an (event, entity) pair that the encoder states carry
/// only implicitly and a few hundred training events cannot teach: the
/// preposition before the entity, a possessive after it, a clause boundary
/// ("that", a comma) or a passive agent ("by") or a coordination ("and")
/// between the two, the entity opening the sentence, the trigger in the
/// passive voice. "It was stressed that Kiev must abandon ..." puts Kiev
/// across a "that" from the speaker, not at the head of the request.
fn role_cues(words: &[String], trigger: usize, entity: &Range<usize>) -> Vec<f32> {
    let word = |i: usize| words.get(i).map(String::as_str);
    let previous = entity.start.checked_sub(1).and_then(word);
    let mut x: Vec<f32> = one_hot(
        ROLE_MARKERS.len(),
        previous.and_then(|p| ROLE_MARKERS.iter().position(|m| *m == p)),
    )
    .collect();
    let between = if entity.end <= trigger {
        entity.end..trigger
    } else {
        trigger + 1..entity.start
    };
    let between: Vec<&str> = between.filter_map(word).collect();
    let flag = |b: bool| f32::from(u8::from(b));
    x.push(flag(matches!(word(entity.end), Some("'s" | "’s"))));
    x.push(flag(between.contains(&"that")));
    x.push(flag(between.contains(&",")));
    x.push(flag(between.contains(&"by")));
    x.push(flag(between.contains(&"and")));
    x.push(flag(entity.start == 0 || (entity.start == 1 && word(0) == Some("the"))));
    x.push(flag(
        trigger
            .checked_sub(1)
            .and_then(word)
            .is_some_and(|w| PASSIVE_AUXILIARIES.contains(&w)),
    ));
    x
}

/// Size of [`role_features`] for a given state width.
pub fn role_feature_size(width: usize) -> usize {
    2 * width + EventType::ALL.len() + EntityType::ALL.len() + 1 + DISTANCES.len() + 1 + ROLE_CUES
}

/// The event class of a candidate: the most probable type when the
/// probability of any event reaches `threshold`.
pub fn decide(probabilities: &[f32], threshold: f32) -> Option<usize> {
    if 1.0 - probabilities[NO_EVENT] < threshold {
        return None;
    }
    (0..NO_EVENT).max_by(|&a, &b| probabilities[a].total_cmp(&probabilities[b]))
}

/// Entity types that can fill a role at all.
pub fn may_have_role(kind: EntityType) -> bool {
    !matches!(kind, EntityType::Money | EntityType::Percent | EntityType::Quantity)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mlp_computes_a_distribution() {
        let mlp = Mlp {
            input: 2,
            hidden: 2,
            output: 3,
            w1: vec![1.0, 0.0, 0.0, 1.0],
            b1: vec![0.0, 0.0],
            w2: vec![1.0, 0.0, 0.0, 1.0, -1.0, -1.0],
            b2: vec![0.0, 0.0, 0.0],
        };
        let p = mlp.probabilities(&[2.0, -1.0]);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-6);
        assert!(p[0] > p[1] && p[0] > p[2]);
    }

    #[test]
    fn an_ensemble_averages_its_members() {
        let member = |bias: f32| Mlp {
            input: 1,
            hidden: 1,
            output: 2,
            w1: vec![0.0],
            b1: vec![0.0],
            w2: vec![0.0, 0.0],
            b2: vec![bias, 0.0],
        };
        let ensemble = Ensemble {
            members: vec![member(10.0), member(-10.0)],
        };
        let p = ensemble.probabilities(&[1.0]);
        assert!((p[0] - 0.5).abs() < 1e-4 && (p[1] - 0.5).abs() < 1e-4, "{p:?}");
        let single = Ensemble {
            members: vec![member(1.0)],
        };
        assert_eq!(single.probabilities(&[1.0]), member(1.0).probabilities(&[1.0]));
    }

    #[test]
    fn feature_sizes_match_their_builders() {
        let states = Hidden {
            width: 4,
            data: vec![0.5; 12],
        };
        let view = SentenceView::new(
            vec!["putin".into(), "met".into(), "xi".into()],
            vec![Some(0), Some(1), Some(2)],
            &states,
        );
        let candidate = Candidate {
            words: 1..2,
            lemma: "meet".into(),
            cameo: Some("040".into()),
            kind: Some(EventType::Consult),
            nominal: false,
        };
        assert_eq!(
            trigger_features(&view, &candidate, Cues::default(), Repeats::default()).len(),
            trigger_feature_size(4)
        );
        let x = role_features(&view, 1, EventType::Consult, &(0..1), EntityType::Per, true);
        assert_eq!(x.len(), role_feature_size(4));
    }

    #[test]
    fn role_cues_read_the_preposition_clause_and_voice() {
        let words: Vec<String> = "it was stressed that kiev must abandon talks with russia"
            .split(' ')
            .map(String::from)
            .collect();
        let cue = |name: &str, x: &[f32]| {
            let at = match name {
                "with" => ROLE_MARKERS.iter().position(|m| *m == "with").unwrap(),
                "that" => ROLE_MARKERS.len() + 1,
                "opens" => ROLE_MARKERS.len() + 5,
                "passive" => ROLE_MARKERS.len() + 6,
                _ => unreachable!(),
            };
            x[at] == 1.0
        };
        // "stressed" (2) and "kiev" (4): a "that" between, no preposition before kiev.
        let kiev = role_cues(&words, 2, &(4..5));
        assert_eq!(kiev.len(), ROLE_CUES);
        assert!(cue("that", &kiev) && cue("passive", &kiev) && !cue("with", &kiev) && !cue("opens", &kiev));
        // "abandon" (6) and "russia" (9): after "with", nothing between but "talks".
        let russia = role_cues(&words, 6, &(9..10));
        assert!(cue("with", &russia) && !cue("that", &russia) && !cue("passive", &russia));
        assert!(cue("opens", &role_cues(&words, 2, &(0..1))));
    }

    #[test]
    fn a_candidate_repeats_the_kind_or_lemma_read_before_it() {
        let candidate = |lemma: &str, kind| Candidate {
            words: 0..1,
            lemma: lemma.into(),
            cameo: None,
            kind,
            nominal: true,
        };
        let talks = candidate("talks", Some(EventType::Consult));
        let mut earlier = EarlierCandidates::default();
        assert_eq!(earlier.repeats(&talks), Repeats::default());
        earlier.note(&candidate("meet", Some(EventType::Consult)));
        let after_meeting = earlier.repeats(&talks);
        assert!(after_meeting.kind && !after_meeting.lemma);
        earlier.note(&talks);
        assert_eq!(
            earlier.repeats(&talks),
            Repeats {
                kind: true,
                lemma: true
            }
        );
        // A candidate without a dictionary type repeats no type.
        assert!(!earlier.repeats(&candidate("talks", None)).kind);
    }

    #[test]
    fn learned_words_add_candidates_the_dictionary_lacks() {
        let words: Vec<String> = ["modi", "felicitated", "and", "inaugurated", "the", "summit"]
            .map(String::from)
            .to_vec();
        let learned = BTreeMap::from([
            ("felicitated".to_string(), EventType::Support),
            ("inaugurated".to_string(), EventType::Support),
        ]);
        let found = candidates(&words, &learned);
        // Not in the dictionary at all:
        assert!(
            found
                .iter()
                .any(|c| c.words == (1..2) && c.kind == Some(EventType::Support)),
            "{found:?}"
        );
        // In the dictionary with a code PLOVER does not code (017): the learned type fills in.
        assert!(
            found
                .iter()
                .any(|c| c.words == (3..4) && c.kind == Some(EventType::Support)),
            "{found:?}"
        );
        assert!(found.iter().any(|c| c.words == (5..6)));
    }
}
