//! Deterministic data generators for folio's criterion benchmarks.
//!
//! The benchmarks need large, realistic inputs that are the same on every run, so the
//! generators here are driven by a small seeded pseudo-random generator
//! ([`SplitMix64`]) rather than by a random source: same seed, same portfolio.

use chrono::Days;
use folio::{Currency, Decimal, Money, NaiveDate, Observation, Series};

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

/// A synthetic risk portfolio: a model with `dimensions` dimensions of `factors` factors
/// (weights 1 to 5), one fully rated assessment per product (ratings 1.0 to 5.0 in
/// tenths) and each product's revenue in `currency`.
#[derive(Debug, Clone)]
pub struct RiskPortfolio {
    /// The model.
    pub model: folio::risk::RiskModel,
    /// One assessment per product, in product order.
    pub assessments: Vec<folio::risk::Assessment>,
    /// Each product's revenue, in product order.
    pub figures: Vec<folio::risk::ProductFigures>,
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
    use folio::risk::{
        Assessment, DimensionId, DimensionSpec, FactorId, FactorSpec, ProductFigures, RiskModel,
        RiskModelData,
    };
    use folio::{ProductId, RiskRating, Weight};

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
