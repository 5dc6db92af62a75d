package compose

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"epaper/layout/geom"
	"epaper/layout/manifest"
	"epaper/layout/page"
	"epaper/layout/text"
)

var (
	ruleGray = page.Color{R: 120, G: 120, B: 120}
	hairline = geom.FromPt(0.5)
)

// render turns the packed pages into the display list.
func (c *composer) render() *page.Document {
	ed := c.ed
	doc := &page.Document{Meta: page.Meta{
		Title:    c.title(),
		Author:   ed.Author,
		Subject:  fmt.Sprintf("%s, %s", ed.Paper, longDate(ed)),
		Keywords: strings.Join(ed.Sections, ", "),
		Creator:  "epaper",
		Language: ed.Language,
		Date:     ed.Date,
	}}
	// Pages are drawn in parallel, each on its own; what runs through the paper is done in
	// page order: the outline here, the photo requests (numbered across the paper) after.
	sectionDone := map[string]bool{}
	for _, pb := range c.pages {
		f := pb.frame
		doc.Pages = append(doc.Pages, &page.Page{Number: f.Number, Width: f.Width, Height: f.Height, Section: pb.section})
		if pb.section != "" && !sectionDone[pb.section] && !pb.isFront {
			sectionDone[pb.section] = true
			doc.Outline = append(doc.Outline, page.Bookmark{Title: pb.section, Level: 0, Page: f.Number, Y: f.Live.Y})
		}
		for _, p := range pb.places {
			if p.JumpFrom == 0 {
				doc.Outline = append(doc.Outline, page.Bookmark{Title: plain(p.Story.headline), Level: 1, Page: f.Number, Y: f.LineY(p.Top)})
			}
		}
	}
	pictures := make([][]pendingPicture, len(c.pages))
	parallel(len(c.pages), 0, func(i int) {
		pictures[i] = c.drawPage(doc.Pages[i], c.pages[i])
	})
	for _, pics := range pictures {
		for _, pp := range pics {
			c.requestPicture(pp)
		}
	}
	c.fixOutline(doc)
	c.collectFonts(doc)
	for _, s := range c.stories {
		a := page.Article{ID: s.Art.ID, Section: s.Art.Section, Headline: plain(s.headline), Byline: plain(s.byline)}
		for _, ph := range s.Photos {
			a.Captions = append(a.Captions, ph.Photo.Caption)
		}
		for _, p := range s.Pieces {
			if len(a.Pages) == 0 || a.Pages[len(a.Pages)-1] != p.Page {
				a.Pages = append(a.Pages, p.Page)
			}
		}
		doc.Articles = append(doc.Articles, a)
	}
	return doc
}

// drawPage draws one page and returns its pictures, whose images are requested in page
// order afterwards.
func (c *composer) drawPage(pg *page.Page, pb *pageBuild) []pendingPicture {
	d := &pageDraw{Page: pg}
	f := pb.frame
	if pb.isFront {
		c.drawMasthead(pg, pb)
	} else {
		c.drawFolio(pg, pb)
	}
	if pb.sectHead != "" {
		c.drawSectionHead(pg, pb)
	}
	for _, ap := range pb.ads {
		c.drawAd(d, f, ap)
		pg.Regions = append(pg.Regions, page.Region{Story: "ad:" + ap.ad.ID, Rect: f.Rect(ap.col, ap.w, ap.line, ap.height)})
	}
	c.drawColumnRules(pg, pb)
	for _, p := range pb.places {
		c.drawStory(d, f, p)
		pg.Regions = append(pg.Regions, c.region(f, p))
	}
	return d.pictures
}

// pageDraw is a page being drawn, with the pictures on it so far.
type pageDraw struct {
	*page.Page
	pictures []pendingPicture
	texts    []page.Text // the chunk text items are taken from
}

// pendingPicture is a picture drawn and its image request, to be named and listed in page
// order (image IDs count the requests before them; see requestPicture).
type pendingPicture struct {
	pic   *page.Picture
	req   ImageRequest
	story string // the story's id, or "" for an ad
	page  int
}

// picture draws a picture whose image is requested by req.
func (d *pageDraw) picture(pic *page.Picture, req ImageRequest, story string) {
	d.Items = append(d.Items, pic)
	d.pictures = append(d.pictures, pendingPicture{pic: pic, req: req, story: story, page: d.Number})
}

// requestPicture names a drawn picture's image and requests it.
func (c *composer) requestPicture(pp pendingPicture) {
	id := pp.req.ID
	if pp.story != "" {
		id = fmt.Sprintf("p%d-%s-%d", pp.page, pp.story, len(c.requests))
	}
	pp.pic.ImageID, pp.req.ID = id, id
	c.requests = append(c.requests, pp.req)
}

