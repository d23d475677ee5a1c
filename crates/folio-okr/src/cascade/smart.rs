//! The SMART check of every goal: measurable, time-bound, relevant, and, for portfolio
//! goals, cross-cutting.
//!
//! Every objective and key result gets a [`SmartCheck`] with one flag per criterion and
//! a [`SmartFailure`] for each reason a criterion failed. The rules, from seed 001:
//!
//! | criterion | a goal passes when |
//! |---|---|
//! | measurable | its own target has a baseline (`increase_to`, `decrease_to`) or is a milestone; or it has contributors and every one of them is measurable |
//! | time-bound | it has a deadline, inside the portfolio's period when one is recorded |
//! | achievable | every prerequisite it depends on is due on or before its deadline, and none is off track |
//! | relevant | it has a strategic theme, or a parent it ladders up to |
//! | cross-cutting (portfolio objectives only) | at least two distinct products contribute |
//!
//! Choices where the seed leaves room:
//!
//! - **Measurable needs a distance to cover.** A guard rail (`stay_above`,
//!   `stay_below`, `within_range`) names a threshold but no baseline, so it does not say
//!   how far the goal is from done: [`SmartFailure::NoBaseline`]. A goal without a
//!   qualifying target of its own is still measurable through its contributors when
//!   all of them are (an objective measured by its key results, a product key result by
//!   its initiatives), applied bottom-up, so a portfolio objective is measurable through
//!   measurable product objectives. One unmeasurable contributor is enough to fail: a
//!   share of the goal's progress would have no measure. The criterion is the same
//!   for objectives and key results. Whether the target suits its metric's definition
//!   is folio-metrics' business ([`Target::check_against`](folio_metrics::Target::check_against)).
//! - **Time-bound without a period.** When the portfolio records no
//!   [`period`](crate::PortfolioData::period), a deadline alone is time-bound: there is
//!   nothing to check it against, and failing every goal for a missing portfolio field
//!   would bury the goals that lack a deadline. The report's
//!   [`period`](super::CascadeReport::period) is then `None`, which shows that
//!   deadlines went unchecked. Both ends of the period count as inside.
//! - **Relevant is checked where the anchor is missing.** A theme counts when it has
//!   text other than spaces. A product goal that ladders up to a portfolio objective is
//!   relevant even if that objective has no theme: the missing theme is reported once,
//!   on the portfolio objective, rather than on everything beneath it. In a validated
//!   graph every product objective and key result has a parent, so only portfolio
//!   objectives can fail this criterion.
//! - **Cross-cutting counts products beneath.** The products of all key results beneath
//!   the objective, and the `product` of the product objectives beneath it; a product
//!   the portfolio objective names itself does not count. A product
//!   objective without key results counts for its product here (the team is involved)
//!   though it does not close a [gap](super::Gap) (it has no measure).
//! - **Achievable is checked where the data can speak** (seed 001: "Does this goal
//!   depend on another product shipping a feature first?"): a prerequisite
//!   ([`Dependency`](crate::Dependency)) due after the goal's own deadline
//!   ([`SmartFailure::PrerequisiteDueLate`]; the dependency's `due`, else the
//!   prerequisite's deadline), or a prerequisite reported off track
//!   ([`SmartFailure::PrerequisiteOffTrack`], from the off-track key results given to
//!   [`cascade_with`](super::cascade_with)). A goal or prerequisite without a date is not
//!   judged late. Shared resources claimed twice are the [conflicts](super::Conflict).
//! - **Not checked:** specific (prose, not data).

use std::collections::BTreeSet;
use std::fmt;

use folio_metrics::{Goal, Target};
use folio_types::{MetricId, NaiveDate, Period, ProductId};

use super::view::{Record, View};
use crate::model::{Level, NodeId};

/// A SMART criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum SmartCriterion {
    /// A metric with a baseline and a target, or a milestone.
    Measurable,
    /// A deadline inside the period.
    TimeBound,
    /// Prerequisites due in time and on track.
    Achievable,
    /// A strategic theme, or a parent it ladders up to.
    Relevant,
    /// Portfolio objectives: at least two products contribute.
    CrossCutting,
}

impl fmt::Display for SmartCriterion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Measurable => "measurable",
            Self::TimeBound => "time-bound",
            Self::Achievable => "achievable",
            Self::Relevant => "relevant",
            Self::CrossCutting => "cross-cutting",
        })
    }
}

