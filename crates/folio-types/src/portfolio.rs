//! The shape of a portfolio: product lines, products, segments and geographies, and
//! the classifications portfolio leaders allocate by.
//!
//! [`Structure`] is the validated form: every id is unique within its kind and every
//! reference resolves. It is built from [`StructureData`], the plain serde form, so tools
//! in any language can write it as JSON and check it against the exported schema.

#[cfg(feature = "schemars")]
use std::borrow::Cow;
use std::collections::BTreeMap;

#[cfg(feature = "schemars")]
use schemars::{JsonSchema, Schema, SchemaGenerator};

use crate::error::{Error, Result};
use crate::id::{GeographyId, ProductId, ProductLineId, SegmentId};

/// The investment horizon of a product line or product (the three buckets of the
/// investment mix).
// Deliberately exhaustive: the three-horizon model is fixed, and mix bounds and mix
// reports hold one entry per horizon, so a fourth horizon would be a breaking change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Horizon {
    /// Core retention and quality: keep the lights on.
    Core,
    /// Growth and expansion: scale what works.
    Grow,
    /// New bets.
    Explore,
}

/// Whether capacity or spend runs the business or grows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Allocation {
    /// Running what exists: maintenance, support, operations.
    Run,
    /// Growing: new capabilities, expansion, new markets.
    Grow,
}

/// The type of an initiative, for capacity allocation by initiative type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum InitiativeType {
    /// New capabilities or new bets.
    Innovation,
    /// Improving the core product.
    Core,
    /// Regulatory, security or contractual obligations.
    Compliance,
}

impl std::fmt::Display for Horizon {
    /// The horizon in plain words, as in its JSON form: `core`, `grow`, `explore`.
    ///
    /// ```
    /// use folio_types::Horizon;
    ///
    /// assert_eq!(Horizon::Explore.to_string(), "explore");
    /// ```
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Core => "core",
            Self::Grow => "grow",
            Self::Explore => "explore",
        })
    }
}

impl std::fmt::Display for Allocation {
    /// `run` or `grow`, as in the JSON form.
    ///
    /// ```
    /// use folio_types::Allocation;
    ///
    /// assert_eq!(Allocation::Run.to_string(), "run");
    /// ```
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Run => "run",
            Self::Grow => "grow",
        })
    }
}

impl std::fmt::Display for InitiativeType {
    /// `innovation`, `core` or `compliance`, as in the JSON form.
    ///
    /// ```
    /// use folio_types::InitiativeType;
    ///
    /// assert_eq!(InitiativeType::Compliance.to_string(), "compliance");
    /// ```
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Innovation => "innovation",
            Self::Core => "core",
            Self::Compliance => "compliance",
        })
    }
}

/// A product line: products managed and funded together.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct ProductLine {
    /// The line's id.
    pub id: ProductLineId,
    /// Display name.
    pub name: String,
    /// The line's investment horizon, inherited by its products unless they override it.
    pub horizon: Horizon,
}

/// A product, belonging to one product line.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Product {
    /// The product's id.
    pub id: ProductId,
    /// Display name.
    pub name: String,
    /// The product line it belongs to.
    pub line: ProductLineId,
    /// A horizon of its own, when it differs from its line's (an explore bet inside a
    /// core line). `None` inherits the line's horizon.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub horizon: Option<Horizon>,
    /// The customer segments it serves.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub segments: Vec<SegmentId>,
}

/// A customer segment, such as enterprise or mid-market.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Segment {
    /// The segment's id.
    pub id: SegmentId,
    /// Display name.
    pub name: String,
}

/// A geography: a region or market.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Geography {
    /// The geography's id.
    pub id: GeographyId,
    /// Display name.
    pub name: String,
}

/// The plain-data form of a portfolio's structure, as written in JSON. Validate it into
/// a [`Structure`] with [`Structure::new`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct StructureData {
    /// Product lines.
    pub lines: Vec<ProductLine>,
    /// Products.
    pub products: Vec<Product>,
    /// Customer segments.
    #[cfg_attr(feature = "serde", serde(default))]
    pub segments: Vec<Segment>,
    /// Geographies.
    #[cfg_attr(feature = "serde", serde(default))]
    pub geographies: Vec<Geography>,
}

/// A validated portfolio structure: unique ids, resolved references, fast lookups.
///
#[cfg_attr(feature = "serde", doc = "```")]
#[cfg_attr(not(feature = "serde"), doc = "```ignore")]
/// use folio_types::{Horizon, Structure, StructureData};
///
/// let data: StructureData = serde_json::from_str(r#"{
///     "lines": [{ "id": "analytics", "name": "Analytics", "horizon": "grow" }],
///     "products": [
///         { "id": "atlas", "name": "Atlas", "line": "analytics" },
///         { "id": "lens", "name": "Lens", "line": "analytics", "horizon": "explore" }
///     ]
/// }"#)?;
/// let structure = Structure::new(data)?;
/// assert_eq!(structure.horizon_of(&"atlas".parse()?), Some(Horizon::Grow));
/// assert_eq!(structure.horizon_of(&"lens".parse()?), Some(Horizon::Explore));
/// assert_eq!(structure.products_in(&"analytics".parse()?).count(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "StructureData", into = "StructureData")
)]
pub struct Structure {
    lines: BTreeMap<ProductLineId, ProductLine>,
    products: BTreeMap<ProductId, Product>,
    segments: BTreeMap<SegmentId, Segment>,
    geographies: BTreeMap<GeographyId, Geography>,
}

