//! Debug, JSON and JSON schema of the record views ([`OverdueCheckpoint`],
//! [`MissingRootCause`], [`PostMortem`]) and of [`Review`]: the same text, fields and
//! schema as when the records were owned structs carrying their ids.

use crate::governance::PostMortem;
use crate::review::{MissingRootCause, OverdueCheckpoint, PostMortems, Records, Review};

impl std::fmt::Debug for OverdueCheckpoint<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OverdueCheckpoint")
            .field("initiative", self.initiative())
            .field("owner", self.owner())
            .field("checkpoint", &self.checkpoint())
            .field("due_on", &self.due_on())
            .field("days_overdue", &self.days_overdue())
            .field("expected", &self.expected())
            .finish()
    }
}

impl std::fmt::Debug for MissingRootCause<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MissingRootCause")
            .field("initiative", self.initiative())
            .field("owner", self.owner())
            .field("checkpoint", &self.checkpoint())
            .field("expected", &self.expected())
            .field("realized", &self.realized())
            .field("variance", &self.variance())
            .finish()
    }
}

impl std::fmt::Debug for PostMortem<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostMortem")
            .field("initiative", self.initiative())
            .field("owner", self.owner())
            .field("product_line", self.product_line())
            .field("unit", self.unit())
            .field("expected", &self.expected())
            .field("realized", &self.realized())
            .field("rate", &self.rate())
            .field("variance", &self.variance())
            .field("threshold", &self.threshold())
            .field("checkpoints", &List(self.checkpoints()))
            .finish()
    }
}

impl std::fmt::Debug for Review<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Review")
            .field("as_of", &self.as_of)
            .field("policy", &self.policy)
            .field("initiatives", &self.initiatives())
            .field("overdue", &List(self.overdue()))
            .field("missing_root_causes", &List(self.missing_root_causes()))
            .field("rates", &self.rates)
            .field("post_mortems", &List(self.post_mortems()))
            .field("bias", &self.bias)
            .finish()
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Records<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

impl std::fmt::Debug for PostMortems<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

/// An iterator printed (and serialized) as a list.
struct List<I>(I);

impl<I> std::fmt::Debug for List<I>
where
    I: Iterator + Clone,
    I::Item: std::fmt::Debug,
{
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.0.clone()).finish()
    }
}

#[cfg(feature = "serde")]
mod ser {
    use serde::ser::{Serialize, SerializeStruct, Serializer};

    use super::List;
    use crate::governance::PostMortem;
    use crate::review::{MissingRootCause, OverdueCheckpoint, Review};

    impl<I> Serialize for List<I>
    where
        I: Iterator + Clone,
        I::Item: Serialize,
    {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_seq(self.0.clone())
        }
    }

    impl Serialize for OverdueCheckpoint<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut s = serializer.serialize_struct("OverdueCheckpoint", 6)?;
            s.serialize_field("initiative", self.initiative())?;
            s.serialize_field("owner", self.owner())?;
            s.serialize_field("checkpoint", &self.checkpoint())?;
            s.serialize_field("due_on", &self.due_on())?;
            s.serialize_field("days_overdue", &self.days_overdue())?;
            s.serialize_field("expected", &self.expected())?;
            s.end()
        }
    }

    impl Serialize for MissingRootCause<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut s = serializer.serialize_struct("MissingRootCause", 6)?;
            s.serialize_field("initiative", self.initiative())?;
            s.serialize_field("owner", self.owner())?;
            s.serialize_field("checkpoint", &self.checkpoint())?;
            s.serialize_field("expected", &self.expected())?;
            s.serialize_field("realized", &self.realized())?;
            s.serialize_field("variance", &self.variance())?;
            s.end()
        }
    }

    impl Serialize for PostMortem<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut s = serializer.serialize_struct("PostMortem", 10)?;
            s.serialize_field("initiative", self.initiative())?;
            s.serialize_field("owner", self.owner())?;
            s.serialize_field("product_line", self.product_line())?;
            s.serialize_field("unit", self.unit())?;
            s.serialize_field("expected", &self.expected())?;
            s.serialize_field("realized", &self.realized())?;
            s.serialize_field("rate", &self.rate())?;
            s.serialize_field("variance", &self.variance())?;
            s.serialize_field("threshold", &self.threshold())?;
            s.serialize_field("checkpoints", &List(self.checkpoints()))?;
            s.end()
        }
    }

    impl Serialize for Review<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut s = serializer.serialize_struct("Review", 8)?;
            s.serialize_field("as_of", &self.as_of)?;
            s.serialize_field("policy", &self.policy)?;
            s.serialize_field("initiatives", self.initiatives())?;
            s.serialize_field("overdue", &List(self.overdue()))?;
            s.serialize_field("missing_root_causes", &List(self.missing_root_causes()))?;
            s.serialize_field("rates", &self.rates)?;
            s.serialize_field("post_mortems", &List(self.post_mortems()))?;
            s.serialize_field("bias", &self.bias)?;
            s.end()
        }
    }
}

