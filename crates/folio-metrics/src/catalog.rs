//! The metric catalog: one definition per metric for the whole portfolio.
//!
//! When each product line uses its own definition of "active user", executives stop
//! trusting the numbers. A [`MetricCatalog`] holds exactly one [`MetricDef`] per
//! [`MetricId`]: adding the same definition twice is harmless, adding a *different*
//! definition of a metric already held is [`Error::ConflictingDefinition`], naming both
//! and the fields in which they differ. Every metric that a combine rule refers to (the
//! base of a weighted mean, the numerator and denominator of a ratio of sums) must be
//! in the catalog too.

#[cfg(feature = "schemars")]
use std::borrow::Cow;
use std::collections::BTreeMap;

use folio_types::MetricId;
#[cfg(feature = "schemars")]
use schemars::{JsonSchema, Schema, SchemaGenerator};

use crate::def::{MetricDef, MetricKind};
use crate::error::{Error, Result};
use crate::target::Target;

/// An output metric used as a portfolio KPI (see [`MetricCatalog::vanity_warnings`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct VanityWarning {
    /// The metric.
    pub metric: MetricId,
    /// What is wrong and what to do, in plain language.
    pub message: String,
}

/// The plain-data form of a [`MetricCatalog`], as written in JSON:
/// `{"metrics": [ ...definitions... ]}`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct CatalogData {
    /// The definitions, in any order.
    pub metrics: Vec<MetricDef>,
}

/// One definition per metric, with every reference between definitions resolved.
///
#[cfg_attr(feature = "serde", doc = "```")]
#[cfg_attr(not(feature = "serde"), doc = "```ignore")]
/// use folio_metrics::MetricCatalog;
///
/// let two_definitions = serde_json::from_str::<MetricCatalog>(r#"{"metrics": [
///   {"id": "arr", "name": "ARR", "unit": {"currency": "EUR"}, "direction": "higher_is_better",
///    "layer": "portfolio_health", "combine": "sum",
///    "definition": "Annualized value of active subscriptions at period end."},
///   {"id": "arr", "name": "ARR (bookings)", "unit": {"currency": "EUR"},
///    "direction": "higher_is_better", "layer": "portfolio_health", "combine": "sum",
///    "definition": "Annualized value of contracts signed."}
/// ]}"#);
/// let err = two_definitions.err().ok_or("a conflict must be rejected")?;
/// assert!(err.to_string().contains("metric \"arr\" is defined twice"));
///
/// // The catalog's JSON Schema, for tools that write definitions (feature `schemars`).
/// # #[cfg(feature = "schemars")]
/// assert!(serde_json::to_string(&MetricCatalog::json_schema())?.contains("weighted_mean"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "CatalogData", into = "CatalogData")
)]
pub struct MetricCatalog {
    metrics: BTreeMap<MetricId, MetricDef>,
}

