//! Trigger candidates: verbs of the CAMEO 2.0 verb dictionary (PETRARCH2,
//! MIT) in all their inflections, plus nominal triggers ("summit", "talks",
//! "sanctions") from `data/events/nominal-triggers.tsv`.
//!
//! A candidate carries the dictionary's reading: the CAMEO code of the best
//! matching verb pattern ("freeze * RELATIONS" → 160) or of the verb itself,
//! and its PLOVER type. Recall is the point here; the event classifier
//! decides in context which candidates are events and of which type.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use super::plover::plover;
use crate::record::EventType;

const CAMEO_VERBS: &str = include_str!("../../data/events/CAMEO.2.0.txt");
const NOMINAL: &str = include_str!("../../data/events/nominal-triggers.tsv");

/// Words after (or before) a verb that select one of its codes.
#[derive(Debug, Clone)]
struct Pattern {
    /// Keyword groups (any word of a group matches) expected after the verb, in order.
    after: Vec<Vec<String>>,
    /// Keyword groups expected before the verb.
    before: Vec<Vec<String>>,
    code: String,
}

#[derive(Debug, Clone)]
struct Entry {
    lemma: String,
    code: Option<String>,
    patterns: Vec<Pattern>,
    nominal: bool,
}

/// A possible event trigger in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Words (indices into the sentence's words) of the trigger.
    pub words: Range<usize>,
    /// Dictionary lemma ("meet", "summit").
    pub lemma: String,
    /// CAMEO code the dictionary suggests.
    pub cameo: Option<String>,
    /// PLOVER type of that code.
    pub kind: Option<EventType>,
    /// A noun trigger rather than a verb.
    pub nominal: bool,
}

/// The trigger dictionary.
pub struct Lexicon {
    forms: HashMap<String, Vec<usize>>,
    entries: Vec<Entry>,
    longest: usize,
}

static GLOBAL: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::parse(CAMEO_VERBS, NOMINAL));

/// How far after a verb its pattern words are looked for.
const PATTERN_WINDOW: usize = 8;

impl Lexicon {
    /// The embedded dictionary, parsed once.
    pub fn global() -> &'static Lexicon {
        &GLOBAL
    }

    /// Parses a CAMEO verb dictionary and a nominal trigger table.
    pub fn parse(cameo: &str, nominal: &str) -> Lexicon {
        let mut lexicon = Lexicon {
            forms: HashMap::new(),
            entries: Vec::new(),
            longest: 1,
        };
        let synsets = parse_synsets(cameo);
        let mut in_verbs = false;
        let mut block: Vec<usize> = Vec::new();
        let mut block_code: Option<String> = None;
        for raw in cameo.lines() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if raw.contains("VERB PATTERNS") {
                in_verbs = true;
                continue;
            }
            if !in_verbs || line.is_empty() {
                continue;
            }
            if let Some(header) = line.strip_prefix("---") {
                block.clear();
                block_code = bracket_code(header);
                continue;
            }
            if let Some(pattern) = line.strip_prefix('-') {
                if let Some(pattern) = parse_pattern(pattern, &synsets) {
                    for &e in &block {
                        lexicon.entries[e].patterns.push(pattern.clone());
                    }
                }
                continue;
            }
            // A verb line: `VERB {IRREGULAR FORMS} [code]` or `+PHRASAL_VERB {...}`.
            let code = bracket_code(line).or_else(|| block_code.clone());
            let head = line.split(['{', '[']).next().unwrap_or("").trim();
            let lemma = head.trim_start_matches('+').replace('_', " ").to_lowercase();
            if lemma.is_empty() || lemma.contains(|c: char| !c.is_alphabetic() && c != ' ' && c != '-') {
                continue;
            }
            let irregular: Vec<String> = line
                .split_once('{')
                .and_then(|(_, rest)| rest.split_once('}'))
                .map(|(forms, _)| {
                    forms
                        .split_whitespace()
                        .map(|f| f.trim_start_matches('+').replace('_', " ").to_lowercase())
                        .collect()
                })
                .unwrap_or_default();
            let id = lexicon.entries.len();
            lexicon.entries.push(Entry {
                lemma: lemma.clone(),
                code,
                patterns: Vec::new(),
                nominal: false,
            });
            block.push(id);
            let mut forms = inflections(&lemma);
            forms.extend(irregular);
            for form in forms {
                lexicon.add_form(form, id);
            }
        }
        for line in nominal.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((forms, code)) = line.split_once('\t') else {
                continue;
            };
            let forms: Vec<String> = forms.split(',').map(|f| f.trim().to_lowercase()).collect();
            let id = lexicon.entries.len();
            lexicon.entries.push(Entry {
                lemma: forms[0].clone(),
                code: Some(code.trim().to_owned()),
                patterns: Vec::new(),
                nominal: true,
            });
            for form in forms {
                lexicon.add_form(form, id);
            }
        }
        lexicon
    }

    fn add_form(&mut self, form: String, entry: usize) {
        self.longest = self.longest.max(form.split(' ').count());
        let ids = self.forms.entry(form).or_default();
        if !ids.contains(&entry) {
            ids.push(entry);
        }
    }

    /// Number of verb and noun entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the lexicon is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Finds trigger candidates among a sentence's words (longest match first,
    /// no overlaps).
    pub fn candidates(&self, words: &[&str]) -> Vec<Candidate> {
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < lower.len() {
            let mut matched = None;
            for n in (1..=self.longest.min(lower.len() - i)).rev() {
                let key = lower[i..i + n].join(" ");
                if let Some(ids) = self.forms.get(&key) {
                    matched = Some((n, ids));
                    break;
                }
            }
            let Some((n, ids)) = matched else {
                i += 1;
                continue;
            };
            let (entry, code) = self.best_reading(ids, &lower, i, i + n);
            let kind = code.as_deref().and_then(plover).map(|p| p.kind);
            out.push(Candidate {
                words: i..i + n,
                lemma: entry.lemma.clone(),
                cameo: code,
                kind,
                nominal: entry.nominal,
            });
            i += n;
        }
        out
    }

    /// Among the entries of a form, the reading with the most specific
    /// matching pattern; else the first entry's own code.
    fn best_reading<'a>(
        &'a self,
        ids: &[usize],
        words: &[String],
        start: usize,
        end: usize,
    ) -> (&'a Entry, Option<String>) {
        let after = &words[end..(end + PATTERN_WINDOW).min(words.len())];
        let before = &words[start.saturating_sub(4)..start];
        let mut best: Option<(usize, &Entry, &str)> = None;
        for &id in ids {
            let entry = &self.entries[id];
            for pattern in &entry.patterns {
                if matches_in_order(&pattern.after, after) && matches_in_order(&pattern.before, before) {
                    let weight = pattern.after.len() + pattern.before.len();
                    if weight > 0 && best.is_none_or(|(w, _, _)| weight > w) {
                        best = Some((weight, entry, &pattern.code));
                    }
                }
            }
        }
        if let Some((_, entry, code)) = best {
            return (entry, Some(code.to_owned()));
        }
        let entry = ids
            .iter()
            .map(|&id| &self.entries[id])
            .find(|e| e.code.as_deref().and_then(plover).is_some())
            .unwrap_or(&self.entries[ids[0]]);
        (entry, entry.code.clone())
    }
}

