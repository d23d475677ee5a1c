//! The review's input files: what each holds, how a directory of them is read, and the
//! sample portfolio embedded in the binary.
//!
//! Every file deserializes through the library types, whose constructors validate, so a
//! file that parses holds valid data; checks that need two files together (a check-in
//! naming a key result of the portfolio) run when the review is built and name the file
//! whose record is wrong.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use folio_benefits::{BenefitsBook, ReviewPolicy as BenefitsPolicy};
use folio_metrics::{ClassificationPolicy, MetricCatalog, Observations, RuleSet, Scoring};
use folio_okr::PortfolioData;
use folio_okr::tracking::{Action, Cadence, CheckIn, DeliveryItem, ReadoutPolicy, RecoveryPlan};
use folio_risk::{Assessment, ReviewConfig, ScoringConfig};
use folio_roi::{BusinessCase, PaybackTrigger, ReportPolicy as RoiPolicy};
use folio_types::{Currency, Horizon, MetricId, NaiveDate, Period, ProductId, Ratio, Structure};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// A problem with the review's input: the file it is in, and what is wrong.
///
/// The review's one error type. It is a file and a sentence rather than an enum of
/// causes: what a reader of the review must fix is a file, and the sentence is the
/// message of the library (or serde) error that rejected it, which names the id or the
/// field.
///
/// ```
/// use folio_review::Inputs;
///
/// let error = Inputs::from_files("in", |name| {
///     Ok(if name == "risk.json" { "{".to_owned() } else { String::new() })
/// })
/// .unwrap_err();
/// assert_eq!(error.file, "in/review.json");
/// assert!(error.problem.contains("EOF"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReviewError {
    /// The file, as the user named it (or `sample/<name>` for the embedded sample).
    pub file: String,
    /// What is wrong, in one sentence.
    pub problem: String,
}

impl ReviewError {
    /// A problem in `file`.
    pub fn new(file: impl Into<String>, problem: impl fmt::Display) -> Self {
        Self {
            file: file.into(),
            problem: problem.to_string(),
        }
    }
}

impl fmt::Display for ReviewError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.problem)
    }
}

impl std::error::Error for ReviewError {}

/// `review.json`: the review date and the settings of every section.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The readout's title.
    pub title: String,
    /// The OKR period reviewed.
    pub period: Period,
    /// The review date: nothing dated after it is read.
    pub as_of: NaiveDate,
    /// The previous review's date, for the trend arrows.
    pub previous_review: NaiveDate,
    /// The currency of every amount.
    pub currency: Currency,
    /// How check-in values are scored against key-result targets.
    pub scoring: Scoring,
    /// The readout's bound and tracking policies (the seeds' numbers by default).
    #[serde(default)]
    pub readout: ReadoutPolicy,
    /// The KPI section's settings.
    pub kpis: KpiSettings,
}

/// The KPI section's settings: which metrics to show, and which measure value,
/// consumption and concentration.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct KpiSettings {
    /// The quarters shown, oldest first.
    pub quarters: Vec<Period>,
    /// The metrics shown, in this order, each combined across products per its
    /// definition.
    pub metrics: Vec<MetricId>,
    /// The revenue metric: growth, concentration and the value side of capacity drain.
    pub revenue: MetricId,
    /// The consumption side of capacity drain (capacity in FTE, or spend).
    pub capacity: MetricId,
    /// The smallest gap between consumption share and value share that counts as
    /// draining (0.05 is five percentage points).
    pub drain_min_gap: folio_types::Decimal,
    /// How product lines are classified as winning, stable or declining in the latest
    /// quarter; thresholds are in the metrics' own units.
    pub classification: ClassificationPolicy,
    /// The target band of each investment horizon's share of capacity (for example
    /// core 0.6-0.75, grow 0.2-0.3, explore 0.05-0.15); horizons without a band are
    /// shown without one.
    #[serde(default)]
    pub mix_targets: BTreeMap<Horizon, MixTarget>,
}

/// The target band of one investment horizon's share of capacity, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MixTarget {
    /// The smallest share within the band.
    pub low: Ratio,
    /// The largest share within the band; not below `low` (the review rejects it).
    pub high: Ratio,
}