impl MetricCatalog {
    /// An empty catalog.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::MetricCatalog;
    /// # use folio_metrics::{Combine, Direction, Layer, MetricDef, MetricDefData, Unit};
    /// # fn def(id: &str, unit: Unit, combine: Combine) -> Result<MetricDef, Box<dyn std::error::Error>> {
    /// #     Ok(MetricDef::new(MetricDefData {
    /// #         kind: folio_metrics::MetricKind::Outcome,
    /// #         id: id.parse()?, name: id.into(), unit, direction: Direction::HigherIsBetter,
    /// #         layer: Layer::ProductPerformance, combine, definition: format!("the {id} metric"),
    /// #     })?)
    /// # }
    ///
    /// let mut catalog = MetricCatalog::new();
    /// assert!(catalog.is_empty());
    /// catalog.insert(def("revenue", Unit::Count, Combine::Sum)?)?;
    /// assert_eq!(catalog.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// A catalog of `definitions`, in any order.
    ///
    /// # Errors
    ///
    /// [`Error::ConflictingDefinition`] for two different definitions of one metric
    /// (identical repeats are accepted); [`Error::UnknownMetric`] for a combine rule
    /// that refers to a metric not among `definitions`. Definitions are checked in id
    /// order, so the same input always reports the same error.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::MetricCatalog;
    /// # use folio_metrics::{Combine, Direction, Layer, MetricDef, MetricDefData, Unit};
    /// # fn def(id: &str, unit: Unit, combine: Combine) -> Result<MetricDef, Box<dyn std::error::Error>> {
    /// #     Ok(MetricDef::new(MetricDefData {
    /// #         kind: folio_metrics::MetricKind::Outcome,
    /// #         id: id.parse()?, name: id.into(), unit, direction: Direction::HigherIsBetter,
    /// #         layer: Layer::ProductPerformance, combine, definition: format!("the {id} metric"),
    /// #     })?)
    /// # }
    ///
    /// let catalog = MetricCatalog::from_definitions([
    ///     def("revenue", Unit::Count, Combine::Sum)?,
    ///     def("adoption", Unit::Percent, Combine::Median)?,
    /// ])?;
    /// assert_eq!(catalog.len(), 2);
    /// // The same id twice is an error.
    /// assert!(MetricCatalog::from_definitions([def("revenue", Unit::Count, Combine::Sum)?, def("revenue", Unit::Count, Combine::Max)?]).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_definitions<I>(definitions: I) -> Result<Self>
    where
        I: IntoIterator<Item = MetricDef>,
    {
        let mut metrics: BTreeMap<MetricId, MetricDef> = BTreeMap::new();
        let mut definitions: Vec<MetricDef> = definitions.into_iter().collect();
        // Sorting makes the first-held definition, and therefore the error, independent
        // of input order.
        definitions.sort_by(|a, b| {
            a.id()
                .cmp(b.id())
                .then_with(|| format!("{:?}", a.to_data()).cmp(&format!("{:?}", b.to_data())))
        });
        for def in definitions {
            if let Some(held) = metrics.get(def.id()) {
                check_same(held, &def)?;
            } else {
                metrics.insert(def.id().clone(), def);
            }
        }
        let catalog = Self { metrics };
        for def in catalog.metrics.values() {
            catalog.check_references(def)?;
        }
        Ok(catalog)
    }

