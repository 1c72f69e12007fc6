//! Rendering an [`EvalReport`]: a terminal table, JSON, Markdown, and a
//! self-contained HTML page.
//!
//! The text, Markdown and HTML reports share one set of [`Table`]s built here,
//! so that they always show the same numbers; HTML adds charts, the confusion
//! matrix and the mistakes in their sentences.

pub mod html;
pub mod json;
pub mod md;
pub mod text;

use std::fmt;
use std::str::FromStr;

use super::{EvalReport, Prf};

/// Report formats of `accord eval --report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// Aligned plain-text tables for a terminal.
    Text,
    /// Pretty-printed JSON with stable keys.
    Json,
    /// GitHub-flavoured Markdown.
    Md,
    /// One HTML file with inline CSS and SVG.
    Html,
}

impl FromStr for ReportFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<ReportFormat, String> {
        match s.to_ascii_lowercase().as_str() {
            "text" | "txt" | "table" => Ok(ReportFormat::Text),
            "json" => Ok(ReportFormat::Json),
            "md" | "markdown" => Ok(ReportFormat::Md),
            "html" => Ok(ReportFormat::Html),
            other => Err(format!("unknown report format {other:?} (text, json, md, html)")),
        }
    }
}

impl fmt::Display for ReportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ReportFormat::Text => "text",
            ReportFormat::Json => "json",
            ReportFormat::Md => "md",
            ReportFormat::Html => "html",
        })
    }
}

/// Renders a report in the given format.
pub fn render(report: &EvalReport, format: ReportFormat) -> String {
    match format {
        ReportFormat::Text => text::render(report),
        ReportFormat::Json => json::render(report),
        ReportFormat::Md => md::render(report),
        ReportFormat::Html => html::render(report),
    }
}

/// A titled table of strings, the shared shape of the human-readable reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Section title.
    pub title: String,
    /// Column headers; the first column is left-aligned, the rest are numbers.
    pub headers: Vec<String>,
    /// Rows of cells, as many as headers.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    fn new(title: &str, headers: &[&str]) -> Table {
        Table {
            title: title.into(),
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }
}

/// A score with three decimals.
pub(crate) fn num(x: f64) -> String {
    format!("{x:.3}")
}

/// P, R and F1 cells; dashes when there was nothing to find and nothing found.
fn prf_cells(p: &Prf) -> [String; 3] {
    if p.tp + p.fp + p.fn_ == 0 {
        return ["—".into(), "—".into(), "—".into()];
    }
    [num(p.precision), num(p.recall), num(p.f1)]
}

fn count_row(name: &str, p: &Prf) -> Vec<String> {
    let [a, b, c] = prf_cells(p);
    vec![
        name.into(),
        p.tp.to_string(),
        p.fp.to_string(),
        p.fn_.to_string(),
        a,
        b,
        c,
    ]
}

/// Headline P, R, F1 per bootstrap key, in the report's order.
pub(crate) fn headline(r: &EvalReport) -> Vec<(&'static str, f64, f64, f64, bool)> {
    let e = &r.entities.micro;
    let c = |c: &super::Counts| (c.precision, c.recall, c.f1, c.possible + c.actual > 0);
    let p = |p: &Prf| (p.precision, p.recall, p.f1, p.tp + p.fp + p.fn_ > 0);
    let rows = [
        ("entities.strict", c(&e.strict)),
        ("entities.exact", c(&e.exact)),
        ("entities.partial", c(&e.partial)),
        ("entities.type", c(&e.ent_type)),
        ("events.identification", p(&r.events.identification)),
        ("events.classification", p(&r.events.classification)),
        ("events.sentence", p(&r.events.sentence.micro)),
        ("arguments.country", p(&r.arguments.country.micro)),
        ("arguments.span", p(&r.arguments.span.micro)),
        ("commitments.amount", p(&r.commitments.amount.micro)),
        ("commitments.tuple", p(&r.commitments.tuple.micro)),
    ];
    rows.into_iter().map(|(k, (p, r, f, any))| (k, p, r, f, any)).collect()
}

