//! Right panel, bottom: a sortable table of the document's spans in the
//! current layer, a link shown after the text by what it points to;
//! clicking a row selects the span and scrolls to it.

use egui::text::LayoutJob;
use egui::{Align, FontSelection, RichText, Ui};
use egui_extras::{Column, TableBuilder};

use crate::model::offsets::slice_chars;
use crate::model::{DocId, Schema, Span, SpanId};
use crate::ui::commands::Action;
use crate::ui::theme;
use crate::ui::widgets::attr_text::shown_attributes;

/// Columns the table can be sorted by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortColumn {
    /// Span id.
    Id,
    /// Label name.
    Label,
    /// Start offset (the default, text order).
    #[default]
    Start,
    /// Covered text.
    Text,
}

/// The table's sort order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortOrder {
    /// Column.
    pub column: SortColumn,
    /// Ascending or descending.
    pub ascending: bool,
}

impl Default for SortOrder {
    fn default() -> Self {
        Self {
            column: SortColumn::Start,
            ascending: true,
        }
    }
}

/// Indices of `spans` in the requested order.
pub fn sorted_rows(spans: &[Span], text: &str, order: SortOrder) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..spans.len()).collect();
    let covered = |s: &Span| {
        slice_chars(text, s.start, s.end)
            .unwrap_or_default()
            .to_lowercase()
    };
    match order.column {
        SortColumn::Id => rows.sort_by_key(|&i| (spans[i].id.number(), spans[i].id.clone())),
        SortColumn::Label => {
            rows.sort_by(|&a, &b| spans[a].label.cmp(&spans[b].label).then(a.cmp(&b)));
        }
        SortColumn::Start => {}
        SortColumn::Text => rows.sort_by_cached_key(|&i| (covered(&spans[i]), i)),
    }
    if !order.ascending {
        rows.reverse();
    }
    rows
}

/// What a row order was computed for: document, layer, edit generation
/// and sort order.
pub type RowOrderKey = (DocId, String, u64, SortOrder);

/// The table's row order, recomputed only when the spans or the sort order
/// change (sorting 20,000 covered texts every frame would not be instant).
#[derive(Debug, Default)]
pub struct RowOrderCache {
    key: Option<RowOrderKey>,
    rows: Vec<usize>,
}

impl RowOrderCache {
    /// The row order for `key`, from the cache when it is still valid.
    pub fn rows(&mut self, key: RowOrderKey, spans: &[Span], text: &str) -> &[usize] {
        if self.key.as_ref() != Some(&key) {
            self.rows = sorted_rows(spans, text, key.3);
            self.key = Some(key);
        }
        &self.rows
    }
}

/// Draws the table; `rows` is the display order of `spans`.
#[allow(clippy::too_many_arguments)]
pub fn span_table_ui(
    ui: &mut Ui,
    schema: &Schema,
    text: &str,
    spans: &[Span],
    rows: &[usize],
    selected: Option<&SpanId>,
    order: &mut SortOrder,
    actions: &mut Vec<Action>,
) {
    let header = |ui: &mut Ui, order: &mut SortOrder, column: SortColumn, name: &str| {
        let arrow = match (order.column == column, order.ascending) {
            (true, true) => " ⏶",
            (true, false) => " ⏷",
            (false, _) => "",
        };
        if ui
            .button(RichText::new(format!("{name}{arrow}")).strong())
            .clicked()
        {
            *order = SortOrder {
                column,
                ascending: order.column != column || !order.ascending,
            };
        }
    };
    ui.scope(|ui| {
        // A click anywhere on a row selects it: the cells' text is not
        // selectable, else a click on it would select text instead.
        ui.style_mut().interaction.selectable_labels = false;
        TableBuilder::new(ui)
            .id_salt("span_table")
            .striped(true)
            .sense(egui::Sense::click())
            .column(Column::exact(44.0))
            .column(Column::exact(58.0))
            .column(Column::exact(64.0))
            .column(Column::remainder().clip(true))
            .header(22.0, |mut row| {
                row.col(|ui| header(ui, order, SortColumn::Id, "Id"));
                row.col(|ui| header(ui, order, SortColumn::Label, "Label"));
                row.col(|ui| header(ui, order, SortColumn::Start, "Start"));
                row.col(|ui| header(ui, order, SortColumn::Text, "Text"));
            })
            .body(|body| {
                body.rows(20.0, rows.len(), |mut row| {
                    let span = &spans[rows[row.index()]];
                    row.set_selected(selected == Some(&span.id));
                    row.col(|ui| {
                        ui.label(span.id.as_str());
                    });
                    row.col(|ui| {
                        let color = schema
                            .label(&span.label)
                            .map_or(ui.visuals().text_color(), theme::label_color);
                        ui.label(RichText::new(&span.label).color(color));
                    });
                    row.col(|ui| {
                        ui.label(span.start.to_string());
                    });
                    row.col(|ui| {
                        let covered = slice_chars(text, span.start, span.end).unwrap_or_default();
                        cell_text_ui(ui, schema, text, spans, span, covered);
                    });
                    if row.response().clicked() {
                        actions.push(Action::SelectSpan {
                            id: Some(span.id.clone()),
                            scroll: true,
                        });
                    }
                });
            });
    });
}

/// The text cell of `span`'s row: the covered text, then each link by
/// what it points to (italic; its ids on hover); one label, elided by the
/// cell.
fn cell_text_ui(
    ui: &mut Ui,
    schema: &Schema,
    text: &str,
    spans: &[Span],
    span: &Span,
    covered: &str,
) {
    let links: Vec<(String, String)> = shown_attributes(schema, text, spans, span)
        .into_iter()
        .filter_map(|shown| {
            let ids = shown.ids?;
            Some((
                format!("{}: {}", shown.name, shown.value),
                format!("{}: {ids}", shown.name),
            ))
        })
        .collect();
    let covered = covered.replace(['\n', '\r'], " ");
    if links.is_empty() {
        ui.label(covered);
        return;
    }
    let mut job = LayoutJob::default();
    let style = ui.style();
    RichText::new(covered).append_to(&mut job, style, FontSelection::Default, Align::Center);
    for (shown, _) in &links {
        RichText::new(format!("  {shown}"))
            .italics()
            .weak()
            .append_to(&mut job, style, FontSelection::Default, Align::Center);
    }
    let ids: Vec<&str> = links.iter().map(|(_, ids)| ids.as_str()).collect();
    ui.label(job).on_hover_text(ids.join("\n"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_sort_by_each_column_both_ways() {
        let text = "Bob met alice";
        let spans = vec![
            Span::new(SpanId::from("T10"), 0, 3, "actor"),
            Span::new(SpanId::from("T2"), 8, 13, "actor"),
            Span::new(SpanId::from("T3"), 4, 7, "claim"),
        ];
        let by = |column, ascending| sorted_rows(&spans, text, SortOrder { column, ascending });
        assert_eq!(by(SortColumn::Start, true), [0, 1, 2]);
        assert_eq!(by(SortColumn::Id, true), [1, 2, 0]);
        assert_eq!(by(SortColumn::Label, false), [2, 1, 0]);
        assert_eq!(by(SortColumn::Text, true), [1, 0, 2]);
    }
}
