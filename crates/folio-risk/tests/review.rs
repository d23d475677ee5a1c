//! Worked examples for trends, exposure and the portfolio review.
// Helpers outside #[test] functions build known-good fixtures: a failure there is a
// broken test and should abort loudly, and fixture arithmetic cannot overflow.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]
// These tests read their fixtures from JSON.
#![cfg(feature = "serde")]

use folio_risk::{
    Assessment, Error, ExposureBase, ProductFigures, ProductTrend, ReviewConfig, RiskModel, Scorer,
    ScoringConfig, TrendDirection, TriggerRule, exposure, review,
};
use folio_types::{Currency, Money, NaiveDate, ProductId, RiskRating};
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn r(s: &str) -> RiskRating {
    RiskRating::new(d(s)).unwrap()
}

fn day(m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, dd).unwrap()
}

const FACTORS: [&str; 9] = [
    "reliability",
    "security",
    "platform_debt",
    "competitive_pressure",
    "churn_signals",
    "critical_path_delivery",
    "dependency_risk",
    "margin_compression",
    "cost_volatility",
];

/// An assessment with every factor at `default`, except the listed ones.
fn assess(product: &str, date: NaiveDate, default: &str, except: &[(&str, &str)]) -> Assessment {
    let ratings = FACTORS.iter().map(|f| {
        let value = except
            .iter()
            .find(|(g, _)| g == f)
            .map_or(default, |(_, v)| *v);
        (f.parse().unwrap(), r(value))
    });
    Assessment::new(product.parse().unwrap(), date, ratings).unwrap()
}

/// The worked example of the scoring docs: score 3.
fn atlas_now() -> Assessment {
    assess(
        "atlas",
        day(9, 30),
        "4",
        &[
            ("security", "5"),
            ("platform_debt", "3"),
            ("competitive_pressure", "2"),
            ("churn_signals", "3"),
            ("margin_compression", "1"),
            ("cost_volatility", "2"),
        ],
    )
}

fn history() -> Vec<Assessment> {
    vec![
        // A future assessment is ignored by a review as of 2026-10-01.
        assess("lens", day(12, 1), "5", &[]),
        atlas_now(),
        assess("lens", day(9, 15), "2", &[]),
        assess("atlas", day(6, 30), "3", &[]),
        assess(
            "lens",
            day(6, 15),
            "2",
            &[
                ("reliability", "1"),
                ("security", "1"),
                ("platform_debt", "1"),
            ],
        ),
    ]
}

fn eur(amount: &str) -> Option<Money> {
    Some(Money::new(d(amount), Currency::new("EUR").unwrap()))
}

fn figures(product: &str, revenue: Option<Money>) -> ProductFigures {
    ProductFigures {
        product: product.parse().unwrap(),
        revenue,
        investment: None,
    }
}

fn portfolio_figures() -> Vec<ProductFigures> {
    vec![
        figures("orbit", eur("50")),
        figures("lens", eur("100")),
        figures("atlas", eur("300")),
    ]
}

fn scorer() -> Scorer {
    let config = ScoringConfig::default()
        .with_triggers(vec![
            serde_json::from_str::<TriggerRule>(
                r#"{"id":"dimension-high","scope":{"on":"any_dimension"},"threshold":"4",
                "action":{"owner":"cpo","discussion":"Risk review","plan":"Mitigation plan"}}"#,
            )
            .unwrap(),
        ])
        .unwrap();
    Scorer::new(RiskModel::standard(), config).unwrap()
}

