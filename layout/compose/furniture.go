package compose

import (
	"fmt"
	"strings"

	"epaper/layout/geom"
	"epaper/layout/manifest"
	"epaper/layout/page"
	"epaper/layout/text"
)

func longDate(ed *manifest.Edition) string { return ed.Date.Format("Monday, January 2, 2006") }

// nameplateSize is the size of the paper's name on page 1: as large as fits the page width,
// up to 84 pt.
func (c *composer) nameplateSize() geom.Sp {
	f := c.frame(1)
	face := c.house.Head.Face(c.house.HeadStyle)
	name := c.clean(c.ed.Paper)
	w := face.Width(name)
	if w <= 0 {
		return geom.FromPt(48)
	}
	size := geom.Sp(int64(f.Live.W) * 1000 * 88 / 100 / int64(w))
	return geom.Min(size, geom.FromPt(84))
}

// mastheadLines is the height of page 1's masthead: nameplate, tagline, the dateline bar and
// the "Inside" strip.
func (c *composer) mastheadLines() int {
	L := c.house.Leading
	face := c.house.Head.Face(c.house.HeadStyle)
	size := c.nameplateSize()
	np := roundUp(face.Ascent.Of(size)+face.Descent.Of(size), L) / L
	return int(np) + 1 /*tagline*/ + 2 /*bar*/ + 2 /*inside strip*/
}

func (c *composer) line(fam *text.Family, st text.Style, s string, size geom.Sp) text.Line {
	face := fam.Face(st)
	s = c.clean(s)
	return text.Line{Words: []text.Word{{Text: s, Face: face, Size: size, Width: face.Width(s).Of(size)}}}
}

// drawMasthead draws page 1's masthead.
func (c *composer) drawMasthead(pg *page.Page, pb *pageBuild) {
	f := pb.frame
	h := c.house
	L := h.Leading
	ed := c.ed
	x0, w := f.Live.X, f.Live.W
	face := h.Head.Face(h.HeadStyle)
	size := c.nameplateSize()
	np := roundUp(face.Ascent.Of(size)+face.Descent.Of(size), L)
	y := f.Live.Y
	name := c.line(h.Head, h.HeadStyle, ed.Paper, size)
	emit(pg, name, x0+(w-name.Words[0].Width)/2, y+face.Ascent.Of(size), page.Black, "")
	y += np
	small := h.Small()
	if ed.Tagline != "" {
		t := c.line(h.Body, text.Italic, ed.Tagline, small)
		emit(pg, t, x0+(w-t.Words[0].Width)/2, y+c.baseline(small, h.Body.Italic), page.Color{R: 60, G: 60, B: 60}, "")
	}
	y += L
	// Dateline bar between two rules.
	pg.Items = append(pg.Items, &page.Rule{X0: x0, Y0: y + L/4, X1: x0 + w, Y1: y + L/4, Width: geom.FromPt(1.5)})
	var left []string
	if ed.Volume > 0 {
		left = append(left, fmt.Sprintf("Vol. %d", ed.Volume))
	}
	if ed.Number > 0 {
		left = append(left, fmt.Sprintf("No. %d", ed.Number))
	}
	if ed.Name != "" {
		left = append(left, ed.Name+" Edition")
	}
	barY := y + L/2 + c.baseline(small, h.Sans.Bold)
	if len(left) > 0 {
		emit(pg, c.line(h.Sans, text.Bold, strings.Join(left, " · "), small), x0, barY, page.Black, "")
	}
	d := c.line(h.Sans, text.Bold, longDate(ed), small)
	emit(pg, d, x0+(w-d.Words[0].Width)/2, barY, page.Black, "")
	if ed.Price != "" {
		p := c.line(h.Sans, text.Bold, ed.Price, small)
		emit(pg, p, x0+w-p.Words[0].Width, barY, page.Black, "")
	}
	y += 2 * L
	pg.Items = append(pg.Items, &page.Rule{X0: x0, Y0: y - L/4, X1: x0 + w, Y1: y - L/4, Width: geom.FromPt(0.75)})
	// Inside strip: where each section starts.
	var parts []string
	for _, sec := range ed.Sections {
		if n := c.sectionPage(sec); n > 1 {
			parts = append(parts, fmt.Sprintf("%s %d", sec, n))
		}
	}
	if len(parts) > 0 {
		strip := "INSIDE  " + strings.Join(parts, "  ·  ")
		l := c.fitLine(h.Sans, text.Bold, strip, small, w)
		emit(pg, l, x0, y+c.baseline(small, h.Sans.Bold), h.Accent, "")
		c.linkSections(pg, l, x0, y, small)
	}
	y += L
	pg.Items = append(pg.Items, &page.Rule{X0: x0, Y0: y + L/2, X1: x0 + w, Y1: y + L/2, Width: hairline, Color: ruleGray})
}

