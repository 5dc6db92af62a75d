package compose

import (
	"runtime"
	"slices"
	"strconv"
	"strings"
)

// pageBuild is a page being packed: per column, the free band [top, bottom) in grid lines,
// and the progress of stories on this page (applied to the stories when the page is final,
// so that alternative packings can be tried on copies).
type pageBuild struct {
	frame    *Frame
	top      []int   // per column, the first line not yet used
	blocks   []block // rectangles taken before packing: ads, fixed placements
	above    []bool  // a story already sits above the free band in this column
	places   []*Placement
	ads      []*adPlacement
	section  string
	isFront  bool // page 1
	header   int  // lines of furniture at the top
	waste    int  // column-lines left empty
	sectHead string
	next     map[*Story]int // galley progress of stories placed on this page
	cost     float64        // sum of the costs of the choices made
}

func (pb *pageBuild) clone() *pageBuild {
	q := *pb
	q.top = append([]int(nil), pb.top...)
	q.above = append([]bool(nil), pb.above...)
	q.places = append([]*Placement(nil), pb.places...)
	q.next = make(map[*Story]int, len(pb.next))
	for k, v := range pb.next {
		q.next[k] = v
	}
	return &q
}

// progress is the first galley line of s not yet placed, as of this page.
func (pb *pageBuild) progress(s *Story) int {
	if n, ok := pb.next[s]; ok {
		return n
	}
	return s.Next
}

// segment is a run of columns with a common free band.
type segment struct {
	col, w      int
	top, bottom int
	sep         bool
}

// minBand is the smallest free band worth offering to a story: a head and three lines.
const minBand = 6

// block is a rectangle of the grid taken before packing, with the line of space kept
// around it: columns [col, col+w), lines [from, to).
type block struct{ col, w, from, to int }

// band is the free band of column c: from its fill level, past any block, to the next block
// or the page's foot.
func (pb *pageBuild) band(c int) (top, bottom int) {
	return pb.bandFrom(c, pb.top[c])
}

// bandFrom is the free band of column c at or below line top.
func (pb *pageBuild) bandFrom(c, top int) (int, int) {
	bottom := pb.frame.Lines
	for moved := true; moved; {
		moved = false
		for _, b := range pb.blocks {
			if c >= b.col && c < b.col+b.w && top >= b.from && top < b.to {
				top, moved = b.to, true
			}
		}
	}
	for _, b := range pb.blocks {
		if c >= b.col && c < b.col+b.w && b.from >= top {
			bottom = min(bottom, b.from)
		}
	}
	return top, max(top, bottom)
}

// lowest finds the highest free band on the page (the smallest top), leftmost first, and
// widens it over neighbours whose band starts at most two lines lower and ends at the same
// line, so that stories line up in tiers as on a real page.
//
// A band too shallow for a story is passed over, unless a block (an ad, a fixed story)
// ends it with room for stories below: then it is offered as it is, so that it gets filled
// by a deeper piece or closed, and the column moves on past the block. Passed over, it
// would hide the space below.
func (pb *pageBuild) lowest() (segment, bool) {
	n := len(pb.top)
	tops, bottoms := make([]int, n), make([]int, n)
	for c := range tops {
		tops[c], bottoms[c] = pb.band(c)
		if tops[c] != pb.top[c] {
			pb.top[c], pb.above[c] = tops[c], false // stepped past a block
		}
	}
	usable := func(c int) bool {
		if bottoms[c]-tops[c] >= minBand {
			return true
		}
		t, b := pb.bandFrom(c, bottoms[c])
		return bottoms[c] > tops[c] && b-t >= minBand
	}
	best := -1
	for c := range tops {
		if !usable(c) {
			continue
		}
		if best < 0 || tops[c] < tops[best] {
			best = c
		}
	}
	if best < 0 {
		return segment{}, false
	}
	seg := segment{col: best, w: 1, top: tops[best], bottom: bottoms[best], sep: pb.above[best]}
	short := seg.bottom-seg.top < minBand
	ok := func(c int) bool {
		if short || bottoms[c]-tops[c] < minBand {
			return tops[c] == seg.top && bottoms[c] == seg.bottom // the same shallow strip
		}
		return bottoms[c] == seg.bottom && tops[c] >= seg.top && tops[c] <= seg.top+2
	}
	for c := best - 1; c >= 0 && ok(c); c-- {
		seg.col, seg.w = c, seg.w+1
	}
	for c := seg.col + seg.w; c < n && ok(c); c++ {
		seg.w++
	}
	for c := seg.col; c < seg.col+seg.w; c++ {
		seg.top = max(seg.top, tops[c])
		seg.sep = seg.sep || pb.above[c]
	}
	return seg, true
}

