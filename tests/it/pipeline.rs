//! The shipped models end to end: what a user of the seed article must get.

use accord::record::{EntityType, EventType, Record};

use crate::util::{accord_ok, data, records};

fn extract_seed() -> Record {
    let output = accord_ok(&[
        "extract",
        "--quiet",
        "--threads",
        "1",
        data("seed.jsonl").to_str().unwrap(),
    ]);
    records(&output.stdout).remove(0)
}

fn country_of(record: &Record, id: &str) -> Option<String> {
    record.entity(id)?.actor.as_ref()?.country.clone()
}

#[test]
fn the_seed_article_gives_its_meeting_agreements_and_commitment() {
    let record = extract_seed();
    let modi = record
        .entities
        .iter()
        .find(|e| e.text == "Narendra Modi")
        .expect("Narendra Modi is found");
    assert_eq!(modi.kind, EntityType::Per);
    assert_eq!(modi.actor.as_ref().and_then(|a| a.country.as_deref()), Some("IND"));

    let meeting = record
        .events
        .iter()
        .find(|e| e.kind == EventType::Consult && e.trigger.text.starts_with("met"));
    assert!(meeting.is_some(), "no CONSULT on `met`: {:#?}", record.events);

    let target = record
        .events
        .iter()
        .filter(|e| e.kind == EventType::Agree)
        .find_map(|e| e.commitment.as_ref().filter(|c| c.amount.is_some()).map(|c| (e, c)));
    let (event, commitment) = target.expect("an AGREE event with an amount");
    let amount = commitment.amount.as_ref().unwrap();
    assert_eq!((amount.value, amount.currency.as_str()), (1e13, "JPY"));
    let previous = commitment
        .previous
        .as_ref()
        .and_then(|p| p.amount.as_ref())
        .expect("the earlier goal");
    assert_eq!(previous.value, 5e12);
    let mut committers: Vec<String> = event.sources.iter().filter_map(|id| country_of(&record, id)).collect();
    committers.sort();
    committers.dedup();
    assert_eq!(committers, ["IND", "JPN"]);

    let batteries = record.events.iter().find(|e| {
        e.kind == EventType::Agree
            && e.commitment
                .as_ref()
                .and_then(|c| c.theme.as_deref())
                .is_some_and(|t| t.contains("batteries"))
    });
    assert!(batteries.is_some(), "no batteries agreement: {:#?}", record.events);
}

#[test]
fn every_event_points_at_entities_of_its_record() {
    let record = extract_seed();
    for event in &record.events {
        let ids = event
            .sources
            .iter()
            .chain(&event.targets)
            .chain(event.location.iter())
            .chain(event.time.iter());
        for id in ids {
            assert!(record.entity(id).is_some(), "{} points at missing {id}", event.id);
        }
        assert!(event.confidence.is_some_and(|c| (0.0..=1.0).contains(&c)));
    }
}
