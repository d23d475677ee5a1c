//! The first screen: what needs a decision this month, then the headline numbers.
//!
//! Each item names what asks for the decision, who owns it and the evidence, in the
//! order a review meeting takes them: key results (exceptions and off-track plans,
//! overdue staleness actions), goals whose contributors' targets fall short of their
//! own (the cascade check), then the portfolio's triggers (KPI rules, risk, payback,
//! benefits), then the balance of the portfolio (capacity drain, investment mix).

use std::fmt::Write as _;

use folio_okr::AddUpFinding;
use folio_okr::tracking::Staleness;
use folio_risk::AlertSubject;
use folio_roi::Subject;

use super::Page;
use super::svg::esc;
use crate::PortfolioReview;
use crate::kpi::{BandPosition, horizon_name};
use crate::render::Shown as _;
use crate::render::{alert_line, amount, name_of, payback, percent, ratio, signed_percent};

/// One item: a short tag (what kind of decision), the subject, and the text.
struct Item {
    tag: &'static str,
    subject: String,
    text: String,
}

/// What a stale key result's owner must do, in words; `None` for a state that asks
/// nothing yet.
fn stale_text(staleness: &Staleness) -> Option<String> {
    Some(match staleness {
        Staleness::ActionOverdue {
            days_since_update,
            due,
        } => format!(
            "no update for {days_since_update} days; the owner's week to update, retire or escalate ended {due}"
        ),
        Staleness::RetirementRecommended {
            days_since_update, ..
        } => format!("no update for {days_since_update} days: retirement recommended"),
        Staleness::ActionDue { due, .. } => {
            format!("stale: update, retire or escalate by {due}")
        }
        _ => return None,
    })
}

