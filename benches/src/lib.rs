//! Deterministic data generators for folio's criterion benchmarks.
//!
//! The benchmarks need large, realistic inputs that are the same on every run, so the
//! generators here are driven by a small seeded pseudo-random generator
//! ([`SplitMix64`]) rather than by a random source: same seed, same portfolio.

use chrono::Days;
use folio_analytics::okr::{
    Contribution, Drivers, KeyResultData, KeyResultTier, ObjectiveData, ObjectiveTier,
    PortfolioData, RollupMethod, RollupPolicy,
};
use folio_analytics::{
    Currency, Decimal, KeyResultId, MetricId, Money, NaiveDate, ObjectiveId, Observation, OwnerId,
    Period, ProductId, Progress, Series, Weight,
};
use folio_metrics::Observations;

mod allocation;
mod okr_csv;
mod okr_floor;
mod tracking;
pub use allocation::allocation_portfolio;
pub use okr_csv::{okr_leaf_progress, write_okr_csv};
pub use okr_floor::{FloatPlan, to_f64};
pub use tracking::weekly_check_ins;

/// The `SplitMix64` generator: tiny, fast and good enough to spread benchmark data.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 pseudo-random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A value in `0..bound` (`0` when `bound` is zero).
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next_u64().checked_rem(bound).unwrap_or(0)
    }
}

/// The first day of the generated data.
pub fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// A daily series of `len` decimal readings starting at [`epoch`].
pub fn daily_series(len: usize, seed: u64) -> Series<Decimal> {
    let mut rng = SplitMix64::new(seed);
    let observations = (0..len)
        .filter_map(|day| {
            let date = epoch().checked_add_days(chrono_days(day))?;
            let value = Decimal::new(i64::try_from(rng.below(1_000_000)).ok()?, 2);
            Some(Observation::new(date, value))
        })
        .collect();
    Series::from_observations(observations).unwrap_or_default()
}

fn chrono_days(n: usize) -> Days {
    Days::new(u64::try_from(n).unwrap_or(u64::MAX))
}

/// A conventional investment of `len` periodic flows: one outflow, then inflows of
/// 0.00 to 9,999.99 whose sum is about 1.6 times the outflow, so the rate of return is
/// unique and moderate.
pub fn cash_flows(len: usize, seed: u64) -> Vec<Decimal> {
    let mut rng = SplitMix64::new(seed);
    let inflows: Vec<Decimal> = (1..len)
        .map(|_| Decimal::new(i64::try_from(rng.below(1_000_000)).unwrap_or(0), 2))
        .collect();
    let total = inflows
        .iter()
        .try_fold(Decimal::ZERO, |acc, a| acc.checked_add(*a))
        .unwrap_or(Decimal::ZERO);
    let mut outflow = total
        .checked_mul(Decimal::new(6, 1))
        .map(|o| o.round_dp(2))
        .unwrap_or(Decimal::ONE);
    outflow.set_sign_negative(true);
    let mut flows = Vec::with_capacity(len);
    flows.push(outflow);
    flows.extend(inflows);
    flows
}

/// `len` flows on dates: [`cash_flows`] amounts, one every 1 to 7 days from [`epoch`].
pub fn dated_cash_flows(len: usize, seed: u64) -> Vec<(NaiveDate, Decimal)> {
    let mut rng = SplitMix64::new(seed.wrapping_add(1));
    let mut date = epoch();
    cash_flows(len, seed)
        .into_iter()
        .map(|amount| {
            let point = (date, amount);
            date = date
                .checked_add_days(Days::new(rng.below(7).saturating_add(1)))
                .unwrap_or(date);
            point
        })
        .collect()
}

/// `len` amounts in cents in one currency.
pub fn amounts(len: usize, currency: Currency, seed: u64) -> Vec<Money> {
    let mut rng = SplitMix64::new(seed);
    (0..len)
        .map(|_| {
            let cents = i64::try_from(rng.below(100_000_000)).unwrap_or(0);
            Money::new(Decimal::new(cents, 2), currency)
        })
        .collect()
}

