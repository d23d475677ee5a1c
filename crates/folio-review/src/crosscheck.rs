//! Checks across the review's files: every product, product line, metric, key result,
//! currency and period that one file names must exist in, or agree with, the file that
//! defines it.
//!
//! Each file is valid on its own once it parses (the library constructors see to
//! that); these checks are about the files together. [`check`] runs them all and
//! returns the first mismatch as a [`CrossCheckError`] naming the file, the field and the
//! ids. [`Inputs::from_sources`](crate::Inputs::from_sources) (and so every reader) and
//! [`run`](crate::run) call it, so a program that embeds the review gets the same
//! protection as the command line, whether it reads files or builds [`Inputs`] in code.
//!
//! What must agree with what:
//!
//! | file, field | must exist in, or agree with |
//! |---|---|
//! | `review.json`, `previous_review` | before `as_of` |
//! | `review.json`, `kpis.quarters` | at least one, oldest first, no two overlapping |
//! | `review.json`, `kpis.metrics`, `kpis.revenue`, `kpis.capacity`, `kpis.classification.*_metric` | the catalog of `metrics.json`; `kpis.revenue` in the review's currency, `kpis.capacity` additive (a currency, count or duration) |
//! | `metrics.json`, `catalog` | every currency metric in the review's currency |
//! | `metrics.json`, `observations`, `rules[].metric` | metrics of the catalog; products of `structure.json` |
//! | `portfolio.json`, `say_do.json`, `kpi.json` | method weighted, say-do and KPI; products of `structure.json`; `period`, when given, the review's period (the quarter of `kpi.json` for its portfolio) |
//! | `kpi.json`, `quarter` and target metrics | one of `kpis.quarters`; metrics of the catalog |
//! | `checkins.json` | cadences of products of `structure.json`; key results of `portfolio.json` |
//! | `say_do.json`, `check_ins` | key results of its own portfolio |
//! | `risk.json`, `assessments` | products of `structure.json` |
//! | `roi.json`, `benefits.json` | product lines of `structure.json`; amounts in the review's currency; benefit metrics of the catalog |
//! | `allocation.json` | products of `structure.json`, key results of `portfolio.json`, the review's currency |
//!
//! The metrics of the key-result targets in `portfolio.json` and `say_do.json` are the
//! key results' own measures (ARR, connectors shipped) and need not be in the catalog;
//! those of `kpi.json` are rolled up by their definitions and must be.
//!
//! ```
//! use folio_review::crosscheck::{Problem, check};
//! use folio_review::Inputs;
//!
//! let mut inputs = Inputs::sample()?;
//! check(&inputs)?;
//! // A previous review dated after the review date.
//! inputs.settings.previous_review = "2026-12-15".parse()?;
//! let error = check(&inputs).unwrap_err();
//! assert_eq!((error.file, error.field.as_str()), ("review.json", "previous_review"));
//! assert!(matches!(error.problem, Problem::PreviousReviewNotBefore { .. }));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeSet;
use std::fmt;

use folio_benefits::BenefitValue;
use folio_metrics::{MetricCatalog, Unit};
use folio_okr::{PortfolioData, RollupMethod};
use folio_types::error::{Snippet, quote};
use folio_types::{
    Currency, KeyResultId, MetricId, NaiveDate, Period, ProductId, ProductLineId, Structure,
};

use crate::input::Inputs;

