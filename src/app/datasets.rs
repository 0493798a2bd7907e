//! The dataset dialogs in the app: creating a project from documents,
//! importing annotations (one undo step; labels the schema lacks are asked
//! about, not failed on) and exporting, each as a background job.

use std::fmt::Write;

use egui::Context;

use super::MarginaliaApp;
use super::jobs::Finish;
use crate::edit::towards::edit_towards;
use crate::io::documents::project_from_paths;
use crate::io::export::export_project;
use crate::io::formats::brat;
use crate::io::import::{ImportOptions, ImportSummary, apply_records, missing_required_warning};
use crate::io::jsonl::parse_jsonl;
use crate::io::output_guard::refuse_output_over_inputs;
use crate::io::read::read_text;
use crate::io::{load_schema, save_project};
use crate::model::{Project, Schema};
use crate::ui::commands::{Action, UiCommand};
use crate::ui::requests::{ExportRequest, ImportFormat, ImportRequest, NewProjectRequest};
use crate::ui::windows::confirm::Question;
use crate::ui::words::counted;

impl MarginaliaApp {
    /// Opens the dialog of a File menu dataset command.
    pub(super) fn open_dataset_dialog(&mut self, command: UiCommand) {
        let annotators = self.session.project.annotators();
        match command {
            UiCommand::NewProject => self.dialogs.new_project.open(),
            UiCommand::ImportAnnotations => self.dialogs.import.open_for(&self.settings.annotator),
            UiCommand::Export => self.dialogs.export.open_for(
                &self.session.project.schema,
                &annotators,
                &self.settings.annotator,
            ),
            _ => {}
        }
    }

    /// Whether a dataset dialog is open (the annotation keys rest then).
    pub(super) fn dataset_dialog_open(&self) -> bool {
        self.dialogs.new_project.open
            || self.dialogs.import.open
            || self.dialogs.export.open
            || self.suggestions_dialog.open
    }

    /// Draws the dataset dialogs.
    pub(super) fn dataset_dialogs_ui(&mut self, ctx: &Context, actions: &mut Vec<Action>) {
        let annotators = self.session.project.annotators();
        self.dialogs.new_project.show(ctx, actions);
        self.dialogs
            .import
            .show(ctx, &annotators, &self.settings.annotator, actions);
        self.dialogs
            .export
            .show(ctx, &self.session.project, &annotators, actions);
    }

    /// Creates the project in the background, then opens it.
    pub(super) fn start_new_project(&mut self, ctx: &Context, request: NewProjectRequest) {
        let label = format!("Creating {}", request.path.display());
        self.run_file_job(ctx, &label, move |progress| {
            progress.set(0, 2);
            let created = create_project(&request);
            progress.set(1, 2);
            Box::new(
                move |app: &mut MarginaliaApp, ctx: &Context| match created {
                    Ok(documents) => {
                        app.apply(ctx, Action::OpenProject(request.path.clone()));
                        app.say(format!(
                            "Created {} with {documents} documents",
                            request.path.display()
                        ));
                    }
                    Err(err) => app.complain(format!("Not created: {err}")),
                },
            ) as Finish
        });
    }

    /// Imports in the background on a copy of the project, then applies
    /// the result as one undoable edit.
    pub(super) fn start_import(&mut self, ctx: &Context, request: ImportRequest) {
        let project = self.session.snapshot();
        let label = format!("Importing {}", request.path.display());
        self.run_job(ctx, &label, move |progress| {
            progress.set(0, 1);
            let imported = import_copy(&project, &request);
            progress.set(1, 1);
            Box::new(move |app: &mut MarginaliaApp, _: &Context| {
                app.finish_import(request, imported);
            }) as Finish
        });
    }

