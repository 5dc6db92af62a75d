package compose

import (
	"epaper/layout/text"
)

// Placement is a piece of a story on a page: a rectangle of whole columns and grid lines,
// and the range of galley lines it holds.
type Placement struct {
	Story         *Story
	Page          int
	Col, W        int
	Top, H        int // grid lines from the live area's top
	Head          *headBlock
	SepAbove      bool // a rule and a line of space separate it from the story above
	Photo         *PhotoInfo
	PhotoLines    int
	PhotoCols     int
	Inset         *PhotoInfo // a second photo at the head of the last InsetCols columns
	InsetCols     int
	InsetLines    int
	InsetCap      []drawnLine
	InsetCapLines int
	Caption       []drawnLine
	CapLines      int
	From, To      int // galley lines [From, To)
	Cols          []text.Column
	BodyTops      []int // per column: first body line, relative to the story's top
	JumpTo        int   // page the story continues on (0: it ends here)
	JumpFrom      int   // page this piece continues from (0: it starts here)
	Fixed         bool  // placed by the manifest
	cut           bool  // the story continues after this piece
	label         string
	Quote         []drawnLine // a pull-quote panel at the foot, QuoteLines deep
	QuoteLines    int
}

// Bottom is the first grid line below the piece.
func (p *Placement) Bottom() int { return p.Top + p.H }

// minPieceLines is the least body a piece of a story may show per column, so that a headline
// always has at least three lines under it (the orphaned-headline rule).
const minPieceLines = 3

// Jump thresholds in body lines: shorter stories are not cut, and a continuation must be
// worth turning the page for.
const (
	minCutStory     = 60
	minContinuation = 12
)

// fitOptions describes what the packer asks of a story.
type fitOptions struct {
	w      int
	maxH   int  // the story may not be deeper than this
	exact  bool // fill maxH exactly (photo crop, or cut and jump)
	cut    bool // cutting (jumping) allowed
	sep    bool // the piece sits below another story: one line of separation above
	noGrow bool // do not grow the photo beyond its natural crop
	loose  bool // stretch: a blank line at every paragraph break, however short the paragraphs
	label  string
}

// fit sets a story (or its continuation) at width o.w into at most o.maxH lines. The result
// may be shorter than maxH when nothing can take up the slack; nil means the story cannot be
// placed under these terms.
func (c *composer) fit(s *Story, from int, o fitOptions) *Placement {
	if o.w < 1 || o.maxH <= 0 {
		return nil
	}
	return c.fits.get(fitKey{s, from, c.photoScale, o}, func() *Placement { return c.fitUncached(s, from, o) })
}

// fitKey identifies a fit; fits are pure functions of it, so packing alternatives for a
// page (which asks the same questions many times) reuse them.
type fitKey struct {
	s     *Story
	from  int
	scale float64 // the pagination's photoScale
	o     fitOptions
}

func (c *composer) fitUncached(s *Story, from int, o fitOptions) *Placement {
	cont := from > 0
	hb := c.head(s, o.w, cont, o.label)
	sep := 0
	if o.sep {
		sep = 1
	}
	pl := &Placement{Story: s, W: o.w, Head: hb, SepAbove: o.sep, From: from, label: o.label}
	fixed := sep + hb.height
	remaining := len(s.Galley.Lines) - from
	if remaining > 0 && remaining < minPieceLines*o.w && o.w > 1 {
		return nil // some column would hold fewer than three lines under the headline
	}
	if cont || len(s.Photos) == 0 {
		depth, cols, next := c.balance(s.Galley, from, uniform(o.w, fixed), o.maxH)
		if next == len(s.Galley.Lines) {
			return c.stretch(c.finish(pl, fixed, depth, cols, next, nil, 0), o)
		}
		return c.cutTo(pl, s, from, o, fixed, nil, 0)
	}
	main := c.media(&s.Photos[0], o.w, fixed)
	if withInset := c.withInset(main, s); withInset != main {
		if p := c.fitMedia(pl, s, from, o, fixed, withInset); p != nil {
			return p
		}
	}
	// Without room for the second photo, the story still runs with its first.
	return c.fitMedia(pl, s, from, o, fixed, main)
}

