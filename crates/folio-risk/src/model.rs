//! The risk model: dimensions, their factors and their weights.
//!
//! A product's risk is rated factor by factor on the 1-5 scale of
//! [`RiskRating`](folio_types::RiskRating). Factors belong to dimensions; both carry a
//! [`Weight`] (default 1, so equal weights unless told otherwise). The
//! [standard model](RiskModel::standard) has four dimensions and nine factors:
//!
//! | dimension | factors |
//! |---|---|
//! | `technical` | `reliability`, `security`, `platform_debt` |
//! | `market` | `competitive_pressure`, `churn_signals` |
//! | `execution` | `critical_path_delivery`, `dependency_risk` |
//! | `financial` | `margin_compression`, `cost_volatility` |
//!
//! Custom dimensions and factors are data: add a [`DimensionSpec`] or a [`FactorSpec`]
//! to a [`RiskModelData`] (in code or in JSON) and validate it into a [`RiskModel`].
//!
//! # Rules
//!
//! A model has at least one dimension, every dimension at least one factor; dimension
//! ids are unique, and factor ids are unique across the whole model (an assessment
//! rates a factor by its id alone). Weights are never negative (the [`Weight`] type
//! cannot be), and the weights of the dimensions, and of each dimension's factors, must
//! not all be zero, because scores divide by their sum. A single zero weight is allowed:
//! the input is shown in the explanation but does not count.
//!
//! The validated model keeps dimensions in id order and each dimension's factors in id
//! order, so the same data in any order gives the same model, the same explanations and
//! the same first error.

use std::collections::BTreeMap;

use folio_types::Weight;

use crate::error::{Error, Result};
use crate::id::{DimensionId, FactorId};

/// The ids of the standard model, for code that refers to them.
pub mod standard {
    /// The technical dimension.
    pub const TECHNICAL: &str = "technical";
    /// Reliability: outages, incidents, error budgets (technical).
    pub const RELIABILITY: &str = "reliability";
    /// Security: exposure, open findings, compliance gaps (technical).
    pub const SECURITY: &str = "security";
    /// Platform debt: ageing stack, unsupported dependencies (technical).
    pub const PLATFORM_DEBT: &str = "platform_debt";
    /// The market dimension.
    pub const MARKET: &str = "market";
    /// Competitive pressure (market).
    pub const COMPETITIVE_PRESSURE: &str = "competitive_pressure";
    /// Churn signals: falling usage, downgrades, cancellations (market).
    pub const CHURN_SIGNALS: &str = "churn_signals";
    /// The execution dimension.
    pub const EXECUTION: &str = "execution";
    /// Critical-path delivery: slipping milestones on what matters (execution).
    pub const CRITICAL_PATH_DELIVERY: &str = "critical_path_delivery";
    /// Dependency risk: other teams, vendors, platforms (execution).
    pub const DEPENDENCY_RISK: &str = "dependency_risk";
    /// The financial dimension.
    pub const FINANCIAL: &str = "financial";
    /// Margin compression (financial).
    pub const MARGIN_COMPRESSION: &str = "margin_compression";
    /// Cost volatility: cloud, vendor or staffing costs that swing (financial).
    pub const COST_VOLATILITY: &str = "cost_volatility";

    /// A dimension as `(id, name, [(factor id, factor name)])`.
    pub(crate) type Entry = (
        &'static str,
        &'static str,
        &'static [(&'static str, &'static str)],
    );

    /// The standard model.
    pub(crate) const MODEL: [Entry; 4] = [
        (
            TECHNICAL,
            "Technical",
            &[
                (RELIABILITY, "Reliability"),
                (SECURITY, "Security"),
                (PLATFORM_DEBT, "Platform debt"),
            ],
        ),
        (
            MARKET,
            "Market",
            &[
                (COMPETITIVE_PRESSURE, "Competitive pressure"),
                (CHURN_SIGNALS, "Churn signals"),
            ],
        ),
        (
            EXECUTION,
            "Execution",
            &[
                (CRITICAL_PATH_DELIVERY, "Critical-path delivery"),
                (DEPENDENCY_RISK, "Dependency risk"),
            ],
        ),
        (
            FINANCIAL,
            "Financial",
            &[
                (MARGIN_COMPRESSION, "Margin compression"),
                (COST_VOLATILITY, "Cost volatility"),
            ],
        ),
    ];
}

