//! Export of accord's NER model in the Hugging Face layout
//! (`BertForTokenClassification`), so the `transformers` token-classification
//! pipeline, and anyone with PyTorch, runs the very same model.
//!
//! Input: the loaded NER encoder and head (fp32) and the base encoder's
//! files. Output: a directory with `config.json`, `model.safetensors` (fp32),
//! the tokenizer files, `accord_shapes.py`, `accord_check.json` and a model
//! card.
//!
//! Stock BERT has no word-shape input, but it has token-type embeddings that
//! it adds at the same place: accord feeds `word(ids) + shape(shapes)` as
//! input embeddings, then BERT adds position embeddings and
//! `token_type_embeddings[0]`. Exporting `type_vocab_size = 8` with
//! `token_type_embeddings[k] = base_type[0] + shape[k]` and feeding
//! `token_type_ids = shape` gives exactly accord's embeddings.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::{sha256_file, ModelDirs, NerModel};
use crate::encode::tch::ShapedValues;
use crate::encode::{Encoder, EncoderRow};
use crate::error::{Error, Result};
use crate::ner::NerHead;
use crate::tokenize::{SentenceTokenizer, SHAPE_CLASSES};

/// What an export wrote.
#[derive(Debug, Clone, Serialize)]
pub struct HfExport {
    /// The output directory.
    pub dir: PathBuf,
    /// The files written, in [`FILES`] order (`vocab.txt` only when the base
    /// encoder has one).
    pub files: Vec<String>,
    /// Tensors in `model.safetensors`.
    pub tensors: usize,
    /// sha256 of the NER file exported.
    pub source_sha256: String,
}

/// `accord_check.json`: accord's own logits for a few sentences, computed
/// at export time, to verify that a Hugging Face load reproduces accord.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckFile {
    /// How the numbers were made and how to use them.
    pub description: String,
    /// Largest absolute logit difference an fp32 load may show.
    pub tolerance: f32,
    /// The labels, in logit order.
    pub labels: Vec<String>,
    /// One entry per sentence.
    pub sentences: Vec<CheckSentence>,
}

/// One sentence of [`CheckFile`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckSentence {
    /// The text, encoded alone.
    pub text: String,
    /// The pieces, `[CLS]` and `[SEP]` included (for reading).
    pub tokens: Vec<String>,
    /// Vocabulary ids, `[CLS]` and `[SEP]` included.
    pub input_ids: Vec<i64>,
    /// Word-shape class per piece (0 for `[CLS]` and `[SEP]`).
    pub token_type_ids: Vec<i64>,
    /// accord's logits, one row of `labels.len()` per piece.
    pub logits: Vec<Vec<f32>>,
}

/// The files an export writes.
pub const FILES: [&str; 9] = [
    "config.json",
    "model.safetensors",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "vocab.txt",
    "accord_shapes.py",
    "accord_check.json",
    "README.md",
];

/// The Python helper shipped with every export: `word_shape`, accord's word
/// split and the token_type_ids they give, and a pipeline that feeds them.
/// Kept as a file in the repository so there is one copy.
pub const ACCORD_SHAPES_PY: &str = include_str!("accord_shapes.py");

/// The sentences of `accord_check.json`: names of every type, an acronym,
/// digits, a possessive and a hyphenated compound, so every shape class
/// but "other" is exercised.
pub const CHECK_SENTENCES: [&str; 4] = [
    "Angela Merkel met Emmanuel Macron in Paris on Tuesday.",
    "The U.N. Security Council voted 13-0 to extend the mission in South Sudan.",
    "Reuters reported that Toyota's sales in Japan rose 4.5 percent in 2023.",
    "NATO and EU officials discussed the India-Japan deal in Brussels.",
];

/// The Hugging Face model id of the base encoder.
pub const BASE_MODEL: &str = "sentence-transformers/all-MiniLM-L6-v2";

/// Largest absolute logit difference allowed between accord and an fp32
/// Hugging Face load of the export.
pub const CHECK_TOLERANCE: f32 = 1e-3;

/// Prefix of the encoder's tensors, in accord's var store and in
/// `BertForTokenClassification` alike.
const BERT: &str = "bert";
/// The var-store name of the word-shape embedding.
const SHAPE_EMBEDDINGS: &str = "shape_embeddings.weight";
/// The token-type embedding, which carries the shapes in the export.
const TOKEN_TYPE_EMBEDDINGS: &str = "bert.embeddings.token_type_embeddings.weight";

