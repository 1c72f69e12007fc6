//! The Markdown report: the shared tables as GitHub-flavoured Markdown, and
//! the mistakes as a table with the gold span in bold and the predicted span
//! in italics inside the sentence.

use std::fmt::Write;

use super::{documents_summary, kind_name, layer_name, mistake_counts, tables, Table};
use crate::eval::{EvalReport, Mistake};

/// How many mistakes the Markdown report lists.
const SHOWN: usize = 200;

/// Renders the report as Markdown.
pub fn render(r: &EvalReport) -> String {
    let mut s = String::from("# accord eval\n\n");
    for line in documents_summary(r) {
        let _ = writeln!(s, "- {}", escape(&line));
    }
    for t in tables(r) {
        s.push('\n');
        s.push_str(&table(&t));
    }
    let _ = writeln!(s, "\n## Mistakes\n\n{}\n", mistake_counts(r));
    if !r.mistakes.is_empty() {
        s.push_str("| doc | layer | kind | gold | pred | sentence |\n|---|---|---|---|---|---|\n");
        for m in r.mistakes.iter().take(SHOWN) {
            let item = |x: &Option<crate::eval::Marked>| x.as_ref().map_or(String::new(), |m| escape(&m.label));
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} |",
                escape(&m.doc_id),
                layer_name(m.layer),
                kind_name(m.kind),
                item(&m.gold),
                item(&m.pred),
                sentence(m)
            );
        }
        if r.mistakes.len() > SHOWN {
            let _ = writeln!(s, "\n{} more in the HTML or JSON report.", r.mistakes.len() - SHOWN);
        }
    }
    s
}

/// A table as Markdown with a `###` title.
pub fn table(t: &Table) -> String {
    let mut s = format!("### {}\n\n", escape(&t.title));
    let row = |cells: &[String]| {
        format!(
            "| {} |\n",
            cells.iter().map(|c| escape(c)).collect::<Vec<_>>().join(" | ")
        )
    };
    s.push_str(&row(&t.headers));
    let align: Vec<&str> = (0..t.headers.len())
        .map(|i| if i == 0 { ":--" } else { "--:" })
        .collect();
    let _ = writeln!(s, "|{}|", align.join("|"));
    for r in &t.rows {
        s.push_str(&row(r));
    }
    s
}

/// The sentence with `**gold**` and `_pred_` marks (char offsets).
fn sentence(m: &Mistake) -> String {
    let chars: Vec<char> = m.sentence.text.chars().collect();
    let rel = |x: &Option<crate::eval::Marked>| {
        x.as_ref().map(|x| {
            (
                x.start.saturating_sub(m.sentence.start).min(chars.len()),
                x.end.saturating_sub(m.sentence.start).min(chars.len()),
            )
        })
    };
    let (g, p) = (rel(&m.gold), rel(&m.pred));
    let mut out = String::new();
    for i in 0..=chars.len() {
        for (span, mark) in [(p, "_"), (g, "**")] {
            if span.is_some_and(|(s, e)| e == i && s < e) {
                out.push_str(mark);
            }
        }
        for (span, mark) in [(g, "**"), (p, "_")] {
            if span.is_some_and(|(s, e)| s == i && s < e) {
                out.push_str(mark);
            }
        }
        if let Some(c) = chars.get(i) {
            out.push_str(&escape(&c.to_string()));
        }
    }
    out
}

/// Escapes what Markdown table cells treat specially (and HTML tags).
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('\n', " ")
        .replace('*', "\\*")
        .replace('_', "\\_")
}