/// Why a goal fails a SMART criterion.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum SmartFailure {
    /// Measurable: the goal has no target of its own.
    NoTarget,
    /// Measurable: the goal's own target is a guard rail, with no baseline.
    NoBaseline {
        /// The target's metric.
        metric: MetricId,
        /// The target's goal: `stay_above`, `stay_below` or `within_range`.
        goal: Goal,
    },
    /// Measurable: the goal has contributors, and these are not measurable.
    UnmeasurableContributors {
        /// The contributors that are not measurable, in id order.
        contributors: Vec<NodeId>,
    },
    /// Time-bound: no deadline.
    NoDeadline,
    /// Time-bound: the deadline falls outside the portfolio's period.
    DeadlineOutsidePeriod {
        /// The deadline.
        deadline: NaiveDate,
        /// The portfolio's period.
        period: Period,
    },
    /// Achievable: a prerequisite is due after the goal's own deadline.
    PrerequisiteDueLate {
        /// The prerequisite.
        prerequisite: NodeId,
        /// When it is due.
        due: NaiveDate,
        /// The goal's deadline.
        deadline: NaiveDate,
    },
    /// Achievable: a prerequisite is off track.
    PrerequisiteOffTrack {
        /// The prerequisite.
        prerequisite: NodeId,
    },
    /// Relevant: no strategic theme and no parent to ladder up to.
    NoTheme,
    /// Cross-cutting: fewer than two products contribute to a portfolio objective.
    FewProducts {
        /// The products that do (none or one).
        products: Vec<ProductId>,
    },
}

impl SmartFailure {
    /// The criterion this failure belongs to.
    ///
    /// ```
    /// use folio_okr::{SmartCriterion, SmartFailure};
    ///
    /// assert_eq!(SmartFailure::NoDeadline.criterion(), SmartCriterion::TimeBound);
    /// assert_eq!(SmartFailure::NoDeadline.to_string(), "not time-bound: no deadline");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn criterion(&self) -> SmartCriterion {
        match self {
            Self::NoTarget | Self::NoBaseline { .. } | Self::UnmeasurableContributors { .. } => {
                SmartCriterion::Measurable
            }
            Self::NoDeadline | Self::DeadlineOutsidePeriod { .. } => SmartCriterion::TimeBound,
            Self::PrerequisiteDueLate { .. } | Self::PrerequisiteOffTrack { .. } => {
                SmartCriterion::Achievable
            }
            Self::NoTheme => SmartCriterion::Relevant,
            Self::FewProducts { .. } => SmartCriterion::CrossCutting,
        }
    }
}

impl SmartFailure {
    /// The reason alone, without the criterion it fails.
    fn write_reason(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoTarget => f.write_str("no target of its own"),
            Self::NoBaseline { metric, goal } => write!(
                f,
                "its target on metric {:?} is {}, which has no baseline",
                metric.as_str(),
                goal.name()
            ),
            Self::UnmeasurableContributors { contributors } => {
                f.write_str("contributors without a measure: ")?;
                for (i, node) in contributors.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{node}")?;
                }
                Ok(())
            }
            Self::NoDeadline => f.write_str("no deadline"),
            Self::DeadlineOutsidePeriod { deadline, period } => {
                write!(f, "deadline {deadline} is outside the period {period}")
            }
            Self::PrerequisiteDueLate {
                prerequisite,
                due,
                deadline,
            } => write!(
                f,
                "prerequisite {prerequisite} is due {due}, after the deadline {deadline}"
            ),
            Self::PrerequisiteOffTrack { prerequisite } => {
                write!(f, "prerequisite {prerequisite} is off track")
            }
            Self::NoTheme => f.write_str("no strategic theme and no parent to ladder up to"),
            Self::FewProducts { products } => {
                match products.as_slice() {
                    [] => f.write_str("no product contributes")?,
                    [one] => write!(f, "only product {:?} contributes", one.as_str())?,
                    more => write!(f, "only {} products contribute", more.len())?,
                }
                f.write_str(" (a goal one team can reach alone is a product goal)")
            }
        }
    }
}

impl fmt::Display for SmartFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not {}: ", self.criterion())?;
        self.write_reason(f)
    }
}

/// The SMART check of one goal.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct SmartCheck {
    /// The goal.
    pub node: NodeId,
    /// Its level.
    pub level: Level,
    /// A target with a baseline or a milestone, or measurable contributors.
    pub measurable: bool,
    /// A deadline, inside the period when there is one.
    pub time_bound: bool,
    /// Every prerequisite due by the deadline and none off track.
    pub achievable: bool,
    /// A theme or a parent.
    pub relevant: bool,
    /// For portfolio objectives, whether at least two products contribute; `None` for
    /// every other goal.
    pub cross_cutting: Option<bool>,
    /// Why each failed criterion failed, in criterion order (measurable, time-bound,
    /// achievable, relevant, cross-cutting); empty when the goal passes.
    pub failures: Vec<SmartFailure>,
}

