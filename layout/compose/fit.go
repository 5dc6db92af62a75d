package compose

import (
	"epaper/layout/text"
)

// Placement is a piece of a story on a page: a rectangle of whole columns and grid lines,
// and the range of galley lines it holds.
type Placement struct {
	Story      *Story
	Page       int
	Col, W     int
	Top, H     int // grid lines from the live area's top
	Head       *headBlock
	SepAbove   bool // a rule and a line of space separate it from the story above
	Photo      *PhotoInfo
	PhotoLines int
	Caption    []drawnLine
	CapLines   int
	From, To   int // galley lines [From, To)
	Cols       []text.Column
	BodyTops   []int // per column: first body line, relative to the story's top
	JumpTo     int   // page the story continues on (0: it ends here)
	JumpFrom   int   // page this piece continues from (0: it starts here)
	Fixed      bool  // placed by the manifest
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
}

// fit sets a story (or its continuation) at width o.w into at most o.maxH lines. The result
// may be shorter than maxH when nothing can take up the slack; nil means the story cannot be
// placed under these terms.
func (c *composer) fit(s *Story, o fitOptions) *Placement {
	if o.w < 1 || o.maxH <= 0 {
		return nil
	}
	cont := s.Next > 0
	hb := c.head(s, o.w, cont)
	sep := 0
	if o.sep {
		sep = 1
	}
	pl := &Placement{Story: s, W: o.w, Head: hb, SepAbove: o.sep, From: s.Next}
	fixed := sep + hb.height
	remaining := len(s.Galley.Lines) - s.Next
	if remaining > 0 && remaining < minPieceLines*o.w {
		return nil // some column would hold fewer than three lines under the headline
	}
	if cont || len(s.Photos) == 0 {
		depth, cols, next := c.balance(s, uniform(o.w, fixed), o.maxH)
		if next == len(s.Galley.Lines) {
			return c.finish(pl, fixed, depth, cols, next, nil, 0, nil, 0)
		}
		return c.cutTo(pl, s, o, fixed, nil, 0, nil, 0)
	}
	photo := &s.Photos[0]
	capt, capLines := c.caption(photo, o.w)
	lo, hi := c.photoRange(photo, o.w)
	nat := min(max(c.naturalPhotoLines(photo, o.w), lo), hi)
	if o.noGrow {
		hi = nat
	}
	// Crop the photo tighter before giving up on setting the whole story here.
	for _, p := range []int{nat, (nat + lo) / 2, lo} {
		top := fixed + p + capLines
		depth, cols, next := c.balance(s, uniform(o.w, top), o.maxH)
		if next < len(s.Galley.Lines) {
			continue
		}
		grow := 0
		if o.exact {
			grow = min(o.maxH-depth, hi-p)
		}
		return c.finish(pl, fixed, depth+grow, cols, next, photo, p+grow, capt, capLines)
	}
	return c.cutTo(pl, s, o, fixed, photo, lo, capt, capLines)
}

func uniform(w, top int) []int {
	tops := make([]int, w)
	for i := range tops {
		tops[i] = top
	}
	return tops
}

// cutTo fills exactly o.maxH lines and leaves the rest of the story for a later page.
func (c *composer) cutTo(pl *Placement, s *Story, o fitOptions, fixed int, photo *PhotoInfo, photoLines int, capt []drawnLine, capLines int) *Placement {
	if !o.cut {
		return nil
	}
	top := fixed
	if photo != nil {
		top += photoLines + capLines
	}
	avail := o.maxH - 1 // the jump line
	if avail-top < minPieceLines+1 {
		return nil
	}
	total := len(s.Galley.Lines) - s.Next
	if s.Next == 0 && total < minCutStory {
		return nil // a short story is never worth a jump
	}
	cols, next := s.Galley.Fill(s.Next, uniform(o.w, avail-top))
	if left := len(s.Galley.Lines) - next; left < max(minContinuation, total/5) {
		return nil // a continuation of a few lines is worse than not cutting
	}
	for _, col := range cols {
		if col.To-col.From < minPieceLines*2 {
			return nil
		}
	}
	p := c.finish(pl, fixed, o.maxH, cols, next, photo, photoLines, capt, capLines)
	p.JumpTo = -1 // resolved when the continuation is placed
	return p
}

func (c *composer) finish(pl *Placement, fixed, depth int, cols []text.Column, next int, photo *PhotoInfo, photoLines int, capt []drawnLine, capLines int) *Placement {
	pl.H, pl.Cols, pl.To = depth, cols, next
	pl.Photo, pl.PhotoLines, pl.Caption, pl.CapLines = photo, photoLines, capt, capLines
	top := fixed
	if photo != nil {
		top += photoLines + capLines
	}
	pl.BodyTops = uniform(len(cols), top)
	return pl
}

// balance spreads the story's remaining lines over columns whose bodies start at tops, at the
// smallest depth that holds them all (at most maxDepth), the first columns taking the extra
// line when the count does not divide evenly.
func (c *composer) balance(s *Story, tops []int, maxDepth int) (depth int, cols []text.Column, next int) {
	g := s.Galley
	w := len(tops)
	lo := 0
	for _, t := range tops {
		lo = max(lo, t)
	}
	lo += (len(g.Lines) - s.Next + w - 1) / w
	for d := lo; d <= maxDepth; d++ {
		cols, next = fillBalanced(g, s.Next, tops, d, d-lo)
		if next == len(g.Lines) {
			used := 0
			for k, col := range cols {
				used = max(used, tops[k]+col.To-col.From)
			}
			return used, cols, next
		}
	}
	cols, next = fillBalanced(g, s.Next, tops, maxDepth, maxDepth)
	return maxDepth, cols, next
}

// fillBalanced fills columns no deeper than depth, giving each column its fair share of what
// is left (plus slack lines, where keeping lines together needs them) so that the last
// column is not the short one.
func fillBalanced(g *text.Galley, from int, tops []int, depth, slack int) ([]text.Column, int) {
	w := len(tops)
	cols := make([]text.Column, 0, w)
	i := from
	for k := 0; k < w; k++ {
		share := (len(g.Lines) - i + (w - k) - 1) / (w - k)
		cc, nx := g.Fill(i, []int{min(depth-tops[k], share+slack)})
		cols = append(cols, cc[0])
		i = nx
	}
	return cols, i
}