    /// Adds a definition. Adding one identical to the definition already held is a
    /// no-op.
    ///
    /// # Errors
    ///
    /// [`Error::ConflictingDefinition`] if the catalog holds a different definition of
    /// the metric; [`Error::UnknownMetric`] if its combine rule refers to a metric not
    /// yet in the catalog (add the base metric first). The catalog is unchanged on
    /// error.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::MetricCatalog;
    /// # use folio_metrics::{Combine, Direction, Layer, MetricDef, MetricDefData, Unit};
    /// # fn def(id: &str, unit: Unit, combine: Combine) -> Result<MetricDef, Box<dyn std::error::Error>> {
    /// #     Ok(MetricDef::new(MetricDefData {
    /// #         kind: folio_metrics::MetricKind::Outcome,
    /// #         id: id.parse()?, name: id.into(), unit, direction: Direction::HigherIsBetter,
    /// #         layer: Layer::ProductPerformance, combine, definition: format!("the {id} metric"),
    /// #     })?)
    /// # }
    ///
    /// let mut catalog = MetricCatalog::new();
    /// // A weighted mean needs its base metric in the catalog first.
    /// let nps = def("nps", Unit::Score, Combine::WeightedMean { base: "respondents".parse()? })?;
    /// assert!(catalog.insert(nps.clone()).is_err());
    /// catalog.insert(def("respondents", Unit::Count, Combine::Sum)?)?;
    /// catalog.insert(nps)?;
    /// assert_eq!(catalog.len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn insert(&mut self, def: MetricDef) -> Result<()> {
        if let Some(held) = self.metrics.get(def.id()) {
            return check_same(held, &def);
        }
        self.check_references(&def)?;
        self.metrics.insert(def.id().clone(), def);
        Ok(())
    }

    fn check_references(&self, def: &MetricDef) -> Result<()> {
        match def
            .combine()
            .referenced_metrics()
            .into_iter()
            .find(|id| !self.metrics.contains_key(*id))
        {
            Some(missing) => Err(Error::UnknownMetric {
                metric: missing.clone(),
                referrer: format!("the combine rule of metric {:?}", def.id().as_str()),
            }),
            None => Ok(()),
        }
    }

    /// The definition of `id`.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::MetricCatalog;
    /// # use folio_metrics::{Combine, Direction, Layer, MetricDef, MetricDefData, Unit};
    /// # fn def(id: &str, unit: Unit, combine: Combine) -> Result<MetricDef, Box<dyn std::error::Error>> {
    /// #     Ok(MetricDef::new(MetricDefData {
    /// #         kind: folio_metrics::MetricKind::Outcome,
    /// #         id: id.parse()?, name: id.into(), unit, direction: Direction::HigherIsBetter,
    /// #         layer: Layer::ProductPerformance, combine, definition: format!("the {id} metric"),
    /// #     })?)
    /// # }
    ///
    /// let catalog = MetricCatalog::from_definitions([
    ///     def("revenue", Unit::Count, Combine::Sum)?,
    ///     def("adoption", Unit::Percent, Combine::Median)?,
    /// ])?;
    /// assert_eq!(catalog.get(&"adoption".parse()?).map(|d| d.unit()), Some(Unit::Percent));
    /// assert!(catalog.get(&"nps".parse()?).is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn get(&self, id: &MetricId) -> Option<&MetricDef> {
        self.metrics.get(id)
    }

    /// The definition of `id`, or [`Error::UnknownMetric`] naming `referrer`.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownMetric`] if the catalog has no such metric.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::MetricCatalog;
    /// # use folio_metrics::{Combine, Direction, Layer, MetricDef, MetricDefData, Unit};
    /// # fn def(id: &str, unit: Unit, combine: Combine) -> Result<MetricDef, Box<dyn std::error::Error>> {
    /// #     Ok(MetricDef::new(MetricDefData {
    /// #         kind: folio_metrics::MetricKind::Outcome,
    /// #         id: id.parse()?, name: id.into(), unit, direction: Direction::HigherIsBetter,
    /// #         layer: Layer::ProductPerformance, combine, definition: format!("the {id} metric"),
    /// #     })?)
    /// # }
    ///
    /// let catalog = MetricCatalog::from_definitions([
    ///     def("revenue", Unit::Count, Combine::Sum)?,
    ///     def("adoption", Unit::Percent, Combine::Median)?,
    /// ])?;
    /// assert!(catalog.require(&"revenue".parse()?, "key result kr-1").is_ok());
    /// let err = catalog.require(&"nps".parse()?, "key result kr-1").err().ok_or("no error")?;
    /// assert!(err.to_string().contains("nps"), "{err}");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn require(&self, id: &MetricId, referrer: &str) -> Result<&MetricDef> {
        self.metrics.get(id).ok_or_else(|| Error::UnknownMetric {
            metric: id.clone(),
            referrer: referrer.to_owned(),
        })
    }

    /// Checks `target` against the catalog: its metric is defined and its goal agrees
    /// with the metric's direction (see [`Target::check_against`]). Returns the
    /// metric's definition.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownMetric`] for a metric not in the catalog;
    /// [`Error::ContradictoryTarget`] for a goal against the metric's direction.
    pub fn check_target(&self, target: &Target) -> Result<&MetricDef> {
        let def = self.require(target.metric(), "a target")?;
        target.check_against(def)?;
        Ok(def)
    }

    /// A warning for each metric of `kpis` (the metrics a portfolio reports as its KPIs)
    /// that measures an output rather than an outcome ([`MetricKind::Output`]): a
    /// vanity metric such as features shipped or story points. Warnings come in id
    /// order, one per metric.
    ///
    /// ```
    /// use folio_metrics::{Combine, Direction, Layer, MetricCatalog, MetricDef, MetricDefData,
    ///                     MetricKind, Unit};
    ///
    /// let def = |id: &str, kind| -> Result<MetricDef, Box<dyn std::error::Error>> {
    ///     Ok(MetricDef::new(MetricDefData {
    ///         id: id.parse()?, name: id.into(), unit: Unit::Count,
    ///         direction: Direction::HigherIsBetter, layer: Layer::DeliveryExecution, kind,
    ///         combine: Combine::Sum, definition: "Counted per month.".into(),
    ///     })?)
    /// };
    /// let catalog = MetricCatalog::from_definitions([
    ///     def("features_shipped", MetricKind::Output)?,
    ///     def("active_accounts", MetricKind::Outcome)?,
    /// ])?;
    /// let kpis = ["features_shipped".parse()?, "active_accounts".parse()?];
    /// let warnings = catalog.vanity_warnings(&kpis)?;
    /// assert_eq!(warnings.len(), 1);
    /// assert_eq!(warnings[0].metric.as_str(), "features_shipped");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::UnknownMetric`] for a KPI the catalog does not define.
    pub fn vanity_warnings(&self, kpis: &[MetricId]) -> Result<Vec<VanityWarning>> {
        let mut warnings = BTreeMap::new();
        for id in kpis {
            let def = self.require(id, "the portfolio KPI list")?;
            if def.kind() == MetricKind::Output {
                warnings.entry(id.clone()).or_insert_with(|| VanityWarning {
                    metric: id.clone(),
                    message: format!(
                        "{} ({id}) counts output, not outcome: shipping more does not show \
                         that anything moved, and a metric that cannot influence a funding \
                         decision is not a portfolio KPI; report it as delivery signal and \
                         pair it with the outcome it is meant to move",
                        def.name()
                    ),
                });
            }
        }
        Ok(warnings.into_values().collect())
    }

    /// The definitions, in id order.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_metrics::MetricCatalog;
    /// # use folio_metrics::{Combine, Direction, Layer, MetricDef, MetricDefData, Unit};
    /// # fn def(id: &str, unit: Unit, combine: Combine) -> Result<MetricDef, Box<dyn std::error::Error>> {
    /// #     Ok(MetricDef::new(MetricDefData {
    /// #         kind: folio_metrics::MetricKind::Outcome,
    /// #         id: id.parse()?, name: id.into(), unit, direction: Direction::HigherIsBetter,
    /// #         layer: Layer::ProductPerformance, combine, definition: format!("the {id} metric"),
    /// #     })?)
    /// # }
    ///
    /// let catalog = MetricCatalog::from_definitions([
    ///     def("revenue", Unit::Count, Combine::Sum)?,
    ///     def("adoption", Unit::Percent, Combine::Median)?,
    /// ])?;
    /// // In id order.
    /// let ids: Vec<&str> = catalog.iter().map(|d| d.id().as_str()).collect();
    /// assert_eq!(ids, ["adoption", "revenue"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &MetricDef> {
        self.metrics.values()
    }

    /// The number of metrics.
    pub fn len(&self) -> usize {
        self.metrics.len()
    }

    /// Whether the catalog is empty.
    pub fn is_empty(&self) -> bool {
        self.metrics.is_empty()
    }

    #[cfg(feature = "schemars")]
    /// The JSON Schema of a catalog document ([`CatalogData`]).
    pub fn json_schema() -> Schema {
        schemars::schema_for!(MetricCatalog)
    }
}