/// The tensor names `BertForTokenClassification` loads for `layers` encoder
/// layers, in file order: no pooler (token classification has none) and no
/// `position_ids` (a buffer transformers makes itself).
pub fn tensor_names(layers: usize) -> Vec<String> {
    let mut names: Vec<String> = [
        "word_embeddings.weight",
        "position_embeddings.weight",
        "token_type_embeddings.weight",
        "LayerNorm.weight",
        "LayerNorm.bias",
    ]
    .iter()
    .map(|n| format!("{BERT}.embeddings.{n}"))
    .collect();
    for layer in 0..layers {
        for part in [
            "attention.self.query",
            "attention.self.key",
            "attention.self.value",
            "attention.output.dense",
            "attention.output.LayerNorm",
            "intermediate.dense",
            "output.dense",
            "output.LayerNorm",
        ] {
            for param in ["weight", "bias"] {
                names.push(format!("{BERT}.encoder.layer.{layer}.{part}.{param}"));
            }
        }
    }
    names.push("classifier.weight".into());
    names.push("classifier.bias".into());
    names
}

/// Writes one of accord's NER models (`models/ner/model.safetensors` or the
/// 3-layer `models/ner-fast/model.safetensors`, over the base encoder) to
/// `out` in the Hugging Face layout; creates `out` if needed and overwrites
/// the files of [`FILES`] in it.
///
/// # Errors
/// A model file is missing or does not fit, or a file cannot be written.
pub fn export(dirs: &ModelDirs, model: NerModel, out: &Path) -> Result<HfExport> {
    std::fs::create_dir_all(out).map_err(Error::Output)?;
    let name = model.file();
    let source = dirs.models.join(name);
    let model_dir = source.parent().unwrap_or(&dirs.models).to_path_buf();
    let source_sha256 = sha256_file(&source).map_err(|e| model_error(&source, e))?;
    // fp32 on the CPU: the export is fp32, and its check logits must be
    // accord's exact numbers, not bf16 ones.
    let (mut encoder, head) = dirs.load_ner(model, false, false, None)?;
    let tokenizer = SentenceTokenizer::from_file(&dirs.tokenizer())?;
    let labels = read_labels(&model_dir.join("labels.json"), &head)?;
    let base_config = read_json(&dirs.encoder.join("config.json"))?;

    let mut files = Files {
        dir: out,
        written: Vec::with_capacity(FILES.len()),
    };
    let layers = encoder.config().num_hidden_layers as usize;
    let config = hf_config(
        base_config,
        name,
        layers,
        &labels,
        &source_sha256,
        encoder.context_pieces(),
    )?;
    files.write("config.json", &pretty(&config)?)?;

    let tensors = hf_tensors(encoder.variables_f32()?, name, &head, layers)?;
    write_safetensors(&tensors, &files.path("model.safetensors"))?;

    tokenizer.save(&files.path("tokenizer.json"))?;
    files.write("tokenizer_config.json", &pretty(&tokenizer_config())?)?;
    files.write("special_tokens_map.json", &pretty(&special_tokens())?)?;
    let vocab = dirs.encoder.join("vocab.txt");
    if vocab.is_file() {
        // Lets `use_fast=False` (BertTokenizer) load the export too.
        let text = std::fs::read(&vocab).map_err(|e| model_error(&vocab, e))?;
        files.write("vocab.txt", &text)?;
    }
    files.write("accord_shapes.py", ACCORD_SHAPES_PY.as_bytes())?;

    let check = check_file(&mut encoder, name, &head, &tokenizer, &labels)?;
    files.write("accord_check.json", &pretty(&check)?)?;

    let test_f1 = read_json(&model_dir.join("metrics.json"))
        .ok()
        .and_then(|m| m.pointer("/test/micro/f1").and_then(Value::as_f64));
    let card = model_card(name, layers, &labels, test_f1, encoder.context_pieces(), &source_sha256);
    files.write("README.md", card.as_bytes())?;

    Ok(HfExport {
        dir: out.to_path_buf(),
        files: files.written,
        tensors: tensors.len(),
        source_sha256,
    })
}

/// The output directory and the names written to it so far.
struct Files<'a> {
    dir: &'a Path,
    written: Vec<String>,
}