fn items(review: &PortfolioReview) -> Vec<Item> {
    let mut items = Vec::new();
    let readout = &review.okr.readout;
    for e in &readout.exceptions {
        let off = readout
            .off_track
            .iter()
            .find(|o| o.key_result == e.key_result);
        if e.decision_needed.is_none() && off.is_none() {
            continue;
        }
        let mut text = format!(
            "{}, owner {}: {} of target",
            e.product,
            e.owner,
            percent(e.progress.value())
        );
        if let Some(c) = e.confidence {
            let _ = write!(text, ", confidence {}", c.value().shown(2));
        }
        if let Some(o) = off {
            let _ = write!(
                text,
                "; off track with {} of the period gone",
                percent(o.fraction_elapsed.value())
            );
            if let Some(p) = &o.plan {
                let _ = write!(
                    text,
                    "; recovery plan: change the {} ({}, due {})",
                    name_of(&p.change),
                    p.owner,
                    p.due,
                );
                // The plan's description is the decision when no other is recorded.
                if e.decision_needed.is_none() {
                    let _ = write!(text, ": {}", p.description);
                }
            }
        }
        let stale = readout
            .stale
            .iter()
            .find(|s| s.key_result == e.key_result)
            .and_then(|s| stale_text(&s.staleness));
        if let Some(s) = &stale {
            let _ = write!(text, "; {s}");
        }
        if let Some(d) = &e.decision_needed {
            let _ = write!(text, ". Decide: {d}");
            if let Some(owner) = &e.plan_owner {
                let _ = write!(text, " (plan owner {owner})");
            }
        }
        items.push(Item {
            tag: if off.is_some() {
                "off track"
            } else if stale.is_some() {
                "stale"
            } else {
                "at risk"
            },
            subject: e.key_result.to_string(),
            text,
        });
    }
    // A stale key result that is also an exception is said once, in its exception.
    for s in &readout.stale {
        if readout
            .exceptions
            .iter()
            .any(|e| e.key_result == s.key_result)
        {
            continue;
        }
        let Some(text) = stale_text(&s.staleness) else {
            continue;
        };
        items.push(Item {
            tag: "stale",
            subject: s.key_result.to_string(),
            text,
        });
    }
    // A goal whose contributors' targets fall short of its own asks who owns the rest.
    for (file, report) in [
        ("portfolio.json", &review.okr.cascade),
        ("say_do.json", &review.say_do.cascade),
        ("kpi.json", &review.kpi_rollup.cascade),
    ] {
        for finding in &report.add_up {
            if let AddUpFinding::Shortfall {
                amount: short,
                progress_when_met,
            } = &finding.finding
            {
                let when_met = progress_when_met.map_or_else(String::new, |p| {
                    format!(
                        "; with every contributor at target it reaches only {}",
                        percent(p.value())
                    )
                });
                items.push(Item {
                    tag: "add up",
                    subject: format!("{} ({file})", finding.node),
                    text: format!(
                        "the {} targets of its {} contributors {} {} against its own {}: {} that no contributor owns{when_met}. Who owns the rest?",
                        finding.metric,
                        finding.contributors.len(),
                        if finding.combine == "sum" { "sum to" } else { "combine to" },
                        match finding.aggregate {
                            folio_okr::Aggregate::Exact { value } => amount(value),
                            other => other.to_string(),
                        },
                        amount(finding.target),
                        amount(*short)
                    ),
                });
            }
        }
    }
    for a in &review.kpis.alerts {
        items.push(Item {
            tag: "trigger",
            subject: a
                .product
                .as_ref()
                .map_or_else(|| "portfolio".to_owned(), ToString::to_string),
            text: alert_line(a),
        });
    }
    for a in &review.risk.alerts {
        let subject = match &a.subject {
            AlertSubject::Score => "risk score".to_owned(),
            AlertSubject::Dimension { dimension } => format!("{dimension} risk"),
            other => format!("{other} risk"),
        };
        items.push(Item {
            tag: "risk",
            subject: a.product.to_string(),
            text: format!(
                "{subject} {} at or above {}: {} (owner {}); plan: {}",
                a.value,
                a.threshold,
                a.action.discussion(),
                a.action.owner(),
                a.action.plan()
            ),
        });
    }
    for a in &review.roi.payback_alerts {
        let subject = match &a.subject {
            Subject::Initiative(id) => id.to_string(),
            Subject::ProductLine(id) => format!("line {id}"),
            other => other.to_string(),
        };
        items.push(Item {
            tag: "payback",
            subject,
            text: format!(
                "payback {} exceeds {} quarters: justify or change the scope",
                payback(&a.payback),
                a.threshold
            ),
        });
    }
    for p in review.benefits.post_mortems() {
        items.push(Item {
            tag: "post-mortem",
            subject: p.initiative().to_string(),
            text: format!(
                "owner {}: realized {} of expected, variance {} beyond the {} threshold",
                p.owner(),
                p.rate().map_or_else(|| "-".to_owned(), ratio),
                p.variance()
                    .relative
                    .map_or_else(|| "-".to_owned(), |r| signed_percent(r.value())),
                ratio(p.threshold())
            ),
        });
    }
    for o in review.benefits.overdue() {
        items.push(Item {
            tag: "benefits",
            subject: o.initiative().to_string(),
            text: format!(
                "checkpoint {} (owner {}) overdue by {} days",
                o.checkpoint(),
                o.owner(),
                o.days_overdue()
            ),
        });
    }
    for b in review.kpis.capacity.iter().filter(|b| b.draining) {
        items.push(Item {
            tag: "drain",
            subject: b.product.to_string(),
            text: format!(
                "takes {} of capacity for {} of revenue: rebalance or justify",
                percent(b.consumption_share),
                percent(b.value_share)
            ),
        });
    }
    for m in &review.kpis.mix {
        let (Some(t), Some(position)) = (m.target, m.position) else {
            continue;
        };
        if position == BandPosition::Within {
            continue;
        }
        items.push(Item {
            tag: "mix",
            subject: horizon_name(m.horizon).to_owned(),
            text: format!(
                "{} of capacity, {} its {}–{} band",
                ratio(m.share),
                if position == BandPosition::Below {
                    "below"
                } else {
                    "above"
                },
                ratio(t.low),
                ratio(t.high)
            ),
        });
    }
    if let Some(d) = &review.decisions {
        for r in &d.reallocation.recommendations {
            items.push(Item {
                tag: "reallocate",
                subject: r.key_result.to_string(),
                text: r.describe(),
            });
        }
        let cut: Vec<String> = d.cut.cut.iter().map(|c| c.id.to_string()).collect();
        items.push(Item {
            tag: "cut scenario",
            subject: "spend".to_owned(),
            text: format!(
                "if we cut {}: cut {} (saves {} {}, gives up risk-adjusted NPV {} {}); see Decisions",
                d.cut.reduction,
                if cut.is_empty() {
                    "nothing".to_owned()
                } else {
                    cut.join(", ")
                },
                crate::render::amount(d.cut.spend_saved.shown(0)),
                d.cut.currency,
                crate::render::amount(d.cut.value_given_up.shown(0)),
                d.cut.currency
            ),
        });
    }
    if let Some(d) = &review.delivery {
        for row in d.outcome.output_without_outcome() {
            items.push(Item {
                tag: "no outcome",
                subject: row.key_result.to_string(),
                text: row.summary.clone(),
            });
        }
    }
    items
}

