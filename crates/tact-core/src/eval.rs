//! Precision, recall and F1 of predicted labels against gold labels.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Counts for one label.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub tp: u32,
    pub fp: u32,
    pub fn_: u32,
}

/// Figures for one label.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LabelScore {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub support: u32,
}

/// Micro and macro F1 over a group of labels.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GroupScore {
    pub micro_f1: f64,
    pub macro_f1: f64,
}

/// Accumulates gold/predicted label sets, one record at a time.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub counts: BTreeMap<String, Counts>,
}

impl Tally {
    /// Add one record: the gold labels and the predicted labels (each a set).
    pub fn add<'a>(
        &mut self,
        gold: impl IntoIterator<Item = &'a str>,
        predicted: impl IntoIterator<Item = &'a str>,
    ) {
        let gold: Vec<&str> = gold.into_iter().collect();
        let pred: Vec<&str> = predicted.into_iter().collect();
        for g in &gold {
            let c = self.counts.entry(g.to_string()).or_default();
            if pred.contains(g) {
                c.tp += 1;
            } else {
                c.fn_ += 1;
            }
        }
        for p in &pred {
            if !gold.contains(p) {
                self.counts.entry(p.to_string()).or_default().fp += 1;
            }
        }
    }

    /// Make sure a label appears (with zero counts) even if never seen.
    pub fn declare(&mut self, label: &str) {
        self.counts.entry(label.to_string()).or_default();
    }

    pub fn label_score(c: Counts) -> LabelScore {
        let p = ratio(c.tp, c.tp + c.fp);
        let r = ratio(c.tp, c.tp + c.fn_);
        LabelScore {
            precision: p,
            recall: r,
            f1: f1(p, r),
            support: c.tp + c.fn_,
        }
    }

    /// Per-label figures.
    pub fn labels(&self) -> BTreeMap<String, LabelScore> {
        self.counts
            .iter()
            .map(|(k, c)| (k.clone(), Self::label_score(*c)))
            .collect()
    }

    /// Micro and macro F1 over the labels for which `include` holds. Macro F1 averages over
    /// labels with support or predictions (a label never seen nor predicted is left out).
    pub fn group(&self, include: impl Fn(&str) -> bool) -> GroupScore {
        let mut tot = Counts::default();
        let mut f1s = Vec::new();
        for (k, c) in &self.counts {
            if !include(k) {
                continue;
            }
            tot.tp += c.tp;
            tot.fp += c.fp;
            tot.fn_ += c.fn_;
            if c.tp + c.fp + c.fn_ > 0 {
                f1s.push(Self::label_score(*c).f1);
            }
        }
        let micro = Self::label_score(tot).f1;
        let macro_ = if f1s.is_empty() {
            0.0
        } else {
            f1s.iter().sum::<f64>() / f1s.len() as f64
        };
        GroupScore {
            micro_f1: micro,
            macro_f1: macro_,
        }
    }
}

/// A CSV file that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct CsvError {
    pub line: usize,
    pub message: String,
}

/// Parse CSV (RFC 4180: quoted fields may hold commas, doubled quotes and line breaks) into
/// records, each with the line it starts on.
pub fn parse_csv(text: &str) -> Result<Vec<(usize, Vec<String>)>, CsvError> {
    let mut records = Vec::new();
    let mut field = String::new();
    let mut record: Vec<String> = Vec::new();
    let mut line = 1usize;
    let mut start_line = 1usize;
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push(c);
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => {
                quoted = true;
                any = true;
            }
            ',' => {
                record.push(std::mem::take(&mut field));
                any = true;
            }
            '\r' => {}
            '\n' => {
                if any || !field.is_empty() {
                    record.push(std::mem::take(&mut field));
                    records.push((start_line, std::mem::take(&mut record)));
                }
                any = false;
                line += 1;
                start_line = line;
            }
            _ => {
                field.push(c);
                any = true;
            }
        }
    }
    if quoted {
        return Err(CsvError {
            line: start_line,
            message: "a quoted field is never closed".into(),
        });
    }
    if any || !field.is_empty() {
        record.push(field);
        records.push((start_line, record));
    }
    Ok(records)
}

/// Area under the ROC curve of `scores` for the positive labels (ties count half).
pub fn roc_auc(scores: &[(f64, bool)]) -> f64 {
    let mut v: Vec<(f64, bool)> = scores.to_vec();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let pos = v.iter().filter(|x| x.1).count() as f64;
    let neg = v.len() as f64 - pos;
    if pos == 0.0 || neg == 0.0 {
        return 0.0;
    }
    // Sum of the ranks of the positives, ties given their average rank.
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < v.len() {
        let mut j = i;
        while j + 1 < v.len() && v[j + 1].0 == v[i].0 {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        rank_sum += v[i..=j].iter().filter(|x| x.1).count() as f64 * avg;
        i = j + 1;
    }
    (rank_sum - pos * (pos + 1.0) / 2.0) / (pos * neg)
}

#[cfg(test)]
mod csv_tests {
    use super::*;

    #[test]
    fn csv_and_auc() {
        let r = parse_csv("id,text\n1,\"a, \"\"b\"\"\nc\"\n2,d\n").unwrap();
        assert_eq!(r.len(), 3);
        assert_eq!(r[1].1, vec!["1", "a, \"b\"\nc"]);
        assert_eq!(r[2].0, 4);
        assert!(parse_csv("a,\"b\n").is_err());
        assert_eq!(roc_auc(&[(0.1, false), (0.9, true)]), 1.0);
        assert_eq!(roc_auc(&[(0.5, false), (0.5, true)]), 0.5);
    }
}

fn ratio(a: u32, b: u32) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_scores() {
        let mut t = Tally::default();
        t.add(["a", "b"], ["a", "c"]);
        t.add(["a"], ["a"]);
        let l = t.labels();
        assert_eq!(l["a"].f1, 1.0);
        assert_eq!(l["b"].recall, 0.0);
        assert_eq!(l["c"].precision, 0.0);
        let g = t.group(|_| true);
        // tp 2, fp 1, fn 1
        assert!((g.micro_f1 - 2.0 / 3.0).abs() < 1e-9);
        assert!((g.macro_f1 - 1.0 / 3.0).abs() < 1e-9);
    }
}
