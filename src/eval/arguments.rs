//! Argument scoring: `(event type, role, actor country)` tuples and
//! `(event type, role, span)` with span overlap, role in {source, target,
//! location, time}.
//!
//! An argument can only be right inside a pair of events matched by
//! classification (same type, overlapping triggers), so the event type of a
//! tuple is always right when the tuple is. The arguments of a gold event no
//! prediction classified are all missed, and those of an unmatched predicted
//! event all false alarms.
//!
//! - **country**: per event, the set of `(role, country)` where the argument's
//!   entity has `actor.country`; arguments without one are skipped.
//! - **span**: per event and role, entity spans (char offsets, repeats
//!   collapsed) matched one-to-one by overlap. An argument whose entity id
//!   does not resolve can match nothing.
//! - **country on matched events**: the country tuples of the matched pairs
//!   alone, so that what the arguments get wrong is told apart from what
//!   the triggers do (a missed event's arguments count in neither P nor R).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::align::{greedy, overlap, Partners};
use super::prf::{Keyed, Prf};
use super::{DocCtx, Layer, Mistake, MistakeKind};
use crate::record::{Entity, Event, Record};

/// Argument roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Role {
    Source,
    Target,
    Location,
    Time,
}

impl Role {
    const ALL: [Role; 4] = [Role::Source, Role::Target, Role::Location, Role::Time];

    fn as_str(self) -> &'static str {
        match self {
            Role::Source => "source",
            Role::Target => "target",
            Role::Location => "location",
            Role::Time => "time",
        }
    }
}

/// One scheme's scores.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct RoleScores {
    /// All roles together.
    pub micro: Prf,
    /// Per role: `source`, `target`, `location`, `time` (always present).
    pub by_role: BTreeMap<String, Prf>,
}

/// Argument scores under both schemes.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ArgumentScores {
    /// `(event type, role, actor country)` tuples.
    pub country: RoleScores,
    /// `(event type, role, span)` with span overlap.
    pub span: RoleScores,
    /// `(event type, role, actor country)` tuples of matched events only.
    pub country_matched: RoleScores,
}

/// Argument counts for one or more documents.
#[derive(Debug, Clone, Default)]
pub(crate) struct ArgTally {
    pub country: Keyed<Role>,
    pub span: Keyed<Role>,
    pub country_matched: Keyed<Role>,
}

impl ArgTally {
    pub fn add(&mut self, other: &ArgTally) {
        self.country.merge(other.country.clone());
        self.span.merge(other.span.clone());
        self.country_matched.merge(other.country_matched.clone());
    }

    pub fn scores(&self) -> ArgumentScores {
        let role_scores = |k: &Keyed<Role>| RoleScores {
            micro: k.total().prf(),
            by_role: Role::ALL
                .iter()
                .map(|r| (r.as_str().to_string(), k.0.get(r).copied().unwrap_or_default().prf()))
                .collect(),
        };
        ArgumentScores {
            country: role_scores(&self.country),
            span: role_scores(&self.span),
            country_matched: role_scores(&self.country_matched),
        }
    }
}

/// The arguments of one event, resolved against its document's entities.
struct Args<'a> {
    /// `(role, entity)`; `None` when the id does not resolve.
    items: Vec<(Role, Option<&'a Entity>)>,
}

impl<'a> Args<'a> {
    fn of(event: &'a Event, ents: &HashMap<&'a str, &'a Entity>) -> Args<'a> {
        let mut items = Vec::new();
        let mut push = |role, id: &String| items.push((role, ents.get(id.as_str()).copied()));
        event.sources.iter().for_each(|id| push(Role::Source, id));
        event.targets.iter().for_each(|id| push(Role::Target, id));
        event.location.iter().for_each(|id| push(Role::Location, id));
        event.time.iter().for_each(|id| push(Role::Time, id));
        Args { items }
    }

    fn countries(&self) -> BTreeSet<(Role, &'a str)> {
        self.items
            .iter()
            .filter_map(|(r, e)| Some((*r, e.as_ref()?.country()?)))
            .collect()
    }

    /// Entities of one role, repeats of a span collapsed, unresolved kept.
    fn spans(&self, role: Role) -> Vec<Option<&'a Entity>> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for (r, e) in &self.items {
            if *r != role {
                continue;
            }
            match e {
                Some(e) if !seen.insert((e.start, e.end)) => {}
                _ => out.push(*e),
            }
        }
        out
    }
}

