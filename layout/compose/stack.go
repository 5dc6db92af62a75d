package compose

import (
	"fmt"
	"math"
	"strings"
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
	key := fitKey{s, from, o}
	c.mu.Lock()
	r, hit := c.spanCache[key]
	c.mu.Unlock()
	if hit {
		return r, r.lo > 0
	}
	r, ok := c.spanUncached(s, from, o)
	if !ok {
		r = heightRange{}
	}
	c.mu.Lock()
	c.spanCache[key] = r
	c.mu.Unlock()
	return r, ok
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
	// Completing alternative pages asks the same question many times.
	var kb strings.Builder
	fmt.Fprintf(&kb, "%d/%d/%v", w, H, sepFirst)
	for _, it := range items {
		fmt.Fprintf(&kb, "|%d:%d:%s:%g", it.s.Order, it.from, it.label, it.cost)
	}
	key := kb.String()
	c.mu.Lock()
	r, ok := c.stackCache[key]
	c.mu.Unlock()
	if ok {
		return r.ps, r.gap, r.cost
	}
	ps, gap, cost := c.bestStackUncached(items, w, H, sepFirst)
	c.mu.Lock()
	c.stackCache[key] = stackResult{ps, gap, cost}
	c.mu.Unlock()
	return ps, gap, cost
}

type stackResult struct {
	ps   []*Placement
	gap  int
	cost float64
}

func (c *composer) bestStackUncached(items []stackItem, w, H int, sepFirst bool) ([]*Placement, int, float64) {
	type state struct {
		cost float64
		prev int // height before the last item
		item int
		h    int
		cut  bool
		ok   bool
	}
	// reach[k][h]: best way to fill exactly h lines using items[:k].
	reach := make([][]state, len(items)+1)
	for k := range reach {
		reach[k] = make([]state, H+1)
	}
	reach[0][0] = state{ok: true, item: -1}
	for k, it := range items {
		copy(reach[k+1], reach[k])
		// The story's heights at the top of the stack and under another story.
		var r2 [2]heightRange
		var ok2 [2]bool
		for i, sep := range []bool{false, true} {
			r2[i], ok2[i] = c.span(it.s, it.from, fitOptions{w: w, sep: sep || sepFirst, label: it.label, cut: it.s.Art.Jump})
		}
		for h0 := 0; h0 < H; h0++ {
			st := reach[k][h0]
			if !st.ok {
				continue
			}
			i := 0
			if h0 > 0 {
				i = 1
			}
			r, ok := r2[i], ok2[i]
			if !ok {
				continue
			}
			try := func(h int, cut bool, extra float64) {
				if h <= 0 || h0+h > H {
					return
				}
				cost := st.cost + it.cost + extra
				if t := &reach[k+1][h0+h]; !t.ok || cost < t.cost {
					*t = state{cost: cost, prev: h0, item: k, h: h, cut: cut, ok: true}
				}
			}
			for h := r.lo; h <= r.hi; h++ {
				try(h, false, 0)
			}
			for h := r.cutLo; h <= r.cutHi; h++ {
				try(h, true, costJump)
			}
		}
	}
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
	var chosen []state
	for k, h := len(items), bestH; h > 0; {
		st := reach[k][h]
		chosen = append(chosen, st)
		k, h = st.item, st.prev
	}
	var out []*Placement
	top := 0
	for i := len(chosen) - 1; i >= 0; i-- {
		st := chosen[i]
		it := items[st.item]
		p := c.fit(it.s, it.from, fitOptions{w: w, maxH: st.h, exact: true, cut: st.cut, sep: top > 0 || sepFirst, label: it.label})
		if p == nil || p.H != st.h {
			return nil, H, 0 // the range promised more than the fit delivers: give up on stacks here
		}
		q := *p
		q.Top = top
		out = append(out, &q)
		top += st.h
	}
	return out, H - bestH, bestCost
}