// close gives up on a band nothing fits: its columns are levelled with the nearest
// neighbour's band (so that a wider story can span them), or, with no such neighbour,
// closed to the band's foot. Either way the lines given up count as waste.
func (pb *pageBuild) close(seg segment) {
	level := seg.bottom
	for _, n := range []int{seg.col - 1, seg.col + seg.w} {
		if n < 0 || n >= len(pb.top) {
			continue
		}
		t, b := pb.band(n)
		if t > seg.top && t < b && b == seg.bottom {
			level = min(level, t)
		}
	}
	for c := seg.col; c < seg.col+seg.w; c++ {
		pb.waste += max(0, level-pb.top[c])
		pb.top[c] = level
	}
}

// place puts copies of a candidate's pieces at the segment's top-left.
func (pb *pageBuild) place(cd candidate, seg segment) {
	for c := seg.col; c < seg.col+cd.w; c++ {
		pb.waste += max(0, seg.top-pb.top[c]) // lines lost to levelling the band
		pb.top[c] = seg.top + cd.h
		pb.above[c] = true
	}
	for _, p := range cd.ps {
		q := *p
		q.Page = pb.frame.Number
		q.Col = seg.col
		q.Top = seg.top + p.Top
		pb.places = append(pb.places, &q)
		pb.next[p.Story] = q.To
	}
}

// widths lists the widths a story may take, most preferred first, given its priority and
// length and the page's column count.
func (c *composer) widths(s *Story, from, cols int) []int {
	lines := len(s.Galley.Lines) - from
	var pref []int
	switch p := s.Art.Priority; {
	case from > 0:
		pref = []int{3, 2, 4, 1, 5, 6}
	case p == 1:
		pref = []int{cols - 1, cols, cols - 2, 4, 3}
	case p == 2:
		pref = []int{4, 3, 5, 2, 6}
	case p == 3:
		pref = []int{3, 2, 4, 1}
	case p == 4:
		pref = []int{2, 1, 3}
	default:
		pref = []int{1, 2}
	}
	out := make([]int, 0, len(pref))
	for _, w := range pref {
		if w < 1 || w > cols || slices.Contains(out, w) {
			continue
		}
		if lines > 0 && lines < minPieceLines*w {
			continue
		}
		out = append(out, w)
	}
	if len(out) == 0 {
		out = []int{1}
	}
	return out
}

// candidate is one way to fill part of a segment: one story at its top, or a stack of
// stories filling a column band to the bottom. Pieces' Top is relative to the segment.
type candidate struct {
	ps    []*Placement
	w, h  int
	cost  float64
	grow  int   // >= 0: instead of adding pieces, replace pb.places[grow] by ps[0] (a deeper piece)
	moved []int // with grow: pieces below it, replaced by ps[1:] (moved down)
	pick  int32 // its list and its place in it (see sourceCandidates)
}

func single(p *Placement, cost float64) candidate {
	if p.Top != 0 {
		q := *p
		q.Top = 0
		p = &q
	}
	// Shared with the fit cache: committing a candidate copies its pieces.
	return candidate{ps: []*Placement{p}, w: p.W, h: p.H, cost: cost, grow: -1}
}

// Packing search parameters: how many stories of the queue are considered for a band (more
// finds better fits, fewer keeps the paper's priority order), and how many of the best
// candidates for each band are compared by completing the page with each (a pilot search:
// the greedy choice that looks best locally often leaves a strip nothing can fill).
const (
	lookahead = 6
	pilots    = 16
)

// leadShare is the most of page 1's height (in percent) its lead story may take.
const leadShare = 64

// Costs, in column-lines of empty page: what the packer trades against white space.
const (
	costSkip      = 60  // taking a story after one earlier in the queue
	costWidth     = 15  // each step away from a story's preferred width
	costJumpFront = 10  // cutting a page-1 story to continue inside
	costJump      = 150 // cutting a story on an inside page
	costFiller    = 40  // a story from a later section
	costWaste     = 3   // each column-line left empty
	costDefer     = 150 // leaving the section's next story for a later page
	costGrow      = 10  // deepening a piece with a larger photo or blank lines
	costQuote     = 40  // deepening a piece with a pull quote
)