impl Files<'_> {
    /// The path of `name`, recorded as written (for files another writer fills).
    fn path(&mut self, name: &str) -> PathBuf {
        self.written.push(name.into());
        self.dir.join(name)
    }

    fn write(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        let path = self.path(name);
        std::fs::write(path, bytes).map_err(Error::Output)
    }
}

/// One tensor of the export: name, shape, row-major values.
type Named = (String, Vec<usize>, Vec<f32>);

/// The export's tensors from accord's variables: the encoder's under their
/// own names, the shapes folded into the token-type embeddings, the head as
/// `classifier`.
fn hf_tensors(
    mut vars: BTreeMap<String, ShapedValues>,
    source: &str,
    head: &NerHead,
    layers: usize,
) -> Result<Vec<Named>> {
    let mut take = |name: &str| {
        vars.remove(name).ok_or_else(|| Error::Model {
            name: source.into(),
            message: format!("no variable {name} in the loaded model"),
        })
    };
    let (_, shape_embeddings) = take(SHAPE_EMBEDDINGS)?;
    let (type_shape, base_types) = take(TOKEN_TYPE_EMBEDDINGS)?;
    let width = type_shape.get(1).copied().unwrap_or(0) as usize;
    if width == 0 || shape_embeddings.len() != SHAPE_CLASSES * width || base_types.len() < width {
        return Err(Error::Model {
            name: source.into(),
            message: format!(
                "shape embeddings ({} values) or token-type embeddings {type_shape:?} do not fit {SHAPE_CLASSES} × {width}",
                shape_embeddings.len()
            ),
        });
    }
    let mut tensors = Vec::new();
    for name in tensor_names(layers) {
        let tensor = match name.as_str() {
            TOKEN_TYPE_EMBEDDINGS => {
                // Row k = base type 0 + shape k: what rust-bert adds to
                // accord's shape-augmented input embeddings.
                let values = shape_embeddings
                    .chunks(width)
                    .flat_map(|shape| shape.iter().zip(&base_types[..width]).map(|(s, t)| s + t))
                    .collect();
                (name, vec![SHAPE_CLASSES, width], values)
            }
            "classifier.weight" => (name, vec![head.bias.len(), head.width], head.weight.clone()),
            "classifier.bias" => (name, vec![head.bias.len()], head.bias.clone()),
            _ => {
                let (shape, values) = take(&name)?;
                let shape = shape.iter().map(|&d| d as usize).collect();
                (name, shape, values)
            }
        };
        tensors.push(tensor);
    }
    Ok(tensors)
}

/// Writes fp32 tensors as safetensors with the `format: pt` metadata that
/// transformers checks before loading (tch writes no metadata).
fn write_safetensors(tensors: &[Named], path: &Path) -> Result<()> {
    use safetensors::tensor::{Dtype, TensorView};
    let bytes: Vec<Vec<u8>> = tensors
        .iter()
        .map(|(_, _, values)| values.iter().flat_map(|v| v.to_le_bytes()).collect())
        .collect();
    let views = tensors
        .iter()
        .zip(&bytes)
        .map(|((name, shape, _), data)| {
            TensorView::new(Dtype::F32, shape.clone(), data)
                .map(|view| (name.as_str(), view))
                .map_err(|e| model_error(path, format!("{name}: {e:?}")))
        })
        .collect::<Result<Vec<_>>>()?;
    let metadata = HashMap::from([("format".to_string(), "pt".to_string())]);
    safetensors::tensor::serialize_to_file(views, &Some(metadata), path).map_err(|e| match e {
        safetensors::SafeTensorError::IoError(io) => Error::Output(io),
        other => model_error(path, format!("{other:?}")),
    })
}