impl SmartCheck {
    /// Whether every criterion that applies passes.
    ///
    /// ```
    /// # use folio_okr::{OkrGraph, PortfolioData};
    /// # let graph = OkrGraph::new(serde_json::from_str::<PortfolioData>(r#"{
    /// #   "policy": { "method": "weighted" },
    /// #   "objectives": [{ "id": "grow", "name": "Grow", "tier": "portfolio", "drivers": "key_results" }],
    /// #   "key_results": [
    /// #     { "id": "arr", "name": "ARR", "tier": "product", "owner": "ana", "product": "atlas",
    /// #       "target": { "metric": "arr", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" }, "weight": "3" }] },
    /// #     { "id": "nps", "name": "NPS", "tier": "product", "owner": "lee", "product": "lens",
    /// #       "target": { "metric": "nps", "goal": { "increase_to": { "baseline": "0", "target": "10" } } },
    /// #       "contributes_to": [{ "to": { "objective": "grow" } }] }
    /// #   ]
    /// # }"#)?)?;
    /// use folio_okr::{cascade, NodeId};
    /// use folio_types::KeyResultId;
    ///
    /// let report = cascade(&graph);
    /// let arr = report.smart_check(&NodeId::from(KeyResultId::new("arr")?)).unwrap();
    /// // Measurable (a target with a baseline) and relevant (it has a parent), but no deadline.
    /// assert!(arr.measurable && arr.relevant);
    /// assert!(!arr.passes());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn passes(&self) -> bool {
        self.measurable
            && self.time_bound
            && self.achievable
            && self.relevant
            && self.cross_cutting != Some(false)
    }
}

impl fmt::Display for SmartCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.passes() {
            return write!(f, "{} passes the SMART check", self.node);
        }
        // One clause per failed criterion, its reasons joined by "and".
        write!(f, "{} fails the SMART check: ", self.node)?;
        let mut previous = None;
        for failure in &self.failures {
            let criterion = failure.criterion();
            match previous {
                Some(p) if p == criterion => f.write_str(" and ")?,
                Some(_) => write!(f, "; not {criterion}: ")?,
                None => write!(f, "not {criterion}: ")?,
            }
            failure.write_reason(f)?;
            previous = Some(criterion);
        }
        Ok(())
    }
}

/// The two smallest product ids seen, in id order: all that cross-cutting needs, and
/// exact when fewer than two.
#[derive(Debug, Clone, Copy, Default)]
struct TwoProducts<'a> {
    first: Option<&'a ProductId>,
    second: Option<&'a ProductId>,
}

impl<'a> TwoProducts<'a> {
    fn add(&mut self, product: &'a ProductId) {
        match (self.first, self.second) {
            (None, _) => self.first = Some(product),
            (Some(first), _) if product == first => {}
            (Some(first), _) if product < first => {
                self.second = Some(first);
                self.first = Some(product);
            }
            (Some(_), None) => self.second = Some(product),
            (Some(_), Some(second)) if product < second => self.second = Some(product),
            (Some(_), Some(_)) => {}
        }
    }

    fn merge(&mut self, other: Self) {
        other.iter().for_each(|p| self.add(p));
    }

    fn iter(self) -> impl Iterator<Item = &'a ProductId> {
        self.first.into_iter().chain(self.second)
    }

    fn enough(self) -> bool {
        self.second.is_some()
    }
}

/// What the bottom-up pass learns about one record.
#[derive(Debug, Clone, Copy, Default)]
struct Fact<'a> {
    measurable: bool,
    /// Whether the record is a key result or has one beneath it.
    reaches_key_result: bool,
    /// The products of the record and of everything beneath it.
    products: TwoProducts<'a>,
}

/// The bottom-up facts of every record, by index, shared by the gap and SMART checks.
#[derive(Debug, Default)]
pub(super) struct Facts<'a> {
    records: Vec<Fact<'a>>,
}

/// Whether a target gives a goal a distance to cover.
fn qualifies(target: &Target) -> bool {
    match target.goal() {
        Goal::IncreaseTo { .. } | Goal::DecreaseTo { .. } | Goal::Milestone => true,
        Goal::StayAbove { .. } | Goal::StayBelow { .. } | Goal::WithinRange { .. } => false,
    }
}

impl<'a> Facts<'a> {
    /// One pass over the records, contributors before the records they contribute to.
    pub(super) fn compute(view: &View<'a>) -> Self {
        let mut records = vec![Fact::default(); view.len()];
        for index in view.bottom_up() {
            let Some(record) = view.record(index) else {
                continue;
            };
            let children = view.children(index);
            let mut fact = Fact {
                measurable: record.target().is_some_and(qualifies),
                reaches_key_result: matches!(record, Record::KeyResult(_)),
                products: TwoProducts::default(),
            };
            // A portfolio objective that names a product does not contribute to itself;
            // everything else is beneath some portfolio objective.
            if let (Some(product), false) = (
                record.product(),
                record.level() == Level::PortfolioObjective,
            ) {
                fact.products.add(product);
            }
            let mut all_measurable = !children.is_empty();
            for child in children.iter().filter_map(|c| records.get(*c)) {
                all_measurable &= child.measurable;
                fact.reaches_key_result |= child.reaches_key_result;
                fact.products.merge(child.products);
            }
            fact.measurable |= all_measurable;
            if let Some(slot) = records.get_mut(index) {
                *slot = fact;
            }
        }
        Self { records }
    }