// packPage fills the page from the queue, band by band; fillers (stories of later
// sections) are offered where the queue has nothing that fits. Each band's choice is made by
// completing the page greedily from each of the best few candidates and keeping the one
// whose page ends up best. It returns how many pieces it placed.
func (c *composer) packPage(pb *pageBuild, queue, fillers []*Story) int {
	if pb.next == nil {
		pb.next = map[*Story]int{}
	}
	// Cached story candidates hold for one page's queue and fillers.
	c.storyCands.deleteIf(func(string) bool { return true })
	start := pb.clone()
	var key [32]byte // what the page starts from, for the decision log
	if c.reads != nil {
		key = c.pageKey(start, queue, fillers)
	}
	best := c.replay(key, start, queue, fillers)
	if best == nil {
		best = c.searchPage(key, start, queue, fillers)
	}
	*pb = *best
	c.spread(pb)
	c.apply(pb)
	c.forgetPast()
	return len(pb.places)
}

// searchPage packs the page from start, recording its decisions when there is a log.
func (c *composer) searchPage(key [32]byte, start *pageBuild, queue, fillers []*Story) *pageBuild {
	if c.reads != nil {
		c.reads.page.Add(1)
	}
	best := start.clone()
	var main tape
	c.search(best, queue, fillers, -1, &main)
	decision := pageDecision{Picks: main.picks}
	// A page left with white is packed again, each time opening with another of the first
	// band's candidates; the least costly page is kept. The openings are packed at once,
	// and then taken in order as if one after the other: the first that leaves little
	// white ends the comparison, and one that does not exist ends it.
	white := func(b *pageBuild) bool { return b.waste > start.frame.Cols*start.frame.Lines/100 }
	if white(best) {
		trials := make([]*pageBuild, retries)
		tapes := make([]tape, retries)
		found := make([]bool, retries)
		parallel(retries, 0, func(i int) {
			trials[i] = start.clone()
			found[i] = c.search(trials[i], queue, fillers, i+1, &tapes[i])
		})
		for i := 0; i < retries && white(best) && found[i]; i++ {
			if c.total(trials[i], queue) < c.total(best, queue) {
				best = trials[i]
				decision = pageDecision{Picks: tapes[i].picks}
			}
		}
	}
	if c.reads != nil {
		decision.Read = c.readBy(start)
		if sum, ok := c.readSum(decision.Read); ok {
			decision.ReadSum = sum
			c.opt.Decisions.keep(key, decision, false)
		}
	}
	return best
}

// replay packs the page as the decision log says an earlier build did from the same
// start (key), or returns nil when the log has no such page.
func (c *composer) replay(key [32]byte, start *pageBuild, queue, fillers []*Story) *pageBuild {
	if c.reads == nil {
		return nil
	}
	d, ok := c.opt.Decisions.lookup(key)
	if !ok {
		return nil
	}
	if sum, ok := c.readSum(d.Read); !ok || sum != d.ReadSum {
		return nil // a story the page read has changed, or earlier pages took another share of it
	}
	pb := start.clone()
	t := tape{picks: d.Picks, replay: true}
	if !c.search(pb, queue, fillers, -1, &t) || t.broken || t.pos != len(t.picks) {
		return nil
	}
	c.opt.Decisions.keep(key, d, true)
	return pb
}

// forgetPast drops the cached fits that no later page can ask for: of lines already placed,
// or made at another photo scale (an earlier even-page try). Stacks are cached per page. A
// long edition's caches would otherwise grow with every page, and the collector's work
// with them: a 104-page edition spent half its time in the collector.
func (c *composer) forgetPast() {
	past := func(k fitKey) bool { return k.from < k.s.Next || k.scale != c.photoScale }
	c.fits.deleteIf(past)
	c.ranges.deleteIf(past)
	c.stacks.deleteIf(func(string) bool { return true })
	c.storyCands.deleteIf(func(string) bool { return true })
}

