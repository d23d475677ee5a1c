//! The readout as it was built before its scorecard, drift and exception matching
//! were made cheaper, kept as the reference that the property tests compare
//! [`readout_with`](super::readout_with) against, field for field.
// A reference copy: it keeps the old code's shape, not the crate's newer habits.
#![cfg(feature = "serde")]
#![allow(clippy::too_many_lines)]

use std::collections::BTreeMap;

use folio_types::{Confidence, Decimal, KeyResultId, NaiveDate, Progress, Series};

use super::*;
use crate::tracking::checkin::InOrder;
use crate::tracking::drift::overflow as fit_overflow;
use crate::tracking::drift::{
    DeliveryItem, DriftAlert, DriftEvidence, DriftPolicy, DriftRule, days_between, days_u32,
    is_met, last_reading_change, window_start,
};

pub(super) fn scores_plain<'g>(
    graph: &'g OkrGraph,
    inputs: &ReadoutInputs<'_>,
    extras: &ReadoutExtras<'_>,
) -> Result<Scores<'g>> {
    let mut objectives: Vec<_> = graph
        .objectives()
        .filter(|o| o.tier == ObjectiveTier::Portfolio)
        .collect();
    objectives.sort_by(|a, b| a.id.cmp(&b.id));
    let nodes: Vec<NodeId> = objectives
        .iter()
        .map(|o| NodeId::Objective(o.id.clone()))
        .collect();
    if let Some((current, previous)) = extras.kpi {
        let read = |rollup: &KpiRollup| -> Vec<Progress> {
            nodes
                .iter()
                .map(|n| rollup.value(n).map_or(Progress::ZERO, |v| v.reported))
                .collect()
        };
        let movement = vec![Vec::new(); nodes.len()];
        let (now, before) = (read(current), read(previous));
        return Ok((objectives, nodes, now, before, movement));
    }
    let now = graph.rollup(inputs.current)?;
    let mut counterfactual = graph.rollup(inputs.previous)?;

    // Leaf changes grouped by product, in product then key-result order.
    // Both progress maps and the graph are in id order: walked alongside, not searched.
    let mut by_product: BTreeMap<&ProductId, Vec<(KeyResultId, Progress, Progress)>> =
        BTreeMap::new();
    let mut previous_of = InOrder::new(&inputs.previous.progress);
    let mut key_results = graph.key_results().peekable();
    for (id, current) in &inputs.current.progress {
        while key_results.next_if(|kr| kr.id < *id).is_some() {}
        let Some(kr) = key_results.next_if(|kr| kr.id == *id) else {
            continue;
        };
        let previous = previous_of.get(id).copied().unwrap_or(*current);
        if previous != *current {
            by_product
                .entry(&kr.product)
                .or_default()
                .push((id.clone(), previous, *current));
        }
    }
    let base: Vec<Progress> = nodes
        .iter()
        .map(|n| {
            counterfactual
                .value(n)
                .map_or(Progress::ZERO, |v| v.reported)
        })
        .collect();
    // movement[objective][product]
    let mut movement: Vec<Vec<(ProductId, Decimal)>> = vec![Vec::new(); nodes.len()];
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
            moves.push(((*product).clone(), delta));
        }
        counterfactual.update_many(&back)?;
    }
    let progress: Vec<Progress> = nodes
        .iter()
        .map(|n| now.value(n).map_or(Progress::ZERO, |v| v.reported))
        .collect();
    Ok((objectives, nodes, progress, base, movement))
}

