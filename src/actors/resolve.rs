//! Resolution of one mention. Input: the mention's text and the text
//! around it. Output: an actor code. The mention and its context are cut
//! into dictionary phrases by longest match; the title chain that ends
//! where the mention starts is kept ("Japanese Prime Minister " + "Ishiba
//! Shigeru", "President of Kazakhstan " + "Kassym-Jomart Tokayev"), and so
//! are the titles right after it; then [`combine`] reads the pieces like a
//! noun phrase whose head is the last title.

use super::code::Code;
use super::doc::DocActors;
use super::table::{Entry, Kind, Tables};
use super::text::{key_of, pieces, singular, Piece, Shape, Word};
use crate::record::{Actor, Sector};

/// Forms of address that stand before a name and say nothing of the actor.
const HONORIFICS: &[&str] = &[
    "MR",
    "MRS",
    "MS",
    "MISS",
    "DR",
    "SIR",
    "MADAM",
    "MADAME",
    "DAME",
    "SHRI",
    "SMT",
    "HE",
    "EXCELLENCY",
];

/// A resolved actor phrase inside a segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub code: Code,
    pub kind: Kind,
}

impl From<&Entry> for Found {
    fn from(e: &Entry) -> Found {
        Found {
            code: e.code,
            kind: e.kind,
        }
    }
}

/// What a run of words is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum What {
    /// A country, organisation, institution, capital or person.
    Actor(Found),
    /// A title or group; `None` when it has no accord sector ("former president").
    Agent(Option<Sector>),
    /// "of", which ties a title to its country ("President of Kazakhstan").
    Of,
    /// "to", which ties a title to another country ("Ambassador to Japan").
    To,
    /// "the", "for".
    Link,
    /// "Mr", "Dr", "H.E.".
    Honorific,
    /// "and", "&": ends a title chain.
    And,
    /// A number ("the Governors of 16 Japanese prefectures").
    Num,
    /// An unknown word, with its case shape.
    Other(Shape),
    /// Punctuation that ends a phrase.
    Break,
}

/// A segment: words `start..end` of the piece list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Seg {
    pub start: usize,
    pub end: usize,
    pub what: What,
}

fn is_cap(shape: Shape) -> bool {
    matches!(shape, Shape::Capitalized | Shape::Upper)
}

/// Case rules for actor phrases: an all-lower-case phrase is not a name
/// ("us", "china", "turkey"), and a word of three letters or fewer must be
/// written in capitals ("US", "UN", "WHO"; not "Us", "Who").
fn case_ok(ws: &[Word]) -> bool {
    let ws = match ws {
        [first, rest @ ..] if first.key == "THE" && !rest.is_empty() => rest,
        _ => ws,
    };
    if ws.iter().all(|w| w.shape == Shape::Lower) {
        return false;
    }
    if let [only] = ws {
        let letters = only.key.chars().filter(|c| c.is_alphabetic()).count();
        if letters <= 3 && only.shape != Shape::Upper {
            return false;
        }
    }
    true
}

impl Tables {
    /// The actor a phrase names, with the case rules and, for country names
    /// and demonyms, a plural ("Americans").
    fn actor_match(&self, ws: &[Word], whole: bool) -> Option<&Entry> {
        if !case_ok(ws) {
            return None;
        }
        let k = key_of(ws);
        let found = self.actor(&k).or_else(|| {
            let last = ws.last()?;
            let single = singular(&last.key)?;
            let k = key_of(&with_last(ws, single));
            self.actor(&k).filter(|e| matches!(e.kind, Kind::Variant | Kind::Name))
        })?;
        // A one-word company name ("Target", "Shell") only as a whole mention.
        if found.kind == Kind::Company && ws.len() == 1 && !whole {
            return None;
        }
        Some(found)
    }