/// One factor of a dimension, such as `security`.
///
/// # Example
///
/// ```
/// use folio_risk::FactorSpec;
/// use folio_types::Weight;
///
/// let mut slip = FactorSpec::new("slip".parse()?, "Schedule slip");
/// assert_eq!(slip.weight, Weight::ONE);
/// slip.weight = "2".parse()?; // counts twice as much as a factor of weight 1
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(
    feature = "schemars",
    schemars(description = "One factor of a dimension, such as `security`.")
)]
pub struct FactorSpec {
    /// The factor's id, unique across the model.
    pub id: FactorId,
    /// Display name.
    pub name: String,
    /// Relative weight within its dimension; 1 when not given.
    #[cfg_attr(feature = "serde", serde(default))]
    pub weight: Weight,
}

impl FactorSpec {
    /// A factor with weight 1.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_risk::{DimensionSpec, FactorSpec, RiskModel, RiskModelData};
    ///
    /// let delivery = DimensionSpec::new(
    ///     "delivery".parse()?,
    ///     "Delivery",
    ///     vec![FactorSpec::new("slip".parse()?, "Schedule slip"), FactorSpec::new("staffing".parse()?, "Staffing")],
    /// );
    /// let model = RiskModel::new(RiskModelData { dimensions: vec![delivery] })?;
    /// assert_eq!(model.factor_count(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(id: FactorId, name: impl Into<String>) -> Self {
        Self {
            id,
            name: name.into(),
            weight: Weight::ONE,
        }
    }
}

/// One dimension of the model, such as `technical`, with its factors.
///
/// # Example
///
/// ```
/// use folio_risk::{DimensionSpec, FactorSpec, RiskModel, RiskModelData};
///
/// let delivery = DimensionSpec::new(
///     "delivery".parse()?,
///     "Delivery",
///     vec![FactorSpec::new("slip".parse()?, "Schedule slip"), FactorSpec::new("staffing".parse()?, "Staffing")],
/// );
/// let model = RiskModel::new(RiskModelData { dimensions: vec![delivery] })?;
/// assert_eq!(model.factor_count(), 2);
/// assert_eq!(model.dimension("delivery").map(|d| d.factors.len()), Some(2));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(
    feature = "schemars",
    schemars(description = "One dimension of the model, such as `technical`, with its factors.")
)]
pub struct DimensionSpec {
    /// The dimension's id.
    pub id: DimensionId,
    /// Display name.
    pub name: String,
    /// Relative weight among the dimensions; 1 when not given.
    #[cfg_attr(feature = "serde", serde(default))]
    pub weight: Weight,
    /// The factors rated for this dimension.
    pub factors: Vec<FactorSpec>,
}

impl DimensionSpec {
    /// A dimension with weight 1.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_risk::{DimensionSpec, FactorSpec, RiskModel, RiskModelData};
    ///
    /// let delivery = DimensionSpec::new(
    ///     "delivery".parse()?,
    ///     "Delivery",
    ///     vec![FactorSpec::new("slip".parse()?, "Schedule slip"), FactorSpec::new("staffing".parse()?, "Staffing")],
    /// );
    /// let model = RiskModel::new(RiskModelData { dimensions: vec![delivery] })?;
    /// assert_eq!(model.factor_count(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(id: DimensionId, name: impl Into<String>, factors: Vec<FactorSpec>) -> Self {
        Self {
            id,
            name: name.into(),
            weight: Weight::ONE,
            factors,
        }
    }
}