/// The base config with the token-classification head, 8 token types, the
/// labels and accord's provenance.
fn hf_config(
    base: Value,
    source: &str,
    layers: usize,
    labels: &[String],
    sha256: &str,
    context_pieces: usize,
) -> Result<Value> {
    let Value::Object(mut config) = base else {
        return Err(Error::Model {
            name: "base encoder config.json".into(),
            message: "not a JSON object".into(),
        });
    };
    let id2label: Map<String, Value> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (i.to_string(), json!(l)))
        .collect();
    let label2id: Map<String, Value> = labels.iter().enumerate().map(|(i, l)| (l.clone(), json!(i))).collect();
    // It names the base's own source model; transformers sets it on load.
    config.remove("_name_or_path");
    config.insert("architectures".into(), json!(["BertForTokenClassification"]));
    config.insert("model_type".into(), json!("bert"));
    // The fast model keeps only the base's first layers.
    config.insert("num_hidden_layers".into(), json!(layers));
    config.insert("type_vocab_size".into(), json!(SHAPE_CLASSES));
    config.insert("id2label".into(), Value::Object(id2label));
    config.insert("label2id".into(), Value::Object(label2id));
    config.insert("torch_dtype".into(), json!("float32"));
    config.insert(
        "accord".into(),
        json!({
            "version": env!("CARGO_PKG_VERSION"),
            "base_model": BASE_MODEL,
            "source": format!("models/{source}"),
            "source_sha256": sha256,
            "context_pieces": context_pieces,
            "shape_classes": ["special", "digits", "ALLCAPS", "Capitalised", "lower case",
                              "mixed with digits", "punctuation", "other"],
            "token_type_ids": "token_type_ids carry accord's word-shape class of the word each piece \
                belongs to (0 for [CLS], [SEP] and padding); accord_shapes.py computes them. \
                All zeros also runs the model, without the casing feature.",
        }),
    );
    Ok(Value::Object(config))
}

fn tokenizer_config() -> Value {
    json!({
        "tokenizer_class": "BertTokenizerFast",
        "do_lower_case": true,
        "do_basic_tokenize": true,
        "tokenize_chinese_chars": true,
        "strip_accents": null,
        "model_max_length": 512,
        "clean_up_tokenization_spaces": true,
        "model_input_names": ["input_ids", "token_type_ids", "attention_mask"],
        "unk_token": "[UNK]",
        "sep_token": "[SEP]",
        "pad_token": "[PAD]",
        "cls_token": "[CLS]",
        "mask_token": "[MASK]",
    })
}

fn special_tokens() -> Value {
    json!({
        "unk_token": "[UNK]",
        "sep_token": "[SEP]",
        "pad_token": "[PAD]",
        "cls_token": "[CLS]",
        "mask_token": "[MASK]",
    })
}

/// accord's logits for [`CHECK_SENTENCES`], each encoded alone, in fp32.
fn check_file(
    encoder: &mut dyn Encoder,
    source: &str,
    head: &NerHead,
    tokenizer: &SentenceTokenizer,
    labels: &[String],
) -> Result<CheckFile> {
    let mut sentences = Vec::with_capacity(CHECK_SENTENCES.len());
    for text in CHECK_SENTENCES {
        let tokenized = tokenizer.tokenize(text, 0..text.len())?;
        let row = EncoderRow::from_pieces(tokenizer, &tokenized.pieces);
        let hidden = encoder
            .encode(std::slice::from_ref(&row))?
            .pop()
            .ok_or_else(|| Error::Model {
                name: source.into(),
                message: "the encoder returned no row".into(),
            })?;
        let logits = (0..hidden.len()).map(|i| head.logits(hidden.at(i)).to_vec()).collect();
        let tokens = row
            .ids
            .iter()
            .map(|&id| {
                u32::try_from(id)
                    .ok()
                    .and_then(|id| tokenizer.token(id))
                    .unwrap_or_default()
            })
            .collect();
        sentences.push(CheckSentence {
            text: text.into(),
            tokens,
            input_ids: row.ids,
            token_type_ids: row.shapes,
            logits,
        });
    }
    Ok(CheckFile {
        description: "accord's own logits (fp32 encoder and head, each sentence encoded alone) \
            for these input_ids and token_type_ids; an fp32 Hugging Face load must give the same \
            logits within the tolerance."
            .into(),
        tolerance: CHECK_TOLERANCE,
        labels: labels.to_vec(),
        sentences,
    })
}