// pilot picks the candidate whose page, completed greedily, costs least. The completions
// run in parallel, a batch of workers at a time; the choice is made in candidate order over
// the results, so it does not depend on which worker finished first.
//
// known, when not nil, is the completion of cands[0], already made: the previous band's
// pilot completed the page from its choice greedily, and greedy's next step is cands[0]
// at this band. It returns the choice and its completion (nil when it made none).
func (c *composer) pilot(pb *pageBuild, seg segment, cands []candidate, queue, fillers []*Story, known *pilotResult) (int, *pilotResult) {
	if len(cands) == 1 {
		return 0, nil
	}
	cands = cands[:min(pilots, len(cands))]
	results := make([]pilotResult, len(cands))
	workers := max(1, min(runtime.GOMAXPROCS(0), 4))
	best, bestCost := 0, 0.0
	// A page's cost only grows as it is completed, and the candidates come cheapest first:
	// once a candidate's own cost leaves its page no cheaper than the best completed, no
	// later one can win, and they are not completed.
	promising := func(i int) bool { return i < workers || pb.cost+cands[i].cost < bestCost }
	for start, end := 0, 0; start < len(cands) && promising(start); start = end {
		for end = start + 1; end < min(start+workers, len(cands)) && promising(end); end++ {
		}
		first := start
		if start == 0 && known != nil {
			results[0], first = *known, 1
		}
		parallel(end-first, workers, func(k int) {
			i := first + k
			trial := pb.clone()
			c.commit(trial, cands[i], seg)
			c.greedy(trial, queue, fillers)
			results[i] = pilotResult{c.total(trial, queue), trial.cost, trial.waste}
		})
		for i := start; i < end; i++ {
			if r := results[i]; i == 0 || r.total < bestCost {
				best, bestCost = i, r.total
			}
			if r := results[i]; bestCost <= r.cost && r.waste == 0 && i >= 2 {
				return best, &results[best] // a page with no white that only its own choices cost: good enough
			}
		}
	}
	return best, &results[best]
}

// pilotResult is what a greedy completion of a page came to.
type pilotResult struct {
	total, cost float64
	waste       int
}

// retries is how many other openings a page with white left on it is tried with.
const retries = 3

// search packs the page band by band. With first >= 0 the first band that has candidates
// (a shallow strip above an ad may come before it) takes its first-best candidate (by
// immediate cost) instead of the pilots' choice; it reports false when there is no such
// candidate.
//
// t records the choices the pilots make, or, when it replays, makes them instead.
func (c *composer) search(pb *pageBuild, queue, fillers []*Story, first int, t *tape) bool {
	var carried *pilotResult // the greedy completion of the page from here, when known
	opened := first < 0      // the first band with candidates takes the opening asked for
	for guard := 0; guard < 100; guard++ {
		seg, ok := pb.lowest()
		if !ok {
			break
		}
		if t.replay {
			pick, ok := t.next()
			if !ok {
				return false
			}
			if pick == noPick {
				c.rescueOrClose(pb, seg, queue, fillers)
				continue
			}
			list := c.sourceCandidates(pb, seg, queue, fillers, int(pick>>24))
			if i := int(pick & (1<<24 - 1)); i < len(list) && list[i].pick == pick {
				c.commit(pb, list[i], seg)
				continue
			}
			t.broken = true
			return false
		}
		cands := c.candidates(pb, seg, queue, fillers)
		if len(cands) == 0 {
			carried = nil // greedy closes the band; the search may rescue it
			t.picks = append(t.picks, noPick)
			c.rescueOrClose(pb, seg, queue, fillers)
			continue
		}
		choice := 0
		if !opened {
			opened = true
			if first >= len(cands) {
				return false
			}
			choice = first
		} else {
			choice, carried = c.pilot(pb, seg, cands, queue, fillers, carried)
		}
		t.picks = append(t.picks, cands[choice].pick)
		c.commit(pb, cands[choice], seg)
	}
	c.finishSmall(pb)
	return true
}

// rescueOrClose fills a band that has no candidates with what rescue finds, or closes it.
func (c *composer) rescueOrClose(pb *pageBuild, seg segment, queue, fillers []*Story) {
	if cd, ok := c.rescue(pb, seg, queue, fillers); ok {
		c.commit(pb, cd, seg)
	} else {
		pb.close(seg)
	}
}