/// Writes the decisions box and the headline tiles.
pub(super) fn first_screen(page: &mut Page, review: &PortfolioReview) {
    let items = items(review);
    let mut out = String::new();
    let _ = write!(
        out,
        "<section class=\"decide\" id=\"decisions\" aria-labelledby=\"decisions-h\"><h2 id=\"decisions-h\">Needs a decision this month: {} item{}</h2>",
        items.len(),
        if items.len() == 1 { "" } else { "s" }
    );
    if items.is_empty() {
        out.push_str("<p>Nothing: no exception, trigger or alert asks for a decision.</p>");
    } else {
        out.push_str("<ol>");
        for item in &items {
            let _ = write!(
                out,
                "<li><span class=\"tag\">{}</span><b>{}</b>: {}</li>",
                esc(item.tag),
                esc(&item.subject),
                esc(&item.text)
            );
        }
        out.push_str("</ol>");
    }
    out.push_str("</section>");
    // Headline tiles: each portfolio objective against the pace line.
    out.push_str(
        "<div class=\"tiles\" role=\"list\" aria-label=\"Portfolio objectives at a glance\">",
    );
    for line in &review.okr.readout.scorecard {
        let _ = write!(
            out,
            "<div class=\"tile\" role=\"listitem\"><span>{}</span><b>{} {}</b><span>was {}; pace {}</span></div>",
            esc(&line.name),
            line.trend.arrow(),
            percent(line.progress.value()),
            percent(line.previous.value()),
            percent(review.pace.value())
        );
    }
    out.push_str("</div>");
    page.raw(&out);
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn each_stale_state_that_asks_something_says_what() {
        let due: chrono::NaiveDate = "2026-12-07".parse().unwrap();
        let said = |s: Staleness| stale_text(&s);
        assert_eq!(
            said(Staleness::ActionDue {
                days_since_update: 15,
                due
            }),
            Some("stale: update, retire or escalate by 2026-12-07".to_owned())
        );
        assert_eq!(
            said(Staleness::ActionOverdue {
                days_since_update: 22,
                due
            }),
            Some(
                "no update for 22 days; the owner's week to update, retire or escalate ended 2026-12-07"
                    .to_owned()
            )
        );
        assert_eq!(
            said(Staleness::RetirementRecommended {
                days_since_update: 24,
                days_stale: 10
            }),
            Some("no update for 24 days: retirement recommended".to_owned())
        );
        assert_eq!(
            said(Staleness::Fresh {
                days_since_update: 3
            }),
            None
        );
    }
}