/// The model card.
fn model_card(
    source: &str,
    layers: usize,
    labels: &[String],
    test_f1: Option<f64>,
    context_pieces: usize,
    sha256: &str,
) -> String {
    let version = env!("CARGO_PKG_VERSION");
    let f1 = test_f1.map_or_else(String::new, |f1| {
        format!(
            "accord's own CoNLL-2003 test (testb) score with this model: **entity F1 {f1:.4}** \
             (micro, exact span match, conlleval), with accord's decoding below.\n\n"
        )
    });
    format!(
        r#"---
language: en
license: apache-2.0
library_name: transformers
pipeline_tag: token-classification
base_model: {BASE_MODEL}
datasets:
- conll2003
tags:
- ner
- accord
---

# accord NER (all-MiniLM-L6-v2, CoNLL-2003)

The named-entity model of accord {version}, exported by
`accord models export --format hf` in the Hugging Face layout
(`BertForTokenClassification`, fp32). It tags {labels} (BIO over PER, ORG,
LOC, MISC).

- **Base model**: {BASE_MODEL} (Apache-2.0): BERT uncased, 6 layers,
  hidden size 384, 22.7 M parameters.
- **Training data**: CoNLL-2003 English (train; validation for early stopping),
  first-piece labelling, fine-tuned by accord in Rust (tch/rust-bert), frozen
  word-piece embeddings, with a learned word-shape embedding.
- **Layers**: this model runs {layers} encoder layers (the base's first {layers}).
- **Source**: accord's `models/{source}`, sha256 `{sha256}`.

{f1}## token_type_ids carry the word shape

The encoder is uncased, so accord adds a learned word-shape embedding to each
piece. Here it lives in `token_type_embeddings` (`type_vocab_size` 8):
`token_type_ids` is the shape class of the word the piece belongs to, 0 for
`[CLS]`, `[SEP]` and padding: 1 digits, 2 ALLCAPS, 3 Capitalised, 4 lower
case, 5 mixed with digits, 6 punctuation, 7 other. `accord_shapes.py` (no
dependencies) computes them with accord's own word split. The tokenizer
alone gives all zeros, which runs but drops the casing feature: feed the
shapes.

```python
import sys
sys.path.insert(0, "accord-ner-hf")  # this directory
import accord_shapes                  # word_shape, token_type_ids, pipeline
ner = accord_shapes.pipeline("accord-ner-hf", aggregation_strategy="first")
print(ner("Angela Merkel met Emmanuel Macron in Paris."))

# or by hand, with the model and tokenizer:
from transformers import AutoModelForTokenClassification, AutoTokenizer
tok = AutoTokenizer.from_pretrained("accord-ner-hf")
model = AutoModelForTokenClassification.from_pretrained("accord-ner-hf")
logits = model(**accord_shapes.encode(tok, "Angela Merkel met Emmanuel Macron.")).logits
```

`accord_check.json` holds accord's own logits for a few sentences (with their
`input_ids` and `token_type_ids`): an fp32 load reproduces them within
{CHECK_TOLERANCE:e}.

## Decoding differs from the pipeline's

accord labels each word (its CoNLL-style split, see `accord_shapes.split_words`)
from its first piece and decodes with a constrained Viterbi pass over
word-level BIO (no `I-X` without a preceding `X`), and it encodes neighbouring
sentences of a document together ({context_pieces} pieces of document
context, as in training). The token-classification pipeline takes an argmax
per piece (per word's first piece with `aggregation_strategy="first"`) over
the text it is given, groups pieces into words by the BERT pre-tokenizer
(which splits "U.S." and "India-Japan" where accord does not), and sees no
context beyond its input. Expect small differences in entity
spans; the logits for the same input are the same.

## Licence

Apache-2.0, like the base model. CoNLL-2003 is derived from the Reuters
RCV1 corpus; see its own terms.
"#,
        labels = labels.join(", "),
    )
}

fn read_labels(path: &Path, head: &NerHead) -> Result<Vec<String>> {
    let labels: Vec<String> = serde_json::from_value(read_json(path)?)?;
    if labels.len() != head.bias.len() {
        return Err(model_error(
            path,
            format!("{} labels for a classifier of {}", labels.len(), head.bias.len()),
        ));
    }
    Ok(labels)
}

fn read_json(path: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(path).map_err(|e| model_error(path, e))?;
    Ok(serde_json::from_str(&text)?)
}

fn pretty(value: &impl Serialize) -> Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(value)?;
    bytes.push(b'\n');
    Ok(bytes)
}

