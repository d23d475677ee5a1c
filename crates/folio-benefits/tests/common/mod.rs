//! The small benefits portfolio that the scenario tests spell out date by date (see
//! the list at the top of `tests/scenarios.rs`), shared by the test files that read it.

/// The book as JSON: "checkout", "sso" and "dark-mode" with their recorded
/// realizations.
pub(crate) const BOOK: &str = r#"{
  "cases": [
    {"initiative": "checkout", "owner": "ana", "product_line": "commerce",
     "approved_on": "2025-12-01", "launched_on": "2026-01-15",
     "expected": [
       {"money": {"amount": "10000", "currency": "EUR"}},
       {"money": {"amount": "10000", "currency": "EUR"}},
       {"money": {"amount": "10000", "currency": "EUR"}},
       {"money": {"amount": "30000", "currency": "EUR"}},
       {"money": {"amount": "30000", "currency": "EUR"}}]},
    {"initiative": "sso", "owner": "bo", "product_line": "platform",
     "approved_on": "2026-02-01", "launched_on": "2026-03-01",
     "expected": [
       {"money": {"amount": "2000", "currency": "EUR"}},
       {"money": {"amount": "2000", "currency": "EUR"}},
       {"money": {"amount": "2000", "currency": "EUR"}}]},
    {"initiative": "dark-mode", "owner": "ana", "product_line": "platform",
     "approved_on": "2026-01-20", "launched_on": "2026-02-01",
     "expected": [
       {"metric": {"metric": "active_users", "value": "0"}},
       {"metric": {"metric": "active_users", "value": "500"}},
       {"metric": {"metric": "active_users", "value": "500"}}]}
  ],
  "realizations": [
    {"initiative": "checkout", "checkpoint": 1, "recorded_on": "2026-02-14",
     "realized": {"money": {"amount": "9500", "currency": "EUR"}}},
    {"initiative": "checkout", "checkpoint": 2, "recorded_on": "2026-04-01",
     "realized": {"money": {"amount": "7000", "currency": "EUR"}},
     "root_cause": {"category": "adoption_lower_than_planned",
                    "text": "Returning customers kept the old flow"}},
    {"initiative": "checkout", "checkpoint": 3, "recorded_on": "2026-04-15",
     "realized": {"money": {"amount": "6000", "currency": "EUR"}}},
    {"initiative": "dark-mode", "checkpoint": 1, "recorded_on": "2026-03-03",
     "realized": {"metric": {"metric": "active_users", "value": "40"}},
     "root_cause": {"category": "other", "text": "Beta users switched before launch"}},
    {"initiative": "dark-mode", "checkpoint": 2, "recorded_on": "2026-04-02",
     "realized": {"metric": {"metric": "active_users", "value": "500"}}},
    {"initiative": "dark-mode", "checkpoint": 3, "recorded_on": "2026-05-02",
     "realized": {"metric": {"metric": "active_users", "value": "450"}}}
  ]
}"#;