// finishSmall deals with the strips too shallow for any story (fewer than minBand lines):
// the pieces standing on them deepen into them where they can; what remains is waste.
func (c *composer) finishSmall(pb *pageBuild) {
	for guard := 0; guard < 50; guard++ {
		best := -1
		var t, b int
		for col := range pb.top {
			ct, cb := pb.band(col)
			if cb > ct && (best < 0 || ct < t) {
				best, t, b = col, ct, cb
			}
		}
		if best < 0 {
			return
		}
		seg := segment{col: best, w: 1, top: t, bottom: b}
		for col := best + 1; col < len(pb.top); col++ {
			if ct, cb := pb.band(col); ct != t || cb != b {
				break
			}
			seg.w++
		}
		cands := c.growCandidates(pb, seg)
		if len(cands) == 0 {
			pb.close(seg)
			continue
		}
		sortCandidates(cands)
		c.commit(pb, cands[0], seg)
	}
}

// spread deepens the pieces of a finished page that stand on white no story took, down
// to the next piece, block or the foot: blank lines open at more of their paragraph breaks
// than the packer allows itself, or a pull quote is set. A page read with a few more gaps
// between paragraphs looks better than one with a hole.
func (c *composer) spread(pb *pageBuild) {
	if pb.waste > pb.frame.Cols*pb.frame.Lines/4 {
		return // the stories ran out (the paper's last page): its white is not a hole
	}
	for i, p := range pb.places {
		if p.cut || p.Fixed {
			continue
		}
		deep := pb.freeBelow(p) - p.Top
		if deep <= p.H {
			continue
		}
		q := c.fit(p.Story, p.From, fitOptions{w: p.W, maxH: deep, exact: true, sep: p.SepAbove, label: p.label, loose: true})
		if q == nil || q.To != p.To {
			continue
		}
		// The deepest panel the story allows, if not the whole gap: a hole made smaller.
		for d := deep; d-q.H >= minQuoteLines; d-- {
			if qq := c.addQuote(q, d); qq != nil {
				q = qq
				break
			}
		}
		if q.H <= p.H {
			continue
		}
		r := *q
		r.Page, r.Col, r.Top, r.JumpFrom = p.Page, p.Col, p.Top, p.JumpFrom
		pb.waste -= (r.H - p.H) * p.W
		pb.places[i] = &r
	}
}

// freeBelow is the first line under p, across its columns, that holds another piece or a
// block, or the foot of the page.
func (pb *pageBuild) freeBelow(p *Placement) int {
	bottom := p.Top + p.H
	limit := pb.frame.Lines
	for _, q := range pb.places {
		if q != p && q.Col < p.Col+p.W && p.Col < q.Col+q.W && q.Top+q.H > bottom {
			limit = min(limit, max(q.Top, bottom))
		}
	}
	for _, b := range pb.blocks {
		if b.col < p.Col+p.W && p.Col < b.col+b.w && b.to > bottom {
			limit = min(limit, max(b.from, bottom))
		}
	}
	return limit
}

// rescue looks further than the usual candidates before a band is given up: any story of
// the queue or the fillers, at any width that fits, cut for a jump if need be, taking
// whichever fills the most of the band.
func (c *composer) rescue(pb *pageBuild, seg segment, queue, fillers []*Story) (candidate, bool) {
	var best candidate
	found := false
	H := seg.bottom - seg.top
	for _, list := range [][]*Story{queue, fillers} {
		for _, s := range c.eligible(pb, list) {
			from := pb.progress(s)
			label := ""
			if !pb.isFront && s.Art.Section != pb.section {
				label = strings.ToUpper(s.Art.Section)
			}
			for w := seg.w; w >= 1; w-- {
				p := c.fit(s, from, fitOptions{w: w, maxH: H, exact: true, cut: s.Art.Jump, sep: seg.sep, label: label})
				if p == nil {
					continue
				}
				if !found || p.H*p.W > best.h*best.w {
					best, found = single(p, costJump), true
				}
			}
		}
	}
	return best, found
}

// greedy completes a page taking the locally best candidate for each band.
func (c *composer) greedy(pb *pageBuild, queue, fillers []*Story) {
	for guard := 0; guard < 100; guard++ {
		seg, ok := pb.lowest()
		if !ok {
			return
		}
		cands := c.candidates(pb, seg, queue, fillers)
		if len(cands) == 0 {
			pb.close(seg)
			continue
		}
		c.commit(pb, cands[0], seg)
	}
}

