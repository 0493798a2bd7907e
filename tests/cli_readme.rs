//! The README's commands run as written: every `marginalia` line of its
//! `sh` blocks, in the order shown, in a fresh folder holding only the
//! repository's data (seeds, schemas and the demo's layers), as on a
//! machine that has just cloned it.

mod common;

use std::fs;

use common::{Scratch, copy_tree, repo};

/// The command lines of the README's `sh` blocks that run `marginalia`,
/// each split into its arguments (after `marginalia`).
fn readme_marginalia_commands() -> Vec<Vec<String>> {
    let readme = fs::read_to_string(repo().join("README.md")).expect("README");
    let mut commands = Vec::new();
    let mut in_sh_block = false;
    for line in readme.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            in_sh_block = !in_sh_block && trimmed == "```sh";
            continue;
        }
        let command = trimmed.split(" #").next().unwrap_or_default();
        if in_sh_block && let Some(args) = command.strip_prefix("marginalia ") {
            assert!(
                !args.contains(['"', '\'', '$', '|', '>', '<', '*']),
                "run it through a shell then: {line}"
            );
            commands.push(args.split_whitespace().map(str::to_owned).collect());
        }
    }
    commands
}

#[test]
fn every_marginalia_command_of_the_readme_runs_as_written_on_a_fresh_clone() {
    let commands = readme_marginalia_commands();
    assert!(!commands.is_empty(), "the README shows marginalia commands");
    let scratch = Scratch::new();
    for data in ["seeds", "schemas", "projects/demo"] {
        copy_tree(&repo().join(data), &scratch.path(data));
    }
    for args in &commands {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        scratch.run_ok(&args);
    }
    assert!(
        scratch.read("projects/diplomacy-demo.ron")
            == fs::read(repo().join("projects/diplomacy-demo.ron")).expect("demo"),
        "the README's commands rebuild the demo project byte for byte"
    );
}
