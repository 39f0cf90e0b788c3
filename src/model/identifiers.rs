//! `generated/identifiers.yaml`: every identifier `build` has published for a Japanese name
//! (contacts and tags), with the number its C constant carries (DESIGN §4: an identifier, once
//! published, never changes meaning in a later revision).
//!
//! `build` reads the file it wrote last time and refuses a `names.yaml` that would give a
//! published name another identifier, or drop it. New names are appended with the next
//! numbers, so that the value of a published `OQS_CONTACT_…` or `OQS_TAG_…` constant never
//! changes either. The first publication numbers names in identifier order.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::names::Names;
use super::yaml::{self, YamlError};

/// Where the published identifiers are kept, relative to the project root.
pub const FILE: &str = "generated/identifiers.yaml";
/// Highest number a name may carry (C constants are `int`; this leaves room to count on).
const MAX_NUMBER: u32 = 1_000_000;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Published {
    #[serde(default)]
    pub contacts: Vec<Item>,
    #[serde(default)]
    pub tags: Vec<Item>,
}

/// One published identifier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// The value of its C constant; never reused.
    pub number: u32,
    pub ident: String,
    /// The name as the catalog prints it.
    pub name: String,
}

/// A change to `names.yaml` that would change what a published identifier means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unstable {
    pub section: &'static str,
    pub name: String,
    pub published: String,
    /// The identifier `names.yaml` now gives the name; `None` when it dropped the name.
    pub now: Option<String>,
}

impl std::fmt::Display for Unstable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Unstable {
            section,
            name,
            published,
            ..
        } = self;
        match &self.now {
            Some(now) => write!(
                f,
                "{section}: {name} is published as `{published}` and may not become `{now}` \
                 (give `{published}` back to it; a new name gets a new identifier)"
            ),
            None => write!(
                f,
                "{section}: {name} is published as `{published}` and its line is gone \
                 (keep `{name}: {published}`)"
            ),
        }
    }
}

