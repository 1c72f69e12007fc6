//! Readers for the TABARI/PETRARCH dictionary formats that the Phoenix files
//! (and accord's own supplements) are written in. Input: the file text.
//! Output: raw entries (names as written, codes with their date
//! restrictions); what the codes mean is decided in `code.rs`.
//!
//! Actor files (`*.actors.txt`):
//!
//! ```text
//! JAPAN_  [JPN]            a head line: name, optionally codes
//! +JAPANESE_               a synonym of the head
//!     [JPNGOV >110201]     an indented code line; `#` starts a comment
//! ```
//!
//! Agent files (`*.agents.txt`): `PHRASE {PLURALS} [~CODE]`, with
//! substitution sets `!PERSON! = MAN, MEN, ...` used as `SPOKES!PERSON!`.

use std::collections::HashMap;

/// When a code applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum When {
    /// No restriction: the default code.
    Always,
    /// From a date on (`>YYMMDD`); `None` when the date is missing or unreadable.
    After(Option<u32>),
    /// Up to a date (`<YYMMDD`).
    Before(Option<u32>),
    /// Between two dates (`YYMMDD-YYMMDD`).
    Between(Option<u32>, Option<u32>),
}

/// One `[CODE restriction]` group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DatedCode<'a> {
    /// The code without brackets or `~` (`JPNGOV`, `IGOUNO`, `GOVMIL`);
    /// codes are upper-case, as in the Phoenix files.
    pub code: &'a str,
    /// When it applies.
    pub when: When,
}

/// One actor entry: a head name, its synonyms and its codes, borrowed
/// from the file text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawActor<'a> {
    /// Head name first, then the `+` synonyms, as written (`JAPAN_`).
    pub names: Vec<&'a str>,
    /// All codes given for the entry.
    pub codes: Vec<DatedCode<'a>>,
    /// The entry came from CountryInfo (Phoenix marks its people so).
    pub country_info: bool,
    /// 1-based line of the head name.
    pub line: usize,
}

/// One agent entry after substitution sets are expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawAgent {
    /// The phrase and any explicit plurals, as written (`PRIME_MINISTER`).
    pub phrases: Vec<String>,
    /// The code without `~` (`GOV`, `GOVMIL`).
    pub code: String,
}

/// Reads an actor dictionary. Lines it cannot use (a code before any head,
/// an entry without codes) are skipped: the Phoenix files have a few.
pub(crate) fn parse_actors(text: &str) -> Vec<RawActor<'_>> {
    let mut out = Vec::new();
    let mut current: Option<RawActor> = None;
    for (index, line) in text.lines().enumerate() {
        let (body, comment) = match line.find('#') {
            Some(at) => (&line[..at], &line[at..]),
            None => (line, ""),
        };
        if body.trim().is_empty() {
            if comment.contains("CountryInfo") {
                if let Some(entry) = current.as_mut() {
                    entry.country_info = true;
                }
            }
            continue;
        }
        let (name, codes) = split_codes(body);
        let first = body.chars().next().unwrap_or(' ');
        if first.is_whitespace() {
            if let Some(entry) = current.as_mut() {
                entry.codes.extend(codes);
            }
        } else if first == '+' {
            if let Some(entry) = current.as_mut() {
                let name = name.trim_start_matches('+').trim();
                if !name.is_empty() {
                    entry.names.push(name);
                }
                entry.codes.extend(codes);
            }
        } else {
            if let Some(done) = current.take() {
                push_actor(&mut out, done);
            }
            current = Some(RawActor {
                names: vec![name.trim()],
                codes,
                country_info: false,
                line: index + 1,
            });
        }
        if comment.contains("CountryInfo") {
            if let Some(entry) = current.as_mut() {
                entry.country_info = true;
            }
        }
    }
    if let Some(done) = current.take() {
        push_actor(&mut out, done);
    }
    out
}

fn push_actor<'a>(out: &mut Vec<RawActor<'a>>, entry: RawActor<'a>) {
    if !entry.codes.is_empty() && entry.names.iter().any(|n| !n.is_empty()) {
        out.push(entry);
    }
}

/// Reads agent dictionaries in order; substitution sets defined in an earlier
/// file are known in later ones.
pub(crate) fn parse_agents(texts: &[&str]) -> Vec<RawAgent> {
    let mut sets: HashMap<String, Vec<String>> = HashMap::new();
    let mut out = Vec::new();
    for text in texts {
        for line in text.lines() {
            let body = line.find('#').map_or(line, |at| &line[..at]).trim();
            if body.is_empty() {
                continue;
            }
            if body.starts_with('!') && !body.contains('[') {
                if let Some((name, values)) = body.split_once('=') {
                    let values = values
                        .split(',')
                        .map(|v| v.trim().to_string())
                        .filter(|v| !v.is_empty());
                    sets.insert(name.trim().to_string(), values.collect());
                }
                continue;
            }
            let (phrase_part, codes) = split_codes(body);
            let Some(code) = codes.into_iter().next() else { continue };
            let (phrase, plurals) = match (phrase_part.find('{'), phrase_part.find('}')) {
                (Some(open), Some(close)) if open < close => (
                    &phrase_part[..open],
                    phrase_part[open + 1..close].split_whitespace().collect::<Vec<_>>(),
                ),
                _ => (phrase_part, Vec::new()),
            };
            let mut phrases = expand(phrase.trim(), &sets);
            for plural in plurals {
                phrases.extend(expand(plural, &sets));
            }
            phrases.retain(|p| !p.trim().is_empty());
            if !phrases.is_empty() {
                out.push(RawAgent {
                    phrases,
                    code: code.code.to_string(),
                });
            }
        }
    }
    out
}