/// The tables every human-readable report shows, in order.
pub fn tables(r: &EvalReport) -> Vec<Table> {
    let mut out = Vec::new();
    let level = format!("{:.0}% CI", 100.0 * r.bootstrap.confidence);
    let mut t = Table::new("Headline scores", &["metric", "P", "R", "F1", &level]);
    for (key, p, rc, f, any) in headline(r) {
        let ci = match r.bootstrap.intervals.get(key) {
            Some(i) if any && r.bootstrap.resamples > 0 => format!("{}–{}", num(i.low), num(i.high)),
            _ => "—".into(),
        };
        let cells = if any {
            [num(p), num(rc), num(f)]
        } else {
            ["—".into(), "—".into(), "—".into()]
        };
        let [a, b, c] = cells;
        t.rows.push(vec![key.into(), a, b, c, ci]);
    }
    out.push(t);

    let mut t = Table::new(
        "Entities (SemEval-2013, NOM excluded)",
        &["scheme", "COR", "INC", "PAR", "MIS", "SPU", "P", "R", "F1"],
    );
    let e = &r.entities.micro;
    for (name, c) in [
        ("strict", &e.strict),
        ("exact", &e.exact),
        ("partial", &e.partial),
        ("type", &e.ent_type),
    ] {
        let n = |x: usize| x.to_string();
        t.rows.push(vec![
            name.into(),
            n(c.correct),
            n(c.incorrect),
            n(c.partial),
            n(c.missed),
            n(c.spurious),
            num(c.precision),
            num(c.recall),
            num(c.f1),
        ]);
    }
    out.push(t);

    let mut t = Table::new(
        "Entities by type",
        &[
            "type",
            "gold",
            "pred",
            "strict P",
            "strict R",
            "strict F1",
            "exact F1",
            "partial F1",
            "type F1",
        ],
    );
    for (name, s) in &r.entities.by_type {
        if s.strict.possible + s.strict.actual == 0 {
            continue;
        }
        let st = &s.strict;
        t.rows.push(vec![
            name.clone(),
            st.possible.to_string(),
            st.actual.to_string(),
            num(st.precision),
            num(st.recall),
            num(st.f1),
            num(s.exact.f1),
            num(s.partial.f1),
            num(s.ent_type.f1),
        ]);
    }
    out.push(t);

    let cols = ["", "TP", "FP", "FN", "P", "R", "F1"];
    let mut t = Table::new("Events", &cols);
    t.rows.push(count_row("identification", &r.events.identification));
    t.rows.push(count_row("classification", &r.events.classification));
    t.rows.push(count_row("sentence type sets", &r.events.sentence.micro));
    out.push(t);

    let mut t = Table::new(
        "Events by type (classification)",
        &["type", "TP", "FP", "FN", "P", "R", "F1", "sentence F1"],
    );
    for (name, p) in &r.events.by_type {
        let s = r.events.sentence.by_type.get(name).copied().unwrap_or_default();
        if p.tp + p.fp + p.fn_ + s.tp + s.fp + s.fn_ == 0 {
            continue;
        }
        let mut row = count_row(name, p);
        row.push(prf_cells(&s)[2].clone());
        t.rows.push(row);
    }
    out.push(t);

    let mut t = Table::new("Arguments", &["scheme / role", "TP", "FP", "FN", "P", "R", "F1"]);
    for (scheme, s) in [
        ("country", &r.arguments.country),
        ("span", &r.arguments.span),
        ("country, matched events", &r.arguments.country_matched),
    ] {
        t.rows.push(count_row(scheme, &s.micro));
        for (role, p) in s.by_role.iter().filter(|(_, p)| p.tp + p.fp + p.fn_ > 0) {
            t.rows.push(count_row(&format!("  {role}"), p));
        }
    }
    out.push(t);

    let mut t = Table::new("Commitments", &["scheme / currency", "TP", "FP", "FN", "P", "R", "F1"]);
    for (scheme, s) in [("amount", &r.commitments.amount), ("tuple", &r.commitments.tuple)] {
        t.rows.push(count_row(scheme, &s.micro));
        for (cur, p) in &s.by_currency {
            t.rows.push(count_row(&format!("  {cur}"), p));
        }
    }
    out.push(t);
    out
}

/// One line on how documents were paired, and lines for what went wrong.
pub fn documents_summary(r: &EvalReport) -> Vec<String> {
    let d = &r.documents;
    let mut out = vec![format!(
        "{} gold documents, {} predicted, {} scored; {} resamples (seed {:#x})",
        d.gold, d.pred, d.scored, r.bootstrap.resamples, r.bootstrap.seed
    )];
    let mut list = |what: &str, ids: &[String]| {
        if !ids.is_empty() {
            let shown: Vec<&str> = ids.iter().take(10).map(String::as_str).collect();
            let more = if ids.len() > 10 {
                format!(" and {} more", ids.len() - 10)
            } else {
                String::new()
            };
            out.push(format!("{what} ({}): {}{more}", ids.len(), shown.join(", ")));
        }
    };
    list(
        "gold documents without a prediction, all their gold missed",
        &d.missing_pred,
    );
    list("predictions without gold (ignored)", &d.extra_pred);
    list("repeated ids (first used)", &d.duplicate_ids);
    list("documents whose predicted text differs from gold", &d.text_mismatch);
    list("predictions with an error", &d.pred_errors);
    out
}

/// Mistake counts per layer, e.g. "entity 3, event 1".
pub(crate) fn mistake_counts(r: &EvalReport) -> String {
    let mut counts = std::collections::BTreeMap::new();
    for m in &r.mistakes {
        *counts.entry(m.layer).or_insert(0usize) += 1;
    }
    let parts: Vec<String> = counts.iter().map(|(l, n)| format!("{} {n}", layer_name(*l))).collect();
    let omitted = if r.mistakes_omitted > 0 {
        format!(" (+{} not listed)", r.mistakes_omitted)
    } else {
        String::new()
    };
    format!(
        "{} mistakes listed{}{omitted}",
        r.mistakes.len(),
        if parts.is_empty() {
            String::new()
        } else {
            format!(": {}", parts.join(", "))
        }
    )
}

pub(crate) fn layer_name(l: super::Layer) -> &'static str {
    match l {
        super::Layer::Entity => "entity",
        super::Layer::Event => "event",
        super::Layer::Argument => "argument",
        super::Layer::Commitment => "commitment",
    }
}

pub(crate) fn kind_name(k: super::MistakeKind) -> &'static str {
    use super::MistakeKind::*;
    match k {
        Missed => "missed",
        FalseAlarm => "false alarm",
        WrongType => "wrong type",
        WrongSpan => "wrong span",
        WrongSpanType => "wrong span and type",
        WrongCountry => "wrong country",
        WrongCommitters => "wrong committers",
        WrongAmount => "wrong amount",
    }
}