/// `checkins.json`: the period's check-ins and what tracking reads beside them.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TrackingFile {
    /// Each product's declared check-in cadence.
    #[serde(default)]
    pub cadences: BTreeMap<ProductId, Cadence>,
    /// Every check-in of the period up to the review date.
    pub check_ins: Vec<CheckIn>,
    /// Recovery plans of off-track key results.
    #[serde(default)]
    pub recovery_plans: Vec<RecoveryPlan>,
    /// Recorded retire and escalate actions.
    #[serde(default)]
    pub actions: Vec<Action>,
    /// Shipped delivery items tied to key results.
    #[serde(default)]
    pub delivery: Vec<DeliveryItem>,
}

/// `say_do.json`: a second, smaller portfolio rolled up by the say-do method (the share
/// of key results that hit their target), with its check-ins.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SayDoFile {
    /// The portfolio; its policy's method is `say_do`.
    pub portfolio: PortfolioData,
    /// Its check-ins.
    pub check_ins: Vec<CheckIn>,
}

/// `kpi.json`: a third portfolio, rolled up by the KPI method: its objectives are real
/// metrics, aggregated over the leaf key results per the metric's definition. The
/// leaves' readings are their products' values in `quarter`, from `metrics.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct KpiFile {
    /// The quarter whose metric values the leaves read.
    pub quarter: Period,
    /// The portfolio; its policy's method is `kpi`, and every node has a metric target.
    pub portfolio: PortfolioData,
}

/// `metrics.json`: the metric catalog, the trigger rules and the observations.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MetricsFile {
    /// One definition per metric.
    pub catalog: MetricCatalog,
    /// The trigger rules.
    pub rules: RuleSet,
    /// Metric values per product and period.
    pub observations: Observations,
}

/// `risk.json`: the scoring configuration and the assessments (two dates or more).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RiskFile {
    /// Bands, triggers and missing-rating policy for the standard risk model.
    pub scoring: ScoringConfig,
    /// How the portfolio review weights and bounds its lists.
    #[serde(default)]
    pub review: ReviewConfig,
    /// Dated assessments per product.
    pub assessments: Vec<Assessment>,
}

/// `roi.json`: the discount policy, the payback trigger and the initiatives' cases.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RoiFile {
    /// The discount rate (per period) and rate search.
    pub policy: RoiPolicy,
    /// "If payback exceeds Y, require justification or scope change."
    pub payback_trigger: PaybackTrigger,
    /// One business case per initiative.
    pub cases: Vec<BusinessCase>,
}

/// `benefits.json`: the review policy and the benefits book.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct BenefitsFile {
    /// Thresholds for root causes and post-mortems.
    #[serde(default)]
    pub policy: BenefitsPolicy,
    /// Business cases at approval and their realizations.
    pub book: BenefitsBook,
}

/// The names of the input files, in the order they are read.
pub const FILES: [&str; 10] = [
    "review.json",
    "structure.json",
    "portfolio.json",
    "checkins.json",
    "say_do.json",
    "kpi.json",
    "metrics.json",
    "risk.json",
    "roi.json",
    "benefits.json",
];

/// Every input of the review, parsed and validated file by file.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// How the files are named in messages (a directory, or `sample`).
    pub source: String,
    /// `review.json`.
    pub settings: Settings,
    /// `structure.json`: product lines, horizons and products.
    pub structure: Structure,
    /// `portfolio.json`: the main OKR portfolio (weighted rollup).
    pub portfolio: PortfolioData,
    /// `checkins.json`.
    pub tracking: TrackingFile,
    /// `say_do.json`.
    pub say_do: SayDoFile,
    /// `kpi.json`.
    pub kpi: KpiFile,
    /// `metrics.json`.
    pub metrics: MetricsFile,
    /// `risk.json`.
    pub risk: RiskFile,
    /// `roi.json`.
    pub roi: RoiFile,
    /// `benefits.json`.
    pub benefits: BenefitsFile,
}