/// Indexes records by id, rejecting the first repeated id.
fn index<K: Ord + Clone + AsRef<str>, V>(
    kind: &'static str,
    records: Vec<V>,
    id: impl Fn(&V) -> &K,
) -> Result<BTreeMap<K, V>> {
    let mut map = BTreeMap::new();
    for record in records {
        let key = id(&record).clone();
        if map.contains_key(&key) {
            return Err(Error::DuplicateId {
                kind,
                id: key.as_ref().into(),
            });
        }
        map.insert(key, record);
    }
    Ok(map)
}

impl Structure {
    /// Validates `data`.
    ///
    /// # Errors
    ///
    /// [`Error::DuplicateId`] for a repeated line, product, segment or geography id;
    /// [`Error::UnknownId`] for a product whose line or segment is not defined. Products
    /// are checked in id order, so the same data always reports the same error.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::{Horizon, Product, ProductId, ProductLine, ProductLineId, Structure, StructureData};
    ///
    /// let core = ProductLineId::new("core")?;
    /// let data = StructureData {
    ///     lines: vec![ProductLine { id: core.clone(), name: "Core".into(), horizon: Horizon::Core }],
    ///     products: vec![Product {
    ///         id: ProductId::new("atlas")?,
    ///         name: "Atlas".into(),
    ///         line: core.clone(),
    ///         horizon: None,
    ///         segments: vec![],
    ///     }],
    ///     ..StructureData::default()
    /// };
    /// let structure = Structure::new(data.clone())?;
    /// assert_eq!(structure.products().len(), 1);
    ///
    /// // A product on an undefined line is an error that names it.
    /// let mut broken = data;
    /// broken.lines.clear();
    /// assert!(Structure::new(broken).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(data: StructureData) -> Result<Self> {
        let lines = index("product line", data.lines, |l| &l.id)?;
        let segments = index("segment", data.segments, |s| &s.id)?;
        let geographies = index("geography", data.geographies, |g| &g.id)?;
        let products = index("product", data.products, |p| &p.id)?;
        for product in products.values() {
            let referrer = || format!("product {:?}", product.id.as_str());
            if !lines.contains_key(&product.line) {
                return Err(Error::UnknownId {
                    kind: "product line",
                    id: product.line.as_str().into(),
                    referrer: referrer(),
                });
            }
            if let Some(segment) = product.segments.iter().find(|s| !segments.contains_key(*s)) {
                return Err(Error::UnknownId {
                    kind: "segment",
                    id: segment.as_str().into(),
                    referrer: referrer(),
                });
            }
        }
        Ok(Self {
            lines,
            products,
            segments,
            geographies,
        })
    }

    /// The product lines, by id.
    pub fn lines(&self) -> impl ExactSizeIterator<Item = &ProductLine> {
        self.lines.values()
    }

    /// The products, by id.
    pub fn products(&self) -> impl ExactSizeIterator<Item = &Product> {
        self.products.values()
    }

    /// The segments, by id.
    pub fn segments(&self) -> impl ExactSizeIterator<Item = &Segment> {
        self.segments.values()
    }

    /// The geographies, by id.
    pub fn geographies(&self) -> impl ExactSizeIterator<Item = &Geography> {
        self.geographies.values()
    }

    /// The product line with this id.
    pub fn line(&self, id: &ProductLineId) -> Option<&ProductLine> {
        self.lines.get(id)
    }

    /// The product with this id.
    pub fn product(&self, id: &ProductId) -> Option<&Product> {
        self.products.get(id)
    }

    /// The line of a product.
    pub fn line_of(&self, product: &ProductId) -> Option<&ProductLine> {
        self.product(product).and_then(|p| self.lines.get(&p.line))
    }

    /// A product's horizon: its own if set, else its line's.
    ///
    /// # Example
    ///
    /// ```
    /// use folio_types::{Horizon, Product, ProductId, ProductLine, ProductLineId, Structure, StructureData};
    ///
    /// let core = ProductLineId::new("core")?;
    /// let product = |id: &str, horizon| -> Result<Product, folio_types::Error> {
    ///     Ok(Product { id: ProductId::new(id)?, name: id.into(), line: core.clone(), horizon, segments: vec![] })
    /// };
    /// let structure = Structure::new(StructureData {
    ///     lines: vec![ProductLine { id: core.clone(), name: "Core".into(), horizon: Horizon::Core }],
    ///     products: vec![product("atlas", None)?, product("nova", Some(Horizon::Explore))?],
    ///     ..StructureData::default()
    /// })?;
    /// // atlas inherits its line's horizon; nova is an explore bet inside the core line.
    /// assert_eq!(structure.horizon_of(&ProductId::new("atlas")?), Some(Horizon::Core));
    /// assert_eq!(structure.horizon_of(&ProductId::new("nova")?), Some(Horizon::Explore));
    /// assert_eq!(structure.products_in(&core).count(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn horizon_of(&self, product: &ProductId) -> Option<Horizon> {
        let product = self.product(product)?;
        product
            .horizon
            .or_else(|| self.lines.get(&product.line).map(|l| l.horizon))
    }

    /// The products of a line, by id.
    pub fn products_in<'a>(
        &'a self,
        line: &'a ProductLineId,
    ) -> impl Iterator<Item = &'a Product> + 'a {
        self.products.values().filter(move |p| &p.line == line)
    }
}

