//! `accord models export --format hf`: the Hugging Face layout of the NER
//! model holds every tensor transformers loads, with the word shapes folded
//! into the token-type embeddings, and a stock BERT fed the shapes as
//! token_type_ids reproduces accord's logits.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use accord::models::hf::{CheckFile, FILES};
use accord::models::{sha256_file, ModelDirs, NER_FAST_MODEL, NER_MODEL};
use accord::tokenize::SentenceTokenizer;
use rust_bert::bert::{BertConfig, BertEmbeddings, BertModel};
use serde_json::Value;
use tch::nn::{self, Module};
use tch::{Device, Kind, Tensor};

use crate::util::accord_ok;

/// The export, written once per test run by the CLI.
fn export_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hf-export");
        let _ = std::fs::remove_dir_all(&dir);
        accord_ok(&["models", "export", "--format", "hf", "-o", dir.to_str().unwrap()]);
        dir
    })
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A safetensors file's tensors as (shape, f32 values), by name.
fn tensors(path: &Path) -> HashMap<String, (Vec<i64>, Vec<f32>)> {
    Tensor::read_safetensors(path)
        .unwrap()
        .into_iter()
        .map(|(name, t)| {
            let values = Vec::<f32>::try_from(t.to_kind(Kind::Float).flatten(0, -1)).unwrap();
            (name, (t.size(), values))
        })
        .collect()
}

fn check_file() -> CheckFile {
    serde_json::from_value(read_json(&export_dir().join("accord_check.json"))).unwrap()
}

#[test]
fn models_export_writes_every_file_and_models_still_lists() {
    for name in FILES {
        let path = export_dir().join(name);
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        assert!(size > 0, "{} missing or empty", path.display());
    }
    let listed: Value = serde_json::from_slice(&accord_ok(&["models", "--json"]).stdout).unwrap();
    assert!(listed.as_array().is_some_and(|files| !files.is_empty()));
    let tokenizer = read_json(&export_dir().join("tokenizer.json"));
    assert!(tokenizer["padding"].is_null() && tokenizer["truncation"].is_null());
    let tokenizer_config = read_json(&export_dir().join("tokenizer_config.json"));
    assert_eq!(tokenizer_config["tokenizer_class"], "BertTokenizerFast");
    assert_eq!(tokenizer_config["do_lower_case"], true);
    assert_eq!(tokenizer_config["model_max_length"], 512);
    let check = check_file();
    assert!((3..=5).contains(&check.sentences.len()));
    for sentence in &check.sentences {
        let n = sentence.input_ids.len();
        assert!(sentence.token_type_ids.len() == n && sentence.logits.len() == n && sentence.tokens.len() == n);
        assert!(sentence.logits.iter().all(|row| row.len() == 9));
    }
}

#[test]
fn hf_config_is_a_complete_token_classification_config() {
    let dirs = ModelDirs::locate().unwrap();
    let config = read_json(&export_dir().join("config.json"));
    let base = read_json(&dirs.encoder.join("config.json"));
    for key in base.as_object().unwrap().keys().filter(|k| *k != "_name_or_path") {
        assert!(config.get(key).is_some(), "base field {key} missing");
    }
    assert_eq!(
        config["architectures"],
        serde_json::json!(["BertForTokenClassification"])
    );
    assert_eq!(config["model_type"], "bert");
    assert_eq!(config["type_vocab_size"], 8);
    assert_eq!(config["torch_dtype"], "float32");
    assert_eq!(config["hidden_size"], base["hidden_size"]);
    let labels: Vec<String> = serde_json::from_value(read_json(&dirs.models.join("ner/labels.json"))).unwrap();
    assert_eq!(labels.len(), 9);
    for (i, label) in labels.iter().enumerate() {
        assert_eq!(config["id2label"][i.to_string()], *label);
        assert_eq!(config["label2id"][label], i);
    }
    let accord = &config["accord"];
    assert_eq!(accord["version"], env!("CARGO_PKG_VERSION"));
    let sha = sha256_file(&dirs.models.join(NER_MODEL)).unwrap();
    assert_eq!(accord["source_sha256"], sha);
    assert_eq!(accord["context_pieces"], 128);
    assert!(accord["token_type_ids"].as_str().unwrap().contains("word-shape"));
    // rust-bert reads it too (the reproduction test builds its model from it).
    let parsed: BertConfig = serde_json::from_value(config).unwrap();
    assert_eq!(parsed.type_vocab_size, 8);
}