fn matches_in_order(groups: &[Vec<String>], words: &[String]) -> bool {
    let mut position = 0;
    for group in groups {
        match words[position..].iter().position(|w| group.iter().any(|g| g == w)) {
            Some(found) => position += found + 1,
            None => return false,
        }
    }
    true
}

/// `[123]`, `[160:160]` → `"123"`, `"160"`; `[---]` → none.
fn bracket_code(text: &str) -> Option<String> {
    let inside = text.split_once('[')?.1.split_once(']')?.0;
    let code = inside.split(':').next()?.trim();
    (!code.is_empty() && code.chars().all(|c| c.is_ascii_digit())).then(|| code.to_owned())
}

fn parse_synsets(cameo: &str) -> HashMap<String, Vec<String>> {
    let mut sets: HashMap<String, Vec<String>> = HashMap::new();
    let mut current: Option<String> = None;
    for raw in cameo.lines() {
        if raw.contains("VERB PATTERNS") {
            break;
        }
        let line = raw.split('#').next().unwrap_or("").trim();
        if let Some(name) = line.strip_prefix('&') {
            current = Some(name.trim_end_matches('_').to_owned());
        } else if let (Some(word), Some(name)) = (line.strip_prefix('+'), &current) {
            let word = word
                .trim_end_matches('_')
                .split('_')
                .next()
                .unwrap_or("")
                .to_lowercase();
            if !word.is_empty() {
                sets.entry(name.clone()).or_default().push(word);
            }
        }
    }
    sets
}

fn parse_pattern(text: &str, synsets: &HashMap<String, Vec<String>>) -> Option<Pattern> {
    let code = bracket_code(text)?;
    let body = text.split('[').next()?;
    let (before, after) = body.split_once('*')?;
    let groups = |part: &str| -> Vec<Vec<String>> {
        part.split_whitespace()
            .map(|t| t.trim_matches(|c| matches!(c, '{' | '}' | '(' | ')')))
            .filter(|t| !t.is_empty() && !t.starts_with(['$', '+', '%', '^', '=']))
            .filter_map(|t| match t.strip_prefix('&') {
                Some(set) => synsets.get(set.trim_end_matches('_')).cloned(),
                None => Some(vec![t.trim_end_matches('_').to_lowercase()]),
            })
            .take(3)
            .collect()
    };
    Some(Pattern {
        after: groups(after),
        before: groups(before),
        code,
    })
}

