//! The phrase tables the resolver looks up: actor phrases (countries,
//! demonyms, cities, capitals, institutions, organisations, people) and
//! agent phrases (titles and groups → sector), keyed by `text::key`.
//!
//! When two entries share a key, the stronger source wins (accord's
//! supplements over ISO over Phoenix countries over Phoenix
//! international), then the stronger kind (a country's own name over a
//! person or institution over a city or variant). Equal claims for
//! different countries cancel: Phoenix lists "Salva Kiir" under both Sudan
//! and South Sudan, so the name resolves to nothing rather than to
//! whichever line came last (13 such keys in the embedded files).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use super::code::{actor_of, agent_sector, by_recency, current, Code, Country};
use super::iso;
use super::tabari::{parse_actors, parse_agents, RawActor, When};
use super::text::{key, words};
use super::{DataError, Sources};
use crate::record::Sector;

/// FNV-1a: the keys are short and come from the embedded files, so a fast
/// hash is safe and keeps the load time down.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
pub(crate) type FastSet<K> = HashSet<K, BuildHasherDefault<Fnv>>;

/// What an actor phrase names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    /// A company (Phoenix `MNC`).
    Company,
    /// A country's other names: demonyms, old names, cities, regions.
    Variant,
    /// A person.
    Person,
    /// An institution: ministries, armies, parliaments, NGOs.
    Institution,
    /// A country's own name (ISO, or the head of a Phoenix country entry).
    Name,
    /// A capital or seat of government used as a metonym ("Tokyo", "Kremlin").
    Capital,
    /// An international organisation.
    Igo,
}

impl Kind {
    fn rank(self) -> u8 {
        match self {
            Kind::Company => 0,
            Kind::Variant => 1,
            Kind::Person | Kind::Institution => 2,
            Kind::Name | Kind::Capital | Kind::Igo => 3,
        }
    }
}

/// Which file an entry came from; later sources win.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Source {
    PhoenixInternational,
    PhoenixCountries,
    Iso,
    Accord,
}

/// An actor phrase's meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    /// Country and sector.
    pub code: Code,
    /// What the phrase names.
    pub kind: Kind,
    /// The entry is one of accord's current leaders.
    pub current: bool,
    source: Source,
    recency: u32,
}

#[derive(Debug, Clone)]
enum Slot {
    One(Entry),
    Ambiguous { source: Source, rank: u8 },
}

/// A surname of a current leader.
#[derive(Debug, Clone)]
pub(crate) struct Surname {
    /// The leader's actor.
    pub code: Code,
    /// Keys of the given names used with it.
    pub given: HashSet<String>,
}

/// The loaded tables.
#[derive(Debug, Default)]
pub(crate) struct Tables {
    actors: FastMap<String, Slot>,
    agents: FastMap<String, Option<Sector>>,
    surnames: FastMap<String, Option<Surname>>,
    /// Most words in any key, to bound longest-match scans.
    pub max_words: usize,
    /// Counts for the load report.
    pub ambiguous: usize,
}

impl Tables {
    /// The entry for an actor key, unless the key is ambiguous or unknown.
    pub fn actor(&self, key: &str) -> Option<&Entry> {
        match self.actors.get(key) {
            Some(Slot::One(e)) => Some(e),
            _ => None,
        }
    }

    /// The sector of an agent key: `Some(None)` for a known agent without an
    /// accord sector ("former president").
    pub fn agent(&self, key: &str) -> Option<Option<Sector>> {
        self.agents.get(key).copied()
    }

    /// A current leader with this surname, if exactly one country claims it.
    pub fn surname(&self, key: &str) -> Option<&Surname> {
        self.surnames.get(key).and_then(Option::as_ref)
    }

    /// Number of actor keys and agent keys.
    pub fn sizes(&self) -> (usize, usize) {
        (self.actors.len(), self.agents.len())
    }

    /// Builds the tables from the dictionary texts.
    pub fn build(sources: &Sources<'_>) -> Result<Tables, DataError> {
        let countries = iso::parse(sources.iso_3166_json).map_err(DataError::Json)?;
        let iso3: FastSet<Country> = countries.iter().filter_map(|c| Country::new(&c.alpha3)).collect();
        let mut t = Tables::default();
        t.actors.reserve(40_000);

        for raw in parse_actors(sources.phoenix_international) {
            t.add_phoenix(&raw, Source::PhoenixInternational, &iso3);
        }
        for raw in parse_actors(sources.phoenix_countries) {
            t.add_phoenix(&raw, Source::PhoenixCountries, &iso3);
        }
        for c in &countries {
            let code = Code {
                country: Country::new(&c.alpha3),
                sector: None,
            };
            for name in &c.names {
                t.insert(key(name), entry(code, Kind::Name, Source::Iso, 0));
            }
        }
        for raw in parse_actors(sources.accord_actors) {
            t.add_accord(&raw, None, &iso3);
        }
        for raw in parse_actors(sources.accord_capitals) {
            t.add_accord(&raw, Some(Kind::Capital), &iso3);
        }
        for raw in parse_actors(sources.accord_leaders) {
            t.add_accord(&raw, Some(Kind::Person), &iso3);
            t.add_surnames(&raw, &iso3);
        }

        for agent in parse_agents(&[sources.phoenix_agents, sources.accord_agents]) {
            let Some(sector) = agent_sector(&agent.code) else {
                continue;
            };
            for phrase in &agent.phrases {
                let k = key(phrase);
                if !k.is_empty() {
                    t.agents.insert(k, sector);
                }
            }
        }

        t.surnames.retain(|k, _| k.len() >= 3);
        let agent_words = t.agents.keys().map(|k| k.split(' ').count()).max().unwrap_or(1);
        // Longer keys still match a whole mention; scans need not try them.
        t.max_words = t.max_words.max(agent_words).min(12);
        t.ambiguous = t
            .actors
            .values()
            .filter(|s| matches!(s, Slot::Ambiguous { .. }))
            .count();
        Ok(t)
    }

