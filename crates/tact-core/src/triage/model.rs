//! The trained triage models: linear models over [`features`](super::features), one *head* per
//! question (emotions, complaint, category, urgency), stored as quantized weights in a small
//! binary file compiled into the crate, and the trainer that makes them
//! (`cargo run -p tact-core --example train_triage`, see `scripts/train-triage.sh`).

use super::features::{Features, DENSE, HASH_DIM};

const MAGIC: &[u8; 8] = b"TACTTRI1";

/// The emotion outputs; the complaint, category and urgency heads see their probabilities.
pub const EMOTIONS: &[&str] = &[
    "anger",
    "frustration",
    "disappointment",
    "worry",
    "confusion",
    "gratitude",
    "sadness",
    "joy",
    "anger_group",
];
/// Number of emotion outputs fed to the later heads.
pub const STACKED: usize = EMOTIONS.len();
/// Width of every head's input: dense features, emotion probabilities, hashed words.
pub const WIDTH: usize = DENSE + STACKED + HASH_DIM;

/// Error reading a model file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    #[error("triage model: not a model file (bad magic)")]
    Magic,
    #[error("triage model: truncated at byte {0}")]
    Truncated(usize),
    #[error("triage model: built for a different feature layout ({0})")]
    Layout(String),
    #[error("triage model: no head `{0}`")]
    MissingHead(&'static str),
}

/// How a head turns scores into probabilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadKind {
    /// Independent yes/no outputs (logistic).
    Sigmoid,
    /// One class of several (softmax).
    Softmax,
}

/// One output of a head.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    pub label: String,
    /// Decision threshold on the probability (sigmoid heads).
    pub threshold: f32,
    pub bias: f32,
    scale: f32,
    weights: Vec<i16>,
}

impl Output {
    /// Quantize trained weights (`w` has [`WIDTH`] entries).
    pub fn quantize(label: &str, threshold: f32, bias: f32, w: &[f32]) -> Output {
        let max = w.iter().fold(0f32, |m, x| m.max(x.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        Output {
            label: label.to_string(),
            threshold,
            bias,
            scale,
            weights: w
                .iter()
                .map(|x| (x / scale).round().clamp(-32767.0, 32767.0) as i16)
                .collect(),
        }
    }

    /// The (dequantized) weight of input `i`.
    pub fn weight(&self, i: usize) -> f32 {
        self.weights
            .get(i)
            .map_or(0.0, |w| f32::from(*w) * self.scale)
    }

    fn score(&self, x: &Input) -> f32 {
        let mut s = 0f32;
        for (i, v) in x.dense.iter().enumerate() {
            s += f32::from(self.weights[i]) * v;
        }
        for (k, v) in x.stacked.iter().enumerate() {
            s += f32::from(self.weights[DENSE + k]) * v;
        }
        for &(b, v) in x.hashed {
            s += f32::from(self.weights[DENSE + STACKED + b as usize]) * v;
        }
        s * self.scale + self.bias
    }
}

/// A head: the outputs answering one question.
#[derive(Debug, Clone, PartialEq)]
pub struct Head {
    pub name: String,
    pub kind: HeadKind,
    pub outputs: Vec<Output>,
}

/// The input of a head.
pub struct Input<'a> {
    pub dense: &'a [f32],
    pub stacked: &'a [f32],
    pub hashed: &'a [(u32, f32)],
}

impl<'a> Input<'a> {
    pub fn new(f: &'a Features, stacked: &'a [f32]) -> Self {
        Input {
            dense: &f.dense,
            stacked,
            hashed: &f.hashed,
        }
    }
}

pub fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

impl Head {
    /// Probabilities, one per output.
    pub fn predict(&self, x: &Input) -> Vec<f32> {
        let scores: Vec<f32> = self.outputs.iter().map(|o| o.score(x)).collect();
        match self.kind {
            HeadKind::Sigmoid => scores.into_iter().map(sigmoid).collect(),
            HeadKind::Softmax => softmax(&scores),
        }
    }
}

pub fn softmax(scores: &[f32]) -> Vec<f32> {
    let m = scores.iter().fold(f32::NEG_INFINITY, |a, &b| a.max(b));
    let e: Vec<f32> = scores.iter().map(|s| (s - m).exp()).collect();
    let z: f32 = e.iter().sum();
    e.into_iter().map(|x| x / z).collect()
}

/// The weights of several heads laid out input by input (all outputs of one input side by
/// side), so scoring a message touches one cache line per word instead of one per word and
/// output.
#[derive(Debug, Clone, PartialEq)]
pub struct Packed {
    outputs: usize,
    w: Vec<i16>,
    scale: Vec<f32>,
    bias: Vec<f32>,
}

impl Packed {
    /// Pack the outputs of `heads`, in order.
    pub fn new(heads: &[&Head]) -> Packed {
        let outs: Vec<&Output> = heads.iter().flat_map(|h| h.outputs.iter()).collect();
        let n = outs.len();
        let mut w = vec![0i16; WIDTH * n];
        for (k, o) in outs.iter().enumerate() {
            for (i, x) in o.weights.iter().enumerate().take(WIDTH) {
                w[i * n + k] = *x;
            }
        }
        Packed {
            outputs: n,
            w,
            scale: outs.iter().map(|o| o.scale).collect(),
            bias: outs.iter().map(|o| o.bias).collect(),
        }
    }