pub(super) fn readout_plain(
    graph: &OkrGraph,
    inputs: ReadoutInputs<'_>,
    extras: &ReadoutExtras<'_>,
    policy: &ReadoutPolicy,
) -> Result<Readout> {
    for drain in extras.capacity {
        drain.validate()?;
    }
    for owner in inputs.calibration {
        owner.validate()?;
    }
    let status = if inputs.current.confidence.is_empty() {
        None
    } else {
        Some(graph.status(inputs.current)?)
    };
    let (objectives, nodes, progress_now, base, movement) = scores_plain(graph, &inputs, extras)?;

    let mut scorecard = Vec::with_capacity(objectives.len());
    for (((objective, node), (progress, before)), moves) in objectives
        .iter()
        .zip(&nodes)
        .zip(progress_now.iter().zip(&base))
        .zip(&movement)
    {
        let trend = match progress.cmp(before) {
            std::cmp::Ordering::Greater => Trend::Up,
            std::cmp::Ordering::Equal => Trend::Flat,
            std::cmp::Ordering::Less => Trend::Down,
        };
        // Largest absolute movement; the first in product order wins a tie.
        let top_product = moves
            .iter()
            .filter(|(_, delta)| !delta.is_zero())
            .fold(None::<&(ProductId, Decimal)>, |best, m| match best {
                Some(b) if b.1.abs() >= m.1.abs() => Some(b),
                _ => Some(m),
            })
            .map(|(product, delta)| (product.clone(), delta.normalize()));
        scorecard.push(ObjectiveLine {
            objective: objective.id.clone(),
            name: objective.name.clone(),
            progress: *progress,
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
    let all_stale = staleness(graph, inputs.log, inputs.actions, &policy.staleness)?;
    let drift_alerts = drift_plain(
        graph,
        inputs.log,
        &inputs.current.progress,
        inputs.delivery,
        &policy.drift,
    )?;
    let flagged = signals(graph, &off, &all_stale, &drift_alerts);
    let dependency_risk = risks(graph, &flagged);

    let findings = Findings {
        off: &off,
        stale: &all_stale,
        drift: &drift_alerts,
        dependency_risk: &dependency_risk,
    };
    let exceptions = exceptions_plain(graph, &inputs, policy.max_exceptions, &findings)?;

    let reallocation = reallocation(graph, inputs.plans, extras.capacity);
    let questions = questions(graph, &scorecard, &dependency_risk, extras);

    let stale = all_stale
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
        reallocation,
        questions,
        off_track: off,
        stale,
        drift: drift_alerts,
        dependency_risk,
        cadence: cadence(graph, inputs.log, inputs.cadences)?,
    })
}

fn fit_plain(points: &[(i64, Decimal)], at: i64) -> Result<Option<(Decimal, Decimal)>> {
    let n = Decimal::from(points.len());
    if points.len() < 2 {
        return Ok(None);
    }
    let sum = |f: &dyn Fn(&(i64, Decimal)) -> Result<Decimal>| -> Result<Decimal> {
        points.iter().try_fold(Decimal::ZERO, |acc, p| {
            acc.checked_add(f(p)?).ok_or_else(fit_overflow)
        })
    };
    let mean_x = sum(&|p| Ok(Decimal::from(p.0)))?
        .checked_div(n)
        .ok_or_else(fit_overflow)?;
    let mean_y = sum(&|p| Ok(p.1))?.checked_div(n).ok_or_else(fit_overflow)?;
    let dx = |x: i64| {
        Decimal::from(x)
            .checked_sub(mean_x)
            .ok_or_else(fit_overflow)
    };
    let sxx = sum(&|p| {
        let d = dx(p.0)?;
        d.checked_mul(d).ok_or_else(fit_overflow)
    })?;
    if sxx.is_zero() {
        return Ok(None);
    }
    let sxy = sum(&|p| {
        let dy = p.1.checked_sub(mean_y).ok_or_else(fit_overflow)?;
        dx(p.0)?.checked_mul(dy).ok_or_else(fit_overflow)
    })?;
    let slope = sxy.checked_div(sxx).ok_or_else(fit_overflow)?;
    let projected = slope
        .checked_mul(dx(at)?)
        .and_then(|v| v.checked_add(mean_y))
        .ok_or_else(fit_overflow)?;
    Ok(Some((
        projected.round_dp(6).normalize(),
        slope.round_dp(8).normalize(),
    )))
}

pub(super) fn drift_plain(
    graph: &OkrGraph,
    log: &CheckInLog,
    progress: &BTreeMap<KeyResultId, Progress>,
    delivery: &[DeliveryItem],
    policy: &DriftPolicy,
) -> Result<Vec<DriftAlert>> {
    let as_of = log.as_of();
    let period = log.period();
    let mut shipped: BTreeMap<&KeyResultId, Vec<&DeliveryItem>> = BTreeMap::new();
    for item in delivery {
        if graph.key_result(&item.key_result).is_none() {
            return Err(Error::UnknownKeyResult {
                what: "delivery item",
                key_result: item.key_result.clone(),
                date: item.shipped_on,
            });
        }
        shipped.entry(&item.key_result).or_default().push(item);
    }
    if let Some(unknown) = progress.keys().find(|id| graph.key_result(id).is_none()) {
        return Err(Error::UnknownKeyResult {
            what: "progress entry",
            key_result: unknown.clone(),
            date: as_of,
        });
    }
    let expected = period.fraction_elapsed(as_of)?;
    let pace_floor = expected
        .value()
        .checked_sub(policy.pace_margin().value())
        .ok_or_else(fit_overflow)?;
    // The graph keeps its key results in a map by id: already in id order.
    let key_results = graph.key_results();
    // The key results are in increasing id order, so the log and the progress map are
    // walked alongside, not searched for each.
    let mut logged = log.cursor();
    let mut measured = InOrder::new(progress);
    let mut alerts = Vec::new();
    for kr in key_results {
        let id = &kr.id;
        let history = logged.get(id).map_or(&[][..], Series::as_slice);
        let last_change = last_reading_change(history);

        let met = is_met(kr, history);
        if let Some((change, check_ins_since)) = last_change {
            let days_unmoved = days_u32(change, as_of);
            if !met && check_ins_since > 0 && days_unmoved >= policy.unmoved_days() {
                alerts.push(DriftAlert {
                    key_result: id.clone(),
                    rule: DriftRule::NotMoving,
                    message: format!(
                        "the value has not moved for {days_unmoved} days ({check_ins_since} check-in(s) since {change} reported the same value)"
                    ),
                    evidence: DriftEvidence::NotMoving {
                        last_change: change,
                        days_unmoved,
                        check_ins_since,
                    },
                });
            }
        }

        if let Some(p) = measured.get(id) {
            if p.value() < pace_floor {
                alerts.push(DriftAlert {
                    key_result: id.clone(),
                    rule: DriftRule::BehindPace,
                    message: format!(
                        "progress {} is behind the pace line at {} by more than {}",
                        p.value().round_dp(4).normalize(),
                        expected.value().round_dp(4).normalize(),
                        policy.pace_margin()
                    ),
                    evidence: DriftEvidence::BehindPace {
                        progress: *p,
                        expected,
                    },
                });
            }
        }

        let from = window_start(as_of, policy.trend_window_days());
        // The history is in date order: the window is found by a search, not a scan.
        let recent: Vec<(NaiveDate, Confidence)> = history
            .get(history.partition_point(|o| o.date < from)..)
            .unwrap_or(&[])
            .iter()
            .filter(|o| o.date <= as_of)
            .map(|o| (o.date, o.value.confidence))
            .collect();
        if u32::try_from(recent.len()).unwrap_or(u32::MAX) >= policy.trend_min_points() {
            let xs: Vec<(i64, Decimal)> = recent
                .iter()
                .map(|(d, c)| (days_between(period.start(), *d), c.value()))
                .collect();
            let at = days_between(period.start(), period.end());
            if let Some((projected, slope)) = fit_plain(&xs, at)? {
                if projected < policy.confidence_threshold().value() {
                    alerts.push(DriftAlert {
                        key_result: id.clone(),
                        rule: DriftRule::ConfidenceTrend,
                        message: format!(
                            "confidence is trending to {projected} by {} (below {})",
                            period.end(),
                            policy.confidence_threshold()
                        ),
                        evidence: DriftEvidence::ConfidenceTrend {
                            points: recent,
                            slope_per_day: slope,
                            projected_at_end: projected,
                        },
                    });
                }
            }
        }

        let start = window_start(as_of, policy.delivery_window_days());
        let mut items: Vec<&DeliveryItem> = shipped
            .get(id)
            .map(|items| {
                items
                    .iter()
                    .copied()
                    .filter(|i| i.shipped_on >= start && i.shipped_on <= as_of)
                    .collect()
            })
            .unwrap_or_default();
        items.sort_by(|a, b| (a.shipped_on, &a.id).cmp(&(b.shipped_on, &b.id)));
        if let Some((change, _)) = last_change {
            let count = u32::try_from(items.len()).unwrap_or(u32::MAX);
            if count >= policy.delivery_min_items() && change < start {
                alerts.push(DriftAlert {
                    key_result: id.clone(),
                    rule: DriftRule::ActivityWithoutOutcome,
                    message: format!(
                        "shipped {count} items tied to this key result in the last {} days; the value has not moved since {change}",
                        policy.delivery_window_days()
                    ),
                    evidence: DriftEvidence::ActivityWithoutOutcome {
                        items: items.iter().map(|i| i.id.clone()).collect(),
                        window_start: start,
                        value_unchanged_since: change,
                    },
                });
            }
        }
    }
    Ok(alerts)
}

/// The trend fit against the textbook one it replaced: the same digits (compared as
/// text, so that a sign of zero or a scale would show), or the same `None`.
mod fit_tests {
    // A malformed fixture should fail the test loudly.
    #![allow(clippy::unwrap_used, clippy::arithmetic_side_effects)]

    use proptest::prelude::*;

    use super::*;
    use crate::tracking::drift::fit;

    fn text(line: Result<Option<(Decimal, Decimal)>>) -> Result<Option<(String, String)>> {
        line.map(|l| l.map(|(p, s)| (p.to_string(), s.to_string())))
    }

    fn confidence() -> impl Strategy<Value = Decimal> {
        prop_oneof![
            // Tenths and hundredths, as owners give them.
            (0i64..=10).prop_map(|c| Decimal::new(c, 1)),
            (0i64..=100).prop_map(|c| Decimal::new(c, 2)),
            // Six places, the most the exact path takes, and more than that.
            (0i64..=1_000_000).prop_map(|c| Decimal::new(c, 6)),
            (0i64..=1_000_000_000).prop_map(|c| Decimal::new(c, 9)),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn fit_matches_the_textbook_fit(
            points in proptest::collection::btree_map(
                prop_oneof![10 => 0i64..100, 1 => -1_200i64..1_200],
                confidence(),
                0..14,
            ),
            at in prop_oneof![10 => 80i64..100, 1 => -1_200i64..1_200],
        ) {
            let points: Vec<(i64, Decimal)> = points.into_iter().collect();
            prop_assert_eq!(text(fit(&points, at)), text(fit_plain(&points, at)));
        }

        #[test]
        fn fit_with_repeated_days_matches_the_textbook_fit(
            points in proptest::collection::vec((0i64..4, confidence()), 0..6),
            at in 0i64..10,
        ) {
            prop_assert_eq!(text(fit(&points, at)), text(fit_plain(&points, at)));
        }
    }

    #[test]
    fn fit_near_a_midpoint_matches_the_textbook_fit() {
        // Lines whose value or slope lands on (or next to) a rounding midpoint.
        let cases: [(&[(i64, Decimal)], i64); 4] = [
            (&[(0, Decimal::new(1, 6)), (2, Decimal::ZERO)], 1),
            (&[(0, Decimal::ZERO), (16, Decimal::new(1, 6))], 8),
            (&[(0, Decimal::ZERO), (2, Decimal::new(1, 7))], 90),
            (
                &[(0, Decimal::ONE), (1, Decimal::ZERO), (2, Decimal::ONE)],
                5,
            ),
        ];
        for (points, at) in cases {
            assert_eq!(
                text(fit(points, at)),
                text(fit_plain(points, at)),
                "{points:?} at {at}"
            );
        }
    }
}
