//! The review's input files: what each holds, how a directory of them is read, and the
//! sample portfolio embedded in the binary.
//!
//! Every file deserializes through the library types, whose constructors validate, so a
//! file that parses holds valid data; the checks that need two files together (a
//! check-in naming a key result of the portfolio, an observation naming a product) run
//! once every file is read, in [`crate::crosscheck`], and name the file and field whose
//! value is wrong.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use folio_allocation::{Portfolio as AllocationPortfolio, Signal};
use folio_benefits::{BenefitsBook, ReviewPolicy as BenefitsPolicy};
use folio_delivery::adapter::ImportConfig;
use folio_delivery::{WindowData, WorkItem, Workflow};
use folio_metrics::{ClassificationPolicy, MetricCatalog, Observations, RuleSet, Scoring};
use folio_okr::PortfolioData;
use folio_okr::tracking::{Action, Cadence, CheckIn, DeliveryItem, ReadoutPolicy, RecoveryPlan};
use folio_risk::{Assessment, ReviewConfig, ScoringConfig};
use folio_roi::{BusinessCase, PaybackTrigger, ReportPolicy as RoiPolicy};
use folio_types::{
    Currency, Horizon, InitiativeId, MetricId, NaiveDate, Period, ProductId, Ratio, Structure,
};
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
    ///
    /// ```
    /// use folio_review::ReviewError;
    ///
    /// let error = ReviewError::new("in/kpi.json", format_args!("unknown metric {}", "arr"));
    /// assert_eq!((error.file.as_str(), error.problem.as_str()), ("in/kpi.json", "unknown metric arr"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
///
/// Reading it checks that the dates agree: the previous review is before `as_of`, and
/// `as_of` is not before the period starts.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct Settings {
    /// The readout's title.
    pub title: String,
    /// The OKR period reviewed.
    pub period: Period,
    /// The review date: nothing dated after it is read.
    pub as_of: NaiveDate,
    /// The previous review's date, for the trend arrows; before `as_of`.
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
    /// The decisions section's settings (read only when `allocation.json` is present).
    #[serde(default)]
    pub decisions: DecisionSettings,
    /// The delivery section's settings (read only when `jira.json` or `linear.json` is
    /// present).
    #[serde(default)]
    pub delivery: DeliverySettings,
    /// Which metrics feed the executive dashboard's extra numbers (time-to-value,
    /// capacity utilization, investment mix by spend) and which key results carry the
    /// critical initiatives.
    #[serde(default)]
    pub dashboard: crate::dashboard::DashboardSettings,
}

/// The decisions section's settings; every field has a default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(remote = "Self", default, deny_unknown_fields)]
pub struct DecisionSettings {
    /// The share of planned spend to cut in the cut scenario (default 0.15).
    pub cut: Ratio,
    /// The bet to accelerate. By default, the initiative with the largest
    /// risk-adjusted value among those that do not start in the first period of the
    /// baseline schedule (ties by id): the bet whose earlier start is worth most.
    pub accelerate: Option<InitiativeId>,
    /// By how many periods to start it earlier (default 1; at least 1).
    pub accelerate_by: usize,
}

impl Default for DecisionSettings {
    fn default() -> Self {
        Self {
            cut: Ratio::from_decimal(folio_types::Decimal::new(15, 2)),
            accelerate: None,
            accelerate_by: 1,
        }
    }
}

/// The delivery section's settings; every field has a default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(remote = "Self", default, deny_unknown_fields)]
pub struct DeliverySettings {
    /// The workflow that maps the exports' statuses onto stages (default
    /// `Workflow::standard()` of folio-delivery).
    pub workflow: Option<Workflow>,
    /// How the exports' items are tied to key results and products (default: labels
    /// `kr:<key result>` and `product:<product>`).
    pub import: Option<ImportConfig>,
    /// The window measured. Default: the day after the previous review to the review
    /// date.
    pub window: Option<WindowData>,
    /// How many days after the review date the throughput forecast runs (default 30;
    /// at least 1).
    pub forecast_days: u32,
    /// The forecast's trials (default 1,000; at least 1).
    pub forecast_trials: u32,
    /// The forecast's seed (default 2026): the same seed gives the same forecast.
    pub forecast_seed: u64,
}

impl Default for DeliverySettings {
    fn default() -> Self {
        Self {
            workflow: None,
            import: None,
            window: None,
            forecast_days: 30,
            forecast_trials: 1_000,
            forecast_seed: 2026,
        }
    }
}

