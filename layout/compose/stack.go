package compose

import (
	"math"
	"strconv"
	"sync"
)

// heightRange is what heights a story can take at a width: complete at any height in
// [lo, hi] (the photo's crop takes up the difference), or cut for a jump at any height in
// [cutLo, cutHi] (cutLo > cutHi when it cannot be cut).
type heightRange struct {
	lo, hi       int
	cutLo, cutHi int
}

// span measures a story's height range at width w, starting from galley line from.
func (c *composer) span(s *Story, from int, o fitOptions) (heightRange, bool) {
	r := c.ranges.get(fitKey{s, from, c.photoScale, o}, func() heightRange {
		r, ok := c.spanUncached(s, from, o)
		if !ok {
			return heightRange{}
		}
		return r
	})
	return r, r.lo > 0
}

func (c *composer) spanUncached(s *Story, from int, o fitOptions) (heightRange, bool) {
	remaining := len(s.Galley.Lines) - from
	if remaining <= 0 || remaining < minPieceLines*o.w && o.w > 1 {
		return heightRange{}, false
	}
	hb := c.head(s, o.w, from > 0, o.label)
	fixed := hb.height
	if o.sep {
		fixed++
	}
	body, cols, next := c.balance(s.Galley, from, uniform(o.w, 0), 1<<20)
	if next < len(s.Galley.Lines) {
		return heightRange{}, false
	}
	r := heightRange{lo: fixed + body, hi: fixed + body, cutLo: 1, cutHi: 0}
	// Blank lines between paragraphs can deepen it a little (see stretch).
	can := 1 << 20
	for _, col := range cols {
		lines := col.To - col.From
		can = min(can, min(breaks(s.Galley, col), lines/stretchEvery)-(body-lines))
	}
	r.hi += max(0, can)
	media := 0
	if from == 0 && len(s.Photos) > 0 {
		pm := c.withInset(c.media(&s.Photos[0], o.w, fixed), s)
		if pm.cols == o.w && pm.inset == nil {
			r.lo += pm.lo + pm.capLines
			r.hi += pm.hi + pm.capLines
		} else {
			// Text beside the photo: heights are not a simple range; offer the natural one.
			d, _, _ := c.balance(s.Galley, from, pm.tops(pm.nat), 1<<20)
			r.lo, r.hi = d, d
		}
		media = pm.lo + pm.capLines
	}
	if o.cut && (from > 0 || remaining >= minCutStory) {
		maxPlaced := remaining - max(minContinuation, remaining/5)
		r.cutLo = fixed + media + 2*minPieceLines + 1
		r.cutHi = fixed + media + maxPlaced/o.w + 1
	}
	return r, true
}

// stackItem is a story offered to a vertical stack.
type stackItem struct {
	s      *Story
	from   int
	cost   float64 // cost of choosing it (skipping stories before it, filler)
	label  string
	filler bool
}

// bestStack fills a band of width w and height H from top to bottom with a sequence of
// stories of that width taken in queue order, choosing heights within each story's range so
// that the stack ends exactly at the bottom. It returns the pieces (nil when nothing fits)
// and the lines left empty at the bottom.
func (c *composer) bestStack(items []stackItem, w, H int, sepFirst bool) ([]*Placement, int, float64) {
	// Completing alternative pages asks the same question many times. The key is built by
	// hand: fmt made it a third of the lookup's cost.
	var keyBuf [512]byte
	kb := keyBuf[:0]
	kb = strconv.AppendInt(kb, int64(w), 10)
	kb = append(kb, '/')
	kb = strconv.AppendInt(kb, int64(H), 10)
	kb = append(kb, '/')
	kb = strconv.AppendBool(kb, sepFirst)
	kb = append(kb, '/')
	kb = strconv.AppendFloat(kb, c.photoScale, 'g', -1, 64)
	for _, it := range items {
		kb = append(kb, '|')
		kb = strconv.AppendInt(kb, int64(it.s.Order), 10)
		kb = append(kb, ':')
		kb = strconv.AppendInt(kb, int64(it.from), 10)
		kb = append(kb, ':')
		kb = append(kb, it.label...)
		kb = append(kb, ':')
		kb = strconv.AppendFloat(kb, it.cost, 'g', -1, 64)
	}
	if r, ok := c.stacks.lookup(kb); ok {
		return r.ps, r.gap, r.cost
	}
	ps, gap, cost := c.bestStackUncached(items, w, H, sepFirst)
	c.stacks.store(string(kb), stackResult{ps, gap, cost})
	return ps, gap, cost
}

