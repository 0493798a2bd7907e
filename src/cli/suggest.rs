//! `marginalia suggest PROJECT.ron [--from NAME,...] [--into model:NAME]`

use std::path::PathBuf;

use super::output::{CliError, print};
use crate::io::{load_project, save_project};
use crate::suggest::{DEFAULT_LAYER, check_layer_name, suggestion_edit, suggestions};

/// Arguments of `suggest`.
#[derive(Debug, clap::Args)]
pub struct SuggestArgs {
    /// The project (its suggestion layer is replaced; nothing else changes).
    pub project: PathBuf,
    /// Annotators whose spans are remembered (default: all human annotators).
    #[arg(long, value_delimiter = ',', value_name = "NAME,...")]
    pub from: Vec<String>,
    /// The layer to write, a `model:` layer.
    #[arg(long, value_name = "model:NAME", default_value = DEFAULT_LAYER)]
    pub into: String,
}

/// Writes the suggestion layer and reports how many suggestions it holds.
pub fn run(args: &SuggestArgs) -> Result<(), CliError> {
    let into = args.into.as_str();
    check_layer_name(into).map_err(|why| CliError::Message(format!("--into {into:?}: {why}")))?;
    let mut project = load_project(&args.project)?;
    let from = if args.from.is_empty() {
        project.human_annotators()
    } else {
        let known = project.annotators();
        let unknown: Vec<&str> = args
            .from
            .iter()
            .filter(|name| !known.contains(name))
            .map(String::as_str)
            .collect();
        if !unknown.is_empty() {
            return Err(CliError::Message(format!(
                "{}: no layers by --from annotator(s) {}",
                args.project.display(),
                unknown.join(", ")
            )));
        }
        if args.from.iter().any(|name| name == into) {
            return Err(CliError::Message(format!(
                "--from cannot include the layer being written ({into})"
            )));
        }
        args.from.clone()
    };
    let found = suggestions(&project, &from);
    let documents = found.iter().filter(|(_, spans)| !spans.is_empty()).count();
    let written: usize = found.iter().map(|(_, spans)| spans.len()).sum();
    if let Some(edit) = suggestion_edit(&project, into, found) {
        edit.apply(&mut project)
            .map_err(|err| CliError::Message(err.to_string()))?;
        save_project(&project, &args.project)?;
    }
    print(&format!(
        "wrote {written} suggestions in {documents} documents to layer {into} (remembering {})\n",
        if from.is_empty() {
            "no annotators".to_owned()
        } else {
            from.join(", ")
        }
    ))
}
