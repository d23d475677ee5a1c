//! Deserializes arbitrary bytes as JSON into every public type of the folio crates that
//! implements `Deserialize` (the first byte picks the type, the rest is the JSON). A
//! value that deserializes must serialize, deserialize again from its own JSON (a
//! value the library accepts once it accepts again: validation does not depend on the
//! path the value came in by), and serialize to the same JSON the second time. Nothing
//! here may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Deserializes `json` as `T` and checks the round trip.
fn round_trip<T: Serialize + DeserializeOwned>(name: &str, json: &[u8]) {
    let Ok(value) = serde_json::from_slice::<T>(json) else {
        return;
    };
    let first = serde_json::to_string(&value)
        .unwrap_or_else(|e| panic!("{name}: a deserialized value does not serialize: {e}"));
    let again: T = serde_json::from_str(&first)
        .unwrap_or_else(|e| panic!("{name}: its own JSON is rejected: {e}\n{first}"));
    let second = serde_json::to_string(&again)
        .unwrap_or_else(|e| panic!("{name}: the second value does not serialize: {e}"));
    assert_eq!(
        first, second,
        "{name}: the JSON changed on the second round trip"
    );
}

macro_rules! types {
    ($($ty:ty),* $(,)?) => {
        /// One round trip per type, in the order listed.
        const TYPES: &[(&str, fn(&str, &[u8]))] = &[
            $((stringify!($ty), round_trip::<$ty> as fn(&str, &[u8]))),*
        ];
    };
}