    fn finish_import(
        &mut self,
        request: ImportRequest,
        imported: Result<(Project, ImportSummary), String>,
    ) {
        let (target, summary) = match imported {
            Ok(done) => done,
            Err(err) => {
                self.complain(format!("Not imported: {err}"));
                return;
            }
        };
        let grows = !summary.labels_added.is_empty() || !summary.references_added.is_empty();
        if grows && !request.extend_schema {
            self.question = Some(Question::ExtendSchema {
                labels: summary.labels_added.clone(),
                references: summary.references_added.clone(),
                request,
            });
            return;
        }
        let edit = match edit_towards(&self.session.project, &target) {
            Ok(edit) => edit,
            Err(err) => {
                self.complain(format!("Not imported: {err}"));
                return;
            }
        };
        let Some(edit) = edit else {
            self.say("The import changes nothing: the project already holds it");
            return;
        };
        if !self.edit(edit) {
            return;
        }
        let mut text = format!(
            "Imported {} spans in {} layers, {} new documents (one undo step)",
            summary.spans, summary.layers, summary.documents_added
        );
        if !summary.labels_added.is_empty() {
            let _ = write!(text, "; added labels {}", summary.labels_added.join(", "));
        }
        if !summary.references_added.is_empty() {
            let _ = write!(
                text,
                "; added span references {}",
                summary.references_added.join(", ")
            );
        }
        for note in &summary.notes {
            let _ = write!(text, "; {note}");
        }
        if let Some(warning) = missing_required_warning(&target, &summary) {
            let _ = write!(text, "; {warning}");
        }
        self.say(text);
    }

    /// Exports in the background; the status bar shows the progress.
    pub(super) fn start_export(&mut self, ctx: &Context, request: ExportRequest) {
        // As on the command line: never over the open project's file.
        let inputs: Vec<&std::path::Path> = self.session.path().into_iter().collect();
        if let Err(err) =
            refuse_output_over_inputs(&request.out, request.options.output_kind(), &inputs)
        {
            self.complain(format!("Not exported: {err}"));
            return;
        }
        let project = self.session.snapshot();
        let label = format!("Exporting {}", request.out.display());
        self.run_file_job(ctx, &label, move |progress| {
            let report =
                export_project(&project, &request.options, &request.out, &|done, total| {
                    progress.set(done, total);
                });
            let out = request.out.display().to_string();
            Box::new(move |app: &mut MarginaliaApp, _: &Context| match report {
                Ok(report) => {
                    let files = counted(report.files.len(), "file");
                    let mut text = format!(
                        "Exported {} documents, {} spans to {out} ({files})",
                        report.documents, report.spans
                    );
                    for note in &report.notes {
                        let _ = write!(text, "; {note}");
                    }
                    app.say(text);
                }
                Err(err) => app.complain(format!("Not exported: {err}")),
            }) as Finish
        });
    }
}

/// Builds and saves the project; returns how many documents it has.
fn create_project(request: &NewProjectRequest) -> Result<usize, String> {
    if request.path.exists() {
        return Err(format!("{} exists already", request.path.display()));
    }
    let schema = match &request.schema {
        Some(path) => load_schema(path).map_err(|e| e.to_string())?,
        None => Schema::builtin(),
    };
    let project =
        project_from_paths(Project::new(schema), &request.docs).map_err(|e| e.to_string())?;
    save_project(&project, &request.path).map_err(|e| e.to_string())?;
    Ok(project.documents.len())
}

/// The project with the import applied, found on a copy. Labels the schema
/// lacks are added (the caller asks before keeping them).
fn import_copy(
    project: &Project,
    request: &ImportRequest,
) -> Result<(Project, ImportSummary), String> {
    let options = ImportOptions {
        annotator: request.annotator.clone(),
        extend_schema: true,
    };
    let path = &request.path;
    match request.format {
        ImportFormat::Jsonl => {
            let text = read_text(path).map_err(|e| e.to_string())?;
            let records = parse_jsonl(&text, path).map_err(|e| e.to_string())?;
            apply_records(project, &records, &options, path).map_err(|e| e.to_string())
        }
        ImportFormat::Brat => brat::import_dir(project, path, &options).map_err(|e| e.to_string()),
    }
}
