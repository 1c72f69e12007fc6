//! Integration tests: one binary, one module per area.

mod encoder;
mod eval;
mod extract;
mod hf_export;
mod pipeline;
mod reliability;
mod scaleout;
mod sinks;
mod util;