/// The plain-data form of a risk model, as written in JSON. Validate it into a
/// [`RiskModel`] with [`RiskModel::new`].
///
/// ```
/// use folio_risk::{DimensionSpec, FactorSpec, RiskModel, RiskModelData};
///
/// // The standard model plus a custom "regulatory" dimension and a custom factor.
/// let mut data = RiskModelData::standard();
/// data.dimensions.push(DimensionSpec::new(
///     "regulatory".parse()?,
///     "Regulatory",
///     vec![FactorSpec::new("data_residency".parse()?, "Data residency")],
/// ));
/// if let Some(market) = data.dimensions.iter_mut().find(|d| d.id.as_str() == "market") {
///     market.factors.push(FactorSpec::new("pricing_pressure".parse()?, "Pricing pressure"));
/// }
/// let model = RiskModel::new(data)?;
/// assert_eq!(model.dimensions().len(), 5);
/// assert_eq!(model.factor_count(), 11);
/// # Ok::<(), folio_risk::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct RiskModelData {
    /// The dimensions, in any order.
    pub dimensions: Vec<DimensionSpec>,
}

impl RiskModelData {
    /// The standard model: four dimensions, nine factors, all weights 1.
    pub fn standard() -> Self {
        let dimensions = standard::MODEL
            .iter()
            .filter_map(|(dimension, name, factors)| {
                let factors = factors
                    .iter()
                    .filter_map(|(factor, name)| {
                        FactorId::new(factor)
                            .ok()
                            .map(|id| FactorSpec::new(id, *name))
                    })
                    .collect();
                DimensionId::new(dimension)
                    .ok()
                    .map(|id| DimensionSpec::new(id, *name, factors))
            })
            .collect();
        Self { dimensions }
    }
}

/// A validated risk model.
///
/// Built from [`RiskModelData`] by [`RiskModel::new`] or by deserialization, which runs
/// the same checks; see the [module docs](self) for the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "RiskModelData", into = "RiskModelData")
)]
/// # Example
///
/// ```
/// use folio_risk::{DimensionSpec, FactorSpec, RiskModel, RiskModelData};
///
/// let delivery = DimensionSpec::new(
///     "delivery".parse()?,
///     "Delivery",
///     vec![FactorSpec::new("slip".parse()?, "Schedule slip"), FactorSpec::new("staffing".parse()?, "Staffing")],
/// );
/// let model = RiskModel::new(RiskModelData { dimensions: vec![delivery] })?;
/// assert_eq!(model.factor_count(), 2);
/// // A factor id used twice is an error.
/// let twice = DimensionSpec::new("d".parse()?, "D", vec![FactorSpec::new("slip".parse()?, "A"), FactorSpec::new("slip".parse()?, "B")]);
/// assert!(RiskModel::new(RiskModelData { dimensions: vec![twice] }).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[cfg_attr(
    feature = "schemars",
    schemars(
        description = "A validated risk model.\n\nBuilt from [`RiskModelData`] by [`RiskModel::new`] or by deserialization, which runs\nthe same checks; see the [module docs](self) for the rules."
    )
)]
pub struct RiskModel {
    /// Dimensions in id order, each with its factors in id order.
    dimensions: Vec<DimensionSpec>,
}

fn zero_weights(scope: String) -> Error {
    Error::ZeroWeights { scope }
}