#[test]
fn review_of_a_two_product_portfolio() {
    let review = review(
        &scorer(),
        &history(),
        &portfolio_figures(),
        day(10, 1),
        &ReviewConfig::default(),
    )
    .unwrap();

    // Atlas: 3 -> 3; lens: (2 + 2 + 2 + 1) / 4 = 1.75 -> 2.
    let trends: Vec<_> = review
        .products
        .iter()
        .map(|t| {
            let change = t.change.unwrap();
            (
                t.product().as_str(),
                t.current.score,
                change.delta,
                change.direction,
            )
        })
        .collect();
    assert_eq!(
        trends,
        [
            ("atlas", r("3"), d("0"), TrendDirection::Unchanged),
            ("lens", r("2"), d("0.25"), TrendDirection::Worsened),
        ]
    );
    let atlas = &review.products[0];
    assert_eq!(atlas.previous_date, Some(day(6, 30)));
    let deltas: Vec<_> = atlas
        .dimensions
        .iter()
        .map(|t| (t.dimension.as_str(), t.change.unwrap().delta))
        .collect();
    assert_eq!(
        deltas,
        [
            ("execution", d("1")),
            ("financial", d("-1.5")),
            ("market", d("-0.5")),
            ("technical", d("1")),
        ]
    );

    // Exposure: (300 · 3 + 100 · 2) / 400 = 2.75; orbit has revenue but no assessment.
    let exposure = &review.exposure;
    assert_eq!(exposure.score, r("2.75"));
    assert_eq!(exposure.total, eur("400"));
    let lines: Vec<_> = exposure
        .products
        .iter()
        .map(|l| (l.product.as_str(), l.share.value(), l.contribution))
        .collect();
    assert_eq!(
        lines,
        [
            ("atlas", d("0.75"), d("2.25")),
            ("lens", d("0.25"), d("0.5"))
        ]
    );
    assert_eq!(exposure.unassessed, [ProductId::new("orbit").unwrap()]);
    assert_eq!(review.band, folio_risk::Band::Medium);

    let riskiest: Vec<_> = review.riskiest.iter().map(|p| p.product.as_str()).collect();
    assert_eq!(riskiest, ["atlas", "lens"]);

    // Technical rose by 1 for both (mean 1); execution by 1 for atlas and 0 for lens
    // (mean 0.5); market and financial improved and are not listed.
    let shifts: Vec<_> = review
        .most_worsened
        .iter()
        .map(|s| (s.dimension.as_str(), s.compared, s.worsened, s.mean_change))
        .collect();
    assert_eq!(
        shifts,
        [("technical", 2, 2, d("1")), ("execution", 2, 1, d("0.5"))]
    );
    let largest = review.most_worsened[0].largest_rise.clone().unwrap();
    assert_eq!((largest.0.as_str(), largest.1), ("atlas", d("1")));

    // Atlas's execution and technical reached 4: two new alerts.
    assert_eq!(review.alerts.len(), 2);
    assert_eq!(atlas.new_alerts.len(), 2);
}

#[test]
fn standing_alerts_are_not_new() {
    let scorer = scorer();
    let now = scorer.score(&atlas_now()).unwrap();
    let mut before = atlas_now();
    before.date = day(6, 30);
    // Execution was already at 4 in June; technical was below.
    for f in ["reliability", "security", "platform_debt"] {
        before.ratings.insert(f.parse().unwrap(), r("2"));
    }
    let before = scorer.score(&before).unwrap();
    let trend = ProductTrend::new(now.clone(), Some(&before)).unwrap();
    let new: Vec<_> = trend
        .new_alerts
        .iter()
        .map(|a| format!("{:?}", a.subject))
        .collect();
    assert_eq!(new.len(), 1);
    assert!(new[0].contains("technical"), "{new:?}");
    assert!(matches!(
        ProductTrend::new(before.clone(), Some(&now)),
        Err(Error::NotBefore { .. })
    ));
    let mut other = before;
    other.product = "lens".parse().unwrap();
    assert!(matches!(
        ProductTrend::new(now, Some(&other)),
        Err(Error::ProductMismatch { .. })
    ));
}

