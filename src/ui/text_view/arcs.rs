//! Where the arcs of links run within one block, as geometry only (no
//! painting): each text row has a gutter above it with a few lanes; an arc
//! rises from its source into a lane, runs along it and comes down onto its
//! target with the arrowhead. Short arcs take the low lanes and longer ones
//! the higher lanes (interval packing, shortest first), so arcs on one lane
//! never overlap and neither do their labels. A link between rows runs up
//! from its source into the gutter, along it to a margin, down (or up) the
//! margin beside the text, and along the target row's gutter to its
//! target: never over text. Links within a block take the nearer margin;
//! links between blocks the left one (each block draws its part).
//!
//! Coordinates are those of the block's galley; the caller measures where
//! the ends are.

use egui::{Pos2, pos2};

/// Where one end of a link is, seen from the block being laid out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum End {
    /// In this block, on text row `row`, at `x`.
    At {
        /// The row of the block's galley.
        row: usize,
        /// Where the arc meets the span.
        x: f32,
    },
    /// In an earlier block (the arc leaves through the block's top).
    Before,
    /// In a later block (the arc leaves through the block's bottom).
    After,
}

/// One text row: where its gutter ends and where its text begins.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RowGeom {
    /// The bottom of the row's gutter (the lowest lane is just above).
    pub lane_base: f32,
    /// Where arcs meet the text of the row (just above the glyphs).
    pub foot: f32,
}

/// The block's rows and gutters.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockGeom {
    /// The rows, top to bottom.
    pub rows: Vec<RowGeom>,
    /// Where arcs between rows run, left of the text.
    pub margin_x: f32,
    /// Where arcs between rows of the block may run, right of the text.
    pub right_x: f32,
    /// The top edge of the block.
    pub top: f32,
    /// The bottom edge of the block.
    pub bottom: f32,
    /// The height of one lane.
    pub lane_height: f32,
    /// How many lanes a gutter holds.
    pub lanes: usize,
}

/// A link to lay out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ArcRequest {
    /// The caller's number for the link (returned with its path).
    pub id: usize,
    /// Its source.
    pub from: End,
    /// Its target.
    pub to: End,
    /// The width of its label.
    pub label_width: f32,
}

/// The laid-out arc of one link in one block.
#[derive(Debug, Clone, PartialEq)]
pub struct ArcPath {
    /// The request's id.
    pub id: usize,
    /// The line, from the source side to the target side.
    pub points: Vec<Pos2>,
    /// The centre of the label, when it is drawn in this block and a lane
    /// had room for it.
    pub label: Option<Pos2>,
    /// The tip of the arrowhead, when the target is in this block.
    pub arrow: Option<Pos2>,
    /// The lane of the run that carries the label (0 is the lowest).
    pub lane: usize,
}

/// Space kept free either side of a label.
const LABEL_PAD: f32 = 3.0;
/// The narrowest arc between two ends on one row.
const MIN_SPAN: f32 = 8.0;
/// Radius of the rounded corners.
const CORNER: f32 = 4.0;

/// A stretch of a lane one arc runs along.
struct Run {
    request: usize,
    row: usize,
    from: f32,
    to: f32,
    labelled: bool,
}

impl Run {
    /// The extent the run takes on its lane, its label included.
    fn extent(&self, label_width: f32) -> (f32, f32) {
        let (lo, hi) = (self.from.min(self.to), self.from.max(self.to));
        if self.labelled {
            let mid = f32::midpoint(lo, hi);
            let half = label_width / 2.0 + LABEL_PAD;
            (lo.min(mid - half), hi.max(mid + half))
        } else {
            (lo, hi)
        }
    }
}

