//! Nominal actor mentions (`NOM`, GUIDELINES 2.4): agent nouns with no name
//! attached — "police", "protesters", "rebels", "farmers", "the government" —
//! that an event can take as its source or target.
//!
//! The NER model only finds names, yet CAMEO-style reporting is full of
//! unnamed actors ("Police in Nairobi fired tear gas at protesters"). Every
//! agent noun the actor dictionaries know becomes a candidate here; the event
//! stage decides which of them are parties, and [`prune_nominals`] drops the
//! rest, as the guidelines label a NOM only when it is a source or target.
//!
//! A candidate's country comes from a place it is "in", "of" or "from"
//! ("residents of Gaza"). One tied to no place takes the document's home
//! country later ([`crate::ner::home`]): the first place its sentence names
//! is as often another country's ("Canada hosted talks between the
//! government and separatists"). A noun right after a name ("Israeli
//! troops", "Kenya's police") is not a candidate: the name already stands
//! for the actor.

use std::collections::HashMap;
use std::ops::Range;

use crate::actors::ActorResolver;
use crate::offsets::CharIndex;
use crate::record::{party_ids, Actor, Entity, EntityType, Event};
use crate::tokenize::TokenizedSentence;

/// Singular agent nouns that name a group ("the army", "police"). Other
/// singular titles ("official", "president") are too often adjectives or
/// refer to a named person elsewhere.
pub(crate) const COLLECTIVES: [&str; 16] = [
    "police",
    "army",
    "military",
    "government",
    "navy",
    "junta",
    "opposition",
    "parliament",
    "administration",
    "cabinet",
    "regime",
    "legislature",
    "militia",
    "coalition",
    "ministry",
    "union",
];

/// Plural agent nouns without the plural "s".
const IRREGULAR_PLURALS: [&str; 7] = [
    "people",
    "gunmen",
    "servicemen",
    "militiamen",
    "policemen",
    "tribesmen",
    "fishermen",
];

/// Words after a singular collective that show it is the head noun, not a
/// modifier ("police fired", "the army said" but not "police station").
const AFTER_HEAD: [&str; 36] = [
    "in", "of", "on", "at", "for", "from", "with", "to", "and", "or", "but", "said", "says", "has", "have", "had",
    "was", "were", "is", "are", "will", "would", "could", "can", "may", "might", "also", "then", "who", "which",
    "that", "later", "again", "forces", "troops", "officers",
];

/// Plural agent nouns that are not actors on their own.
const NOT_ACTORS: [&str; 6] = ["sides", "parts", "members", "forces", "units", "bodies"];

/// Prepositions that tie a group to its country: "police in Nairobi".
const TIES: [&str; 3] = ["in", "of", "from"];

/// Candidate nominal mentions of a document, in text order, without ids.
/// `entities` are the named and numeric mentions already found.
pub fn find_nominals(
    text: &str,
    index: &CharIndex,
    sentences: &[TokenizedSentence],
    entities: &[Entity],
) -> Vec<Entity> {
    let resolver = ActorResolver::global();
    let mut found = Vec::new();
    for sentence in sentences {
        let spans: Vec<Range<usize>> = sentence
            .words
            .iter()
            .map(|w| {
                let c = index.char_span(w.clone());
                c.start..c.end
            })
            .collect();
        let words: Vec<&str> = sentence.words.iter().map(|w| &text[w.clone()]).collect();
        let entity_at = |i: usize| -> Option<&Entity> {
            entities
                .iter()
                .find(|e| e.start < spans[i].end && spans[i].start < e.end)
        };
        for (i, word) in words.iter().enumerate() {
            if entity_at(i).is_some() || !word.chars().all(char::is_alphabetic) {
                continue;
            }
            let lower = word.to_lowercase();
            let next = words.get(i + 1).map(|w| w.to_lowercase());
            if !is_group_noun(&lower, next.as_deref()) {
                continue;
            }
            let Some(sector) = resolver.sector(&lower) else {
                continue;
            };
            if named_before(&words, i, &entity_at) {
                continue;
            }
            let tied = next
                .as_deref()
                .filter(|n| TIES.contains(n))
                .and_then(|_| (i + 2..(i + 4).min(words.len())).find_map(entity_at))
                .filter(|e| e.country().is_some());
            let country = tied.and_then(Entity::country).map(str::to_owned);
            found.push(Entity {
                id: String::new(),
                start: spans[i].start,
                end: spans[i].end,
                text: (*word).to_owned(),
                kind: EntityType::Nom,
                actor: Some(Actor {
                    country,
                    sector: Some(sector),
                }),
                affiliation: None,
                confidence: None,
                value: None,
            });
        }
    }
    found
}