func (c *composer) fitMedia(proto *Placement, s *Story, from int, o fitOptions, fixed int, pm *photoMedia) *Placement {
	pl := *proto
	pl.PhotoCols, pl.Caption, pl.CapLines = pm.cols, pm.caption, pm.capLines
	hi := pm.hi
	if o.noGrow {
		hi = pm.nat
	}
	// Crop the photo tighter before giving up on setting the whole story here.
	for _, p := range []int{pm.nat, (pm.nat + pm.lo) / 2, pm.lo} {
		depth, cols, next := c.balance(s.Galley, from, pm.tops(p), o.maxH)
		if next < len(s.Galley.Lines) {
			continue
		}
		if o.exact {
			// Grow the photo (a looser crop) to take up the slack.
			for q := p + 1; q <= hi; q++ {
				d, cs, nx := c.balance(s.Galley, from, pm.tops(q), o.maxH)
				if nx < len(s.Galley.Lines) || d > o.maxH {
					break
				}
				p, depth, cols = q, d, cs
				if d == o.maxH {
					break
				}
			}
		}
		return c.stretch(c.finish(&pl, fixed, depth, cols, next, pm, p), o)
	}
	return c.cutTo(&pl, s, from, o, fixed, pm, pm.lo)
}

// stretchEvery is how many lines of a column may share one opened blank line.
const stretchEvery = 5

// stretch deepens a complete piece towards o.maxH by opening whole blank lines between
// paragraphs (vertical justification on the baseline grid), at most one per paragraph break
// and one per stretchEvery lines of a column, so that a story fills its rectangle instead of leaving
// a strip of white below it.
func (c *composer) stretch(p *Placement, o fitOptions) *Placement {
	if p == nil || !o.exact || p.H >= o.maxH {
		return p
	}
	can := o.maxH - p.H
	for k, col := range p.Cols {
		lines := col.To - col.From
		room := p.H - p.BodyTops[k] - lines
		limit := breaks(p.Story.Galley, col)
		if !o.loose {
			limit = min(limit, lines/stretchEvery)
		}
		can = min(can, limit-room)
	}
	if can > 0 {
		p.H += can
	}
	return p
}

// breaks counts the paragraph breaks inside a column where a blank line may open.
func breaks(g *text.Galley, col text.Column) int {
	n := 0
	for i := col.From + 1; i < col.To; i++ {
		if openable(g, i) {
			n++
		}
	}
	return n
}

// openable reports whether a blank line may open before galley line i: a new paragraph
// that is not already set off by a subhead's space.
func openable(g *text.Galley, i int) bool {
	a, b := g.Lines[i-1], g.Lines[i]
	return a.Para != b.Para && a.Kind == text.BodyLine && b.Kind == text.BodyLine
}

// photoMedia is a photo set for a story width: it spans the first cols columns under the
// head, its caption below it; the other columns' text starts right under the head.
type photoMedia struct {
	info        *PhotoInfo
	cols        int
	lo, nat, hi int // image height range in grid lines
	caption     []drawnLine
	capLines    int
	w, fixed    int

	inset                 *PhotoInfo // a second photo, at the head of the last column(s)
	insetCols, insetLines int
	insetCap              []drawnLine
	insetCapLines         int
}

func (pm *photoMedia) tops(photoLines int) []int {
	t := uniform(pm.w, pm.fixed)
	for i := 0; i < pm.cols; i++ {
		t[i] = pm.fixed + photoLines + pm.capLines
	}
	if pm.inset != nil {
		for i := pm.w - pm.insetCols; i < pm.w; i++ {
			t[i] += pm.insetLines + pm.insetCapLines + 1
		}
	}
	return t
}

// media decides how a photo sits in a story w columns wide: across all of them when it is
// landscape and sharp enough, else across fewer.
func (c *composer) media(p *PhotoInfo, w, fixed int) *photoMedia {
	pw := w
	if p.Aspect < 0.9 && w >= 3 {
		pw = (w + 1) / 2 // a portrait across a wide story would be taller than the page
	}
	for pw > 1 && !c.photoFits(p, pw) {
		pw--
	}
	pm := &photoMedia{info: p, cols: pw, w: w, fixed: fixed}
	pm.caption, pm.capLines = c.caption(p, pw)
	pm.lo, pm.hi = c.photoRange(p, pw)
	pm.nat = min(max(c.naturalPhotoLines(p, pw), pm.lo), pm.hi)
	return pm
}

// withInset adds a story's second photo to its media: an inset at the head of the last
// column (two columns in a wide story), under the main photo if that spans it.
func (c *composer) withInset(pm *photoMedia, s *Story) *photoMedia {
	if len(s.Photos) < 2 || pm.w < 2 {
		return pm
	}
	q := *pm
	in := &s.Photos[1]
	q.inset, q.insetCols = in, 1
	if pm.w >= 5 && c.photoFits(in, 2) && in.Aspect >= 0.9 {
		q.insetCols = 2
	}
	lo, hi := c.photoRange(in, q.insetCols)
	q.insetLines = min(max(c.naturalPhotoLines(in, q.insetCols), lo), hi, c.frame(1).Lines*2/5)
	q.insetCap, q.insetCapLines = c.caption(in, q.insetCols)
	return &q
}

func uniform(w, top int) []int {
	tops := make([]int, w)
	for i := range tops {
		tops[i] = top
	}
	return tops
}