    /// The sector of an agent phrase, singular or plural.
    fn agent_match(&self, ws: &[Word]) -> Option<Option<Sector>> {
        let k = key_of(ws);
        self.agent(&k).or_else(|| {
            let last = ws.last()?;
            let single = singular(&last.key)?;
            self.agent(&key_of(&with_last(ws, single)))
        })
    }

    /// Cuts pieces into segments by longest match.
    pub(crate) fn segment(&self, ps: &[Piece]) -> Vec<Seg> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < ps.len() {
            let run_end = ps[i..]
                .iter()
                .position(|p| *p == Piece::Break)
                .map_or(ps.len(), |n| i + n);
            if run_end == i {
                out.push(Seg {
                    start: i,
                    end: i + 1,
                    what: What::Break,
                });
                i += 1;
                continue;
            }
            let ws: Vec<Word> = ps[i..run_end]
                .iter()
                .filter_map(|p| match p {
                    Piece::Word(w) => Some(w.clone()),
                    Piece::Break => None,
                })
                .collect();
            let mut j = 0;
            while j < ws.len() {
                let (len, what) = self.longest(&ws[j..]);
                out.push(Seg {
                    start: i + j,
                    end: i + j + len,
                    what,
                });
                j += len;
            }
            i = run_end;
        }
        out
    }

    /// The longest phrase at the start of `ws`, or one word.
    fn longest(&self, ws: &[Word]) -> (usize, What) {
        let max = self.max_words.min(ws.len());
        for len in (1..=max).rev() {
            let phrase = &ws[..len];
            // "The" alone is a link, not the start of a phrase.
            if phrase[0].key == "THE" && len == 1 {
                break;
            }
            let actor = self.actor_match(phrase, false);
            let agent = self.agent_match(phrase);
            match (actor, agent) {
                (Some(e), Some(s)) if matches!(e.kind, Kind::Institution | Kind::Company) => {
                    return (len, What::Agent(s))
                }
                (Some(e), _) => return (len, What::Actor(e.into())),
                (None, Some(s)) => return (len, What::Agent(s)),
                (None, None) => {}
            }
        }
        let w = &ws[0];
        let what = if w.key == "OF" {
            What::Of
        } else if w.key == "TO" {
            What::To
        } else if w.key == "THE" || w.key == "FOR" {
            What::Link
        } else if w.key == "AND" {
            What::And
        } else if HONORIFICS.contains(&w.key.as_str()) && (w.key != "HE" || w.shape == Shape::Upper) {
            What::Honorific
        } else if w.shape == Shape::Number {
            What::Num
        } else {
            What::Other(w.shape)
        };
        (1, what)
    }

    /// A person by name: exactly, in the other order ("Ishiba Shigeru"),
    /// by first and last name, or by a current leader's surname. A surname
    /// with a given name this table does not know ("Hunter Biden") gives
    /// the country only.
    pub(crate) fn person_words(&self, ws: &[Word]) -> Option<Code> {
        let exact = |ws: &[Word]| {
            self.actor(&key_of(ws))
                .filter(|e| e.kind == Kind::Person)
                .map(|e| e.code)
        };
        if ws.is_empty() {
            return None;
        }
        if let Some(a) = exact(ws) {
            return Some(a);
        }
        if ws.len() >= 2 {
            let mut reversed = ws.to_vec();
            reversed.reverse();
            if let Some(a) = exact(&reversed) {
                return Some(a);
            }
            let mut rotated = ws[1..].to_vec();
            rotated.push(ws[0].clone());
            if let Some(a) = exact(&rotated) {
                return Some(a);
            }
        }
        if ws.len() >= 3 {
            if let Some(a) = exact(&[ws[0].clone(), ws[ws.len() - 1].clone()]) {
                return Some(a);
            }
        }
        self.by_surname(ws)
    }

    /// A current leader by the last word, or by the first for names written
    /// family name first.
    fn by_surname(&self, ws: &[Word]) -> Option<Code> {
        let last = ws.len().checked_sub(1)?;
        let candidates: &[usize] = if last == 0 { &[0] } else { &[last, 0] };
        for &at in candidates {
            let Some(s) = self.surname(&ws[at].key) else { continue };
            let others_known = ws.iter().enumerate().filter(|(i, _)| *i != at).all(|(_, w)| {
                s.given.contains(&w.key) || (w.key.len() == 1 && s.given.iter().any(|g| g.starts_with(&w.key)))
            });
            let mut code = s.code;
            if !others_known {
                code.sector = None;
            }
            return Some(code);
        }
        None
    }
}

