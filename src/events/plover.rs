//! CAMEO codes → PLOVER type, mode and context, from the official
//! CAMEO2PLOVER-2021 table (PLOVER manual draft 0.8, Open Event Data Alliance,
//! CC BY-SA 4.0), with the two adjustments ONTOLOGY.md makes: sanctions (CAMEO
//! 163) are SANCTION, and appeals (CAMEO 02, not in the table) are REQUEST,
//! coded like the matching demand (10). Public statements (01) have no
//! PLOVER type.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::record::EventType;

const TABLE: &str = include_str!("../../data/events/CAMEO2PLOVER-2021.txt");

/// The PLOVER reading of one CAMEO code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PloverCode {
    /// Event type.
    pub kind: EventType,
    /// Mode, when the table gives one.
    pub mode: Option<String>,
    /// Context words.
    pub context: Vec<String>,
}

static CODES: LazyLock<HashMap<String, PloverCode>> = LazyLock::new(|| parse(TABLE));

fn parse(table: &str) -> HashMap<String, PloverCode> {
    let mut codes = HashMap::new();
    for line in table.lines() {
        let line = line.split('#').next().unwrap_or("");
        let Some((code, rest)) = line.split_once(':') else {
            continue;
        };
        let code = code.trim();
        if code.is_empty() || !code.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let mut fields = rest.split(',').map(str::trim);
        let Some(kind) = fields.next().and_then(EventType::parse) else {
            continue;
        };
        let mode = fields.next().filter(|m| !m.is_empty()).map(str::to_owned);
        let context = fields
            .next()
            .map(|c| {
                c.split(';')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        codes
            .entry(code.to_owned())
            .or_insert(PloverCode { kind, mode, context });
    }
    codes
}

/// The PLOVER reading of a CAMEO code (`"0311"`, `"163"`, `"04"`), taking the
/// longest listed prefix of the code.
pub fn plover(cameo: &str) -> Option<PloverCode> {
    let cameo = cameo.trim();
    if cameo.starts_with("01") || cameo.len() < 2 {
        return None;
    }
    if let Some(rest) = cameo.strip_prefix("02") {
        let mut code = plover(&format!("10{rest}"))?;
        code.kind = EventType::Request;
        return Some(code);
    }
    let mut found = (2..=cameo.len())
        .rev()
        .find_map(|n| CODES.get(cameo.get(..n)?).cloned())?;
    if cameo.starts_with("163") {
        found.kind = EventType::Sanction;
    }
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_map_as_the_table_and_ontology_say() {
        let cases = [
            ("041", EventType::Consult, Some("phone")),
            ("0311", EventType::Agree, None),
            ("057", EventType::Support, None),
            ("0841", EventType::Retreat, Some("release")),
            ("083", EventType::Concede, None),
            ("163", EventType::Sanction, Some("restrict")),
            ("1712", EventType::Assault, Some("seize")),
            ("195", EventType::Assault, Some("heavy-weapons")),
            ("0233", EventType::Request, Some("assist")),
            ("18", EventType::Assault, None),
        ];
        for (code, kind, mode) in cases {
            let got = plover(code).unwrap_or_else(|| panic!("{code} unmapped"));
            assert_eq!((got.kind, got.mode.as_deref()), (kind, mode), "{code}");
        }
        assert_eq!(plover("0311").unwrap().context, ["economic"]);
        assert!(plover("010").is_none() && plover("").is_none() && plover("9").is_none());
    }
}