    fn get(&self, index: usize) -> Fact<'a> {
        self.records.get(index).copied().unwrap_or_default()
    }

    /// Whether the record at `index` is a key result or has one beneath it.
    pub(super) fn reaches_key_result(&self, index: usize) -> bool {
        self.get(index).reaches_key_result
    }
}

/// The SMART check of every record, in index order, which is [`NodeId`] order.
pub(super) fn checks(
    view: &View<'_>,
    facts: &Facts<'_>,
    off_track: &BTreeSet<NodeId>,
) -> Vec<SmartCheck> {
    view.records()
        .enumerate()
        .map(|(index, record)| check(view, facts, off_track, index, record))
        .collect()
}

fn check(
    view: &View<'_>,
    facts: &Facts<'_>,
    off_track: &BTreeSet<NodeId>,
    index: usize,
    record: Record<'_>,
) -> SmartCheck {
    let mut failures = Vec::new();
    let fact = facts.get(index);

    if !fact.measurable {
        match record.target() {
            None => failures.push(SmartFailure::NoTarget),
            Some(target) => failures.push(SmartFailure::NoBaseline {
                metric: target.metric().clone(),
                goal: target.goal(),
            }),
        }
        let unmeasurable: Vec<NodeId> = view
            .children(index)
            .iter()
            .filter(|c| !facts.get(**c).measurable)
            .filter_map(|c| view.record(*c).map(Record::node))
            .collect();
        if !unmeasurable.is_empty() {
            failures.push(SmartFailure::UnmeasurableContributors {
                contributors: unmeasurable,
            });
        }
    }

    let time_bound = match (record.deadline(), view.period) {
        (None, _) => {
            failures.push(SmartFailure::NoDeadline);
            false
        }
        (Some(deadline), Some(period)) if !period.contains(deadline) => {
            failures.push(SmartFailure::DeadlineOutsidePeriod { deadline, period });
            false
        }
        (Some(_), _) => true,
    };

    let before = failures.len();
    let mut dependencies: Vec<_> = record.dependencies().iter().collect();
    dependencies.sort_by(|a, b| a.on.cmp(&b.on));
    for dependency in dependencies {
        let due = dependency
            .due
            .or_else(|| view.find(&dependency.on).and_then(Record::deadline));
        if let (Some(due), Some(deadline)) = (due, record.deadline()) {
            if due > deadline {
                failures.push(SmartFailure::PrerequisiteDueLate {
                    prerequisite: dependency.on.clone(),
                    due,
                    deadline,
                });
            }
        }
        if off_track.contains(&dependency.on) {
            failures.push(SmartFailure::PrerequisiteOffTrack {
                prerequisite: dependency.on.clone(),
            });
        }
    }
    let achievable = failures.len() == before;

    let themed = record.theme().is_some_and(|t| !t.trim().is_empty());
    let relevant = themed || !record.edges().is_empty();
    if !relevant {
        failures.push(SmartFailure::NoTheme);
    }

    let level = record.level();
    let cross_cutting = (level == Level::PortfolioObjective).then(|| {
        let enough = fact.products.enough();
        if !enough {
            failures.push(SmartFailure::FewProducts {
                products: fact.products.iter().cloned().collect(),
            });
        }
        enough
    });

    SmartCheck {
        node: record.node(),
        level,
        measurable: fact.measurable,
        time_bound,
        achievable,
        relevant,
        cross_cutting,
        failures,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_products_keeps_the_two_smallest() {
        let ids: Vec<ProductId> = ["c", "a", "d", "a", "b"]
            .iter()
            .map(|p| ProductId::new(*p).unwrap())
            .collect();
        let mut two = TwoProducts::default();
        let mut seen = Vec::new();
        for id in &ids {
            two.add(id);
            seen.push(two.iter().map(ProductId::as_str).collect::<Vec<_>>());
        }
        assert_eq!(
            seen,
            vec![
                vec!["c"],
                vec!["a", "c"],
                vec!["a", "c"],
                vec!["a", "c"],
                vec!["a", "b"]
            ]
        );
        let mut one = TwoProducts::default();
        one.add(&ids[0]);
        assert!(!one.enough());
        one.merge(two);
        assert_eq!(
            one.iter().map(ProductId::as_str).collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert!(one.enough());
    }
}
