//! [`Ratings`]: an assessment's factor ratings, kept as one vector sorted by factor id.
//!
//! An assessment rates each factor at most once, and scoring reads its ratings in factor
//! id order, once, beside the model's factors in the same order. A vector sorted by id
//! serves that in one contiguous sweep, where a `BTreeMap` (the form before) walks its
//! nodes; lookups are a binary search. The map-like methods here are the ones a
//! `BTreeMap<FactorId, RiskRating>` offers for the same uses, with the same results,
//! and the JSON form, the JSON schema and the `Debug` output are the map's.
//!
//! # From the map
//!
//! [`Assessment::ratings`](crate::Assessment::ratings) was a
//! `BTreeMap<FactorId, RiskRating>`; it is a [`Ratings`]. Code that reads it
//! (`get`, `iter`, `keys`, `values`, `len`, `contains_key`) or changes it (`insert`,
//! `remove`, `get_mut`, `extend`) compiles unchanged. Indexing (`ratings[&id]`) is not
//! offered: it would panic on a factor that is not rated, and no function here panics
//! on any input; `ratings.get(&id)` is the checked form. Code that builds one
//! collects the same pairs (`.collect::<Ratings>()`) or converts a map
//! (`Ratings::from(map)`), and `BTreeMap::from(ratings)` converts back. JSON files
//! need no change.

use std::borrow::Borrow;
use std::collections::BTreeMap;
use std::fmt;
use std::iter::FusedIterator;

use folio_types::RiskRating;

use crate::id::FactorId;

/// An assessment's factor ratings: at most one rating per factor, kept in factor id
/// order whatever order they were given in.
///
/// It behaves as a `BTreeMap<FactorId, RiskRating>` for what assessments need
/// ([`get`](Self::get), [`insert`](Self::insert) returning the rating it replaces,
/// [`remove`](Self::remove), [`iter`](Self::iter) in id order,
/// collecting from pairs, where a later pair for the same factor wins) and converts from
/// and into one. In JSON it is the same object from factor id to rating (reading one
/// rejects a factor given twice, as reading an [`Assessment`](crate::Assessment)
/// always did, where a map would keep the last), and its `Debug` output is the map's.
///
/// ```
/// use folio_risk::{FactorId, Ratings};
/// use folio_types::RiskRating;
/// use rust_decimal::Decimal;
///
/// let rating = |n: i64| RiskRating::new(Decimal::from(n));
/// let mut ratings = Ratings::new();
/// assert_eq!(ratings.insert("security".parse()?, rating(4)?), None);
/// assert_eq!(ratings.insert("reliability".parse()?, rating(2)?), None);
/// // A factor rated again keeps the newer rating and hands back the older one.
/// assert_eq!(ratings.insert("security".parse()?, rating(3)?), Some(rating(4)?));
/// assert_eq!(ratings.get("security"), Some(&rating(3)?));
/// let ids: Vec<&str> = ratings.keys().map(FactorId::as_str).collect();
/// assert_eq!(ids, ["reliability", "security"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ratings {
    /// The ratings, sorted by factor id, each id once.
    entries: Vec<(FactorId, RiskRating)>,
}

impl Ratings {
    /// No ratings.
    ///
    /// ```
    /// assert!(folio_risk::Ratings::new().is_empty());
    /// ```
    #[must_use]
    pub const fn new() -> Self {
        Self {
            entries: Vec::new(),
        }
    }