fn check_same(held: &MetricDef, new: &MetricDef) -> Result<()> {
    let differs = held.differences(new);
    if differs.is_empty() {
        Ok(())
    } else {
        Err(Error::ConflictingDefinition {
            metric: held.id().clone(),
            first_name: held.name().to_owned(),
            second_name: new.name().to_owned(),
            differs_in: differs.join(", "),
        })
    }
}

impl TryFrom<CatalogData> for MetricCatalog {
    type Error = Error;

    fn try_from(data: CatalogData) -> Result<Self> {
        Self::from_definitions(data.metrics)
    }
}

impl From<MetricCatalog> for CatalogData {
    fn from(catalog: MetricCatalog) -> Self {
        Self {
            metrics: catalog.metrics.into_values().collect(),
        }
    }
}

#[cfg(feature = "schemars")]
impl JsonSchema for MetricCatalog {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("MetricCatalog")
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        CatalogData::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::def::{Combine, Direction, Layer, MetricDefData, Unit};

    fn def(id: &str, name: &str, combine: Combine) -> MetricDef {
        MetricDef::new(MetricDefData {
            id: MetricId::new(id).unwrap(),
            name: name.into(),
            unit: Unit::Count,
            direction: Direction::HigherIsBetter,
            layer: Layer::ProductPerformance,
            kind: crate::MetricKind::Outcome,
            combine,
            definition: format!("{name}, counted weekly."),
        })
        .unwrap()
    }

    #[test]
    fn identical_repeats_are_accepted_and_conflicts_name_both() {
        let a = def("active_users", "Active users", Combine::Sum);
        let mut catalog = MetricCatalog::new();
        catalog.insert(a.clone()).unwrap();
        catalog.insert(a.clone()).unwrap();
        assert_eq!(catalog.len(), 1);

        let b = def("active_users", "Monthly active users", Combine::Sum);
        let err = catalog.insert(b.clone()).unwrap_err();
        assert_eq!(
            err,
            Error::ConflictingDefinition {
                metric: MetricId::new("active_users").unwrap(),
                first_name: "Active users".into(),
                second_name: "Monthly active users".into(),
                differs_in: "name, definition".into(),
            }
        );
        assert_eq!(catalog.get(a.id()), Some(&a), "unchanged on error");

        // In a batch, the conflict is reported the same way whatever the order.
        let one = MetricCatalog::from_definitions([a.clone(), b.clone()]).unwrap_err();
        let two = MetricCatalog::from_definitions([b, a]).unwrap_err();
        assert_eq!(one, two);
    }