#[test]
fn hf_tensors_are_the_ones_transformers_loads_with_their_shapes() {
    let dirs = ModelDirs::locate().unwrap();
    let bytes = std::fs::read(export_dir().join("model.safetensors")).unwrap();
    let (_, metadata) = safetensors::SafeTensors::read_metadata(&bytes).unwrap();
    assert_eq!(
        metadata
            .metadata()
            .as_ref()
            .and_then(|m| m.get("format"))
            .map(String::as_str),
        Some("pt"),
        "transformers refuses safetensors without format: pt"
    );
    let exported: HashMap<String, (Vec<usize>, String)> = metadata
        .tensors()
        .into_iter()
        .map(|(name, info)| (name, (info.shape.clone(), format!("{:?}", info.dtype))))
        .collect();
    // What BertForTokenClassification loads: the base encoder's tensors under
    // `bert.` without the pooler and the position_ids buffer, plus the head.
    let base = tensors(&dirs.encoder.join("model.safetensors"));
    let mut expected: HashMap<String, Vec<usize>> = base
        .iter()
        .filter(|(name, _)| !name.starts_with("pooler.") && *name != "embeddings.position_ids")
        .map(|(name, (shape, _))| (format!("bert.{name}"), shape.iter().map(|&d| d as usize).collect()))
        .collect();
    expected.insert("bert.embeddings.token_type_embeddings.weight".into(), vec![8, 384]);
    expected.insert("classifier.weight".into(), vec![9, 384]);
    expected.insert("classifier.bias".into(), vec![9]);
    assert_eq!(exported.len(), expected.len());
    for (name, shape) in &expected {
        let (got, dtype) = exported.get(name).unwrap_or_else(|| panic!("{name} missing"));
        assert_eq!(got, shape, "{name}");
        assert_eq!(dtype, "F32", "{name}");
    }
}

#[test]
fn hf_token_types_are_accords_shape_embeddings_and_word_embeddings_the_bases() {
    let dirs = ModelDirs::locate().unwrap();
    let exported = tensors(&export_dir().join("model.safetensors"));
    let ner = tensors(&dirs.models.join(NER_MODEL));
    let (_, types) = &exported["bert.embeddings.token_type_embeddings.weight"];
    let (_, shapes) = &ner["shape_embeddings.weight"];
    let (_, ner_types) = &ner["bert.embeddings.token_type_embeddings.weight"];
    let width = 384;
    for k in 0..8 {
        for i in 0..width {
            let exported_step = types[k * width + i] - types[i];
            let shape_step = shapes[k * width + i] - shapes[i];
            assert!((exported_step - shape_step).abs() < 1e-5, "class {k}, dim {i}");
            let sum = ner_types[i] + shapes[k * width + i];
            assert!((types[k * width + i] - sum).abs() < 1e-6, "class {k}, dim {i}");
        }
    }
    let base = tensors(&dirs.encoder.join("model.safetensors"));
    assert_eq!(
        exported["bert.embeddings.word_embeddings.weight"],
        base["embeddings.word_embeddings.weight"]
    );
    let (_, head) = &ner["ner.classifier.weight"];
    assert_eq!(&exported["classifier.weight"].1, head);
}

/// The key check, with no Python: rust-bert's stock BERT with a linear head,
/// built from the exported config and strictly loaded from the exported file,
/// fed the shapes as token_type_ids, gives accord's logits.
#[test]
fn stock_bert_with_token_type_ids_reproduces_accords_logits() {
    assert_stock_bert_reproduces(export_dir(), 6);
}

/// The 3-layer fast model exports the same way, with its own layer count,
/// source and check logits.
#[test]
fn fast_model_exports_with_three_layers_and_reproduces_its_logits() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hf-export-fast");
    let _ = std::fs::remove_dir_all(&dir);
    accord_ok(&["models", "export", "--model", "fast", "-o", dir.to_str().unwrap()]);
    let dirs = ModelDirs::locate().unwrap();
    let config = read_json(&dir.join("config.json"));
    assert_eq!(config["num_hidden_layers"], 3);
    assert_eq!(config["accord"]["source"], format!("models/{NER_FAST_MODEL}"));
    let sha = sha256_file(&dirs.models.join(NER_FAST_MODEL)).unwrap();
    assert_eq!(config["accord"]["source_sha256"], sha);
    let card = std::fs::read_to_string(dir.join("README.md")).unwrap();
    assert!(card.contains("runs 3 encoder layers"), "model card names the layers");
    assert_stock_bert_reproduces(&dir, 3);
    // Not the standard model's numbers.
    let fast: CheckFile = serde_json::from_value(read_json(&dir.join("accord_check.json"))).unwrap();
    assert_ne!(fast.sentences[0].logits, check_file().sentences[0].logits);
}

