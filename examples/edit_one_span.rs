//! One span edited the way the window edits it: the project opened with
//! [`Session::open`], one [`Edit`] applied, then [`Session::save`]. A folder
//! project rewrites that one layer file, a single file the whole file. Used
//! by `scripts/git_folder_figures.sh` for its one-span commits:
//!
//! ```text
//! cargo run --release --example edit_one_span -- /tmp/big.marginalia 17 1
//! ```

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use marginalia::edit::Edit;
use marginalia::session::Session;

/// Changes one span of a project and saves it: the first span of the N-th
/// document's layer (its end moves one code point in, or out when the span
/// is one code point long).
#[derive(Debug, Parser)]
struct Args {
    /// The project, a single file or a folder project.
    path: PathBuf,
    /// The document, by its place in the project (0 is the first).
    document: usize,
    /// The layer of that document, by its place in annotator order.
    #[arg(default_value_t = 0)]
    layer: usize,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<(), String> {
    let mut session = Session::open(&args.path).map_err(|err| err.to_string())?;
    let (edit, described) = {
        let project = session.snapshot();
        let doc = project
            .documents
            .get(args.document)
            .ok_or_else(|| format!("no document number {}", args.document))?;
        let (annotator, layer) = doc
            .layers
            .iter()
            .nth(args.layer)
            .ok_or_else(|| format!("document {} has no layer number {}", doc.id, args.layer))?;
        let before = layer
            .spans
            .first()
            .ok_or_else(|| format!("layer {annotator} of {} has no span", doc.id))?
            .clone();
        let mut after = before.clone();
        after.end = if after.end - after.start > 1 {
            after.end - 1
        } else {
            after.end + 1
        };
        let described = format!(
            "document {}, layer {annotator}: span {} ends at {} (was {})",
            doc.id, before.id, after.end, before.end
        );
        let edit = Edit::ChangeSpan {
            doc: doc.id.clone(),
            annotator: annotator.clone(),
            before,
            after,
        };
        (edit, described)
    };
    session.apply(edit).map_err(|err| err.to_string())?;
    let started = Instant::now();
    session.save().map_err(|err| err.to_string())?;
    eprintln!(
        "{described}; saved in {:.3} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