/// A benefits book of `initiatives` business cases with `checkpoints` checkpoints each
/// on the default schedule (30, 60, 90 days, then quarterly), all in EUR.
///
/// Launches spread over 2020-2021, across 50 owners and 20 product lines; about 80% of
/// checkpoints have a realization, recorded 0 to 29 days after they fell due, realizing
/// 0% to 149% of the expected benefit. Review it as of [`benefits_as_of`], when the
/// first checkpoints of every case are due and the last ones of most are not.
pub fn benefits_book(initiatives: usize, checkpoints: u32, seed: u64) -> folio_benefits::BookData {
    use folio_benefits::{BenefitValue, BenefitsCase, BookData, Realization, Schedule};

    let mut rng = SplitMix64::new(seed);
    let eur = Currency::new("EUR").ok();
    let schedule = Schedule::default();
    let mut cases = Vec::with_capacity(initiatives);
    let mut realizations = Vec::new();
    for index in 0..initiatives {
        let (Some(eur), Ok(initiative), Ok(owner), Ok(product_line)) = (
            eur,
            format!("initiative-{index:06}").parse(),
            format!("owner-{:02}", rng.below(50)).parse(),
            format!("line-{:02}", rng.below(20)).parse(),
        ) else {
            continue;
        };
        let launched_on = epoch()
            .checked_add_days(Days::new(rng.below(730)))
            .unwrap_or(epoch());
        let mut expected = Vec::new();
        for number in 1..=checkpoints {
            let cents = i64::try_from(rng.below(10_000_000)).unwrap_or(0);
            let amount = Decimal::new(cents, 2);
            expected.push(BenefitValue::Money(Money::new(amount, eur)));
            let Some(due) = schedule.due_date(launched_on, number) else {
                continue;
            };
            if rng.below(10) < 8 {
                let percent = Decimal::from(rng.below(150));
                let realized = amount
                    .checked_mul(percent)
                    .and_then(|v| v.checked_div(Decimal::ONE_HUNDRED))
                    .unwrap_or(amount);
                realizations.push(Realization {
                    initiative: Clone::clone(&initiative),
                    checkpoint: number,
                    recorded_on: due
                        .checked_add_days(Days::new(rng.below(30)))
                        .unwrap_or(due),
                    realized: BenefitValue::Money(Money::new(realized.round_dp(2), eur)),
                    root_cause: None,
                });
            }
        }
        cases.push(BenefitsCase {
            initiative,
            owner,
            product_line,
            approved_on: launched_on,
            launched_on,
            expected,
        });
    }
    BookData {
        schedule,
        cases,
        realizations,
    }
}

/// The review date for [`benefits_book`]: 2022-07-01.
pub fn benefits_as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 7, 1).unwrap_or(NaiveDate::MIN)
}

/// The shape of a generated OKR portfolio of `key_results` key results on three tiers:
/// 5 portfolio objectives; one product objective per 50 key results, each under one
/// portfolio objective (round robin); one product key result per 5 key results, each
/// under one product objective; the rest initiative key results, each under one product
/// key result. Every edge has a random weight in 0.01..=10.00.
///
/// At 100,000 key results: 2,000 product objectives (400 per portfolio objective),
/// 20,000 product key results (10 per product objective) and 80,000 initiative key
/// results (4 per product key result), which are the leaves.
pub fn okr_portfolio(key_results: usize, method: RollupMethod, seed: u64) -> PortfolioData {
    okr_portfolio_at_scale(key_results, method, seed, 2)
}

/// [`okr_portfolio`] with every weight's mantissa (1..=1000, the same draws) at
/// `weight_scale` places: 0 gives integer weights 1..=1000, 2 gives [`okr_portfolio`]'s
/// 0.01..=10.00, 4 gives 0.0001..=0.1000. The tree is the same at every scale.
pub fn okr_portfolio_at_scale(
    key_results: usize,
    method: RollupMethod,
    seed: u64,
    weight_scale: u32,
) -> PortfolioData {
    let mut rng = SplitMix64::new(seed);
    let mut weight = move || {
        let units = i64::try_from(rng.below(1_000))
            .unwrap_or(0)
            .saturating_add(1);
        Weight::new(Decimal::new(units, weight_scale)).unwrap_or(Weight::ONE)
    };
    let portfolio = 5usize;
    let product_objectives = (key_results / 50).max(1);
    let product_krs = (key_results / 5).max(1);
    let initiatives = key_results.saturating_sub(product_krs);
    let objective_id = |text: String| ObjectiveId::new(text).ok();
    let key_result_id = |text: String| KeyResultId::new(text).ok();
    let owner = OwnerId::new("owner").ok();
    let product = ProductId::new("product").ok();

    let mut objectives = Vec::new();
    for p in 0..portfolio {
        if let Some(id) = objective_id(format!("p{p}")) {
            objectives.push(objective(
                id,
                ObjectiveTier::Portfolio,
                Drivers::ChildObjectives,
                None,
            ));
        }
    }
    for o in 0..product_objectives {
        let parent = objective_id(format!("p{}", o % portfolio));
        if let (Some(id), Some(parent)) = (objective_id(format!("o{o}")), parent) {
            let edge = Contribution::new(parent, weight());
            objectives.push(objective(
                id,
                ObjectiveTier::Product,
                Drivers::KeyResults,
                Some(edge),
            ));
        }
    }
    let mut krs = Vec::new();
    let mut push = |id: Option<KeyResultId>, tier, edge: Option<Contribution>| {
        if let (Some(id), Some(edge), Some(owner), Some(product)) =
            (id, edge, owner.clone(), product.clone())
        {
            krs.push(KeyResultData {
                name: id.to_string(),
                id,
                tier,
                owner,
                product,
                contributes_to: vec![edge],
                target: None,
                deadline: None,
                resources: Vec::new(),
                depends_on: Vec::new(),
            });
        }
    };
    for k in 0..product_krs {
        let parent = objective_id(format!(
            "o{}",
            k.checked_rem(product_objectives).unwrap_or(0)
        ));
        let edge = parent.map(|p| Contribution::new(p, weight()));
        push(key_result_id(format!("k{k}")), KeyResultTier::Product, edge);
    }
    for i in 0..initiatives {
        let parent = key_result_id(format!("k{}", i.checked_rem(product_krs).unwrap_or(0)));
        let edge = parent.map(|p| Contribution::new(p, weight()));
        push(
            key_result_id(format!("i{i}")),
            KeyResultTier::Initiative,
            edge,
        );
    }
    PortfolioData {
        policy: RollupPolicy::new(method),
        period: None,
        objectives,
        key_results: krs,
    }
}

