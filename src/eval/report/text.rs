//! The terminal report: aligned plain-text tables, then the first mistakes.

use std::fmt::Write;

use super::{documents_summary, kind_name, layer_name, mistake_counts, tables, Table};
use crate::eval::EvalReport;

/// How many mistakes the terminal report prints.
const SHOWN: usize = 20;

/// Renders the report as plain text.
pub fn render(r: &EvalReport) -> String {
    let mut s = String::from("accord eval\n");
    for line in documents_summary(r) {
        let _ = writeln!(s, "  {line}");
    }
    for t in tables(r) {
        s.push('\n');
        s.push_str(&table(&t));
    }
    let _ = writeln!(s, "\n{}", mistake_counts(r));
    for m in r.mistakes.iter().take(SHOWN) {
        let item = |x: &Option<crate::eval::Marked>| {
            x.as_ref()
                .map_or("-".to_string(), |m| format!("{:?} {}", m.text, m.label))
        };
        let _ = writeln!(
            s,
            "  {}  {:<10} {:<19} gold {}  pred {}",
            m.doc_id,
            layer_name(m.layer),
            kind_name(m.kind),
            item(&m.gold),
            item(&m.pred)
        );
    }
    if r.mistakes.len() > SHOWN {
        let _ = writeln!(s, "  ... (see --report html or json for all)");
    }
    s
}

/// One table with a title line, headers and right-aligned number columns.
pub fn table(t: &Table) -> String {
    let width = |i: usize| {
        t.rows
            .iter()
            .map(|r| r.get(i).map_or(0, |c| c.chars().count()))
            .chain(std::iter::once(t.headers[i].chars().count()))
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..t.headers.len()).map(width).collect();
    let line = |cells: &[String]| {
        let mut l = String::new();
        for (i, w) in widths.iter().enumerate() {
            let c = cells.get(i).map_or("", String::as_str);
            let pad = w.saturating_sub(c.chars().count());
            if i == 0 {
                l.push_str(c);
                l.push_str(&" ".repeat(pad));
            } else {
                l.push_str("  ");
                l.push_str(&" ".repeat(pad));
                l.push_str(c);
            }
        }
        l.trim_end().to_string()
    };
    let mut s = format!("{}\n", t.title.to_uppercase());
    let _ = writeln!(s, "{}", line(&t.headers));
    for r in &t.rows {
        let _ = writeln!(s, "{}", line(r));
    }
    s
}
