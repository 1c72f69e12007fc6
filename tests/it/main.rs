//! Integration tests: one binary, one module per area.

mod encoder;
mod extract;
mod util;
