//! Identifiers of the risk model: dimensions, factors and trigger rules.
//!
//! They are defined with [`folio_types::define_id!`], so they follow the same rules as
//! folio-types's ids (1 to [`folio_types::MAX_ID_LEN`] characters, no
//! surrounding white space, no control characters; padded text is rejected, not
//! trimmed), are validated on construction and on deserialization, are cheap to clone,
//! and borrow as `&str` so that a `BTreeMap<FactorId, _>` can be queried with a plain
//! string.

folio_types::define_id!(
    /// Identifies a risk dimension, such as `"technical"` or `"market"`.
    ///
    /// ```
    /// use folio_risk::DimensionId;
    ///
    /// assert_eq!(DimensionId::new("technical")?.as_str(), "technical");
    /// assert!(DimensionId::new(" technical").is_err());
    /// # Ok::<(), folio_types::Error>(())
    /// ```
    pub DimensionId,
    "dimension id",
    path = "folio_risk::DimensionId"
);
folio_types::define_id!(
    /// Identifies a risk factor, such as `"security"`. Factor ids are unique across a
    /// whole model, so an assessment rates a factor by its id alone.
    pub FactorId,
    "factor id",
    path = "folio_risk::FactorId"
);
folio_types::define_id!(
    /// Identifies a trigger rule, so that an alert says which rule fired.
    pub TriggerRuleId,
    "rule id",
    path = "folio_risk::TriggerRuleId"
);

#[cfg(test)]
mod tests {
    use folio_types::{IdProblem, MAX_ID_LEN};

    use super::*;

    fn check(input: &str, expected: Option<IdProblem>) {
        let got = FactorId::new(input).err().map(|e| match e {
            folio_types::Error::InvalidId { problem, kind, .. } => {
                assert_eq!(kind, "factor id");
                problem
            }
            other => panic!("unexpected error {other:?}"),
        });
        assert_eq!(got, expected, "input {input:?}");
    }

    #[test]
    fn validation_table() {
        check("security", None);
        check("platform debt", None);
        check("", Some(IdProblem::Empty));
        check(" security", Some(IdProblem::Untrimmed));
        check("secu\trity", Some(IdProblem::ControlCharacter));
        check(&"x".repeat(MAX_ID_LEN), None);
        check(&"x".repeat(MAX_ID_LEN + 1), Some(IdProblem::TooLong));
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serde_validates_and_round_trips() {
        let id: TriggerRuleId = serde_json::from_str("\"score-high\"").unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"score-high\"");
        let err = serde_json::from_str::<DimensionId>("\"\"").unwrap_err();
        assert!(err.to_string().contains("invalid dimension id"), "{err}");
        assert_eq!(format!("{id:?}"), "TriggerRuleId(\"score-high\")");
    }
}
