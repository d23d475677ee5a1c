//! The executive readout: one data structure with everything a monthly portfolio
//! review reads, and plain-text and Markdown renderings of it.
//!
//! - **Scorecard**, per portfolio objective: progress now and at the previous review,
//!   the trend arrow between them (↑ up, → flat, ↓ down; any change counts), confidence
//!   (when leaf confidences are given), and the product that drove the most movement.
//!   A product's movement is measured, not guessed: the objective is rolled up with
//!   every leaf at its previous progress except that product's, which take their
//!   current progress; the difference from the previous value is the product's part.
//!   For a weighted rollup these parts add up to the total movement.
//! - **Exceptions**: the most at-risk leaf key results, at most
//!   [`ReadoutPolicy::max_exceptions`] (default 5), ranked by weight x gap, where the
//!   weight is the sum of the key result's contribution weights and the gap is
//!   `max(0, 1 - progress)`; ties by id. Each names its recovery plan's owner (if any),
//!   the decision its latest check-in asked for, and the owner's latest confidence,
//!   calibrated beside raw when an [`OwnerCalibration`] is given.
//! - **Off track**, **stale** (every state but fresh and retired), **drifting**, and
//!   **cadence** compliance, from the tracking policies.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use folio_types::{
    Confidence, Decimal, KeyResultId, NaiveDate, ObjectiveId, OwnerId, Period, ProductId, Progress,
};

use crate::error::{Error, Result};
use crate::graph::OkrGraph;
use crate::inputs::ProgressInputs;
use crate::model::{NodeId, ObjectiveTier};
use crate::tracking::cadence::{Cadence, CadenceReport, cadence};
use crate::tracking::calibration::OwnerCalibration;
use crate::tracking::checkin::CheckInLog;
use crate::tracking::drift::{DeliveryItem, DriftAlert, DriftPolicy, drift};
use crate::tracking::off_track::{OffTrack, OffTrackPolicy, RecoveryPlan, off_track};
use crate::tracking::staleness::{Action, Staleness, StalenessPolicy, StalenessReport, staleness};

/// The readout's settings: its own bound and the tracking policies it applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct ReadoutPolicy {
    /// The most exceptions listed.
    pub max_exceptions: usize,
    /// The staleness rule.
    pub staleness: StalenessPolicy,
    /// The off-track rule.
    pub off_track: OffTrackPolicy,
    /// The drift rules.
    pub drift: DriftPolicy,
}

impl Default for ReadoutPolicy {
    fn default() -> Self {
        Self {
            max_exceptions: 5,
            staleness: StalenessPolicy::default(),
            off_track: OffTrackPolicy::default(),
            drift: DriftPolicy::default(),
        }
    }
}

/// What the readout is built from, besides the graph.
#[derive(Debug, Clone, Copy)]
pub struct ReadoutInputs<'a> {
    /// The period's check-ins, validated as of the review date.
    pub log: &'a CheckInLog,
    /// Leaf progress (and optionally confidence and overrides) now.
    pub current: &'a ProgressInputs,
    /// Leaf progress at the previous review, for the trend.
    pub previous: &'a ProgressInputs,
    /// Recorded retire and escalate actions.
    pub actions: &'a [Action],
    /// Recovery plans of off-track key results.
    pub plans: &'a [RecoveryPlan],
    /// Shipped delivery items.
    pub delivery: &'a [DeliveryItem],
    /// Each product's declared check-in cadence.
    pub cadences: &'a BTreeMap<ProductId, Cadence>,
    /// Owners' calibration from earlier periods, to show calibrated confidence beside
    /// raw confidence in the exceptions; empty shows raw confidence only.
    pub calibration: &'a [OwnerCalibration],
}

/// The direction of an objective's progress since the previous review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Trend {
    /// Progress rose.
    Up,
    /// Progress did not change.
    Flat,
    /// Progress fell.
    Down,
}

impl Trend {
    /// The arrow: ↑, → or ↓.
    pub fn arrow(self) -> char {
        match self {
            Self::Up => '↑',
            Self::Flat => '→',
            Self::Down => '↓',
        }
    }
}

/// One portfolio objective on the scorecard.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct ObjectiveLine {
    /// The objective.
    pub objective: ObjectiveId,
    /// Its name.
    pub name: String,
    /// Its reported progress now.
    pub progress: Progress,
    /// Its reported progress at the previous review.
    pub previous: Progress,
    /// The direction between the two.
    pub trend: Trend,
    /// Its rolled-up confidence, when leaf confidences were given.
    pub confidence: Option<Confidence>,
    /// The product whose key results moved it most (by absolute movement; ties by id),
    /// with that movement; `None` when nothing moved.
    pub top_product: Option<(ProductId, Decimal)>,
}

