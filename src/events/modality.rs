//! Modality cues: is a trigger negated ("did not meet") or hypothetical
//! ("could impose", "if talks resume")? PLOVER codes what happened or was
//! stated, so such mentions are not events, except for the types that are
//! about what might happen (THREATEN) or what was refused (REJECT).

use crate::record::EventType;

/// Cues found around one trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cues {
    /// A negation governs the trigger.
    pub negated: bool,
    /// A modal or condition governs the trigger.
    pub hypothetical: bool,
    /// The only modal is the "would" of reported speech ("the ministry said
    /// it would allow ...", "said Ankara would not pull out"): a statement
    /// of what will be done, not a condition. Not a classifier input: the
    /// classifiers read `negated` and `hypothetical` as they were trained.
    pub reported_future: bool,
}

const NEGATIONS: &[&str] = &[
    "not", "n't", "never", "no", "neither", "nor", "without", "cannot", "didn't", "hasn't", "haven't", "won't",
    "wouldn't", "isn't", "wasn't", "aren't", "weren't", "don't", "doesn't",
];
const MODALS: &[&str] = &[
    "could",
    "might",
    "may",
    "would",
    "should",
    "if",
    "unless",
    "whether",
    "possible",
    "possibly",
    "perhaps",
    "hypothetical",
    "considering",
    "consider",
    "mulls",
    "mulling",
];
/// Words that end the scope of a cue: a clause boundary.
const BOUNDARIES: &[&str] = &[
    ",", ";", ":", ".", "and", "but", "while", "which", "who", "that", "after", "before", "as",
];

/// How many words before a trigger a cue may stand.
const SCOPE: usize = 4;

/// Verbs that make "would" a polite statement of intent rather than a
/// condition: "I would like to thank you" thanks.
const POLITE_WISHES: &[&str] = &["like", "love"];

/// Verbs that only report speech: they state no event of their own.
pub(crate) const REPORTING_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "announced",
    "announces",
    "stated",
    "added",
    "reported",
    "replied",
    "responded",
    "indicated",
];
/// Verbs of commitment whose "would" is also the future of reported speech
/// ("vowed it would retaliate").
const COMMITTING_VERBS: &[&str] = &[
    "insisted",
    "confirmed",
    "declared",
    "vowed",
    "pledged",
    "promised",
    "signalled",
    "signaled",
];
/// How many words before its "would" a reporting verb may stand ("the
/// ministry said on Tuesday it would allow").
const REPORT_REACH: usize = 6;
/// Punctuation that ends the clause of a reporting verb before its "would".
/// (A modal or condition word in between, "if" or "might", also keeps the
/// "would" a condition: [`MODALS`].)
const REPORT_ENDS: &[&str] = &[";", ".", ":"];

/// Whether an "if" or "unless" follows the trigger in its sentence: "said
/// the Fund would release a further $120 million if its board approved".
fn condition_follows(words: &[String], trigger: usize) -> bool {
    words[trigger.min(words.len())..]
        .iter()
        .take_while(|w| !matches!(w.as_str(), "." | ";"))
        .any(|w| matches!(w.as_str(), "if" | "unless"))
}

/// Whether the "would" at `at` follows a reporting verb of its sentence.
fn reported_would(words: &[String], at: usize) -> bool {
    for before in (at.saturating_sub(REPORT_REACH)..at).rev() {
        let w = words[before].as_str();
        if REPORT_ENDS.contains(&w) || MODALS.contains(&w) {
            return false;
        }
        if REPORTING_VERBS.contains(&w) || COMMITTING_VERBS.contains(&w) {
            return true;
        }
    }
    false
}