fn entity_map(r: &Record) -> HashMap<&str, &Entity> {
    let mut m = HashMap::new();
    for e in &r.entities {
        m.entry(e.id.as_str()).or_insert(e);
    }
    m
}

fn span_of(e: Option<&Entity>) -> (usize, usize) {
    e.map_or((0, 0), |e| (e.start, e.end))
}

/// Scores one document's arguments given the classification pairs.
pub(crate) fn score_doc(ctx: &DocCtx, pairs: &[(usize, usize)], mistakes: &mut Vec<Mistake>) -> ArgTally {
    let (gold_ents, pred_ents) = (entity_map(ctx.gold), entity_map(ctx.pred));
    let (gold, pred) = (&ctx.gold.events, &ctx.pred.events);
    let partners = Partners::new(gold.len(), pred.len(), pairs);
    let mut tally = ArgTally::default();
    for (_, e) in gold.iter().enumerate().filter(|(g, _)| partners.gold[*g].is_none()) {
        let args = Args::of(e, &gold_ents);
        args.countries().iter().for_each(|(r, _)| tally.country.fn_(*r));
        Role::ALL
            .iter()
            .for_each(|r| args.spans(*r).iter().for_each(|_| tally.span.fn_(*r)));
    }
    for (_, e) in pred.iter().enumerate().filter(|(p, _)| partners.pred[*p].is_none()) {
        let args = Args::of(e, &pred_ents);
        args.countries().iter().for_each(|(r, _)| tally.country.fp(*r));
        Role::ALL
            .iter()
            .for_each(|r| args.spans(*r).iter().for_each(|_| tally.span.fp(*r)));
    }
    for &(g, p) in pairs {
        let (ge, pe) = (&gold[g], &pred[p]);
        let (ga, pa) = (Args::of(ge, &gold_ents), Args::of(pe, &pred_ents));
        let (gc, pc) = (ga.countries(), pa.countries());
        for tally in [&mut tally.country, &mut tally.country_matched] {
            gc.intersection(&pc).for_each(|(r, _)| tally.tp(*r));
            pc.difference(&gc).for_each(|(r, _)| tally.fp(*r));
            gc.difference(&pc).for_each(|(r, _)| tally.fn_(*r));
        }
        let note = format!("{} \u{201c}{}\u{201d}", ge.kind.as_str(), ge.trigger.text);
        for role in Role::ALL {
            let (gs, ps) = (ga.spans(role), pa.spans(role));
            let matched = greedy(gs.len(), ps.len(), |i, j| {
                let shared = overlap(span_of(gs[i]), span_of(ps[j]));
                (shared > 0).then(|| (span_of(gs[i]) == span_of(ps[j]), shared))
            });
            let m = Partners::new(gs.len(), ps.len(), &matched);
            let label = |e: Option<&Entity>| -> String {
                let country = e.and_then(|e| e.country().map(str::to_owned));
                format!(
                    "{}{}",
                    role.as_str(),
                    country.map(|c| format!(" {c}")).unwrap_or_default()
                )
            };
            let mark = |e: Option<&Entity>| e.map(|e| (e.start, e.end, label(Some(e))));
            for &(i, j) in &matched {
                tally.span.tp(role);
                let country = |e: Option<&Entity>| e.and_then(|e| e.country().map(str::to_owned));
                let (a, b) = (country(gs[i]), country(ps[j]));
                if a.is_some() && b.is_some() && a != b {
                    mistakes.push(ctx.mistake(
                        Layer::Argument,
                        MistakeKind::WrongCountry,
                        mark(gs[i]),
                        mark(ps[j]),
                        note.clone(),
                    ));
                }
            }
            for (_, e) in gs.iter().enumerate().filter(|(i, _)| m.gold[*i].is_none()) {
                tally.span.fn_(role);
                let gm = mark(*e).or(Some((
                    ge.trigger.start,
                    ge.trigger.end,
                    format!("{} (unresolved)", role.as_str()),
                )));
                mistakes.push(ctx.mistake(Layer::Argument, MistakeKind::Missed, gm, None, note.clone()));
            }
            for (_, e) in ps.iter().enumerate().filter(|(j, _)| m.pred[*j].is_none()) {
                tally.span.fp(role);
                let pm = mark(*e).or(Some((
                    pe.trigger.start,
                    pe.trigger.end,
                    format!("{} (unresolved)", role.as_str()),
                )));
                mistakes.push(ctx.mistake(Layer::Argument, MistakeKind::FalseAlarm, None, pm, note.clone()));
            }
        }
    }
    tally
}

