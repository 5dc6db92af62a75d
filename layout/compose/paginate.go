package compose

import (
	"fmt"
	"slices"

	"epaper/layout/manifest"
)

// adPlacement is an ad's rectangle on the grid.
type adPlacement struct {
	ad           *manifest.Ad
	col, w       int
	line, height int // grid lines
}

// maxPages bounds pagination whatever the input, so that no manifest can make it run away.
const maxPages = 400

// paginate assigns stories to pages: page 1 takes the front-page section and the top
// stories of every section; then each section starts on a new page and fills pages in
// priority order. Stories cut at a page's foot continue on a later page of their section;
// room left at the end of a section is filled with shorter stories of later sections
// rather than left empty.
func (c *composer) paginate() {
	var front, rest []*Story
	frontName := ""
	if len(c.ed.Sections) > 0 {
		frontName = c.ed.Sections[0]
	}
	c.reserve()
	for _, s := range c.stories {
		switch {
		case s.reserved > 0:
		case s.Art.Section == frontName || s.Art.Priority <= 2:
			front = append(front, s)
		default:
			rest = append(rest, s)
		}
	}
	c.byPriority(front)
	pb := c.newPage(1, frontName, true, "")
	c.packPage(pb, append(c.planned(1), front...), c.sorted(rest))
	c.pages = append(c.pages, pb)
	var carry []*Story // continuations whose own section has no pages of its own
	for si, sec := range c.ed.Sections {
		queue := carry
		carry = nil
		for _, s := range c.stories {
			if s.Art.Section == sec && s.Next > 0 && !s.Done() {
				queue = append(queue, s) // continuations first
			}
		}
		var fresh []*Story
		for _, s := range c.stories {
			if s.Art.Section == sec && len(s.Pieces) == 0 && s.reserved == 0 {
				fresh = append(fresh, s)
			}
		}
		c.byPriority(fresh)
		queue = append(queue, fresh...)
		if si == 0 || c.slight(queue) {
			// The front section has only page 1; a section with little left (the rest of a
			// story that began elsewhere, a brief) joins the next section's pages rather
			// than opening a page it cannot fill.
			carry = queue
			continue
		}
		first := true
		for pending(queue) && len(c.pages) < maxPages {
			head := ""
			if first {
				head = sec
			}
			pb := c.newPage(len(c.pages)+1, sec, false, head)
			released := c.planned(pb.frame.Number)
			if c.packPage(pb, append(released, queue...), c.fillers(si)) == 0 {
				c.force(pb, queue)
			}
			c.pages = append(c.pages, pb)
			queue = append(c.continuations(pb, si, queue, released), queue...)
			first = false
		}
	}
	// Whatever is still pending (a front-page story of an edition with one section, say,
	// or a story the manifest fixed on a later page) gets pages of its own.
	for (pending(carry) || c.reservedLeft()) && len(c.pages) < maxPages {
		pb := c.newPage(len(c.pages)+1, frontName, false, "")
		released := c.planned(pb.frame.Number)
		queue := append(released, carry...)
		if c.packPage(pb, queue, nil) == 0 && pending(queue) {
			c.force(pb, queue)
		}
		c.pages = append(c.pages, pb)
		carry = append(c.continuations(pb, len(c.ed.Sections), carry, released), carry...)
	}
	// A page where a story was forced and could not be set at all stays empty: at the end
	// of the paper it is dropped.
	for n := len(c.pages); n > 1 && len(c.pages[n-1].places) == 0 && len(c.pages[n-1].ads) == 0; n-- {
		c.pages = c.pages[:n-1]
	}
	for _, s := range c.stories {
		s.Overset = len(s.Galley.Lines) - s.Next
		if len(s.Pieces) == 0 {
			s.Overset = len(s.Galley.Lines)
		}
		if n := len(s.Pieces); n > 0 && s.Pieces[n-1].cut {
			s.Pieces[n-1].JumpTo = -1 // never continued: the rest is reported as overset
		}
	}
}

// continuations lists the stories of the page that no queue will take up: those the
// manifest fixed or planned there (they were never in a queue), cut there or not set at all,
// of the current section (index si) or an earlier one; a later section's queue takes up its
// own. They go first in the queue, as continuations do.
func (c *composer) continuations(pb *pageBuild, si int, queue, released []*Story) []*Story {
	var out []*Story
	take := func(s *Story) {
		if s.Done() || s.unplaceable || slices.Contains(queue, s) || slices.Contains(out, s) {
			return
		}
		if i := slices.Index(c.ed.Sections, s.Art.Section); i < 0 || i <= si {
			out = append(out, s)
		}
	}
	for _, p := range pb.places {
		if p.Story.Art.Jump {
			take(p.Story)
		}
	}
	// Stories the manifest put on this page (pages list, or a place they did not fit) that
	// the packer left for later.
	for _, s := range released {
		if len(s.Pieces) == 0 {
			take(s)
		}
	}
	return out
}