/// One mismatch between two of the review's files: where the offending value is (the
/// file and the field), and what is wrong with it.
///
/// ```
/// use folio_review::crosscheck::{Problem, check};
/// use folio_review::Inputs;
/// use folio_types::Decimal;
///
/// // An observation of revenue for a product that structure.json does not list.
/// let mut inputs = Inputs::sample()?;
/// let (revenue, zeta) = ("revenue".parse()?, "zeta".parse()?);
/// inputs.metrics.observations.insert(revenue, zeta, "2026-09-30".parse()?, Decimal::ONE)?;
/// let error = check(&inputs).unwrap_err();
/// assert_eq!(error.file, "metrics.json");
/// assert_eq!(error.problem, Problem::UnknownProduct { product: "zeta".parse()? });
/// assert_eq!(
///     error.to_string(),
///     r#"observations (metric "revenue"): names product "zeta", which structure.json does not list"#
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CrossCheckError {
    /// The file that holds the offending value (`metrics.json`).
    pub file: &'static str,
    /// The field within it, as a path (`kpis.quarters[2]`, `check_ins[4].key_result`,
    /// `observations (metric "revenue")`). An id in the path is quoted like one in
    /// the problem: in quotes, cut at
    /// [`QUOTE_LIMIT`](folio_types::error::QUOTE_LIMIT) characters with its length.
    pub field: String,
    /// What is wrong, with the ids.
    pub problem: Problem,
}

/// What is wrong with a value that names something in another file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// A product that `structure.json` does not list.
    UnknownProduct {
        /// The product named.
        product: ProductId,
    },
    /// A product line that `structure.json` does not list.
    UnknownProductLine {
        /// The line named.
        line: ProductLineId,
    },
    /// A metric that the catalog of `metrics.json` does not define.
    UnknownMetric {
        /// The metric named.
        metric: MetricId,
    },
    /// A key result that the portfolio it must belong to does not hold.
    UnknownKeyResult {
        /// The key result named.
        key_result: KeyResultId,
        /// The file whose portfolio should hold it.
        portfolio: &'static str,
    },
    /// An amount or a currency metric in another currency than the review's.
    CurrencyMismatch {
        /// The currency found.
        found: Currency,
        /// The review's currency (`review.json`, `currency`).
        review: Currency,
    },
    /// A metric whose unit does not fit the role it is given.
    WrongUnit {
        /// The metric named.
        metric: MetricId,
        /// Its unit in the catalog (`"score"`).
        unit: &'static str,
        /// What the role needs (`"a currency"`).
        expected: &'static str,
    },
    /// Two quarters out of order: `later` is listed before `earlier`.
    QuartersOutOfOrder {
        /// The quarter listed first.
        later: Period,
        /// The quarter listed after it, which starts earlier.
        earlier: Period,
    },
    /// A quarter listed twice, or two that overlap.
    QuartersOverlap {
        /// The quarter listed first.
        first: Period,
        /// The quarter listed after it.
        second: Period,
    },
    /// No quarter to show: the KPI section and `kpi.json` need at least one.
    NoQuarters,
    /// The previous review is not before the review date.
    PreviousReviewNotBefore {
        /// `previous_review`.
        previous_review: NaiveDate,
        /// `as_of`.
        as_of: NaiveDate,
    },
    /// A period that differs from the one it must equal.
    PeriodMismatch {
        /// The period found.
        found: Period,
        /// The period it must equal.
        expected: Period,
        /// Where the expected period is (`"review.json, period"`).
        expected_from: &'static str,
    },
    /// A quarter that the review does not show.
    QuarterNotShown {
        /// The quarter named.
        quarter: Period,
    },
    /// A portfolio declaring another rollup method than its file is read with.
    WrongMethod {
        /// The method declared.
        found: RollupMethod,
        /// The method the file is rolled up by.
        expected: RollupMethod,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownProduct { product } => {
                write!(
                    f,
                    "names product {}, which structure.json does not list",
                    q(product)
                )
            }
            Self::UnknownProductLine { line } => write!(
                f,
                "names product line {}, which structure.json does not list",
                q(line)
            ),
            Self::UnknownMetric { metric } => write!(
                f,
                "names metric {}, which the catalog of metrics.json does not define",
                q(metric)
            ),
            Self::UnknownKeyResult {
                key_result,
                portfolio,
            } => write!(
                f,
                "names key result {}, which {portfolio} does not hold",
                q(key_result)
            ),
            Self::CurrencyMismatch { found, review } => write!(
                f,
                "is in {found}, but the review is in {review} (review.json, currency)"
            ),
            Self::WrongUnit {
                metric,
                unit,
                expected,
            } => write!(
                f,
                "names metric {}, whose unit is {unit}; it must be {expected}",
                q(metric)
            ),
            Self::QuartersOutOfOrder { later, earlier } => write!(
                f,
                "{later} is listed before {earlier}: list the quarters oldest first"
            ),
            Self::QuartersOverlap { first, second } => {
                if first == second {
                    write!(f, "{first} is listed twice")
                } else {
                    write!(f, "{first} and {second} overlap")
                }
            }
            Self::NoQuarters => f.write_str("is empty: give at least one quarter"),
            Self::PreviousReviewNotBefore {
                previous_review,
                as_of,
            } => write!(
                f,
                "the previous review {previous_review} is not before the review date {as_of}"
            ),
            Self::PeriodMismatch {
                found,
                expected,
                expected_from,
            } => write!(
                f,
                "is {found}, but the review reads {expected} ({expected_from}); drop it or make them agree"
            ),
            Self::QuarterNotShown { quarter } => write!(
                f,
                "{quarter} is not one of the review's quarters (review.json, kpis.quarters)"
            ),
            Self::WrongMethod { found, expected } => write!(
                f,
                "declares the {found} method, but this file is rolled up by the {expected} method"
            ),
        }
    }
}

