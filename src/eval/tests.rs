//! Cross-cutting eval tests (gold against itself, one error at a time, doc
//! pairing, reports) and the record builders the per-module tests share.

use serde_json::json;

use super::report::{self, ReportFormat};
use super::*;
use crate::record::{Actor, Amount, Commitment, Entity, EntityType, Event, EventType, Mention};

const SEED: &str = include_str!("../../tests/data/seed.jsonl");

impl EvalOptions {
    /// Few resamples, for fast tests.
    pub(crate) fn quick() -> EvalOptions {
        EvalOptions {
            resamples: 20,
            ..EvalOptions::default()
        }
    }
}

pub(crate) fn doc(id: &str, entities: Vec<Entity>, events: Vec<Event>) -> Record {
    Record {
        id: id.into(),
        text: "w".repeat(80),
        entities,
        events,
        ..Record::default()
    }
}

pub(crate) fn ent(start: usize, end: usize, kind: &str) -> Entity {
    Entity {
        id: format!("T{start}-{end}-{kind}"),
        start,
        end,
        text: String::new(),
        kind: serde_json::from_value(json!(kind)).unwrap(),
        actor: None,
        affiliation: None,
        confidence: None,
        value: None,
    }
}

pub(crate) fn ent_actor(id: &str, start: usize, end: usize, country: Option<&str>) -> Entity {
    let actor = country.map(|c| Actor {
        country: Some(c.into()),
        sector: None,
    });
    Entity {
        id: id.into(),
        actor,
        ..ent(start, end, "PER")
    }
}

pub(crate) fn event(start: usize, end: usize, kind: &str) -> Event {
    let trigger = Mention {
        start,
        end,
        text: String::new(),
    };
    Event {
        id: format!("E{start}-{kind}"),
        ..Event::new(serde_json::from_value(json!(kind)).unwrap(), trigger)
    }
}

pub(crate) fn event_args(start: usize, end: usize, kind: &str, src: &[&str], tgt: &[&str], loc: Option<&str>) -> Event {
    let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
    Event {
        sources: ids(src),
        targets: ids(tgt),
        location: loc.map(str::to_string),
        ..event(start, end, kind)
    }
}

pub(crate) fn commit_event(start: usize, end: usize, src: &[&str], value: f64, currency: &str) -> Event {
    let amount = Amount {
        value,
        currency: currency.into(),
        text: String::new(),
        entity: None,
    };
    let commitment = Commitment {
        amount: Some(amount),
        ..Commitment::default()
    };
    Event {
        commitment: Some(commitment),
        ..event_args(start, end, "AGREE", src, &[], None)
    }
}

fn seed() -> Record {
    serde_json::from_str(SEED.lines().next().unwrap()).unwrap()
}

fn f1s(r: &EvalReport) -> Vec<(&'static str, f64)> {
    report::headline(r).into_iter().map(|(k, _, _, f, _)| (k, f)).collect()
}

#[test]
fn gold_against_itself_scores_one_everywhere() {
    let gold = seed();
    let r = evaluate(
        std::slice::from_ref(&gold),
        std::slice::from_ref(&gold),
        &EvalOptions::default(),
    );
    for (k, p, rc, f, any) in report::headline(&r) {
        assert!(any, "{k} has no items in the seed");
        assert_eq!((p, rc, f), (1.0, 1.0, 1.0), "{k}");
        let ci = r.bootstrap.intervals[k];
        assert_eq!((ci.low, ci.high), (1.0, 1.0), "{k}");
    }
    for (t, s) in &r.entities.by_type {
        assert_eq!([s.strict.f1, s.exact.f1, s.partial.f1, s.ent_type.f1], [1.0; 4], "{t}");
    }
    assert!(r
        .events
        .by_type
        .values()
        .chain(r.events.sentence.by_type.values())
        .all(|p| p.f1 == 1.0));
    let m = &r.events.confusion.matrix;
    let off_diagonal: usize = (0..m.len())
        .flat_map(|g| (0..m.len()).filter(move |p| *p != g).map(move |p| (g, p)))
        .map(|(g, p)| m[g][p])
        .sum();
    assert_eq!(off_diagonal, 0);
    assert!(r.mistakes.is_empty(), "{:?}", r.mistakes);
}

