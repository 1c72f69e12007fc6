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
    let mut encoder = TchEncoder::load_base(&dirs.encoder, tch::Device::Cpu, None, None).unwrap();
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
    let mut encoder = TchEncoder::load_base(&dirs.encoder, tch::Device::Cpu, None, None).unwrap();
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

#[test]
fn a_tap_layer_appends_its_states_and_leaves_the_last_layers_alone() {
    let dirs = ModelDirs::locate().unwrap();
    let tokenizer = SentenceTokenizer::from_file(&dirs.tokenizer()).unwrap();
    let text = "Russia and China accused Japan of provocations.";
    let sentence = tokenizer.tokenize(text, 0..text.len()).unwrap();
    let rows = [EncoderRow::from_pieces(&tokenizer, &sentence.pieces)];
    let mut plain = TchEncoder::load_base(&dirs.encoder, tch::Device::Cpu, None, None).unwrap();
    let mut tapped = TchEncoder::load_base(&dirs.encoder, tch::Device::Cpu, None, Some(3)).unwrap();
    assert_eq!(tapped.hidden_size(), 2 * plain.hidden_size());
    let (last, both) = (plain.encode(&rows).unwrap(), tapped.encode(&rows).unwrap());
    assert_eq!(both[0].width, 768);
    assert_eq!(both[0].len(), last[0].len());
    let mut tap_differs = false;
    for position in 0..last[0].len() {
        let (head, tap) = both[0].at(position).split_at(384);
        assert_eq!(head, last[0].at(position), "position {position}");
        tap_differs |= tap.iter().zip(head).any(|(a, b)| (a - b).abs() > 1e-3);
    }
    assert!(tap_differs, "layer 3's states equal the last layer's");
    for layer in [0, 6] {
        let error = TchEncoder::load_base(&dirs.encoder, tch::Device::Cpu, None, Some(layer)).err();
        assert!(
            error.is_some_and(|e| e.to_string().contains("tap layer")),
            "layer {layer}"
        );
    }
}

#[test]
fn a_shallow_encoder_computes_the_full_encoders_states_at_its_depth() {
    let dirs = ModelDirs::locate().unwrap();
    let tokenizer = SentenceTokenizer::from_file(&dirs.tokenizer()).unwrap();
    let text = "The Kremlin said Putin would host Xi Jinping in Moscow next week.";
    let sentence = tokenizer.tokenize(text, 0..text.len()).unwrap();
    let rows = [EncoderRow::from_pieces(&tokenizer, &sentence.pieces)];
    let mut tapped = TchEncoder::load_base(&dirs.encoder, tch::Device::Cpu, None, Some(3)).unwrap();
    let mut shallow = TchEncoder::load_base(&dirs.encoder, tch::Device::Cpu, Some(3), None).unwrap();
    assert_eq!(shallow.config().num_hidden_layers, 3);
    assert_eq!(shallow.hidden_size(), 384);
    let (both, third) = (tapped.encode(&rows).unwrap(), shallow.encode(&rows).unwrap());
    for position in 0..third[0].len() {
        let (_, tap) = both[0].at(position).split_at(384);
        let diff = tap
            .iter()
            .zip(third[0].at(position))
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f32::max);
        assert!(diff < 1e-4, "position {position}: max difference {diff}");
    }
    for layers in [0, 7] {
        let error = TchEncoder::load_base(&dirs.encoder, tch::Device::Cpu, Some(layers), None).err();
        assert!(
            error.is_some_and(|e| e.to_string().contains("encoder layers")),
            "{layers} layers"
        );
    }
    // A tap layer must lie below the last of the layers kept.
    let error = TchEncoder::load_base(&dirs.encoder, tch::Device::Cpu, Some(3), Some(3)).err();
    assert!(error.is_some_and(|e| e.to_string().contains("tap layer")));
}

/// Returns each piece's id as its state, whatever its neighbours: packed and
/// unpacked encoding must then agree exactly if states are scattered right.
struct IdEncoder {
    context: usize,
}

impl Encoder for IdEncoder {
    fn hidden_size(&self) -> usize {
        1
    }
    fn encode(&mut self, rows: &[EncoderRow]) -> accord::Result<Vec<accord::encode::Hidden>> {
        Ok(rows
            .iter()
            .map(|row| accord::encode::Hidden {
                width: 1,
                data: row.ids.iter().map(|&id| id as f32).collect(),
            })
            .collect())
    }
    fn describe(&self) -> String {
        "ids".into()
    }
    fn context_pieces(&self) -> usize {
        self.context
    }
}

#[test]
fn document_context_packs_neighbours_and_scatters_every_piece_back() {
    let dirs = ModelDirs::locate().unwrap();
    let tokenizer = SentenceTokenizer::from_file(&dirs.tokenizer())
        .unwrap()
        .with_windows(24, 4);
    let text = "Putin met Xi in Moscow. They signed a deal. \
        The agreement covers energy, grain, fertiliser, rail freight, payment systems, satellite navigation \
        and a new bridge across the Amur river near Blagoveshchensk and Heihe. Talks went on.";
    let sentences: Vec<_> = accord::segment::segment(text)
        .into_iter()
        .map(|bytes| tokenizer.tokenize(text, bytes).unwrap())
        .collect();
    let refs: Vec<_> = sentences.iter().collect();
    let packed = accord::encode::pack_sentences(&tokenizer, &refs, 20);
    // The two short sentences share a row; the long one is split into windows.
    assert_eq!(packed[0].placements.len(), 2);
    assert!(packed.iter().all(|p| p.row.ids.len() <= 24 + 2));
    let mut owned = vec![0usize; sentences.len()];
    for placement in packed.iter().flat_map(|p| &p.placements) {
        owned[placement.sentence] += placement.owned.len();
    }
    assert_eq!(owned, sentences.iter().map(|s| s.pieces.len()).collect::<Vec<_>>());

    for context in [0, 20, 60] {
        let states = accord::encode::encode_sentences(&mut IdEncoder { context }, &tokenizer, &refs).unwrap();
        for (sentence, hidden) in sentences.iter().zip(&states) {
            let ids: Vec<f32> = sentence.pieces.iter().map(|p| p.id as f32).collect();
            assert_eq!(hidden.data, ids, "context {context}");
        }
    }
}