/// Builds stock BERT from `dir`'s config, loads every variable strictly from
/// its file and compares the logits with its `accord_check.json`.
fn assert_stock_bert_reproduces(dir: &Path, layers: usize) {
    let config: BertConfig = serde_json::from_value(read_json(&dir.join("config.json"))).unwrap();
    assert_eq!(config.num_hidden_layers as usize, layers);
    let mut vs = nn::VarStore::new(Device::Cpu);
    let bert = BertModel::<BertEmbeddings>::new_with_optional_pooler(vs.root() / "bert", &config, false);
    let classifier = nn::linear(vs.root() / "classifier", config.hidden_size, 9, Default::default());
    vs.load(dir.join("model.safetensors")).unwrap();
    assert_eq!(
        vs.variables().len(),
        5 + 16 * layers + 2,
        "every variable is in the file, and nothing else is"
    );
    let check: CheckFile = serde_json::from_value(read_json(&dir.join("accord_check.json"))).unwrap();
    let mut worst = 0f32;
    for sentence in &check.sentences {
        let ids = Tensor::from_slice(&sentence.input_ids).unsqueeze(0);
        let types = Tensor::from_slice(&sentence.token_type_ids).unsqueeze(0);
        let hidden = tch::no_grad(|| bert.forward_t(Some(&ids), None, Some(&types), None, None, None, None, false))
            .unwrap()
            .hidden_state;
        let logits = Vec::<f32>::try_from(classifier.forward(&hidden).flatten(0, -1)).unwrap();
        let expected: Vec<f32> = sentence.logits.iter().flatten().copied().collect();
        assert_eq!(logits.len(), expected.len());
        for (a, b) in logits.iter().zip(&expected) {
            worst = worst.max((a - b).abs());
        }
    }
    assert!(worst < 1e-4, "max logit difference {worst}");
}

/// The exported Python helper gives each piece the shape accord gives it,
/// from the fast tokenizer's character offsets alone.
#[test]
fn exported_python_token_type_ids_match_accords_shapes() {
    let dirs = ModelDirs::locate().unwrap();
    let tokenizer = SentenceTokenizer::from_file(&dirs.tokenizer()).unwrap();
    let mut texts: Vec<String> = check_file().sentences.into_iter().map(|s| s.text).collect();
    texts.push(
        "“We won’t sign,” Mr. Modi told the U.S. envoy on Jan. 5 — India-Japan ties (2024) \
         rose 4.5% in Zürich's G20 talks… NATO's iPhone-maker"
            .into(),
    );
    let mut cases = Vec::new();
    let mut expected = Vec::new();
    for text in &texts {
        let sentence = tokenizer.tokenize(text, 0..text.len()).unwrap();
        let chars = |byte: usize| text[..byte].chars().count();
        // [CLS] pieces [SEP], as the fast tokenizer returns them.
        let mut offsets = vec![(0, 0)];
        offsets.extend(
            sentence
                .pieces
                .iter()
                .map(|p| (chars(p.bytes.start), chars(p.bytes.end))),
        );
        offsets.push((0, 0));
        let mut special = vec![0; offsets.len()];
        special[0] = 1;
        special[offsets.len() - 1] = 1;
        let row = accord::encode::EncoderRow::from_pieces(&tokenizer, &sentence.pieces);
        expected.push(row.shapes);
        cases.push(serde_json::json!({ "text": text, "offsets": offsets, "special": special }));
    }
    let mut child = Command::new("python3")
        .arg("-c")
        .arg(
            "import json, sys, accord_shapes as a\n\
             cases = json.load(sys.stdin)\n\
             by_mask = [a.token_type_ids(c['text'], c['offsets'], c['special']) for c in cases]\n\
             by_words = [a.token_type_ids(c['text'], c['offsets'], word_ids=[None if s else 0 for s in c['special']])\n\
             \x20           for c in cases]\n\
             assert by_mask == by_words\n\
             print(json.dumps(by_mask))",
        )
        .env("PYTHONPATH", export_dir())
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    serde_json::to_writer(child.stdin.take().unwrap(), &cases).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let got: Vec<Vec<i64>> = serde_json::from_slice(&output.stdout).unwrap();
    for ((text, got), expected) in texts.iter().zip(&got).zip(&expected) {
        assert_eq!(got, expected, "{text}");
    }
    // The check sentences' shapes are accord's too.
    for (sentence, expected) in check_file().sentences.iter().zip(&expected) {
        assert_eq!(&sentence.token_type_ids, expected);
    }
}