fn with_last(ws: &[Word], last: String) -> Vec<Word> {
    let mut v = ws.to_vec();
    if let Some(w) = v.last_mut() {
        w.key = last;
    }
    v
}

fn words_of(ps: &[Piece], start: usize, end: usize) -> Vec<Word> {
    ps[start..end]
        .iter()
        .filter_map(|p| match p {
            Piece::Word(w) => Some(w.clone()),
            Piece::Break => None,
        })
        .collect()
}

/// Resolves a mention with its left and right context and, when given, the
/// document's memory of names (given for person mentions only), and, when
/// `appositive` (the caller saw `left` end in a comma), with a title right
/// before that comma read as the mention's own.
/// Returns the actor and the name (as words) that the mention contributed,
/// for the memory.
pub(crate) fn analyse(
    t: &Tables,
    mention: &str,
    left: &str,
    right: &str,
    memory: Option<&DocActors>,
    appositive: bool,
) -> (Option<Actor>, Option<Vec<Word>>) {
    let ps = pieces(mention);
    let all = words_of(&ps, 0, ps.len());
    if all.is_empty() {
        return (None, None);
    }
    let mut segs = match t.actor_match(&all, true) {
        Some(e) => vec![Seg {
            start: 0,
            end: ps.len(),
            what: What::Actor(e.into()),
        }],
        None => match t.person_exact_order(&all) {
            Some(code) => vec![Seg {
                start: 0,
                end: ps.len(),
                what: What::Actor(Found {
                    code,
                    kind: Kind::Person,
                }),
            }],
            None => t.segment(&ps),
        },
    };
    reject_names_before_names(&mut segs);
    let name = resolve_name_runs(t, &ps, &mut segs, memory);

    let mut left_ps = pieces(left);
    // A person's title may stand before the name as an appositive:
    // "Venezuela's foreign minister, Julio Mendoza", "A PKK spokesman, Zagros
    // Amed". The comma goes when a title ends right before it.
    if appositive && matches!(left_ps.last(), Some(Piece::Break)) {
        let title = &left_ps[..left_ps.len() - 1];
        if matches!(
            t.segment(title).last(),
            Some(Seg {
                what: What::Agent(_),
                ..
            })
        ) {
            left_ps.pop();
        }
    }
    let mut left_segs = left_chain(&left_ps, t.segment(&left_ps));
    // A mention right after "to" is where a title goes, not who holds it:
    // "flew engineers to Tonga" is Tonga, "sent troops to Japan" Japan.
    if matches!(left_segs.last(), Some(Seg { what: What::To, .. })) {
        left_segs.clear();
    }
    let right_ps = pieces(right);
    let right_segs = right_chain(t.segment(&right_ps));

    let sequence: Vec<(bool, &What)> = left_segs
        .iter()
        .map(|s| (false, &s.what))
        .chain(segs.iter().map(|s| (true, &s.what)))
        .chain(right_segs.iter().map(|s| (false, &s.what)))
        .collect();
    let code = combine(&sequence);
    ((!code.is_empty()).then(|| code.to_actor()), name)
}