impl RiskModel {
    /// Validates `data`.
    ///
    /// # Errors
    ///
    /// [`Error::EmptyModel`], [`Error::DuplicateDimension`], [`Error::EmptyDimension`],
    /// [`Error::DuplicateFactor`] or [`Error::ZeroWeights`]; checked in id order, so the
    /// same data in any order reports the same error.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_risk::{DimensionSpec, FactorSpec, RiskModel, RiskModelData};
    ///
    /// let delivery = DimensionSpec::new(
    ///     "delivery".parse()?,
    ///     "Delivery",
    ///     vec![FactorSpec::new("slip".parse()?, "Schedule slip"), FactorSpec::new("staffing".parse()?, "Staffing")],
    /// );
    /// let model = RiskModel::new(RiskModelData { dimensions: vec![delivery] })?;
    /// assert_eq!(model.factor_count(), 2);
    /// assert!(RiskModel::new(RiskModelData { dimensions: vec![] }).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(data: RiskModelData) -> Result<Self> {
        let mut dimensions = data.dimensions;
        if dimensions.is_empty() {
            return Err(Error::EmptyModel);
        }
        dimensions.sort_by(|a, b| a.id.cmp(&b.id));
        if let Some(dimension) = dimensions.windows(2).find_map(|pair| match pair {
            [a, b] if a.id == b.id => Some(a.id.clone()),
            _ => None,
        }) {
            return Err(Error::DuplicateDimension { dimension });
        }
        let mut seen: BTreeMap<FactorId, DimensionId> = BTreeMap::new();
        for dimension in &mut dimensions {
            if dimension.factors.is_empty() {
                return Err(Error::EmptyDimension {
                    dimension: dimension.id.clone(),
                });
            }
            dimension.factors.sort_by(|a, b| a.id.cmp(&b.id));
            for factor in &dimension.factors {
                if let Some(first) = seen.insert(factor.id.clone(), dimension.id.clone()) {
                    return Err(Error::DuplicateFactor {
                        factor: factor.id.clone(),
                        first,
                        second: dimension.id.clone(),
                    });
                }
            }
            if dimension.factors.iter().all(|f| f.weight.is_zero()) {
                return Err(zero_weights(format!(
                    "the factors of dimension \"{}\"",
                    dimension.id
                )));
            }
        }
        if dimensions.iter().all(|d| d.weight.is_zero()) {
            return Err(zero_weights("the dimensions".to_owned()));
        }
        Ok(Self { dimensions })
    }

    /// The standard model: `technical`, `market`, `execution` and `financial`, with the
    /// factors listed in the [module docs](self), all weights 1.
    pub fn standard() -> Self {
        // The standard data is valid by construction (covered by a unit test); should that
        // ever change, the fallback keeps this function total instead of panicking.
        Self::new(RiskModelData::standard()).unwrap_or_else(|_| Self {
            dimensions: RiskModelData::standard().dimensions,
        })
    }

    /// The dimensions, in id order, each with its factors in id order.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_risk::RiskModel;
    ///
    /// let model = RiskModel::standard();
    /// let ids: Vec<&str> = model.dimensions().iter().map(|d| d.id.as_str()).collect();
    /// assert_eq!(ids, ["execution", "financial", "market", "technical"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn dimensions(&self) -> &[DimensionSpec] {
        &self.dimensions
    }

    /// The dimension with id `id`.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_risk::{RiskModel, model::standard};
    ///
    /// let model = RiskModel::standard();
    /// assert_eq!(model.dimension(standard::MARKET).map(|d| d.factors.len()), Some(2));
    /// assert!(model.dimension("legal").is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn dimension(&self, id: &str) -> Option<&DimensionSpec> {
        self.dimensions.iter().find(|d| d.id.as_str() == id)
    }

    /// The factor with id `id` and the dimension it belongs to.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_risk::{RiskModel, model::standard};
    ///
    /// let model = RiskModel::standard();
    /// let (dimension, factor) = model.factor(standard::SECURITY).ok_or("no such factor")?;
    /// assert_eq!(dimension.id.as_str(), standard::TECHNICAL);
    /// assert_eq!(factor.name, "Security");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn factor(&self, id: &str) -> Option<(&DimensionSpec, &FactorSpec)> {
        self.dimensions.iter().find_map(|d| {
            d.factors
                .iter()
                .find(|f| f.id.as_str() == id)
                .map(|f| (d, f))
        })
    }

    /// The number of factors across all dimensions.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_risk::RiskModel;
    ///
    /// assert_eq!(RiskModel::standard().factor_count(), 9);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn factor_count(&self) -> usize {
        self.dimensions.iter().map(|d| d.factors.len()).sum()
    }
}

impl TryFrom<RiskModelData> for RiskModel {
    type Error = Error;

    fn try_from(data: RiskModelData) -> Result<Self> {
        Self::new(data)
    }
}

impl From<RiskModel> for RiskModelData {
    fn from(model: RiskModel) -> Self {
        Self {
            dimensions: model.dimensions,
        }
    }
}