#[cfg(test)]
mod tests {
    use super::super::tests::{doc, ent_actor, event_args};
    use super::super::{evaluate, EvalOptions};

    fn c(p: &super::Prf) -> (usize, usize, usize) {
        (p.tp, p.fp, p.fn_)
    }

    #[test]
    fn country_and_span_tuples_by_hand() {
        // Gold: T1 IND 0..5, T2 JPN 10..15, T3 (no actor) 20..25 as location.
        // E1 CONSULT 30..33: sources [T1], targets [T2], location T3.
        let gold = doc(
            "d",
            vec![
                ent_actor("T1", 0, 5, Some("IND")),
                ent_actor("T2", 10, 15, Some("JPN")),
                ent_actor("T3", 20, 25, None),
            ],
            vec![event_args(30, 33, "CONSULT", &["T1"], &["T2"], Some("T3"))],
        );
        // Pred: P1 IND 0..3 (overlaps T1), P2 USA 10..15 (T2's span, wrong
        // country), location dangling "P9"; plus an unmatched AGREE with source P1.
        let pred = doc(
            "d",
            vec![ent_actor("P1", 0, 3, Some("IND")), ent_actor("P2", 10, 15, Some("USA"))],
            vec![
                event_args(30, 33, "CONSULT", &["P1"], &["P2"], Some("P9")),
                event_args(40, 45, "AGREE", &["P1"], &[], None),
            ],
        );
        let r = evaluate(&[gold], &[pred], &EvalOptions::quick());
        let a = &r.arguments;
        // country: matched pair {src IND, tgt JPN} vs {src IND, tgt USA} -> tp1 fp1 fn1;
        // the unmatched AGREE adds fp1 (src IND).
        assert_eq!(c(&a.country.micro), (1, 2, 1));
        // Matched events only: the unmatched AGREE's source is left out.
        assert_eq!(c(&a.country_matched.micro), (1, 1, 1));
        assert_eq!(c(&a.country.by_role["target"]), (0, 1, 1));
        assert_eq!(c(&a.country.by_role["source"]), (1, 1, 0));
        // span: src overlap tp, tgt same span tp, location T3 vs unresolved -> fp1 fn1;
        // AGREE's source fp1.
        assert_eq!(c(&a.span.micro), (2, 2, 1));
        assert_eq!(c(&a.span.by_role["location"]), (0, 1, 1));
        assert_eq!(c(&a.span.by_role["time"]), (0, 0, 0));
        assert_eq!(a.span.by_role["time"].f1, 1.0);
    }

    #[test]
    fn reciprocal_arguments_and_repeats() {
        let ents = vec![ent_actor("T1", 0, 5, Some("IND")), ent_actor("T2", 10, 15, Some("JPN"))];
        let gold = doc(
            "d",
            ents.clone(),
            vec![event_args(30, 33, "AGREE", &["T1", "T2"], &["T1", "T2"], None)],
        );
        // Predicted source list repeats T1; the repeat collapses.
        let pred = doc(
            "d",
            ents,
            vec![event_args(30, 33, "AGREE", &["T1", "T1"], &["T2", "T1"], None)],
        );
        let r = evaluate(&[gold], &[pred], &EvalOptions::quick());
        assert_eq!(c(&r.arguments.country.micro), (3, 0, 1));
        assert_eq!(c(&r.arguments.span.micro), (3, 0, 1));
    }
}