fn model_error(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Model {
        name: path.display().to_string(),
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::process::{Command, Stdio};

    use super::*;
    use crate::tokenize::examples::{WORD_SHAPES, WORD_SPLITS};
    use crate::tokenize::{split_words, word_shape};

    /// Runs `script` with `accord_shapes` importable and `input` on stdin;
    /// returns its stdout.
    fn python(script: &str, input: &[u8]) -> String {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("accord_shapes.py"), ACCORD_SHAPES_PY).unwrap();
        let mut child = Command::new("python3")
            .arg("-c")
            .arg(script)
            .env("PYTHONPATH", dir.path())
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("python3 runs");
        child.stdin.take().unwrap().write_all(input).unwrap();
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "python3 failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    /// A byte range of `text` as character offsets (Python's unit).
    fn char_range(text: &str, bytes: std::ops::Range<usize>) -> (usize, usize) {
        (text[..bytes.start].chars().count(), text[..bytes.end].chars().count())
    }

    #[test]
    fn hf_tensor_names_cover_embeddings_layers_and_head() {
        let names = tensor_names(6);
        assert_eq!(names.len(), 5 + 6 * 16 + 2);
        assert!(names.contains(&"bert.encoder.layer.5.attention.output.LayerNorm.bias".to_string()));
        assert!(!names.iter().any(|n| n.contains("pooler") || n.contains("position_ids")));
    }

    #[test]
    fn python_word_shape_and_split_match_rust_on_the_tables() {
        let words: Vec<&str> = WORD_SHAPES.iter().map(|(w, _)| *w).collect();
        let texts: Vec<&str> = WORD_SPLITS
            .iter()
            .map(|(t, _)| *t)
            .chain(words.iter().copied())
            .collect();
        let input = serde_json::to_vec(&json!({ "words": words, "texts": texts })).unwrap();
        let output = python(
            "import json, sys, accord_shapes as a\n\
             q = json.load(sys.stdin)\n\
             print(json.dumps({'shapes': [a.word_shape(w) for w in q['words']],\n\
                               'splits': [a.split_words(t) for t in q['texts']]}))",
            &input,
        );
        let answer: Value = serde_json::from_str(&output).unwrap();
        let shapes: Vec<u8> = serde_json::from_value(answer["shapes"].clone()).unwrap();
        for (&(word, expected), python) in WORD_SHAPES.iter().zip(&shapes) {
            assert_eq!(word_shape(word), expected, "Rust, {word:?}");
            assert_eq!(*python, expected, "Python, {word:?}");
        }
        let splits: Vec<Vec<(usize, usize)>> = serde_json::from_value(answer["splits"].clone()).unwrap();
        for (text, python) in texts.iter().zip(&splits) {
            let rust: Vec<(usize, usize)> = split_words(text, 0..text.len())
                .into_iter()
                .map(|r| char_range(text, r))
                .collect();
            assert_eq!(*python, rust, "{text:?}");
        }
    }

    /// The Python port reads Rust's Unicode properties for every code point,
    /// so `word_shape` agrees on any word, not only on the table. On failure
    /// the output lists the ranges where they differ: update the tables of
    /// `accord_shapes.py` with them (a new Rust or Python Unicode version).
    #[test]
    fn python_unicode_properties_match_rust_on_every_code_point() {
        let bits: Vec<u8> = (0..=u32::from(char::MAX))
            .map(|cp| match char::from_u32(cp) {
                Some(c) => {
                    u8::from(c.is_alphabetic())
                        | u8::from(c.is_numeric()) << 1
                        | u8::from(c.is_uppercase()) << 2
                        | u8::from(c.is_lowercase()) << 3
                        | u8::from(c.is_whitespace()) << 4
                }
                None => 0x80,
            })
            .collect();
        let output = python(
            "import sys, unicodedata, accord_shapes as a\n\
             if unicodedata.unidata_version != '14.0.0':\n\
             \x20   print('skip', unicodedata.unidata_version); sys.exit(0)\n\
             bits = sys.stdin.buffer.read()\n\
             tests = [a._is_alphabetic, a._is_numeric, a._is_uppercase, a._is_lowercase, a._is_whitespace]\n\
             bad = []\n\
             for cp, b in enumerate(bits):\n\
             \x20   if b & 0x80: continue\n\
             \x20   c = chr(cp)\n\
             \x20   for k, test in enumerate(tests):\n\
             \x20       if bool(test(c)) != bool(b >> k & 1): bad.append((test.__name__, hex(cp), bool(b >> k & 1)))\n\
             print(len(bad), bad[:40])",
            &bits,
        );
        if output.starts_with("skip") {
            eprintln!("Python's Unicode database is not 14.0 (Python 3.11): {output}");
            return;
        }
        assert!(
            output.starts_with("0 "),
            "Python and Rust differ (name, code point, Rust): {output}"
        );
    }
}