// region is a piece's rectangle (without the separator line above it) and its photo.
func (c *composer) region(f *Frame, p *Placement) page.Region {
	top, h := p.Top, p.H
	if p.SepAbove {
		top, h = top+1, h-1
	}
	r := page.Region{Story: p.Story.Art.ID, Rect: f.Rect(p.Col, p.W, top, h), JumpFrom: p.JumpFrom}
	if p.JumpTo > 0 {
		r.JumpTo = p.JumpTo
	}
	if p.Photo != nil && p.PhotoLines > 0 {
		y := f.LineY(top + p.Head.height)
		r.Photos = append(r.Photos, geom.Rect{X: f.ColX(p.Col), Y: y, W: f.SpanW(p.PhotoCols), H: geom.Sp(p.PhotoLines)*f.Leading - f.Leading/4})
	}
	if p.Inset != nil && len(p.BodyTops) > 0 {
		k := p.W - p.InsetCols
		y := f.LineY(p.Top + p.BodyTops[k] - p.InsetLines - p.InsetCapLines - 1)
		r.Photos = append(r.Photos, geom.Rect{X: f.ColX(p.Col + k), Y: y, W: f.SpanW(p.InsetCols), H: geom.Sp(p.InsetLines)*f.Leading - f.Leading/4})
	}
	return r
}

// fixOutline puts page 1's stories under a "Front Page" entry so the outline's levels nest.
func (c *composer) fixOutline(doc *page.Document) {
	if len(doc.Outline) == 0 || doc.Outline[0].Level == 0 {
		return
	}
	name := "Front Page"
	if len(c.ed.Sections) > 0 {
		name = c.ed.Sections[0]
	}
	doc.Outline = append([]page.Bookmark{{Title: name, Level: 0, Page: 1, Y: c.frame(1).Live.Y}}, doc.Outline...)
	// A section named like the front page would repeat it: drop the repeat.
	for i := 1; i < len(doc.Outline); i++ {
		if doc.Outline[i].Level == 0 && doc.Outline[i].Title == name {
			doc.Outline = append(doc.Outline[:i], doc.Outline[i+1:]...)
			break
		}
	}
}

func (c *composer) title() string {
	t := c.ed.Paper
	if c.ed.Name != "" {
		t += " — " + c.ed.Name
	}
	return t + ", " + c.ed.Date.Format("2 January 2006")
}

func plain(spans []text.Span) string {
	var b strings.Builder
	for _, s := range spans {
		b.WriteString(s.Text)
	}
	return strings.TrimSpace(b.String())
}

// emit adds a set line with its baseline at y, starting at x. Words are split where kerning
// applies, since the PDF backend draws each run as it is.
func emit(pg *page.Page, l text.Line, x, y geom.Sp, color page.Color, story string) {
	emitWith(pg, l, x, y, color, story, func() *page.Text { return new(page.Text) })
}

// emit is the package's emit, for the many lines of stories: their items are taken from
// chunks (see newText).
func (d *pageDraw) emit(l text.Line, x, y geom.Sp, color page.Color, story string) {
	emitWith(d.Page, l, x, y, color, story, d.newText)
}

// newText returns a text item from the page's current chunk. A chunk is one allocation of
// more than 32 KB, whose type the allocator notes once; each small object with pointers
// gets a type bitmap written instead, which took a tenth of a warm build.
func (d *pageDraw) newText() *page.Text {
	if len(d.texts) == cap(d.texts) {
		d.texts = make([]page.Text, 0, 512)
	}
	d.texts = d.texts[:len(d.texts)+1]
	return &d.texts[len(d.texts)-1]
}

