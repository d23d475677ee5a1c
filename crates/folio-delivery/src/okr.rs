//! Roadmap to OKR: what shipped against each key result, whether the key result
//! moved, and the items as folio-okr's [`DeliveryItem`]s for its "activity without
//! outcome" drift rule.
//!
//! Key-result movement is taken as **plain data** ([`KeyResultReading`]: a key result,
//! a day and a value), not from folio-okr's check-in log: a caller with a
//! `CheckInLog` maps its check-ins to readings in one line, and a caller without an
//! OKR graph (a metric export, a spreadsheet) can still ask the question. This keeps
//! the dependency on folio-okr to the one type its drift rule consumes.
//!
//! # Movement
//!
//! For a window `from..=to`, a key result's start value is its latest reading on or
//! before `from` (or, when there is none, its first reading inside the window) and its
//! end value the latest reading on or before `to`; the movement is `end − start`. It
//! has **moved** when `|movement| > tolerance` ([`OutcomePolicy`]). Direction is the
//! metric's business (folio-metrics' `Direction`): a drop in churn is movement too.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use folio_okr::tracking::DeliveryItem;
use folio_types::{KeyResultId, ProductId};
use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::flow::Window;
use crate::workflow::{Mapping, Workflow};

/// One reading of a key result's metric.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct KeyResultReading {
    /// The key result.
    pub key_result: KeyResultId,
    /// The day of the reading.
    pub on: NaiveDate,
    /// The value.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "folio_types::decimal::deserialize")
    )]
    pub value: Decimal,
}

/// When a key result counts as moved.
///
/// A policy that exists is valid: [`new`](Self::new) and deserialization check that
/// `tolerance` is not negative (a negative tolerance would call a metric that did not
/// move "moved"); the field is private.
///
/// ```
/// use folio_delivery::OutcomePolicy;
/// use folio_types::Decimal;
///
/// assert_eq!(OutcomePolicy::new(Decimal::new(5, 1))?.tolerance().to_string(), "0.5");
/// let err = OutcomePolicy::new(Decimal::NEGATIVE_ONE).unwrap_err();
/// assert!(err.to_string().contains("tolerance"), "{err}");
/// # #[cfg(feature = "serde")]
/// assert!(serde_json::from_str::<OutcomePolicy>(r#"{"tolerance": "-0.5"}"#).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(remote = "Self"))]
pub struct OutcomePolicy {
    /// A movement of at most this much (in either direction) is "not moved". Default 0:
    /// any change counts. Not negative.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "folio_types::decimal::deserialize")
    )]
    tolerance: Decimal,
}

impl OutcomePolicy {
    /// A policy under which a movement of at most `tolerance` (in either direction)
    /// is "not moved".
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] naming `tolerance` and its value if it is negative.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_delivery::OutcomePolicy;
    /// use folio_types::Decimal;
    ///
    /// assert_eq!(OutcomePolicy::new(Decimal::ZERO)?, OutcomePolicy::default());
    /// assert!(OutcomePolicy::new(Decimal::new(-1, 2)).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(tolerance: Decimal) -> Result<Self> {
        let policy = Self { tolerance };
        policy.validate()?;
        Ok(policy)
    }

    /// A movement of at most this much (in either direction) is "not moved"; not
    /// negative.
    pub fn tolerance(&self) -> Decimal {
        self.tolerance
    }

    /// Checks the rule listed on the type. Deserialization runs this check.
    fn validate(&self) -> Result<()> {
        if self.tolerance < Decimal::ZERO {
            return Err(Error::InvalidArgument {
                name: "tolerance",
                value: self.tolerance.to_string(),
                problem: "must not be negative",
            });
        }
        Ok(())
    }
}

#[cfg(feature = "serde")]
folio_types::validate_on_deserialize!(OutcomePolicy);

/// Output against outcome for one key result (and one product).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Verdict {
    /// Items shipped and the metric moved.
    OutputAndOutcome,
    /// Items shipped but the metric did not move: the case to discuss.
    OutputWithoutOutcome,
    /// The metric moved with nothing shipped against it.
    OutcomeWithoutOutput,
    /// Nothing shipped and the metric did not move.
    Neither,
    /// Items shipped but the key result has no readings to judge by.
    NoReadings,
}

/// One row of the output-versus-outcome view.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct OutcomeRow {
    /// The product (`None`: the key result as a whole, every product together).
    pub product: Option<ProductId>,
    /// The key result.
    pub key_result: KeyResultId,
    /// The items that reached the done stage in the window, by id.
    pub shipped: Vec<String>,
    /// The key result's value at the window's start.
    pub start_value: Option<Decimal>,
    /// Its value at the window's end.
    pub end_value: Option<Decimal>,
    /// `end − start`.
    pub movement: Option<Decimal>,
    /// The verdict.
    pub verdict: Verdict,
    /// One sentence in plain language.
    pub summary: String,
}