// slight reports whether what a section has left would fill less than half a page.
func (c *composer) slight(queue []*Story) bool {
	f := c.frame(1)
	area := 0
	for _, s := range queue {
		if s.Done() {
			continue
		}
		area += len(s.Galley.Lines) - s.Next
		if s.Next == 0 {
			area += 8 * 3 // a head across some three columns
			if len(s.Photos) > 0 {
				area += 3 * 25
			}
		}
	}
	return area < f.Cols*f.Lines/2
}

// fillers are the stories of later sections that may fill what a section leaves empty, in
// the paper's order, except each section's lead, which opens its own section; they are
// labelled with their section where they land.
func (c *composer) fillers(si int) []*Story {
	var out []*Story
	for _, sec := range c.ed.Sections[si+1:] {
		var ss []*Story
		for _, s := range c.stories {
			if s.Art.Section == sec && len(s.Pieces) > 0 && !s.Done() {
				out = append(out, s) // the rest of a story that began on an earlier page
			}
			if s.Art.Section == sec && len(s.Pieces) == 0 && s.reserved == 0 {
				ss = append(ss, s)
			}
		}
		c.byPriority(ss)
		if len(ss) > 0 && ss[0].Art.Priority <= 2 {
			ss = ss[1:]
		}
		out = append(out, ss...)
	}
	return out
}

// force places the first pending story on an empty page that nothing would fill, cutting it
// even if it may not jump: its rest is reported as overset rather than looping forever.
func (c *composer) force(pb *pageBuild, queue []*Story) {
	if pb.next == nil {
		pb.next = map[*Story]int{}
	}
	// The packer, finding nothing to place, closed every band: open them again, or there
	// is no band to force a story into and the edition runs on to maxPages empty pages.
	if len(pb.places) == 0 {
		for col := range pb.top {
			pb.top[col], pb.above[col] = pb.header, false
		}
		pb.waste = 0
	}
	defer c.apply(pb)
	for _, s := range c.eligible(pb, queue) {
		seg, ok := pb.lowest()
		for ok && seg.bottom-seg.top < minBand {
			pb.close(seg) // a strip above an ad: no story is forced into that
			seg, ok = pb.lowest()
		}
		if !ok {
			return
		}
		from := pb.progress(s)
		for _, w := range []int{min(seg.w, c.widths(s, from, pb.frame.Cols)[0]), seg.w} {
			if p := c.fit(s, from, fitOptions{w: w, maxH: seg.bottom - seg.top, exact: true, cut: true, sep: seg.sep}); p != nil {
				pb.place(single(p, 0), seg)
				if p.cut && !s.Art.Jump {
					s.unplaceable = true // it may not continue: the rest is overset
				}
				return
			}
		}
		s.unplaceable = true // cannot be set at all: all of it is reported as overset
	}
}

func (c *composer) sorted(ss []*Story) []*Story {
	out := append([]*Story{}, ss...)
	c.byPriority(out)
	return out
}

func pending(queue []*Story) bool {
	for _, s := range queue {
		if !s.Done() && !s.unplaceable {
			return true
		}
	}
	return false
}

// Furniture heights in grid lines.
const (
	folioLines       = 2
	sectionHeadLines = 4
)

// newPage prepares an empty page: furniture at the top (and a section head when sectHead is
// set), ads placed.
func (c *composer) newPage(n int, section string, front bool, sectHead string) *pageBuild {
	f := c.frame(n)
	pb := &pageBuild{frame: f, section: section, isFront: front, sectHead: sectHead,
		top: make([]int, f.Cols), above: make([]bool, f.Cols), next: map[*Story]int{}}
	if front {
		c.reserveTop(pb, c.mastheadLines())
	} else {
		c.reserveTop(pb, folioLines)
	}
	if sectHead != "" {
		c.reserveTop(pb, sectionHeadLines)
	}
	for i := range c.ed.Ads {
		if ad := &c.ed.Ads[i]; ad.Page == n {
			c.placeAd(pb, ad)
		}
	}
	if n > 1 && len(pb.ads) == 0 {
		// Ads without a page go one to a page from page 2 on.
		for i := range c.ed.Ads {
			if ad := &c.ed.Ads[i]; ad.Page == 0 && !c.adPlaced[ad.ID] {
				c.adPlaced[ad.ID] = true
				c.placeAd(pb, ad)
				break
			}
		}
	}
	for _, s := range c.stories {
		if p := s.Art.Place; p != nil && p.Page == n {
			c.placeFixed(pb, s)
		}
	}
	if plan := c.plan(n); plan != nil && plan.Section != "" {
		pb.section = plan.Section
	}
	return pb
}