    fn add_phoenix(&mut self, raw: &RawActor<'_>, source: Source, iso3: &FastSet<Country>) {
        let Some(current) = current(&raw.codes) else { return };
        let Some(code) = code_for(raw, iso3) else { return };
        let dated = raw.codes.iter().any(|c| c.when != When::Always);
        let bare_country = Country::new(current.code).is_some_and(|c| iso3.contains(&c));
        let kind = if current.code.starts_with("IGO") && !dated && !raw.country_info {
            Kind::Igo
        } else if current.code.starts_with("MNC") {
            Kind::Company
        } else if bare_country {
            Kind::Variant
        } else if raw.country_info || dated {
            Kind::Person
        } else {
            Kind::Institution
        };
        let recency = super::code::recency(current);
        for (i, name) in raw.names.iter().enumerate() {
            let kind = if i == 0 && kind == Kind::Variant {
                Kind::Name
            } else {
                kind
            };
            self.insert(key(name), entry(code, kind, source, recency));
        }
    }

    fn add_accord(&mut self, raw: &RawActor<'_>, kind: Option<Kind>, iso3: &FastSet<Country>) {
        let Some(code) = code_for(raw, iso3) else { return };
        let kind = kind.unwrap_or(match code.country {
            Some(Country::IGO) if code.sector.is_none() => Kind::Igo,
            Some(_) if code.sector.is_none() => Kind::Variant,
            _ => Kind::Institution,
        });
        for name in &raw.names {
            let mut e = entry(code, kind, Source::Accord, u32::MAX);
            e.current = kind == Kind::Person;
            self.insert(key(name), e);
        }
    }

    fn add_surnames(&mut self, raw: &RawActor<'_>, iso3: &FastSet<Country>) {
        let Some(code) = code_for(raw, iso3) else { return };
        let names: Vec<Vec<String>> = raw
            .names
            .iter()
            .map(|n| words(n).into_iter().map(|w| w.key).collect())
            .collect();
        let given: HashSet<String> = names
            .iter()
            .flat_map(|ws| ws.iter().take(ws.len().saturating_sub(1)).cloned())
            .collect();
        for ws in names.iter().filter(|ws| ws.len() >= 2) {
            // "Ferdinand Marcos Jr.", "Charles III": the surname is before the suffix.
            let suffix = |w: &String| matches!(w.as_str(), "JR" | "SR" | "II" | "III" | "IV");
            let Some(last) = ws.iter().rev().find(|w| !suffix(w)) else {
                continue;
            };
            match self.surnames.get_mut(last) {
                None => {
                    let s = Surname {
                        code,
                        given: given.clone(),
                    };
                    self.surnames.insert(last.clone(), Some(s));
                }
                Some(Some(s)) if s.code == code => s.given.extend(given.iter().cloned()),
                Some(Some(s)) if s.code.country == code.country => {
                    s.code.sector = None;
                    s.given.extend(given.iter().cloned());
                }
                Some(slot) => *slot = None,
            }
        }
    }

    fn insert(&mut self, key: String, new: Entry) {
        use std::collections::hash_map::Entry as MapEntry;
        if key.is_empty() || key.bytes().all(|b| b.is_ascii_digit() || b == b' ') {
            return;
        }
        let claim = (new.source, new.kind.rank());
        let words = key.bytes().filter(|b| *b == b' ').count() + 1;
        let slot = match self.actors.entry(key) {
            MapEntry::Vacant(v) => {
                self.max_words = self.max_words.max(words);
                v.insert(Slot::One(new));
                return;
            }
            MapEntry::Occupied(o) => o.into_mut(),
        };
        let held = match slot {
            Slot::One(e) => (e.source, e.kind.rank()),
            Slot::Ambiguous { source, rank } => (*source, *rank),
        };
        if claim > held {
            *slot = Slot::One(new);
        } else if claim == held {
            if let Slot::One(old) = slot {
                if old.code.country == new.code.country {
                    if new.recency > old.recency {
                        *slot = Slot::One(new);
                    }
                } else {
                    *slot = Slot::Ambiguous {
                        source: held.0,
                        rank: held.1,
                    };
                }
            }
        }
    }
}

fn entry(code: Code, kind: Kind, source: Source, recency: u32) -> Entry {
    Entry {
        code,
        kind,
        current: false,
        source,
        recency,
    }
}

/// The code an entry stands for now: its current code, with the country
/// taken from the newest code that has one when the current code has none.
fn code_for(raw: &RawActor<'_>, iso3: &FastSet<Country>) -> Option<Code> {
    let current = current(&raw.codes)?;
    let mut code = actor_of(current.code, iso3);
    if code.country.is_none() {
        code.country = by_recency(&raw.codes)
            .into_iter()
            .find_map(|c| actor_of(c.code, iso3).country);
    }
    (!code.is_empty()).then_some(code)
}
