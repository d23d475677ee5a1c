//! Benefits realization: did the business cases deliver what they promised?
//!
//! A business case records, at approval, the benefit an initiative is expected to bring
//! at each checkpoint after launch (30, 60 and 90 days, then quarterly). This crate
//! compares what was realized with what was expected: variance per checkpoint with a
//! root cause where it is large, overdue checkpoints, realization rates per initiative,
//! product line and portfolio, the "variance above Z% requires a post-mortem" trigger,
//! and estimation bias per owner and product line, so that a portfolio stops
//! accumulating wishful thinking.
//!
//! # Example
//!
#![cfg_attr(feature = "serde", doc = "```")]
#![cfg_attr(not(feature = "serde"), doc = "```ignore")]
//! use folio_benefits::{BenefitsBook, BiasVerdict, CheckpointStatus, Group, ReviewPolicy};
//! use folio_types::NaiveDate;
//!
//! // Launched 1 February 2026: checkpoints fall due on 3 March, 2 April and 2 May
//! // (30, 60, 90 days), then on 2 August (3 months after day 90).
//! let book: BenefitsBook = serde_json::from_str(r#"{
//!   "cases": [{
//!     "initiative": "sso", "owner": "ana", "product_line": "platform",
//!     "approved_on": "2026-01-05", "launched_on": "2026-02-01",
//!     "expected": [
//!       {"money": {"amount": "1000", "currency": "EUR"}},
//!       {"money": {"amount": "1000", "currency": "EUR"}},
//!       {"money": {"amount": "1000", "currency": "EUR"}},
//!       {"money": {"amount": "3000", "currency": "EUR"}}
//!     ]
//!   }],
//!   "realizations": [
//!     {"initiative": "sso", "checkpoint": 1, "recorded_on": "2026-03-03",
//!      "realized": {"money": {"amount": "900", "currency": "EUR"}}},
//!     {"initiative": "sso", "checkpoint": 2, "recorded_on": "2026-04-20",
//!      "realized": {"money": {"amount": "600", "currency": "EUR"}},
//!      "root_cause": {"category": "adoption_lower_than_planned",
//!                     "text": "SSO needs an admin to switch it on; few did"}}
//!   ]
//! }"#)?;
//!
//! let as_of = NaiveDate::from_ymd_opt(2026, 6, 1).ok_or("bad date")?;
//! let review = book.review(as_of, &ReviewPolicy::default())?;
//!
//! // Checkpoint 2 was recorded 18 days late; checkpoint 3 has been overdue for 30 days.
//! let sso = &review.initiatives()[0];
//! let second = sso.checkpoints.get(1).ok_or("no checkpoint 2")?;
//! assert!(matches!(second.status(), CheckpointStatus::Realized { late: true, .. }));
//! let late = review.overdue().next().ok_or("nothing overdue")?;
//! assert_eq!((late.initiative().as_str(), late.checkpoint()), ("sso", 3));
//! assert_eq!(late.days_overdue(), 30);
//!
//! // Counted: 900 + 600 + 0 (overdue) against 3 x 1000 expected.
//! assert_eq!(sso.rate.map(|r| r.to_string()), Some("0.5".into()));
//! let portfolio = review.rates.iter().find(|r| r.group == Group::Portfolio).ok_or("no rate")?;
//! assert_eq!(portfolio.rate, sso.rate);
//!
//! // A 50% shortfall is beyond the 25% post-mortem threshold.
//! let post_mortem = review.post_mortems().next().ok_or("no post-mortem")?;
//! assert_eq!(post_mortem.initiative().as_str(), "sso");
//! // One case is not enough to call an owner biased.
//! assert_eq!(review.bias[0].verdict, BiasVerdict::InsufficientData);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Overview
//!
//! - Input ([`case`], [`book`]): [`BookData`] holds the [`BenefitsCase`]s, the [`Realization`]s
//!   (each may carry a [`RootCause`] with a [`RootCauseCategory`]) and the
//!   [`Schedule`]. [`BenefitsBook::new`] validates them into a [`BenefitsBook`], and so
//!   does deserializing a `BenefitsBook`. Benefits are [`BenefitValue`]s: money or a
//!   metric value, one [`BenefitUnit`] per case.
//! - Schedule ([`schedule`]): day offsets, then calendar months, with month-end clamping.
//! - [`ReviewPolicy`] ([`policy`]): thresholds and conventions with documented defaults.
//! - Per checkpoint and initiative ([`status`], [`variance`]):
//!   [`BenefitsBook::initiative_reviews`] gives [`InitiativeReview`]s with
//!   [`CheckpointReview`]s, [`CheckpointStatus`] and [`Variance`]. The checkpoint
//!   reviews of all the initiatives reviewed together lie in one vector, which their
//!   [`CheckpointReviews`] (a range each) share: one allocation per review, not one
//!   per initiative. A [`CheckpointReview`] is a small `Copy` value without drop glue,
//!   read through accessors; its relative variance is computed when read.
//! - Rollups ([`rates`], [`governance`]): [`realization_rates`] ([`UnitRate`] per
//!   [`Group`]), [`post_mortems`] ([`PostMortem`]), [`estimation_bias`] ([`Bias`]),
//!   plus [`overdue`] and [`missing_root_causes`]. [`BenefitsBook::review`] runs them
//!   all into one [`Review`]. The overdue, missing-root-cause and post-mortem records
//!   are views ([`OverdueCheckpoint`], [`MissingRootCause`], [`PostMortem`]) that
//!   refer to their initiative's review instead of carrying copies of its ids and
//!   checkpoints; their accessors read the ids from it, and their JSON writes them out.
//! - Borrowed ids: the results of a book's review borrow the ids they name from the
//!   book ([`InitiativeReview`], [`RateContribution`], [`BiasEntry`] and
//!   [`UnitRate::without_rate`] hold them as [`Cow`](std::borrow::Cow)s, and a
//!   [`CheckpointReview`] its root cause as a `&RootCause`), so that a review copies
//!   no id or root cause and its lifetime `'a` is the book's. `into_owned`
//!   ([`Review::into_owned`] and the like) gives a `'static` copy that outlives the
//!   book (its checkpoint reviews keep their figures and root causes). Debug
//!   text, JSON and JSON schema are those of the ids themselves.
//!
//! # Changes for users
//!
//! [`CheckpointReview`]'s fields became accessors of the same names, and
//! [`CheckpointReviews`] is read with `get`, `iter` and `len` rather than as a slice
//! (each gives a `CheckpointReview` by value, a 24-byte `Copy` view that borrows the
//! checkpoint's figures; the 128-byte struct with public fields it replaces made every
//! review write 10 MB for 80,000 checkpoints, and walk them all to drop them). Debug
//! text, JSON and JSON schema are unchanged.
//!
//! | before | now |
//! |---|---|
//! | `review.checkpoints[i]` | `review.checkpoints.get(i)` (an `Option`) |
//! | `review.checkpoints.as_slice()`, `.to_vec()` | `review.checkpoints.iter()`, `.iter().collect::<Vec<_>>()` |
//! | `c.number`, `c.due_on`, `c.expected`, `c.realized`, `c.status`, `c.counted` | `c.number()`, `c.due_on()`, `c.expected()`, `c.realized()`, `c.status()`, `c.counted()` |
//! | `c.variance` | `c.variance()`, computed when called (with [`Variance::of`]'s digits) |
//! | `c.root_cause` (an `Option<Cow<RootCause>>`) | `c.root_cause()` (an `Option<&RootCause>`) |
//! | `c.root_cause_required` | `c.root_cause_required()` |
//! | `CheckpointReview::into_owned` | none: a checkpoint review is `Copy` and borrows its root cause; [`Review::into_owned`] and [`InitiativeReview::into_owned`] give owned copies |
//! | `OverdueCheckpoint::checkpoint_review`, `MissingRootCause::checkpoint_review`, `PostMortem::checkpoints`, `InitiativeReview::counted` gave `&CheckpointReview` | they give `CheckpointReview` by value |
//! - Errors ([`error`]): one [`Error`] enum naming the offending initiative and
//!   checkpoint.
//!
//! # Conventions
//!
//! - Money of different currencies is never added or compared, and money is never
//!   weighed against a metric: rollups are per [`BenefitUnit`].
//! - Zero expected benefit gives an undefined (`None`) relative variance and rate, never
//!   a division by zero.
//! - No function reads the clock: `as_of` is an argument. Results are ordered by id and
//!   do not depend on the order of the input.
//! - No function panics; arithmetic is checked and overflow is an [`Error`].
//!
//! - Output structs and all enums are `#[non_exhaustive]`, so new fields and variants
//!   are not breaking changes. Outputs (reviews, rates, variances) serialize for reports
//!   but do not deserialize: they only come out of the engines, so their numbers agree.
//!
//! # Features
//!
//! - `serde` (on by default): `Serialize` for every type, validating `Deserialize` for
//!   every input type ([`BookData`], [`BenefitsBook`], [`Schedule`], [`ReviewPolicy`]).
//! - `schemars` (off by default, implies `serde`): `schemars::JsonSchema` for every serde
//!   type, so tools in any language can validate their input files.
//!
//! Dependencies: folio-types, `rust_decimal` (exact amounts), chrono (dates), thiserror
//! (the error type), and optionally serde and schemars.
#![doc(test(attr(deny(warnings))))]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod book;
pub mod case;
pub mod error;
mod exact;
pub mod governance;
mod groups;
pub mod policy;
pub mod rates;
mod records;
#[cfg(test)]
mod reference;
pub mod review;
pub mod schedule;
pub mod status;
pub mod value;
pub mod variance;

pub use book::{BenefitsBook, Checkpoint, TrackedCase};
pub use case::{BenefitsCase, BookData, Realization, RootCause, RootCauseCategory};
pub use error::{Error, Result};
pub use governance::{Bias, BiasEntry, BiasVerdict, PostMortem, estimation_bias, post_mortems};
pub use policy::{ReviewPolicy, Unrecorded};
pub use rates::{Group, RateContribution, UnitRate, realization_rates};
pub use review::{
    MissingRootCause, OverdueCheckpoint, PostMortems, Records, Review, missing_root_causes, overdue,
};
pub use schedule::Schedule;
pub use status::{
    CheckpointIter, CheckpointReview, CheckpointReviews, CheckpointStatus, InitiativeReview,
};
pub use value::{BenefitUnit, BenefitValue};
pub use variance::Variance;

/// The README's examples, run as doctests so that they keep compiling.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