// reserve holds back the stories the manifest fixes to a page (by place or by the pages
// list), so that automation does not take them for an earlier page.
func (c *composer) reserve() {
	for i, pl := range c.ed.Plan {
		for _, id := range pl.Articles {
			if s := c.story(id); s != nil && s.reserved == 0 {
				s.reserved = i + 1
			}
		}
	}
	for _, s := range c.stories {
		if p := s.Art.Place; p != nil {
			s.reserved = p.Page
		}
	}
}

func (c *composer) story(id string) *Story {
	for _, s := range c.stories {
		if s.Art.ID == id {
			return s
		}
	}
	return nil
}

func (c *composer) plan(n int) *manifest.PagePlan {
	if n >= 1 && n <= len(c.ed.Plan) {
		return &c.ed.Plan[n-1]
	}
	return nil
}

// planned releases the stories the pages list puts on page n, to go first on it.
func (c *composer) planned(n int) []*Story {
	var out []*Story
	for _, s := range c.stories {
		if s.reserved == n && (s.Art.Place == nil || s.placeFailed) {
			s.reserved = 0
			out = append(out, s)
		}
	}
	return out
}

func (c *composer) reservedLeft() bool {
	for _, s := range c.stories {
		if s.reserved > len(c.pages) {
			return true
		}
	}
	return false
}

// placeFixed sets a story in the rectangle its place gives, before automation packs the
// rest of the page; what does not fit continues later if the story may jump.
func (c *composer) placeFixed(pb *pageBuild, s *Story) {
	f, p := pb.frame, s.Art.Place
	col, w := p.Column-1, min(p.Columns, f.Cols-p.Column+1)
	from, to := max(f.RowLine(p.Row-1), pb.header), f.RowLine(min(f.Rows, p.Row-1+p.Rows))
	s.reserved = 0
	pl := c.fit(s, 0, fitOptions{w: w, maxH: to - from, exact: true, cut: true})
	// Cut at the place's foot, a story may leave too short a continuation; cut higher, it
	// keeps its place, and the lines below go to the packer.
	for h := to - from - 1; pl == nil && h >= (to-from)/2; h-- {
		pl = c.fit(s, 0, fitOptions{w: w, maxH: h, exact: true, cut: true})
	}
	if pl == nil {
		c.report.Warnings = append(c.report.Warnings, Warning{Pos: p.Pos, Field: fmt.Sprintf("articles[%d].place", s.Order),
			Msg: fmt.Sprintf("the story does not fit its fixed place (%d columns × %d lines); it is set automatically instead", w, to-from)})
		s.reserved, s.placeFailed = f.Number, true // released to this page's queue by planned
		return
	}
	if pl.cut && !s.Art.Jump {
		s.unplaceable = true // the manifest's place and no jump: the rest is overset
	}
	// A story shorter than its place keeps the place's top and width; the lines it leaves
	// at the foot go to the packer rather than staying white.
	pb.blocks = append(pb.blocks, spaced(col, w, from, from+pl.H, pb.header, f.Lines))
	q := *pl
	q.Page, q.Col, q.Top, q.Fixed = f.Number, col, from, true
	pb.places = append(pb.places, &q)
	pb.next[s] = q.To
}

func (c *composer) reserveTop(pb *pageBuild, lines int) {
	for i := range pb.top {
		pb.top[i] += lines
	}
	pb.header += lines
}

// placeAd blocks the ad's rectangle, with a line of space towards the stories.
func (c *composer) placeAd(pb *pageBuild, ad *manifest.Ad) {
	f := pb.frame
	cols, rows := min(ad.Columns, f.Cols), ad.Rows
	if rows <= 0 {
		rows = c.adRows(ad, cols, f)
	}
	rows = min(rows, f.Rows)
	col, row := ad.Origin(c.ed.Page, rows)
	col, row = col-1, row-1
	col = max(0, min(col, f.Cols-cols))
	row = max(0, min(row, f.Rows-rows))
	line, end := max(f.RowLine(row), pb.header), f.RowLine(row+rows)
	if end-line < 2 {
		return
	}
	pb.ads = append(pb.ads, &adPlacement{ad: ad, col: col, w: cols, line: line, height: end - line})
	pb.blocks = append(pb.blocks, spaced(col, cols, line, end, pb.header, f.Lines))
}

// spaced is a block with a line of space above and below, except at the live area's edges.
func spaced(col, w, from, to, header, lines int) block {
	if from > header {
		from--
	}
	if to < lines {
		to++
	}
	return block{col: col, w: w, from: from, to: to}
}

// adRows derives an ad's depth from its picture when the manifest gives none: the module
// rows closest to the picture's own proportions at the ad's width.
func (c *composer) adRows(ad *manifest.Ad, cols int, f *Frame) int {
	w, h, err := c.opt.Inspect(ad.Src)
	if err != nil || w <= 0 {
		return 2
	}
	depth := float64(f.SpanW(cols)) * float64(h) / float64(w)
	row := float64(f.Live.H) / float64(f.Rows)
	return max(1, min(f.Rows, int(depth/row+0.5)))
}
