//! CAMEO actor codes → accord actors. Input: a code from a dictionary
//! (`JPNGOV`, `USAGOVLEG`, `IGOUNO`, `MNCUSA`, agent `GOVMIL`). Output: an
//! ISO-3/`IGO` country and a [`Sector`] of ONTOLOGY.md, whose nine sectors
//! are coarser than CAMEO's: police and intelligence count as government,
//! unaffiliated armed groups as rebels, religious, educational, health,
//! labour and refugee groups as civil society, criminals as rebels (the
//! guidelines' choice for gangs, for want of a criminal sector); elites
//! (`ELI`: former leaders), parties and radicals have no sector.

use std::collections::HashSet;
use std::hash::BuildHasher;

use super::tabari::{DatedCode, When};
use crate::record::{Actor, Sector};

/// A country code kept inline: ISO 3166-1 alpha-3 or `IGO`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Country([u8; 3]);

impl Country {
    /// International organisations.
    pub const IGO: Country = Country(*b"IGO");

    /// Kosovo, which ISO 3166-1 leaves out: `XKX` is the user-assigned code
    /// the European Commission and the IMF use, and accord's gold.
    pub const KOSOVO: Country = Country(*b"XKX");

    /// Three upper-case ASCII letters.
    pub fn new(code: &str) -> Option<Country> {
        match code.as_bytes() {
            &[a, b, c] if [a, b, c].iter().all(u8::is_ascii_uppercase) => Some(Country([a, b, c])),
            _ => None,
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

/// An actor code as the tables keep it: a [`Country`] and a [`Sector`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) struct Code {
    /// Country or `IGO`.
    pub country: Option<Country>,
    /// Sector.
    pub sector: Option<Sector>,
}

impl Code {
    /// The record type.
    pub fn to_actor(self) -> Actor {
        Actor {
            country: self.country.map(|c| c.as_str().to_string()),
            sector: self.sector,
        }
    }

    /// From the record type; a country that is not three capitals is dropped.
    pub fn from_actor(actor: &Actor) -> Code {
        Code {
            country: actor.country.as_deref().and_then(Country::new),
            sector: actor.sector,
        }
    }

    /// Neither country nor sector.
    pub fn is_empty(self) -> bool {
        self.country.is_none() && self.sector.is_none()
    }
}

/// What one three-letter role code means here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A sector of ONTOLOGY.md.
    Sector(Sector),
    /// A CAMEO role with no accord sector (`ELI`, `PTY`, `RAD`).
    NoSector,
    /// A religion or denomination: qualifies a role, civil society alone.
    Qualifier,
}

fn role(chunk: &str) -> Option<Role> {
    use Sector::{Bus, Cvl, Gov, Jud, Leg, Med, Mil, Opp, Reb};
    Some(match chunk {
        "GOV" | "COP" | "SPY" => Role::Sector(Gov),
        "MIL" => Role::Sector(Mil),
        "BUS" | "MNC" => Role::Sector(Bus),
        "CVL" | "EDU" | "HLH" | "LAB" | "AGR" | "NGO" | "HRI" | "REF" | "ENV" | "DEV" | "PPL" | "IMG" | "SET" => {
            Role::Sector(Cvl)
        }
        "MED" => Role::Sector(Med),
        "JUD" => Role::Sector(Jud),
        "LEG" => Role::Sector(Leg),
        "OPP" => Role::Sector(Opp),
        "REB" | "UAF" | "INS" | "CRM" => Role::Sector(Reb),
        "ELI" | "PTY" | "RAD" => Role::NoSector,
        "REL" | "CHR" | "MUS" | "JEW" | "BUD" | "HIN" | "CTH" | "PRO" | "ORT" | "SHI" | "SUN" | "ITH" | "MAR" => {
            Role::Qualifier
        }
        _ => return None,
    })
}

/// Splits a code into three-letter chunks (`USAGOVLEG` → `USA`, `GOV`, `LEG`).
fn chunks(code: &str) -> impl Iterator<Item = &str> {
    (0..code.len() / 3).filter_map(move |i| code.get(i * 3..i * 3 + 3))
}

/// The sector that role chunks give, with whether any role was seen at all.
/// The first role decides, except that a government's legislature or
/// judiciary (`GOVLEG`, `GOVJUD`) is that branch.
fn sector_of<'a>(roles: impl Iterator<Item = &'a str>) -> (bool, Option<Sector>) {
    let mut qualified = false;
    let mut decided: Option<Option<Sector>> = None;
    for chunk in roles {
        match (role(chunk), decided) {
            (Some(Role::Qualifier), _) => qualified = true,
            (Some(Role::Sector(s)), None) => decided = Some(Some(s)),
            (Some(Role::NoSector), None) => decided = Some(None),
            (Some(Role::Sector(s @ (Sector::Leg | Sector::Jud))), Some(Some(Sector::Gov))) => {
                return (true, Some(s));
            }
            _ => {}
        }
    }
    match decided {
        Some(sector) => (true, sector),
        None if qualified => (true, Some(Sector::Cvl)),
        None => (false, None),
    }
}

