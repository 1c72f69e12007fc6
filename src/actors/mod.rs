//! Actor resolution: entity mentions → actor codes (ONTOLOGY.md, Actors).
//!
//! Input: a mention's text ("Ishiba Shigeru", "Russian troops", "Tokyo"),
//! optionally the text just before it ("Japanese Prime Minister ") and after
//! it. Output: an [`Actor`]: an ISO 3166-1 alpha-3 country or `IGO`, and a
//! [`Sector`]. No offsets are involved: callers cut the strings.
//!
//! The dictionaries are data, embedded from `data/actors/` (see its
//! README): Debian's iso-codes country table, the Phoenix actor and agent
//! dictionaries of PETRARCH2 (country names, demonyms, cities,
//! institutions, organisations, people to 2015; titles and groups →
//! sector), and accord's own supplements for what those lack (capitals as
//! government metonyms, current leaders, a few organisations and demonyms,
//! and sectors where ONTOLOGY.md differs from CAMEO: spokespeople are
//! government, protesters civilians). They are parsed once, on first use
//! of [`ActorResolver::global`].
//!
//! ```text
//! "Japanese Prime Minister " + "Ishiba Shigeru"
//!   segments: [JAPANESE → JPN] [PRIME MINISTER → GOV] [ISHIBA SHIGERU → person JPN/GOV]
//!   head title: PRIME MINISTER → sector GOV; its country: the one it is "of",
//!   else the nearest before it (JPN), else the person's
//! ```
//!
//! Person names also resolve through a document's earlier mentions
//! ([`DocActors`], [`ActorResolver::resolve_in_doc`]): "Modi" after
//! "Prime Minister Narendra Modi".

mod code;
mod doc;
mod iso;
mod publisher;
mod resolve;
mod tabari;
mod table;
#[cfg(test)]
mod tests;
mod text;

use std::sync::LazyLock;

pub use doc::DocActors;
pub use publisher::Publishers;

use crate::record::{Actor, Sector};
use resolve::What;
use table::Tables;
use text::{words, Piece, Word};

/// The dictionary texts a resolver is built from.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    /// Debian iso-codes `iso_3166-1.json`.
    pub iso_3166_json: &'a str,
    /// Phoenix `Phoenix.Countries.actors.txt`.
    pub phoenix_countries: &'a str,
    /// Phoenix `Phoenix.International.actors.txt`.
    pub phoenix_international: &'a str,
    /// Phoenix `Phoenix.agents.txt`.
    pub phoenix_agents: &'a str,
    /// accord's organisations, metonyms and demonyms missing from Phoenix.
    pub accord_actors: &'a str,
    /// accord's capitals and seats of government, as government metonyms.
    pub accord_capitals: &'a str,
    /// accord's current leaders.
    pub accord_leaders: &'a str,
    /// accord's agent entries, read after Phoenix's and overriding them.
    pub accord_agents: &'a str,
}

impl Sources<'static> {
    /// The files in `data/actors/`, embedded in the binary.
    pub const EMBEDDED: Sources<'static> = Sources {
        iso_3166_json: include_str!("../../data/actors/iso_3166-1.json"),
        phoenix_countries: include_str!("../../data/actors/Phoenix.Countries.actors.txt"),
        phoenix_international: include_str!("../../data/actors/Phoenix.International.actors.txt"),
        phoenix_agents: include_str!("../../data/actors/Phoenix.agents.txt"),
        accord_actors: include_str!("../../data/actors/accord.actors.txt"),
        accord_capitals: include_str!("../../data/actors/accord.capitals.txt"),
        accord_leaders: include_str!("../../data/actors/accord.leaders.txt"),
        accord_agents: include_str!("../../data/actors/accord.agents.txt"),
    };
}

/// Why the dictionaries could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DataError {
    /// The ISO 3166-1 table is not the iso-codes JSON shape.
    #[error("iso_3166-1.json: {0}")]
    Json(#[source] serde_json::Error),
}

/// Resolves mentions to actors with the loaded dictionaries.
///
/// # Example
///
/// ```
/// use accord::actors::ActorResolver;
/// use accord::record::Sector;
///
/// let actors = ActorResolver::global();
/// assert_eq!(actors.country("the United States").as_deref(), Some("USA"));
/// assert_eq!(actors.sector("Governors"), Some(Sector::Gov));
/// let ishiba = actors.resolve("Ishiba Shigeru", "Japanese Prime Minister ").unwrap();
/// assert_eq!((ishiba.country.as_deref(), ishiba.sector), (Some("JPN"), Some(Sector::Gov)));
/// ```
#[derive(Debug)]
pub struct ActorResolver {
    tables: Tables,
}