/// Regular inflections of a verb lemma ("meet" → meets, meeted, meeting; the
/// dictionary lists irregular forms itself). Short consonant–vowel–consonant
/// verbs get both doubled and plain forms ("ban" → banned, baned): a spurious
/// form costs nothing, a missing one loses a trigger.
pub fn inflections(lemma: &str) -> Vec<String> {
    if lemma.contains(' ') {
        // Phrasal verbs inflect their first word: "call for" → "calls for".
        let (verb, rest) = lemma.split_once(' ').unwrap_or((lemma, ""));
        return inflections(verb).into_iter().map(|v| format!("{v} {rest}")).collect();
    }
    let mut forms = vec![lemma.to_owned()];
    let chars: Vec<char> = lemma.chars().collect();
    let n = chars.len();
    if n < 2 {
        return forms;
    }
    let vowel = |c: char| "aeiou".contains(c);
    let last = chars[n - 1];
    let stem_e = lemma.strip_suffix('e');
    // -s
    if lemma.ends_with(['s', 'x', 'z']) || lemma.ends_with("ch") || lemma.ends_with("sh") {
        forms.push(format!("{lemma}es"));
    } else if last == 'y' && !vowel(chars[n - 2]) {
        forms.push(format!("{}ies", &lemma[..lemma.len() - 1]));
    } else {
        forms.push(format!("{lemma}s"));
    }
    // -ed, -ing
    if let Some(stem) = stem_e {
        forms.push(format!("{lemma}d"));
        forms.push(format!("{stem}ing"));
    } else if last == 'y' && !vowel(chars[n - 2]) {
        forms.push(format!("{}ied", &lemma[..lemma.len() - 1]));
        forms.push(format!("{lemma}ing"));
    } else {
        forms.push(format!("{lemma}ed"));
        forms.push(format!("{lemma}ing"));
        let cvc = n >= 3 && !vowel(last) && !"wxy".contains(last) && vowel(chars[n - 2]) && !vowel(chars[n - 3]);
        if cvc {
            forms.push(format!("{lemma}{last}ed"));
            forms.push(format!("{lemma}{last}ing"));
        }
    }
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(sentence: &str) -> Vec<(String, Option<EventType>)> {
        let words: Vec<&str> = sentence.split(' ').collect();
        Lexicon::global()
            .candidates(&words)
            .into_iter()
            .map(|c| (words[c.words.clone()].join(" "), c.kind))
            .collect()
    }

    #[test]
    fn the_dictionary_is_large() {
        let lexicon = Lexicon::global();
        assert!(
            lexicon.len() > 1500 && lexicon.forms.len() > 6000,
            "{} {}",
            lexicon.len(),
            lexicon.forms.len()
        );
    }

    #[test]
    fn inflected_verbs_and_nouns_are_found_with_their_reading() {
        let got = found("Modi met the Governors and held talks on Tuesday");
        assert!(got.contains(&("met".into(), Some(EventType::Consult))), "{got:?}");
        assert!(got.contains(&("talks".into(), Some(EventType::Consult))), "{got:?}");
        // CAMEO reads a bare "agree" as 050 (SUPPORT); the classifier learns the AGREE sense.
        let got = found("Russia has agreed to supply gas");
        assert!(
            got.iter().any(|(w, k)| w == "agreed" && *k == Some(EventType::Support)),
            "{got:?}"
        );
        let got = found("Russia agreed to a ceasefire");
        assert!(
            got.iter().any(|(w, k)| w == "agreed" && *k == Some(EventType::Agree)),
            "{got:?}"
        );
        let got = found("The EU imposed sanctions on Iran");
        assert!(
            got.iter()
                .any(|(w, k)| w == "sanctions" && *k == Some(EventType::Sanction)),
            "{got:?}"
        );
        let got = found("Protesters rallied outside parliament");
        assert!(got.iter().any(|(w, _)| w == "rallied"), "{got:?}");
        let got = found("Troops shelled the town");
        assert!(
            got.iter()
                .any(|(w, k)| w == "shelled" && *k == Some(EventType::Assault)),
            "{got:?}"
        );
    }

    #[test]
    fn patterns_pick_the_code_of_the_object() {
        let got = found("Arnor froze relations with Gondor");
        assert!(got.contains(&("froze".into(), Some(EventType::Sanction))), "{got:?}");
    }

    #[test]
    fn inflections_cover_regular_forms() {
        assert_eq!(inflections("meet"), ["meet", "meets", "meeted", "meeting"]);
        assert_eq!(inflections("agree"), ["agree", "agrees", "agreed", "agreing"]);
        assert!(inflections("ban").contains(&"banned".to_string()));
        assert!(inflections("deny").contains(&"denied".to_string()));
        assert!(inflections("call for").contains(&"called for".to_string()));
    }
}
