//! The HTML report: one self-contained page (inline CSS and SVG, no scripts,
//! no external assets) for an analyst to see what went wrong: headline F1s
//! with their confidence intervals, per-type bar charts, the confusion matrix
//! of event types, the score tables, and every listed mistake in its gold
//! sentence with the gold span and the predicted span highlighted.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{documents_summary, headline, kind_name, layer_name, mistake_counts, num, tables, Table};
use crate::eval::{EvalReport, Layer, Marked, Mistake, MistakeKind};

const CSS: &str = "
:root{--p:#4c78a8;--r:#f58518;--f:#54a24b;--g:#2e7d32;--x:#c62828;--line:#d8dde3;--muted:#5f6b7a}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1d2430;margin:0;background:#f6f7f9}
main{max-width:1180px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:0 0 10px}
.meta{color:var(--muted);margin:2px 0}
section,.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px;margin:16px 0}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:16px}.grid .card{margin:0}
table{border-collapse:collapse;font-size:13px;margin:0 0 14px}
th,td{padding:3px 9px;border-bottom:1px solid #eef0f3;text-align:right;white-space:nowrap}
th{font-weight:600;color:var(--muted);border-bottom:1px solid var(--line)}
td:first-child,th:first-child{text-align:left}
h3{font-size:14px;margin:14px 0 6px}
.tables{display:flex;flex-wrap:wrap;gap:0 36px;align-items:flex-start}
.legend span{display:inline-block;margin-right:14px;font-size:12px;color:var(--muted)}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:-1px}
.cm td{text-align:center;min-width:34px}.cm th.rot{writing-mode:vertical-rl;transform:rotate(180deg);text-align:left;padding:6px 2px}
.cm td.z{color:#c3c8cf}
details{margin:8px 0}summary{cursor:pointer;font-weight:600}
ol.ms{list-style:none;padding:0;margin:6px 0}
ol.ms li{border-top:1px solid #eef0f3;padding:7px 0}
.k{display:inline-block;font-size:11px;font-weight:600;padding:1px 7px;border-radius:9px;color:#fff;margin-right:6px}
.k-missed{background:var(--x)}.k-false_alarm{background:#8e44ad}.k-other{background:#b26a00}
.doc{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;color:var(--muted);margin-right:8px}
.lab{font-size:12px}.lab b{font-weight:600}
.sent{margin:4px 0 0;padding:6px 10px;background:#fafbfc;border-left:3px solid var(--line);white-space:pre-wrap}
mark{padding:1px 0;border-radius:2px}
mark.g{background:#d7f0d9;box-shadow:inset 0 -2px 0 var(--g)}
mark.p{background:#fde2cf;box-shadow:inset 0 -2px 0 var(--r)}
mark.gp{background:#e9e3a6;box-shadow:inset 0 -2px 0 var(--g),inset 0 2px 0 var(--r)}
svg text{font:12px system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;fill:#1d2430}
svg .ax{stroke:#e3e6ea}
@media (max-width:900px){.grid{grid-template-columns:1fr}}
";

/// Renders the report as one HTML page.
pub fn render(r: &EvalReport) -> String {
    let mut s = String::from("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    s.push_str("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>accord eval</title>");
    let _ = write!(s, "<style>{CSS}</style></head><body><main>\n<h1>accord eval</h1>");
    for line in documents_summary(r) {
        let _ = write!(s, "<p class=\"meta\">{}</p>", esc(&line));
    }
    let _ = writeln!(s, "<p class=\"meta\">{}</p>", esc(&mistake_counts(r)));

    let _ = writeln!(
        s,
        "<section><h2>Headline F1 with {:.0}% bootstrap intervals</h2>{}</section>",
        100.0 * r.bootstrap.confidence,
        headline_chart(r)
    );

    let ent: Vec<_> = r
        .entities
        .by_type
        .iter()
        .filter(|(_, c)| c.strict.possible + c.strict.actual > 0)
        .map(|(k, c)| (k.clone(), c.strict.precision, c.strict.recall, c.strict.f1))
        .collect();
    let ev: Vec<_> = r
        .events
        .by_type
        .iter()
        .filter(|(_, p)| p.tp + p.fp + p.fn_ > 0)
        .map(|(k, p)| (k.clone(), p.precision, p.recall, p.f1))
        .collect();
    s.push_str("<div class=\"grid\">");
    let _ = write!(
        s,
        "<div class=\"card\"><h2>Entities by type (strict)</h2>{}{}</div>",
        legend(),
        bars(&ent)
    );
    let _ = write!(
        s,
        "<div class=\"card\"><h2>Events by type (classification)</h2>{}{}</div>",
        legend(),
        bars(&ev)
    );
    s.push_str("</div>\n");

    let _ = writeln!(
        s,
        "<section><h2>Confusion matrix of event types</h2>{}</section>",
        confusion(r)
    );

    s.push_str("<section><h2>Scores</h2><div class=\"tables\">");
    for t in tables(r) {
        s.push_str(&table(&t));
    }
    s.push_str("</div></section>\n");

    s.push_str(&mistakes(r));
    s.push_str("</main></body></html>\n");
    s
}

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn legend() -> &'static str {
    "<div class=\"legend\"><span><i style=\"background:var(--p)\"></i>precision</span>\
     <span><i style=\"background:var(--r)\"></i>recall</span><span><i style=\"background:var(--f)\"></i>F1</span></div>"
}

/// Horizontal grouped bars (P, R, F1) per label, on a 0–1 axis.
fn bars(rows: &[(String, f64, f64, f64)]) -> String {
    if rows.is_empty() {
        return "<p class=\"meta\">Nothing to chart.</p>".into();
    }
    let (label_w, plot_w, row_h) = (96.0, 380.0, 34.0);
    let height = rows.len() as f64 * row_h + 22.0;
    let width = label_w + plot_w + 48.0;
    let mut s = format!("<svg viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\">");
    for i in 0..=4 {
        let x = label_w + plot_w * i as f64 / 4.0;
        let _ = write!(
            s,
            "<line class=\"ax\" x1=\"{x}\" x2=\"{x}\" y1=\"0\" y2=\"{}\"/>",
            height - 16.0
        );
        let _ = write!(
            s,
            "<text x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{:.2}</text>",
            height - 3.0,
            i as f64 / 4.0
        );
    }
    for (i, (label, p, r, f)) in rows.iter().enumerate() {
        let y = i as f64 * row_h + 4.0;
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            label_w - 8.0,
            y + 16.0,
            esc(label)
        );
        for (j, (v, color)) in [(p, "var(--p)"), (r, "var(--r)"), (f, "var(--f)")].iter().enumerate() {
            let w = (plot_w * v.clamp(0.0, 1.0)).max(0.5);
            let _ = write!(
                s,
                "<rect x=\"{label_w}\" y=\"{}\" width=\"{w:.1}\" height=\"8\" fill=\"{color}\"/>",
                y + j as f64 * 9.0
            );
        }
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{}\">{}</text>",
            label_w + plot_w * f.clamp(0.0, 1.0) + 4.0,
            y + 26.0,
            num(*f)
        );
    }
    s.push_str("</svg>");
    s
}

/// One bar per headline metric with its bootstrap interval as a whisker.
fn headline_chart(r: &EvalReport) -> String {
    let rows = headline(r);
    let (label_w, plot_w, row_h) = (170.0, 700.0, 24.0);
    let height = rows.len() as f64 * row_h + 22.0;
    let width = label_w + plot_w + 150.0;
    let mut s = format!("<svg viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\">");
    for i in 0..=10 {
        let x = label_w + plot_w * i as f64 / 10.0;
        let _ = write!(
            s,
            "<line class=\"ax\" x1=\"{x}\" x2=\"{x}\" y1=\"0\" y2=\"{}\"/>",
            height - 16.0
        );
        let _ = write!(
            s,
            "<text x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{:.1}</text>",
            height - 3.0,
            i as f64 / 10.0
        );
    }
    for (i, (key, _, _, f1, any)) in rows.iter().enumerate() {
        let y = i as f64 * row_h + 3.0;
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{key}</text>",
            label_w - 8.0,
            y + 13.0
        );
        if !any {
            let _ = write!(
                s,
                "<text x=\"{}\" y=\"{}\" fill=\"#5f6b7a\">no gold, no predictions</text>",
                label_w + 4.0,
                y + 13.0
            );
            continue;
        }
        let w = (plot_w * f1.clamp(0.0, 1.0)).max(0.5);
        let _ = write!(s, "<rect x=\"{label_w}\" y=\"{y}\" width=\"{w:.1}\" height=\"16\" rx=\"2\" fill=\"var(--f)\" opacity=\"0.85\"/>");
        let mut text = num(*f1);
        if let Some(ci) = r.bootstrap.intervals.get(*key).filter(|_| r.bootstrap.resamples > 0) {
            let (a, b) = (
                label_w + plot_w * ci.low.clamp(0.0, 1.0),
                label_w + plot_w * ci.high.clamp(0.0, 1.0),
            );
            let m = y + 8.0;
            let _ = write!(s, "<path d=\"M{a:.1} {m}H{b:.1}M{a:.1} {}V{}M{b:.1} {}V{}\" stroke=\"#1d2430\" stroke-width=\"1.5\" fill=\"none\"/>", m - 5.0, m + 5.0, m - 5.0, m + 5.0);
            text = format!("{} [{}, {}]", num(*f1), num(ci.low), num(ci.high));
        }
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\">{text}</text>",
            label_w + plot_w + 8.0,
            y + 13.0
        );
    }
    s.push_str("</svg>");
    s
}

/// The confusion matrix as a shaded table, keeping labels that occur.
fn confusion(r: &EvalReport) -> String {
    let c = &r.events.confusion;
    let n = c.labels.len();
    let cell = |g: usize, p: usize| c.matrix.get(g).and_then(|row| row.get(p)).copied().unwrap_or(0);
    let keep: Vec<usize> = (0..n)
        .filter(|&i| (0..n).any(|j| cell(i, j) + cell(j, i) > 0))
        .collect();
    if keep.is_empty() {
        return "<p class=\"meta\">No events in gold or predictions.</p>".into();
    }
    let max = keep
        .iter()
        .flat_map(|&g| keep.iter().map(move |&p| (g, p)))
        .map(|(g, p)| cell(g, p))
        .max()
        .unwrap_or(1)
        .max(1);
    let mut s = String::from("<table class=\"cm\"><tr><th>gold ↓ / predicted →</th>");
    for &p in &keep {
        let _ = write!(s, "<th class=\"rot\">{}</th>", esc(&c.labels[p]));
    }
    s.push_str("<th>total</th></tr>");
    for &g in &keep {
        let _ = write!(s, "<tr><th>{}</th>", esc(&c.labels[g]));
        for &p in &keep {
            let v = cell(g, p);
            if v == 0 {
                s.push_str("<td class=\"z\">·</td>");
                continue;
            }
            let rgb = if g == p { "84,162,75" } else { "228,87,86" };
            let a = 0.12 + 0.7 * v as f64 / max as f64;
            let _ = write!(s, "<td style=\"background:rgba({rgb},{a:.2})\">{v}</td>");
        }
        let _ = write!(s, "<td>{}</td></tr>", (0..n).map(|p| cell(g, p)).sum::<usize>());
    }
    s.push_str(
        "</table><p class=\"meta\">Rows are gold types, columns predicted types, over identified triggers; \
                the NONE row holds false alarms and the NONE column misses. Green is agreement.</p>",
    );
    s
}

fn table(t: &Table) -> String {
    let mut s = format!("<div><h3>{}</h3><table><tr>", esc(&t.title));
    for h in &t.headers {
        let _ = write!(s, "<th>{}</th>", esc(h));
    }
    s.push_str("</tr>");
    for r in &t.rows {
        s.push_str("<tr>");
        for c in r {
            let _ = write!(s, "<td>{}</td>", esc(c).replace("  ", "&nbsp;&nbsp;"));
        }
        s.push_str("</tr>");
    }
    s.push_str("</table></div>");
    s
}

fn mistakes(r: &EvalReport) -> String {
    let mut s = String::from("<section><h2>Mistakes</h2>");
    s.push_str("<div class=\"legend\"><span><mark class=\"g\">gold</mark></span><span><mark class=\"p\">predicted</mark></span>\
                <span><mark class=\"gp\">both</mark></span></div>");
    if r.mistakes_omitted > 0 {
        let _ = write!(
            s,
            "<p class=\"meta\">{} more mistakes were found but not listed.</p>",
            r.mistakes_omitted
        );
    }
    let mut by_layer: BTreeMap<Layer, Vec<&Mistake>> = BTreeMap::new();
    for m in &r.mistakes {
        by_layer.entry(m.layer).or_default().push(m);
    }
    if by_layer.is_empty() {
        s.push_str("<p class=\"meta\">None: predictions equal gold.</p>");
    }
    for (layer, ms) in by_layer {
        let _ = write!(
            s,
            "<details open><summary>{} ({})</summary><ol class=\"ms\">",
            layer_name(layer),
            ms.len()
        );
        for m in ms {
            s.push_str(&item(m));
        }
        s.push_str("</ol></details>");
    }
    s.push_str("</section>");
    s
}

fn item(m: &Mistake) -> String {
    let class = match m.kind {
        MistakeKind::Missed => "k-missed",
        MistakeKind::FalseAlarm => "k-false_alarm",
        _ => "k-other",
    };
    let mut s = format!(
        "<li><span class=\"k {class}\">{}</span><span class=\"doc\">{}</span><span class=\"lab\">",
        kind_name(m.kind),
        esc(&m.doc_id)
    );
    let describe = |who: &str, x: &Option<Marked>| {
        x.as_ref()
            .map(|x| format!("{who} <b>{}</b> “{}”", esc(&x.label), esc(&x.text)))
    };
    let parts: Vec<String> = [describe("gold", &m.gold), describe("pred", &m.pred)]
        .into_iter()
        .flatten()
        .collect();
    s.push_str(&parts.join(" · "));
    if !m.note.is_empty() {
        let _ = write!(s, " · in {}", esc(&m.note));
    }
    let _ = write!(s, "</span><div class=\"sent\">{}</div></li>", highlight(m));
    s
}

/// The sentence with gold and predicted spans marked; long sentences are cut
/// to a window around the spans.
fn highlight(m: &Mistake) -> String {
    let chars: Vec<char> = m.sentence.text.chars().collect();
    let n = chars.len();
    let rel = |x: &Option<Marked>| {
        x.as_ref().map(|x| {
            (
                x.start.saturating_sub(m.sentence.start).min(n),
                x.end.saturating_sub(m.sentence.start).min(n),
            )
        })
    };
    let (g, p) = (rel(&m.gold), rel(&m.pred));
    let lo = g.iter().chain(p.iter()).map(|s| s.0).min().unwrap_or(0);
    let hi = g.iter().chain(p.iter()).map(|s| s.1).max().unwrap_or(n);
    let (from, to) = if n > 600 {
        (lo.saturating_sub(250), (hi + 250).min(n))
    } else {
        (0, n)
    };
    let inside = |s: Option<(usize, usize)>, i: usize| s.is_some_and(|(a, b)| a <= i && i < b);
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    let mut i = from;
    while i < to {
        let state = (inside(g, i), inside(p, i));
        let mut j = i + 1;
        while j < to && (inside(g, j), inside(p, j)) == state {
            j += 1;
        }
        let piece: String = esc(&chars[i..j].iter().collect::<String>());
        match state {
            (false, false) => out.push_str(&piece),
            (true, false) => {
                let _ = write!(out, "<mark class=\"g\">{piece}</mark>");
            }
            (false, true) => {
                let _ = write!(out, "<mark class=\"p\">{piece}</mark>");
            }
            (true, true) => {
                let _ = write!(out, "<mark class=\"gp\">{piece}</mark>");
            }
        }
        i = j;
    }
    if to < n {
        out.push('…');
    }
    out
}