/// An at-risk key result.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Exception {
    /// The key result.
    pub key_result: KeyResultId,
    /// Its product.
    pub product: ProductId,
    /// Its owner.
    pub owner: OwnerId,
    /// Its progress now.
    pub progress: Progress,
    /// The sum of its contribution weights.
    pub weight: Decimal,
    /// `max(0, 1 - progress)`.
    pub gap: Decimal,
    /// `weight x gap`, the ranking key.
    pub risk: Decimal,
    /// The owner's latest confidence, if it has a check-in.
    pub confidence: Option<Confidence>,
    /// That confidence calibrated by the owner's past bias
    /// ([`OwnerCalibration::calibrated`]), when a calibration for the owner was given.
    pub calibrated_confidence: Option<Confidence>,
    /// The owner of its recovery plan, if it has one.
    pub plan_owner: Option<OwnerId>,
    /// The decision its latest check-in asked for, if any.
    pub decision_needed: Option<String>,
}

/// The monthly executive readout.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Readout {
    /// The period reviewed.
    pub period: Period,
    /// The review date.
    pub as_of: NaiveDate,
    /// Per portfolio objective, in id order.
    pub scorecard: Vec<ObjectiveLine>,
    /// The most at-risk key results, riskiest first.
    pub exceptions: Vec<Exception>,
    /// Off-track key results and their plans.
    pub off_track: Vec<OffTrack>,
    /// Key results that are not fresh (and not retired).
    pub stale: Vec<StalenessReport>,
    /// Drift alerts.
    pub drift: Vec<DriftAlert>,
    /// Cadence compliance per product.
    pub cadence: Vec<CadenceReport>,
}

fn overflow() -> Error {
    Error::Core(folio_types::Error::Overflow {
        operation: "building the readout",
    })
}