/// The embedded sample portfolio, one `(file name, contents)` pair per file.
pub const SAMPLE: [(&str, &str); 10] = [
    ("review.json", include_str!("../data/sample/review.json")),
    (
        "structure.json",
        include_str!("../data/sample/structure.json"),
    ),
    (
        "portfolio.json",
        include_str!("../data/sample/portfolio.json"),
    ),
    (
        "checkins.json",
        include_str!("../data/sample/checkins.json"),
    ),
    ("say_do.json", include_str!("../data/sample/say_do.json")),
    ("kpi.json", include_str!("../data/sample/kpi.json")),
    ("metrics.json", include_str!("../data/sample/metrics.json")),
    ("risk.json", include_str!("../data/sample/risk.json")),
    ("roi.json", include_str!("../data/sample/roi.json")),
    (
        "benefits.json",
        include_str!("../data/sample/benefits.json"),
    ),
];

/// Parses one file's text as `T`, naming the file in any error.
///
/// # Errors
///
/// A [`ReviewError`] naming `file`, with serde's message (which gives the line and
/// column, and for a value a constructor rejected, the constructor's reason).
pub fn parse<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, ReviewError> {
    serde_json::from_str(text).map_err(|e| ReviewError::new(file, e))
}

impl Inputs {
    /// The embedded sample portfolio.
    ///
    /// ```
    /// let inputs = folio_review::Inputs::sample()?;
    /// assert_eq!(inputs.settings.as_of.to_string(), "2026-11-30");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// None for the committed sample (a test parses it); the signature is that of
    /// [`Inputs::from_files`].
    pub fn sample() -> Result<Self, ReviewError> {
        Self::from_files("sample", |name| {
            SAMPLE
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, text)| (*text).to_owned())
                .ok_or_else(|| ReviewError::new(format!("sample/{name}"), "not embedded"))
        })
    }

    /// Reads the ten files from `dir`.
    ///
    /// ```
    /// use std::path::Path;
    ///
    /// let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample");
    /// let inputs = folio_review::Inputs::from_dir(&dir)?;
    /// assert_eq!(inputs.roi.cases.len(), 6);
    /// // A missing directory is an error that names it.
    /// let missing = folio_review::Inputs::from_dir(Path::new("no/such/dir")).unwrap_err();
    /// assert_eq!(missing.file, "no/such/dir");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// A [`ReviewError`] naming the first file that cannot be read or parsed.
    pub fn from_dir(dir: &Path) -> Result<Self, ReviewError> {
        if !dir.is_dir() {
            return Err(ReviewError::new(
                dir.display().to_string(),
                "not a directory (give the directory that holds review.json and the other files)",
            ));
        }
        Self::from_files(&dir.display().to_string(), |name| {
            let path = dir.join(name);
            std::fs::read_to_string(&path).map_err(|e| {
                ReviewError::new(path.display().to_string(), format!("cannot read: {e}"))
            })
        })
    }

    /// Reads and parses every file through `read`, which returns a file's text by name.
    ///
    /// # Errors
    ///
    /// The first error of `read`, or the first file that does not parse, by name.
    pub fn from_files(
        source: &str,
        read: impl Fn(&str) -> Result<String, ReviewError>,
    ) -> Result<Self, ReviewError> {
        let named = |name: &str| file_name(source, name);
        let load = |name: &str| read(name).map(|text| (named(name), text));
        fn typed<T: DeserializeOwned>(loaded: &(String, String)) -> Result<T, ReviewError> {
            parse(&loaded.0, &loaded.1)
        }
        Ok(Self {
            source: source.to_owned(),
            settings: typed(&load("review.json")?)?,
            structure: typed(&load("structure.json")?)?,
            portfolio: typed(&load("portfolio.json")?)?,
            tracking: typed(&load("checkins.json")?)?,
            say_do: typed(&load("say_do.json")?)?,
            kpi: typed(&load("kpi.json")?)?,
            metrics: typed(&load("metrics.json")?)?,
            risk: typed(&load("risk.json")?)?,
            roi: typed(&load("roi.json")?)?,
            benefits: typed(&load("benefits.json")?)?,
        })
    }

    /// How `name` is shown in messages.
    pub fn file(&self, name: &str) -> String {
        file_name(&self.source, name)
    }
}

fn file_name(source: &str, name: &str) -> String {
    Path::new(source).join(name).display().to_string()
}