    #[test]
    fn references_must_resolve() {
        let weighted = def(
            "avg_seats",
            "Seats",
            Combine::WeightedMean {
                base: MetricId::new("accounts").unwrap(),
            },
        );
        let mut catalog = MetricCatalog::new();
        let err = catalog.insert(weighted.clone()).unwrap_err();
        assert!(
            err.to_string().contains(
                "combine rule of metric \"avg_seats\" refers to unknown metric \"accounts\""
            ),
            "{err}"
        );
        catalog
            .insert(def("accounts", "Accounts", Combine::Sum))
            .unwrap();
        catalog.insert(weighted.clone()).unwrap();
        // A batch may list the base after the metric that uses it.
        let batch =
            MetricCatalog::from_definitions([weighted, def("accounts", "Accounts", Combine::Sum)])
                .unwrap();
        assert_eq!(
            batch.iter().map(|d| d.id().as_str()).collect::<Vec<_>>(),
            ["accounts", "avg_seats"]
        );
        assert_eq!(batch.len(), 2);
        assert!(!batch.is_empty());
        assert!(MetricCatalog::new().is_empty());

        // Both parts of a ratio of sums must be defined.
        let ratio = def(
            "tickets_per_account",
            "Tickets per account",
            Combine::RatioOfSums {
                numerator: MetricId::new("tickets").unwrap(),
                denominator: MetricId::new("accounts").unwrap(),
            },
        );
        let err = MetricCatalog::from_definitions([
            ratio.clone(),
            def("accounts", "Accounts", Combine::Sum),
        ])
        .unwrap_err();
        assert!(
            err.to_string().contains("unknown metric \"tickets\""),
            "{err}"
        );
        let err = MetricCatalog::from_definitions([ratio, def("tickets", "Tickets", Combine::Sum)])
            .unwrap_err();
        assert!(
            err.to_string().contains("unknown metric \"accounts\""),
            "{err}"
        );
    }

    #[cfg(feature = "schemars")]
    #[cfg(feature = "serde")]
    #[test]
    fn serde_round_trip_and_schema() {
        let catalog = MetricCatalog::from_definitions([
            def("b", "B", Combine::Sum),
            def("a", "A", Combine::Max),
        ])
        .unwrap();
        let json = serde_json::to_string(&catalog).unwrap();
        let back: MetricCatalog = serde_json::from_str(&json).unwrap();
        assert_eq!(back, catalog);
        assert!(serde_json::from_str::<MetricCatalog>(r#"{"metrics":[],"x":1}"#).is_err());
        let schema = serde_json::to_value(MetricCatalog::json_schema()).unwrap();
        assert!(schema["properties"]["metrics"].is_object(), "{schema}");
        assert_eq!(schema["title"], "MetricCatalog", "{schema}");
        assert!(
            MetricCatalog::new()
                .require(&MetricId::new("zz").unwrap(), "a test")
                .is_err()
        );
    }

    #[test]
    fn targets_are_checked_against_their_definition() {
        use crate::def::Direction;
        use crate::target::Goal;
        let mut data = def("churn", "Churn", Combine::Sum).to_data();
        data.direction = Direction::LowerIsBetter;
        let catalog = MetricCatalog::from_definitions([MetricDef::new(data).unwrap()]).unwrap();
        let goal = |baseline: i64, target: i64| Goal::DecreaseTo {
            baseline: baseline.into(),
            target: target.into(),
        };
        let down = Target::new(MetricId::new("churn").unwrap(), goal(8, 5)).unwrap();
        assert_eq!(catalog.check_target(&down).unwrap().name(), "Churn");
        let up = Target::new(
            MetricId::new("churn").unwrap(),
            Goal::IncreaseTo {
                baseline: 5.into(),
                target: 8.into(),
            },
        )
        .unwrap();
        assert!(matches!(
            catalog.check_target(&up),
            Err(Error::ContradictoryTarget { .. })
        ));
        let other = Target::new(MetricId::new("nrr").unwrap(), goal(8, 5)).unwrap();
        assert!(matches!(
            catalog.check_target(&other),
            Err(Error::UnknownMetric { .. })
        ));
    }
}
