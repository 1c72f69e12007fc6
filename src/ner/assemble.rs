//! Entity assembly: model spans and rule-based numeric mentions → one list of
//! non-overlapping [`Entity`]s in text order, with ids and actor codes.

use crate::actors::{ActorResolver, DocActors};
use crate::numeric::NumericMention;
use crate::offsets::char_slice;
use crate::record::{CharSpan, Entity, EntityType};

/// A mention found by the NER model, in char offsets.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelMention {
    /// Char span.
    pub span: CharSpan,
    /// Type.
    pub kind: EntityType,
    /// Mean label probability.
    pub confidence: f32,
}

/// How many chars before a mention the actor resolver reads ("Japanese Prime
/// Minister " before "Ishiba Shigeru").
const LEFT_CONTEXT_CHARS: usize = 60;
/// Chars after a mention read for a title that follows it.
const RIGHT_CONTEXT_CHARS: usize = 40;

/// Up to [`RIGHT_CONTEXT_CHARS`] chars of `text` from char `end` on.
fn right_context(text: &str, end: usize) -> &str {
    let Some(before) = char_slice(text, 0, end) else {
        return "";
    };
    let rest = &text[before.len()..];
    rest.char_indices()
        .nth(RIGHT_CONTEXT_CHARS)
        .map_or(rest, |(byte, _)| &rest[..byte])
}

/// Merges model and numeric mentions, drops overlaps (the longer mention
/// wins; on a tie the numeric one, whose value is known), numbers them
/// `T1`, `T2`, ... in text order and resolves actor codes of named mentions
/// (persons through the document's earlier full names and its headline).
pub fn assemble(
    text: &str,
    title: Option<&str>,
    model: Vec<ModelMention>,
    numeric: Vec<NumericMention>,
) -> Vec<Entity> {
    let resolver = ActorResolver::global();
    let model: Vec<ModelMention> = model
        .into_iter()
        .flat_map(|m| split_compound(resolver, text, &m).unwrap_or_else(|| vec![m]))
        .collect();
    let mut candidates: Vec<(Entity, bool)> = Vec::with_capacity(model.len() + numeric.len());
    for m in model {
        let Some(mention) = char_slice(text, m.span.start, m.span.end) else {
            continue;
        };
        candidates.push((
            Entity {
                id: String::new(),
                start: m.span.start,
                end: m.span.end,
                text: mention.to_owned(),
                kind: m.kind,
                actor: None,
                affiliation: None,
                confidence: Some(m.confidence),
                value: None,
            },
            false,
        ));
    }
    candidates.extend(numeric.iter().map(|n| (n.to_entity(""), true)));
    // Longest first, numeric first on ties, then text order: greedy keeps the best.
    candidates.sort_by(|(a, a_num), (b, b_num)| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(b_num.cmp(a_num))
            .then(a.start.cmp(&b.start))
    });
    let mut kept: Vec<Entity> = Vec::with_capacity(candidates.len());
    for (entity, _) in candidates {
        if kept.iter().all(|k| k.end <= entity.start || entity.end <= k.start) {
            kept.push(entity);
        }
    }
    kept.sort_by_key(|e| (e.start, e.end));
    let mut people = DocActors::new();
    for (i, entity) in kept.iter_mut().enumerate() {
        entity.id = format!("T{}", i + 1);
        if matches!(
            entity.kind,
            EntityType::Per | EntityType::Org | EntityType::Loc | EntityType::Misc
        ) {
            let left = char_slice(text, entity.start.saturating_sub(LEFT_CONTEXT_CHARS), entity.start).unwrap_or("");
            // The second of a hyphenated pair is its own party: "Russian-"
            // before "Belarusian" is no title of it.
            let left = if left.ends_with('-') { "" } else { left };
            entity.actor = if entity.kind == EntityType::Per {
                let actor = resolver.resolve_in_doc(&mut people, &entity.text, left);
                match title.and_then(|t| headline_context(t, &entity.text)) {
                    // "Telephone conversation with Prime Minister of Luxembourg
                    // Xavier Bettel": the headline gives the title the text leaves out.
                    Some(context) if actor.as_ref().is_none_or(|a| a.country.is_none()) => {
                        resolver.resolve_in_doc(&mut people, &entity.text, context).or(actor)
                    }
                    _ => actor,
                }
            } else {
                // A demonym or place heads the title after it: "Indian Prime
                // Minister" is IND/GOV, "Israeli troops" ISR/MIL.
                resolver.resolve_around(&entity.text, left, right_context(text, entity.end))
            };
        }
    }
    kept
}

