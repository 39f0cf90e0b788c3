//! The build: every revision read, checked and rendered in memory. Each pair of consecutive
//! revisions is diffed once ([`crate::release::Series`]) and handed to the renderers (the
//! crate's version) and the notes; the [`History`] built on it (since, changed in, tombstones)
//! to the renderers; nothing is written here ([`super::write`] does that, `check` compares).

use std::collections::BTreeMap;

use super::project::{missing_names, Project, GENERATED};
use super::store::{self, Store};
use crate::error::Error;
use crate::history::History;
use crate::model::{identifiers, yaml, Catalog};
use crate::normalize::{Diagnostic, Severity};
use crate::render;

/// The files `build` writes, by path relative to the root (`generated/...`), with their bytes.
pub type Outputs = BTreeMap<String, Vec<u8>>;

impl Project {
    /// Everything `build` writes, computed in memory. Refuses on source errors that no erratum
    /// corrects, on names missing from `names.yaml`, and on warnings when `deny_warnings`.
    pub fn outputs(&self, deny_warnings: bool) -> Result<(Outputs, Vec<Diagnostic>), Error> {
        let revisions = self.revisions()?;
        let (names_file, names) = self.names()?;
        let mut outputs = Outputs::new();
        let mut all = Vec::new();
        for rev in &revisions {
            let blocking = rev.diagnostics.iter().any(|d| d.blocks())
                || (deny_warnings
                    && rev
                        .diagnostics
                        .iter()
                        .any(|d| d.severity == Severity::Warning));
            if blocking {
                return Err(Error::Refused {
                    file: rev.catalog.document.source.file.clone(),
                    diagnostics: rev.diagnostics.clone(),
                });
            }
            let missing = names.missing(&rev.catalog);
            if !missing.is_empty() {
                return Err(missing_names(&names_file, &missing));
            }
            all.extend(rev.diagnostics.iter().cloned());
            outputs.insert(
                format!("generated/catalog/{}.yaml", rev.catalog.document.version),
                catalog_yaml(&rev.catalog)?.into_bytes(),
            );
        }
        let catalogs: Vec<Catalog> = revisions.into_iter().map(|r| r.catalog).collect();
        let identifiers = self.publish(names_file, &names)?;
        outputs.insert(
            identifiers::FILE.to_string(),
            identifiers.to_yaml()?.into_bytes(),
        );
        // Each pair of revisions is diffed once, for the crate's version and the notes.
        let series = render::rust_api::series(&catalogs, &identifiers)?;
        // The history follows the lineage the series recorded: nothing is diffed again.
        let history = History::new(&catalogs, &series.changes);
        outputs.extend(render::render_all(render::RenderInput {
            catalogs: &catalogs,
            identifiers: &identifiers,
            series: &series,
            history: &history,
        })?);
        outputs.extend(render::notes::files(&catalogs, &series)?);
        let manifest =
            Store::manifest_text(outputs.keys().filter_map(|k| k.strip_prefix("generated/")));
        outputs.insert(
            format!("{GENERATED}/{}", store::MANIFEST),
            manifest.into_bytes(),
        );
        Ok((outputs, all))
    }
}

/// The canonical YAML of a model, with its generated-file header.
pub fn catalog_yaml(catalog: &Catalog) -> Result<String, yaml::YamlError> {
    let s = &catalog.document.source;
    let header = format!(
        "# Canonical model of revision {} — generated, do not edit.\n\
         # Source: {} (sha256 {})\n\
         # Regenerate: cargo run --release -- build\n",
        catalog.document.version, s.file, s.sha256
    );
    yaml::to_yaml(catalog, &header)
}