/// Builds the readout.
///
/// # Errors
///
/// Any error of the rollup (missing or unknown progress, overflow), of the status
/// rollup when confidences are given, or of the tracking policies.
pub fn readout(
    graph: &OkrGraph,
    inputs: ReadoutInputs<'_>,
    policy: &ReadoutPolicy,
) -> Result<Readout> {
    let now = graph.rollup(inputs.current)?;
    let mut counterfactual = graph.rollup(inputs.previous)?;
    let status = if inputs.current.confidence.is_empty() {
        None
    } else {
        Some(graph.status(inputs.current)?)
    };

    // Leaf changes grouped by product, in product then key-result order.
    let mut by_product: BTreeMap<&ProductId, Vec<(KeyResultId, Progress, Progress)>> =
        BTreeMap::new();
    for (id, current) in &inputs.current.progress {
        let Some(kr) = graph.key_result(id) else {
            continue;
        };
        let previous = inputs
            .previous
            .progress
            .get(id)
            .copied()
            .unwrap_or(*current);
        if previous != *current {
            by_product
                .entry(&kr.product)
                .or_default()
                .push((id.clone(), previous, *current));
        }
    }
    let mut objectives: Vec<_> = graph
        .objectives()
        .filter(|o| o.tier == ObjectiveTier::Portfolio)
        .collect();
    objectives.sort_by(|a, b| a.id.cmp(&b.id));
    let nodes: Vec<NodeId> = objectives
        .iter()
        .map(|o| NodeId::Objective(o.id.clone()))
        .collect();
    let base: Vec<Progress> = nodes
        .iter()
        .map(|n| {
            counterfactual
                .value(n)
                .map_or(Progress::ZERO, |v| v.reported)
        })
        .collect();
    // movement[objective][product]
    let mut movement: Vec<Vec<(&ProductId, Decimal)>> = vec![Vec::new(); nodes.len()];
    for (product, changes) in &by_product {
        let forward: Vec<(KeyResultId, Progress)> = changes
            .iter()
            .map(|(id, _, now)| (id.clone(), *now))
            .collect();
        let back: Vec<(KeyResultId, Progress)> = changes
            .iter()
            .map(|(id, before, _)| (id.clone(), *before))
            .collect();
        counterfactual.update_many(&forward)?;
        for ((node, before), moves) in nodes.iter().zip(&base).zip(movement.iter_mut()) {
            let after = counterfactual.value(node).map_or(*before, |v| v.reported);
            let delta = after
                .value()
                .checked_sub(before.value())
                .ok_or_else(overflow)?;
            moves.push((product, delta));
        }
        counterfactual.update_many(&back)?;
    }

    let mut scorecard = Vec::with_capacity(objectives.len());
    for ((objective, node), (before, moves)) in objectives
        .iter()
        .zip(&nodes)
        .zip(base.iter().zip(&movement))
    {
        let progress = now.value(node).map_or(Progress::ZERO, |v| v.reported);
        let trend = match progress.cmp(before) {
            std::cmp::Ordering::Greater => Trend::Up,
            std::cmp::Ordering::Equal => Trend::Flat,
            std::cmp::Ordering::Less => Trend::Down,
        };
        // Largest absolute movement; the first in product order wins a tie.
        let top_product = moves
            .iter()
            .filter(|(_, delta)| !delta.is_zero())
            .fold(None::<&(&ProductId, Decimal)>, |best, m| match best {
                Some(b) if b.1.abs() >= m.1.abs() => Some(b),
                _ => Some(m),
            })
            .map(|(product, delta)| ((*product).clone(), delta.normalize()));
        scorecard.push(ObjectiveLine {
            objective: objective.id.clone(),
            name: objective.name.clone(),
            progress,
            previous: *before,
            trend,
            confidence: status
                .as_ref()
                .and_then(|s| s.status(node))
                .map(|s| s.confidence),
            top_product,
        });
    }

    let off = off_track(graph, inputs.log, inputs.plans, &policy.off_track)?;
    let plan_owner: BTreeMap<&KeyResultId, &OwnerId> = inputs
        .plans
        .iter()
        .map(|p| (&p.key_result, &p.owner))
        .collect();
    let mut exceptions = Vec::new();
    for (id, progress) in &inputs.current.progress {
        let Some(kr) = graph.key_result(id) else {
            continue;
        };
        let weight = kr
            .contributes_to
            .iter()
            .try_fold(Decimal::ZERO, |sum, edge| {
                sum.checked_add(edge.weight.value())
            })
            .ok_or_else(overflow)?;
        let gap = Decimal::ONE
            .checked_sub(progress.value())
            .ok_or_else(overflow)?
            .max(Decimal::ZERO);
        let risk = weight.checked_mul(gap).ok_or_else(overflow)?.normalize();
        if risk > Decimal::ZERO {
            let confidence = inputs.log.state(id).map(|s| s.value.confidence);
            let calibrated_confidence = inputs
                .calibration
                .iter()
                .find(|c| c.owner == kr.owner)
                .zip(confidence)
                .map(|(c, raw)| c.calibrated(raw));
            exceptions.push(Exception {
                key_result: id.clone(),
                product: kr.product.clone(),
                owner: kr.owner.clone(),
                progress: *progress,
                weight: weight.normalize(),
                gap: gap.normalize(),
                risk,
                confidence,
                calibrated_confidence,
                plan_owner: plan_owner.get(id).map(|o| (*o).clone()),
                decision_needed: inputs
                    .log
                    .state(id)
                    .and_then(|s| s.value.decision_needed.clone()),
            });
        }
    }
    exceptions.sort_by(|a, b| {
        b.risk
            .cmp(&a.risk)
            .then_with(|| a.key_result.cmp(&b.key_result))
    });
    exceptions.truncate(policy.max_exceptions);

    let stale = staleness(graph, inputs.log, inputs.actions, &policy.staleness)?
        .into_iter()
        .filter(|r| {
            !matches!(
                r.staleness,
                Staleness::Fresh { .. } | Staleness::Retired { .. }
            )
        })
        .collect();
    Ok(Readout {
        period: inputs.log.period(),
        as_of: inputs.log.as_of(),
        scorecard,
        exceptions,
        off_track: off,
        stale,
        drift: drift(
            graph,
            inputs.log,
            &inputs.current.progress,
            inputs.delivery,
            &policy.drift,
        )?,
        cadence: cadence(graph, inputs.log, inputs.cadences)?,
    })
}

fn stale_label(s: &Staleness) -> String {
    match s {
        Staleness::Fresh { .. } => "fresh".into(),
        Staleness::ActionDue { due, .. } => format!("action due by {due}"),
        Staleness::ActionOverdue { due, .. } => format!("action overdue since {due}"),
        Staleness::RetirementRecommended { days_stale, .. } => {
            format!("stale {days_stale} days: retirement recommended")
        }
        Staleness::Escalated { action, .. } => format!("escalated on {}", action.date),
        Staleness::Retired { action } => format!("retired on {}", action.date),
    }
}

fn percent(p: Progress) -> String {
    let value = p
        .value()
        .checked_mul(Decimal::ONE_HUNDRED)
        .unwrap_or(p.value());
    format!("{}%", value.round_dp(1).normalize())
}

impl Readout {
    /// The readout as plain text.
    pub fn to_text(&self) -> String {
        self.render(false)
    }

    /// The readout as Markdown.
    pub fn to_markdown(&self) -> String {
        self.render(true)
    }

