//! Publishers that speak for a government: a document from one of them has
//! that government as an implied party (`data/actors/accord.publishers.tsv`).

use std::sync::LazyLock;

/// Hosts and source names of publishers, each with the actor it speaks for.
#[derive(Debug, Clone, Default)]
pub struct Publishers {
    /// (lower-cased host or name, ISO-3 country or `IGO`).
    entries: Vec<(String, String)>,
}

static GLOBAL: LazyLock<Publishers> =
    LazyLock::new(|| Publishers::parse(include_str!("../../data/actors/accord.publishers.tsv")));

impl Publishers {
    /// Reads `host-or-name TAB code` lines; `#` starts a comment, and lines
    /// without a tab are skipped.
    pub fn parse(text: &str) -> Publishers {
        let entries = text
            .lines()
            .map(|line| line.split('#').next().unwrap_or(""))
            .filter_map(|line| line.split_once('\t'))
            .map(|(name, code)| (name.trim().to_lowercase(), code.trim().to_owned()))
            .filter(|(name, code)| !name.is_empty() && !code.is_empty())
            .collect();
        Publishers { entries }
    }

    /// The embedded table.
    pub fn global() -> &'static Publishers {
        &GLOBAL
    }

    /// The actor a document's publisher speaks for, from its `url` host
    /// (`http://en.kremlin.ru/events/...` → RUS) or its `source` ("MEA",
    /// "kremlin.ru"); `None` for any other publisher, a news agency included.
    pub fn country(&self, source: Option<&str>, url: Option<&str>) -> Option<&str> {
        let source = source.map(str::to_lowercase);
        let host = url.and_then(host).map(str::to_lowercase);
        self.entries
            .iter()
            .find(|(name, _)| {
                [source.as_deref(), host.as_deref()].into_iter().flatten().any(|given| {
                    given
                        .strip_suffix(name.as_str())
                        .is_some_and(|rest| rest.is_empty() || rest.ends_with('.'))
                })
            })
            .map(|(_, code)| code.as_str())
    }
}

/// The host of a URL: what lies between `scheme://` (optional) and the
/// first `/`, `:`, `?` or `#`.
fn host(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', ':', '?', '#']).next()?;
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publishers_match_by_host_subdomain_or_name() {
        let table = Publishers::global();
        assert_eq!(
            table.country(None, Some("http://en.kremlin.ru/events/president/news/67112")),
            Some("RUS")
        );
        assert_eq!(table.country(Some("kremlin.ru"), None), Some("RUS"));
        assert_eq!(
            table.country(Some("MEA"), Some("https://www.reuters.com/world")),
            Some("IND")
        );
        assert_eq!(
            table.country(None, Some("https://www.gov.uk/government/news")),
            Some("GBR")
        );
        // A look-alike host is no subdomain.
        assert_eq!(table.country(None, Some("https://notkremlin.ru/")), None);
        assert_eq!(table.country(Some("Reuters"), Some("https://www.reuters.com/")), None);
        assert_eq!(table.country(None, None), None);
    }

    #[test]
    fn comments_and_malformed_lines_are_skipped() {
        let table = Publishers::parse("# a comment\nkremlin.ru\tRUS # trailing\nno tab here\n\tUSA\n");
        assert_eq!(table.entries, [("kremlin.ru".to_owned(), "RUS".to_owned())]);
        assert_eq!(host("en.kremlin.ru:443/x"), Some("en.kremlin.ru"));
        assert_eq!(host("https:///x"), None);
    }
}
