//! Events: PLOVER-coded "who did what to whom" from sentences.
//!
//! Trigger candidates come from a dictionary ([`lexicon`]: CAMEO verbs and
//! nominal triggers, read through [`plover`]); a classifier on the shared
//! encoder states decides which are events and of which type, a role
//! classifier links entity mentions as source, target, location and time,
//! and rules attach commitments and filter negated or hypothetical mentions.

pub mod classify;
pub mod commit;
pub mod extract;
pub mod lexicon;
pub mod modality;
pub mod plover;
