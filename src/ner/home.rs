//! The home country of a document, for actors that name only their kind.
//!
//! "Police fired tear gas", "the Interior Ministry said", "Congress voted",
//! "Transport Minister Paolo Ferrante ordered": wire copy names domestic
//! actors and officials by what they are and leaves their country to the
//! story. The gold labels give them the country the story is set in, and so
//! does accord: a group noun, an institution named by its kind alone
//! ([`ActorResolver::names_kind_only`]) or a person with a title, each with
//! a sector and no country, takes the document's home country: its
//! dateline's country when the story names that country again, else the
//! one its named mentions give most often after the dateline.
//!
//! A dateline ("LIMA, July 7 (Reuters) -") is where the story was filed,
//! which is where it is set unless the story never names that country again
//! ("BANGKOK, Dec 9 (AFP) - Myanmar's military ..."). Counting alone lets a
//! foreign power the story keeps naming outweigh it ("PANAMA CITY ... U.S.
//! warships ... Washington's request ... students marched"): on the wire
//! training sets and dev-wire, the dateline rule gives the country of the
//! gold's group nouns in 107 of 126 stories, counting alone in 101.
//! Group nouns that stand for several parties ("presidents",
//! "delegations") stay without a country (GUIDELINES 2.4).

use std::sync::LazyLock;

use regex::Regex;

use crate::actors::ActorResolver;
use crate::ner::nominal::COLLECTIVES;
use crate::record::{Entity, EntityType};

/// A wire dateline: a place in capitals, then a date or an agency, then a
/// dash. "LIMA, July 7 (Reuters) -", "COX'S BAZAR, Bangladesh, April 8
/// (Reuters) -", "COX'S BAZAR, Dec 18 —", "BRUSSELS (AP) —".
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*[A-Z][A-Z'’.\- ]+(?:, [A-Z][A-Za-z.'’ ]+)?(?:(?:, [A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?)(?: \([A-Za-z&. ]+\))?|(?: \([A-Za-z&. ]+\)))\s*[-—–]+\s",
    )
    .expect("the dateline pattern is valid")
});

/// Plural group nouns that stand for the several parties of an event, not
/// for one country's actors. Not "leaders" or "parties": the training gold
/// gives those one country 21 times in 28 ("opposition leaders").
const SEVERAL_PARTIES: [&str; 7] = [
    "presidents",
    "heads",
    "countries",
    "nations",
    "states",
    "delegations",
    "partners",
];

/// Whether a group noun stands for several parties: "presidents", and the
/// plural of a collective ("juntas", "governments").
fn stands_for_several(noun: &str) -> bool {
    SEVERAL_PARTIES.contains(&noun) || noun.strip_suffix('s').is_some_and(|one| COLLECTIVES.contains(&one))
}

/// Char offset where the text after its dateline starts (0 without one).
pub fn body_start(text: &str) -> usize {
    DATELINE.find(text).map_or(0, |m| text[..m.end()].chars().count())
}

/// The document's home country: the dateline's country if a named mention
/// after the dateline gives it too; otherwise the country (not an IGO) that
/// the named mentions after the dateline give most often, the earliest of
/// them on a tie. A single odd mention ("the Pan-American Highway" in a
/// story from Peru) does not outweigh the country the story keeps naming.
pub fn home_country(text: &str, entities: &[Entity]) -> Option<String> {
    let body = body_start(text);
    let filed_in = entities
        .iter()
        .filter(|e| e.start < body)
        .filter_map(Entity::country)
        .find(|c| *c != "IGO");
    // (country, mentions) in order of first mention.
    let mut counts: Vec<(&str, usize)> = Vec::new();
    let named = entities
        .iter()
        .filter(|e| e.start >= body && e.kind != EntityType::Nom)
        .filter_map(Entity::country)
        .filter(|c| *c != "IGO");
    for country in named {
        match counts.iter_mut().find(|(c, _)| *c == country) {
            Some((_, n)) => *n += 1,
            None => counts.push((country, 1)),
        }
    }
    if let Some(filed_in) = filed_in.filter(|c| counts.iter().any(|(named, _)| named == c)) {
        return Some(filed_in.to_owned());
    }
    // `max_by_key` keeps the last maximum; reversed, that is the earliest.
    counts
        .iter()
        .rev()
        .max_by_key(|(_, n)| *n)
        .map(|(c, _)| (*c).to_owned())
}

/// Whether an entity names an actor by its kind alone, or is a person with
/// a title and no country, and so belongs to the country the story is set
/// in. Named organisations with no country stay so ("Amnesty
/// International", "Arakan Army"): the training gold gives them none or
/// their own as often as the story's.
fn takes_home_country(resolver: &ActorResolver, entity: &Entity) -> bool {
    let Some(actor) = &entity.actor else {
        return false;
    };
    if actor.country.is_some() || actor.sector.is_none() {
        return false;
    }
    match entity.kind {
        EntityType::Nom => !stands_for_several(&entity.text.to_lowercase()),
        EntityType::Per => true,
        EntityType::Org => resolver.names_kind_only(&entity.text),
        _ => false,
    }
}

