//! CoNLL-2003 files: `token POS chunk NER` lines, blank lines between
//! sentences, `-DOCSTART-` lines between documents.

use std::io::BufRead;
use std::path::Path;

use crate::error::{Error, Result};

/// One CoNLL sentence.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConllSentence {
    /// Document number within the file (for document context).
    pub document: usize,
    /// Tokens.
    pub words: Vec<String>,
    /// BIO tags (IOB1 tags in the file are converted to BIO).
    pub tags: Vec<String>,
}

impl ConllSentence {
    /// The sentence as text (words joined by single spaces) with each word's byte range.
    pub fn text(&self) -> (String, Vec<std::ops::Range<usize>>) {
        let mut text = String::new();
        let mut ranges = Vec::with_capacity(self.words.len());
        for word in &self.words {
            if !text.is_empty() {
                text.push(' ');
            }
            ranges.push(text.len()..text.len() + word.len());
            text.push_str(word);
        }
        (text, ranges)
    }
}

/// The index ranges of consecutive sentences that share a document number.
pub fn document_ranges(sentences: &[ConllSentence]) -> Vec<std::ops::Range<usize>> {
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, sentence) in sentences.iter().enumerate() {
        match ranges.last_mut() {
            Some(last) if sentences[last.start].document == sentence.document => last.end = i + 1,
            _ => ranges.push(i..i + 1),
        }
    }
    ranges
}

/// Reads a CoNLL-2003 file.
///
/// # Errors
/// The file cannot be read, or a line has fewer than two columns.
pub fn read_conll(path: &Path) -> Result<Vec<ConllSentence>> {
    let file = std::fs::File::open(path).map_err(|source| Error::Input {
        path: path.to_owned(),
        source,
    })?;
    parse_conll(std::io::BufReader::new(file), &path.display().to_string())
}

/// Parses CoNLL-2003 text.
///
/// # Errors
/// A read error, or a line has fewer than two columns.
pub fn parse_conll(reader: impl BufRead, name: &str) -> Result<Vec<ConllSentence>> {
    let mut sentences = Vec::new();
    let mut current = ConllSentence::default();
    let mut document = 0;
    for (n, line) in reader.lines().enumerate() {
        let line = line.map_err(|source| Error::Input {
            path: name.into(),
            source,
        })?;
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.is_empty() || fields[0] == "-DOCSTART-" {
            if !current.words.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            if fields.first() == Some(&"-DOCSTART-") {
                document += 1;
            }
            current.document = document;
            continue;
        }
        if fields.len() < 2 {
            return Err(Error::Invalid(format!(
                "{name} line {}: expected `token ... tag`",
                n + 1
            )));
        }
        current.words.push(fields[0].to_owned());
        current.tags.push(fields[fields.len() - 1].to_owned());
    }
    if !current.words.is_empty() {
        sentences.push(current);
    }
    for sentence in &mut sentences {
        sentence.tags = iob1_to_bio(&sentence.tags);
    }
    Ok(sentences)
}

/// CoNLL-2003 ships IOB1 (`I-` starts an entity unless it continues one, `B-`
/// only separates two adjacent entities of one type); training and scoring
/// use BIO, where every entity starts with `B-`.
pub fn iob1_to_bio(tags: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(tags.len());
    let mut previous = "O".to_owned();
    for tag in tags {
        let converted = match tag.split_once('-') {
            Some(("I", kind)) => {
                let continues = previous.split_once('-').is_some_and(|(_, k)| k == kind);
                if continues {
                    tag.clone()
                } else {
                    format!("B-{kind}")
                }
            }
            _ => tag.clone(),
        };
        previous = converted.clone();
        out.push(converted);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "-DOCSTART- -X- -X- O\n\nEU NNP B-NP I-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP I-MISC\ncall NN I-NP O\n\nPeter NNP B-NP I-PER\nBlackburn NNP I-NP I-PER\n\n-DOCSTART- -X- -X- O\n\nA DT B-NP I-LOC\nB NNP I-NP B-LOC\n";

    #[test]
    fn sentences_documents_and_bio_tags() {
        let sentences = parse_conll(SAMPLE.as_bytes(), "sample").unwrap();
        assert_eq!(sentences.len(), 3);
        assert_eq!(sentences[0].words, ["EU", "rejects", "German", "call"]);
        assert_eq!(sentences[0].tags, ["B-ORG", "O", "B-MISC", "O"]);
        assert_eq!(sentences[1].tags, ["B-PER", "I-PER"]);
        assert_eq!((sentences[0].document, sentences[2].document), (1, 2));
        assert_eq!(sentences[2].tags, ["B-LOC", "B-LOC"]);
        let (text, ranges) = sentences[1].text();
        assert_eq!(&text[ranges[1].clone()], "Blackburn");
        assert_eq!(document_ranges(&sentences), [0..2, 2..3]);
    }
}
