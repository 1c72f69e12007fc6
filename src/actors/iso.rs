//! The ISO 3166-1 country table of Debian's iso-codes
//! (`data/actors/iso_3166-1.json`). Input: the JSON text. Output: each
//! alpha-3 code with the names it is known by (short, official and common
//! names; "Korea, Republic of" also as "Republic of Korea").

use serde::Deserialize;

/// The file's top level: `{"3166-1": [...]}`.
#[derive(Debug, Deserialize)]
struct File {
    #[serde(rename = "3166-1")]
    countries: Vec<Country>,
}

#[derive(Debug, Deserialize)]
struct Country {
    alpha_3: String,
    name: String,
    #[serde(default)]
    official_name: Option<String>,
    #[serde(default)]
    common_name: Option<String>,
}

/// One country: its alpha-3 code and names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IsoCountry {
    /// ISO 3166-1 alpha-3.
    pub alpha3: String,
    /// Names as written in the file, plus inverted forms.
    pub names: Vec<String>,
}

/// Reads the iso-codes JSON.
pub(crate) fn parse(json: &str) -> serde_json::Result<Vec<IsoCountry>> {
    let file: File = serde_json::from_str(json)?;
    Ok(file
        .countries
        .into_iter()
        .map(|c| {
            let mut names = Vec::new();
            for name in [Some(c.name), c.official_name, c.common_name].into_iter().flatten() {
                names.extend(forms(&name));
            }
            names.dedup();
            IsoCountry {
                alpha3: c.alpha_3,
                names,
            }
        })
        .collect())
}

/// The usable forms of an ISO name: "Holy See (Vatican City State)" is
/// "Holy See"; "Korea, Republic of" is "Republic of Korea"; a comma form
/// that does not invert ("Virgin Islands, British") is left out rather than
/// cut to a bare "Virgin Islands" that another entry also claims.
fn forms(name: &str) -> Vec<String> {
    let name = match name.find('(') {
        Some(at) => name[..at].trim(),
        None => name.trim(),
    };
    match name.split_once(", ") {
        None => vec![name.to_string()],
        Some((head, tail)) => {
            let lower = tail.to_lowercase();
            if lower.ends_with(" of") || lower.ends_with(" of the") {
                vec![format!("{tail} {head}")]
            } else {
                Vec::new()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_read_and_inverted() {
        let json = r#"{"3166-1": [
            {"alpha_2": "KR", "alpha_3": "KOR", "name": "Korea, Republic of", "common_name": "South Korea", "numeric": "410"},
            {"alpha_2": "TR", "alpha_3": "TUR", "name": "Türkiye", "official_name": "Republic of Türkiye", "numeric": "792"},
            {"alpha_2": "VA", "alpha_3": "VAT", "name": "Holy See (Vatican City State)", "numeric": "336"},
            {"alpha_2": "VG", "alpha_3": "VGB", "name": "Virgin Islands, British", "numeric": "092"}
        ]}"#;
        let countries = parse(json).unwrap();
        assert_eq!(countries[0].names, ["Republic of Korea", "South Korea"]);
        assert_eq!(countries[1].names, ["Türkiye", "Republic of Türkiye"]);
        assert_eq!(countries[2].names, ["Holy See"]);
        assert!(countries[3].names.is_empty());
    }

    #[test]
    fn bad_json_is_an_error() {
        assert!(parse("{").is_err());
    }
}