    /// The number of rated factors.
    ///
    /// ```
    /// use folio_risk::Ratings;
    /// use folio_types::RiskRating;
    ///
    /// let ratings: Ratings = [("security".parse()?, RiskRating::new(4.into())?)].into();
    /// assert_eq!(ratings.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no factor is rated.
    ///
    /// ```
    /// use folio_risk::Ratings;
    /// use folio_types::RiskRating;
    ///
    /// let ratings: Ratings = [("security".parse()?, RiskRating::new(4.into())?)].into();
    /// assert!(!ratings.is_empty());
    /// assert!(Ratings::new().is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The position of `factor`, or where it would be inserted.
    fn find<Q>(&self, factor: &Q) -> Result<usize, usize>
    where
        FactorId: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.entries
            .binary_search_by(|(id, _)| id.borrow().cmp(factor))
    }

    /// The rating of `factor`, if it is rated; `factor` may be a `&str`.
    ///
    /// ```
    /// use folio_risk::Ratings;
    /// use folio_types::RiskRating;
    ///
    /// let four = RiskRating::new(4.into())?;
    /// let ratings: Ratings = [("security".parse()?, four)].into();
    /// assert_eq!(ratings.get("security"), Some(&four));
    /// assert_eq!(ratings.get("reliability"), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn get<Q>(&self, factor: &Q) -> Option<&RiskRating>
    where
        FactorId: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let at = self.find(factor).ok()?;
        self.entries.get(at).map(|(_, rating)| rating)
    }

    /// The rating of `factor`, to change in place, if it is rated.
    ///
    /// ```
    /// use folio_risk::Ratings;
    /// use folio_types::RiskRating;
    ///
    /// let mut ratings: Ratings = [("security".parse()?, RiskRating::new(4.into())?)].into();
    /// if let Some(rating) = ratings.get_mut("security") {
    ///     *rating = RiskRating::new(2.into())?;
    /// }
    /// assert_eq!(ratings.get("security"), Some(&RiskRating::new(2.into())?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn get_mut<Q>(&mut self, factor: &Q) -> Option<&mut RiskRating>
    where
        FactorId: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let at = self.find(factor).ok()?;
        self.entries.get_mut(at).map(|(_, rating)| rating)
    }

    /// Whether `factor` is rated.
    ///
    /// ```
    /// use folio_risk::Ratings;
    /// use folio_types::RiskRating;
    ///
    /// let ratings: Ratings = [("security".parse()?, RiskRating::new(4.into())?)].into();
    /// assert!(ratings.contains_key("security"));
    /// assert!(!ratings.contains_key("reliability"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn contains_key<Q>(&self, factor: &Q) -> bool
    where
        FactorId: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.find(factor).is_ok()
    }

    /// Rates `factor`; returns its former rating if it had one (the id kept is the
    /// former one, as a `BTreeMap` keeps its key).
    ///
    /// ```
    /// use folio_risk::Ratings;
    /// use folio_types::RiskRating;
    ///
    /// let (two, four) = (RiskRating::new(2.into())?, RiskRating::new(4.into())?);
    /// let mut ratings = Ratings::new();
    /// assert_eq!(ratings.insert("security".parse()?, four), None);
    /// assert_eq!(ratings.insert("security".parse()?, two), Some(four));
    /// assert_eq!(ratings.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn insert(&mut self, factor: FactorId, rating: RiskRating) -> Option<RiskRating> {
        // Ratings arrive mostly in id order: appending is then the common case.
        if self.entries.last().is_none_or(|(last, _)| *last < factor) {
            self.entries.push((factor, rating));
            return None;
        }
        match self.find(&factor) {
            Ok(at) => self
                .entries
                .get_mut(at)
                .map(|(_, old)| std::mem::replace(old, rating)),
            Err(at) => {
                self.entries.insert(at, (factor, rating));
                None
            }
        }
    }

    /// Removes the rating of `factor` and returns it, if it was rated.
    ///
    /// ```
    /// use folio_risk::Ratings;
    /// use folio_types::RiskRating;
    ///
    /// let four = RiskRating::new(4.into())?;
    /// let mut ratings: Ratings = [("security".parse()?, four)].into();
    /// assert_eq!(ratings.remove("security"), Some(four));
    /// assert_eq!(ratings.remove("security"), None);
    /// assert!(ratings.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn remove<Q>(&mut self, factor: &Q) -> Option<RiskRating>
    where
        FactorId: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let at = self.find(factor).ok()?;
        Some(self.entries.remove(at).1)
    }

    /// The ratings in factor id order.
    ///
    /// ```
    /// use folio_risk::Ratings;
    /// use folio_types::RiskRating;
    ///
    /// let r = |n: i64| RiskRating::new(n.into());
    /// let ratings: Ratings = [("b".parse()?, r(2)?), ("a".parse()?, r(3)?)].into();
    /// let pairs: Vec<(&str, RiskRating)> =
    ///     ratings.iter().map(|(f, r)| (f.as_str(), *r)).collect();
    /// assert_eq!(pairs, [("a", r(3)?), ("b", r(2)?)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            inner: self.entries.iter(),
        }
    }

    /// The rated factors in id order.
    ///
    /// ```
    /// use folio_risk::{FactorId, Ratings};
    /// use folio_types::RiskRating;
    ///
    /// let r = |n: i64| RiskRating::new(n.into());
    /// let ratings: Ratings = [("b".parse()?, r(2)?), ("a".parse()?, r(3)?)].into();
    /// assert_eq!(ratings.keys().map(FactorId::as_str).collect::<Vec<_>>(), ["a", "b"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &FactorId> + ExactSizeIterator + Clone {
        self.entries.iter().map(|(factor, _)| factor)
    }

    /// The ratings in factor id order.
    ///
    /// ```
    /// use folio_risk::Ratings;
    /// use folio_types::RiskRating;
    ///
    /// let r = |n: i64| RiskRating::new(n.into());
    /// let ratings: Ratings = [("b".parse()?, r(2)?), ("a".parse()?, r(3)?)].into();
    /// assert_eq!(ratings.values().copied().collect::<Vec<_>>(), [r(3)?, r(2)?]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn values(
        &self,
    ) -> impl DoubleEndedIterator<Item = &RiskRating> + ExactSizeIterator + Clone {
        self.entries.iter().map(|(_, rating)| rating)
    }

    /// The `(factor, rating)` pairs as one slice, in factor id order, each factor once.
    ///
    /// ```
    /// use folio_risk::Ratings;
    /// use folio_types::RiskRating;
    ///
    /// let four = RiskRating::new(4.into())?;
    /// let ratings: Ratings = [("security".parse()?, four)].into();
    /// assert_eq!(ratings.as_slice()[0].1, four);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn as_slice(&self) -> &[(FactorId, RiskRating)] {
        &self.entries
    }

    /// Ratings from pairs in any order, each factor at most once; otherwise the first
    /// factor (in id order) given more than once.
    pub(crate) fn unique(mut entries: Vec<(FactorId, RiskRating)>) -> Result<Self, FactorId> {
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        match entries.windows(2).find_map(|pair| match pair {
            [(a, _), (b, _)] if a == b => Some(a),
            _ => None,
        }) {
            Some(factor) => Err(factor.clone()),
            None => Ok(Self { entries }),
        }
    }

    /// Sorts `entries` by id keeping, for an id given more than once, the last rating
    /// given (as `BTreeMap` does when it collects or extends).
    fn sort_keeping_last(mut entries: Vec<(FactorId, RiskRating)>) -> Self {
        // A stable sort keeps the pairs of one id in the order given; reversing first
        // puts the last one given first, and `dedup_by` keeps the first of each run.
        entries.reverse();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries.dedup_by(|later, kept| later.0 == kept.0);
        Self { entries }
    }
}