    /// Raw scores of the outputs in `range`.
    pub fn scores(&self, x: &Input, range: std::ops::Range<usize>) -> Vec<f32> {
        let n = self.outputs;
        let mut acc = vec![0f32; range.len()];
        let mut add = |i: usize, v: f32| {
            if let Some(row) = self.w.get(i * n + range.start..i * n + range.end) {
                for (a, w) in acc.iter_mut().zip(row) {
                    *a += f32::from(*w) * v;
                }
            }
        };
        for (i, v) in x.dense.iter().enumerate() {
            if *v != 0.0 {
                add(i, *v);
            }
        }
        for (k, v) in x.stacked.iter().enumerate() {
            add(DENSE + k, *v);
        }
        for &(b, v) in x.hashed {
            add(DENSE + STACKED + b as usize, v);
        }
        acc.iter()
            .zip(range)
            .map(|(a, k)| a * self.scale[k] + self.bias[k])
            .collect()
    }

    /// The weight of input `i` for output `k`.
    pub fn weight(&self, k: usize, i: usize) -> f32 {
        self.w.get(i * self.outputs + k).map_or(0.0, |w| {
            f32::from(*w) * self.scale.get(k).copied().unwrap_or(0.0)
        })
    }
}

/// All heads.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub heads: Vec<Head>,
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], ModelError> {
        let end = self
            .at
            .checked_add(n)
            .ok_or(ModelError::Truncated(self.at))?;
        let s = self
            .b
            .get(self.at..end)
            .ok_or(ModelError::Truncated(self.at))?;
        self.at = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_bits(self.u32()?))
    }
    fn str(&mut self) -> Result<String, ModelError> {
        let n = self.u8()? as usize;
        let at = self.at;
        String::from_utf8(self.take(n)?.to_vec()).map_err(|_| ModelError::Truncated(at))
    }
}

impl Model {
    /// Read a model written by [`Model::to_bytes`].
    pub fn from_bytes(b: &[u8]) -> Result<Model, ModelError> {
        let mut r = Reader { b, at: 0 };
        if r.take(8).map_err(|_| ModelError::Magic)? != MAGIC {
            return Err(ModelError::Magic);
        }
        let (dense, stacked, hash) = (r.u32()?, r.u32()?, r.u32()?);
        if (dense as usize, stacked as usize, hash as usize) != (DENSE, STACKED, HASH_DIM) {
            return Err(ModelError::Layout(format!(
                "{dense}+{stacked}+{hash}, expected {DENSE}+{STACKED}+{HASH_DIM}"
            )));
        }
        let n = r.u32()?;
        let mut heads = Vec::new();
        for _ in 0..n {
            let kind = match r.u8()? {
                0 => HeadKind::Sigmoid,
                _ => HeadKind::Softmax,
            };
            let name = r.str()?;
            let k = r.u32()?;
            let mut outputs = Vec::new();
            for _ in 0..k {
                let label = r.str()?;
                let threshold = r.f32()?;
                let bias = r.f32()?;
                let scale = r.f32()?;
                let raw = r.take(WIDTH * 2)?;
                let weights = raw
                    .chunks_exact(2)
                    .map(|c| i16::from_le_bytes([c[0], c[1]]))
                    .collect();
                outputs.push(Output {
                    label,
                    threshold,
                    bias,
                    scale,
                    weights,
                });
            }
            heads.push(Head {
                name,
                kind,
                outputs,
            });
        }
        Ok(Model { heads })
    }