type stackResult struct {
	ps   []*Placement
	gap  int
	cost float64
}

// stackState is one cell of bestStackUncached's table.
type stackState struct {
	cost float64
	prev int32 // height before the last item
	item int32
	h    int32
	cut  bool
	ok   bool
}

var stackTables = sync.Pool{New: func() any { return new([]stackState) }}

func (c *composer) bestStackUncached(items []stackItem, w, H int, sepFirst bool) ([]*Placement, int, float64) {
	// reach[k][h]: best way to fill exactly h lines using items[:k]. The table is large
	// (items × lines) and asked for thousands of times per edition: it is reused.
	buf := stackTables.Get().(*[]stackState)
	defer stackTables.Put(buf)
	need := (len(items) + 1) * (H + 1)
	if cap(*buf) < need {
		*buf = make([]stackState, need)
	}
	flat := (*buf)[:need]
	reach := make([][]stackState, len(items)+1)
	for k := range reach {
		reach[k] = flat[k*(H+1) : (k+1)*(H+1)]
	}
	terms := make([]stackTerms, len(items))
	for k, it := range items {
		// The story's heights at the top of the stack and under another story.
		for i, sep := range []bool{false, true} {
			r, ok := c.span(it.s, it.from, fitOptions{w: w, sep: sep || sepFirst, label: it.label, cut: it.s.Art.Jump})
			if !ok {
				r = heightRange{lo: 1, hi: 0, cutLo: 1, cutHi: 0} // nothing
			}
			terms[k].at[i] = r
		}
		terms[k].cost = it.cost
	}
	fillStack(reach, terms, H)
	// The fullest reachable height, cheapest; each line short costs as waste.
	bestH, bestCost := -1, math.Inf(1)
	last := reach[len(items)]
	for h := H; h >= 0; h-- {
		if !last[h].ok || h == 0 {
			continue
		}
		cost := last[h].cost + float64((H-h)*w)*costWaste
		if cost < bestCost {
			bestH, bestCost = h, cost
		}
	}
	if bestH <= 0 {
		return nil, H, 0
	}
	// Walk back to the chosen items.
	var chosen []stackState
	for k, h := len(items), bestH; h > 0; {
		st := reach[k][h]
		chosen = append(chosen, st)
		k, h = int(st.item), int(st.prev)
	}
	var out []*Placement
	top := 0
	for i := len(chosen) - 1; i >= 0; i-- {
		st := chosen[i]
		it := items[st.item]
		p := c.fit(it.s, it.from, fitOptions{w: w, maxH: int(st.h), exact: true, cut: st.cut, sep: top > 0 || sepFirst, label: it.label})
		if p == nil || p.H != int(st.h) {
			return nil, H, 0 // the range promised more than the fit delivers: give up on stacks here
		}
		q := *p
		q.Top = top
		out = append(out, &q)
		top += int(st.h)
	}
	return out, H - bestH, bestCost
}

// stackTerms is what the stacking table needs of one story: its height ranges at the top
// of the stack (at[0]) and under another story (at[1]), and its cost.
type stackTerms struct {
	at   [2]heightRange
	cost float64
}