type Perturb = fn(&mut Record);

fn entity_mut<'a>(r: &'a mut Record, id: &str) -> &'a mut Entity {
    r.entities.iter_mut().find(|e| e.id == id).unwrap()
}

fn event_mut<'a>(r: &'a mut Record, id: &str) -> &'a mut Event {
    r.events.iter_mut().find(|e| e.id == id).unwrap()
}

fn amount_mut(r: &mut Record) -> &mut Amount {
    event_mut(r, "E7").commitment.as_mut().unwrap().amount.as_mut().unwrap()
}

#[test]
fn each_kind_of_error_lowers_the_right_numbers() {
    let cases: Vec<(&str, Perturb, &[&str])> = vec![
        (
            "drop entity",
            |r| r.entities.retain(|e| e.id != "T4"),
            &["entities.strict", "entities.exact", "entities.partial", "entities.type"],
        ),
        (
            "retype entity",
            |r| entity_mut(r, "T2").kind = EntityType::Org,
            &["entities.strict", "entities.type"],
        ),
        (
            "shift entity end",
            |r| entity_mut(r, "T8").end -= 2,
            &["entities.strict", "entities.exact", "entities.partial"],
        ),
        (
            "spurious entity",
            |r| {
                r.entities.push(Entity {
                    id: "X".into(),
                    ..ent(2000 - 10, 2000 - 1, "MISC")
                })
            },
            &["entities.strict", "entities.exact", "entities.partial", "entities.type"],
        ),
        (
            "nominal entity is ignored",
            |r| {
                r.entities.push(Entity {
                    id: "X".into(),
                    ..ent(0, 5, "NOM")
                })
            },
            &[],
        ),
        (
            "retype event",
            |r| event_mut(r, "E4").kind = EventType::Agree,
            &[
                "events.classification",
                "events.sentence",
                "arguments.country",
                "arguments.span",
            ],
        ),
        (
            "drop event",
            |r| r.events.retain(|e| e.id != "E1"),
            &[
                "events.identification",
                "events.classification",
                "arguments.country",
                "arguments.span",
            ],
        ),
        (
            "duplicate event",
            |r| {
                let e = r.events[1].clone();
                r.events.push(e)
            },
            &[
                "events.identification",
                "events.classification",
                "arguments.country",
                "arguments.span",
            ],
        ),
        (
            "shift trigger within overlap",
            |r| event_mut(r, "E2").trigger.end += 4,
            &[],
        ),
        (
            "wrong actor country",
            |r| entity_mut(r, "T24").actor.as_mut().unwrap().country = Some("CHN".into()),
            &["arguments.country"],
        ),
        (
            "wrong location span",
            |r| event_mut(r, "E1").location = Some("T15".into()),
            &["arguments.span"],
        ),
        ("amount within 0.5%", |r| amount_mut(r).value *= 1.003, &[]),
        (
            "amount off by 1%",
            |r| amount_mut(r).value *= 1.01,
            &["commitments.amount", "commitments.tuple"],
        ),
        (
            "wrong currency",
            |r| amount_mut(r).currency = "USD".into(),
            &["commitments.amount", "commitments.tuple"],
        ),
        (
            "wrong committers",
            |r| event_mut(r, "E7").sources = vec!["T19".into()],
            &["arguments.country", "arguments.span", "commitments.tuple"],
        ),
    ];
    let gold = seed();
    for (name, perturb, lowered) in cases {
        let mut pred = gold.clone();
        perturb(&mut pred);
        let r = evaluate(std::slice::from_ref(&gold), &[pred], &EvalOptions::quick());
        for (key, f1) in f1s(&r) {
            if lowered.contains(&key) {
                assert!(f1 < 1.0, "{name}: {key} should drop, is {f1}");
            } else {
                assert_eq!(f1, 1.0, "{name}: {key} should stay 1.0");
            }
        }
    }
}

