package compose

import (
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
	for _, s := range c.stories {
		if s.Art.Section == frontName || s.Art.Priority <= 2 {
			front = append(front, s)
		} else {
			rest = append(rest, s)
		}
	}
	c.byPriority(front)
	pb := c.newPage(1, frontName, true)
	c.packPage(pb, front, c.sorted(rest))
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
			if s.Art.Section == sec && len(s.Pieces) == 0 {
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
			pb := c.newPage(len(c.pages)+1, sec, false)
			if first {
				pb.sectHead = sec
				c.reserveTop(pb, sectionHeadLines)
			}
			if c.packPage(pb, queue, c.fillers(si)) == 0 {
				c.force(pb, queue)
			}
			c.pages = append(c.pages, pb)
			first = false
		}
	}
	// Whatever is still pending (a front-page story of an edition with one section, say)
	// gets pages of its own.
	for pending(carry) && len(c.pages) < maxPages {
		pb := c.newPage(len(c.pages)+1, frontName, false)
		if c.packPage(pb, carry, nil) == 0 {
			c.force(pb, carry)
		}
		c.pages = append(c.pages, pb)
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
			if s.Art.Section == sec && len(s.Pieces) == 0 {
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
	defer c.apply(pb)
	for _, s := range c.eligible(pb, queue) {
		seg, ok := pb.lowest()
		if !ok {
			return
		}
		from := pb.progress(s)
		for _, w := range []int{min(seg.w, c.widths(s, from, pb.frame.Cols)[0]), seg.w} {
			if p := c.fit(s, from, fitOptions{w: w, maxH: seg.bottom - seg.top, exact: true, cut: true, sep: seg.sep}); p != nil {
				pb.place(single(p, 0), seg)
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

// newPage prepares an empty page: furniture at the top, ads placed.
func (c *composer) newPage(n int, section string, front bool) *pageBuild {
	f := c.frame(n)
	pb := &pageBuild{frame: f, section: section, isFront: front,
		top: make([]int, f.Cols), bottom: make([]int, f.Cols), above: make([]bool, f.Cols)}
	for i := range pb.bottom {
		pb.bottom[i] = f.Lines
	}
	if front {
		c.reserveTop(pb, c.mastheadLines())
	} else {
		c.reserveTop(pb, folioLines)
	}
	for i := range c.ed.Ads {
		ad := &c.ed.Ads[i]
		if ad.Page == n {
			c.placeAd(pb, ad)
		}
	}
	return pb
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
		rows = 2
	}
	rows = min(rows, f.Rows)
	col, row := 0, f.Rows-rows
	if ad.Place != nil {
		col, row = ad.Place.Column-1, ad.Place.Row-1
	} else {
		switch ad.Position {
		case "top-left":
			col, row = 0, 0
		case "top-right":
			col, row = f.Cols-cols, 0
		case "top":
			col, row = (f.Cols-cols)/2, 0
		case "bottom-left":
			col = 0
		case "bottom":
			col = (f.Cols - cols) / 2
		default: // bottom-right
			col = f.Cols - cols
		}
	}
	line := f.RowLine(row)
	end := f.RowLine(row + rows)
	if row == 0 {
		line = max(line, pb.header)
	}
	ap := &adPlacement{ad: ad, col: col, w: cols, line: line, height: end - line}
	pb.ads = append(pb.ads, ap)
	for c2 := col; c2 < col+cols; c2++ {
		if row == 0 {
			pb.top[c2] = max(pb.top[c2], end+1)
			pb.above[c2] = false
		} else {
			pb.bottom[c2] = min(pb.bottom[c2], line-1)
		}
	}
}