/// Expands `!SET!` references, each to every value of its set.
fn expand(phrase: &str, sets: &HashMap<String, Vec<String>>) -> Vec<String> {
    let Some(start) = phrase.find('!') else {
        return vec![phrase.to_string()];
    };
    let Some(len) = phrase[start + 1..].find('!') else {
        return vec![phrase.replace('!', "")];
    };
    let end = start + 1 + len;
    let name = &phrase[start..=end];
    let (head, tail) = (&phrase[..start], &phrase[end + 1..]);
    match sets.get(name) {
        Some(values) => values
            .iter()
            .flat_map(|v| expand(&format!("{head}{v}{tail}"), sets))
            .collect(),
        None => expand(&format!("{head}{tail}"), sets),
    }
}

/// Splits a line into the part before the first `[` and the codes in brackets.
fn split_codes(body: &str) -> (&str, Vec<DatedCode<'_>>) {
    let Some(at) = body.find('[') else {
        return (body, Vec::new());
    };
    let mut codes = Vec::new();
    let mut rest = &body[at..];
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']') else { break };
        let inner = &rest[open + 1..open + close];
        if let Some(code) = parse_code(inner) {
            codes.push(code);
        }
        rest = &rest[open + close + 1..];
    }
    (&body[..at], codes)
}

fn parse_code(inner: &str) -> Option<DatedCode<'_>> {
    let mut parts = inner.split_whitespace();
    let code = parts.next()?.trim_start_matches('~');
    if code.is_empty() || code.chars().all(|c| c == '-') {
        return None;
    }
    let when = match parts.next() {
        None => When::Always,
        Some(r) => {
            if let Some(d) = r.strip_prefix('>') {
                When::After(date(d))
            } else if let Some(d) = r.strip_prefix('<') {
                When::Before(date(d))
            } else if let Some((a, b)) = r.split_once('-') {
                When::Between(date(a), date(b))
            } else {
                When::Always
            }
        }
    };
    Some(DatedCode { code, when })
}

/// `YYMMDD` (years up to 30 are 20xx) or `YYYYMMDD` as the number `YYYYMMDD`.
fn date(text: &str) -> Option<u32> {
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u32 = text.parse().ok()?;
    match text.len() {
        6 => {
            let yy = n / 10_000;
            let century = if yy <= 30 { 20_000_000 } else { 19_000_000 };
            Some(century + n)
        }
        8 => Some(n),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
# comment
JAPAN_  [JPN]
+JAPANESE_ 
+TOKYO_ 
SHIGERU_ISHIBA_  # CountryInfo.txt
\t[JPNGOVMIL 030101-040930]
\t[JPNGOV >20241001]
U.N._

KREMLIN_
+RUSSIAN_WHITE_HOUSE
\t[RUSGOV]
BAN_KI-MOON\t[IGOUNO >20070101] [---]
";

    #[test]
    fn actor_entries_collect_synonyms_and_codes() {
        let entries = parse_actors(SAMPLE);
        assert_eq!(entries.len(), 4, "{entries:#?}");
        assert_eq!(entries[0].names, ["JAPAN_", "JAPANESE_", "TOKYO_"]);
        assert_eq!(
            entries[0].codes,
            [DatedCode {
                code: "JPN",
                when: When::Always
            }]
        );
        assert!(entries[1].country_info);
        assert_eq!(
            entries[1].codes,
            [
                DatedCode {
                    code: "JPNGOVMIL",
                    when: When::Between(Some(20_030_101), Some(20_040_930))
                },
                DatedCode {
                    code: "JPNGOV",
                    when: When::After(Some(20_241_001))
                },
            ]
        );
        assert_eq!(entries[2].names, ["KREMLIN_", "RUSSIAN_WHITE_HOUSE"]);
        assert!(!entries[2].country_info);
        assert_eq!(entries[3].codes.len(), 1, "[---] is no code");
    }

    #[test]
    fn agent_sets_and_plurals_expand() {
        let agents = parse_agents(&[
            "!PERSON! = MAN, WOMAN\nSPOKES!PERSON! [~MED]\n",
            "HITMAN {HITMEN} [~UAF]\nPOLICE {} [~COP] # note\n",
        ]);
        assert_eq!(agents[0].phrases, ["SPOKESMAN", "SPOKESWOMAN"]);
        assert_eq!(agents[0].code, "MED");
        assert_eq!(agents[1].phrases, ["HITMAN", "HITMEN"]);
        assert_eq!(agents[2].phrases, ["POLICE"]);
    }

    #[test]
    fn dates_read_both_widths() {
        assert_eq!(date("900424"), Some(19_900_424));
        assert_eq!(date("110201"), Some(20_110_201));
        assert_eq!(date("20121115"), Some(20_121_115));
        assert_eq!(date("9008223"), None);
        assert_eq!(date(""), None);
    }
}