#[test]
fn documents_pair_by_id() {
    let a = doc("a", vec![ent(0, 5, "PER")], vec![]);
    let b = doc("b", vec![ent(0, 5, "PER"), ent(10, 15, "LOC")], vec![]);
    let c = doc("c", vec![ent(0, 5, "ORG")], vec![]);
    let r = evaluate(&[a.clone(), b], &[c, a.clone(), a], &EvalOptions::quick());
    assert_eq!(r.documents.missing_pred, vec!["b".to_string()]);
    assert_eq!(r.documents.extra_pred, vec!["c".to_string()]);
    assert_eq!(r.documents.duplicate_ids, vec!["a".to_string()]);
    let s = &r.entities.micro.strict;
    // a is right; b's two mentions are missed; c is ignored.
    assert_eq!((s.correct, s.missed, s.spurious), (1, 2, 0));
    assert!((s.recall - 1.0 / 3.0).abs() < 1e-9 && s.precision == 1.0);
}

#[test]
fn no_documents_at_all() {
    let r = evaluate(&[], &[], &EvalOptions::default());
    assert_eq!(r.documents.scored, 0);
    assert_eq!(r.entities.micro.strict.f1, 1.0);
    assert_eq!(r.bootstrap.resamples, 0);
    let text = report::render(&r, ReportFormat::Text);
    assert!(text.contains("0 gold documents"), "{text}");
}

#[test]
fn bootstrap_is_deterministic_and_brackets_the_score() {
    let gold = seed();
    let mut golds = Vec::new();
    let mut preds = Vec::new();
    for i in 0..8 {
        let mut g = gold.clone();
        g.id = format!("d{i}");
        let mut p = g.clone();
        p.events.truncate(9 - i);
        p.entities.truncate(32 - 2 * i);
        golds.push(g);
        preds.push(p);
    }
    let a = evaluate(&golds, &preds, &EvalOptions::default());
    let b = evaluate(&golds, &preds, &EvalOptions::default());
    assert_eq!(a.bootstrap, b.bootstrap);
    let ci = a.bootstrap.intervals["events.identification"];
    assert!(ci.low < ci.f1 && ci.f1 < ci.high && ci.high <= 1.0, "{ci:?}");
    assert!((ci.f1 - a.events.identification.f1).abs() < 1e-12);
}

#[test]
fn mistakes_are_capped_and_counted() {
    let gold = doc("d", (0..10).map(|i| ent(i * 5, i * 5 + 3, "PER")).collect(), vec![]);
    let pred = doc("d", vec![], vec![]);
    let r = evaluate(
        &[gold],
        &[pred],
        &EvalOptions {
            max_mistakes: 4,
            ..EvalOptions::quick()
        },
    );
    assert_eq!((r.mistakes.len(), r.mistakes_omitted), (4, 6));
}

#[test]
fn json_report_has_stable_keys() {
    let gold = seed();
    let mut pred = gold.clone();
    pred.entities.pop();
    let r = evaluate(&[gold], &[pred], &EvalOptions::quick());
    let v: serde_json::Value = serde_json::from_str(&report::render(&r, ReportFormat::Json)).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "arguments",
            "bootstrap",
            "commitments",
            "documents",
            "entities",
            "events",
            "mistakes",
            "mistakes_omitted",
            "schema"
        ]
    );
    assert_eq!(v["schema"], "accord-eval/1");
    for path in [
        "/entities/micro/strict/f1",
        "/entities/by_type/PER/partial/possible",
        "/events/identification/fn",
        "/events/by_type/ASSAULT/precision",
        "/events/sentence/micro/recall",
        "/events/confusion/matrix/16/16",
        "/arguments/country/by_role/time/tp",
        "/arguments/span/micro/f1",
        "/commitments/tuple/by_currency/JPY/f1",
        "/commitments/amount/micro/fp",
        "/bootstrap/intervals/entities.strict/low",
        "/documents/missing_pred",
        "/mistakes/0/sentence/text",
        "/mistakes/0/gold/label",
    ] {
        assert!(v.pointer(path).is_some(), "{path}");
    }
    assert_eq!(v["events"]["confusion"]["labels"].as_array().unwrap().len(), 17);
    assert_eq!(
        v["bootstrap"]["intervals"].as_object().unwrap().len(),
        bootstrap::HEADLINES.len()
    );
}

