//! PLOVER event type → CAMEO root code (two digits), for CAMEO/GDELT-compatible
//! columns.
//!
//! The mapping is ONTOLOGY.md's table, read with the official CAMEO → PLOVER
//! conversion (`CAMEO2PLOVER-2021.txt`) where a PLOVER type covers several
//! CAMEO roots: the PLOVER `mode` picks the root that conversion assigns it
//! (ACCUSE `investigate` → 09, other ACCUSE → 11; ASSAULT `firearms` or
//! `heavy-weapons` → 19, `massacre`, `cleansing` or `unconventional` → 20,
//! `pro_autocracy` or `seize` → 17, other ASSAULT → 18). REQUEST is 10, the
//! only root the conversion maps to it (ONTOLOGY.md also names 02, "appeal",
//! which the conversion does not list); CONCEDE and RETREAT share 08. A few
//! CAMEO codes convert to a PLOVER type outside their family (163 "impose
//! embargo" is COERCE); going back, such an event gets its type's own root.

use crate::record::{Event, EventType};

/// The CAMEO root of an event: the first two digits of its own `cameo` code
/// when it has one, else the root its PLOVER type and mode map to.
pub fn cameo_root(event: &Event) -> String {
    if let Some(code) = event.cameo.as_deref() {
        if let Some(root) = code.get(..2).filter(|r| r.bytes().all(|b| b.is_ascii_digit())) {
            return root.to_owned();
        }
    }
    plover_to_cameo_root(event.kind, event.mode.as_deref()).to_owned()
}

/// The CAMEO root a PLOVER type (and mode, where it decides) maps to.
pub fn plover_to_cameo_root(kind: EventType, mode: Option<&str>) -> &'static str {
    match kind {
        EventType::Agree => "03",
        EventType::Consult => "04",
        EventType::Support => "05",
        EventType::Cooperate => "06",
        EventType::Aid => "07",
        EventType::Concede | EventType::Retreat => "08",
        EventType::Request => "10",
        EventType::Accuse => match mode {
            Some("investigate") => "09",
            _ => "11",
        },
        EventType::Reject => "12",
        EventType::Threaten => "13",
        EventType::Protest => "14",
        EventType::Mobilize => "15",
        EventType::Sanction => "16",
        EventType::Coerce => "17",
        EventType::Assault => match mode {
            Some("firearms" | "heavy-weapons") => "19",
            Some("massacre" | "cleansing" | "unconventional") => "20",
            Some("pro_autocracy" | "seize") => "17",
            _ => "18",
        },
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use super::*;
    use crate::record::Mention;

    #[test]
    fn every_root_is_one_the_official_conversion_table_gives() {
        // For each (type, mode) of CAMEO2PLOVER-2021.txt, the roots of the CAMEO
        // codes that convert to it; the mapping must pick one of them.
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/events/CAMEO2PLOVER-2021.txt");
        let table = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut roots: HashMap<(EventType, Option<String>), HashSet<String>> = HashMap::new();
        for line in table.lines() {
            let Some((code, rest)) = line.split_once(':') else {
                continue;
            };
            if code.len() < 3 || !code.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let mut fields = rest.split('#').next().unwrap_or("").split(',');
            let kind = EventType::parse(fields.next().unwrap_or("").trim()).unwrap();
            let mode = fields.next().map(str::trim).filter(|m| !m.is_empty()).map(String::from);
            let root = code[..2].to_owned();
            roots.entry((kind, None)).or_default().insert(root.clone());
            roots.entry((kind, mode)).or_default().insert(root);
        }
        assert!(roots.len() > 60, "{}", roots.len());
        for ((kind, mode), allowed) in &roots {
            let got = plover_to_cameo_root(*kind, mode.as_deref());
            assert!(allowed.contains(got), "{kind:?} {mode:?} → {got}, table: {allowed:?}");
        }
        assert_eq!(roots.keys().map(|(k, _)| *k).collect::<HashSet<_>>().len(), 16);
    }

    #[test]
    fn an_events_own_cameo_code_wins() {
        let trigger = Mention {
            start: 0,
            end: 1,
            text: "x".into(),
        };
        let mut event = Event::new(EventType::Agree, trigger);
        assert_eq!(cameo_root(&event), "03");
        event.cameo = Some("0311".into());
        assert_eq!(cameo_root(&event), "03");
        event.cameo = Some("057".into());
        assert_eq!(cameo_root(&event), "05");
        event.cameo = Some("?".into());
        assert_eq!(cameo_root(&event), "03");
    }
}