// cutTo fills exactly o.maxH lines and leaves the rest of the story for a later page.
func (c *composer) cutTo(pl *Placement, s *Story, from int, o fitOptions, fixed int, pm *photoMedia, photoLines int) *Placement {
	if !o.cut {
		return nil
	}
	tops := uniform(o.w, fixed)
	if pm != nil {
		tops = pm.tops(photoLines)
	}
	avail := o.maxH - 1 // the jump line
	top := 0
	for _, t := range tops {
		top = max(top, t)
	}
	if avail-top < minPieceLines+1 {
		return nil
	}
	total := len(s.Galley.Lines) - from
	if from == 0 && total < minCutStory {
		return nil // a short story is never worth a jump
	}
	if f := c.frame(1); from > 0 && total < f.Lines*f.Cols/2 {
		return nil // a continuation jumps again only when it could not fit on any page
	}
	caps := make([]int, o.w)
	for i, t := range tops {
		caps[i] = avail - t
	}
	cols, next := s.Galley.Fill(from, caps)
	// A word hyphenated across the jump would be read as two: end the piece a line earlier.
	for next > from && next < len(s.Galley.Lines) && s.Galley.Lines[next-1].Hyphen && caps[len(caps)-1] > minPieceLines {
		caps[len(caps)-1]--
		cols, next = s.Galley.Fill(from, caps)
	}
	if left := len(s.Galley.Lines) - next; left < max(minContinuation, total/5) {
		return nil // a continuation of a few lines is worse than not cutting
	}
	for _, col := range cols {
		if col.To-col.From < minPieceLines*2 {
			return nil
		}
	}
	p := c.finish(pl, fixed, o.maxH, cols, next, pm, photoLines)
	if p != nil {
		p.cut = true
	}
	return p
}

func (c *composer) finish(pl *Placement, fixed, depth int, cols []text.Column, next int, pm *photoMedia, photoLines int) *Placement {
	for _, col := range cols {
		if col.To-col.From < minPieceLines && next-pl.From >= minPieceLines*len(cols) {
			return nil // a column with no text under the headline (the orphaned-headline rule)
		}
	}
	pl.H, pl.Cols, pl.To = depth, cols, next
	pl.BodyTops = uniform(len(cols), fixed)
	if pm != nil {
		pl.Photo, pl.PhotoLines = pm.info, photoLines
		pl.PhotoCols, pl.Caption, pl.CapLines = pm.cols, pm.caption, pm.capLines
		pl.BodyTops = pm.tops(photoLines)
		pl.Inset, pl.InsetCols, pl.InsetLines = pm.inset, pm.insetCols, pm.insetLines
		pl.InsetCap, pl.InsetCapLines = pm.insetCap, pm.insetCapLines
	}
	return pl
}

// balance spreads the story's remaining lines over columns whose bodies start at tops, at the
// smallest depth that holds them all (at most maxDepth), the first columns taking the extra
// line when the count does not divide evenly.
func (c *composer) balance(g *text.Galley, from int, tops []int, maxDepth int) (depth int, cols []text.Column, next int) {
	w := len(tops)
	highest, sum := 0, 0
	for _, t := range tops {
		if t+minPieceLines > maxDepth {
			return maxDepth, nil, from // no room for text under the head in some column
		}
		highest, sum = max(highest, t), sum+t
	}
	// No depth below the one at which the columns' room adds up to the lines can hold them.
	lo := max(highest+1, (len(g.Lines)-from+sum+w-1)/w)
	for d := lo; d <= maxDepth; d++ {
		cols, next = fillBalanced(g, from, tops, d, d-lo)
		if next == len(g.Lines) {
			used := 0
			for k, col := range cols {
				used = max(used, tops[k]+col.To-col.From)
			}
			return used, cols, next
		}
	}
	cols, next = fillBalanced(g, from, tops, maxDepth, maxDepth)
	return maxDepth, cols, next
}

// fillBalanced fills columns no deeper than depth, giving each column its fair share of what
// is left (plus slack lines, where keeping lines together needs them) so that the last
// column is not the short one.
func fillBalanced(g *text.Galley, from int, tops []int, depth, slack int) ([]text.Column, int) {
	w := len(tops)
	cols := make([]text.Column, 0, w)
	i := from
	even := true
	for _, t := range tops {
		even = even && t == tops[0]
	}
	for k := 0; k < w; k++ {
		share := (len(g.Lines) - i + (w - k) - 1) / (w - k)
		if !even {
			// Text around a photo fills each column to the depth in turn; at the smallest
			// depth that holds it all, that leaves less than a line per column over.
			share = depth
		}
		cc, nx := g.Fill(i, []int{min(depth-tops[k], share+slack)})
		cols = append(cols, cc[0])
		i = nx
	}
	return cols, i
}