    /// Serialize (little-endian).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = Vec::new();
        b.extend_from_slice(MAGIC);
        for v in [DENSE, STACKED, HASH_DIM] {
            b.extend_from_slice(&(v as u32).to_le_bytes());
        }
        b.extend_from_slice(&(self.heads.len() as u32).to_le_bytes());
        let push_str = |b: &mut Vec<u8>, s: &str| {
            let s = &s.as_bytes()[..s.len().min(255)];
            b.push(s.len() as u8);
            b.extend_from_slice(s);
        };
        for h in &self.heads {
            b.push(match h.kind {
                HeadKind::Sigmoid => 0,
                HeadKind::Softmax => 1,
            });
            push_str(&mut b, &h.name);
            b.extend_from_slice(&(h.outputs.len() as u32).to_le_bytes());
            for o in &h.outputs {
                push_str(&mut b, &o.label);
                for v in [o.threshold, o.bias, o.scale] {
                    b.extend_from_slice(&v.to_le_bytes());
                }
                for w in &o.weights {
                    b.extend_from_slice(&w.to_le_bytes());
                }
            }
        }
        b
    }

    /// The head called `name`.
    pub fn head(&self, name: &'static str) -> Result<&Head, ModelError> {
        self.heads
            .iter()
            .find(|h| h.name == name)
            .ok_or(ModelError::MissingHead(name))
    }
}

/// Training: logistic and softmax regression with AdaGrad and L2, over sparse rows.
pub mod train {
    use super::{sigmoid, softmax, WIDTH};

    /// A sparse training row over the full input width.
    pub type Row = Vec<(u32, f32)>;

    /// Settings of a training run.
    #[derive(Debug, Clone, Copy)]
    pub struct Settings {
        pub epochs: usize,
        pub rate: f32,
        pub l2: f32,
        pub seed: u64,
    }

    impl Default for Settings {
        fn default() -> Self {
            Settings {
                epochs: 8,
                rate: 0.2,
                l2: 1e-6,
                seed: 7,
            }
        }
    }

    fn order(n: usize, seed: u64, epoch: usize) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..n).collect();
        let mut s = seed ^ (epoch as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
        for i in (1..n).rev() {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            idx.swap(i, (s % (i as u64 + 1)) as usize);
        }
        idx
    }

    /// Weights (`WIDTH` entries) and bias of a logistic model; `weights` weigh the examples.
    pub fn sigmoid_model(
        rows: &[Row],
        ys: &[f32],
        example_weight: &[f32],
        s: Settings,
    ) -> (Vec<f32>, f32) {
        let mut w = vec![0f32; WIDTH];
        let mut g2 = vec![1e-6f32; WIDTH];
        let (mut b, mut gb) = (0f32, 1e-6f32);
        for e in 0..s.epochs {
            for i in order(rows.len(), s.seed, e) {
                let x = &rows[i];
                let z: f32 = x.iter().map(|&(j, v)| w[j as usize] * v).sum::<f32>() + b;
                let g = (sigmoid(z) - ys[i]) * example_weight[i];
                for &(j, v) in x {
                    let j = j as usize;
                    let gj = g * v + s.l2 * w[j];
                    g2[j] += gj * gj;
                    w[j] -= s.rate * gj / g2[j].sqrt();
                }
                gb += g * g;
                b -= s.rate * g / gb.sqrt();
            }
        }
        (w, b)
    }

    /// Weights and bias per class of a softmax model.
    pub fn softmax_model(
        rows: &[Row],
        ys: &[usize],
        classes: usize,
        example_weight: &[f32],
        s: Settings,
    ) -> Vec<(Vec<f32>, f32)> {
        let mut w = vec![vec![0f32; WIDTH]; classes];
        let mut g2 = vec![vec![1e-6f32; WIDTH]; classes];
        let mut b = vec![0f32; classes];
        let mut gb = vec![1e-6f32; classes];
        for e in 0..s.epochs {
            for i in order(rows.len(), s.seed, e) {
                let x = &rows[i];
                let z: Vec<f32> = (0..classes)
                    .map(|c| x.iter().map(|&(j, v)| w[c][j as usize] * v).sum::<f32>() + b[c])
                    .collect();
                let p = softmax(&z);
                for c in 0..classes {
                    let g = (p[c] - f32::from(ys[i] == c)) * example_weight[i];
                    for &(j, v) in x {
                        let j = j as usize;
                        let gj = g * v + s.l2 * w[c][j];
                        g2[c][j] += gj * gj;
                        w[c][j] -= s.rate * gj / g2[c][j].sqrt();
                    }
                    gb[c] += g * g;
                    b[c] -= s.rate * g / gb[c].sqrt();
                }
            }
        }
        w.into_iter().zip(b).collect()
    }

    /// Score a row with unquantized weights.
    pub fn score(w: &[f32], b: f32, x: &Row) -> f32 {
        x.iter().map(|&(j, v)| w[j as usize] * v).sum::<f32>() + b
    }
}
