package compose

import (
	"math"
)

// pageBuild is a page being packed: per column, the free band [top, bottom) in grid lines.
type pageBuild struct {
	frame    *Frame
	top      []int
	bottom   []int
	above    []bool // a story already sits above the free band in this column
	places   []*Placement
	ads      []*adPlacement
	section  string
	isFront  bool // page 1
	header   int  // lines of furniture at the top
	waste    int  // column-lines left empty
	sectHead string
}

func (pb *pageBuild) free() int {
	n := 0
	for c := range pb.top {
		n += max(0, pb.bottom[c]-pb.top[c])
	}
	return n
}

// segment is a run of columns with a common free band.
type segment struct {
	col, w      int
	top, bottom int
	sep         bool
}

// minBand is the smallest free band worth offering to a story: a head and three lines.
const minBand = 6

// lowest finds the highest free band on the page (the smallest top), leftmost first, and
// widens it over neighbours whose band starts at most two lines lower and ends at the same
// line, so that stories line up in tiers as on a real page.
func (pb *pageBuild) lowest() (segment, bool) {
	best := -1
	for c := range pb.top {
		if pb.bottom[c]-pb.top[c] < minBand {
			continue
		}
		if best < 0 || pb.top[c] < pb.top[best] {
			best = c
		}
	}
	if best < 0 {
		return segment{}, false
	}
	seg := segment{col: best, w: 1, top: pb.top[best], bottom: pb.bottom[best], sep: pb.above[best]}
	// Extend left and right.
	ok := func(c int) bool {
		return pb.bottom[c] == seg.bottom && pb.top[c] >= seg.top && pb.top[c] <= seg.top+2 && pb.bottom[c]-pb.top[c] >= minBand
	}
	for c := best - 1; c >= 0 && ok(c); c-- {
		seg.col, seg.w = c, seg.w+1
	}
	for c := seg.col + seg.w; c < len(pb.top) && ok(c); c++ {
		seg.w++
	}
	for c := seg.col; c < seg.col+seg.w; c++ {
		seg.top = max(seg.top, pb.top[c])
		seg.sep = seg.sep || pb.above[c]
	}
	return seg, true
}

// close marks a band as unusable, counting it as waste.
func (pb *pageBuild) close(col, w int) {
	for c := col; c < col+w; c++ {
		pb.waste += max(0, pb.bottom[c]-pb.top[c])
		pb.top[c] = pb.bottom[c]
	}
}

func (pb *pageBuild) place(p *Placement, seg segment) {
	p.Page = pb.frame.Number
	p.Col = seg.col
	p.Top = seg.top
	for c := p.Col; c < p.Col+p.W; c++ {
		pb.waste += max(0, seg.top-pb.top[c]) // lines lost to levelling the band
		pb.top[c] = p.Top + p.H
		pb.above[c] = true
	}
	pb.places = append(pb.places, p)
}

// widths lists the widths a story may take, most preferred first, given its priority and
// length and the page's column count.
func (c *composer) widths(s *Story, cols int) []int {
	lines := s.Remaining()
	var pref []int
	switch p := s.Art.Priority; {
	case s.Next > 0:
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
	seen := map[int]bool{}
	var out []int
	for _, w := range pref {
		if w < 1 || w > cols || seen[w] {
			continue
		}
		if lines > 0 && lines < minPieceLines*w {
			continue
		}
		seen[w] = true
		out = append(out, w)
	}
	if len(out) == 0 {
		out = []int{1}
	}
	return out
}

// candidate is one way to fill a segment.
type candidate struct {
	p    *Placement
	cost float64
	idx  int
}

// lookahead is how many stories of the queue are considered for each band: more finds better
// fits, fewer keeps the paper's priority order.
const lookahead = 5

// packPage fills the page from the queue, band by band; fillers (stories of later
// sections) are offered where the queue has nothing that fits. It returns how many pieces
// it placed.
func (c *composer) packPage(pb *pageBuild, queue, fillers []*Story) int {
	n := 0
	for guard := 0; guard < 200; guard++ {
		seg, ok := pb.lowest()
		if !ok {
			break
		}
		best := c.bestFor(pb, seg, queue, 0)
		if best == nil && len(fillers) > 0 {
			best = c.bestFor(pb, seg, fillers, 40)
		}
		if best == nil {
			pb.close(seg.col, seg.w)
			continue
		}
		c.commit(pb, best.p, seg)
		n++
	}
	return n
}

// eligible lists the queue's stories that may go on this page, in order.
func (c *composer) eligible(pb *pageBuild, queue []*Story) []*Story {
	var out []*Story
	for _, s := range queue {
		if s.Next >= len(s.Galley.Lines) && len(s.Pieces) > 0 {
			continue
		}
		if n := len(s.Pieces); n > 0 && s.Pieces[n-1].Page == pb.frame.Number {
			continue // a continuation goes to a later page
		}
		out = append(out, s)
	}
	return out
}

func (c *composer) bestFor(pb *pageBuild, seg segment, queue []*Story, extra float64) *candidate {
	stories := c.eligible(pb, queue)
	var best *candidate
	H := seg.bottom - seg.top
	for i, s := range stories {
		if i >= lookahead {
			break
		}
		for wi, w := range c.widths(s, c.ed.Page.Columns) {
			if w > seg.w {
				continue
			}
			cut := s.Art.Jump && extra == 0 // a filler is never cut: it fills, it does not jump
			p := c.fit(s, fitOptions{w: w, maxH: H, exact: true, cut: cut, sep: seg.sep})
			if p == nil {
				continue
			}
			cost := extra + float64(i)*60 + float64(wi)*15
			gap := H - p.H
			if gap > 0 && gap < minBand+2 {
				cost += float64(gap*w) * 4 // a strip too thin for another story
			}
			if p.JumpTo != 0 {
				if pb.isFront {
					cost += 10
				} else {
					cost += 150
				}
			}
			if w < seg.w && seg.w-w < 2 && p.H < H {
				cost += 5
			}
			// Prefer taking the whole band's width on the first (lead) story of a page.
			if len(pb.places) == 0 && pb.isFront {
				cost += float64(seg.w-w) * 8
			}
			if best == nil || cost < best.cost || (cost == best.cost && p.H > best.p.H) {
				best = &candidate{p: p, cost: cost, idx: i}
			}
		}
	}
	return best
}

func (c *composer) commit(pb *pageBuild, p *Placement, seg segment) {
	s := p.Story
	if len(s.Pieces) > 0 {
		prev := s.Pieces[len(s.Pieces)-1]
		prev.JumpTo = pb.frame.Number
		p.JumpFrom = prev.Page
	}
	pb.place(p, seg)
	s.Pieces = append(s.Pieces, p)
	s.Next = p.To
	_ = math.Inf
}