/// Up to [`LEFT_CONTEXT_CHARS`] chars of the headline before its first
/// mention of `name`, when it names it.
fn headline_context<'a>(title: &'a str, name: &str) -> Option<&'a str> {
    let at = title[..title.find(name)?].chars().count();
    char_slice(title, at.saturating_sub(LEFT_CONTEXT_CHARS), at)
}

/// A hyphenated pair of parties is two mentions, as accord's gold marks it
/// (eval/GUIDELINES.md): "Russian-Belarusian talks", "Russia-US", "Belarus-EU". The model
/// tags the pair as one span, which would resolve to its first country only
/// and hide the second party of the talks. A span is cut at its hyphens when
/// every part is the name of one country or organisation and the parts name
/// at least two; a name that is one place ("Guinea-Bissau",
/// "Nagorno-Karabakh") stays whole, because the resolver reads it as one
/// phrase, not two, and so does a name with more in it ("NATO-Russia
/// Council"). Returns the parts, or `None` where the span stays whole.
fn split_compound(resolver: &ActorResolver, text: &str, mention: &ModelMention) -> Option<Vec<ModelMention>> {
    if !matches!(mention.kind, EntityType::Loc | EntityType::Misc | EntityType::Org) {
        return None;
    }
    let phrase = char_slice(text, mention.span.start, mention.span.end)?;
    if !phrase.contains('-') || resolver.countries_named(phrase).len() < 2 {
        return None;
    }
    let mut parts = Vec::new();
    let mut start = mention.span.start;
    let mut countries = Vec::new();
    for part in phrase.split('-') {
        let country = resolver.whole_name(part)?;
        let end = start + part.chars().count();
        // GUIDELINES 2: "India-Japan" is LOC + LOC, "Russian-Chinese" MISC + MISC.
        let kind = if country == "IGO" {
            EntityType::Org
        } else if mention.kind == EntityType::Misc && !resolver.is_country_name(part) {
            EntityType::Misc
        } else {
            EntityType::Loc
        };
        parts.push(ModelMention {
            span: CharSpan { start, end },
            kind,
            confidence: mention.confidence,
        });
        countries.push(country);
        start = end + 1;
    }
    countries.dedup();
    (countries.len() >= 2).then_some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numeric::find_numeric;
    use crate::record::Sector;

    fn mention(text: &str, needle: &str, kind: EntityType) -> ModelMention {
        let byte = text.find(needle).unwrap();
        let start = text[..byte].chars().count();
        ModelMention {
            span: CharSpan {
                start,
                end: start + needle.chars().count(),
            },
            kind,
            confidence: 0.9,
        }
    }

    fn country_and_sector(entities: &[Entity]) -> Vec<(Option<&str>, Option<Sector>)> {
        entities
            .iter()
            .map(|e| {
                e.actor
                    .as_ref()
                    .map_or((None, None), |a| (a.country.as_deref(), a.sector))
            })
            .collect()
    }

    #[test]
    fn overlaps_keep_the_longer_mention_and_ids_follow_text_order() {
        let text = "Japanese Prime Minister Ishiba Shigeru pledged JPY 10 trillion at the Annual Summit 2025.";
        let model = vec![
            mention(text, "Annual Summit 2025", EntityType::Misc),
            mention(text, "Ishiba Shigeru", EntityType::Per),
            mention(text, "JPY", EntityType::Org),
            mention(text, "Japanese", EntityType::Misc),
        ];
        let entities = assemble(text, None, model, find_numeric(text, Some("2025-08-30")));
        let got: Vec<(&str, &str, EntityType)> = entities
            .iter()
            .map(|e| (e.id.as_str(), e.text.as_str(), e.kind))
            .collect();
        assert_eq!(
            got,
            [
                ("T1", "Japanese", EntityType::Misc),
                ("T2", "Ishiba Shigeru", EntityType::Per),
                ("T3", "JPY 10 trillion", EntityType::Money),
                ("T4", "Annual Summit 2025", EntityType::Misc),
            ]
        );
        let ishiba = entities[1].actor.as_ref().unwrap();
        assert_eq!(
            (ishiba.country.as_deref(), ishiba.sector),
            (Some("JPN"), Some(Sector::Gov))
        );
        assert!(entities[2].value.is_some());
    }

    #[test]
    fn a_demonym_takes_the_sector_of_the_title_or_group_after_it() {
        let text = "The Indian Prime Minister said Israeli troops fired on Palestinian protesters.";
        let model = ["Indian", "Israeli", "Palestinian"]
            .map(|m| mention(text, m, EntityType::Misc))
            .to_vec();
        let entities = assemble(text, None, model, Vec::new());
        let actors = country_and_sector(&entities);
        assert_eq!(
            actors,
            [
                (Some("IND"), Some(Sector::Gov)),
                (Some("ISR"), Some(Sector::Mil)),
                (Some("PSE"), Some(Sector::Cvl))
            ]
        );
        assert_eq!(right_context("naïve résumé", 6), "résumé");
        assert_eq!(right_context("short", 9), "");
    }

    #[test]
    fn a_person_the_text_names_bare_takes_the_title_the_headline_gives() {
        let title = "Telephone conversation with Prime Minister of Luxembourg Xavier Bettel";
        let text = "Vladimir Putin and Xavier Bettel discussed Ukraine. Bettel thanked him.";
        let mut model = vec![
            mention(text, "Xavier Bettel", EntityType::Per),
            mention(text, "Bettel thanked", EntityType::Per),
        ];
        model[1].span.end = model[1].span.start + "Bettel".len();
        let entities = assemble(text, Some(title), model.clone(), Vec::new());
        let actors = country_and_sector(&entities);
        assert_eq!(actors, [(Some("LUX"), Some(Sector::Gov)); 2]);
        // Without the headline the name is unknown.
        let bare = assemble(text, None, model, Vec::new());
        assert_eq!(bare[0].country(), None);
        assert_eq!(headline_context("naïve Bettel", "Bettel"), Some("naïve "));
        assert_eq!(headline_context("Meeting", "Bettel"), None);
    }

    #[test]
    fn a_hyphenated_pair_of_parties_is_two_mentions() {
        let text = "Russian-Belarusian talks, the Russia-US dialogue, Belarus-EU ties, Russia-Turkey relations, \
                    Guinea-Bissau, Nagorno-Karabakh, the NATO-Russia Council and anti-Russia sanctions.";
        let model = vec![
            mention(text, "Russian-Belarusian", EntityType::Misc),
            mention(text, "Russia-US", EntityType::Loc),
            mention(text, "Belarus-EU", EntityType::Loc),
            mention(text, "Russia-Turkey", EntityType::Misc),
            mention(text, "Guinea-Bissau", EntityType::Loc),
            mention(text, "Nagorno-Karabakh", EntityType::Loc),
            mention(text, "NATO-Russia Council", EntityType::Org),
            mention(text, "anti-Russia", EntityType::Misc),
        ];
        let entities = assemble(text, None, model, Vec::new());
        let got: Vec<(&str, EntityType, Option<&str>)> = entities
            .iter()
            .map(|e| (e.text.as_str(), e.kind, e.country()))
            .collect();
        assert_eq!(
            got,
            [
                ("Russian", EntityType::Misc, Some("RUS")),
                ("Belarusian", EntityType::Misc, Some("BLR")),
                ("Russia", EntityType::Loc, Some("RUS")),
                ("US", EntityType::Loc, Some("USA")),
                ("Belarus", EntityType::Loc, Some("BLR")),
                ("EU", EntityType::Org, Some("IGO")),
                ("Russia", EntityType::Loc, Some("RUS")),
                ("Turkey", EntityType::Loc, Some("TUR")),
                ("Guinea-Bissau", EntityType::Loc, Some("GNB")),
                ("Nagorno-Karabakh", EntityType::Loc, got[9].2),
                ("NATO-Russia Council", EntityType::Org, got[10].2),
                ("anti-Russia", EntityType::Misc, got[11].2),
            ]
        );
        for entity in &entities {
            assert_eq!(char_slice(text, entity.start, entity.end), Some(entity.text.as_str()));
        }
    }

    #[test]
    fn short_names_inherit_the_actor_of_an_earlier_full_name() {
        let text = "Prime Minister Narendra Modi arrived. Later Modi met the governors.";
        let model = vec![mention(text, "Narendra Modi", EntityType::Per), {
            let mut m = mention(text, "Modi met", EntityType::Per);
            m.span.end = m.span.start + 4;
            m
        }];
        let entities = assemble(text, None, model, Vec::new());
        assert_eq!(entities[1].text, "Modi");
        assert_eq!(entities[1].country(), Some("IND"));
    }
}