/// The actor of a phrase cut into segments (`true` marks the mention's own).
///
/// With a title (the last one is the head: "Kremlin spokesman"), the
/// country is the one it is "of" ("President of Russia", "Governors of 16
/// Japanese prefectures"), else the nearest one before it ("Japanese Prime
/// Minister", "Indian Ambassador to Japan"), else the mention's person,
/// else the first one named that is not a title's destination
/// ("Ambassador to Japan" is not Japanese; a "visit to Tokyo" is Tokyo's).
/// The sector is the head title's; without a title, that of the last
/// institution, capital or person named, the mention's own first.
fn combine(sequence: &[(bool, &What)]) -> Code {
    let country_of = |w: &What| match w {
        What::Actor(f) => f.code.country,
        _ => None,
    };
    let head = sequence.iter().rposition(|(_, w)| matches!(w, What::Agent(_)));
    let after_of = head.and_then(|a| {
        let mut saw_of = false;
        for (_, w) in &sequence[a + 1..] {
            match w {
                What::Of => saw_of = true,
                What::Link | What::Num => {}
                What::Actor(f) if f.code.country.is_some() => return saw_of.then_some(f.code.country).flatten(),
                What::Break => return None,
                _ => saw_of = false,
            }
        }
        None
    });
    let before = || {
        let a = head?;
        sequence[..a]
            .iter()
            .rev()
            .take_while(|(_, w)| **w != What::Break)
            .find_map(|(_, w)| country_of(w))
    };
    let person = || {
        sequence.iter().find_map(|(own, w)| match w {
            What::Actor(f) if *own && f.kind == Kind::Person => f.code.country,
            _ => None,
        })
    };
    let first = || {
        sequence.iter().enumerate().find_map(|(i, (_, w))| {
            let destination = head.is_some() && i > 0 && matches!(sequence[i - 1].1, What::To);
            if destination {
                None
            } else {
                country_of(w)
            }
        })
    };
    let country = after_of.or_else(before).or_else(person).or_else(first);
    let sector = match head.map(|a| sequence[a].1) {
        Some(What::Agent(s)) => *s,
        _ => sequence
            .iter()
            .rev()
            .find_map(|(own, w)| match w {
                What::Actor(f) if *own => f.code.sector,
                _ => None,
            })
            .or_else(|| {
                sequence.iter().rev().find_map(|(_, w)| match w {
                    What::Actor(f) => f.code.sector,
                    _ => None,
                })
            }),
    };
    Code { country, sector }
}

impl Tables {
    /// A person named by the whole mention in this or the reverse order
    /// (no surname guesses: "Foreign Minister Lavrov" is cut into parts).
    fn person_exact_order(&self, ws: &[Word]) -> Option<Code> {
        if !ws.iter().all(|w| is_cap(w.shape)) {
            return None;
        }
        let exact = |ws: &[Word]| {
            self.actor(&key_of(ws))
                .filter(|e| e.kind == Kind::Person)
                .map(|e| e.code)
        };
        let mut reversed = ws.to_vec();
        reversed.reverse();
        exact(ws).or_else(|| if ws.len() >= 2 { exact(&reversed) } else { None })
    }
}

/// A country's or capital's own name followed by an unknown capitalised word
/// is the start of another name ("Chad Smith", "Jordan Peterson",
/// "Moscow Times"), unless a link stands before it ("President
/// of Kazakhstan Kassym-Jomart Tokayev"). Demonyms are kept ("Chinese
/// Communist Party"). A person's name after an unknown given name ("Hunter
/// Biden") keeps the country but not the sector.
fn reject_names_before_names(segs: &mut [Seg]) {
    for i in 0..segs.len() {
        let next_is_name = matches!(segs.get(i + 1).map(|s| &s.what), Some(What::Other(sh)) if is_cap(*sh));
        let prev = if i > 0 {
            segs.get(i - 1).map(|s| s.what.clone())
        } else {
            None
        };
        let prev_is_link = matches!(prev, Some(What::Link | What::Of | What::To));
        let prev_is_name = matches!(prev, Some(What::Other(sh)) if is_cap(sh));
        if let What::Actor(found) = &mut segs[i].what {
            match found.kind {
                Kind::Name | Kind::Capital if next_is_name && !prev_is_link => {
                    segs[i].what = What::Other(Shape::Capitalized);
                }
                Kind::Person if prev_is_name => found.code.sector = None,
                _ => {}
            }
        }
    }
}