/// The ratings of an assessment, borrowed, in factor id order; made by
/// [`Ratings::iter`].
#[derive(Debug, Clone)]
pub struct Iter<'a> {
    inner: std::slice::Iter<'a, (FactorId, RiskRating)>,
}

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a FactorId, &'a RiskRating);

    fn next(&mut self) -> Option<Self::Item> {
        self.inner.next().map(|(factor, rating)| (factor, rating))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.inner
            .next_back()
            .map(|(factor, rating)| (factor, rating))
    }
}

impl ExactSizeIterator for Iter<'_> {}
impl FusedIterator for Iter<'_> {}

/// The ratings of an assessment, owned, in factor id order; made by
/// [`Ratings::into_iter`](IntoIterator::into_iter).
#[derive(Debug, Clone)]
pub struct IntoIter {
    inner: std::vec::IntoIter<(FactorId, RiskRating)>,
}

impl Iterator for IntoIter {
    type Item = (FactorId, RiskRating);

    fn next(&mut self) -> Option<Self::Item> {
        self.inner.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl DoubleEndedIterator for IntoIter {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.inner.next_back()
    }
}

impl ExactSizeIterator for IntoIter {}
impl FusedIterator for IntoIter {}

impl<'a> IntoIterator for &'a Ratings {
    type Item = (&'a FactorId, &'a RiskRating);
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl IntoIterator for Ratings {
    type Item = (FactorId, RiskRating);
    type IntoIter = IntoIter;

    /// The ratings, owned, in factor id order.
    ///
    /// ```
    /// use folio_risk::{FactorId, Ratings};
    /// use folio_types::RiskRating;
    ///
    /// let r = |n: i64| RiskRating::new(n.into());
    /// let ratings: Ratings = [("b".parse()?, r(2)?), ("a".parse()?, r(3)?)].into();
    /// let ids: Vec<FactorId> = ratings.into_iter().map(|(f, _)| f).collect();
    /// assert_eq!(ids, ["a".parse::<FactorId>()?, "b".parse()?]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn into_iter(self) -> IntoIter {
        IntoIter {
            inner: self.entries.into_iter(),
        }
    }
}

impl FromIterator<(FactorId, RiskRating)> for Ratings {
    /// Ratings from pairs in any order; for a factor given more than once the last
    /// rating wins, as when a `BTreeMap` is collected. [`Assessment::new`] rejects such
    /// a factor instead.
    ///
    /// [`Assessment::new`]: crate::Assessment::new
    ///
    /// ```
    /// use folio_risk::Ratings;
    /// use folio_types::RiskRating;
    ///
    /// let r = |n: i64| RiskRating::new(n.into());
    /// let ratings: Ratings =
    ///     [("b".parse()?, r(2)?), ("a".parse()?, r(3)?), ("b".parse()?, r(5)?)].into_iter().collect();
    /// assert_eq!(ratings.len(), 2);
    /// assert_eq!(ratings.get("b"), Some(&r(5)?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn from_iter<I: IntoIterator<Item = (FactorId, RiskRating)>>(pairs: I) -> Self {
        let entries: Vec<_> = pairs.into_iter().collect();
        if entries
            .windows(2)
            .all(|pair| matches!(pair, [(a, _), (b, _)] if a < b))
        {
            return Self { entries };
        }
        Self::sort_keeping_last(entries)
    }
}

