//! `marginalia export PROJECT.ron --format jsonl --out PATH
//! [--annotator NAME | --gold] [--split train=0.8,dev=0.1,test=0.1 --seed N]`

use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::output::{CliError, print};
use crate::io::atomic::write_atomic;
use crate::io::jsonl::record_line;
use crate::io::{FileError, load_project};
use crate::model::{Document, GOLD, Project};

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Our JSONL interchange (re-importable exactly).
    Jsonl,
}

/// Arguments of `export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The project.
    pub project: PathBuf,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: Format,
    /// Output file (`-` for standard output), or folder with `--split`.
    #[arg(long)]
    pub out: PathBuf,
    /// Export only this annotator's layers.
    #[arg(long, conflicts_with = "gold")]
    pub annotator: Option<String>,
    /// Export only the gold layers.
    #[arg(long)]
    pub gold: bool,
    /// Split documents into named parts, e.g. `train=0.8,dev=0.1,test=0.1`.
    #[arg(long, value_parser = parse_split)]
    pub split: Option<Split>,
    /// Seed of the document shuffle for `--split`.
    #[arg(long, default_value_t = 0, requires = "split")]
    pub seed: u64,
}

/// Named fractions of a split, in the order given.
#[derive(Debug, Clone, PartialEq)]
pub struct Split(pub Vec<(String, f64)>);

/// Parses `name=fraction,...`; fractions must be positive and sum to 1.
pub fn parse_split(spec: &str) -> Result<Split, String> {
    let mut parts = Vec::new();
    for part in spec.split(',') {
        let (name, fraction) = part
            .split_once('=')
            .ok_or_else(|| format!("{part:?} is not name=fraction"))?;
        let name = name.trim();
        if name.is_empty() || !crate::model::schema::is_valid_name(name) {
            return Err(format!("{name:?} is not a valid part name"));
        }
        let fraction: f64 = fraction
            .trim()
            .parse()
            .map_err(|_| format!("{fraction:?} is not a number"))?;
        if !(fraction > 0.0 && fraction <= 1.0) {
            return Err(format!("fraction {fraction} of {name:?} must be in (0, 1]"));
        }
        if parts.iter().any(|(n, _)| n == name) {
            return Err(format!("part {name:?} is named twice"));
        }
        parts.push((name.to_owned(), fraction));
    }
    let total: f64 = parts.iter().map(|(_, f)| f).sum();
    if (total - 1.0).abs() > 1e-6 {
        return Err(format!("fractions sum to {total}, not 1"));
    }
    Ok(Split(parts))
}

/// Exports the project.
pub fn run(args: &ExportArgs) -> Result<(), CliError> {
    let project = load_project(&args.project)?;
    let only = if args.gold {
        Some(GOLD.to_owned())
    } else {
        args.annotator.clone()
    };
    if let Some(name) = &only
        && !project.annotators().contains(name)
    {
        return Err(CliError::Message(format!(
            "{}: no layer for annotator {name:?} (annotators: {})",
            args.project.display(),
            project.annotators().join(", ")
        )));
    }
    match &args.split {
        None => {
            let text = jsonl_lines(&project.documents, only.as_deref());
            write_output(&args.out, &text)
        }
        Some(split) => {
            if args.out.as_os_str() == "-" {
                return Err(CliError::Message(
                    "--split writes a folder; --out cannot be -".into(),
                ));
            }
            let parts = split_documents(&project, split, args.seed);
            if args.out.is_file() {
                return Err(
                    FileError::new(&args.out, "is a file, but --split needs a folder").into(),
                );
            }
            fs::create_dir_all(&args.out)
                .map_err(|err| FileError::new(&args.out, format!("cannot create folder: {err}")))?;
            for (name, docs) in &parts {
                let text = jsonl_lines(docs.iter().copied(), only.as_deref());
                write_atomic(&args.out.join(format!("{name}.jsonl")), text.as_bytes())?;
            }
            Ok(())
        }
    }
}

