//! Dated assessments: one product's factor ratings on one day.

use chrono::NaiveDate;
use folio_types::{ProductId, RiskRating};

use crate::error::{Error, Result};
use crate::id::FactorId;
use crate::ratings::Ratings;

/// One product's factor ratings, as assessed on one date.
///
/// Ratings are keyed by factor id, in [`Ratings`] (a map-like vector in id order). A
/// factor may be left out; what that means is the
/// [`MissingRatingPolicy`](crate::MissingRatingPolicy) of the scoring configuration
/// (by default an error), never a silent zero. In JSON, `ratings` is an object from
/// factor id to rating; a factor that appears twice is rejected rather than letting the
/// last value win.
///
#[cfg_attr(feature = "serde", doc = "```")]
#[cfg_attr(not(feature = "serde"), doc = "```ignore")]
/// use folio_risk::Assessment;
///
/// let assessment: Assessment = serde_json::from_str(r#"{
///     "product": "atlas",
///     "date": "2026-09-30",
///     "ratings": { "security": "4", "reliability": 2 }
/// }"#)?;
/// assert_eq!(assessment.ratings.len(), 2);
/// assert!(serde_json::from_str::<Assessment>(r#"{
///     "product": "atlas", "date": "2026-09-30",
///     "ratings": { "security": 4, "security": 5 }
/// }"#).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(
    feature = "schemars",
    schemars(
        description = "One product's factor ratings, as assessed on one date.\n\nRatings are keyed by factor id. A factor may be left out; what that means is the\n[`MissingRatingPolicy`](crate::MissingRatingPolicy) of the scoring configuration\n(by default an error), never a silent zero. In JSON, `ratings` is an object from\nfactor id to rating; a factor that appears twice is rejected rather than letting the\nlast value win.\n\nuse folio_risk::Assessment;\n\nlet assessment: Assessment = serde_json::from_str(r#\"{\n    \"product\": \"atlas\",\n    \"date\": \"2026-09-30\",\n    \"ratings\": { \"security\": \"4\", \"reliability\": 2 }\n}\"#)?;\nassert_eq!(assessment.ratings.len(), 2);\nassert!(serde_json::from_str::<Assessment>(r#\"{\n    \"product\": \"atlas\", \"date\": \"2026-09-30\",\n    \"ratings\": { \"security\": 4, \"security\": 5 }\n}\"#).is_err());\n# Ok::<(), Box<dyn std::error::Error>>(())"
    )
)]
pub struct Assessment {
    /// The assessed product.
    pub product: ProductId,
    /// The day of the assessment.
    pub date: NaiveDate,
    /// The rating of each assessed factor.
    pub ratings: Ratings,
}

impl Assessment {
    /// An assessment from `(factor, rating)` pairs in any order.
    ///
    /// # Errors
    ///
    /// [`Error::DuplicateRating`] naming the first factor (in id order) rated twice.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_risk::Assessment;
    /// use folio_types::{NaiveDate, RiskRating};
    /// use rust_decimal::Decimal;
    ///
    /// let date = NaiveDate::from_ymd_opt(2026, 9, 30).ok_or("bad date")?;
    /// let four = RiskRating::new(Decimal::from(4))?;
    /// let a = Assessment::new("atlas".parse()?, date, [("security".parse()?, four), ("reliability".parse()?, four)])?;
    /// assert_eq!(a.ratings.len(), 2);
    /// // The same factor twice is an error, not a silent overwrite.
    /// assert!(Assessment::new("atlas".parse()?, date, [("security".parse()?, four), ("security".parse()?, four)]).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new<I>(product: ProductId, date: NaiveDate, ratings: I) -> Result<Self>
    where
        I: IntoIterator<Item = (FactorId, RiskRating)>,
    {
        let ratings = Ratings::unique(ratings.into_iter().collect())
            .map_err(|factor| Error::DuplicateRating { factor })?;
        Ok(Self {
            product,
            date,
            ratings,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rating(n: i64) -> RiskRating {
        RiskRating::new(n.into()).unwrap()
    }

    #[test]
    fn new_rejects_a_factor_rated_twice() {
        let product = ProductId::new("atlas").unwrap();
        let date = NaiveDate::from_ymd_opt(2026, 9, 30).unwrap();
        let f = |s: &str| FactorId::new(s).unwrap();
        let ok = Assessment::new(
            product.clone(),
            date,
            [(f("b"), rating(2)), (f("a"), rating(3))],
        )
        .unwrap();
        assert_eq!(
            ok.ratings.keys().map(FactorId::as_str).collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert_eq!(
            Assessment::new(product, date, [(f("b"), rating(2)), (f("b"), rating(3))]),
            Err(Error::DuplicateRating { factor: f("b") })
        );
    }

    #[cfg(feature = "serde")]
    #[test]
    fn deserialization_validates_every_field() {
        let base = |ratings: &str| {
            format!(r#"{{"product":"atlas","date":"2026-09-30","ratings":{ratings}}}"#)
        };
        let ok: Assessment = serde_json::from_str(&base(r#"{"security":"4.5"}"#)).unwrap();
        assert_eq!(
            ok.ratings.get("security").copied(),
            RiskRating::new("4.5".parse().unwrap()).ok()
        );
        for (ratings, message) in [
            (r#"{"security":6}"#, "risk rating 6 is outside 1..=5"),
            (r#"{"security":0}"#, "risk rating 0 is outside 1..=5"),
            (r#"{"":3}"#, "invalid factor id"),
            (r#"{"a":3,"a":4}"#, "factor \"a\" is rated twice"),
            (r#"[3]"#, "an object from factor id to risk rating"),
        ] {
            let err = serde_json::from_str::<Assessment>(&base(ratings)).unwrap_err();
            assert!(err.to_string().contains(message), "{ratings}: {err}");
        }
        let err = serde_json::from_str::<Assessment>(
            r#"{"product":" atlas","date":"2026-09-30","ratings":{}}"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("invalid product id"), "{err}");
    }
}
