//! The build: every revision read, checked and rendered in memory. Each pair of consecutive
//! revisions is diffed once ([`crate::release::Series`]) and handed to the renderers (the
//! crate's version) and the notes; the [`History`] built on it (since, changed in, tombstones)
//! to the renderers; nothing is written here ([`super::write`] does that, `check` compares).

use std::collections::BTreeMap;

use super::project::{missing_names, Project, Revision, GENERATED};
use super::store::{self, Store};
use crate::error::Error;
use crate::history::History;
use crate::model::names::Names;
use crate::model::{identifiers, yaml, Catalog};
use crate::normalize::{Diagnostic, Severity};
use crate::parallel;
use crate::render;

/// The files `build` writes, by path relative to the root (`generated/...`), with their bytes.
pub type Outputs = BTreeMap<String, Vec<u8>>;

impl Project {
    /// Everything `build` writes, computed in memory. Refuses on source errors that no erratum
    /// corrects, on names missing from `names.yaml`, and on warnings when `deny_warnings`.
    ///
    /// Work that does not need what comes before it runs beside it (issue 16): `names.yaml`
    /// and the published identifiers are read while the sources are, and the revisions' YAML
    /// is written while the rest is computed. Results are taken in the order of a run done
    /// step by step (sources, names, each revision's checks and YAML, identifiers, the
    /// series, the targets, the notes), so the error is the one that run would stop at.
    pub fn outputs(&self, deny_warnings: bool) -> Result<(Outputs, Vec<Diagnostic>), Error> {
        let (names, revisions) = parallel::join(
            || {
                let (names_file, names) = self.names()?;
                let published = self.publish(names_file.clone(), &names);
                Ok::<_, Error>((names_file, names, published))
            },
            || self.revisions(),
        );
        let revisions = revisions?;
        let (names_file, names, published) = names?;
        let refused = revisions
            .iter()
            .enumerate()
            .find_map(|(k, rev)| refusal(rev, deny_warnings, &names, &names_file).map(|e| (k, e)));
        if let Some((k, refused)) = refused {
            // The revisions before the refused one had their YAML written first.
            for rev in &revisions[..k] {
                catalog_yaml(&rev.catalog)?;
            }
            return Err(refused);
        }
        let all: Vec<Diagnostic> = revisions
            .iter()
            .flat_map(|rev| rev.diagnostics.iter().cloned())
            .collect();
        let catalogs: Vec<Catalog> = revisions.into_iter().map(|r| r.catalog).collect();
        let rest = || -> Result<Outputs, Error> {
            let identifiers = published?;
            let mut outputs = Outputs::new();
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
            Ok(outputs)
        };
        let (yaml, rest) = parallel::join(
            || {
                catalogs
                    .iter()
                    .map(|c| Ok((c.document.version.clone(), catalog_yaml(c)?)))
                    .collect::<Result<Vec<_>, yaml::YamlError>>()
            },
            rest,
        );
        let mut outputs = Outputs::new();
        for (version, text) in yaml? {
            outputs.insert(
                format!("generated/catalog/{version}.yaml"),
                text.into_bytes(),
            );
        }
        outputs.extend(rest?);
        let manifest =
            Store::manifest_text(outputs.keys().filter_map(|k| k.strip_prefix("generated/")));
        outputs.insert(
            format!("{GENERATED}/{}", store::MANIFEST),
            manifest.into_bytes(),
        );
        Ok((outputs, all))
    }
}

/// Why `build` refuses a revision, if it does: a source error no erratum corrects (or a warning
/// with `deny_warnings`), or names missing from `names.yaml`.
fn refusal(rev: &Revision, deny_warnings: bool, names: &Names, names_file: &str) -> Option<Error> {
    let blocking = rev.diagnostics.iter().any(|d| d.blocks())
        || (deny_warnings
            && rev
                .diagnostics
                .iter()
                .any(|d| d.severity == Severity::Warning));
    if blocking {
        return Some(Error::Refused {
            file: rev.catalog.document.source.file.clone(),
            diagnostics: rev.diagnostics.clone(),
        });
    }
    let missing = names.missing(&rev.catalog);
    (!missing.is_empty()).then(|| missing_names(names_file, &missing))
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