/// One line per (document, layer), or per document with `only`'s layer.
fn jsonl_lines<'a>(docs: impl IntoIterator<Item = &'a Document>, only: Option<&str>) -> String {
    let mut out = String::new();
    for doc in docs {
        for (annotator, layer) in &doc.layers {
            if only.is_none_or(|name| name == annotator) {
                out.push_str(&record_line(doc, annotator, layer));
                out.push('\n');
            }
        }
    }
    out
}

fn write_output(out: &Path, text: &str) -> Result<(), CliError> {
    if out.as_os_str() == "-" {
        print(text)
    } else {
        Ok(write_atomic(out, text.as_bytes())?)
    }
}

/// Splits documents into the named parts: shuffled by a seeded hash of their
/// ids (stable across runs and versions), then cut by largest remainder.
pub fn split_documents<'a>(
    project: &'a Project,
    split: &Split,
    seed: u64,
) -> Vec<(String, Vec<&'a Document>)> {
    let mut order: Vec<(Vec<u8>, &Document)> = project
        .documents
        .iter()
        .map(|doc| {
            let mut hasher = Sha256::new();
            hasher.update(seed.to_le_bytes());
            hasher.update(doc.id.as_str().as_bytes());
            (hasher.finalize().to_vec(), doc)
        })
        .collect();
    order.sort_by(|a, b| a.0.cmp(&b.0));
    let n = order.len();
    let exact: Vec<f64> = split.0.iter().map(|(_, f)| f * n as f64).collect();
    let mut counts: Vec<usize> = exact.iter().map(|x| x.floor() as usize).collect();
    let mut by_remainder: Vec<usize> = (0..counts.len()).collect();
    by_remainder
        .sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())));
    for &i in by_remainder
        .iter()
        .cycle()
        .take(n - counts.iter().sum::<usize>())
    {
        counts[i] += 1;
    }
    let mut docs = order.into_iter().map(|(_, d)| d);
    split
        .0
        .iter()
        .zip(counts)
        .map(|((name, _), count)| (name.clone(), docs.by_ref().take(count).collect()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_specs_must_name_positive_fractions_summing_to_one() {
        let split = parse_split("train=0.8,dev=0.1,test=0.1").expect("valid");
        assert_eq!(split.0[0], ("train".to_owned(), 0.8));
        assert!(
            parse_split("train=0.8,dev=0.1")
                .expect_err("sum")
                .contains("sum to")
        );
        assert!(parse_split("train=1.2,dev=-0.2").is_err());
        assert!(parse_split("train").is_err());
        assert!(
            parse_split("a=0.5,a=0.5")
                .expect_err("twice")
                .contains("twice")
        );
    }

    #[test]
    fn splits_cover_every_document_once_and_depend_on_the_seed() {
        let mut project = Project::new(crate::model::Schema::builtin());
        for i in 0..10 {
            project.documents.push(Document::new(
                format!("d{i}").as_str().into(),
                String::new(),
                std::collections::BTreeMap::new(),
                "x".into(),
            ));
        }
        let split = parse_split("train=0.8,dev=0.1,test=0.1").expect("valid");
        let parts = split_documents(&project, &split, 7);
        let sizes: Vec<usize> = parts.iter().map(|(_, d)| d.len()).collect();
        assert_eq!(sizes, [8, 1, 1]);
        let mut ids: Vec<&str> = parts
            .iter()
            .flat_map(|(_, d)| d.iter().map(|d| d.id.as_str()))
            .collect();
        ids.sort_unstable();
        assert_eq!(ids.len(), 10);
        ids.dedup();
        assert_eq!(ids.len(), 10);
        let again = split_documents(&project, &split, 7);
        assert_eq!(parts, again);
        let other = split_documents(&project, &split, 8);
        assert_ne!(parts, other);
    }
}