/// `allocation.json` (optional): the portfolio of initiatives with their remaining
/// costs per period, budgets, capacity by resource kind, dependencies and mandates, and
/// the signals that ask for capacity to move. Without it the review omits its
/// decisions section.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AllocationFile {
    /// The portfolio, validated by folio-allocation.
    pub portfolio: AllocationPortfolio,
    /// Reallocation signals (capacity drain, benefits shortfall, off-track key results
    /// that ask for resources).
    #[serde(default)]
    pub signals: Vec<Signal>,
}

/// The KPI section's settings: which metrics to show, and which measure value,
/// consumption and concentration.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct KpiSettings {
    /// The quarters shown, oldest first: at least one, each a quarter, in strictly
    /// increasing order (no repeats).
    pub quarters: Vec<Period>,
    /// The metrics shown, in this order, each combined across products per its
    /// definition.
    pub metrics: Vec<MetricId>,
    /// The revenue metric: growth, concentration and the value side of capacity drain.
    pub revenue: MetricId,
    /// The consumption side of capacity drain (capacity in FTE, or spend).
    pub capacity: MetricId,
    /// The smallest gap between consumption share and value share that counts as
    /// draining (0.05 is five percentage points); not negative.
    #[serde(deserialize_with = "folio_types::decimal::deserialize")]
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
#[serde(remote = "Self", deny_unknown_fields)]
pub struct MixTarget {
    /// The smallest share within the band.
    pub low: Ratio,
    /// The largest share within the band; not below `low`.
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
#[serde(remote = "Self", deny_unknown_fields)]
pub struct SayDoFile {
    /// The portfolio; its policy's method must be `say_do`.
    pub portfolio: PortfolioData,
    /// Its check-ins.
    pub check_ins: Vec<CheckIn>,
}

/// `kpi.json`: a third portfolio, rolled up by the KPI method: its objectives are real
/// metrics, aggregated over the leaf key results per the metric's definition. The
/// leaves' readings are their products' values in `quarter`, from `metrics.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct KpiFile {
    /// The quarter whose metric values the leaves read.
    pub quarter: Period,
    /// The portfolio; its policy's method must be `kpi`, and every node has a metric
    /// target.
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

/// The names of the optional input files: without one, the review omits its section
/// and says so.
pub const OPTIONAL_FILES: [&str; 3] = ["allocation.json", "jira.json", "linear.json"];

/// The embedded sample's optional files, one `(file name, contents)` pair per file.
pub const SAMPLE_OPTIONAL: [(&str, &str); 3] = [
    (
        "allocation.json",
        include_str!("../data/sample/allocation.json"),
    ),
    ("jira.json", include_str!("../data/sample/jira.json")),
    ("linear.json", include_str!("../data/sample/linear.json")),
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
    /// `allocation.json`, if present.
    pub allocation: Option<AllocationFile>,
    /// The items of `jira.json` (a Jira search with `expand=changelog`), if present.
    pub jira: Option<Vec<WorkItem>>,
    /// The items of `linear.json` (Linear's GraphQL issue export), if present.
    pub linear: Option<Vec<WorkItem>>,
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
///
/// ```
/// use folio_review::input::parse;
///
/// let quarters: Vec<String> = parse("review.json", r#"["2026-Q3", "2026-Q4"]"#)?;
/// assert_eq!(quarters.len(), 2);
/// // serde's message, with the line and column, under the file name.
/// let error = parse::<Vec<String>>("review.json", "[1]").unwrap_err();
/// assert_eq!(error.file, "review.json");
/// assert!(error.problem.contains("line 1 column 2"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
        Self::from_sources("sample", |name| {
            Ok(SAMPLE
                .iter()
                .chain(SAMPLE_OPTIONAL.iter())
                .find(|(n, _)| *n == name)
                .map(|(_, text)| (*text).to_owned()))
        })
    }