#[test]
fn exposure_bases_and_their_errors() {
    let scorer = scorer();
    let scores = vec![
        scorer.score(&atlas_now()).unwrap(),
        scorer.score(&assess("lens", day(9, 15), "2", &[])).unwrap(),
    ];
    let equal = exposure(&scores, &[], ExposureBase::Equal).unwrap();
    assert_eq!(equal.score, r("2.5"));
    assert_eq!(equal.total, None);

    let usd = Some(Money::new(d("100"), Currency::new("USD").unwrap()));
    let check = |figures: Vec<ProductFigures>, base: ExposureBase, expected: &str| {
        let err = exposure(&scores, &figures, base).unwrap_err();
        assert!(err.to_string().contains(expected), "{err}");
    };
    check(
        vec![figures("atlas", eur("300")), figures("lens", usd)],
        ExposureBase::Revenue,
        "product \"lens\" has its revenue in USD, but the portfolio is in EUR",
    );
    check(
        vec![figures("atlas", eur("300"))],
        ExposureBase::Revenue,
        "product \"lens\" has no revenue figure",
    );
    check(
        portfolio_figures(),
        ExposureBase::Investment,
        "has no investment figure",
    );
    check(
        vec![figures("atlas", eur("300")), figures("lens", eur("-1"))],
        ExposureBase::Revenue,
        "negative revenue figure -1 EUR",
    );
    check(
        vec![figures("atlas", eur("0")), figures("lens", eur("0"))],
        ExposureBase::Revenue,
        "revenue figures of the scored products sum to zero",
    );
    check(
        vec![figures("atlas", eur("1")), figures("atlas", eur("2"))],
        ExposureBase::Revenue,
        "product \"atlas\" appears twice in the product figures",
    );
    let twice = [scores[0].clone(), scores[0].clone()];
    let err = exposure(&twice, &[], ExposureBase::Equal).unwrap_err();
    assert!(
        err.to_string()
            .contains("appears twice in the product scores"),
        "{err}"
    );
}

#[test]
fn review_errors() {
    let scorer = scorer();
    let config = ReviewConfig::default();
    let mut duplicated = history();
    duplicated.push(assess("lens", day(9, 15), "3", &[]));
    assert_eq!(
        review(
            &scorer,
            &duplicated,
            &portfolio_figures(),
            day(10, 1),
            &config
        )
        .unwrap_err(),
        Error::DuplicateAssessment {
            product: "lens".parse().unwrap(),
            date: day(9, 15)
        }
    );
    assert_eq!(
        review(
            &scorer,
            &history(),
            &portfolio_figures(),
            day(1, 1),
            &config
        )
        .unwrap_err(),
        Error::NoAssessments { as_of: day(1, 1) }
    );
}

#[test]
fn most_worsened_lists_only_rises_and_names_the_largest() {
    // Technical: atlas +2, lens +1 (mean 1.5). Market: atlas −1, lens +1 (mean 0, not
    // listed). Everything else unchanged.
    let technical = [
        ("reliability", "5"),
        ("security", "5"),
        ("platform_debt", "5"),
    ];
    let history = vec![
        assess("atlas", day(6, 30), "3", &[]),
        assess("lens", day(6, 30), "3", &[]),
        assess(
            "atlas",
            day(9, 30),
            "3",
            &[
                technical[0],
                technical[1],
                technical[2],
                ("competitive_pressure", "1"),
                ("churn_signals", "1"),
            ],
        ),
        assess(
            "lens",
            day(9, 30),
            "3",
            &[
                ("reliability", "4"),
                ("security", "4"),
                ("platform_debt", "4"),
                ("competitive_pressure", "4"),
                ("churn_signals", "4"),
            ],
        ),
    ];
    let config = ReviewConfig::default().with_base(ExposureBase::Equal);
    let review = review(&scorer(), &history, &[], day(10, 1), &config).unwrap();
    let shifts: Vec<_> = review
        .most_worsened
        .iter()
        .map(|s| {
            let (product, rise) = s.largest_rise.clone().unwrap();
            (
                s.dimension.as_str(),
                s.mean_change,
                s.improved,
                product.to_string(),
                rise,
            )
        })
        .collect();
    assert_eq!(
        shifts,
        [("technical", d("1.5"), 0, "atlas".to_owned(), d("2"))]
    );
    let market = &review.products[0].dimensions[2];
    assert_eq!(market.dimension.as_str(), "market");
    assert_eq!(market.change.unwrap().direction, TrendDirection::Improved);
}