// total is the cost of a finished page: its choices, its empty space, and the section's
// stories it leaves for a later page (the earlier in the queue, the worse).
func (c *composer) total(pb *pageBuild, queue []*Story) float64 {
	t := pb.cost + float64(pb.waste)*costWaste
	for i, s := range c.firstEligible(pb, queue, lookahead) {
		t += costDefer * float64(lookahead-i) / lookahead
		if s.Next > 0 {
			t += costDefer // a continuation should not wait
		}
	}
	return t
}

// eligible lists the queue's stories that may go on this page, in order.
func (c *composer) eligible(pb *pageBuild, queue []*Story) []*Story {
	return c.firstEligible(pb, queue, len(queue))
}

// firstEligible is the first n of eligible: the searches look a few stories ahead, and a
// large edition's queue holds hundreds.
func (c *composer) firstEligible(pb *pageBuild, queue []*Story, n int) []*Story {
	var out []*Story
	for _, s := range queue {
		if len(out) >= n {
			break
		}
		c.reads.note(s)
		if s.unplaceable {
			continue
		}
		from := pb.progress(s)
		if from >= len(s.Galley.Lines) && (len(s.Pieces) > 0 || pb.next[s] > 0) {
			continue
		}
		if _, here := pb.next[s]; here {
			continue // a continuation goes to a later page
		}
		out = append(out, s)
	}
	return out
}

// candidates lists ways to fill the segment, cheapest first: the queue's stories, then
// (if none fits) the fillers', and the pieces on the band's top that could deepen into it.
func (c *composer) candidates(pb *pageBuild, seg segment, queue, fillers []*Story) []candidate {
	stories := c.storyCandidates(pb, seg, queue, fillers)
	grows := c.sourceCandidates(pb, seg, queue, fillers, srcGrows)
	if len(grows) == 0 {
		return stories[:len(stories):len(stories)] // shared with the memo: appending copies
	}
	return mergeCandidates(stories, grows)
}

// A band's candidates merge three lists, each sorted: single stories, stacks of stories, and
// pieces that deepen. The decision log records a choice as its list and its place there
// (see pickOf), so that a replay works out that list alone.
const (
	srcSingles = iota
	srcStacks
	srcGrows
)

// sourceCandidates is one of the lists candidates merges, sorted, each candidate tagged with
// where it stands in it.
func (c *composer) sourceCandidates(pb *pageBuild, seg segment, queue, fillers []*Story, src int) []candidate {
	var out []candidate
	switch src {
	case srcSingles:
		out = c.candidatesFrom(pb, seg, queue, 0)
		if len(out) == 0 && pb.isFront && len(pb.places) == 0 {
			out = c.candidatesFrom(pb, seg, queue, 0.001) // a lead too deep for its share: any depth
		}
		if len(out) == 0 && len(fillers) > 0 {
			out = c.candidatesFrom(pb, seg, fillers, costFiller)
		}
	case srcStacks:
		if !(pb.isFront && len(pb.places) == 0) {
			out = c.stackCandidates(pb, seg, queue, fillers)
		}
	case srcGrows:
		out = c.growCandidates(pb, seg)
	}
	sortCandidates(out)
	for i := range out {
		out[i].pick = pickOf(src, i)
	}
	return out
}

// pickOf encodes a candidate's list and its place in it; noPick is a band that had none.
func pickOf(src, i int) int32 { return int32(src<<24 | min(i, 1<<24-1)) }

const noPick = -1

// storyCandidates is the stories' part of candidates, sorted. It depends on the band and on
// which stories the page holds already, not on where the placed pieces stand, and the
// pilots' completions of a page ask for the same band with the same stories many times: it
// is cached for the page being packed, keyed by those.
func (c *composer) storyCandidates(pb *pageBuild, seg segment, queue, fillers []*Story) []candidate {
	var keyBuf [256]byte
	kb := keyBuf[:0]
	for _, v := range []int{seg.col, seg.w, seg.top, seg.bottom, btoi(seg.sep), btoi(pb.isFront && len(pb.places) == 0)} {
		kb = strconv.AppendInt(kb, int64(v), 10)
		kb = append(kb, ',')
	}
	// The stories already on the page are not eligible again, whatever their progress:
	// which stories they are is all the candidates depend on.
	var onPageBuf [16]int // a page holds few stories: no allocation on this hot path
	onPage := onPageBuf[:0]
	for s := range pb.next {
		onPage = append(onPage, s.Order)
	}
	slices.Sort(onPage)
	for _, o := range onPage {
		kb = append(kb, '|')
		kb = strconv.AppendInt(kb, int64(o), 10)
	}
	if out, ok := c.storyCands.lookup(kb); ok {
		return out
	}
	out := c.storyCandidatesUncached(pb, seg, queue, fillers)
	c.storyCands.store(string(kb), out)
	return out
}

