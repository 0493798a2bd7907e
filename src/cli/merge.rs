//! `marginalia merge OUT.ron IN.ron...`: bring annotators' copies of a
//! project back together. Documents are matched by id and SHA-256; layers
//! are united; the same layer with different content in two inputs is a
//! conflict, reported instead of silently picking one.

use std::path::PathBuf;

use super::output::{CliError, print};
use crate::io::{FileError, load_project, save_project};
use crate::model::Project;

/// Arguments of `merge`.
#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// The merged project to write.
    pub out: PathBuf,
    /// The copies to merge (at least one).
    #[arg(required = true, num_args = 1..)]
    pub inputs: Vec<PathBuf>,
}

/// Merges the inputs into `out`.
pub fn run(args: &MergeArgs) -> Result<(), CliError> {
    let mut merged: Option<(Project, Vec<Vec<PathBuf>>)> = None;
    for path in &args.inputs {
        let project = load_project(path)?;
        let Some((base, origins)) = &mut merged else {
            let origins = project
                .documents
                .iter()
                .map(|d| vec![path.clone(); d.layers.len()])
                .collect();
            merged = Some((project, origins));
            continue;
        };
        if project.schema != base.schema {
            return Err(FileError::new(
                path,
                format!(
                    "its schema differs from the schema of {}; merge needs the same schema",
                    args.inputs[0].display()
                ),
            )
            .into());
        }
        for doc in project.documents {
            let Some(index) = base.documents.iter().position(|d| d.id == doc.id) else {
                origins.push(Vec::new());
                base.documents.push(doc);
                continue;
            };
            let target = &mut base.documents[index];
            if target.sha256 != doc.sha256 {
                return Err(FileError::new(
                    path,
                    format!(
                        "document {:?} has a different text (SHA-256) than in the other inputs",
                        doc.id.as_str()
                    ),
                )
                .into());
            }
            for (annotator, layer) in doc.layers {
                match target.layers.get(&annotator) {
                    Some(existing) if existing != &layer => {
                        return Err(FileError::new(
                            path,
                            format!(
                                "layer {annotator:?} of document {:?} differs from the one in an earlier input; \
                                 keep it in one input only",
                                doc.id.as_str()
                            ),
                        )
                        .into());
                    }
                    Some(_) => {}
                    None => {
                        target.layers.insert(annotator, layer);
                        origins[index].push(path.clone());
                    }
                }
            }
        }
    }
    let (project, _) =
        merged.ok_or_else(|| CliError::Message("merge needs at least one input".into()))?;
    save_project(&project, &args.out)?;
    let layers: usize = project.documents.iter().map(|d| d.layers.len()).sum();
    print(&format!(
        "merged {} inputs into {}: {} documents, {layers} layers, annotators {}\n",
        args.inputs.len(),
        args.out.display(),
        project.documents.len(),
        project.annotators().join(", ")
    ))
}