/// Finds the cues that govern the trigger at `trigger` among lower-cased `words`.
pub fn cues(words: &[String], trigger: usize) -> Cues {
    let mut found = Cues::default();
    let end = trigger.min(words.len());
    let mut conditions = 0;
    let mut reported = 0;
    for at in (trigger.saturating_sub(SCOPE)..end).rev() {
        let w = words[at].as_str();
        if BOUNDARIES.contains(&w) {
            break;
        }
        let polite = matches!(w, "would" | "'d")
            && words
                .get(at + 1)
                .is_some_and(|next| POLITE_WISHES.contains(&next.as_str()));
        found.negated |= NEGATIONS.contains(&w);
        if MODALS.contains(&w) && !polite {
            found.hypothetical = true;
            conditions += 1;
            reported += usize::from(w == "would" && reported_would(words, at));
        }
    }
    found.reported_future = conditions > 0 && reported == conditions && !condition_follows(words, trigger);
    // "no talks were held": a negated noun.
    if trigger > 0 && words[trigger - 1] == "no" {
        found.negated = true;
    }
    found
}

/// Whether an event of this type survives these cues.
pub fn keeps(kind: EventType, cues: Cues) -> bool {
    match kind {
        EventType::Threaten => true,
        EventType::Reject => !cues.hypothetical || cues.reported_future,
        _ => !cues.negated && (!cues.hypothetical || cues.reported_future),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cue(sentence: &str, trigger: &str) -> Cues {
        let words: Vec<String> = sentence.split(' ').map(str::to_lowercase).collect();
        let at = words.iter().position(|w| w == trigger).unwrap();
        cues(&words, at)
    }

    #[test]
    fn negation_and_modality_are_scoped_to_the_clause() {
        assert!(cue("Putin did not meet Biden", "meet").negated);
        assert!(cue("Russia could impose sanctions", "impose").hypothetical);
        assert!(cue("No talks were held", "talks").negated);
        assert_eq!(cue("It was not raining , and Modi met Abe", "met"), Cues::default());
        assert_eq!(cue("India and Japan agreed to cooperate", "agreed"), Cues::default());
        assert!(!cue("Russia will supply gas", "supply").hypothetical);
    }

    #[test]
    fn would_like_to_is_a_wish_not_a_condition() {
        assert_eq!(cue("I would like to thank you", "thank"), Cues::default());
        assert_eq!(cue("I would love to congratulate you", "congratulate"), Cues::default());
        assert!(cue("Russia would like to not sign", "sign").negated);
        assert!(cue("Russia would sign it", "sign").hypothetical);
    }

    #[test]
    fn the_would_of_reported_speech_states_what_will_be_done() {
        let allow = cue("the ministry said on tuesday it would allow holders to stay", "allow");
        assert!(allow.hypothetical && allow.reported_future);
        assert!(keeps(EventType::Concede, allow));
        let refusal = cue("he said ankara would not pull out", "pull");
        assert!(refusal.negated && refusal.reported_future);
        assert!(keeps(EventType::Reject, refusal));
        assert!(!keeps(EventType::Retreat, refusal));
        // A condition, or a second modal, keeps it hypothetical.
        for (sentence, trigger) in [
            ("russia would sign it", "sign"),
            ("he said if asked russia would sign it", "sign"),
            ("she said russia might well sign", "sign"),
            ("he said it could perhaps sign", "sign"),
            (
                "she said the fund would release more money if its board approved",
                "release",
            ),
        ] {
            let found = cue(sentence, trigger);
            assert!(found.hypothetical && !found.reported_future, "{sentence}");
            assert!(!keeps(EventType::Agree, found), "{sentence}");
        }
    }

    #[test]
    fn threats_and_refusals_survive() {
        let negated = Cues {
            negated: true,
            ..Cues::default()
        };
        let hypothetical = Cues {
            hypothetical: true,
            ..Cues::default()
        };
        assert!(keeps(EventType::Threaten, hypothetical));
        assert!(keeps(EventType::Reject, negated));
        assert!(!keeps(EventType::Consult, negated));
        assert!(!keeps(EventType::Sanction, hypothetical));
    }
}