/// An id as an error quotes it: in quotes, cut at
/// [`QUOTE_LIMIT`](folio_types::error::QUOTE_LIMIT) characters with its length.
fn q(id: &impl fmt::Display) -> Snippet {
    quote(&id.to_string())
}

impl fmt::Display for CrossCheckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.problem)
    }
}

impl std::error::Error for CrossCheckError {}

type Checked = Result<(), CrossCheckError>;

fn fail(file: &'static str, field: impl Into<String>, problem: Problem) -> CrossCheckError {
    CrossCheckError {
        file,
        field: field.into(),
        problem,
    }
}

/// Runs every check across the files of `inputs`, in the order of
/// [`input::FILES`](crate::input::FILES) then the optional files.
///
/// ```
/// use folio_review::crosscheck::{Problem, check};
/// use folio_review::Inputs;
///
/// let mut inputs = Inputs::sample()?;
/// // kpi.json reads a quarter that the review does not show.
/// inputs.kpi.quarter = "2024-Q1".parse()?;
/// let error = check(&inputs).unwrap_err();
/// assert_eq!((error.file, error.field.as_str()), ("kpi.json", "quarter"));
/// assert_eq!(error.problem, Problem::QuarterNotShown { quarter: "2024-Q1".parse()? });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// The first [`CrossCheckError`] found.
pub fn check(inputs: &Inputs) -> Checked {
    settings(inputs)?;
    let structure = &inputs.structure;
    let period = inputs.settings.period;
    let review_period = "review.json, period";
    portfolio(
        "portfolio.json",
        "",
        &inputs.portfolio,
        RollupMethod::Weighted,
        (period, review_period),
        structure,
    )?;
    tracking(inputs)?;
    portfolio(
        "say_do.json",
        "portfolio.",
        &inputs.say_do.portfolio,
        RollupMethod::SayDo,
        (period, review_period),
        structure,
    )?;
    let say_do_krs = key_result_ids(&inputs.say_do.portfolio);
    for (at, c) in inputs.say_do.check_ins.iter().enumerate() {
        known_kr(
            "say_do.json",
            format!("check_ins[{at}].key_result"),
            &c.key_result,
            &say_do_krs,
        )?;
    }
    kpi(inputs)?;
    metrics(inputs)?;
    for (at, a) in inputs.risk.assessments.iter().enumerate() {
        product(
            "risk.json",
            format!("assessments[{at}].product"),
            &a.product,
            structure,
        )?;
    }
    let currency = inputs.settings.currency;
    for (at, case) in inputs.roi.cases.iter().enumerate() {
        line(
            "roi.json",
            format!("cases[{at}].product_line"),
            case.product_line(),
            structure,
        )?;
        same_currency(
            "roi.json",
            format!("cases[{at}]"),
            case.currency(),
            currency,
        )?;
    }
    benefits(inputs)?;
    allocation(inputs)
}

