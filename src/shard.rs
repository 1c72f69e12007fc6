//! Deterministic sharding: which of N independent jobs processes a document.
//!
//! A document belongs to shard `K` of `N` (`K` counted from 0) when
//!
//! ```text
//! K = u64::from_be_bytes(SHA-256(id as UTF-8)[0..8]) mod N
//! ```
//!
//! (Python: `int.from_bytes(hashlib.sha256(id.encode()).digest()[:8], "big") % n`).
//! The hash depends on the id alone — not on the file, the line, the machine
//! or the accord version — so N jobs started with `--shard 0/N` … `--shard
//! N-1/N` over the same input cover every document exactly once, and all
//! copies of a repeated id land in the same shard (where the run marks the
//! later ones `duplicate_id`, as a single run does).
//!
//! Input lines that cannot be read still become error records with an id
//! (the document's own where it can be salvaged, else the synthetic
//! `FILESTEM:LINE`) and are sharded by that id like any document, so the N
//! outputs together still have one line per input line.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};

use crate::error::Error;
use crate::read::Documents;

/// Shard `index` of `count` (0 ≤ index < count), written `K/N`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    index: u64,
    count: u64,
}

impl Shard {
    /// Shard `index` of `count`.
    ///
    /// # Errors
    /// `count` is 0 or `index` is not below it.
    pub fn new(index: u64, count: u64) -> Result<Shard, Error> {
        if count == 0 || index >= count {
            return Err(Error::Invalid(format!(
                "shard {index}/{count}: expected K/N with 0 <= K < N (shards are counted from 0)"
            )));
        }
        Ok(Shard { index, count })
    }

    /// This shard's index, from 0.
    pub fn index(&self) -> u64 {
        self.index
    }

    /// How many shards there are.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Whether the document with this id belongs to this shard.
    pub fn contains(&self, id: &str) -> bool {
        shard_of(id, self.count) == self.index
    }

    /// Keeps the documents of this shard. Read errors (`Err` items) are kept,
    /// so that a broken input fails every shard's run rather than none.
    pub fn filter(self, docs: Documents) -> Documents {
        Box::new(docs.filter(move |item| item.as_ref().map_or(true, |record| self.contains(&record.id))))
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = Error;

    fn from_str(text: &str) -> Result<Shard, Error> {
        let invalid = || Error::Invalid(format!("shard {text:?}: expected K/N, such as 0/4"));
        let (index, count) = text.split_once('/').ok_or_else(invalid)?;
        let index = index.trim().parse().map_err(|_| invalid())?;
        let count = count.trim().parse().map_err(|_| invalid())?;
        Shard::new(index, count)
    }
}

/// The shard (0 ≤ shard < `count`) of the document with this id; 0 when
/// `count` is 0.
pub fn shard_of(id: &str, count: u64) -> u64 {
    if count == 0 {
        return 0;
    }
    let digest = Sha256::digest(id.as_bytes());
    let mut head = [0u8; 8];
    head.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(head) % count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Record;

    /// Pinned values: changing them would move documents between shards of
    /// jobs already run, so the hash must never change. The Python one-liner
    /// of the module docs gives the same numbers.
    #[test]
    fn shard_values_are_pinned() {
        let table = [
            ("kremlin-70000", 4, 1),
            ("kremlin-70001", 4, 3),
            ("seed-india-japan", 4, 3),
            ("doc:7", 16, 15),
            ("", 10, 2),
            ("Zürich–Tokyo 🙂", 7, 0),
            ("kremlin-70000", 1, 0),
        ];
        for (id, count, expected) in table {
            assert_eq!(shard_of(id, count), expected, "{id:?} of {count}");
        }
    }

    #[test]
    fn every_id_is_in_exactly_one_shard_and_shards_are_balanced() {
        let ids: Vec<String> = (0..8000).map(|i| format!("doc-{i}")).collect();
        for count in [1, 2, 3, 4, 7, 16] {
            let shards: Vec<Shard> = (0..count).map(|k| Shard::new(k, count).unwrap()).collect();
            let mut sizes = vec![0usize; count as usize];
            for id in &ids {
                let owners: Vec<u64> = shards.iter().filter(|s| s.contains(id)).map(Shard::index).collect();
                assert_eq!(owners.len(), 1, "{id} in {owners:?} of {count}");
                sizes[owners[0] as usize] += 1;
            }
            let expected = ids.len() as f64 / count as f64;
            for size in sizes {
                // Binomial spread is about sqrt(expected); 5 of them is far out.
                assert!(
                    (size as f64 - expected).abs() < 5.0 * expected.sqrt(),
                    "{size} vs {expected}"
                );
            }
        }
    }

    #[test]
    fn shards_parse_as_k_of_n_counted_from_zero() {
        assert_eq!("0/4".parse::<Shard>().unwrap(), Shard::new(0, 4).unwrap());
        assert_eq!("3/4".parse::<Shard>().unwrap().to_string(), "3/4");
        for bad in ["4/4", "1/0", "4", "a/4", "-1/4", "1/4/2", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn filtering_keeps_this_shards_documents_and_read_errors() {
        let items: Vec<crate::Result<Record>> = vec![
            Ok(Record {
                id: "kremlin-70000".into(),
                ..Record::default()
            }),
            Ok(Record {
                id: "kremlin-70001".into(),
                ..Record::default()
            }),
            Err(Error::Invalid("disk gone".into())),
        ];
        let kept: Vec<String> = Shard::new(3, 4)
            .unwrap()
            .filter(Box::new(items.into_iter()))
            .map(|item| item.map_or_else(|e| e.to_string(), |r| r.id))
            .collect();
        assert_eq!(kept, ["kremlin-70001", "disk gone"]);
    }
}