static GLOBAL: LazyLock<ActorResolver> = LazyLock::new(|| {
    // The embedded data is checked by the tests (`embedded_data_loads`), so
    // the empty fallback is never taken by a tested build.
    ActorResolver::new(&Sources::EMBEDDED).unwrap_or_else(|_| ActorResolver {
        tables: Tables::default(),
    })
});

impl ActorResolver {
    /// Builds a resolver from dictionary texts.
    ///
    /// # Errors
    ///
    /// [`DataError::Json`] when the ISO table is not valid iso-codes JSON.
    /// Lines of the TABARI files that cannot be read are skipped.
    pub fn new(sources: &Sources<'_>) -> Result<ActorResolver, DataError> {
        Ok(ActorResolver {
            tables: Tables::build(sources)?,
        })
    }

    /// The resolver for the embedded dictionaries, parsed on first use.
    pub fn global() -> &'static ActorResolver {
        &GLOBAL
    }

    /// The country of a phrase: ISO 3166-1 alpha-3, or `IGO` for an
    /// international organisation. "Japan", "Japanese", "Tokyo", "the United
    /// States", "U.S.", "PRC", "Türkiye", "NATO", "Vladimir Putin". All
    /// lower-case phrases ("us", "turkey") and short words not in capitals
    /// ("Us", "Who") do not resolve.
    pub fn country(&self, phrase: &str) -> Option<String> {
        self.resolve_around(phrase, "", "").and_then(|a| a.country)
    }

    /// The countries a free text such as a headline names, once each, in
    /// order, by the same longest match that cuts mentions into phrases:
    /// "Russian-Chinese talks" → RUS, CHN; "Telephone conversation with
    /// President of Iran Sayyid Ebrahim Raisi" → IRN.
    pub fn countries_named(&self, text: &str) -> Vec<String> {
        let mut found: Vec<String> = Vec::new();
        let countries = self
            .tables
            .segment(&text::pieces(text))
            .into_iter()
            .filter_map(|seg| match seg.what {
                What::Actor(actor) => actor.code.country,
                _ => None,
            });
        for country in countries.map(|c| c.as_str().to_string()) {
            if !found.contains(&country) {
                found.push(country);
            }
        }
        found
    }

    /// The country (or `IGO`) a phrase names as a whole, as one dictionary
    /// entry: "Russia", "South African", "EU"; `None` for a phrase that
    /// says more ("Russia Council", "Russian troops") or nothing known.
    pub fn whole_name(&self, phrase: &str) -> Option<String> {
        self.whole_entry(phrase)
            .and_then(|found| found.code.country)
            .map(|c| c.as_str().to_string())
    }

    /// Whether a phrase is, as a whole, the name of a country or its
    /// capital, a place ("Russia", "Turkey", "US", "Tokyo"), not a demonym
    /// ("Russian", "Chinese", "Turkish", "Israeli") or an organisation.
    ///
    /// The dictionaries file a country's short names and its demonyms
    /// alike, as variants of the country; the demonyms are told apart by
    /// the endings English gives them.
    pub fn is_country_name(&self, phrase: &str) -> bool {
        const DEMONYM_ENDINGS: [&str; 7] = ["an", "ese", "sh", "i", "ch", "ss", "ek"];
        self.whole_entry(phrase).is_some_and(|found| match found.kind {
            table::Kind::Name | table::Kind::Capital => true,
            table::Kind::Variant => {
                let lower = phrase.trim().to_lowercase();
                !DEMONYM_ENDINGS.iter().any(|ending| lower.ends_with(ending))
            }
            _ => false,
        })
    }

    /// The one dictionary entry a phrase is as a whole.
    fn whole_entry(&self, phrase: &str) -> Option<resolve::Found> {
        let pieces = text::pieces(phrase);
        match self.tables.segment(&pieces).as_slice() {
            [seg] if seg.start == 0 && seg.end == pieces.len() => match &seg.what {
                What::Actor(found) => Some(found.clone()),
                _ => None,
            },
            _ => None,
        }
    }

    /// Whether a phrase names an actor by its kind alone: titles, groups and
    /// institutions with no name or country in it ("Interior Ministry",
    /// "the police", "Congress", "protesters"), where "Amnesty
    /// International", "Arakan Army" or "Russian troops" name one.
    pub fn names_kind_only(&self, phrase: &str) -> bool {
        let segments = self.tables.segment(&text::pieces(phrase));
        segments.iter().any(|seg| matches!(seg.what, What::Agent(Some(_))))
            && segments
                .iter()
                .all(|seg| matches!(seg.what, What::Agent(_) | What::Link | What::Of))
    }

    /// The sector of a title or group, singular or plural: "Prime
    /// Minister", "Governors", "troops", "protesters", "spokesperson",
    /// "rebels"; also of an institution or capital ("Kremlin", "Pentagon").
    pub fn sector(&self, phrase: &str) -> Option<Sector> {
        self.resolve_around(phrase, "", "").and_then(|a| a.sector)
    }

    /// The actor of a mention, with up to ~60 chars of text before it:
    /// ("Ishiba Shigeru", "Japanese Prime Minister ") → JPN/GOV;
    /// ("Kassym-Jomart Tokayev", "President of Kazakhstan ") → KAZ/GOV;
    /// ("Japanese", "the Governors of 16 ") → JPN/GOV. `None` when neither a
    /// country nor a sector is found.
    pub fn resolve(&self, mention: &str, left_context: &str) -> Option<Actor> {
        self.resolve_around(mention, left_context, "")
    }

    /// [`resolve`](Self::resolve) with the text after the mention as well,
    /// for titles that follow it: ("Japanese", "", " Prime Minister
    /// Ishiba") → JPN/GOV.
    pub fn resolve_around(&self, mention: &str, left_context: &str, right_context: &str) -> Option<Actor> {
        resolve::analyse(&self.tables, mention, left_context, right_context, None, false).0
    }

    /// [`resolve`](Self::resolve) for a person mention within a document:
    /// a name resolved here in full is remembered in `doc`, and a later
    /// short form of it ("Modi", "Iwaya") gets the same actor even where no
    /// dictionary knows it. Use it for PER mentions, in text order.
    pub fn resolve_in_doc(&self, doc: &mut DocActors, mention: &str, left_context: &str) -> Option<Actor> {
        let (mut actor, mut name) = resolve::analyse(&self.tables, mention, left_context, "", Some(doc), false);
        // A name no table or earlier mention places may have its title
        // before it as an appositive ("Venezuela's foreign minister, Julio
        // Mendoza"); known names keep their own ("the Armenian side,
        // Vladimir Putin").
        if actor.as_ref().is_none_or(|a| a.country.is_none()) && left_context.trim_end().ends_with(',') {
            let (apposed, apposed_name) = resolve::analyse(&self.tables, mention, left_context, "", Some(doc), true);
            let better = match (&actor, &apposed) {
                (_, Some(a)) if a.country.is_some() => true,
                (None, Some(a)) => a.sector.is_some(),
                _ => false,
            };
            if better {
                (actor, name) = (apposed, apposed_name);
            }
        }
        if let (Some(actor), Some(name)) = (&actor, name) {
            if actor.country.is_some() {
                doc.remember_words(&name, actor.clone());
            }
        }
        actor
    }

    /// A known person by full name, in either order, or by a current
    /// leader's last name: "Vladimir Putin", "Putin", "Ishiba Shigeru",
    /// "Xi Jinping", "Modi". Titles and forms of address before the name
    /// are ignored.
    pub fn person(&self, name: &str) -> Option<Actor> {
        let mut ws = words(name);
        let cut = self.title_len(&ws);
        ws.drain(..cut);
        self.tables.person_words(&ws).map(code::Code::to_actor)
    }

    /// Sizes of the loaded tables: (actor phrases, agent phrases, phrases
    /// dropped because two countries claim them).
    pub fn stats(&self) -> (usize, usize, usize) {
        let (actors, agents) = self.tables.sizes();
        (actors, agents, self.tables.ambiguous)
    }

    /// How many leading words are titles or forms of address ("Prime
    /// Minister", "Mr").
    pub(crate) fn title_len(&self, ws: &[Word]) -> usize {
        let ps: Vec<Piece> = ws.iter().cloned().map(Piece::Word).collect();
        let mut len = 0;
        for seg in self.tables.segment(&ps) {
            match seg.what {
                What::Agent(_) | What::Honorific | What::Link => len = seg.end,
                _ => break,
            }
        }
        len
    }
}