fn settings(inputs: &Inputs) -> Checked {
    const FILE: &str = "review.json";
    let s = &inputs.settings;
    if s.previous_review >= s.as_of {
        return Err(fail(
            FILE,
            "previous_review",
            Problem::PreviousReviewNotBefore {
                previous_review: s.previous_review,
                as_of: s.as_of,
            },
        ));
    }
    if s.kpis.quarters.is_empty() {
        return Err(fail(FILE, "kpis.quarters", Problem::NoQuarters));
    }
    for (at, pair) in s.kpis.quarters.windows(2).enumerate() {
        let [first, second] = pair else { continue };
        let field = format!("kpis.quarters[{}]", at.saturating_add(1));
        if first.overlaps(second) {
            let problem = Problem::QuartersOverlap {
                first: *first,
                second: *second,
            };
            return Err(fail(FILE, field, problem));
        }
        if second.start() < first.start() {
            let problem = Problem::QuartersOutOfOrder {
                later: *first,
                earlier: *second,
            };
            return Err(fail(FILE, field, problem));
        }
    }
    let catalog = &inputs.metrics.catalog;
    for (at, metric) in s.kpis.metrics.iter().enumerate() {
        metric_in(FILE, format!("kpis.metrics[{at}]"), metric, catalog)?;
    }
    let revenue = metric_in(FILE, "kpis.revenue", &s.kpis.revenue, catalog)?;
    // A revenue metric in another currency is the catalog's error (metrics.json holds
    // the unit); here only its kind of unit is the review's concern.
    if !matches!(revenue, Unit::Currency(_)) {
        let problem = Problem::WrongUnit {
            metric: s.kpis.revenue.clone(),
            unit: revenue.name(),
            expected: "a currency",
        };
        return Err(fail(FILE, "kpis.revenue", problem));
    }
    let capacity = metric_in(FILE, "kpis.capacity", &s.kpis.capacity, catalog)?;
    if !capacity.is_additive() {
        let problem = Problem::WrongUnit {
            metric: s.kpis.capacity.clone(),
            unit: capacity.name(),
            expected: "additive (a currency, a count or a duration)",
        };
        return Err(fail(FILE, "kpis.capacity", problem));
    }
    let c = &s.kpis.classification;
    for (field, metric) in [
        ("kpis.classification.growth_metric", &c.growth_metric()),
        (
            "kpis.classification.retention_metric",
            &c.retention_metric(),
        ),
        ("kpis.classification.adoption_metric", &c.adoption_metric()),
    ] {
        metric_in(FILE, field, metric, catalog)?;
    }
    Ok(())
}