#[test]
fn human_reports_show_the_numbers_and_escape_the_text() {
    let mut gold = seed();
    gold.text = gold.text.replacen("Prime", "<b>&P", 1);
    let mut pred = gold.clone();
    pred.entities.remove(0);
    event_mut(&mut pred, "E4").kind = EventType::Agree;
    let r = evaluate(&[gold], &[pred], &EvalOptions::quick());
    let text = report::render(&r, ReportFormat::Text);
    assert!(
        text.contains("HEADLINE SCORES") && text.contains("entities.strict"),
        "{text}"
    );
    let md = report::render(&r, ReportFormat::Md);
    assert!(
        md.contains("| metric | P | R | F1 | 95% CI |") && md.contains("**Narendra Modi**"),
        "{md}"
    );
    let html = report::render(&r, ReportFormat::Html);
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<svg"));
    assert!(html.contains("&lt;b&gt;&amp;P") && !html.contains("<b>&"));
    assert!(md.contains("&lt;b>&amp;P"), "{md}");
    assert!(html.contains("<mark class=\"g\">Narendra Modi</mark>"));
    for external in ["<script", "<link", "src=", "url(", "@import"] {
        assert!(!html.contains(external), "{external}");
    }
    // The E4 type error shows in the confusion matrix off the diagonal.
    assert!(html.contains("rgba(228,87,86"));
    assert_eq!("md".parse::<ReportFormat>(), Ok(ReportFormat::Md));
    assert!("pdf".parse::<ReportFormat>().is_err());
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    const TYPES: [&str; 5] = ["PER", "ORG", "LOC", "MISC", "NOM"];
    const EVENTS: [&str; 3] = ["AGREE", "CONSULT", "ASSAULT"];

    fn entities() -> impl Strategy<Value = Vec<Entity>> {
        prop::collection::vec((0usize..60, 1usize..8, 0usize..5), 0..8)
            .prop_map(|v| v.into_iter().map(|(s, l, t)| ent(s, s + l, TYPES[t])).collect())
    }

    fn events() -> impl Strategy<Value = Vec<Event>> {
        prop::collection::vec((0usize..60, 1usize..6, 0usize..3), 0..6)
            .prop_map(|v| v.into_iter().map(|(s, l, t)| event(s, s + l, EVENTS[t])).collect())
    }

    proptest! {
        #[test]
        fn counts_are_consistent(ge in entities(), pe in entities(), gv in events(), pv in events()) {
            let gold = doc("d", ge.clone(), gv.clone());
            let pred = doc("d", pe.clone(), pv.clone());
            let r = evaluate(std::slice::from_ref(&gold), &[pred], &EvalOptions { resamples: 0, ..EvalOptions::default() });
            let named = |v: &[Entity]| v.iter().filter(|e| e.kind != EntityType::Nom).count();
            let m = &r.entities.micro;
            for c in [&m.strict, &m.exact, &m.partial, &m.ent_type] {
                prop_assert_eq!(c.possible, named(&ge));
                prop_assert_eq!(c.actual, named(&pe));
                prop_assert!((0.0..=1.0).contains(&c.f1));
            }
            prop_assert!(m.strict.correct <= m.exact.correct && m.strict.correct <= m.ent_type.correct);
            let (id, cl) = (&r.events.identification, &r.events.classification);
            prop_assert!(id.tp >= cl.tp);
            prop_assert_eq!((id.tp + id.fp, id.tp + id.fn_), (pv.len(), gv.len()));
            prop_assert_eq!((cl.tp + cl.fp, cl.tp + cl.fn_), (pv.len(), gv.len()));
            let total: usize = r.events.confusion.matrix.iter().flatten().sum();
            prop_assert_eq!(total, id.tp + id.fp + id.fn_);
            let own = evaluate(std::slice::from_ref(&gold), std::slice::from_ref(&gold), &EvalOptions { resamples: 0, ..EvalOptions::default() });
            for (k, f) in f1s(&own) {
                prop_assert!(f == 1.0, "{} = {} against itself", k, f);
            }
        }
    }
}