/// Lays out `requests` in the block `geom`: one path per request.
pub fn layout(geom: &BlockGeom, requests: &[ArcRequest]) -> Vec<ArcPath> {
    let mut runs: Vec<Run> = Vec::new();
    let ends: Vec<(End, End)> = requests.iter().map(|r| spread(r.from, r.to)).collect();
    for (i, &(from, to)) in ends.iter().enumerate() {
        let margin = margin_of(geom, from, to);
        match (from, to) {
            (End::At { row: a, x: xa }, End::At { row: b, x: xb }) if a == b => {
                runs.push(Run {
                    request: i,
                    row: a,
                    from: xa,
                    to: xb,
                    labelled: true,
                });
            }
            _ => {
                if let End::At { row, x } = from {
                    runs.push(Run {
                        request: i,
                        row,
                        from: x,
                        to: margin,
                        labelled: true,
                    });
                }
                if let End::At { row, x } = to {
                    runs.push(Run {
                        request: i,
                        row,
                        from: margin,
                        to: x,
                        labelled: false,
                    });
                }
            }
        }
    }
    let lanes = pack(geom, requests, &mut runs);
    // The lane each request's runs got, source side first.
    let mut placed: Vec<Vec<(usize, usize, bool)>> = vec![Vec::new(); requests.len()];
    for (run, (lane, labelled)) in runs.iter().zip(lanes) {
        placed[run.request].push((run.row, lane, labelled));
    }
    requests
        .iter()
        .zip(&ends)
        .zip(&placed)
        .map(|((request, &(from, to)), runs)| path(geom, request, from, to, runs))
        .collect()
}

/// The margin a link runs along: the nearer one for a link between two
/// rows of the block, else the left one.
fn margin_of(geom: &BlockGeom, from: End, to: End) -> f32 {
    match (from, to) {
        (End::At { x: a, .. }, End::At { x: b, .. })
            if (geom.right_x - a) + (geom.right_x - b)
                < (a - geom.margin_x) + (b - geom.margin_x) =>
        {
            geom.right_x
        }
        _ => geom.margin_x,
    }
}

/// The ends of a link on one row moved apart to [`MIN_SPAN`] (a span and
/// the span it names inside it would meet at one point).
fn spread(from: End, to: End) -> (End, End) {
    match (from, to) {
        (End::At { row: a, x: xa }, End::At { row: b, x: xb })
            if a == b && (xa - xb).abs() < MIN_SPAN =>
        {
            let x = if xa <= xb {
                xb - MIN_SPAN
            } else {
                xb + MIN_SPAN
            };
            (End::At { row: a, x }, to)
        }
        _ => (from, to),
    }
}

/// Gives each run a lane of its row, shortest first, on the lowest lane
/// where it overlaps no run placed before; a run no lane has room for goes
/// on the top lane without its label. Returns each run's lane and whether
/// its label is drawn.
fn pack(geom: &BlockGeom, requests: &[ArcRequest], runs: &mut [Run]) -> Vec<(usize, bool)> {
    let mut order: Vec<usize> = (0..runs.len()).collect();
    order.sort_by(|&a, &b| {
        let length = |r: &Run| (r.to - r.from).abs();
        (runs[a].row, length(&runs[a]))
            .partial_cmp(&(runs[b].row, length(&runs[b])))
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.cmp(&b))
    });
    let lanes = geom.lanes.max(1);
    let mut taken: Vec<Vec<Vec<(f32, f32)>>> = vec![vec![Vec::new(); lanes]; geom.rows.len()];
    let mut result = vec![(0, false); runs.len()];
    for i in order {
        let run = &runs[i];
        let width = requests[run.request].label_width;
        let extent = run.extent(width);
        let free = |lane: &Vec<(f32, f32)>| {
            lane.iter()
                .all(|&(lo, hi)| extent.1 <= lo + 0.5 || hi <= extent.0 + 0.5)
        };
        let Some(row) = taken.get_mut(run.row) else {
            continue;
        };
        if let Some(lane) = row.iter().position(free) {
            row[lane].push(extent);
            result[i] = (lane, run.labelled);
        } else {
            let bare = (run.from.min(run.to), run.from.max(run.to));
            row[lanes - 1].push(bare);
            result[i] = (lanes - 1, false);
        }
    }
    result
}

/// The y of `lane` in `row`'s gutter.
fn lane_y(geom: &BlockGeom, row: usize, lane: usize) -> f32 {
    let base = geom.rows.get(row).map_or(geom.top, |r| r.lane_base);
    base - geom.lane_height * (lane as f32 + 0.5)
}

fn foot(geom: &BlockGeom, row: usize) -> f32 {
    geom.rows.get(row).map_or(geom.top, |r| r.foot)
}