fn portfolio(
    file: &'static str,
    prefix: &str,
    data: &PortfolioData,
    method: RollupMethod,
    (expected, expected_from): (Period, &'static str),
    structure: &Structure,
) -> Checked {
    if data.policy.method() != method {
        let problem = Problem::WrongMethod {
            found: data.policy.method(),
            expected: method,
        };
        return Err(fail(file, format!("{prefix}policy.method"), problem));
    }
    if let Some(found) = data.period {
        if found != expected {
            let problem = Problem::PeriodMismatch {
                found,
                expected,
                expected_from,
            };
            return Err(fail(file, format!("{prefix}period"), problem));
        }
    }
    for (at, o) in data.objectives.iter().enumerate() {
        if let Some(p) = &o.product {
            product(
                file,
                format!("{prefix}objectives[{at}].product"),
                p,
                structure,
            )?;
        }
    }
    for (at, kr) in data.key_results.iter().enumerate() {
        product(
            file,
            format!("{prefix}key_results[{at}].product"),
            &kr.product,
            structure,
        )?;
    }
    Ok(())
}

fn tracking(inputs: &Inputs) -> Checked {
    const FILE: &str = "checkins.json";
    let t = &inputs.tracking;
    for p in t.cadences.keys() {
        product(FILE, format!("cadences[{}]", q(p)), p, &inputs.structure)?;
    }
    let krs = key_result_ids(&inputs.portfolio);
    let named = t
        .check_ins
        .iter()
        .enumerate()
        .map(|(at, c)| (format!("check_ins[{at}].key_result"), &c.key_result))
        .chain(
            t.recovery_plans
                .iter()
                .enumerate()
                .map(|(at, r)| (format!("recovery_plans[{at}].key_result"), &r.key_result)),
        )
        .chain(
            t.actions
                .iter()
                .enumerate()
                .map(|(at, a)| (format!("actions[{at}].key_result"), &a.key_result)),
        )
        .chain(
            t.delivery
                .iter()
                .enumerate()
                .map(|(at, d)| (format!("delivery[{at}].key_result"), &d.key_result)),
        );
    for (field, kr) in named {
        known_kr(FILE, field, kr, &krs)?;
    }
    Ok(())
}

fn kpi(inputs: &Inputs) -> Checked {
    const FILE: &str = "kpi.json";
    let k = &inputs.kpi;
    if !inputs.settings.kpis.quarters.contains(&k.quarter) {
        return Err(fail(
            FILE,
            "quarter",
            Problem::QuarterNotShown { quarter: k.quarter },
        ));
    }
    portfolio(
        FILE,
        "portfolio.",
        &k.portfolio,
        RollupMethod::Kpi,
        (k.quarter, "kpi.json, quarter"),
        &inputs.structure,
    )?;
    let catalog = &inputs.metrics.catalog;
    let objectives = k
        .portfolio
        .objectives
        .iter()
        .enumerate()
        .filter_map(|(at, o)| {
            o.target.as_ref().map(|t| {
                (
                    format!("portfolio.objectives[{at}].target.metric"),
                    t.metric(),
                )
            })
        });
    let key_results = k
        .portfolio
        .key_results
        .iter()
        .enumerate()
        .filter_map(|(at, kr)| {
            kr.target.as_ref().map(|t| {
                (
                    format!("portfolio.key_results[{at}].target.metric"),
                    t.metric(),
                )
            })
        });
    for (field, metric) in objectives.chain(key_results) {
        metric_in(FILE, field, metric, catalog)?;
    }
    Ok(())
}

fn metrics(inputs: &Inputs) -> Checked {
    const FILE: &str = "metrics.json";
    let m = &inputs.metrics;
    let currency = inputs.settings.currency;
    for def in m.catalog.iter() {
        if let Unit::Currency(found) = def.unit() {
            let field = format!("catalog (metric {}).unit", q(def.id()));
            same_currency(FILE, field, found, currency)?;
        }
    }
    for metric in m.observations.metrics() {
        let field = format!("observations (metric {})", q(metric));
        metric_in(FILE, field.clone(), metric, &m.catalog)?;
        for (p, _) in m.observations.products(metric) {
            product(FILE, field.clone(), p, &inputs.structure)?;
        }
    }
    for rule in m.rules.iter() {
        metric_in(
            FILE,
            format!("rules (rule {}).metric", q(rule.id())),
            rule.metric(),
            &m.catalog,
        )?;
    }
    Ok(())
}

fn benefits(inputs: &Inputs) -> Checked {
    const FILE: &str = "benefits.json";
    for tracked in inputs.benefits.book.cases() {
        let case = tracked.case();
        let field = format!("book.cases (initiative {})", q(&case.initiative));
        line(
            FILE,
            format!("{field}.product_line"),
            &case.product_line,
            &inputs.structure,
        )?;
        for (i, value) in case.expected.iter().enumerate() {
            let field = format!("{field}.expected[{i}]");
            match value {
                BenefitValue::Money(money) => {
                    same_currency(FILE, field, money.currency(), inputs.settings.currency)?;
                }
                BenefitValue::Metric { metric, .. } => {
                    metric_in(FILE, field, metric, &inputs.metrics.catalog)?;
                }
                // A new kind of benefit value names nothing this check knows.
                _ => {}
            }
        }
    }
    Ok(())
}

fn allocation(inputs: &Inputs) -> Checked {
    const FILE: &str = "allocation.json";
    let Some(file) = &inputs.allocation else {
        return Ok(());
    };
    let p = &file.portfolio;
    same_currency(
        FILE,
        "portfolio.currency",
        p.currency(),
        inputs.settings.currency,
    )?;
    let krs = key_result_ids(&inputs.portfolio);
    for x in p.initiatives() {
        let field = format!("portfolio.initiatives (initiative {})", q(&x.id));
        product(
            FILE,
            format!("{field}.product"),
            &x.product,
            &inputs.structure,
        )?;
        for kr in x.key_results.keys() {
            known_kr(FILE, format!("{field}.key_results"), kr, &krs)?;
        }
    }
    Ok(())
}

fn key_result_ids(data: &PortfolioData) -> BTreeSet<&KeyResultId> {
    data.key_results.iter().map(|kr| &kr.id).collect()
}

fn product(file: &'static str, field: String, id: &ProductId, structure: &Structure) -> Checked {
    match structure.product(id) {
        Some(_) => Ok(()),
        None => Err(fail(
            file,
            field,
            Problem::UnknownProduct {
                product: id.clone(),
            },
        )),
    }
}

fn line(file: &'static str, field: String, id: &ProductLineId, structure: &Structure) -> Checked {
    match structure.line(id) {
        Some(_) => Ok(()),
        None => Err(fail(
            file,
            field,
            Problem::UnknownProductLine { line: id.clone() },
        )),
    }
}

fn known_kr(
    file: &'static str,
    field: String,
    id: &KeyResultId,
    known: &BTreeSet<&KeyResultId>,
) -> Checked {
    if known.contains(id) {
        return Ok(());
    }
    let portfolio = if file == "say_do.json" {
        "say_do.json"
    } else {
        "portfolio.json"
    };
    Err(fail(
        file,
        field,
        Problem::UnknownKeyResult {
            key_result: id.clone(),
            portfolio,
        },
    ))
}

fn metric_in(
    file: &'static str,
    field: impl Into<String>,
    id: &MetricId,
    catalog: &MetricCatalog,
) -> Result<Unit, CrossCheckError> {
    catalog
        .get(id)
        .map(folio_metrics::MetricDef::unit)
        .ok_or_else(|| fail(file, field, Problem::UnknownMetric { metric: id.clone() }))
}

fn same_currency(
    file: &'static str,
    field: impl Into<String>,
    found: Currency,
    review: Currency,
) -> Checked {
    if found == review {
        Ok(())
    } else {
        Err(fail(
            file,
            field,
            Problem::CurrencyMismatch { found, review },
        ))
    }
}

impl Inputs {
    /// Runs [`check`] and names the offending file as [`Inputs::file`] does.
    ///
    /// ```
    /// let mut inputs = folio_review::Inputs::sample()?;
    /// inputs.settings.kpis.quarters.reverse();
    /// let error = inputs.check().unwrap_err();
    /// assert_eq!(error.file, "sample/review.json");
    /// assert!(error.problem.starts_with("kpis.quarters[1]: 2026-Q3 is listed before 2026-Q2"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// The first mismatch, as a [`ReviewError`](crate::ReviewError) whose problem starts
    /// with the field.
    pub fn check(&self) -> Result<(), crate::ReviewError> {
        check(self).map_err(|e| crate::ReviewError::new(self.file(e.file), e))
    }
}