// mergeCandidates merges two sorted lists as sorting them joined would, the first list's
// candidates ahead of the second's among equals.
func mergeCandidates(a, b []candidate) []candidate {
	out := make([]candidate, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if x, y := a[0], b[0]; y.cost < x.cost || y.cost == x.cost && y.h*y.w > x.h*x.w {
			out, b = append(out, y), b[1:]
		} else {
			out, a = append(out, x), a[1:]
		}
	}
	return append(append(out, a...), b...)
}

func (c *composer) storyCandidatesUncached(pb *pageBuild, seg segment, queue, fillers []*Story) []candidate {
	return mergeCandidates(c.sourceCandidates(pb, seg, queue, fillers, srcSingles),
		c.sourceCandidates(pb, seg, queue, fillers, srcStacks))
}

// growCandidates offers to deepen a piece standing on the band down to the band's foot (a
// larger photo, blank lines between paragraphs, a pull quote) instead of adding a story. A
// piece higher in the same column stack may take the growth instead, the pieces below it
// moving down.
func (c *composer) growCandidates(pb *pageBuild, seg segment) []candidate {
	var out []candidate
	for i, p := range pb.places {
		if p.Top+p.H != seg.top || p.Col < seg.col || p.Col+p.W > seg.col+seg.w {
			continue
		}
		gap := seg.bottom - seg.top
		// The stack of pieces of the same columns standing on each other, bottom first.
		chain := []int{i}
		for {
			top := pb.places[chain[len(chain)-1]]
			next := -1
			for j, q := range pb.places {
				if q.Col == p.Col && q.W == p.W && q.Top+q.H == top.Top {
					next = j
				}
			}
			if next < 0 || len(chain) == 4 {
				break
			}
			chain = append(chain, next)
		}
		for rank, idx := range chain {
			m := pb.places[idx]
			// A cut piece grows only into a strip too thin for a story: into anything
			// deeper, another story is worth more to the reader than more of this one.
			if m.Fixed || m.cut && gap >= minBand {
				continue
			}
			deep := m.H + gap
			q := c.fit(m.Story, m.From, fitOptions{w: m.W, maxH: deep, exact: true, sep: m.SepAbove, label: m.label, cut: m.cut})
			if m.cut {
				// A piece cut for a jump deepens by setting more of its story here; what it
				// leaves for the continuation is still long enough (cutTo sees to that).
				if q == nil || !q.cut || q.H != deep || q.To <= m.To {
					continue
				}
			} else if q == nil || q.To != m.To {
				continue
			}
			cost := float64(costGrow)
			if q.H < deep {
				if q = c.addQuote(q, deep); q == nil {
					continue
				}
				cost = costQuote
			}
			r := *q
			r.Page, r.Col, r.Top, r.JumpFrom = m.Page, m.Col, m.Top, m.JumpFrom
			cd := candidate{ps: []*Placement{&r}, w: p.W, h: gap, cost: cost + float64(rank), grow: idx}
			for _, below := range chain[:rank] {
				moved := *pb.places[below]
				moved.Top += gap
				cd.ps, cd.moved = append(cd.ps, &moved), append(cd.moved, below)
			}
			out = append(out, cd)
		}
	}
	return out
}

