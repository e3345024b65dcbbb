//! Evaluation on labelled files (`label<TAB>text`): for pos/neu/neg labels, accuracy,
//! macro-F1, per-class figures and the confusion matrix; for complaint/other labels, how well
//! the complaint reading (negative, or carrying a complaint cue) finds the complaints; and
//! throughput over every labelled line.

use crate::model::SentimentLabel;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Serialize)]
pub struct ClassFigures {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl ClassFigures {
    fn of(true_pos: usize, predicted: usize, gold: usize) -> ClassFigures {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let precision = ratio(true_pos, predicted);
        let recall = ratio(true_pos, gold);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        ClassFigures {
            precision,
            recall,
            f1,
        }
    }
}

/// The three-class reading, over the lines labelled pos, neu or neg.
#[derive(Debug, Serialize)]
pub struct SentimentFigures {
    pub n: usize,
    pub accuracy: f64,
    pub macro_f1: f64,
    pub per_class: BTreeMap<&'static str, ClassFigures>,
    /// `confusion[gold][predicted]`, classes in the order pos, neu, neg.
    pub confusion: [[usize; 3]; 3],
}

/// The complaint reading, over the lines labelled complaint or other: a message is read as a
/// complaint when it is tagged negative or carries a complaint cue, as the response-time
/// policies read it.
#[derive(Debug, Serialize)]
pub struct ComplaintFigures {
    pub n: usize,
    #[serde(flatten)]
    pub figures: ClassFigures,
    /// `[[complaints found, complaints missed], [others flagged, others left]]`.
    pub confusion: [[usize; 2]; 2],
}

#[derive(Debug, Serialize)]
pub struct Report {
    /// Every labelled line.
    pub n: usize,
    pub sentiment: Option<SentimentFigures>,
    pub complaint: Option<ComplaintFigures>,
    pub texts_per_second: f64,
    /// Lines skipped because their label is none of pos/neu/neg/complaint/other.
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

#[derive(Clone, Copy)]
enum Gold {
    Sentiment(SentimentLabel),
    Complaint(bool),
}

impl Gold {
    fn parse(label: &str) -> Option<Gold> {
        match label {
            "complaint" => Some(Gold::Complaint(true)),
            "other" => Some(Gold::Complaint(false)),
            l => SentimentLabel::parse(l).map(Gold::Sentiment),
        }
    }
}

/// Evaluates the labelled lines of a TSV file's content.
pub fn evaluate(content: &str) -> Report {
    let mut gold = Vec::new();
    let mut texts = Vec::new();
    let mut skipped = 0;
    for line in content.lines().filter(|l| !l.trim().is_empty()) {
        match line
            .split_once('\t')
            .and_then(|(l, t)| Some((Gold::parse(l.trim())?, t)))
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
    let predicted: Vec<super::Analysis> = texts
        .iter()
        .map(|t| super::analyze(t, None, None))
        .collect();
    let seconds = started.elapsed().as_secs_f64();
    let mut confusion = [[0usize; 3]; 3];
    let mut complaints = [[0usize; 2]; 2];
    for (g, p) in gold.iter().zip(&predicted) {
        match *g {
            Gold::Sentiment(g) => confusion[index(g)][index(p.label)] += 1,
            Gold::Complaint(g) => {
                let read = p.label == SentimentLabel::Neg || !p.urgency.is_empty();
                complaints[usize::from(!g)][usize::from(!read)] += 1;
            }
        }
    }
    let n = gold.len();
    Report {
        n,
        sentiment: three_class(confusion),
        complaint: complaint(complaints),
        texts_per_second: if seconds > 0.0 {
            n as f64 / seconds
        } else {
            0.0
        },
        skipped,
    }
}

fn three_class(confusion: [[usize; 3]; 3]) -> Option<SentimentFigures> {
    let n: usize = confusion.iter().flatten().sum();
    if n == 0 {
        return None;
    }
    let correct: usize = (0..3).map(|k| confusion[k][k]).sum();
    let per_class: BTreeMap<&'static str, ClassFigures> = CLASSES
        .iter()
        .enumerate()
        .map(|(k, class)| {
            let predicted = (0..3).map(|g| confusion[g][k]).sum();
            let gold = confusion[k].iter().sum();
            (
                class.as_str(),
                ClassFigures::of(confusion[k][k], predicted, gold),
            )
        })
        .collect();
    Some(SentimentFigures {
        n,
        accuracy: correct as f64 / n as f64,
        macro_f1: per_class.values().map(|f| f.f1).sum::<f64>() / 3.0,
        per_class,
        confusion,
    })
}

fn complaint(confusion: [[usize; 2]; 2]) -> Option<ComplaintFigures> {
    let n: usize = confusion.iter().flatten().sum();
    (n > 0).then(|| ComplaintFigures {
        n,
        figures: ClassFigures::of(
            confusion[0][0],
            confusion[0][0] + confusion[1][0],
            confusion[0][0] + confusion[0][1],
        ),
        confusion,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_readings_are_counted_from_their_own_lines() {
        let report = evaluate(
            "pos\tI love it, wonderful\nneg\tworst service ever\nneu\tthe shop opens at nine\n\
             complaint\tmy parcel never arrived, I want a refund\n\
             complaint\tthe shop opens at nine\nother\tthank you, lovely day\nmaybe\tskipped\n",
        );
        assert_eq!((report.n, report.skipped), (6, 1));
        let s = report.sentiment.unwrap();
        assert_eq!((s.n, s.accuracy), (3, 1.0));
        assert_eq!(s.confusion, [[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
        let c = report.complaint.unwrap();
        assert_eq!(c.confusion, [[1, 1], [0, 1]]);
        assert_eq!(c.figures.precision, 1.0);
        assert_eq!(c.figures.recall, 0.5);
    }

    #[test]
    fn a_file_of_one_kind_has_no_figures_for_the_other() {
        let report = evaluate("other\tgood morning\n");
        assert!(report.sentiment.is_none());
        assert_eq!(report.complaint.unwrap().n, 1);
    }
}
