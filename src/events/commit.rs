//! Commitments: the amount, period, theme, status and earlier commitment of
//! an event that states a pledge, target, promise or offer.
//!
//! Rules over the trigger's sentence and its MONEY and DATE entities (whose
//! values the numeric stage has normalised). A second amount introduced as
//! earlier ("building on the earlier 2022–2026 goal of JPY 5 trillion") is the
//! `previous` commitment, with the period that sits beside it.

use crate::offsets::char_slice;
use crate::record::{Amount, Commitment, CommitmentStatus, DateBound, Entity, EntityType, EventType, Period};

/// Words that mark an amount as an earlier commitment.
const EARLIER: &[&str] = &[
    "earlier",
    "previous",
    "previously",
    "prior",
    "existing",
    "original",
    "former",
    "old",
    "initial",
];
const REAFFIRMED: &[&str] = &[
    "reaffirm",
    "reaffirmed",
    "reaffirms",
    "reiterate",
    "reiterated",
    "reiterates",
    "reconfirmed",
    "renewed",
];
const REVISED: &[&str] = &[
    "revised",
    "raised",
    "increased",
    "expanded",
    "cut",
    "lowered",
    "doubled",
    "upped",
    "trimmed",
    "scaled",
];
const COMPLETED: &[&str] = &["achieved", "completed", "fulfilled", "delivered", "disbursed", "met"];

/// Builds the commitment of an event, if it states one: every AGREE does
/// (amount or not, as in the gold); AID and SUPPORT (signing a deal worth a
/// sum) only with an amount in the sentence. In the training gold every
/// SUPPORT with a sum in its sentence (4) and 18 of 27 AIDs carry it, none of
/// 5 COOPERATEs (investing together is not a pledge). A rate ("9 rubles per
/// ruble") is not a sum.
pub fn commitment(
    kind: EventType,
    text: &str,
    sentence: (usize, usize),
    trigger_end: usize,
    entities: &[&Entity],
) -> Option<Commitment> {
    let in_sentence = |e: &&&Entity| e.start >= sentence.0 && e.end <= sentence.1;
    let money: Vec<&Entity> = entities
        .iter()
        .filter(in_sentence)
        .filter(|e| e.kind == EntityType::Money && !is_rate(text, e))
        .copied()
        .collect();
    let dates: Vec<&Entity> = entities
        .iter()
        .filter(in_sentence)
        .filter(|e| e.kind == EntityType::Date)
        .copied()
        .collect();
    if kind != EventType::Agree && (money.is_empty() || !matches!(kind, EventType::Aid | EventType::Support)) {
        return None;
    }
    let lower_before = |e: &Entity, words: usize| -> Vec<String> {
        let before = char_slice(text, sentence.0, e.start).unwrap_or("");
        before
            .split_whitespace()
            .rev()
            .take(words)
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
            .collect()
    };
    let is_earlier = |e: &Entity| lower_before(e, 6).iter().any(|w| EARLIER.contains(&w.as_str()));
    let previous_money = money.iter().copied().find(|e| is_earlier(e) && money.len() > 1);
    // The committed amount: the first amount after the trigger that is not the earlier one, else the first.
    let current = money
        .iter()
        .copied()
        .filter(|e| Some(e.id.as_str()) != previous_money.map(|p| p.id.as_str()))
        .min_by_key(|e| (e.start < trigger_end, e.start));
    // A date just before the earlier amount ("the earlier 2022–2026 goal of JPY 5 trillion") is its period.
    let beside_previous = |d: &Entity| previous_money.is_some_and(|p| d.end <= p.start && d.start + 40 >= p.start);
    let previous = previous_money.map(|p| {
        let period = dates.iter().copied().filter(|d| beside_previous(d)).find_map(period_of);
        Box::new(Commitment {
            amount: amount_of(p),
            period,
            ..Commitment::default()
        })
    });
    let period = dates
        .iter()
        .copied()
        .filter(|d| !beside_previous(d))
        .find_map(period_of);
    let sentence_text = char_slice(text, sentence.0, sentence.1).unwrap_or("");
    let words: Vec<String> = sentence_text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
        .collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    let status = if has(REAFFIRMED) {
        CommitmentStatus::Reaffirmed
    } else if has(REVISED) && previous.is_some() || words.windows(2).any(|w| w[0] == "up" && w[1] == "from") {
        CommitmentStatus::Revised
    } else if has(COMPLETED) && kind != EventType::Agree {
        CommitmentStatus::Completed
    } else {
        CommitmentStatus::New
    };
    let theme = current
        .and_then(|m| theme_after(text, m.end, sentence.1))
        .or_else(|| theme_after_trigger(text, trigger_end, sentence.1));
    Some(Commitment {
        amount: current.and_then(amount_of),
        period,
        theme,
        status: Some(status),
        previous,
    })
}