impl Extend<(FactorId, RiskRating)> for Ratings {
    /// Adds pairs in any order; a factor rated again keeps the last rating given.
    ///
    /// ```
    /// use folio_risk::Ratings;
    /// use folio_types::RiskRating;
    ///
    /// let r = |n: i64| RiskRating::new(n.into());
    /// let mut ratings: Ratings = [("b".parse()?, r(2)?)].into();
    /// ratings.extend([("a".parse()?, r(3)?), ("b".parse()?, r(4)?)]);
    /// assert_eq!(ratings.len(), 2);
    /// assert_eq!(ratings.get("b"), Some(&r(4)?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn extend<I: IntoIterator<Item = (FactorId, RiskRating)>>(&mut self, pairs: I) {
        let mut entries = std::mem::take(&mut self.entries);
        entries.extend(pairs);
        *self = Self::from_iter(entries);
    }
}

impl<'a> Extend<(&'a FactorId, &'a RiskRating)> for Ratings {
    /// Adds borrowed pairs, cloning the ids; a factor rated again keeps the last rating
    /// given.
    ///
    /// ```
    /// use folio_risk::Ratings;
    /// use folio_types::RiskRating;
    ///
    /// let r = |n: i64| RiskRating::new(n.into());
    /// let other: Ratings = [("a".parse()?, r(3)?)].into();
    /// let mut ratings: Ratings = [("b".parse()?, r(2)?)].into();
    /// ratings.extend(&other);
    /// assert_eq!(ratings.len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn extend<I: IntoIterator<Item = (&'a FactorId, &'a RiskRating)>>(&mut self, pairs: I) {
        self.extend(
            pairs
                .into_iter()
                .map(|(factor, rating)| (factor.clone(), *rating)),
        );
    }
}

impl<const N: usize> From<[(FactorId, RiskRating); N]> for Ratings {
    /// Ratings from an array of pairs in any order; the last rating of a factor given
    /// twice wins.
    ///
    /// ```
    /// use folio_risk::Ratings;
    /// use folio_types::RiskRating;
    ///
    /// let ratings = Ratings::from([("security".parse()?, RiskRating::new(4.into())?)]);
    /// assert_eq!(ratings.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn from(pairs: [(FactorId, RiskRating); N]) -> Self {
        pairs.into_iter().collect()
    }
}

impl From<BTreeMap<FactorId, RiskRating>> for Ratings {
    /// The ratings of a map, which are already in id order.
    ///
    /// ```
    /// use std::collections::BTreeMap;
    /// use folio_risk::Ratings;
    /// use folio_types::RiskRating;
    ///
    /// let map = BTreeMap::from([("security".parse()?, RiskRating::new(4.into())?)]);
    /// let ratings = Ratings::from(map.clone());
    /// assert_eq!(BTreeMap::from(ratings), map);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn from(map: BTreeMap<FactorId, RiskRating>) -> Self {
        Self {
            entries: map.into_iter().collect(),
        }
    }
}