// fitLine sets s on one line, shrinking the size until it fits the width.
func (c *composer) fitLine(fam *text.Family, st text.Style, s string, size, width geom.Sp) text.Line {
	for size > geom.FromPt(5) {
		l := c.line(fam, st, s, size)
		if l.Words[0].Width <= width {
			return l
		}
		size = size * 9 / 10
	}
	return c.line(fam, st, s, size)
}

// linkSections makes each "Section N" of the inside strip a link to its page.
func (c *composer) linkSections(pg *page.Page, l text.Line, x0, top geom.Sp, _ geom.Sp) {
	w := l.Words[0]
	for _, sec := range c.ed.Sections {
		n := c.sectionPage(sec)
		if n <= 1 {
			continue
		}
		label := fmt.Sprintf("%s %d", sec, n)
		i := strings.Index(w.Text, c.clean(label))
		if i < 0 {
			continue
		}
		x := x0 + w.Face.Width(w.Text[:i]).Of(w.Size)
		lw := w.Face.Width(c.clean(label)).Of(w.Size)
		pg.Items = append(pg.Items, &page.Link{Rect: geom.Rect{X: x, Y: top, W: lw, H: c.house.Leading}, ToPage: n, Internal: true})
	}
}

// sectionPage is the first page of a section after page 1, 0 if it has none.
func (c *composer) sectionPage(sec string) int {
	for _, pb := range c.pages {
		if !pb.isFront && pb.section == sec {
			return pb.frame.Number
		}
	}
	return 0
}

// drawFolio draws the running head of an inside page: page number on the outside edge,
// paper and date in the middle, section on the inside.
func (c *composer) drawFolio(pg *page.Page, pb *pageBuild) {
	f := pb.frame
	h := c.house
	L := h.Leading
	small := h.Small()
	x0, w := f.Live.X, f.Live.W
	base := f.Live.Y + c.baseline(small, h.Sans.Bold)
	num := c.line(h.Sans, text.Bold, fmt.Sprintf("%d", f.Number), small)
	sec := c.line(h.Sans, text.Bold, strings.ToUpper(pb.section), small)
	mid := c.line(h.Sans, text.Regular, c.ed.Paper+"  ·  "+longDate(c.ed), small)
	if f.Number%2 == 0 { // left-hand page: number at the left
		emit(pg, num, x0, base, page.Black, "")
		emit(pg, sec, x0+w-sec.Words[0].Width, base, h.Accent, "")
	} else {
		emit(pg, sec, x0, base, h.Accent, "")
		emit(pg, num, x0+w-num.Words[0].Width, base, page.Black, "")
	}
	emit(pg, mid, x0+(w-mid.Words[0].Width)/2, base, page.Color{R: 60, G: 60, B: 60}, "")
	ry := f.Live.Y + L + L/3
	pg.Items = append(pg.Items, &page.Rule{X0: x0, Y0: ry, X1: x0 + w, Y1: ry, Width: geom.FromPt(0.75)})
}

// drawSectionHead draws the band that opens a section: the name reversed out of a bar in
// the accent colour.
func (c *composer) drawSectionHead(pg *page.Page, pb *pageBuild) {
	f := pb.frame
	h := c.house
	L := h.Leading
	top := f.LineY(pb.header - sectionHeadLines)
	bar := geom.Rect{X: f.Live.X, Y: top, W: f.Live.W, H: 3 * L}
	pg.Items = append(pg.Items, &page.Box{Rect: bar, Color: h.Accent})
	size := geom.Min(geom.FromPt(24), 5*L/2)
	l := c.fitLine(h.Sans, text.Bold, strings.ToUpper(pb.sectHead), size, f.Live.W-2*L)
	face := h.Sans.Bold
	sz := l.Words[0].Size
	base := top + (3*L+face.Ascent.Of(sz)-face.Descent.Of(sz))/2
	emit(pg, l, f.Live.X+L/2, base, page.White, "")
}
