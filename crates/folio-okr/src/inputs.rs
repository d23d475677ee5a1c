//! The inputs of a rollup: leaf progress and owner overrides.
//!
//! Today the progress of each leaf key result is given directly; later it will be
//! measured from metric targets and check-ins (`folio-metrics`), which will produce the
//! same [`ProgressInputs`]. An [`Override`] replaces the computed value of a rolled-up
//! node with an owner's judgment; the rollup keeps both (see
//! [`OverridePolicy`](crate::OverridePolicy)).

use std::collections::BTreeMap;

use folio_types::{Confidence, KeyResultId, OwnerId, Progress};

use crate::model::NodeId;

/// An owner's replacement for the computed value of a rolled-up node.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Override {
    /// The rolled-up node (an objective, or a key result with contributors).
    pub node: NodeId,
    /// The value the owner reports instead of the computed one.
    pub progress: Progress,
    /// Who overrode it.
    pub owner: OwnerId,
    /// Why, in the owner's words.
    #[cfg_attr(feature = "serde", serde(default))]
    pub reason: String,
}

/// Leaf progress and overrides, by id, as written in JSON.
///
/// ```
/// use folio_okr::ProgressInputs;
///
/// let inputs: ProgressInputs = serde_json::from_str(r#"{
///   "progress": { "atlas-arr": "0.6", "lens-nps": 0.9 },
///   "overrides": [{ "node": { "objective": "grow" }, "progress": "0.5",
///                   "owner": "cpo", "reason": "the ARR figure is a month old" }]
/// }"#)?;
/// assert_eq!(inputs.progress.len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct ProgressInputs {
    /// The progress of every leaf key result.
    pub progress: BTreeMap<KeyResultId, Progress>,
    /// Owner overrides of rolled-up nodes, at most one per node.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub overrides: Vec<Override>,
    /// Each leaf key result owner's confidence, for the status roll-up
    /// ([`OkrGraph::status`](crate::OkrGraph::status)); progress rollups ignore it.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "BTreeMap::is_empty")
    )]
    pub confidence: BTreeMap<KeyResultId, Confidence>,
}

impl ProgressInputs {
    /// Inputs with the given leaf progress and no overrides.
    ///
    /// ```
    /// use folio_okr::ProgressInputs;
    /// use folio_types::{KeyResultId, Progress};
    ///
    /// let inputs = ProgressInputs::new([(KeyResultId::new("arr")?, Progress::COMPLETE)]);
    /// assert_eq!(inputs.progress.len(), 1);
    /// assert!(inputs.overrides.is_empty() && inputs.confidence.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(progress: impl IntoIterator<Item = (KeyResultId, Progress)>) -> Self {
        Self {
            progress: progress.into_iter().collect(),
            overrides: Vec::new(),
            confidence: BTreeMap::new(),
        }
    }

    #[cfg(feature = "schemars")]
    /// The JSON Schema of the inputs.
    pub fn json_schema() -> schemars::Schema {
        schemars::schema_for!(ProgressInputs)
    }
}
