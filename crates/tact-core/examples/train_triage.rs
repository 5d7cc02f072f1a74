//! Train the triage models and write `crates/tact-core/data/triage-model.bin`.
//!
//! Usage: `cargo run -p tact-core --example train_triage -- DATA_DIR [OUT]` (see
//! `scripts/train-triage.sh`). Trains only on data that may ship: GoEmotions train (Apache-2.0)
//! and the labelled customer messages. The complaint threshold is tuned on complaints-dev.csv,
//! which is otherwise never trained on. Prints k-fold cross-validated figures.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tact_core::eval::{parse_csv, Tally};
use tact_core::triage::features::{features, Features, BREACH_OFFSET, DENSE};
use tact_core::triage::model::train::{score, sigmoid_model, softmax_model, Row, Settings};
use tact_core::triage::model::{
    sigmoid, softmax, Head, HeadKind, Model, Output, EMOTIONS, STACKED, WIDTH,
};
use tact_core::triage::{
    urgency_with_rules, Category, Scores, Urgency, GOEMOTIONS_LABELS, URGENCY_CLASSES,
};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

const FOLDS: usize = 5;

/// GoEmotions label → emotion outputs.
fn goemotion_targets(name: &str) -> &'static [usize] {
    match name {
        "anger" => &[0, 8],
        "annoyance" | "disapproval" => &[1, 8],
        "disappointment" => &[2, 8],
        "fear" | "nervousness" => &[3],
        "confusion" => &[4],
        "gratitude" => &[5],
        "sadness" | "grief" | "remorse" => &[6],
        "joy" | "amusement" | "excitement" | "relief" | "optimism" => &[7],
        _ => &[],
    }
}

/// Labelled customer-message emotion → outputs.
fn message_targets(name: &str) -> &'static [usize] {
    match name {
        "anger" => &[0, 8],
        "annoyance" | "frustration" => &[1, 8],
        "disappointment" => &[2, 8],
        "worry" | "fear" => &[3],
        "confusion" => &[4],
        "gratitude" => &[5],
        "sadness" => &[6],
        "joy" => &[7],
        _ => &[],
    }
}

struct Message {
    features: Features,
    complaint: bool,
    category: usize,
    urgency: Urgency,
    emotions: Vec<usize>,
}

/// The input row of the complaint head.
fn row(f: &Features, stacked: &[f32]) -> Row {
    row_up_to(f, stacked, DENSE)
}

/// The input row of the other heads: the structural breach features serve the complaint head
/// alone (a zero input keeps its weight at zero).
fn base_row(f: &Features, stacked: &[f32]) -> Row {
    row_up_to(f, stacked, BREACH_OFFSET)
}

fn row_up_to(f: &Features, stacked: &[f32], dense: usize) -> Row {
    let mut r: Row = Vec::with_capacity(DENSE + STACKED + f.hashed.len());
    for (i, v) in f.dense.iter().enumerate().take(dense) {
        if *v != 0.0 {
            r.push((i as u32, *v));
        }
    }
    for (k, v) in stacked.iter().enumerate() {
        r.push(((DENSE + k) as u32, *v));
    }
    for &(b, v) in &f.hashed {
        r.push(((DENSE + STACKED) as u32 + b, v));
    }
    r
}

/// F1 of the positive class when scores at or above `t` are called positive.
fn f1_at(scored: &[(f32, bool)], t: f32) -> f64 {
    let (mut tp, mut fp, mut fn_) = (0f64, 0f64, 0f64);
    for &(p, y) in scored {
        match (p >= t, y) {
            (true, true) => tp += 1.0,
            (true, false) => fp += 1.0,
            (false, true) => fn_ += 1.0,
            _ => {}
        }
    }
    if tp == 0.0 {
        0.0
    } else {
        2.0 * tp / (2.0 * tp + fp + fn_)
    }
}