/// The output-versus-outcome view of one window.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct OutcomeView {
    /// The window.
    pub window: Window,
    /// Per key result, every product together: each key result with items or readings.
    pub key_results: Vec<OutcomeRow>,
    /// Per product and key result: each pair with items shipped in the window
    /// (products first, by id; items without a product under `None`).
    pub products: Vec<OutcomeRow>,
}

impl OutcomeView {
    /// The rows, by product, whose verdict is [`Verdict::OutputWithoutOutcome`]: "shipped
    /// but nothing moved".
    pub fn output_without_outcome(&self) -> impl Iterator<Item = &OutcomeRow> {
        self.products
            .iter()
            .filter(|r| r.verdict == Verdict::OutputWithoutOutcome)
    }
}

/// Items of `mapping` that reached the done stage inside `window`, with their done
/// day.
fn shipped<'m>(
    workflow: &Workflow,
    mapping: &'m Mapping,
    window: Window,
) -> impl Iterator<Item = (&'m crate::workflow::Timeline, NaiveDate)> {
    let done = workflow.done();
    mapping.timelines.iter().filter_map(move |t| {
        t.entered_on(done)
            .filter(|d| window.contains(*d))
            .map(|d| (t, d))
    })
}

/// One [`DeliveryItem`] per item done in `window` and key result it is tied to, for
/// folio-okr's drift rule (`folio_okr::tracking::drift`), sorted by key result, day and
/// id.
///
/// ```
/// use folio_delivery::{Window, Workflow, delivery_items};
///
/// let workflow = Workflow::standard();
/// let mapping = workflow.map(&[])?;
/// let window = Window::new("2026-11-01".parse()?, "2026-11-30".parse()?)?;
/// assert!(delivery_items(&workflow, &mapping, window).is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn delivery_items(workflow: &Workflow, mapping: &Mapping, window: Window) -> Vec<DeliveryItem> {
    let mut out: Vec<DeliveryItem> = shipped(workflow, mapping, window)
        .flat_map(|(t, day)| {
            t.key_results.iter().map(move |kr| DeliveryItem {
                id: t.id.clone(),
                key_result: kr.clone(),
                shipped_on: day,
            })
        })
        .collect();
    out.sort_unstable_by(|a, b| {
        (&a.key_result, a.shipped_on, &a.id).cmp(&(&b.key_result, b.shipped_on, &b.id))
    });
    out
}

/// Start and end value of a key result over `window`.
fn values(readings: &[&KeyResultReading], window: Window) -> (Option<Decimal>, Option<Decimal>) {
    // `readings` is sorted by day; the last reading of a day wins (ties were ordered by
    // value, so the answer does not depend on input order).
    let before = readings.iter().rev().find(|r| r.on <= window.from());
    let first_inside = readings.iter().find(|r| window.contains(r.on));
    let start = before.or(first_inside).map(|r| r.value);
    let end = readings
        .iter()
        .rev()
        .find(|r| r.on <= window.to())
        .map(|r| r.value);
    (start, end)
}