// fillStack fills the table so that reach[k+1][h] is the
// cheapest way to fill exactly h lines with items[:k+1], each item skipped or stacked at a
// height from its ranges (a cut height costs costJump more). Ties go to skipping, then to
// the lowest height below the item, then to a whole story over a cut one.
//
// An item at height h0 under it reaches every h0+h with h in a range at the same cost, so
// the best for each target is a minimum over a sliding window of h0: kept with a monotonic
// queue, the table takes items × lines steps rather than items × lines × range.
func fillStack(reach [][]stackState, terms []stackTerms, H int) {
	clear(reach[0])
	reach[0][0] = stackState{ok: true, item: -1} // the empty stack
	var win slidingWindow
	whole, cut := make([]int32, H+1), make([]int32, H+1)
	for k, t := range terms {
		cur, next := reach[k], reach[k+1]
		copy(next, cur)
		offer := func(target, h0 int, cost float64, cut bool) {
			if n := &next[target]; !n.ok || cost < n.cost {
				*n = stackState{cost: cost, prev: int32(h0), item: int32(k), h: int32(target - h0), cut: cut, ok: true}
			}
		}
		// The top of the stack: h0 = 0, first in order, offered directly.
		if cur[0].ok {
			r := t.at[0]
			for h := max(r.lo, 1); h <= min(r.hi, H); h++ {
				offer(h, 0, cur[0].cost+t.cost, false)
			}
			for h := max(r.cutLo, 1); h <= min(r.cutHi, H); h++ {
				offer(h, 0, cur[0].cost+t.cost+costJump, true)
			}
		}
		// Under another story: for each target, the best whole and the best cut offer
		// over the window of h0 in [1, H-1] that reach it; the earlier h0 wins a tie, and a
		// whole story a cut one at the same h0.
		r := t.at[1]
		value := func(h0 int, extra float64) float64 { return cur[h0].cost + t.cost + extra }
		win.best(whole, cur, max(r.lo, 1), r.hi, 0, value)
		win.best(cut, cur, max(r.cutLo, 1), r.cutHi, costJump, value)
		for target := 1; target <= H; target++ {
			a, b := whole[target], cut[target]
			switch {
			case a < 0 && b < 0:
			case b < 0:
				offer(target, int(a), value(int(a), 0), false)
			case a < 0:
				offer(target, int(b), value(int(b), costJump), true)
			default:
				va, vb := value(int(a), 0), value(int(b), costJump)
				if vb < va || vb == va && b < a {
					offer(target, int(b), vb, true)
				} else {
					offer(target, int(a), va, false)
				}
			}
		}
	}
}

// slidingWindow finds window minima with a monotonic queue; its buffers are reused.
type slidingWindow struct {
	h0   []int32   // the window's candidates, values non-decreasing from the front
	vals []float64 // their values
}

// best sets out[target], for each target in [1, H] (H = len(out)-1), to the h0 in
// [target-hi, target-lo] ∩ [1, H-1] with cur[h0].ok whose value(h0, extra) is least, the
// earliest of equals; or to -1 where there is none.
func (sw *slidingWindow) best(out []int32, cur []stackState, lo, hi int, extra float64, value func(int, float64) float64) {
	for i := range out {
		out[i] = -1
	}
	H := len(out) - 1
	if lo > hi {
		return
	}
	q, vals := sw.h0[:0], sw.vals[:0]
	head := 0
	next := 1 // the next h0 to enter the window
	for target := 1; target <= H; target++ {
		for ; next <= min(target-lo, H-1); next++ {
			if !cur[next].ok {
				continue
			}
			v := value(next, extra)
			for len(q) > head && vals[len(vals)-1] > v {
				q, vals = q[:len(q)-1], vals[:len(vals)-1]
			}
			q, vals = append(q, int32(next)), append(vals, v)
		}
		for len(q) > head && int(q[head]) < target-hi {
			head++
		}
		if len(q) > head {
			out[target] = q[head]
		}
	}
	sw.h0, sw.vals = q, vals
}