fn objective(
    id: ObjectiveId,
    tier: ObjectiveTier,
    drivers: Drivers,
    edge: Option<Contribution>,
) -> ObjectiveData {
    ObjectiveData {
        name: id.to_string(),
        id,
        tier,
        drivers,
        owner: None,
        product: None,
        theme: None,
        method: None,
        contributes_to: edge.into_iter().collect(),
        target: None,
        deadline: None,
        depends_on: Vec::new(),
    }
}

/// `len` progress values in 0..=1.2000, four decimals.
pub fn progress_values(len: usize, seed: u64) -> Vec<Progress> {
    let mut rng = SplitMix64::new(seed);
    (0..len)
        .map(|_| {
            let units = i64::try_from(rng.below(12_001)).unwrap_or(0);
            Progress::new(Decimal::new(units, 4)).unwrap_or(Progress::ZERO)
        })
        .collect()
}

/// [`okr_portfolio`] rolled up by the KPI method: every node measures ARR (a summed
/// currency metric), each with a target from 0 to 1,000,000 per leaf beneath it
/// (rounded up to a whole leaf), so that progress stays moderate at every tier.
/// Returns the portfolio and a catalog defining ARR.
pub fn kpi_portfolio(
    key_results: usize,
    seed: u64,
) -> (PortfolioData, folio_metrics::MetricCatalog) {
    let mut data = okr_portfolio(key_results, RollupMethod::Kpi, seed);
    let arr = MetricId::new("arr").ok();
    let target = |leaves: usize| {
        let top = Decimal::from(u64::try_from(leaves.max(1)).unwrap_or(1))
            .checked_mul(Decimal::new(1_000_000, 0))?;
        folio_metrics::Target::new(
            arr.clone()?,
            folio_metrics::Goal::IncreaseTo {
                baseline: Decimal::ZERO,
                target: top,
            },
        )
        .ok()
    };
    // The generator's shape: 4 leaves per product key result, 40 per product objective,
    // about 4 / 5 of all key results per portfolio objective.
    let per_portfolio = key_results.saturating_mul(4) / 25;
    for o in &mut data.objectives {
        o.target = match o.tier {
            ObjectiveTier::Portfolio => target(per_portfolio),
            ObjectiveTier::Product => target(40),
        };
    }
    for k in &mut data.key_results {
        k.target = match k.tier {
            KeyResultTier::Product => target(4),
            KeyResultTier::Initiative => target(1),
        };
    }
    let catalog = serde_json::from_str(
        r#"{ "metrics": [ { "id": "arr", "name": "ARR", "unit": { "currency": "EUR" },
             "direction": "higher_is_better", "layer": "portfolio_health",
             "combine": "sum", "definition": "Annualized recurring revenue." } ] }"#,
    )
    .unwrap_or_default();
    (data, catalog)
}

/// `len` ARR readings of 0.00 to 1,199,999.99, dated at [`epoch`]: the leaf inputs of
/// a [`kpi_portfolio`] rollup.
pub fn arr_readings(len: usize, seed: u64) -> Vec<folio_analytics::okr::MetricReading> {
    let mut rng = SplitMix64::new(seed);
    (0..len)
        .map(|_| folio_analytics::okr::MetricReading {
            date: epoch(),
            reading: folio_metrics::Reading::Value(Decimal::new(
                i64::try_from(rng.below(120_000_000)).unwrap_or(0),
                2,
            )),
        })
        .collect()
}