/// Gives the home country ([`home_country`]) to the mentions that belong
/// to it (a group noun, an institution named by its kind, a person with a
/// title) and have no country yet.
pub fn assign_home_country(text: &str, entities: &mut [Entity]) {
    if let Some(home) = home_country(text, entities) {
        give_home_country(&home, entities);
    }
}

/// Gives `home` to the mentions of `entities` that belong to it and have
/// no country yet (as [`assign_home_country`]).
pub fn give_home_country(home: &str, entities: &mut [Entity]) {
    let resolver = ActorResolver::global();
    for entity in entities.iter_mut() {
        if takes_home_country(resolver, entity) {
            if let Some(actor) = &mut entity.actor {
                actor.country = Some(home.to_owned());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Actor, Sector};

    fn entity(text: &str, at: &str, kind: EntityType, country: Option<&str>, sector: Option<Sector>) -> Entity {
        let start = text.find(at).expect("the mention is in the text");
        Entity {
            id: String::new(),
            start: text[..start].chars().count(),
            end: text[..start].chars().count() + at.chars().count(),
            text: at.to_owned(),
            kind,
            actor: Some(Actor {
                country: country.map(str::to_owned),
                sector,
            }),
            affiliation: None,
            confidence: None,
            value: None,
        }
    }

    #[test]
    fn datelines_are_found_and_headings_are_not() {
        for (text, body) in [
            ("LIMA, July 7 (Reuters) - Miners marched.", "Miners"),
            ("COX'S BAZAR, Bangladesh, April 8 (Reuters) - The WFP", "The WFP"),
            ("COX'S BAZAR, Dec 18 — Bangladeshi guards", "Bangladeshi"),
            ("BRUSSELS (AP) — The EU", "The EU"),
        ] {
            let at = text.find(body).unwrap();
            assert_eq!(body_start(text), text[..at].chars().count(), "{text}");
        }
        assert_eq!(body_start("NATO - a history"), 0);
        assert_eq!(body_start("Vladimir Putin had a telephone conversation."), 0);
    }

    #[test]
    fn domestic_actors_take_the_country_the_story_is_set_in() {
        let text = "BANGKOK, Dec 9 (AFP) - Myanmar's military bombed a village. Police said the \
                    Interior Ministry, Amnesty International, presidents and Minister Min Aung disagreed.";
        let mut entities = vec![
            entity(text, "BANGKOK", EntityType::Loc, Some("THA"), None),
            entity(text, "Myanmar", EntityType::Loc, Some("MMR"), None),
            entity(text, "Police", EntityType::Nom, None, Some(Sector::Gov)),
            entity(text, "Interior Ministry", EntityType::Org, None, Some(Sector::Gov)),
            entity(text, "Amnesty International", EntityType::Org, None, Some(Sector::Cvl)),
            entity(text, "presidents", EntityType::Nom, None, Some(Sector::Gov)),
            entity(text, "Min Aung", EntityType::Per, None, Some(Sector::Gov)),
        ];
        assert_eq!(home_country(text, &entities).as_deref(), Some("MMR"));
        assign_home_country(text, &mut entities);
        let countries: Vec<Option<&str>> = entities.iter().map(Entity::country).collect();
        assert_eq!(
            countries,
            [
                Some("THA"),
                Some("MMR"),
                Some("MMR"),
                Some("MMR"),
                None,
                None,
                Some("MMR")
            ]
        );
    }

    #[test]
    fn the_dateline_country_is_home_when_the_story_names_it_again() {
        let text = "PANAMA CITY, April 22 (AP) - Panama gave U.S. warships priority after an American \
                    demand and Washington's request. Students accused the government.";
        let mut entities = vec![
            entity(text, "PANAMA CITY", EntityType::Loc, Some("PAN"), None),
            entity(text, "Panama", EntityType::Loc, Some("PAN"), None),
            entity(text, "U.S.", EntityType::Loc, Some("USA"), None),
            entity(text, "American", EntityType::Misc, Some("USA"), None),
            entity(text, "Washington", EntityType::Loc, Some("USA"), None),
            entity(text, "government", EntityType::Nom, None, Some(Sector::Gov)),
        ];
        assert_eq!(home_country(text, &entities).as_deref(), Some("PAN"));
        // Not named again: counting decides.
        entities.remove(1);
        assert_eq!(home_country(text, &entities).as_deref(), Some("USA"));
    }

    #[test]
    fn the_country_named_most_is_home_and_the_earliest_breaks_a_tie() {
        let text = "Miners blocked the Pan-American Highway in Peru. Lima and Bolivia argued.";
        let mut entities = vec![
            entity(text, "Pan-American Highway", EntityType::Loc, Some("USA"), None),
            entity(text, "Peru", EntityType::Loc, Some("PER"), None),
            entity(text, "Lima", EntityType::Loc, Some("PER"), None),
            entity(text, "Bolivia", EntityType::Loc, Some("BOL"), None),
        ];
        assert_eq!(home_country(text, &entities).as_deref(), Some("PER"));
        entities.truncate(2);
        assert_eq!(home_country(text, &entities).as_deref(), Some("USA"));
    }
}