types![
    // folio-types
    folio_types::ProductId,
    folio_types::ProductLineId,
    folio_types::MetricId,
    folio_types::KeyResultId,
    folio_types::ObjectiveId,
    folio_types::InitiativeId,
    folio_types::OwnerId,
    folio_types::SegmentId,
    folio_types::GeographyId,
    folio_types::Currency,
    folio_types::Money,
    folio_types::Confidence,
    folio_types::Progress,
    folio_types::Ratio,
    folio_types::RiskRating,
    folio_types::Weight,
    folio_types::Period,
    folio_types::Horizon,
    folio_types::Allocation,
    folio_types::InitiativeType,
    folio_types::Geography,
    folio_types::Product,
    folio_types::ProductLine,
    folio_types::Segment,
    folio_types::Structure,
    folio_types::StructureData,
    folio_types::Series<folio_types::Decimal>,
    folio_types::Observation<folio_types::Decimal>,
    // folio-metrics
    folio_metrics::ClassificationPolicy,
    folio_metrics::LineClass,
    folio_metrics::SignalKind,
    folio_metrics::Vote,
    folio_metrics::CatalogData,
    folio_metrics::MetricCatalog,
    folio_metrics::ObservationRecord,
    folio_metrics::Observations,
    folio_metrics::Unit,
    folio_metrics::DurationUnit,
    folio_metrics::Direction,
    folio_metrics::Layer,
    folio_metrics::MetricKind,
    folio_metrics::Combine,
    folio_metrics::MetricDefData,
    folio_metrics::MetricDef,
    folio_metrics::Reading,
    folio_metrics::ProductReading,
    folio_metrics::TargetSet,
    folio_metrics::Goal,
    folio_metrics::Scoring,
    folio_metrics::TargetData,
    folio_metrics::Target,
    folio_metrics::RuleSet,
    folio_metrics::Condition,
    folio_metrics::Cadence,
    folio_metrics::Persistence,
    folio_metrics::Action,
    folio_metrics::Scope,
    folio_metrics::RuleData,
    folio_metrics::Rule,
    folio_metrics::RuleId,
    folio_metrics::kpi::adoption::DateSpan,
    folio_metrics::kpi::retention::RevenueCohort,
    folio_metrics::kpi::delivery::WorkItem,
    folio_metrics::kpi::capacity::CapacityEntry,
    // folio-okr
    folio_okr::Override,
    folio_okr::ProgressInputs,
    folio_okr::ObjectiveTier,
    folio_okr::KeyResultTier,
    folio_okr::Level,
    folio_okr::NodeId,
    folio_okr::Contribution,
    folio_okr::Drivers,
    folio_okr::RollupMethod,
    folio_okr::OverridePolicy,
    folio_okr::RollupPolicy,
    folio_okr::ObjectiveData,
    folio_okr::ResourceClaim,
    folio_okr::ResourceId,
    folio_okr::KeyResultData,
    folio_okr::DependencyKind,
    folio_okr::Dependency,
    folio_okr::PortfolioData,
    folio_okr::Status,
    folio_okr::StatusRule,
    folio_okr::StatusPolicy,
    folio_okr::SayDo,
    folio_okr::Weighted,
    folio_okr::MetricReading,
    folio_okr::KpiInputs,
    folio_okr::tracking::DriftPolicy,
    folio_okr::tracking::DeliveryItem,
    folio_okr::tracking::DriftRule,
    folio_okr::tracking::Reading,
    folio_okr::tracking::CheckIn,
    folio_okr::tracking::Update,
    folio_okr::tracking::ShiftKind,
    folio_okr::tracking::ResourceShift,
    folio_okr::tracking::CapacityDrain,
    folio_okr::tracking::OffTrackPolicy,
    folio_okr::tracking::RecoveryChange,
    folio_okr::tracking::RecoveryPlan,
    folio_okr::tracking::Cadence,
    folio_okr::tracking::StalenessPolicy,
    folio_okr::tracking::ActionKind,
    folio_okr::tracking::Action,
    folio_okr::tracking::ReadoutPolicy,
    folio_okr::tracking::Trend,
    folio_okr::tracking::OwnerCalibration,
    // folio-risk
    folio_risk::Assessment,
    folio_risk::Band,
    folio_risk::Bands,
    folio_risk::MissingRatingPolicy,
    folio_risk::RequiredAction,
    folio_risk::ScoringConfig,
    folio_risk::TriggerRule,
    folio_risk::TriggerScope,
    folio_risk::DimensionId,
    folio_risk::FactorId,
    folio_risk::TriggerRuleId,
    folio_risk::DimensionSpec,
    folio_risk::FactorSpec,
    folio_risk::RiskModelData,
    folio_risk::ExposureBase,
    folio_risk::ProductFigures,
    folio_risk::ReviewConfig,
    folio_risk::AlertSubject,
    folio_risk::TrendDirection,
    // folio-roi
    folio_roi::DatedMoney,
    folio_roi::Component,
    folio_roi::Investment,
    folio_roi::Benefit,
    folio_roi::BusinessCaseData,
    folio_roi::BusinessCase,
    folio_roi::RateSearch,
    folio_roi::PeriodicFlows,
    folio_roi::DatedFlow,
    folio_roi::DatedFlows,
    folio_roi::PeriodRange,
    folio_roi::Window,
    folio_roi::ReportPolicy,
    folio_roi::PaybackTrigger,
    folio_roi::DayCount,
    // folio-benefits
    folio_benefits::BenefitsCase,
    folio_benefits::RootCauseCategory,
    folio_benefits::RootCause,
    folio_benefits::Realization,
    folio_benefits::BookData,
    folio_benefits::BenefitValue,
    folio_benefits::BenefitUnit,
    folio_benefits::BenefitsBook,
    folio_benefits::Schedule,
    folio_benefits::BiasVerdict,
    folio_benefits::Group,
    folio_benefits::CheckpointStatus,
    folio_benefits::Unrecorded,
    folio_benefits::ReviewPolicy,
    // folio-allocation
    folio_allocation::FrontierOptions,
    folio_allocation::Signal,
    folio_allocation::ReallocationOptions,
    folio_allocation::Why,
    folio_allocation::Constraint,
    folio_allocation::Reduction,
    folio_allocation::CutOptions,
    folio_allocation::SolveStatus,
    folio_allocation::KeepReason,
    folio_allocation::CutReason,
    folio_allocation::State,
    folio_allocation::Value,
    folio_allocation::PeriodCost,
    folio_allocation::Initiative,
    folio_allocation::MixBound,
    folio_allocation::PortfolioData,
    folio_allocation::Portfolio,
    folio_allocation::ResourceKind,
    folio_allocation::Target,
    folio_allocation::Binding,
    folio_allocation::ImpossibleReason,
    // folio-delivery
    folio_delivery::KeyResultReading,
    folio_delivery::OutcomePolicy,
    folio_delivery::Verdict,
    folio_delivery::StageKind,
    folio_delivery::Stage,
    folio_delivery::DayCount,
    folio_delivery::LeadStart,
    folio_delivery::WorkflowData,
    folio_delivery::Workflow,
    folio_delivery::Transition,
    folio_delivery::WorkItem,
    folio_delivery::Scope,
    folio_delivery::Window,
    folio_delivery::WindowData,
    folio_delivery::Interval,
    folio_delivery::adapter::csv::CsvStatuses,
    folio_delivery::adapter::KrLink,
    folio_delivery::adapter::ProductFrom,
    folio_delivery::adapter::ImportConfig,
    // folio-review
    folio_review::input::Settings,
    folio_review::input::DecisionSettings,
    folio_review::input::DeliverySettings,
    folio_review::input::AllocationFile,
    folio_review::input::KpiSettings,
    folio_review::input::MixTarget,
    folio_review::input::TrackingFile,
    folio_review::input::SayDoFile,
    folio_review::input::KpiFile,
    folio_review::input::MetricsFile,
    folio_review::input::RiskFile,
    folio_review::input::RoiFile,
    folio_review::input::BenefitsFile,
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, json)) = data.split_first() else {
        return;
    };
    if let Some((name, check)) = TYPES.get(usize::from(pick) % TYPES.len()) {
        check(name, json);
    }
});