/// Whether a name owns the noun at `i`: right before it ("Israeli troops",
/// "Kenya's police"), or as a possessive or a demonym before one
/// lower-case modifier ("Syria's foreign ministry", "Israeli riot police";
/// not "fighting in Zamfara as unions marched").
fn named_before<'e>(words: &[&str], i: usize, entity_at: &impl Fn(usize) -> Option<&'e Entity>) -> bool {
    let owner = |at: usize| -> Option<(&'e Entity, bool)> {
        match words[at] {
            "'s" => Some((entity_at(at.checked_sub(1)?)?, true)),
            _ => Some((entity_at(at)?, false)),
        }
    };
    let Some(before) = i.checked_sub(1) else { return false };
    if owner(before).is_some() {
        return true;
    }
    let modifier = words[before].chars().all(char::is_lowercase) && !words[before].ends_with("ed");
    let owns_over_modifier = |(name, possessive): (&Entity, bool)| possessive || name.kind == EntityType::Misc;
    modifier && before.checked_sub(1).and_then(owner).is_some_and(owns_over_modifier)
}

fn is_group_noun(lower: &str, next: Option<&str>) -> bool {
    if COLLECTIVES.contains(&lower) {
        return next
            .is_none_or(|n| !n.chars().all(char::is_alphabetic) || AFTER_HEAD.contains(&n) || n.ends_with("ed"));
    }
    let plural = lower.len() > 3 && lower.ends_with('s') && !lower.ends_with("ss");
    (plural || IRREGULAR_PLURALS.contains(&lower)) && !NOT_ACTORS.contains(&lower)
}

/// Adds `nominals` to `entities`, keeps text order and numbers all `T1`,
/// `T2`, ... again. Call it before events refer to ids.
pub fn insert_nominals(entities: &mut Vec<Entity>, nominals: Vec<Entity>) {
    entities.extend(nominals);
    entities.sort_by_key(|e| (e.start, e.end));
    for (i, entity) in entities.iter_mut().enumerate() {
        entity.id = format!("T{}", i + 1);
    }
}