/// The output-versus-outcome view of `window`: per key result and per product, the
/// items shipped against it and whether its metric moved (see the
/// [module docs](self)).
///
/// ```
/// use folio_delivery::{KeyResultReading, OutcomePolicy, Verdict, Window, Workflow, outcome_view};
/// use folio_types::KeyResultId;
/// use rust_decimal::Decimal;
///
/// let workflow = Workflow::standard();
/// let mapping = workflow.map(&[])?;
/// let kr = KeyResultId::new("kr3")?;
/// let readings = [
///     KeyResultReading { key_result: kr.clone(), on: "2026-10-31".parse()?, value: Decimal::from(12) },
///     KeyResultReading { key_result: kr.clone(), on: "2026-11-30".parse()?, value: Decimal::from(15) },
/// ];
/// let window = Window::new("2026-11-01".parse()?, "2026-11-30".parse()?)?;
/// let view = outcome_view(&workflow, &mapping, &readings, window, OutcomePolicy::default())?;
/// assert_eq!(view.key_results[0].movement, Some(Decimal::from(3)));
/// assert_eq!(view.key_results[0].verdict, Verdict::OutcomeWithoutOutput);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::InvalidArgument`] for a negative tolerance; [`Error::Overflow`] if a
/// movement overflows.
pub fn outcome_view(
    workflow: &Workflow,
    mapping: &Mapping,
    readings: &[KeyResultReading],
    window: Window,
    policy: OutcomePolicy,
) -> Result<OutcomeView> {
    if policy.tolerance < Decimal::ZERO {
        return Err(Error::InvalidArgument {
            name: "tolerance",
            value: policy.tolerance.to_string(),
            problem: "a tolerance is a magnitude, zero or more",
        });
    }
    let mut by_kr: BTreeMap<&KeyResultId, Vec<&KeyResultReading>> = BTreeMap::new();
    for r in readings {
        by_kr.entry(&r.key_result).or_default().push(r);
    }
    for list in by_kr.values_mut() {
        list.sort_unstable_by_key(|r| (r.on, r.value));
    }
    let mut shipped_kr: BTreeMap<&KeyResultId, BTreeSet<&str>> = BTreeMap::new();
    let mut shipped_product: BTreeMap<(Option<&ProductId>, &KeyResultId), BTreeSet<&str>> =
        BTreeMap::new();
    for (t, _) in shipped(workflow, mapping, window) {
        for kr in &t.key_results {
            shipped_kr.entry(kr).or_default().insert(&t.id);
            shipped_product
                .entry((t.product.as_ref(), kr))
                .or_default()
                .insert(&t.id);
        }
    }
    let row = |product: Option<&ProductId>, kr: &KeyResultId, items: Option<&BTreeSet<&str>>| {
        let list = by_kr.get(kr).map(Vec::as_slice).unwrap_or_default();
        let (start_value, end_value) = values(list, window);
        let movement = match (start_value, end_value) {
            (Some(s), Some(e)) => Some(e.checked_sub(s).ok_or(Error::Overflow {
                operation: "measuring a key result's movement",
            })?),
            _ => None,
        };
        let shipped: Vec<String> = items
            .map(|s| s.iter().map(|&id| id.to_owned()).collect())
            .unwrap_or_default();
        let moved = movement.map(|m| m.abs() > policy.tolerance);
        let verdict = match (shipped.is_empty(), moved) {
            (false, None) => Verdict::NoReadings,
            (false, Some(true)) => Verdict::OutputAndOutcome,
            (false, Some(false)) => Verdict::OutputWithoutOutcome,
            (true, Some(true)) => Verdict::OutcomeWithoutOutput,
            (true, _) => Verdict::Neither,
        };
        let summary = summarize(
            product,
            kr,
            &shipped,
            start_value,
            end_value,
            verdict,
            window,
        );
        Ok::<_, Error>(OutcomeRow {
            product: product.cloned(),
            key_result: kr.clone(),
            shipped,
            start_value,
            end_value,
            movement,
            verdict,
            summary,
        })
    };
    let all_krs: BTreeSet<&KeyResultId> = by_kr.keys().chain(shipped_kr.keys()).copied().collect();
    let key_results = all_krs
        .into_iter()
        .map(|kr| row(None, kr, shipped_kr.get(kr)))
        .collect::<Result<Vec<_>>>()?;
    let mut pairs: Vec<_> = shipped_product.iter().collect();
    // Products first (by id), items without a product last.
    pairs.sort_by(|((pa, ka), _), ((pb, kb), _)| {
        (pa.is_none(), pa, ka).cmp(&(pb.is_none(), pb, kb))
    });
    let products = pairs
        .into_iter()
        .map(|((product, kr), items)| row(*product, kr, Some(items)))
        .collect::<Result<Vec<_>>>()?;
    Ok(OutcomeView {
        window,
        key_results,
        products,
    })
}

fn summarize(
    product: Option<&ProductId>,
    kr: &KeyResultId,
    shipped: &[String],
    start: Option<Decimal>,
    end: Option<Decimal>,
    verdict: Verdict,
    window: Window,
) -> String {
    let who = product.map_or_else(|| "All products".to_owned(), |p| format!("Product {p}"));
    let n = shipped.len();
    let things = if n == 1 { "item" } else { "items" };
    let span = format!("between {} and {}", window.from(), window.to());
    let values = match (start, end) {
        (Some(s), Some(e)) => format!(" ({s} -> {e})"),
        _ => String::new(),
    };
    match verdict {
        Verdict::OutputAndOutcome => {
            format!("{who} shipped {n} {things} tied to {kr} {span}, and the metric moved{values}.")
        }
        Verdict::OutputWithoutOutcome => format!(
            "{who} shipped {n} {things} tied to {kr} {span}, but the metric has not moved{values}."
        ),
        Verdict::OutcomeWithoutOutput => {
            format!("{kr} moved {span}{values} with nothing shipped against it.")
        }
        Verdict::Neither => {
            format!("Nothing shipped against {kr} {span}, and the metric has not moved{values}.")
        }
        Verdict::NoReadings => format!(
            "{who} shipped {n} {things} tied to {kr} {span}; there are no readings to tell whether the metric moved."
        ),
    }
}