/// The path of one request, given the lanes of its runs (source side
/// first).
fn path(
    geom: &BlockGeom,
    request: &ArcRequest,
    from: End,
    to: End,
    runs: &[(usize, usize, bool)],
) -> ArcPath {
    let edge = |end: End| match end {
        End::Before => geom.top,
        _ => geom.bottom,
    };
    let margin = margin_of(geom, from, to);
    let mut points = Vec::new();
    let mut label = None;
    let mut lane_of_label = 0;
    let mut runs = runs.iter();
    let mut arrow = None;
    match from {
        End::At { row, x } => {
            let &(_, lane, labelled) = runs.next().unwrap_or(&(row, 0, false));
            let y = lane_y(geom, row, lane);
            points.push(pos2(x, foot(geom, row)));
            points.push(pos2(x, y));
            let other = match to {
                End::At { row: r, x: xt } if r == row => xt,
                _ => margin,
            };
            points.push(pos2(other, y));
            lane_of_label = lane;
            if labelled {
                label = Some(pos2(f32::midpoint(x, other), y));
            }
        }
        End::Before | End::After => points.push(pos2(margin, edge(from))),
    }
    match to {
        End::At { row, x } => {
            let same_row = matches!(from, End::At { row: r, .. } if r == row);
            if !same_row {
                let &(_, lane, _) = runs.next().unwrap_or(&(row, 0, false));
                let y = lane_y(geom, row, lane);
                points.push(pos2(margin, y));
                points.push(pos2(x, y));
            }
            let tip = pos2(x, foot(geom, row));
            points.push(tip);
            arrow = Some(tip);
        }
        End::Before | End::After => points.push(pos2(margin, edge(to))),
    }
    points.dedup();
    ArcPath {
        id: request.id,
        points: rounded(&points, CORNER),
        label,
        arrow,
        lane: lane_of_label,
    }
}