/// Drops the nominal mentions that no event takes as a party and numbers the
/// remaining entities again, keeping the events' references.
pub fn prune_nominals(entities: &mut Vec<Entity>, events: &mut [Event]) {
    let parties = party_ids(events);
    entities.retain(|e| e.kind != EntityType::Nom || parties.contains(e.id.as_str()));
    let renamed: HashMap<String, String> = entities
        .iter_mut()
        .enumerate()
        .map(|(i, entity)| {
            let new = format!("T{}", i + 1);
            (std::mem::replace(&mut entity.id, new.clone()), new)
        })
        .collect();
    let rename = |id: &mut String| {
        if let Some(new) = renamed.get(id.as_str()) {
            id.clone_from(new);
        }
    };
    for event in events {
        event.sources.iter_mut().for_each(rename);
        event.targets.iter_mut().for_each(rename);
        event.location.iter_mut().for_each(rename);
        event.time.iter_mut().for_each(rename);
        let mut commitment = event.commitment.as_mut();
        while let Some(c) = commitment {
            if let Some(amount) = c.amount.as_mut() {
                amount.entity.iter_mut().for_each(rename);
            }
            commitment = c.previous.as_deref_mut();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{EventType, Mention, Sector};
    use crate::tokenize::split_words;

    fn sentence(text: &str) -> TokenizedSentence {
        TokenizedSentence {
            bytes: 0..text.len(),
            words: split_words(text, 0..text.len()),
            pieces: Vec::new(),
        }
    }

    fn named(text: &str, needle: &str, kind: EntityType) -> Entity {
        let start = text.find(needle).unwrap();
        let resolver = ActorResolver::global();
        Entity {
            id: String::new(),
            start,
            end: start + needle.len(),
            text: needle.into(),
            kind,
            actor: resolver.resolve(needle, ""),
            affiliation: None,
            confidence: None,
            value: None,
        }
    }

    fn nominals(text: &str, names: &[(&str, EntityType)]) -> Vec<(String, Option<String>, Option<Sector>)> {
        let entities: Vec<Entity> = names.iter().map(|(n, k)| named(text, n, *k)).collect();
        find_nominals(text, &CharIndex::new(text), &[sentence(text)], &entities)
            .into_iter()
            .map(|e| {
                let actor = e.actor.unwrap_or_default();
                (e.text, actor.country, actor.sector)
            })
            .collect()
    }

    #[test]
    fn groups_take_the_country_they_are_tied_to_and_only_that() {
        let text = "Police in Nairobi fired tear gas at protesters demanding lower food prices.";
        assert_eq!(
            nominals(text, &[("Nairobi", EntityType::Loc)]),
            [
                ("Police".into(), Some("KEN".into()), Some(Sector::Gov)),
                ("protesters".into(), None, Some(Sector::Cvl)),
            ]
        );
        // The sentence's place is no tie: the home country decides later.
        let text = "Canada hosted talks between the government and separatists.";
        assert_eq!(
            nominals(text, &[("Canada", EntityType::Loc)]),
            [
                ("government".into(), None, Some(Sector::Gov)),
                ("separatists".into(), None, Some(Sector::Reb)),
            ]
        );
    }

    #[test]
    fn a_name_before_the_noun_stands_for_the_group() {
        let text = "Israeli troops and Kenya's police met angry farmers.";
        let found = nominals(text, &[("Israeli", EntityType::Misc), ("Kenya", EntityType::Loc)]);
        assert_eq!(found, [("farmers".into(), None, Some(Sector::Cvl))]);
    }

    #[test]
    fn a_name_owns_its_group_over_one_modifier_but_not_over_a_verb() {
        let text = "Syria's foreign ministry condemned the raid.";
        assert_eq!(nominals(text, &[("Syria", EntityType::Loc)]), []);
        let text = "Kenya said the police fired.";
        assert_eq!(
            nominals(text, &[("Kenya", EntityType::Loc)]),
            [("police".into(), None, Some(Sector::Gov))]
        );
    }

    #[test]
    fn irregular_plurals_and_unions_are_groups_too() {
        let text = "Gunmen killed five people in Zamfara as unions marched.";
        let found = nominals(text, &[("Zamfara", EntityType::Loc)]);
        let words: Vec<&str> = found.iter().map(|(word, ..)| word.as_str()).collect();
        assert_eq!(words, ["Gunmen", "people", "unions"]);
        assert_eq!(found[0].2, Some(Sector::Reb));
    }

    #[test]
    fn a_collective_noun_used_as_a_modifier_is_no_actor() {
        assert!(nominals("The government officials visited a police station.", &[])
            .iter()
            .all(|(word, ..)| word == "officials"));
        assert_eq!(nominals("The government said no.", &[]).len(), 1);
    }

    #[test]
    fn unused_nominals_are_pruned_and_references_follow_the_new_ids() {
        let entity = |id: &str, start: usize, kind: EntityType| Entity {
            id: id.into(),
            start,
            end: start + 1,
            text: "x".into(),
            kind,
            actor: None,
            affiliation: None,
            confidence: None,
            value: None,
        };
        let mut entities = vec![
            entity("T1", 0, EntityType::Nom),
            entity("T2", 5, EntityType::Loc),
            entity("T3", 9, EntityType::Nom),
        ];
        let mut events = vec![Event::new(
            EventType::Coerce,
            Mention {
                start: 3,
                end: 4,
                text: "x".into(),
            },
        )];
        events[0].sources = vec!["T3".into()];
        events[0].location = Some("T2".into());
        prune_nominals(&mut entities, &mut events);
        let ids: Vec<(&str, usize)> = entities.iter().map(|e| (e.id.as_str(), e.start)).collect();
        assert_eq!(ids, [("T1", 5), ("T2", 9)]);
        assert_eq!(events[0].sources, ["T2"]);
        assert_eq!(events[0].location.as_deref(), Some("T1"));
    }
}