    // Writing to a String cannot fail, so the `fmt::Result`s are dropped.
    fn render(&self, markdown: bool) -> String {
        let mut out = String::new();
        let heading = |out: &mut String, text: &str, empty: bool| {
            if markdown {
                let _ = writeln!(out, "\n## {text}\n");
            } else {
                let _ = writeln!(out, "\n{text}\n{}", "-".repeat(text.chars().count()));
            }
            if empty {
                let _ = writeln!(out, "{}none", if markdown { "" } else { "  " });
            }
        };
        let bullet = if markdown { "- " } else { "  " };
        let title = format!("Portfolio readout, {} as of {}", self.period, self.as_of);
        if markdown {
            let _ = writeln!(out, "# {title}");
        } else {
            let _ = writeln!(out, "{title}\n{}", "=".repeat(title.chars().count()));
        }
        heading(&mut out, "Scorecard", self.scorecard.is_empty());
        if markdown {
            let _ = writeln!(
                out,
                "| objective | progress | trend | confidence | top driver |"
            );
            let _ = writeln!(out, "|---|---|---|---|---|");
        }
        for line in &self.scorecard {
            let confidence = line.confidence.map_or_else(
                || "-".to_owned(),
                |c| c.value().round_dp(2).normalize().to_string(),
            );
            let driver = line.top_product.as_ref().map_or_else(
                || "-".to_owned(),
                |(p, d)| {
                    format!(
                        "{p} ({}{})",
                        if d.is_sign_negative() { "" } else { "+" },
                        d.round_dp(4)
                    )
                },
            );
            if markdown {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} from {} | {confidence} | {driver} |",
                    line.name,
                    percent(line.progress),
                    line.trend.arrow(),
                    percent(line.previous)
                );
            } else {
                let _ = writeln!(
                    out,
                    "{bullet}{} {} ({} from {}), confidence {confidence}, driven by {driver}",
                    line.trend.arrow(),
                    line.name,
                    percent(line.progress),
                    percent(line.previous)
                );
            }
        }
        heading(&mut out, "Exceptions", self.exceptions.is_empty());
        for e in &self.exceptions {
            let plan = e.plan_owner.as_ref().map_or_else(
                || "no recovery plan".to_owned(),
                |o| format!("plan owner {o}"),
            );
            let confidence = match (e.confidence, e.calibrated_confidence) {
                (Some(raw), Some(calibrated)) => format!(
                    ", confidence {} (calibrated {})",
                    raw.value().round_dp(2).normalize(),
                    calibrated.value().round_dp(2).normalize()
                ),
                (Some(raw), None) => {
                    format!(", confidence {}", raw.value().round_dp(2).normalize())
                }
                _ => String::new(),
            };
            let decision = e
                .decision_needed
                .as_ref()
                .map_or_else(String::new, |d| format!("; decision needed: {d}"));
            let _ = writeln!(
                out,
                "{bullet}{} ({}, {}): progress {}{confidence}, risk {}; {plan}{decision}",
                e.key_result,
                e.product,
                e.owner,
                percent(e.progress),
                e.risk.round_dp(4)
            );
        }
        heading(&mut out, "Off track", self.off_track.is_empty());
        for o in &self.off_track {
            let plan = o.plan.as_ref().map_or_else(
                || "NO RECOVERY PLAN".to_owned(),
                |p| {
                    format!(
                        "plan: change the {:?} ({}, due {})",
                        p.change, p.owner, p.due
                    )
                    .to_lowercase()
                },
            );
            let _ = writeln!(
                out,
                "{bullet}{}: confidence {} on {}; {plan}",
                o.key_result, o.confidence, o.confidence_date
            );
        }
        heading(&mut out, "Stale", self.stale.is_empty());
        for s in &self.stale {
            let _ = writeln!(
                out,
                "{bullet}{}: {}",
                s.key_result,
                stale_label(&s.staleness)
            );
        }
        heading(&mut out, "Drift", self.drift.is_empty());
        for d in &self.drift {
            let _ = writeln!(out, "{bullet}{}: {}", d.key_result, d.message);
        }
        heading(&mut out, "Cadence", self.cadence.is_empty());
        for c in &self.cadence {
            let compliance = c.compliance.map_or_else(
                || "nothing due yet".to_owned(),
                |r| {
                    format!(
                        "{}%",
                        r.value()
                            .checked_mul(Decimal::ONE_HUNDRED)
                            .unwrap_or(r.value())
                            .round_dp(0)
                    )
                },
            );
            let gap = c
                .longest_gap
                .as_ref()
                .map_or_else(String::new, |(days, kr)| {
                    format!(", longest gap {days} days ({kr})")
                });
            let _ = writeln!(
                out,
                "{bullet}{} ({}): {} check-ins, {} expected, {compliance} on cadence{gap}",
                c.product, c.cadence, c.received, c.expected
            );
        }
        out
    }
}