/// The JSON schema of the records and the review: the shape their serialize impls
/// write, described by the owned types the records were before they became views, so
/// that the published schema stays the same. These types only describe; nothing
/// builds them.
#[cfg(feature = "schemars")]
#[allow(dead_code)]
mod schema {
    use std::borrow::Cow;

    use chrono::NaiveDate;
    use folio_types::{InitiativeId, OwnerId, ProductLineId, Ratio};
    use rust_decimal::Decimal;

    use crate::governance::Bias;
    use crate::policy::ReviewPolicy;
    use crate::rates::UnitRate;
    use crate::status::{CheckpointReview, InitiativeReview};
    use crate::value::BenefitUnit;
    use crate::variance::Variance;

    /// Forwards the schema of a view to the owned type that describes it.
    macro_rules! described_by {
        ($view:ty, $owned:ident) => {
            impl schemars::JsonSchema for $view {
                fn schema_name() -> Cow<'static, str> {
                    $owned::schema_name()
                }

                fn schema_id() -> Cow<'static, str> {
                    $owned::schema_id()
                }

                fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                    $owned::json_schema(generator)
                }

                fn inline_schema() -> bool {
                    $owned::inline_schema()
                }
            }
        };
    }

    described_by!(crate::review::OverdueCheckpoint<'_>, OverdueCheckpoint);
    described_by!(crate::review::MissingRootCause<'_>, MissingRootCause);
    described_by!(crate::governance::PostMortem<'_>, PostMortem);
    described_by!(crate::review::Review<'_>, Review);

    /// A checkpoint whose date has passed (beyond the grace period) with nothing recorded.
    #[derive(schemars::JsonSchema)]
    #[schemars(
        description = "A checkpoint whose date has passed (beyond the grace period) with nothing recorded."
    )]
    pub(super) struct OverdueCheckpoint {
        /// The initiative.
        pub(super) initiative: InitiativeId,
        /// The owner who should record it.
        pub(super) owner: OwnerId,
        /// The checkpoint number.
        pub(super) checkpoint: u32,
        /// When it was due.
        pub(super) due_on: NaiveDate,
        /// Days since it was due.
        pub(super) days_overdue: u32,
        /// The benefit that should have been shown.
        pub(super) expected: Decimal,
    }

    /// A realized checkpoint whose variance is beyond the root-cause threshold, without a
    /// root cause.
    #[derive(schemars::JsonSchema)]
    #[schemars(
        description = "A realized checkpoint whose variance is beyond the root-cause threshold, without a\nroot cause."
    )]
    pub(super) struct MissingRootCause {
        /// The initiative.
        pub(super) initiative: InitiativeId,
        /// The owner who should explain it.
        pub(super) owner: OwnerId,
        /// The checkpoint number.
        pub(super) checkpoint: u32,
        /// The expected benefit.
        pub(super) expected: Decimal,
        /// The realized benefit.
        pub(super) realized: Decimal,
        /// The variance, beyond the threshold.
        pub(super) variance: Variance,
    }

    /// A required post-mortem, with the evidence that triggered it.
    #[derive(schemars::JsonSchema)]
    #[schemars(description = "A required post-mortem, with the evidence that triggered it.")]
    pub(super) struct PostMortem {
        /// The initiative.
        pub(super) initiative: InitiativeId,
        /// The owner of its business case.
        pub(super) owner: OwnerId,
        /// Its product line.
        pub(super) product_line: ProductLineId,
        /// The unit of its benefit.
        pub(super) unit: BenefitUnit,
        /// Expected benefit over the counted checkpoints.
        pub(super) expected: Decimal,
        /// Realized benefit over the counted checkpoints.
        pub(super) realized: Decimal,
        /// realized / expected, when defined.
        pub(super) rate: Option<Ratio>,
        /// The variance of the totals; its size exceeds `threshold`.
        pub(super) variance: Variance,
        /// The threshold it exceeded (the policy's `post_mortem_threshold`).
        pub(super) threshold: Ratio,
        /// The counted checkpoints, the evidence.
        pub(super) checkpoints: Vec<CheckpointReview<'static>>,
    }

    /// Everything a benefits review reports at `as_of`.
    #[derive(schemars::JsonSchema)]
    #[schemars(description = "Everything a benefits review reports at `as_of`.")]
    pub(super) struct Review {
        /// The date of the review.
        pub(super) as_of: NaiveDate,
        /// The policy applied.
        pub(super) policy: ReviewPolicy,
        /// Every initiative with its checkpoints, totals and rate, by id.
        pub(super) initiatives: Vec<InitiativeReview<'static>>,
        /// Overdue checkpoints, by initiative id and checkpoint number.
        pub(super) overdue: Vec<OverdueCheckpoint>,
        /// Variances beyond the threshold that lack a root cause, by initiative id and
        /// checkpoint number.
        pub(super) missing_root_causes: Vec<MissingRootCause>,
        /// Realization rates of the portfolio and each product line, per unit
        /// ([`realization_rates`]).
        pub(super) rates: Vec<UnitRate<'static>>,
        /// Required post-mortems ([`post_mortems`]).
        pub(super) post_mortems: Vec<PostMortem>,
        /// Estimation bias per owner and product line
        /// ([`estimation_bias`]).
        pub(super) bias: Vec<Bias<'static>>,
    }
}