impl Default for RiskModel {
    fn default() -> Self {
        Self::standard()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn factor(id: &str, weight: i64) -> FactorSpec {
        FactorSpec {
            id: FactorId::new(id).unwrap(),
            name: id.to_owned(),
            weight: Weight::new(weight.into()).unwrap(),
        }
    }

    fn dimension(id: &str, weight: i64, factors: Vec<FactorSpec>) -> DimensionSpec {
        DimensionSpec {
            id: DimensionId::new(id).unwrap(),
            name: id.to_owned(),
            weight: Weight::new(weight.into()).unwrap(),
            factors,
        }
    }

    fn check(dimensions: Vec<DimensionSpec>, expected: std::result::Result<(), &str>) {
        let got = RiskModel::new(RiskModelData { dimensions }).map(|_| ());
        assert_eq!(
            got.map_err(|e| e.to_string()),
            expected.map_err(str::to_owned)
        );
    }

    #[test]
    fn validation_table() {
        check(vec![dimension("a", 1, vec![factor("x", 1)])], Ok(()));
        check(
            vec![
                dimension("a", 0, vec![factor("x", 1)]),
                dimension("b", 1, vec![factor("y", 0), factor("z", 2)]),
            ],
            Ok(()),
        );
        check(vec![], Err("the risk model has no dimensions"));
        check(
            vec![dimension("a", 1, vec![])],
            Err("dimension \"a\" has no factors"),
        );
        check(
            vec![
                dimension("b", 1, vec![factor("x", 1)]),
                dimension("b", 1, vec![]),
            ],
            Err("duplicate dimension \"b\""),
        );
        check(
            vec![
                dimension("b", 1, vec![factor("x", 1)]),
                dimension("a", 1, vec![factor("x", 1)]),
            ],
            Err("duplicate factor \"x\" (in dimension \"a\" and in dimension \"b\")"),
        );
        check(
            vec![dimension("a", 1, vec![factor("x", 1), factor("x", 2)])],
            Err("duplicate factor \"x\" (in dimension \"a\" and in dimension \"a\")"),
        );
        check(
            vec![dimension("a", 1, vec![factor("x", 0), factor("y", 0)])],
            Err("all weights of the factors of dimension \"a\" are zero"),
        );
        check(
            vec![
                dimension("a", 0, vec![factor("x", 1)]),
                dimension("b", 0, vec![factor("y", 1)]),
            ],
            Err("all weights of the dimensions are zero"),
        );
    }

    #[test]
    fn standard_model_has_four_dimensions_and_nine_factors() {
        let model = RiskModel::new(RiskModelData::standard()).unwrap();
        assert_eq!(model, RiskModel::standard());
        let ids: Vec<_> = model.dimensions().iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["execution", "financial", "market", "technical"]);
        assert_eq!(model.factor_count(), 9);
        let (dimension, factor) = model.factor(standard::SECURITY).unwrap();
        assert_eq!(dimension.id.as_str(), standard::TECHNICAL);
        assert_eq!(factor.weight, Weight::ONE);
        assert!(model.factor("velocity").is_none());
        assert_eq!(model.dimension("market").unwrap().factors.len(), 2);
    }

    #[cfg(feature = "serde")]
    #[test]
    fn deserialization_validates_and_defaults_weights() {
        let model: RiskModel = serde_json::from_str(
            r#"{"dimensions":[{"id":"ops","name":"Ops","factors":[
                {"id":"on_call","name":"On-call load","weight":"2"},
                {"id":"runbooks","name":"Runbooks"}]}]}"#,
        )
        .unwrap();
        let ops = model.dimension("ops").unwrap();
        assert_eq!(ops.weight, Weight::ONE);
        assert_eq!(ops.factors[0].weight, Weight::new(2.into()).unwrap());
        assert_eq!(ops.factors[1].weight, Weight::ONE);

        for (json, message) in [
            (r#"{"dimensions":[]}"#, "no dimensions"),
            (
                r#"{"dimensions":[{"id":"a","name":"A","weight":"-1","factors":[]}]}"#,
                "weight -1 is outside >= 0",
            ),
            (
                r#"{"dimensions":[{"id":"a","name":"A","factors":[{"id":"x","name":"X","wieght":2}]}]}"#,
                "unknown field",
            ),
        ] {
            let err = serde_json::from_str::<RiskModel>(json).unwrap_err();
            assert!(err.to_string().contains(message), "{json}: {err}");
        }
    }

    #[test]
    fn any_input_order_gives_the_same_model() {
        let mut data = RiskModelData::standard();
        data.dimensions.reverse();
        for d in &mut data.dimensions {
            d.factors.reverse();
        }
        assert_eq!(RiskModel::new(data).unwrap(), RiskModel::standard());
    }
}
