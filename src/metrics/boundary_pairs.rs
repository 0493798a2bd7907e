//! Step 3 of the span matching: pairing leftover spans of one label that
//! overlap, greedily by largest overlap (ties: the earlier A span, then the
//! earlier B span), without looking at every overlapping pair.
//!
//! The greedy result is the matching that sorting all overlapping pairs by
//! that order and taking each pair whose spans are both still free gives.
//! With a strict order on pairs it is also what any sequence of *mutual
//! best* pairs gives (a pair each of whose spans prefers the other to every
//! free partner): such a pair comes before every other pair of its spans,
//! so the greedy order takes it too. Mutual best pairs are found by
//! following a chain of best partners (A's best B, that B's best A, …),
//! whose pair orders only improve, until its last two spans prefer each
//! other; they are paired and the chain goes on from the span before them.
//! Every span joins the chain at most once, so it takes O(n) best-partner
//! queries, each a branch-and-bound search in a segment tree over the free
//! spans of the other side.

/// `(start, end)` of a span.
type Extent = (usize, usize);

/// Pairs of indices into `a` and `b` (each list in canonical order, all of
/// one label): the greedy largest-overlap pairing of overlapping spans.
pub(super) fn greedy_overlap_pairs(a: &[Extent], b: &[Extent]) -> Vec<(usize, usize)> {
    let mut free = [FreeSpans::new(a), FreeSpans::new(b)];
    let mut pairs = Vec::new();
    let mut chain: Vec<(usize, usize)> = Vec::new();
    for first in 0..a.len() {
        if !free[0].is_free(first) {
            continue;
        }
        chain.push((0, first));
        while let Some(&(side, x)) = chain.last() {
            let (start, end) = free[side].extent(x);
            let other = 1 - side;
            match free[other].best_partner(start, end) {
                None => {
                    // Partners only ever leave: this span stays unpaired.
                    free[side].remove(x);
                    chain.pop();
                }
                Some(y) if chain.len() >= 2 && chain[chain.len() - 2] == (other, y) => {
                    free[side].remove(x);
                    free[other].remove(y);
                    pairs.push(if side == 0 { (x, y) } else { (y, x) });
                    chain.truncate(chain.len() - 2);
                }
                Some(y) => chain.push((other, y)),
            }
        }
    }
    pairs
}

/// The free spans of one side in a segment tree over their canonical
/// order, each node holding bounds of the spans below it.
struct FreeSpans<'s> {
    extents: &'s [Extent],
    /// Leaves start here; node `i` has children `2i` and `2i + 1`.
    leaves: usize,
    nodes: Vec<Bounds>,
}

/// What the free spans under a node reach: enough to bound their overlap
/// with any extent from above.
#[derive(Clone, Copy)]
struct Bounds {
    min_start: usize,
    max_end: usize,
    max_len: usize,
}

impl Bounds {
    const EMPTY: Bounds = Bounds {
        min_start: usize::MAX,
        max_end: 0,
        max_len: 0,
    };

    fn of((start, end): Extent) -> Self {
        Bounds {
            min_start: start,
            max_end: end,
            max_len: end - start,
        }
    }

    fn join(self, other: Bounds) -> Self {
        Bounds {
            min_start: self.min_start.min(other.min_start),
            max_end: self.max_end.max(other.max_end),
            max_len: self.max_len.max(other.max_len),
        }
    }

    /// No span below overlaps `[start, end)` by more than this; for a
    /// single span it is the overlap.
    fn overlap_at_most(self, start: usize, end: usize) -> usize {
        end.min(self.max_end)
            .saturating_sub(start.max(self.min_start))
            .min(self.max_len)
    }
}

impl<'s> FreeSpans<'s> {
    fn new(extents: &'s [Extent]) -> Self {
        let leaves = extents.len().next_power_of_two();
        let mut nodes = vec![Bounds::EMPTY; 2 * leaves];
        for (i, &extent) in extents.iter().enumerate() {
            nodes[leaves + i] = Bounds::of(extent);
        }
        for i in (1..leaves).rev() {
            nodes[i] = nodes[2 * i].join(nodes[2 * i + 1]);
        }
        Self {
            extents,
            leaves,
            nodes,
        }
    }

    fn extent(&self, i: usize) -> Extent {
        self.extents[i]
    }

    fn is_free(&self, i: usize) -> bool {
        self.nodes[self.leaves + i].max_len > 0
    }

    fn remove(&mut self, i: usize) {
        let mut node = self.leaves + i;
        self.nodes[node] = Bounds::EMPTY;
        while node > 1 {
            node /= 2;
            self.nodes[node] = self.nodes[2 * node].join(self.nodes[2 * node + 1]);
        }
    }

    /// The free span overlapping `[start, end)` the most, the earliest of
    /// equals; `None` if none overlaps it.
    fn best_partner(&self, start: usize, end: usize) -> Option<usize> {
        let mut best = Best {
            overlap: 0,
            index: usize::MAX,
        };
        self.search(1, 0, self.leaves, start, end, &mut best);
        (best.overlap > 0).then_some(best.index)
    }

    /// Branch and bound below `node` (leaves `first..first + width`): the
    /// child that may overlap more first, skipping a node when even its
    /// bound at its first leaf cannot beat the best found so far.
    fn search(
        &self,
        node: usize,
        first: usize,
        width: usize,
        start: usize,
        end: usize,
        best: &mut Best,
    ) {
        let bound = self.nodes[node].overlap_at_most(start, end);
        if !best.beaten_by(bound, first) {
            return;
        }
        if width == 1 {
            *best = Best {
                overlap: bound,
                index: first,
            };
            return;
        }
        let half = width / 2;
        let (left, right) = (2 * node, 2 * node + 1);
        let children = [(left, first), (right, first + half)];
        let right_first = self.nodes[right].overlap_at_most(start, end)
            > self.nodes[left].overlap_at_most(start, end);
        for (child, child_first) in if right_first {
            [children[1], children[0]]
        } else {
            children
        } {
            self.search(child, child_first, half, start, end, best);
        }
    }
}

/// The best partner found so far in a search.
struct Best {
    overlap: usize,
    index: usize,
}

impl Best {
    /// Whether a span at `index` overlapping by `overlap` would be better:
    /// a larger overlap, or an equal one further left.
    fn beaten_by(&self, overlap: usize, index: usize) -> bool {
        overlap > self.overlap || (overlap == self.overlap && overlap > 0 && index < self.index)
    }
}