/// Either side of "9 rubles per 1 ruble", "$80 per barrel": a price or
/// ratio, not a sum.
fn is_rate(text: &str, money: &Entity) -> bool {
    let after = char_slice(text, money.end, money.end + 5).unwrap_or("");
    let before = char_slice(text, money.start.saturating_sub(4), money.start).unwrap_or("");
    after.trim_start().starts_with("per ") || before == "per "
}

fn amount_of(entity: &Entity) -> Option<Amount> {
    let value = entity.value.as_ref()?;
    Some(Amount {
        value: value.get("value")?.as_f64()?,
        currency: value.get("currency")?.as_str()?.to_owned(),
        text: entity.text.clone(),
        entity: Some(entity.id.clone()),
    })
}

fn period_of(entity: &Entity) -> Option<Period> {
    let value = entity.value.as_ref()?;
    let bound = |key: &str| -> Option<DateBound> {
        match value.get(key)? {
            serde_json::Value::Number(n) => n.as_i64().and_then(|y| i32::try_from(y).ok()).map(DateBound::Year),
            serde_json::Value::String(s) => Some(DateBound::Date(s.clone())),
            _ => None,
        }
    };
    let (start, end) = (bound("start"), bound("end"));
    // A single day is a date, not a period.
    if start.is_some() && start == end && matches!(start, Some(DateBound::Date(_))) {
        return None;
    }
    (start.is_some() || end.is_some()).then(|| Period {
        start,
        end,
        text: entity.text.clone(),
    })
}

/// "JPY 10 trillion in private investment, ..." → "private investment".
fn theme_after(text: &str, from: usize, to: usize) -> Option<String> {
    let rest = char_slice(text, from, to)?;
    let rest = rest.trim_start();
    let rest = ["in ", "for ", "of ", "on ", "to ", "towards "]
        .iter()
        .find_map(|p| rest.strip_prefix(p))?;
    phrase(rest)
}

/// "agreed to strengthen supply chain cooperation in batteries, ..." →
/// "supply chain cooperation in batteries".
fn theme_after_trigger(text: &str, from: usize, to: usize) -> Option<String> {
    let rest = char_slice(text, from, to)?.trim_start();
    let rest = rest
        .strip_prefix("to ")
        .map(|r| r.split_once(' ').map_or("", |(_, tail)| tail))
        .unwrap_or(rest);
    let rest = ["on ", "upon ", "to "]
        .iter()
        .find_map(|p| rest.strip_prefix(p))
        .unwrap_or(rest);
    phrase(rest)
}