/// The sector of an agent code (`GOVMIL` → GOV, `MUSUAF` → REB, `ELI` → none).
/// `None` when the code has no role chunk at all.
pub(crate) fn agent_sector(code: &str) -> Option<Option<Sector>> {
    match sector_of(chunks(code)) {
        (true, sector) => Some(sector),
        (false, _) => None,
    }
}

/// The country and sector of an actor code, given the ISO-3 codes known.
/// Country codes outside ISO 3166-1 (`USR`, `DDR`) give no country;
/// Phoenix's World Bank code for Kosovo, `KSV`, gives [`Country::KOSOVO`].
pub(crate) fn actor_of<S: BuildHasher>(code: &str, iso3: &HashSet<Country, S>) -> Code {
    let mut parts = chunks(code);
    let Some(first) = parts.next() else {
        return Code::default();
    };
    let known = |c: &str| match c {
        "KSV" => Some(Country::KOSOVO),
        _ => Country::new(c).filter(|c| iso3.contains(c)),
    };
    match first {
        "IGO" => {
            // The chunks after IGO name the organisation (UNO, EEC, WHO ...),
            // except a branch that an accord sector names.
            let sector = chunks(code).skip(1).find_map(|c| match role(c) {
                Some(Role::Sector(s @ (Sector::Jud | Sector::Leg | Sector::Mil))) => Some(s),
                _ => None,
            });
            Code {
                country: Some(Country::IGO),
                sector,
            }
        }
        "NGO" | "MNC" => {
            let sector = if first == "NGO" { Sector::Cvl } else { Sector::Bus };
            Code {
                country: parts.next().and_then(known),
                sector: Some(sector),
            }
        }
        _ => match known(first) {
            Some(country) => Code {
                country: Some(country),
                sector: sector_of(parts).1,
            },
            None if role(first).is_some() => Code {
                country: None,
                sector: sector_of(chunks(code)).1,
            },
            None => Code::default(),
        },
    }
}

/// The code that holds now for an entry: the latest open-ended one
/// (`>date`), else the undated default, else the one whose range ended
/// last. Phoenix dates stop in 2015, so "now" is "after every range".
pub(crate) fn current<'c, 'a>(codes: &'c [DatedCode<'a>]) -> Option<&'c DatedCode<'a>> {
    let open = codes
        .iter()
        .filter_map(|c| match c.when {
            When::After(d) => Some((d.unwrap_or(0), c)),
            _ => None,
        })
        .max_by_key(|(d, _)| *d);
    if let Some((_, c)) = open {
        return Some(c);
    }
    if let Some(c) = codes.iter().find(|c| c.when == When::Always) {
        return Some(c);
    }
    codes.iter().max_by_key(|c| match c.when {
        When::Between(_, end) | When::Before(end) => end.unwrap_or(0),
        _ => 0,
    })
}

