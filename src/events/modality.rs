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

/// Finds the cues that govern the trigger at `trigger` among lower-cased `words`.
pub fn cues(words: &[String], trigger: usize) -> Cues {
    let mut found = Cues::default();
    let end = trigger.min(words.len());
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
        found.hypothetical |= MODALS.contains(&w) && !polite;
    }
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
        EventType::Reject => !cues.hypothetical,
        _ => !cues.negated && !cues.hypothetical,
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
    fn threats_and_refusals_survive() {
        let negated = Cues {
            negated: true,
            hypothetical: false,
        };
        let hypothetical = Cues {
            negated: false,
            hypothetical: true,
        };
        assert!(keeps(EventType::Threaten, hypothetical));
        assert!(keeps(EventType::Reject, negated));
        assert!(!keeps(EventType::Consult, negated));
        assert!(!keeps(EventType::Sanction, hypothetical));
    }
}