func emitWith(pg *page.Page, l text.Line, x, y geom.Sp, color page.Color, story string, newText func() *page.Text) {
	var runBuf [4]text.Run
	for _, w := range l.Words {
		if w.Text == "" {
			continue
		}
		face := w.Face
		asc, desc := face.Ascent.Of(w.Size), face.Descent.Of(w.Size)
		glyphs := 0
		for _, r := range face.AppendRuns(runBuf[:0], w.Text) {
			n := len(r.Text)
			if !isASCII(r.Text) {
				n = utf8.RuneCountInString(r.Text)
			}
			t := newText()
			*t = page.Text{
				X: x + w.X + r.Offset.Of(w.Size) + geom.Sp(glyphs)*w.Tracking, Y: y,
				Font: face.Name, Size: w.Size, Tracking: w.Tracking, Color: color, Text: r.Text,
				Width:  r.Width.Of(w.Size) + geom.Sp(n)*w.Tracking,
				Ascent: asc, Descent: desc, Story: story,
			}
			pg.Items = append(pg.Items, t)
			glyphs += n
		}
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// drawStory emits one piece of a story.
func (c *composer) drawStory(d *pageDraw, f *Frame, p *Placement) {
	pg := d.Page
	s := p.Story
	id := s.Art.ID
	L := f.Leading
	x0 := f.ColX(p.Col)
	y := f.LineY(p.Top)
	width := f.SpanW(p.W)
	if p.SepAbove {
		ry := y + L/2
		pg.Items = append(pg.Items, &page.Rule{X0: x0, Y0: ry, X1: x0 + width, Y1: ry, Width: hairline, Color: ruleGray})
		y += L
	}
	for i, dl := range p.Head.lines {
		l := dl.line
		if i == 0 && p.JumpFrom > 0 {
			l = c.continuedLine(p.JumpFrom, width)
		}
		d.emit(l, x0+dl.x, y+dl.y, dl.color, id)
	}
	for _, r := range p.Head.rules {
		x := x0 + r.x0
		if p.JumpFrom > 0 {
			x = x0 + c.continuedLine(p.JumpFrom, width).Width + c.house.Small()
		}
		pg.Items = append(pg.Items, &page.Rule{X0: x, Y0: y + r.y, X1: x0 + r.x1, Y1: y + r.y, Width: geom.FromPt(0.5), Color: c.house.Accent, Story: id})
	}
	y += geom.Sp(p.Head.height) * L
	if p.Photo != nil && p.PhotoLines > 0 {
		frame := geom.Rect{X: x0, Y: y, W: f.SpanW(p.PhotoCols), H: geom.Sp(p.PhotoLines)*L - L/4}
		d.picture(&page.Picture{Frame: frame, Story: id, Caption: p.Photo.Photo.Caption}, c.photoRequest(frame, p.Photo, s.Order, 0), id)
		y += geom.Sp(p.PhotoLines) * L
		for _, dl := range p.Caption {
			d.emit(dl.line, x0+dl.x, y+dl.y, dl.color, id)
		}
	}
	if p.Inset != nil && len(p.BodyTops) > 0 {
		k := p.W - p.InsetCols
		top := f.LineY(p.Top + p.BodyTops[k] - p.InsetLines - p.InsetCapLines - 1)
		frame := geom.Rect{X: f.ColX(p.Col + k), Y: top, W: f.SpanW(p.InsetCols), H: geom.Sp(p.InsetLines)*L - L/4}
		d.picture(&page.Picture{Frame: frame, Story: id, Caption: p.Inset.Photo.Caption}, c.photoRequest(frame, p.Inset, s.Order, 1), id)
		for _, dl := range p.InsetCap {
			d.emit(dl.line, frame.X+dl.x, top+geom.Sp(p.InsetLines)*L+dl.y, dl.color, id)
		}
	}
	bodyBase := c.baseline(c.house.BodySize, c.house.Body.Regular)
	g := s.Galley
	for k, col := range p.Cols {
		cx := f.ColX(p.Col + k)
		line := p.Top + p.BodyTops[k]
		open := c.openings(g, col, p.H-p.QuoteLines-p.BodyTops[k]-(col.To-col.From), p)
		for i := col.From; i < col.To; i++ {
			gl := g.Lines[i]
			if gl.Kind == text.SpaceLine && i == col.From {
				continue
			}
			if open[i] {
				line++
			}
			if gl.Kind != text.SpaceLine {
				d.emit(gl.Line, cx, f.LineY(line)+bodyBase, page.Black, id)
			}
			line++
		}
	}
	if p.JumpTo != 0 {
		c.drawJump(pg, f, p)
	}
	if p.QuoteLines > 0 {
		c.drawQuote(pg, f, p)
	}
}

// openings chooses where a column opens blank lines to end flush with its story's foot:
// extra lines spread evenly over its paragraph breaks. None when it cannot end flush (a
// piece ending in a jump line keeps its last line for it).
func (c *composer) openings(g *text.Galley, col text.Column, extra int, p *Placement) map[int]bool {
	if extra <= 0 || p.JumpTo != 0 || p.cut {
		return nil
	}
	var at []int
	for i := col.From + 1; i < col.To; i++ {
		if openable(g, i) {
			at = append(at, i)
		}
	}
	if extra > len(at) {
		return nil
	}
	open := map[int]bool{}
	for j := 0; j < extra; j++ {
		open[at[(2*j+1)*len(at)/(2*extra)]] = true
	}
	return open
}

// drawColumnRules draws hairlines in the gutters where two different stories (or a story
// and an ad) stand side by side, as newspapers separate stories across a column.
func (c *composer) drawColumnRules(pg *page.Page, pb *pageBuild) {
	f := pb.frame
	owner := func(col, line int) *Placement {
		for _, p := range pb.places {
			if col >= p.Col && col < p.Col+p.W && line >= p.Top+btoi(p.SepAbove) && line < p.Top+p.H {
				return p
			}
		}
		return nil
	}
	for col := 0; col+1 < f.Cols; col++ {
		x := f.ColX(col+1) - f.Gutter/2
		start := -1
		for line := pb.header; line <= f.Lines; line++ {
			on := false
			if line < f.Lines {
				a, b := owner(col, line), owner(col+1, line)
				on = a != nil && b != nil && a != b
			}
			switch {
			case on && start < 0:
				start = line
			case !on && start >= 0:
				y0, y1 := f.LineY(start)+f.Leading/4, f.LineY(line)-f.Leading/4
				if y1-y0 > f.Leading {
					pg.Items = append(pg.Items, &page.Rule{X0: x, Y0: y0, X1: x, Y1: y1, Width: geom.FromPt(0.3), Color: ruleGray})
				}
				start = -1
			}
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// photoRequest asks the photo pipeline for a photo at the size of its frame (named when
// requested; see requestPicture).
func (c *composer) photoRequest(frame geom.Rect, ph *PhotoInfo, article, index int) ImageRequest {
	return ImageRequest{Src: ph.Photo.Src, FrameW: frame.W, FrameH: frame.H,
		FocusX: ph.Photo.FocusX, FocusY: ph.Photo.FocusY, Pos: ph.Photo.Pos,
		Field: fmt.Sprintf("articles[%d].photos[%d].src", article, index)}
}

// continuedLine sets the kicker of a continuation: "CONTINUED FROM PAGE 1".
func (c *composer) continuedLine(from int, measure geom.Sp) text.Line {
	ks := c.house.Small()
	r := text.FitHeadline(c.house.Sans, []text.Span{{Style: text.Bold, Text: fmt.Sprintf("CONTINUED FROM PAGE %d", from)}}, []geom.Sp{ks}, measure, 1)
	if len(r.Lines) == 0 {
		return text.Line{}
	}
	return r.Lines[0]
}

// drawJump writes the jump line at the foot of a cut story, linked to where it continues.
func (c *composer) drawJump(pg *page.Page, f *Frame, p *Placement) {
	if p.JumpTo < 0 {
		return // never continued: the overset is reported
	}
	size := c.house.Small()
	face := c.house.Sans.Italic
	msg := fmt.Sprintf("Continued on page %d", p.JumpTo)
	w := face.Width(msg).Of(size)
	lastCol := p.Col + p.W - 1
	x := f.ColX(lastCol) + f.ColW - w
	lineTop := f.LineY(p.Top + p.H - 1)
	y := lineTop + c.baseline(size, face)
	l := text.Line{Words: []text.Word{{Text: msg, Face: face, Size: size, Width: w}}}
	emit(pg, l, x, y, c.house.Accent, p.Story.Art.ID)
	pg.Items = append(pg.Items, &page.Link{Rect: geom.Rect{X: x, Y: lineTop, W: w, H: f.Leading}, ToPage: p.JumpTo,
		Story: p.Story.Art.ID, Internal: true})
}

func (c *composer) drawAd(d *pageDraw, f *Frame, ap *adPlacement) {
	r := f.Rect(ap.col, ap.w, ap.line, ap.height)
	d.picture(&page.Picture{Frame: r, Story: "ad:" + ap.ad.ID}, ImageRequest{ID: fmt.Sprintf("ad%d-%s", f.Number, ap.ad.ID),
		Src: ap.ad.Src, FrameW: r.W, FrameH: r.H, FocusX: 0.5, FocusY: 0.5,
		Pos: ap.ad.Pos, Field: fmt.Sprintf("ads[%d].src", c.adIndex(ap.ad))}, "")
}

// collectFonts lists the faces the pages use, in a stable order.
func (c *composer) collectFonts(doc *page.Document) {
	seen := map[string]bool{}
	faces := map[string][]byte{}
	var names []string
	all := []*text.Family{c.house.Body, c.house.Head, c.house.Sans}
	for _, fam := range all {
		for _, fc := range []*text.Face{fam.Regular, fam.Bold, fam.Italic, fam.BoldItalic} {
			faces[fc.Name] = fc.Data
		}
	}
	for _, pg := range doc.Pages {
		for _, it := range pg.Items {
			if t, ok := it.(*page.Text); ok && !seen[t.Font] {
				seen[t.Font] = true
				names = append(names, t.Font)
			}
		}
	}
	for _, n := range names {
		doc.Fonts = append(doc.Fonts, page.Font{Name: n, Data: faces[n]})
	}
}

func (c *composer) adIndex(ad *manifest.Ad) int {
	for i := range c.ed.Ads {
		if &c.ed.Ads[i] == ad {
			return i
		}
	}
	return -1
}