/// How recent a code is, for choosing between two entries with one name:
/// open-ended codes are newest, undated ones oldest.
pub(crate) fn recency(code: &DatedCode<'_>) -> u32 {
    match code.when {
        When::After(_) => u32::MAX,
        When::Between(_, end) | When::Before(end) => end.unwrap_or(0),
        When::Always => 0,
    }
}

/// Codes from newest to oldest, to find a country when the current code
/// has none (Kofi Annan's undated `[ELI]` after `[IGOUNO 970101-061231]`).
pub(crate) fn by_recency<'c, 'a>(codes: &'c [DatedCode<'a>]) -> Vec<&'c DatedCode<'a>> {
    let mut sorted: Vec<&DatedCode<'a>> = codes.iter().collect();
    sorted.sort_by_key(|c| std::cmp::Reverse(recency(c)));
    sorted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso() -> HashSet<Country> {
        ["USA", "JPN", "RUS", "MUS", "IDN"]
            .iter()
            .filter_map(|s| Country::new(s))
            .collect()
    }

    #[test]
    fn actor_codes_map_to_country_and_sector() {
        use Sector::*;
        let iso = iso();
        for (code, country, sector) in [
            ("JPN", Some("JPN"), None),
            ("JPNGOV", Some("JPN"), Some(Gov)),
            ("JPNGOVMIL", Some("JPN"), Some(Gov)),
            ("USAGOVLEG", Some("USA"), Some(Leg)),
            ("USAGOVJUD", Some("USA"), Some(Jud)),
            ("USAMIL", Some("USA"), Some(Mil)),
            ("RUSCOP", Some("RUS"), Some(Gov)),
            ("JPNELI", Some("JPN"), None),
            ("IGOUNO", Some("IGO"), None),
            ("IGOBUSIMF", Some("IGO"), None),
            ("IGOUNOJUDICJ", Some("IGO"), Some(Jud)),
            ("MNCUSA", Some("USA"), Some(Bus)),
            ("MNC", None, Some(Bus)),
            ("NGOIDNTMP", Some("IDN"), Some(Cvl)),
            ("USRARM", None, None),
            ("KSVGOVLEG", Some("XKX"), Some(Leg)),
            ("MUSUAF", Some("MUS"), Some(Reb)),
        ] {
            let got = actor_of(code, &iso);
            assert_eq!(
                (got.country.as_ref().map(Country::as_str), got.sector),
                (country, sector),
                "{code}"
            );
        }
    }

    #[test]
    fn agent_codes_map_to_sectors() {
        use Sector::*;
        for (code, sector) in [
            ("GOV", Some(Some(Gov))),
            ("GOVMIL", Some(Some(Gov))),
            ("MILGOV", Some(Some(Mil))),
            ("MUSUAF", Some(Some(Reb))),
            ("REBMUS", Some(Some(Reb))),
            ("OPPEDU", Some(Some(Opp))),
            ("REL", Some(Some(Cvl))),
            ("ELI", Some(None)),
            ("CRM", Some(Some(Reb))),
            ("XYZ", None),
        ] {
            assert_eq!(agent_sector(code), sector, "{code}");
        }
    }

    #[test]
    fn the_current_code_is_open_ended_then_default_then_latest() {
        let code = |code, when| DatedCode { code, when };
        let lavrov = [
            code("RUSGOV", When::Between(Some(19_940_922), Some(20_040_712))),
            code("RUSGOV", When::After(Some(20_040_309))),
        ];
        assert_eq!(current(&lavrov), Some(&lavrov[1]));
        let tokayev = [
            code("KAZELI", When::Between(Some(19_710_101), Some(19_991_001))),
            code("KAZGOV", When::Between(Some(20_030_101), Some(20_070_131))),
            code("KAZELI", When::Always),
        ];
        assert_eq!(current(&tokayev), Some(&tokayev[2]));
        let kishida = [code("JPNGOV", When::Between(Some(20_070_901), Some(20_080_831)))];
        assert_eq!(current(&kishida), Some(&kishida[0]));
        assert_eq!(current(&[]), None);
    }
}