    /// Reads the ten files from `dir`, and those of [`OPTIONAL_FILES`] that exist.
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
        Self::from_sources(&dir.display().to_string(), |name| {
            let path = dir.join(name);
            if OPTIONAL_FILES.contains(&name) && !path.exists() {
                return Ok(None);
            }
            std::fs::read_to_string(&path).map(Some).map_err(|e| {
                ReviewError::new(path.display().to_string(), format!("cannot read: {e}"))
            })
        })
    }

    /// Reads and parses the ten files of [`FILES`] through `read`, which returns a
    /// file's text by name; the optional files are not read (their sections are
    /// omitted). [`Inputs::from_sources`] reads them too.
    ///
    /// # Errors
    ///
    /// The first error of `read`, or the first file that does not parse, by name.
    ///
    /// ```
    /// use folio_review::Inputs;
    /// use folio_review::input::SAMPLE;
    ///
    /// // Only the ten required files are read: no decisions, no delivery.
    /// let inputs = Inputs::from_files("in", |name| {
    ///     let text = SAMPLE.iter().find(|(n, _)| *n == name).map(|(_, t)| (*t).to_owned());
    ///     text.ok_or_else(|| folio_review::ReviewError::new(name, "missing"))
    /// })?;
    /// assert!(inputs.allocation.is_none() && inputs.jira.is_none() && inputs.linear.is_none());
    /// assert_eq!(inputs.file("kpi.json"), "in/kpi.json");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_files(
        source: &str,
        read: impl Fn(&str) -> Result<String, ReviewError>,
    ) -> Result<Self, ReviewError> {
        Self::from_sources(source, |name| {
            if OPTIONAL_FILES.contains(&name) {
                Ok(None)
            } else {
                read(name).map(Some)
            }
        })
    }

    /// Reads and parses every file through `read`, which returns a file's text by
    /// name, or `None` for a file that does not exist: an error for the ten files of
    /// [`FILES`], an omitted section for those of [`OPTIONAL_FILES`].
    ///
    /// ```
    /// use folio_review::input::{Inputs, SAMPLE};
    ///
    /// // The ten required files only: no decisions and no delivery section.
    /// let inputs = Inputs::from_sources("in", |name| {
    ///     Ok(SAMPLE.iter().find(|(n, _)| *n == name).map(|(_, text)| (*text).to_owned()))
    /// })?;
    /// assert!(inputs.allocation.is_none() && inputs.jira.is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// The first error of `read`, a missing required file, or the first file that does
    /// not parse, by name.
    pub fn from_sources(
        source: &str,
        read: impl Fn(&str) -> Result<Option<String>, ReviewError>,
    ) -> Result<Self, ReviewError> {
        let named = |name: &str| file_name(source, name);
        let load = |name: &str| {
            read(name)?
                .map(|text| (named(name), text))
                .ok_or_else(|| ReviewError::new(named(name), "missing (it is required)"))
        };
        let settings: Settings = typed(&load("review.json")?)?;
        let import = settings
            .delivery
            .import
            .clone()
            .unwrap_or_else(ImportConfig::labels);
        let allocation = match read("allocation.json")? {
            Some(text) => Some(parse(&named("allocation.json"), &text)?),
            None => None,
        };
        let jira = match read("jira.json")? {
            Some(text) => Some(
                folio_delivery::adapter::jira::parse(&text, &import)
                    .map_err(|e| ReviewError::new(named("jira.json"), e))?,
            ),
            None => None,
        };
        let linear = match read("linear.json")? {
            Some(text) => Some(
                folio_delivery::adapter::linear::parse(&text, &import)
                    .map_err(|e| ReviewError::new(named("linear.json"), e))?,
            ),
            None => None,
        };
        fn typed<T: DeserializeOwned>(loaded: &(String, String)) -> Result<T, ReviewError> {
            parse(&loaded.0, &loaded.1)
        }
        let inputs = Self {
            source: source.to_owned(),
            settings,
            structure: typed(&load("structure.json")?)?,
            portfolio: typed(&load("portfolio.json")?)?,
            tracking: typed(&load("checkins.json")?)?,
            say_do: typed(&load("say_do.json")?)?,
            kpi: typed(&load("kpi.json")?)?,
            metrics: typed(&load("metrics.json")?)?,
            risk: typed(&load("risk.json")?)?,
            roi: typed(&load("roi.json")?)?,
            benefits: typed(&load("benefits.json")?)?,
            allocation,
            jira,
            linear,
        };
        inputs.check()?;
        Ok(inputs)
    }

    /// How `name` is shown in messages.
    ///
    /// ```
    /// let inputs = folio_review::Inputs::sample()?;
    /// assert_eq!(inputs.file("risk.json"), "sample/risk.json");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn file(&self, name: &str) -> String {
        file_name(&self.source, name)
    }
}

fn file_name(source: &str, name: &str) -> String {
    Path::new(source).join(name).display().to_string()
}