impl From<Ratings> for BTreeMap<FactorId, RiskRating> {
    /// The ratings as a map.
    ///
    /// ```
    /// use std::collections::BTreeMap;
    /// use folio_risk::Ratings;
    /// use folio_types::RiskRating;
    ///
    /// let ratings = Ratings::from([("security".parse()?, RiskRating::new(4.into())?)]);
    /// assert_eq!(BTreeMap::from(ratings).len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn from(ratings: Ratings) -> Self {
        ratings.entries.into_iter().collect()
    }
}

impl fmt::Debug for Ratings {
    /// The map's `Debug` output: `{FactorId("a"): RiskRating(3), ...}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

#[cfg(feature = "serde")]
mod serde_impls {
    use std::collections::BTreeMap;
    use std::fmt;

    use folio_types::RiskRating;
    use serde::de::{MapAccess, Visitor};
    use serde::ser::SerializeMap;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::Ratings;
    use crate::error::Error;
    use crate::id::FactorId;

    impl Serialize for Ratings {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = serializer.serialize_map(Some(self.len()))?;
            for (factor, rating) in self {
                map.serialize_entry(factor, rating)?;
            }
            map.end()
        }
    }

    impl<'de> Deserialize<'de> for Ratings {
        /// An object from factor id to rating; a factor that appears twice is rejected
        /// ([`Error::DuplicateRating`], at its second appearance) rather than letting
        /// the last value win.
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_map(RatingsVisitor)
        }
    }

    struct RatingsVisitor;

    impl<'de> Visitor<'de> for RatingsVisitor {
        type Value = Ratings;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object from factor id to risk rating")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Ratings, A::Error> {
            // Written ratings come in id order (that is how they are serialized): while
            // they do, each is appended. The first one out of order moves the rest to a
            // map, so that any order costs `O(n log n)`; either way a factor seen twice
            // is rejected when it is seen the second time.
            let mut entries: Vec<(FactorId, RiskRating)> =
                Vec::with_capacity(access.size_hint().unwrap_or(0).min(64));
            while let Some((factor, rating)) = access.next_entry::<FactorId, RiskRating>()? {
                match entries.last() {
                    Some((last, _)) if *last >= factor => {
                        let mut map: BTreeMap<_, _> = entries.into_iter().collect();
                        insert_once(&mut map, factor, rating)?;
                        while let Some((factor, rating)) =
                            access.next_entry::<FactorId, RiskRating>()?
                        {
                            insert_once(&mut map, factor, rating)?;
                        }
                        return Ok(Ratings::from(map));
                    }
                    _ => entries.push((factor, rating)),
                }
            }
            Ok(Ratings { entries })
        }
    }

    /// Adds a rating to `map`, rejecting a factor it already holds.
    fn insert_once<E: serde::de::Error>(
        map: &mut BTreeMap<FactorId, RiskRating>,
        factor: FactorId,
        rating: RiskRating,
    ) -> Result<(), E> {
        if map.contains_key(&factor) {
            return Err(E::custom(Error::DuplicateRating { factor }));
        }
        map.insert(factor, rating);
        Ok(())
    }
}

#[cfg(feature = "schemars")]
mod schema {
    use std::borrow::Cow;
    use std::collections::BTreeMap;

    use folio_types::RiskRating;
    use schemars::{JsonSchema, Schema, SchemaGenerator};

    use super::Ratings;
    use crate::id::FactorId;

    /// The schema of the map that [`Ratings`] is written as.
    type Map = BTreeMap<FactorId, RiskRating>;

    impl JsonSchema for Ratings {
        fn inline_schema() -> bool {
            Map::inline_schema()
        }

        fn schema_name() -> Cow<'static, str> {
            Map::schema_name()
        }

        fn schema_id() -> Cow<'static, str> {
            Map::schema_id()
        }

        fn json_schema(generator: &mut SchemaGenerator) -> Schema {
            Map::json_schema(generator)
        }
    }
}

#[cfg(test)]
#[path = "ratings_tests.rs"]
mod tests;