/// `points` with each corner rounded (a short quadratic curve of radius
/// up to `radius`, never more than half of either side).
fn rounded(points: &[Pos2], radius: f32) -> Vec<Pos2> {
    if points.len() < 3 {
        return points.to_vec();
    }
    let mut out = vec![points[0]];
    for w in points.windows(3) {
        let (before, corner, after) = (w[0], w[1], w[2]);
        let reach = radius
            .min(before.distance(corner) / 2.0)
            .min(corner.distance(after) / 2.0);
        if reach < 0.5 {
            out.push(corner);
            continue;
        }
        let enter = corner + (before - corner).normalized() * reach;
        let leave = corner + (after - corner).normalized() * reach;
        for step in 0..=4 {
            let t = step as f32 / 4.0;
            let rest = 1.0 - t;
            let (a, b, c) = (rest * rest, 2.0 * rest * t, t * t);
            out.push(pos2(
                a * enter.x + b * corner.x + c * leave.x,
                a * enter.y + b * corner.y + c * leave.y,
            ));
        }
    }
    out.push(points[points.len() - 1]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn geom(rows: usize) -> BlockGeom {
        BlockGeom {
            rows: (0..rows)
                .map(|r| RowGeom {
                    lane_base: 40.0 + 70.0 * r as f32,
                    foot: 52.0 + 70.0 * r as f32,
                })
                .collect(),
            margin_x: -8.0,
            right_x: 1008.0,
            top: 0.0,
            bottom: 70.0 * rows as f32,
            lane_height: 12.0,
            lanes: 3,
        }
    }

    fn on_row(id: usize, from: f32, to: f32) -> ArcRequest {
        ArcRequest {
            id,
            from: End::At { row: 0, x: from },
            to: End::At { row: 0, x: to },
            label_width: 40.0,
        }
    }

    /// The top of a path (its smallest y).
    fn top(path: &ArcPath) -> f32 {
        path.points.iter().map(|p| p.y).fold(f32::MAX, f32::min)
    }

    #[test]
    fn a_longer_link_over_a_shorter_one_runs_higher() {
        let paths = layout(
            &geom(1),
            &[on_row(0, 100.0, 400.0), on_row(1, 150.0, 250.0)],
        );
        assert_eq!(paths[1].lane, 0, "the short link takes the lowest lane");
        assert_eq!(paths[0].lane, 1);
        assert!(top(&paths[0]) < top(&paths[1]));
        for path in &paths {
            assert!(path.points.iter().all(|p| p.y <= 52.0), "above the text");
        }
    }

    #[test]
    fn twenty_links_on_one_line_have_labels_that_never_overlap() {
        // Ten actors each named by two claims, one before it and one after.
        let mut requests = Vec::new();
        for k in 0..10 {
            let actor = 60.0 + 90.0 * k as f32;
            requests.push(on_row(2 * k, actor - 40.0, actor));
            requests.push(on_row(2 * k + 1, actor + 45.0, actor));
        }
        let paths = layout(&geom(1), &requests);
        let boxes: Vec<(f32, f32, f32)> = paths
            .iter()
            .filter_map(|p| p.label.map(|l| (l.x - 20.0, l.x + 20.0, l.y)))
            .collect();
        assert!(
            boxes.len() >= 15,
            "most labels find a lane: {}",
            boxes.len()
        );
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                let apart = a.1 <= b.0 || b.1 <= a.0 || (a.2 - b.2).abs() >= 12.0;
                assert!(apart, "labels {a:?} and {b:?} overlap");
            }
        }
    }

    #[test]
    fn links_to_one_target_share_its_arrow() {
        let paths = layout(
            &geom(1),
            &[on_row(0, 100.0, 200.0), on_row(1, 300.0, 200.0)],
        );
        assert_eq!(paths[0].arrow, paths[1].arrow);
        assert_eq!(paths[0].arrow, Some(pos2(200.0, 52.0)));
        assert_eq!(paths[0].lane, paths[1].lane, "side by side on one lane");
    }

    #[test]
    fn links_between_rows_run_in_the_margin_never_over_text() {
        let request = ArcRequest {
            id: 7,
            from: End::At { row: 0, x: 300.0 },
            to: End::At { row: 2, x: 120.0 },
            label_width: 40.0,
        };
        let paths = layout(&geom(3), &[request]);
        let path = &paths[0];
        assert_eq!(path.arrow, Some(pos2(120.0, 52.0 + 140.0)));
        // Every point is in a gutter (between lane_base - 3 lanes and the
        // foot) or in the margin.
        for p in &path.points {
            let in_margin = p.x <= -8.0 + CORNER;
            let in_gutter = (0..3).any(|r| {
                let base = 40.0 + 70.0 * r as f32;
                p.y >= base - 36.0 - 0.1 && p.y <= base + 12.0 + 0.1
            });
            assert!(in_margin || in_gutter, "{p:?} is over text");
        }
        let leaving = ArcRequest {
            from: End::At { row: 0, x: 300.0 },
            to: End::After,
            ..request
        };
        let passing = ArcRequest {
            from: End::Before,
            to: End::After,
            ..request
        };
        let paths = layout(&geom(1), &[leaving, passing]);
        assert_eq!(paths[0].points.last(), Some(&pos2(-8.0, 70.0)));
        assert!(paths[0].label.is_some() && paths[0].arrow.is_none());
        assert_eq!(paths[1].points, [pos2(-8.0, 0.0), pos2(-8.0, 70.0)]);
        // Near the right edge, a link between rows takes the right margin.
        let right = ArcRequest {
            from: End::At { row: 0, x: 900.0 },
            to: End::At { row: 1, x: 950.0 },
            ..request
        };
        let paths = layout(&geom(2), &[right]);
        let widest = paths[0].points.iter().map(|p| p.x).fold(f32::MIN, f32::max);
        assert!((widest - 1008.0).abs() < 0.01, "{widest}");
    }

    #[test]
    fn a_link_to_a_span_inside_its_source_still_has_width() {
        let paths = layout(&geom(1), &[on_row(0, 200.0, 201.0)]);
        let xs: Vec<f32> = paths[0].points.iter().map(|p| p.x).collect();
        let width = xs.iter().copied().fold(f32::MIN, f32::max)
            - xs.iter().copied().fold(f32::MAX, f32::min);
        assert!(width >= MIN_SPAN - 0.01, "{width}");
    }
}