impl Published {
    /// Parses the file and checks that numbers, identifiers and names are each unique per
    /// section.
    pub fn parse(file: &str, text: &str) -> Result<Published, YamlError> {
        let published: Published = yaml::from_str(file, text)?;
        for (section, items) in published.sections() {
            let (mut numbers, mut idents, mut names) =
                (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
            for item in items {
                if !(1..=MAX_NUMBER).contains(&item.number) {
                    return Err(YamlError::invalid(
                        file,
                        format!(
                            "{section}: number {} of `{}` is not between 1 and {MAX_NUMBER}",
                            item.number, item.ident
                        ),
                    ));
                }
                let repeated = if !numbers.insert(item.number) {
                    Some(format!("number {}", item.number))
                } else if !idents.insert(&item.ident) {
                    Some(format!("identifier `{}`", item.ident))
                } else if !names.insert(&item.name) {
                    Some(format!("name {}", item.name))
                } else {
                    None
                };
                if let Some(what) = repeated {
                    return Err(YamlError::invalid(
                        file,
                        format!("{section}: {what} is listed twice"),
                    ));
                }
            }
        }
        Ok(published)
    }

    /// What `build` publishes with `names`: every item published so far, then each name of
    /// `names` not yet published, numbered after the highest number, in identifier order.
    /// Refuses (listing every problem) when `names` gives a published name another identifier
    /// or drops it.
    pub fn next(&self, names: &Names) -> Result<Published, Vec<Unstable>> {
        let mut problems = Vec::new();
        let mut out = Published::default();
        for ((section, items), (map, next)) in self.sections().into_iter().zip([
            (&names.contacts, &mut out.contacts),
            (&names.tags, &mut out.tags),
        ]) {
            for item in items {
                let now = map.get(&item.name);
                if now != Some(&item.ident) {
                    problems.push(Unstable {
                        section,
                        name: item.name.clone(),
                        published: item.ident.clone(),
                        now: now.cloned(),
                    });
                }
            }
            next.extend(items.iter().cloned());
            let mut new: Vec<(&String, &String)> = map
                .iter()
                .filter(|(name, _)| !items.iter().any(|i| &i.name == *name))
                .map(|(name, ident)| (ident, name))
                .collect();
            new.sort();
            let after = items.iter().map(|i| i.number).max().unwrap_or(0);
            next.extend((after + 1..).zip(new).map(|(number, (ident, name))| Item {
                number,
                ident: ident.clone(),
                name: name.clone(),
            }));
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(problems)
        }
    }

    /// The C constant's number of the contact (`section` "contacts") or tag ("tags") `ident`.
    pub fn number(&self, section: &str, ident: &str) -> Option<u32> {
        let items = match section {
            "contacts" => &self.contacts,
            "tags" => &self.tags,
            _ => return None,
        };
        items.iter().find(|i| i.ident == ident).map(|i| i.number)
    }

    fn sections(&self) -> [(&'static str, &Vec<Item>); 2] {
        [("contacts", &self.contacts), ("tags", &self.tags)]
    }

    /// The file's text: a header saying what it is, then the items in publication order.
    pub fn to_yaml(&self) -> Result<String, super::yaml::YamlError> {
        let body = super::yaml::to_yaml_text(FILE, self)?;
        Ok(format!(
            "# Generated by oqs-catalog build. Every identifier published for a Japanese name \
             (input/names.yaml),\n# with the value of its C constant. build reads it back: a \
             published name keeps its identifier\n# and number in every later revision \
             (DESIGN §4). Do not edit.\n{body}"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Names {
        Names::parse("names.yaml", text).expect("names parse")
    }

    impl Published {
        /// The first publication of `names`.
        fn first(names: &Names) -> Published {
            Published::default()
                .next(names)
                .expect("nothing published yet, nothing can change meaning")
        }
    }

    #[test]
    fn first_publication_numbers_in_identifier_order() {
        let p = Published::first(&names(
            "contacts:\n  乙: Beta\n  甲: Alpha\ntags:\n  丙: Gamma\n",
        ));
        let contacts: Vec<_> = p
            .contacts
            .iter()
            .map(|i| (i.number, i.ident.as_str(), i.name.as_str()))
            .collect();
        assert_eq!(contacts, [(1, "Alpha", "甲"), (2, "Beta", "乙")]);
        assert_eq!(p.number("tags", "Gamma"), Some(1));
    }

    #[test]
    fn new_names_are_appended_and_old_numbers_kept() {
        let p = Published::first(&names("contacts:\n  乙: Beta\n"));
        let next = p
            .next(&names("contacts:\n  乙: Beta\n  甲: Alpha\n"))
            .expect("adding a name is allowed");
        assert_eq!(next.number("contacts", "Beta"), Some(1));
        assert_eq!(next.number("contacts", "Alpha"), Some(2));
        // Publishing again changes nothing.
        assert_eq!(
            next.next(&names("contacts:\n  乙: Beta\n  甲: Alpha\n")),
            Ok(next.clone())
        );
        // The text reads back.
        assert_eq!(Published::parse(FILE, &next.to_yaml().unwrap()), Ok(next));
    }

    #[test]
    fn renaming_or_dropping_a_published_name_is_refused() {
        let p = Published::first(&names("contacts:\n  乙: Beta\n  甲: Alpha\n"));
        let problems = p
            .next(&names("contacts:\n  乙: Gamma\n"))
            .expect_err("refused");
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(text.len(), 2, "{text:?}");
        assert!(text[0].contains("甲 is published as `Alpha`") && text[0].contains("gone"));
        assert!(text[1].contains("乙 is published as `Beta` and may not become `Gamma`"));
    }

    #[test]
    fn repeated_numbers_are_refused() {
        let text =
            "contacts:\n- {number: 1, ident: A, name: 甲}\n- {number: 1, ident: B, name: 乙}\n";
        let err = Published::parse(FILE, text)
            .expect_err("refused")
            .to_string();
        assert!(err.contains("number 1 is listed twice"), "{err}");
        let text = "tags:\n- {number: 4294967295, ident: A, name: 甲}\n";
        let err = Published::parse(FILE, text)
            .expect_err("refused")
            .to_string();
        assert!(err.contains("not between 1 and 1000000"), "{err}");
    }
}