impl TryFrom<StructureData> for Structure {
    type Error = Error;

    fn try_from(data: StructureData) -> Result<Self> {
        Self::new(data)
    }
}

impl From<Structure> for StructureData {
    fn from(s: Structure) -> Self {
        Self {
            lines: s.lines.into_values().collect(),
            products: s.products.into_values().collect(),
            segments: s.segments.into_values().collect(),
            geographies: s.geographies.into_values().collect(),
        }
    }
}

#[cfg(feature = "schemars")]
impl JsonSchema for Structure {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Structure")
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        StructureData::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    #[cfg(feature = "serde")]
    use super::*;

    #[cfg(feature = "serde")]
    fn data(json: &str) -> StructureData {
        serde_json::from_str(json).unwrap()
    }

    #[cfg(feature = "serde")]
    const LINES: &str =
        r#"[{"id":"a","name":"A","horizon":"core"},{"id":"b","name":"B","horizon":"explore"}]"#;

    #[cfg(feature = "serde")]
    #[test]
    fn valid_structure_resolves_references() {
        let s = Structure::new(data(&format!(
            r#"{{"lines":{LINES},
                "segments":[{{"id":"smb","name":"SMB"}}],
                "products":[{{"id":"p2","name":"P2","line":"b"}},
                            {{"id":"p1","name":"P1","line":"a","segments":["smb"]}}]}}"#
        )))
        .unwrap();
        let p1 = ProductId::new("p1").unwrap();
        assert_eq!(s.line_of(&p1).map(|l| l.id.as_str()), Some("a"));
        assert_eq!(s.horizon_of(&p1), Some(Horizon::Core));
        let ids: Vec<_> = s.products().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["p1", "p2"], "products come back in id order");
        assert_eq!(s.horizon_of(&ProductId::new("zz").unwrap()), None);
    }

    #[cfg(feature = "serde")]
    #[test]
    fn errors_name_the_offending_ids() {
        let dup_line = Structure::new(data(
            r#"{"lines":[{"id":"a","name":"A","horizon":"core"},{"id":"a","name":"A2","horizon":"grow"}],"products":[]}"#,
        ));
        assert_eq!(
            dup_line,
            Err(Error::DuplicateId {
                kind: "product line",
                id: "a".into()
            })
        );
        let unknown_line = Structure::new(data(&format!(
            r#"{{"lines":{LINES},"products":[{{"id":"p","name":"P","line":"zz"}}]}}"#
        )));
        assert_eq!(
            unknown_line,
            Err(Error::UnknownId {
                kind: "product line",
                id: "zz".into(),
                referrer: "product \"p\"".into()
            })
        );
        let unknown_segment = Structure::new(data(&format!(
            r#"{{"lines":{LINES},"products":[{{"id":"p","name":"P","line":"a","segments":["ent"]}}]}}"#
        )));
        assert!(matches!(
            unknown_segment,
            Err(Error::UnknownId {
                kind: "segment",
                ..
            })
        ));
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serde_validates_and_round_trips() {
        let json =
            format!(r#"{{"lines":{LINES},"products":[{{"id":"p","name":"P","line":"zz"}}]}}"#);
        let err = serde_json::from_str::<Structure>(&json).unwrap_err();
        assert!(
            err.to_string().contains("unknown product line \"zz\""),
            "{err}"
        );
        let err = serde_json::from_str::<Structure>(r#"{"lines":[],"products":[],"extra":1}"#)
            .unwrap_err();
        assert!(err.to_string().contains("unknown field"), "{err}");

        let json =
            format!(r#"{{"lines":{LINES},"products":[{{"id":"p","name":"P","line":"a"}}]}}"#);
        let s: Structure = serde_json::from_str(&json).unwrap();
        let back: Structure = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        assert_eq!(s, back);
    }
}
