//! `extract --shard` and `merge` end to end: N shards account for every input
//! line once, bad lines and repeated ids included, and merge back byte for byte.

use crate::util::{accord, accord_ok, data, records};

fn shard_outputs(dir: &std::path::Path, input: &str, count: u32) -> Vec<String> {
    (0..count)
        .map(|k| {
            let out = dir.join(format!("shard-{k}.jsonl"));
            let out = out.to_str().unwrap().to_owned();
            let shard = format!("{k}/{count}");
            accord_ok(&[
                "extract",
                "--quiet",
                "--threads",
                "1",
                "--shard",
                &shard,
                input,
                "-o",
                &out,
            ]);
            out
        })
        .collect()
}

#[test]
fn shards_cover_every_line_once_and_merge_into_the_single_run() {
    let input = data("mixed.jsonl");
    let input = input.to_str().unwrap();
    let single = accord_ok(&["extract", "--quiet", "--threads", "1", input]);
    let dir = tempfile::tempdir().unwrap();
    let outputs = shard_outputs(dir.path(), input, 3);
    let mut ids: Vec<String> = outputs
        .iter()
        .flat_map(|path| records(&std::fs::read(path).unwrap()))
        .map(|r| r.id)
        .collect();
    ids.sort();
    let mut expected: Vec<String> = records(&single.stdout).into_iter().map(|r| r.id).collect();
    expected.sort();
    assert_eq!(ids, expected);

    let mut args = vec!["merge", "--input", input];
    args.extend(outputs.iter().rev().map(String::as_str));
    let merged = accord_ok(&args);
    assert_eq!(
        String::from_utf8_lossy(&merged.stdout),
        String::from_utf8_lossy(&single.stdout)
    );
}

#[test]
fn merge_names_the_missing_ids_and_writes_nothing() {
    let input = data("mixed.jsonl");
    let input = input.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let outputs = shard_outputs(dir.path(), input, 2);
    let merged = dir.path().join("merged.jsonl");
    let output = accord()
        .args(["merge", "--input", input, &outputs[0], &outputs[0], "-o"])
        .arg(&merged)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    let lost: Vec<String> = records(&std::fs::read(&outputs[1]).unwrap())
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert!(
        message.contains("missing") && message.contains("duplicated"),
        "{message}"
    );
    for id in lost {
        assert!(message.contains(&id), "{id} in {message}");
    }
    assert!(!merged.exists());
}

#[test]
fn a_shard_that_is_not_k_of_n_is_refused() {
    let output = accord().args(["extract", "--shard", "4/4", "-"]).output().unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("0 <= K < N"));
}