/// Each product's value of `metric` in each of `periods` (the latest inside it), period
/// by period, in product order: the numbers the metrics benchmarks' floors sum, held
/// in flat vectors.
pub fn values_by_period(
    observations: &Observations,
    metric: &MetricId,
    periods: &[Period],
) -> Vec<Vec<Decimal>> {
    periods
        .iter()
        .map(|p| {
            observations
                .products(metric)
                .filter_map(|(_, s)| s.in_period(p).last().map(|o| o.value))
                .collect()
        })
        .collect()
}

/// Monthly readings of `metric` for `products` products over `months` months starting
/// at [`epoch`], each filed on the month's last day: the portfolio the metrics
/// benchmarks aggregate and evaluate rules over. Also returns the months, oldest first.
pub fn monthly_observations(
    metric: &MetricId,
    products: usize,
    months: u32,
    seed: u64,
) -> (Observations, Vec<Period>) {
    let mut rng = SplitMix64::new(seed);
    let mut periods = Vec::new();
    let mut month = Period::month_of(epoch()).ok();
    for _ in 0..months {
        let Some(current) = month else { break };
        periods.push(current);
        month = current.next().ok();
    }
    let mut observations = Observations::new();
    for p in 0..products {
        let Ok(product) = ProductId::new(format!("p{p:05}")) else {
            continue;
        };
        for period in &periods {
            let value = Decimal::new(i64::try_from(rng.below(10_000_000)).unwrap_or(0), 2);
            // Each (product, month) pair is new, so the insert cannot collide.
            let _ = observations.insert(metric.clone(), product.clone(), period.end(), value);
        }
    }
    (observations, periods)
}

/// A synthetic risk portfolio: a model with `dimensions` dimensions of `factors` factors
/// (weights 1 to 5), one fully rated assessment per product (ratings 1.0 to 5.0 in
/// tenths) and each product's revenue in `currency`.
#[derive(Debug, Clone)]
pub struct RiskPortfolio {
    /// The model.
    pub model: folio_analytics::risk::RiskModel,
    /// One assessment per product, in product order.
    pub assessments: Vec<folio_analytics::risk::Assessment>,
    /// Each product's revenue, in product order.
    pub figures: Vec<folio_analytics::risk::ProductFigures>,
}

/// Generates a [`RiskPortfolio`] of `products` products; `None` only if the generated
/// ids or model were invalid, which the fixed formats here rule out.
pub fn risk_portfolio(
    products: usize,
    dimensions: usize,
    factors: usize,
    currency: Currency,
    seed: u64,
) -> Option<RiskPortfolio> {
    use folio_analytics::risk::{
        Assessment, DimensionId, DimensionSpec, FactorId, FactorSpec, ProductFigures, RiskModel,
        RiskModelData,
    };
    use folio_analytics::{ProductId, RiskRating, Weight};

    let mut rng = SplitMix64::new(seed);
    let weight = |rng: &mut SplitMix64| {
        Weight::new(Decimal::from(rng.below(5).saturating_add(1))).unwrap_or(Weight::ONE)
    };
    let mut specs = Vec::with_capacity(dimensions);
    for d in 0..dimensions {
        let mut factor_specs = Vec::with_capacity(factors);
        for f in 0..factors {
            let mut spec = FactorSpec::new(FactorId::new(format!("f{d}-{f}")).ok()?, "factor");
            spec.weight = weight(&mut rng);
            factor_specs.push(spec);
        }
        let mut spec = DimensionSpec::new(
            DimensionId::new(format!("d{d}")).ok()?,
            "dimension",
            factor_specs,
        );
        spec.weight = weight(&mut rng);
        specs.push(spec);
    }
    let model = RiskModel::new(RiskModelData { dimensions: specs }).ok()?;
    let factor_ids: Vec<FactorId> = model
        .dimensions()
        .iter()
        .flat_map(|d| d.factors.iter().map(|f| f.id.clone()))
        .collect();
    let date = epoch();
    let mut assessments = Vec::with_capacity(products);
    let mut figures = Vec::with_capacity(products);
    for p in 0..products {
        let product = ProductId::new(format!("p{p:06}")).ok()?;
        let ratings = factor_ids.iter().map(|id| {
            let tenths = i64::try_from(rng.below(41).saturating_add(10)).unwrap_or(10);
            (
                id.clone(),
                RiskRating::new(Decimal::new(tenths, 1)).unwrap_or(RiskRating::LOWEST),
            )
        });
        assessments.push(Assessment::new(product.clone(), date, ratings).ok()?);
        let cents = i64::try_from(rng.below(10_000_000_000)).unwrap_or(0);
        figures.push(ProductFigures {
            product,
            revenue: Some(Money::new(Decimal::new(cents, 2), currency)),
            investment: None,
        });
    }
    Some(RiskPortfolio {
        model,
        assessments,
        figures,
    })
}
