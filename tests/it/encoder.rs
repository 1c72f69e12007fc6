//! The real base encoder loads from the installed package and computes
//! meaningful states: sentence embeddings of paraphrases are closer than those
//! of unrelated sentences (random or misloaded weights fail this).

use accord::encode::tch::TchEncoder;
use accord::encode::{Encoder, EncoderRow};
use accord::models::ModelDirs;
use accord::tokenize::SentenceTokenizer;

fn mean_pooled(encoder: &mut TchEncoder, tokenizer: &SentenceTokenizer, texts: &[&str]) -> Vec<Vec<f32>> {
    let rows: Vec<EncoderRow> = texts
        .iter()
        .map(|text| {
            let sentence = tokenizer.tokenize(text, 0..text.len()).unwrap();
            EncoderRow::from_pieces(tokenizer, &sentence.pieces)
        })
        .collect();
    let states = encoder.encode(&rows).unwrap();
    states
        .iter()
        .map(|hidden| {
            let mut mean = vec![0f32; hidden.width];
            for position in 0..hidden.len() {
                for (m, v) in mean.iter_mut().zip(hidden.at(position)) {
                    *m += v / hidden.len() as f32;
                }
            }
            mean
        })
        .collect()
}

fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let norm = |v: &[f32]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
    dot / (norm(a) * norm(b))
}

#[test]
fn base_encoder_forward_pass_gives_meaningful_states() {
    let dirs = ModelDirs::locate().unwrap();
    dirs.verify("base-encoder/").unwrap();
    let tokenizer = SentenceTokenizer::from_file(&dirs.tokenizer()).unwrap();
    let mut encoder = TchEncoder::load_base(&dirs.encoder, tch::Device::Cpu).unwrap();
    assert_eq!(encoder.hidden_size(), 384);
    let v = mean_pooled(
        &mut encoder,
        &tokenizer,
        &[
            "Putin held talks with Xi Jinping in Moscow.",
            "The Russian president met the Chinese leader in the Kremlin.",
            "Add two cups of flour and bake for forty minutes.",
        ],
    );
    let (near, far) = (cosine(&v[0], &v[1]), cosine(&v[0], &v[2]));
    assert!(near > far + 0.2, "paraphrase {near:.3} vs unrelated {far:.3}");
}

#[test]
fn padding_does_not_change_a_rows_states() {
    let dirs = ModelDirs::locate().unwrap();
    let tokenizer = SentenceTokenizer::from_file(&dirs.tokenizer()).unwrap();
    let mut encoder = TchEncoder::load_base(&dirs.encoder, tch::Device::Cpu).unwrap();
    let short = "India and Japan agreed.";
    let long = "India and Japan agreed to deepen cooperation in batteries, semiconductors and clean energy.";
    let alone = mean_pooled(&mut encoder, &tokenizer, &[short]);
    let batched = mean_pooled(&mut encoder, &tokenizer, &[short, long]);
    let diff: f32 = alone[0]
        .iter()
        .zip(&batched[0])
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f32::max);
    assert!(diff < 1e-4, "max difference {diff}");
}
