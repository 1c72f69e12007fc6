//! Document memory for names: once "Prime Minister Narendra Modi" has been
//! resolved, a later "Modi" or "Mr Modi" in the same document gets the same
//! actor, and so does a name no dictionary knows ("Foreign Minister Takeshi
//! Iwaya" ... "Iwaya"). Input: full names with their actors, then short
//! names. Output: the actor of the most recent full name that the short
//! name fits.

use super::text::{words, Word};
use super::ActorResolver;
use crate::record::Actor;

/// Document-level memory: "Modi" after "Narendra Modi" gets the same actor.
///
/// A short name fits a remembered name when its words appear in it in
/// order ("Modi", "Narendra", "Xi" in "Xi Jinping"), an initial standing for
/// a word ("J. Biden"); forms of address and titles in front ("Mr",
/// "President") are ignored. The most recently remembered name wins.
///
/// # Example
///
/// ```
/// use accord::actors::DocActors;
/// use accord::record::{Actor, Sector};
///
/// let mut doc = DocActors::new();
/// doc.remember("Narendra Modi", Actor { country: Some("IND".into()), sector: Some(Sector::Gov) });
/// assert_eq!(doc.lookup("Mr. Modi").and_then(|a| a.country).as_deref(), Some("IND"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct DocActors {
    names: Vec<(Vec<String>, Actor)>,
}

impl DocActors {
    /// An empty memory, for a new document.
    pub fn new() -> DocActors {
        DocActors::default()
    }

    /// Remembers a full name ("Narendra Modi") and its actor. Names of one
    /// word are not remembered: they would fit too much.
    pub fn remember(&mut self, full_name: &str, actor: Actor) {
        let ws = strip_titles(words(full_name));
        self.remember_words(&ws, actor);
    }

    /// The actor of the latest remembered name that `name` fits.
    pub fn lookup(&self, name: &str) -> Option<Actor> {
        self.lookup_words(&strip_titles(words(name)))
    }

    /// Number of names remembered.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether nothing is remembered yet.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub(crate) fn remember_words(&mut self, ws: &[Word], actor: Actor) {
        if ws.len() < 2 {
            return;
        }
        let keys: Vec<String> = ws.iter().map(|w| w.key.clone()).collect();
        self.names.retain(|(k, _)| *k != keys);
        self.names.push((keys, actor));
    }

    pub(crate) fn lookup_words(&self, ws: &[Word]) -> Option<Actor> {
        if ws.is_empty() {
            return None;
        }
        self.names
            .iter()
            .rev()
            .find(|(name, _)| fits(ws, name))
            .map(|(_, actor)| actor.clone())
    }
}

/// Whether the words of `short` appear in `name` in order; a one-letter
/// word matches a word with that initial.
fn fits(short: &[Word], name: &[String]) -> bool {
    let mut rest = name.iter();
    short.iter().all(|w| {
        rest.by_ref()
            .any(|n| *n == w.key || (w.key.chars().count() == 1 && n.starts_with(&w.key)))
    })
}

/// Drops forms of address and titles before a name ("Mr", "President").
fn strip_titles(mut ws: Vec<Word>) -> Vec<Word> {
    let cut = ActorResolver::global().title_len(&ws);
    if cut == ws.len() {
        return ws;
    }
    ws.drain(..cut);
    ws
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Sector;

    fn actor(country: &str, sector: Option<Sector>) -> Actor {
        Actor {
            country: Some(country.into()),
            sector,
        }
    }

    #[test]
    fn short_names_find_the_latest_full_name_they_fit() {
        let mut doc = DocActors::new();
        doc.remember("Narendra Modi", actor("IND", Some(Sector::Gov)));
        doc.remember("Xi Jinping", actor("CHN", Some(Sector::Gov)));
        doc.remember("Heydar Aliyev", actor("AZE", None));
        doc.remember("Ilham Aliyev", actor("AZE", Some(Sector::Gov)));
        doc.remember("Modi", actor("XXX", None)); // one word: not remembered
        for (short, expected) in [
            ("Modi", Some(actor("IND", Some(Sector::Gov)))),
            ("Mr. Modi", Some(actor("IND", Some(Sector::Gov)))),
            ("Prime Minister Modi", Some(actor("IND", Some(Sector::Gov)))),
            ("N. Modi", Some(actor("IND", Some(Sector::Gov)))),
            ("Narendra", Some(actor("IND", Some(Sector::Gov)))),
            ("Xi", Some(actor("CHN", Some(Sector::Gov)))),
            ("Aliyev", Some(actor("AZE", Some(Sector::Gov)))),
            ("Heydar Aliyev", Some(actor("AZE", None))),
            ("Jinping Xi", None),
            ("Putin", None),
            ("", None),
        ] {
            assert_eq!(doc.lookup(short), expected, "{short}");
        }
        assert_eq!(doc.len(), 4);
    }
}
