//! Reading the command line. `marginalia PROJECT.ron` opens a project, so
//! clap alone would take a mistyped subcommand (`marginalia exprot P.ron`)
//! for a project path; a first argument that names no existing file and
//! does not end in `.ron` is reported as an unknown subcommand instead, with
//! clap's own "a similar subcommand exists" tip.

use std::ffi::OsString;
use std::path::Path;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, Parser};

use super::Cli;

/// Smallest Jaro similarity for a suggestion (clap's own threshold).
const SIMILAR: f64 = 0.7;

/// Parses `args` (the program name first), or the error clap would print
/// (exit status 2).
pub fn parse_args<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    if let Some(first) = args.get(1).and_then(|a| a.to_str())
        && let Some(err) = unknown_subcommand(first)
    {
        return Err(err);
    }
    Cli::try_parse_from(args)
}

/// The error for `word` as a first argument, when it is neither an option,
/// a subcommand, an existing path nor a `.ron` file name.
fn unknown_subcommand(word: &str) -> Option<clap::Error> {
    let mut command = Cli::command();
    let names: Vec<String> = command
        .get_subcommands()
        .flat_map(|s| std::iter::once(s.get_name()).chain(s.get_all_aliases()))
        .map(str::to_owned)
        .chain(["help".to_owned()])
        .collect();
    let is_project = Path::new(word).exists()
        || Path::new(word)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("ron"));
    if word.starts_with('-') || names.iter().any(|n| n == word) || is_project {
        return None;
    }
    let mut err = clap::Error::new(ErrorKind::InvalidSubcommand).with_cmd(&command.clone());
    err.insert(
        ContextKind::InvalidSubcommand,
        ContextValue::String(word.to_owned()),
    );
    let best = names
        .iter()
        .map(|n| (strsim::jaro(word, n), n))
        .filter(|(score, _)| *score > SIMILAR)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    if let Some((_, name)) = best {
        err.insert(
            ContextKind::SuggestedSubcommand,
            ContextValue::String(name.clone()),
        );
    }
    err.insert(
        ContextKind::Usage,
        ContextValue::StyledStr(command.render_usage()),
    );
    Some(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(args: &[&str]) -> String {
        parse_args(std::iter::once("marginalia").chain(args.iter().copied()))
            .expect_err("refused")
            .to_string()
    }

    #[test]
    fn a_mistyped_subcommand_is_named_with_the_similar_one() {
        let text = message(&["exprot", "P.ron"]);
        assert!(text.contains("unrecognized subcommand 'exprot'"), "{text}");
        assert!(
            text.contains("similar subcommand exists: 'export'"),
            "{text}"
        );
        let text = message(&["agre"]);
        assert!(text.contains("'agree'"), "{text}");
        let text = message(&["frobnicate"]);
        assert!(!text.contains("similar"), "{text}");
    }

    #[test]
    fn project_files_and_subcommands_still_parse() {
        let cli = parse_args(["marginalia", "p.ron", "--annotator", "ann"]).expect("parses");
        assert_eq!(cli.project.as_deref(), Some(Path::new("p.ron")));
        assert!(parse_args(["marginalia", "stats", "p.ron"]).is_ok());
        assert!(parse_args(["marginalia"]).is_ok());
        let help = parse_args(["marginalia", "export", "--help"]).expect_err("help");
        assert_eq!(help.kind(), ErrorKind::DisplayHelp);
        assert!(help.to_string().contains("Export a labelled dataset"));
    }
}
