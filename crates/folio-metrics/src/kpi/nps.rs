//! Net promoter score from raw 0-10 responses, and the NPS gap across products.
//!
//! # Formula
//!
//! Responses 9-10 are promoters, 7-8 passives, 0-6 detractors (Reichheld's bands).
//! `NPS = (promoters - detractors) / respondents × 100`, a score in `-100..=100`,
//! exact to 28 significant digits (not rounded to a whole number: round for display).

use std::collections::BTreeMap;

use folio_types::ProductId;
use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::math;

/// The result of [`nps`]: the counts and the score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Nps {
    /// Responses of 9 or 10.
    pub promoters: u64,
    /// Responses of 7 or 8.
    pub passives: u64,
    /// Responses of 0 to 6.
    pub detractors: u64,
    /// All responses.
    pub respondents: u64,
    /// `(promoters - detractors) / respondents × 100`.
    pub score: Decimal,
}

/// The NPS of raw survey responses (each 0 to 10).
///
/// ```
/// use folio_metrics::kpi::nps;
///
/// // 5 promoters, 3 passives, 2 detractors of 10: (5 - 2) / 10 × 100 = 30.
/// let result = nps(&[10, 9, 9, 10, 9, 8, 7, 7, 3, 6])?;
/// assert_eq!((result.promoters, result.passives, result.detractors), (5, 3, 2));
/// assert_eq!(result.score.to_string(), "30");
/// # Ok::<(), folio_metrics::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::Empty`] for no responses; [`Error::InvalidValue`] for a response above
/// 10.
pub fn nps(responses: &[u8]) -> Result<Nps> {
    let (mut promoters, mut passives, mut detractors) = (0u64, 0u64, 0u64);
    for &response in responses {
        let band = match response {
            0..=6 => &mut detractors,
            7 | 8 => &mut passives,
            9 | 10 => &mut promoters,
            _ => {
                return Err(Error::InvalidValue {
                    field: "NPS response",
                    value: response.to_string(),
                    problem: "responses are whole numbers from 0 to 10",
                });
            }
        };
        *band = band.saturating_add(1);
    }
    let respondents = promoters
        .saturating_add(passives)
        .saturating_add(detractors);
    if respondents == 0 {
        return Err(Error::Empty {
            what: "responses",
            computing: "an NPS".to_owned(),
        });
    }
    let net = math::sub(
        math::from_u64(promoters),
        math::from_u64(detractors),
        "computing an NPS",
    )?;
    let score = math::div(
        math::mul(net, Decimal::ONE_HUNDRED, "computing an NPS")?,
        math::from_u64(respondents),
        "computing an NPS",
    )?;
    Ok(Nps {
        promoters,
        passives,
        detractors,
        respondents,
        score,
    })
}

/// The spread of NPS across products: the highest, the lowest and the gap between.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct NpsGap {
    /// The product with the highest score (the smallest id among equals).
    pub highest: ProductId,
    /// Its score.
    pub highest_score: Decimal,
    /// The product with the lowest score (the smallest id among equals).
    pub lowest: ProductId,
    /// Its score.
    pub lowest_score: Decimal,
    /// `highest_score - lowest_score`, never negative.
    pub gap: Decimal,
}

/// The gap between the highest and the lowest product NPS.
///
/// ```
/// use std::collections::BTreeMap;
/// use folio_metrics::kpi::nps_gap;
/// use rust_decimal::Decimal;
///
/// let scores = BTreeMap::from([
///     ("atlas".parse()?, Decimal::from(42)),
///     ("lens".parse()?, Decimal::from(-8)),
///     ("orbit".parse()?, Decimal::from(15)),
/// ]);
/// let gap = nps_gap(&scores)?;
/// assert_eq!((gap.highest.as_str(), gap.lowest.as_str()), ("atlas", "lens"));
/// assert_eq!(gap.gap, Decimal::from(50));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::Empty`] for no products; [`Error::InvalidValue`] for a score outside
/// `-100..=100`.
pub fn nps_gap(scores: &BTreeMap<ProductId, Decimal>) -> Result<NpsGap> {
    let bound = Decimal::ONE_HUNDRED;
    if let Some(bad) = scores.values().find(|s| s.abs() > bound) {
        return Err(Error::InvalidValue {
            field: "NPS",
            value: bad.to_string(),
            problem: "an NPS lies in -100..=100",
        });
    }
    // Map iteration is in id order and only a strictly better score replaces the
    // current pick, so ties go to the smallest id.
    let mut highest: Option<(&ProductId, Decimal)> = None;
    let mut lowest: Option<(&ProductId, Decimal)> = None;
    for (product, &score) in scores {
        if highest.is_none_or(|(_, h)| score > h) {
            highest = Some((product, score));
        }
        if lowest.is_none_or(|(_, l)| score < l) {
            lowest = Some((product, score));
        }
    }
    let (Some((high, high_score)), Some((low, low_score))) = (highest, lowest) else {
        return Err(Error::Empty {
            what: "product scores",
            computing: "an NPS gap".to_owned(),
        });
    };
    Ok(NpsGap {
        highest: high.clone(),
        highest_score: high_score,
        lowest: low.clone(),
        lowest_score: low_score,
        gap: math::sub(high_score, low_score, "computing an NPS gap")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(responses: &[u8], score: &str) {
        assert_eq!(
            nps(responses).unwrap().score,
            score.parse().unwrap(),
            "{responses:?}"
        );
    }

    #[test]
    fn score_table() {
        check(&[10], "100");
        check(&[0], "-100");
        check(&[7, 8], "0");
        check(&[9, 6, 8], "0");
        check(&[9, 9, 5], "33.333333333333333333333333333");
        check(&[10, 10, 10, 0], "50");
    }

    #[test]
    fn bad_inputs() {
        assert!(matches!(nps(&[]), Err(Error::Empty { .. })));
        assert!(matches!(nps(&[9, 11]), Err(Error::InvalidValue { .. })));
        assert!(matches!(
            nps_gap(&BTreeMap::new()),
            Err(Error::Empty { .. })
        ));
        let edges = BTreeMap::from([
            (ProductId::new("a").unwrap(), Decimal::from(-100)),
            (ProductId::new("b").unwrap(), Decimal::from(100)),
            (ProductId::new("c").unwrap(), Decimal::from(5)),
        ]);
        let gap = nps_gap(&edges).unwrap();
        assert_eq!((gap.highest.as_str(), gap.lowest.as_str()), ("b", "a"));
        assert_eq!(
            (gap.highest_score, gap.lowest_score, gap.gap),
            (100.into(), (-100).into(), 200.into())
        );
        let out = BTreeMap::from([(ProductId::new("a").unwrap(), Decimal::from(101))]);
        assert!(matches!(nps_gap(&out), Err(Error::InvalidValue { .. })));
    }

    #[test]
    fn gap_ties_go_to_the_smallest_id() {
        let scores = BTreeMap::from([
            (ProductId::new("b").unwrap(), Decimal::from(10)),
            (ProductId::new("a").unwrap(), Decimal::from(10)),
        ]);
        let gap = nps_gap(&scores).unwrap();
        assert_eq!((gap.highest.as_str(), gap.lowest.as_str()), ("a", "a"));
        assert_eq!(gap.gap, Decimal::ZERO);
    }
}