/// Up to eight words, stopping at punctuation or a clause word.
fn phrase(text: &str) -> Option<String> {
    const STOP: &[&str] = &[
        "building",
        "which",
        "that",
        "while",
        "and",
        "as",
        "by",
        "with",
        "under",
        "supporting",
        "including",
        "after",
        "during",
    ];
    let mut words = Vec::new();
    for word in text.split_whitespace() {
        let clean = word.trim_end_matches([',', '.', ';', ':', '”', '"', ')']);
        if STOP.contains(&clean.to_lowercase().as_str()) || words.len() == 8 {
            break;
        }
        if !clean.is_empty() {
            words.push(clean);
        }
        if clean.len() != word.len() {
            break;
        }
    }
    let phrase = words.join(" ");
    (!phrase.is_empty()).then_some(phrase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numeric::find_numeric;

    fn entities(text: &str) -> Vec<Entity> {
        find_numeric(text, Some("2025-08-30"))
            .iter()
            .enumerate()
            .map(|(i, m)| m.to_entity(format!("T{i}")))
            .collect()
    }

    /// The commitment of a `kind` event on the word `trigger` of a one-sentence
    /// text, with the text's numeric entities.
    fn commitment_on(kind: EventType, text: &str, trigger: &str) -> Option<Commitment> {
        let all = entities(text);
        let refs: Vec<&Entity> = all.iter().collect();
        let trigger_end = text.find(trigger).unwrap() + trigger.len();
        commitment(kind, text, (0, text.chars().count()), trigger_end, &refs)
    }

    #[test]
    fn the_seed_target_and_its_previous_goal() {
        let text = "As part of the economic partnership, both nations announced a new target of JPY 10 trillion in private investment, building on the earlier 2022–2026 goal of JPY 5 trillion.";
        let c = commitment_on(EventType::Agree, text, "announced").unwrap();
        let amount = c.amount.unwrap();
        assert_eq!((amount.value, amount.currency.as_str()), (1e13, "JPY"));
        assert_eq!(c.theme.as_deref(), Some("private investment"));
        assert_eq!(c.status, Some(CommitmentStatus::New));
        let previous = c.previous.unwrap();
        assert_eq!(previous.amount.unwrap().value, 5e12);
        let period = previous.period.unwrap();
        assert_eq!(
            (period.start, period.end),
            (Some(DateBound::Year(2022)), Some(DateBound::Year(2026)))
        );
        assert!(c.period.is_none());
    }

    #[test]
    fn a_rate_is_not_the_sum_committed() {
        let text = "Partners invested 9 rubles per 1 ruble of the Fund and pledged $4 billion more.";
        let c = commitment_on(EventType::Agree, text, "invested").unwrap();
        assert_eq!(c.amount.map(|a| (a.value, a.currency)), Some((4e9, "USD".to_owned())));
    }

    #[test]
    fn a_signed_deal_worth_a_sum_is_a_commitment_and_joint_investing_is_not() {
        let signed = "Japan signed a 30 billion yen loan agreement with Sri Lanka.";
        let c = commitment_on(EventType::Support, signed, "signed").unwrap();
        assert_eq!(c.amount.map(|a| a.value), Some(3e10));
        let invested = "Japan invested 30 billion yen together with Sri Lanka.";
        assert!(commitment_on(EventType::Cooperate, invested, "invested").is_none());
        assert!(commitment_on(
            EventType::Support,
            "Japan signed a loan agreement with Sri Lanka.",
            "signed"
        )
        .is_none());
    }

    #[test]
    fn agreements_without_amounts_keep_their_theme() {
        let text = "In addition, the two sides agreed to strengthen supply chain cooperation in batteries, supporting a sustainable ecosystem.";
        let trigger_end = text.find("agreed").unwrap() + "agreed".len();
        let c = commitment(EventType::Agree, text, (0, text.chars().count()), trigger_end, &[]).unwrap();
        assert!(c.amount.is_none());
        assert_eq!(c.theme.as_deref(), Some("supply chain cooperation in batteries"));
    }

    #[test]
    fn aid_needs_an_amount_and_deadlines_are_periods() {
        let text = "Japan will provide $1.2 billion in aid to Kenya by 2030.";
        let all = entities(text);
        let refs: Vec<&Entity> = all.iter().collect();
        let end = text.chars().count();
        let c = commitment(EventType::Aid, text, (0, end), 18, &refs).unwrap();
        assert_eq!(c.amount.unwrap().currency, "USD");
        assert_eq!(c.period.unwrap().end, Some(DateBound::Year(2030)));
        assert!(commitment(EventType::Aid, "Japan sent aid.", (0, 15), 10, &[]).is_none());
        assert!(commitment(EventType::Consult, text, (0, end), 18, &refs).is_none());
    }
}
