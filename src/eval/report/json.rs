//! The JSON report: the [`EvalReport`] serialised with its stable keys, for CI
//! and scripts. Maps are sorted by key; per-type maps always hold every type.

use crate::eval::EvalReport;

/// Renders the report as pretty-printed JSON.
pub fn render(r: &EvalReport) -> String {
    match serde_json::to_string_pretty(r) {
        Ok(s) => s + "\n",
        // Unreachable for these types (string keys, finite numbers); still no panic.
        Err(e) => format!("{{\"error\": {:?}}}\n", e.to_string()),
    }
}
