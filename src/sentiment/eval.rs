//! Evaluation on labelled files (`label<TAB>text`): accuracy, macro-F1, per-class figures,
//! the confusion matrix and throughput.

use crate::model::SentimentLabel;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct ClassFigures {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub n: usize,
    pub accuracy: f64,
    pub macro_f1: f64,
    pub per_class: std::collections::BTreeMap<&'static str, ClassFigures>,
    /// `confusion[gold][predicted]`, classes in the order pos, neu, neg.
    pub confusion: [[usize; 3]; 3],
    pub texts_per_second: f64,
    /// Lines skipped because their label is not pos/neu/neg.
    pub skipped: usize,
}

const CLASSES: [SentimentLabel; 3] = [
    SentimentLabel::Pos,
    SentimentLabel::Neu,
    SentimentLabel::Neg,
];

fn index(l: SentimentLabel) -> usize {
    CLASSES.iter().position(|&c| c == l).unwrap_or(1)
}

/// Evaluates the labelled lines of a TSV file's content.
pub fn evaluate(content: &str) -> Report {
    let mut gold = Vec::new();
    let mut texts = Vec::new();
    let mut skipped = 0;
    for line in content.lines().filter(|l| !l.trim().is_empty()) {
        match line
            .split_once('\t')
            .and_then(|(l, t)| Some((SentimentLabel::parse(l.trim())?, t)))
        {
            Some((label, text)) => {
                gold.push(label);
                texts.push(text);
            }
            None => skipped += 1,
        }
    }
    super::warm_up();
    let started = std::time::Instant::now();
    let predicted: Vec<SentimentLabel> = texts
        .iter()
        .map(|t| super::analyze(t, None, None).label)
        .collect();
    let seconds = started.elapsed().as_secs_f64();
    let mut confusion = [[0usize; 3]; 3];
    for (g, p) in gold.iter().zip(&predicted) {
        confusion[index(*g)][index(*p)] += 1;
    }
    let n = gold.len();
    let correct: usize = (0..3).map(|k| confusion[k][k]).sum();
    let mut per_class = std::collections::BTreeMap::new();
    let mut f1_sum = 0.0;
    for (k, class) in CLASSES.iter().enumerate() {
        let tp = confusion[k][k] as f64;
        let predicted_k: usize = (0..3).map(|g| confusion[g][k]).sum();
        let gold_k: usize = confusion[k].iter().sum();
        let precision = if predicted_k == 0 {
            0.0
        } else {
            tp / predicted_k as f64
        };
        let recall = if gold_k == 0 { 0.0 } else { tp / gold_k as f64 };
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        f1_sum += f1;
        per_class.insert(
            class.as_str(),
            ClassFigures {
                precision,
                recall,
                f1,
            },
        );
    }
    Report {
        n,
        accuracy: if n == 0 {
            0.0
        } else {
            correct as f64 / n as f64
        },
        macro_f1: f1_sum / 3.0,
        per_class,
        confusion,
        texts_per_second: if seconds > 0.0 {
            n as f64 / seconds
        } else {
            0.0
        },
        skipped,
    }
}
