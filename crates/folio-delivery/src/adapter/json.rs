//! Helpers shared by the JSON adapters: typed access to `serde_json` values with errors
//! that name the item and field.

use std::collections::BTreeSet;

use folio_types::KeyResultId;
use serde_json::Value;

use crate::adapter::{KrLink, ProductFrom, key_result, labelled, product};
use crate::error::{Error, Result};

/// The string at `pointer`, `None` when absent or null.
pub(crate) fn opt_str<'v>(value: &'v Value, pointer: &str, item: &str) -> Result<Option<&'v str>> {
    match value.pointer(pointer) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(Error::field(
            item,
            pointer.trim_start_matches('/').replace('/', "."),
            format!("expected a string, found {}", kind(other)),
        )),
    }
}

/// The string at `pointer`, required.
pub(crate) fn req_str<'v>(value: &'v Value, pointer: &str, item: &str) -> Result<&'v str> {
    opt_str(value, pointer, item)?.ok_or_else(|| {
        Error::field(
            item,
            pointer.trim_start_matches('/').replace('/', "."),
            "missing",
        )
    })
}

/// The array at `pointer` (also under a `nodes` key, as GraphQL connections put it);
/// empty when absent or null.
pub(crate) fn list<'v>(value: &'v Value, pointer: &str, item: &str) -> Result<&'v [Value]> {
    match value.pointer(pointer) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(a)) => Ok(a),
        Some(Value::Object(o)) => match o.get("nodes") {
            Some(Value::Array(a)) => Ok(a),
            _ => Err(Error::field(
                item,
                pointer.trim_start_matches('/').replace('/', "."),
                "expected an array or an object with a `nodes` array",
            )),
        },
        Some(other) => Err(Error::field(
            item,
            pointer.trim_start_matches('/').replace('/', "."),
            format!("expected an array, found {}", kind(other)),
        )),
    }
}

/// The name of a JSON value's type, for messages.
/// Reads every element of an export's `issues` array with `item`, which gets the issue
/// and its position (`issues[i]`, for error messages); an element that is not an object
/// is an error naming that position. Shared by the Jira and Linear adapters.
pub(crate) fn read_issues<T>(
    issues: &[Value],
    mut item: impl FnMut(&Value, String) -> Result<T>,
) -> Result<Vec<T>> {
    issues
        .iter()
        .enumerate()
        .map(|(index, issue)| {
            let position = format!("issues[{index}]");
            if !issue.is_object() {
                return Err(Error::field(
                    position,
                    "",
                    format!("expected an issue object, found {}", kind(issue)),
                ));
            }
            item(issue, position)
        })
        .collect()
}

pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The texts of a field value: a string, a number, an object's `value`, `name` or
/// `key`, or an array of those.
pub(crate) fn texts(value: &Value, item: &str, field: &str, out: &mut Vec<String>) -> Result<()> {
    match value {
        Value::Null => Ok(()),
        Value::String(s) => {
            out.push(s.clone());
            Ok(())
        }
        Value::Number(n) => {
            out.push(n.to_string());
            Ok(())
        }
        Value::Array(a) => a.iter().try_for_each(|v| texts(v, item, field, out)),
        Value::Object(o) => match ["value", "name", "key"].iter().find_map(|k| o.get(*k)) {
            Some(v) => texts(v, item, field, out),
            None => Err(Error::field(
                item,
                field,
                "an object without `value`, `name` or `key`",
            )),
        },
        Value::Bool(_) => Err(Error::field(item, field, "expected text, found a boolean")),
    }
}

/// The labels of an issue: strings, or objects with a `name`.
pub(crate) fn labels(issue: &Value, pointer: &str, item: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let field = pointer.trim_start_matches('/').replace('/', ".");
    for label in list(issue, pointer, item)? {
        texts(label, item, &field, &mut out)?;
    }
    Ok(out)
}

/// The key results an issue is tied to under `links`; `parent` is the adapter's default
/// parent pointer.
pub(crate) fn key_results(
    issue: &Value,
    labels_: &[String],
    links: &[KrLink],
    parent: &str,
    item: &str,
) -> Result<Vec<KeyResultId>> {
    let mut found = BTreeSet::new();
    for link in links {
        match link {
            KrLink::LabelPrefix(prefix) => {
                for id in labelled(labels_, prefix) {
                    found.insert(key_result(item, "labels", id)?);
                }
            }
            KrLink::Field(pointer) => {
                let mut values = Vec::new();
                if let Some(v) = issue.pointer(pointer) {
                    texts(v, item, pointer, &mut values)?;
                }
                for v in values.iter().filter(|v| !v.trim().is_empty()) {
                    found.insert(key_result(item, pointer, v)?);
                }
            }
            KrLink::Parent { field, keys } => {
                let pointer = field.as_deref().unwrap_or(parent);
                if let Some(kr) = opt_str(issue, pointer, item)?.and_then(|k| keys.get(k)) {
                    found.insert(kr.clone());
                }
            }
        }
    }
    Ok(found.into_iter().collect())
}

/// The product of an issue under `from`; `project` is the adapter's project pointer.
pub(crate) fn product_of(
    issue: &Value,
    labels_: &[String],
    from: &ProductFrom,
    project: &str,
    item: &str,
) -> Result<Option<folio_types::ProductId>> {
    let text = match from {
        ProductFrom::None => return Ok(None),
        ProductFrom::Fixed(p) => return Ok(Some(p.clone())),
        ProductFrom::Project => opt_str(issue, project, item)?.map(str::to_owned),
        ProductFrom::Field(pointer) => {
            let mut values = Vec::new();
            if let Some(v) = issue.pointer(pointer) {
                texts(v, item, pointer, &mut values)?;
            }
            values.into_iter().next()
        }
        ProductFrom::LabelPrefix(prefix) => labelled(labels_, prefix).next().map(str::to_owned),
    };
    text.filter(|t| !t.trim().is_empty())
        .map(|t| product(item, "product", &t))
        .transpose()
}