fn best_threshold(scored: &[(f32, bool)]) -> (f32, f64) {
    let mut best = (0.5f32, 0.0f64);
    for k in 5..95 {
        let t = k as f32 / 100.0;
        let f1 = f1_at(scored, t);
        if f1 > best.1 {
            best = (t, f1);
        }
    }
    best
}

/// ROC AUC of scores in training's precision.
fn auc(scored: &[(f32, bool)]) -> f64 {
    let scored: Vec<(f64, bool)> = scored.iter().map(|&(p, y)| (f64::from(p), y)).collect();
    tact_core::eval::roc_auc(&scored)
}

fn macro_f1(gold: &[usize], pred: &[usize], k: usize) -> f64 {
    let mut t = Tally::default();
    for c in 0..k {
        t.declare(&c.to_string());
    }
    for (g, p) in gold.iter().zip(pred) {
        t.add([g.to_string().as_str()], [p.to_string().as_str()]);
    }
    t.group(|_| true).macro_f1
}

fn class_weights(ys: &[usize], k: usize) -> Vec<f32> {
    let mut n = vec![0f32; k];
    for &y in ys {
        n[y] += 1.0;
    }
    let total = ys.len() as f32;
    ys.iter()
        .map(|&y| (total / (k as f32 * n[y].max(1.0))).sqrt())
        .collect()
}

fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let data = PathBuf::from(
        args.first()
            .cloned()
            .unwrap_or_else(|| "../shared/data".into()),
    );
    let out = PathBuf::from(
        args.get(1)
            .cloned()
            .unwrap_or_else(|| "crates/tact-core/data/triage-model.bin".into()),
    );
    let env = |k: &str, d: f32| -> f32 {
        std::env::var(k)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(d)
    };
    let s = Settings {
        epochs: env("TRIAGE_EPOCHS", 4.0) as usize,
        rate: env("TRIAGE_RATE", 0.2),
        l2: env("TRIAGE_L2", 1e-6),
        ..Settings::default()
    };
    // The messages are few: their models lean on the dense features more than on single words.
    let sm = Settings {
        epochs: env("TRIAGE_M_EPOCHS", 8.0) as usize,
        rate: env("TRIAGE_M_RATE", 0.2),
        l2: env("TRIAGE_M_L2", 1e-6),
        ..Settings::default()
    };
    // The complaint head must carry over from the customer messages to other channels (tweets,
    // chat): a stronger L2 keeps it from leaning on a few domain words.
    let sc = Settings {
        l2: env("TRIAGE_C_L2", 3e-3),
        ..sm
    };
    let hash_scale = env("TRIAGE_M_HASH", 1.0);
    let skip_emotions = std::env::var_os("TRIAGE_SKIP_EMO").is_some();

    // Customer messages.
    let mut msgs = Vec::new();
    let text = std::fs::read_to_string(data.join("triage/customer-messages-labelled.jsonl"))?;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("messages line {}: {e}", i + 1))?;
        let t = v["text"].as_str().ok_or("messages: no text")?;
        let category: Category = v["category"].as_str().unwrap_or("other").parse()?;
        let urgency: Urgency = v["urgency"].as_str().unwrap_or("normal").parse()?;
        msgs.push(Message {
            features: features(t),
            complaint: v["complaint"].as_i64() == Some(1),
            category: Category::ALL
                .iter()
                .position(|c| *c == category)
                .unwrap_or(0),
            urgency,
            emotions: v["emotions"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|e| e.as_str())
                        .flat_map(|e| message_targets(e).iter().copied())
                        .collect()
                })
                .unwrap_or_default(),
        });
    }
    eprintln!("customer messages: {}", msgs.len());

    // GoEmotions train.
    let go = std::fs::read_to_string(data.join("triage/goemotions-train.tsv"))?;
    let mut go_rows: Vec<(Features, Vec<usize>)> = Vec::new();
    // Whether a GoEmotions comment shows displeasure (anger, annoyance, disappointment,
    // disapproval, disgust): the others serve the complaint head as non-complaints.
    let mut go_displeased: Vec<bool> = Vec::new();
    for line in go.lines() {
        let mut f = line.split('\t');
        let (Some(t), Some(ids)) = (f.next(), f.next()) else {
            continue;
        };
        let mut targets = Vec::new();
        for id in ids.split(',') {
            if let Some(name) = id
                .trim()
                .parse::<usize>()
                .ok()
                .and_then(|i| GOEMOTIONS_LABELS.get(i))
            {
                targets.extend_from_slice(goemotion_targets(name));
            }
        }
        go_displeased.push(targets.contains(&8) || ids.split(',').any(|i| i.trim() == "11"));
        go_rows.push((features(t), targets));
    }
    eprintln!("goemotions train: {}", go_rows.len());

    // Emotion head: GoEmotions + messages (weighted up: they are the product's domain).
    let zeros = [0f32; STACKED];
    let mut e_rows: Vec<Row> = go_rows.iter().map(|(f, _)| base_row(f, &zeros)).collect();
    let mut e_targets: Vec<&[usize]> = go_rows.iter().map(|(_, t)| t.as_slice()).collect();
    let mut e_weight: Vec<f32> = vec![1.0; go_rows.len()];
    for m in &msgs {
        e_rows.push(base_row(&m.features, &zeros));
        e_targets.push(&m.emotions);
        e_weight.push(env("TRIAGE_MSG_EMO_W", 3.0));
    }
    // Thresholds from a held-out tenth, then the final fit on everything.
    let held: Vec<bool> = (0..e_rows.len()).map(|i| i % 10 == 3).collect();
    let mut outputs = Vec::new();
    // Each output's targets and example weights, for the out-of-fold fits below.
    let mut emo_yw: Vec<(Vec<f32>, Vec<f32>)> = Vec::new();
    for (k, name) in EMOTIONS.iter().enumerate() {
        let ys: Vec<f32> = e_targets
            .iter()
            .map(|t| f32::from(t.contains(&k)))
            .collect();
        let pos = ys.iter().filter(|y| **y > 0.0).count() as f32;
        // Rare emotions weigh more, so their probabilities are not all near zero.
        let up = ((ys.len() as f32 - pos) / pos.max(1.0)).sqrt().min(4.0);
        let w: Vec<f32> = ys
            .iter()
            .zip(&e_weight)
            .map(|(y, w)| if *y > 0.0 { w * up } else { *w })
            .collect();
        emo_yw.push((ys.clone(), w.clone()));
        let pick = |keep: bool| -> (Vec<Row>, Vec<f32>, Vec<f32>) {
            let mut r = (Vec::new(), Vec::new(), Vec::new());
            for i in 0..e_rows.len() {
                if held[i] != keep {
                    r.0.push(e_rows[i].clone());
                    r.1.push(ys[i]);
                    r.2.push(w[i]);
                }
            }
            r
        };
        if skip_emotions {
            let (wv, b) = sigmoid_model(&e_rows, &ys, &w, s);
            outputs.push((name.to_string(), 0.3, wv, b));
            continue;
        }
        let (tr, ty, tw) = pick(true);
        let (wv, b) = sigmoid_model(&tr, &ty, &tw, s);
        let scored: Vec<(f32, bool)> = (0..e_rows.len())
            .filter(|&i| held[i])
            .map(|i| (sigmoid(score(&wv, b, &e_rows[i])), ys[i] > 0.0))
            .collect();
        let (th, f1) = best_threshold(&scored);
        eprintln!("emotion {name:<15} held-out F1 {f1:.3} at threshold {th:.2}");
        let (wv, b) = sigmoid_model(&e_rows, &ys, &w, s);
        outputs.push((name.to_string(), th, wv, b));
    }
    let emotion_head = Head {
        name: "emotions".into(),
        kind: HeadKind::Sigmoid,
        outputs: outputs
            .iter()
            .map(|(n, t, w, b)| Output::quantize(n, *t, *b, w))
            .collect(),
    };

    // Out-of-fold emotion probabilities of every training example (GoEmotions and messages),
    // for the complaint head to learn from. In-sample ones are more confident than the emotion
    // head will ever be on new text (it saw these examples and their labels), so a head stacked
    // on them learns to trust them too much: on the messages, whose emotion labels go with
    // their complaint labels, that inflated the complaint CV and cost it on tweets.
    let n_go = go_rows.len();
    let e_fold = |i: usize| {
        if i < n_go {
            i % FOLDS
        } else {
            (i - n_go) % FOLDS
        }
    };
    let mut emo_oof = vec![vec![0f32; EMOTIONS.len()]; e_rows.len()];
    for k in 0..FOLDS {
        let keep: Vec<usize> = (0..e_rows.len()).filter(|&i| e_fold(i) != k).collect();
        let rows: Vec<Row> = keep.iter().map(|&i| e_rows[i].clone()).collect();
        for (o, (ys, w)) in emo_yw.iter().enumerate() {
            let y: Vec<f32> = keep.iter().map(|&i| ys[i]).collect();
            let w: Vec<f32> = keep.iter().map(|&i| w[i]).collect();
            let (wv, b) = sigmoid_model(&rows, &y, &w, s);
            for i in (0..e_rows.len()).filter(|&i| e_fold(i) == k) {
                emo_oof[i][o] = sigmoid(score(&wv, b, &e_rows[i]));
            }
        }
    }

    // Stacked rows for the messages: emotion probabilities as extra features.
    let emo_of = |f: &Features| -> Vec<f32> {
        let r = base_row(f, &zeros);
        outputs
            .iter()
            .map(|(_, _, w, b)| sigmoid(score(w, *b, &r)))
            .collect()
    };
    let scaled = |mut r: Row| -> Row {
        for x in r.iter_mut().filter(|x| x.0 as usize >= DENSE + STACKED) {
            x.1 *= hash_scale;
        }
        r
    };
    let m_rows: Vec<Row> = msgs
        .iter()
        .map(|m| scaled(base_row(&m.features, &emo_of(&m.features))))
        .collect();
    let fold = |i: usize| i % FOLDS;

    // Complaint head: two logistic models whose probabilities multiply. `complaint` tells a
    // message to a company that complains (a breached expectation) from one that asks or
    // thanks; it learns from the customer messages alone. `service` tells a message to a
    // company from other talk: the customer messages against GoEmotions comments that show no
    // displeasure (chat, praise, opinions), which a detector meets in the wild but the
    // customer messages rarely show. One model over both kinds of example has to weigh "is it
    // a problem?" against "is it about a company?" on one scale; the product asks for both.
    let c_rows: Vec<Row> = msgs
        .iter()
        .enumerate()
        .map(|(j, m)| row(&m.features, &emo_oof[n_go + j]))
        .collect();
    let cy: Vec<f32> = msgs.iter().map(|m| f32::from(m.complaint)).collect();
    let cw = class_weights(
        &msgs
            .iter()
            .map(|m| usize::from(m.complaint))
            .collect::<Vec<_>>(),
        2,
    );
    let go_weight = env("TRIAGE_GO_SERVICE", 0.1);
    let go_service: Vec<Row> = go_rows
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 4 == 0 && !go_displeased[*i])
        .map(|(i, (f, _))| row(f, &emo_oof[i]))
        .collect();
    let train_complaint = |idx: &[usize]| -> [(Vec<f32>, f32); 2] {
        let mut r: Vec<Row> = idx.iter().map(|&i| c_rows[i].clone()).collect();
        let y: Vec<f32> = idx.iter().map(|&i| cy[i]).collect();
        let w: Vec<f32> = idx.iter().map(|&i| cw[i]).collect();
        let complaint = sigmoid_model(&r, &y, &w, sc);
        r.extend(go_service.iter().cloned());
        let mut y = vec![1.0; idx.len()];
        y.resize(r.len(), 0.0);
        let mut w = vec![1.0; idx.len()];
        w.resize(r.len(), go_weight);
        let service = sigmoid_model(&r, &y, &w, sc);
        [complaint, service]
    };
    let p_complaint = |m: &[(Vec<f32>, f32); 2], x: &Row| -> f32 {
        m.iter().map(|(w, b)| sigmoid(score(w, *b, x))).product()
    };
    let mut cv_scored = Vec::new();
    for k in 0..FOLDS {
        let idx: Vec<usize> = (0..msgs.len()).filter(|&i| fold(i) != k).collect();
        let m = train_complaint(&idx);
        for i in (0..msgs.len()).filter(|&i| fold(i) == k) {
            cv_scored.push((p_complaint(&m, &c_rows[i]), msgs[i].complaint));
        }
    }
    let (_, cv_f1) = best_threshold(&cv_scored);
    let cv_f1_half = f1_at(&cv_scored, 0.5);
    let cm = train_complaint(&(0..msgs.len()).collect::<Vec<_>>());
    // Threshold from the expert-labelled complaint tweets (used for nothing else).
    let dev = std::fs::read_to_string(data.join("triage/complaints-dev.csv"))?;
    let recs = parse_csv(&dev)?;
    let mut dev_scored = Vec::new();
    for (_, r) in recs.iter().skip(1) {
        if r.len() < 3 {
            continue;
        }
        let f = features(&r[1]);
        let x = row(&f, &emo_of(&f));
        dev_scored.push((p_complaint(&cm, &x), r[2].trim() == "1"));
    }
    let (c_th, dev_f1) = best_threshold(&dev_scored);
    if let Some(p) = std::env::var_os("TRIAGE_DUMP") {
        let lines: Vec<String> = dev_scored
            .iter()
            .map(|(p, y)| format!("{p}\t{}", u8::from(*y)))
            .collect();
        std::fs::write(p, lines.join("\n"))?;
    }
    eprintln!(
        "complaint: {FOLDS}-fold CV F1 {cv_f1_half:.3} at 0.5 ({cv_f1:.3} at its best threshold); threshold {c_th:.2} from complaints-dev (F1 {dev_f1:.3}, ROC AUC {:.3})",
        auc(&dev_scored)
    );
    // When tuning the complaint head, the rest can wait.
    if std::env::var_os("TRIAGE_ONLY_COMPLAINT").is_some() {
        return Ok(());
    }
    let complaint_head = Head {
        name: "complaint".into(),
        kind: HeadKind::Sigmoid,
        outputs: vec![
            Output::quantize("complaint", c_th, cm[0].1, &cm[0].0),
            Output::quantize("service", 0.5, cm[1].1, &cm[1].0),
        ],
    };

    // Category head (softmax).
    let k_cat = Category::ALL.len();
    let cat_y: Vec<usize> = msgs.iter().map(|m| m.category).collect();
    let cat_w = class_weights(&cat_y, k_cat);
    let mut pred = vec![0usize; msgs.len()];
    for k in 0..FOLDS {
        let idx: Vec<usize> = (0..msgs.len()).filter(|&i| fold(i) != k).collect();
        let r: Vec<Row> = idx.iter().map(|&i| m_rows[i].clone()).collect();
        let y: Vec<usize> = idx.iter().map(|&i| cat_y[i]).collect();
        let w: Vec<f32> = idx.iter().map(|&i| cat_w[i]).collect();
        let m = softmax_model(&r, &y, k_cat, &w, sm);
        for i in (0..msgs.len()).filter(|&i| fold(i) == k) {
            let z: Vec<f32> = m.iter().map(|(w, b)| score(w, *b, &m_rows[i])).collect();
            pred[i] = argmax(&softmax(&z));
        }
    }
    let cat_f1 = macro_f1(&cat_y, &pred, k_cat);
    let acc = cat_y.iter().zip(&pred).filter(|(a, b)| a == b).count() as f64 / pred.len() as f64;
    eprintln!("category: {FOLDS}-fold CV macro-F1 {cat_f1:.3}, accuracy {acc:.3}");
    let cm = softmax_model(&m_rows, &cat_y, k_cat, &cat_w, sm);
    let category_head = Head {
        name: "category".into(),
        kind: HeadKind::Softmax,
        outputs: cm
            .iter()
            .zip(Category::ALL)
            .map(|((w, b), c)| Output::quantize(c.id(), 0.0, *b, w))
            .collect(),
    };

    // Urgency head (softmax over low/normal/high; critical comes from the rules).
    let k_u = URGENCY_CLASSES.len();
    let u_y: Vec<usize> = msgs
        .iter()
        .map(|m| {
            URGENCY_CLASSES
                .iter()
                .position(|u| *u == m.urgency.min(Urgency::High))
                .unwrap_or(1)
        })
        .collect();
    let u_w = class_weights(&u_y, k_u);
    let mut model_only = vec![0usize; msgs.len()];
    let mut with_rules = vec![0usize; msgs.len()];
    let all_u: Vec<Urgency> = Urgency::ALL.to_vec();
    for k in 0..FOLDS {
        let idx: Vec<usize> = (0..msgs.len()).filter(|&i| fold(i) != k).collect();
        let r: Vec<Row> = idx.iter().map(|&i| m_rows[i].clone()).collect();
        let y: Vec<usize> = idx.iter().map(|&i| u_y[i]).collect();
        let w: Vec<f32> = idx.iter().map(|&i| u_w[i]).collect();
        let m = softmax_model(&r, &y, k_u, &w, sm);
        for i in (0..msgs.len()).filter(|&i| fold(i) == k) {
            let z: Vec<f32> = m.iter().map(|(w, b)| score(w, *b, &m_rows[i])).collect();
            let p = softmax(&z);
            model_only[i] = argmax(&p);
            let sc = Scores {
                features: msgs[i].features.clone(),
                emotions: emo_of(&msgs[i].features),
                emotion_present: Vec::new(),
                complaint: 0.0,
                complaint_threshold: 0.5,
                category: Vec::new(),
                urgency: p,
            };
            let (u, _) = urgency_with_rules(&sc);
            with_rules[i] = all_u.iter().position(|x| *x == u).unwrap_or(1);
        }
    }
    let gold4: Vec<usize> = msgs
        .iter()
        .map(|m| all_u.iter().position(|x| *x == m.urgency).unwrap_or(1))
        .collect();
    eprintln!(
        "urgency: {FOLDS}-fold CV macro-F1 {:.3} (model alone, 3 classes), {:.3} (with the rules, 4 classes)",
        macro_f1(&u_y, &model_only, k_u),
        macro_f1(&gold4, &with_rules, 4)
    );
    let um = softmax_model(&m_rows, &u_y, k_u, &u_w, sm);
    let urgency_head = Head {
        name: "urgency".into(),
        kind: HeadKind::Softmax,
        outputs: um
            .iter()
            .zip(URGENCY_CLASSES)
            .map(|((w, b), u)| Output::quantize(u.id(), 0.0, *b, w))
            .collect(),
    };

    let model = Model {
        heads: vec![emotion_head, complaint_head, category_head, urgency_head],
    };
    let bytes = model.to_bytes();
    write(&out, &bytes)?;
    let mut summary = BTreeMap::new();
    summary.insert("bytes", bytes.len());
    summary.insert("width", WIDTH);
    eprintln!("wrote {} ({summary:?})", out.display());
    Ok(())
}

fn argmax(p: &[f32]) -> usize {
    p.iter()
        .enumerate()
        .fold(
            (0, f32::NEG_INFINITY),
            |a, (i, &x)| if x > a.1 { (i, x) } else { a },
        )
        .0
}

fn write(path: &Path, bytes: &[u8]) -> Res<()> {
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()).into())
}