/// Looks up runs of unknown capitalised words as person names: in the
/// document memory first, then among known people. Returns the longest run
/// of two or more words, which the document memory may keep.
fn resolve_name_runs(t: &Tables, ps: &[Piece], segs: &mut Vec<Seg>, memory: Option<&DocActors>) -> Option<Vec<Word>> {
    let mut out: Vec<Seg> = Vec::with_capacity(segs.len());
    let mut remembered: Option<Vec<Word>> = None;
    let mut i = 0;
    while i < segs.len() {
        let is_name_word = |s: &Seg| matches!(s.what, What::Other(sh) if is_cap(sh));
        if !is_name_word(&segs[i]) {
            out.push(segs[i].clone());
            i += 1;
            continue;
        }
        let mut j = i;
        while j < segs.len() && is_name_word(&segs[j]) {
            j += 1;
        }
        let (start, end) = (segs[i].start, segs[j - 1].end);
        let ws = words_of(ps, start, end);
        let remembered_code = memory.and_then(|m| m.lookup_words(&ws)).map(|a| Code::from_actor(&a));
        match remembered_code.or_else(|| t.person_words(&ws)) {
            Some(code) => out.push(Seg {
                start,
                end,
                what: What::Actor(Found {
                    code,
                    kind: Kind::Person,
                }),
            }),
            None => out.extend(segs[i..j].iter().cloned()),
        }
        if ws.len() >= 2 && remembered.as_ref().is_none_or(|r| r.len() < ws.len()) {
            remembered = Some(ws);
        }
        i = j;
    }
    // A known person named in full is worth remembering too ("Narendra Modi").
    for s in &out {
        if let What::Actor(Found { kind: Kind::Person, .. }) = s.what {
            let ws = words_of(ps, s.start, s.end);
            if ws.len() >= 2 && remembered.as_ref().is_none_or(|r| r.len() < ws.len()) {
                remembered = Some(ws);
            }
        }
    }
    *segs = out;
    remembered
}

/// The title chain that ends where the mention starts: read backwards over
/// titles, countries, institutions, links, numbers and up to four
/// capitalised words in a row ("Chief of Staff of the Presidential
/// Executive Office "). A person ends it unless possessive ("Putin's
/// spokesman "), and so do punctuation, "and" and lower-case words.
fn left_chain(ps: &[Piece], segs: Vec<Seg>) -> Vec<Seg> {
    let mut chain: Vec<Seg> = Vec::new();
    let mut capitalised = 0;
    for seg in segs.into_iter().rev() {
        let ok = match &seg.what {
            What::Break | What::And => false,
            What::Actor(Found { kind: Kind::Person, .. }) => {
                matches!(ps.get(seg.end.saturating_sub(1)), Some(Piece::Word(w)) if w.possessive)
            }
            What::Other(shape) => {
                capitalised += 1;
                is_cap(*shape) && capitalised <= 4
            }
            _ => true,
        };
        if !ok {
            break;
        }
        if !matches!(seg.what, What::Other(_)) {
            capitalised = 0;
        }
        chain.push(seg);
    }
    chain.reverse();
    chain
}

/// The titles right after a mention ("Japanese" + " Prime Minister ..."),
/// with up to two capitalised words before a title.
fn right_chain(segs: Vec<Seg>) -> Vec<Seg> {
    let mut out = Vec::new();
    let mut pending = Vec::new();
    for seg in segs {
        match seg.what {
            What::Agent(_) => {
                out.append(&mut pending);
                out.push(seg);
            }
            What::Other(shape) if is_cap(shape) && pending.len() < 2 => pending.push(seg),
            _ => break,
        }
    }
    out
}