func (c *composer) candidatesFrom(pb *pageBuild, seg segment, queue []*Story, extra float64) []candidate {
	var out []candidate
	H := seg.bottom - seg.top
	if pb.isFront && len(pb.places) == 0 && extra == 0 {
		// Page 1's lead leaves room for more of the day's top stories.
		H = min(H, pb.frame.Lines*leadShare/100-seg.top)
	}
	lead := pb.isFront && len(pb.places) == 0
	n := lookahead
	if lead {
		n = 1 // page 1 opens with the edition's lead, top left
	}
	for i, s := range c.firstEligible(pb, queue, n) {
		from := pb.progress(s)
		label := ""
		if !pb.isFront && s.Art.Section != pb.section {
			label = strings.ToUpper(s.Art.Section)
		}
		for wi, w := range c.widths(s, from, c.ed.Page.Columns) {
			if w > seg.w {
				continue
			}
			cut := s.Art.Jump
			p := c.fit(s, from, fitOptions{w: w, maxH: H, exact: true, cut: cut, sep: seg.sep, label: label})
			if p == nil {
				continue
			}
			cost := extra + float64(i)*costSkip + float64(wi)*costWidth
			if gap := H - p.H; gap > 0 && gap < minBand+2 {
				cost += float64(gap*w) * costWaste // a strip too thin for another story
			}
			if p.cut {
				if pb.isFront {
					cost += costJumpFront
				} else {
					cost += costJump
				}
			}
			// The first story of page 1 is the lead: it takes the width of the page.
			if len(pb.places) == 0 && pb.isFront {
				cost += float64(seg.w-w) * 8
			}
			out = append(out, single(p, cost))
		}
	}
	return out
}

// stackCandidates offers, for each width that fits the segment, the best stack of stories
// filling that column band exactly to its bottom.
func (c *composer) stackCandidates(pb *pageBuild, seg segment, queue, fillers []*Story) []candidate {
	H := seg.bottom - seg.top
	// Each story's terms do not depend on the stack's width: work them out once.
	type option struct {
		s      *Story
		from   int
		label  string
		widths []int
		base   float64 // its place in the combined order: skipping earlier stories costs
		filler bool
	}
	opts := make([]option, 0, 2*(lookahead+2))
	n := 0
	for li, list := range [][]*Story{queue, fillers} {
		for _, s := range c.firstEligible(pb, list, lookahead+2) {
			n++
			from := pb.progress(s)
			label := ""
			if !pb.isFront && s.Art.Section != pb.section {
				label = strings.ToUpper(s.Art.Section)
			}
			base := float64(n-1) * costSkip
			if li == 1 {
				base += costFiller
			}
			opts = append(opts, option{s, from, label, c.widths(s, from, c.ed.Page.Columns), base, li == 1})
		}
	}
	var out []candidate
	items := make([]stackItem, 0, len(opts))
	for w := 1; w <= seg.w; w++ {
		items = items[:0]
		for _, o := range opts {
			if wi := indexOf(o.widths, w); wi >= 0 {
				items = append(items, stackItem{s: o.s, from: o.from, cost: o.base + float64(wi)*costWidth, label: o.label, filler: o.filler})
			}
		}
		if len(items) == 0 {
			continue
		}
		ps, gap, cost := c.bestStack(items, w, H, seg.sep)
		if len(ps) == 0 {
			continue
		}
		// The stack's own height: what it leaves at the foot stays open for others.
		out = append(out, candidate{ps: ps, w: w, h: H - gap, cost: cost + float64(len(ps)-1), grow: -1})
	}
	return out
}

func indexOf(xs []int, x int) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

// sortCandidates orders by cost, then by height (taller fills more), stably.
func sortCandidates(cs []candidate) {
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0; j-- {
			a, b := cs[j-1], cs[j]
			if b.cost < a.cost || b.cost == a.cost && b.h*b.w > a.h*a.w {
				cs[j-1], cs[j] = b, a
				continue
			}
			break
		}
	}
}

func (c *composer) commit(pb *pageBuild, cd candidate, seg segment) {
	pb.cost += cd.cost
	if cd.grow >= 0 {
		p := cd.ps[0]
		pb.places[cd.grow] = p
		pb.next[p.Story] = p.To // a cut piece grows by taking more of its story
		bottom := p.Top + p.H
		for k, idx := range cd.moved {
			pb.places[idx] = cd.ps[k+1]
			bottom = max(bottom, cd.ps[k+1].Top+cd.ps[k+1].H)
		}
		for col := p.Col; col < p.Col+p.W; col++ {
			pb.top[col] = bottom
		}
		return
	}
	pb.place(cd, seg)
}

// apply makes a finished page's placements part of their stories, linking jumps.
func (c *composer) apply(pb *pageBuild) {
	for _, p := range pb.places {
		s := p.Story
		if n := len(s.Pieces); n > 0 {
			prev := s.Pieces[n-1]
			prev.JumpTo = p.Page
			p.JumpFrom = prev.Page
		}
		s.Pieces = append(s.Pieces, p)
		s.Next = p.To
	}
}
