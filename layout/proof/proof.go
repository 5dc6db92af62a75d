// Package proof draws an editor's proof over a laid-out edition: the page grid (columns,
// module rows and, faintly, the baseline grid), every story's region with its id and size
// in columns × lines, photo frames with their pixel size and resolution, and markers where
// text is overset. It is a transformation of the display list: the result is a new
// document that any backend writes like the edition itself.
package proof

import (
	"fmt"
	"math"
	"strings"

	"epaper/layout/compose"
	"epaper/layout/geom"
	"epaper/layout/manifest"
	"epaper/layout/page"
	"epaper/layout/text"
)

// FontName is the face the proof's labels are set in; it is added to the document's fonts.
const FontName = "proof-sans"

// Colours of the marks: light enough not to hide the page, distinct from each other.
var (
	baselineColor = page.Color{R: 175, G: 215, B: 240}
	gridColor     = page.Color{R: 235, G: 120, B: 190}
	storyColor    = page.Color{R: 0, G: 85, B: 200}
	adColor       = page.Color{R: 0, G: 135, B: 60}
	photoColor    = page.Color{R: 230, G: 115, B: 0}
	oversetColor  = page.Color{R: 210, G: 0, B: 0}
	noteColor     = page.Color{R: 90, G: 90, B: 90}
	labelBack     = page.Color{R: 255, G: 255, B: 255}
)

// Line widths and label size.
var (
	hairline  = geom.FromPt(0.15)
	gridWidth = geom.FromPt(0.4)
	boxWidth  = geom.FromPt(0.8)
	labelSize = geom.FromPt(5.5)
	noteSize  = geom.FromPt(6.5)
)

// Overlay returns a copy of doc with the proof marks drawn over every page. doc is not
// changed; the copy shares its items and images. ed gives the page grid and rep the fill
// and overset of the build that produced doc.
func Overlay(doc *page.Document, ed *manifest.Edition, rep *compose.Report) (*page.Document, error) {
	fs, err := text.NewFontSet(nil)
	if err != nil {
		return nil, err
	}
	sans, ok := fs.Family("sans")
	if !ok || sans.Regular == nil {
		return nil, fmt.Errorf("proof: no built-in sans face")
	}
	face := sans.Regular
	out := *doc
	out.Meta.Title = strings.TrimSpace(doc.Meta.Title + " (proof)")
	out.Fonts = append([]page.Font(nil), doc.Fonts...)
	if !hasFont(doc.Fonts, FontName) {
		out.Fonts = append(out.Fonts, page.Font{Name: FontName, Data: face.Data})
	}
	out.Pages = make([]*page.Page, len(doc.Pages))
	images := map[string]page.Image{}
	for _, im := range doc.Images {
		images[im.ID] = im
	}
	fills := map[int]compose.PageReport{}
	if rep != nil {
		for _, p := range rep.Pages {
			fills[p.Number] = p
		}
	}
	d := &drawer{face: face, ed: ed, images: images, offset: baselineOffset(doc, ed)}
	for i, pg := range doc.Pages {
		cp := *pg
		cp.Items = append([]page.Item(nil), pg.Items...)
		d.pg = &cp
		d.frame = compose.NewFrame(ed.Page, ed.Type.Body.Leading, pg.Number)
		d.grid()
		d.regions()
		d.photos()
		d.header(fills[pg.Number])
		out.Pages[i] = &cp
	}
	if rep != nil {
		overset(&out, d, rep)
	}
	return &out, nil
}

func hasFont(fs []page.Font, name string) bool {
	for _, f := range fs {
		if f.Name == name {
			return true
		}
	}
	return false
}

type drawer struct {
	face   *text.Face
	ed     *manifest.Edition
	images map[string]page.Image
	offset geom.Sp // baseline below the top of a grid line
	pg     *page.Page
	frame  *compose.Frame
}

func (d *drawer) add(it page.Item) { d.pg.Items = append(d.pg.Items, it) }

func (d *drawer) rule(x0, y0, x1, y1, w geom.Sp, c page.Color) {
	d.add(&page.Rule{X0: x0, Y0: y0, X1: x1, Y1: y1, Width: w, Color: c})
}

// outline draws r's edges inside it, so that neighbouring outlines do not overlap.
func (d *drawer) outline(r geom.Rect, w geom.Sp, c page.Color) {
	h := w / 2
	x0, y0, x1, y1 := r.X+h, r.Y+h, r.X+r.W-h, r.Y+r.H-h
	d.rule(r.X, y0, r.X+r.W, y0, w, c)
	d.rule(r.X, y1, r.X+r.W, y1, w, c)
	d.rule(x0, r.Y, x0, r.Y+r.H, w, c)
	d.rule(x1, r.Y, x1, r.Y+r.H, w, c)
}

// label writes s at (x, top) on a filled box, so that it reads over text and photos; it
// returns the box.
func (d *drawer) label(s string, x, top, size geom.Sp, fg, bg page.Color) geom.Rect {
	w := d.face.Width(s).Of(size)
	pad := size / 4
	asc, desc := d.face.Ascent.Of(size), d.face.Descent.Of(size)
	box := geom.Rect{X: x, Y: top, W: w + 2*pad, H: asc + desc + pad}
	d.add(&page.Box{Rect: box, Color: bg})
	d.add(&page.Text{X: x + pad, Y: top + pad/2 + asc, Font: FontName, Size: size, Color: fg, Text: s,
		Width: w, Ascent: asc, Descent: desc})
	return box
}

// grid draws the baseline grid faintly, then the column edges and module-row boundaries.
func (d *drawer) grid() {
	f := d.frame
	live := f.Live
	for l := 0; l < f.Lines; l++ {
		y := f.LineY(l) + d.offset
		d.rule(live.X, y, live.X+live.W, y, hairline, baselineColor)
	}
	bottom := f.LineY(f.Lines)
	for c := 0; c < f.Cols; c++ {
		x0, x1 := f.ColX(c), f.ColX(c)+f.ColW
		d.rule(x0, live.Y, x0, bottom, gridWidth, gridColor)
		d.rule(x1, live.Y, x1, bottom, gridWidth, gridColor)
	}
	for r := 0; r <= f.Rows; r++ {
		y := f.LineY(f.RowLine(r))
		d.rule(live.X, y, live.X+live.W, y, gridWidth, gridColor)
	}
}

// Size is a rectangle's size on the grid: whole columns (with their gutters) and lines.
func Size(f *compose.Frame, r geom.Rect) (cols, lines int) {
	cols = int(math.Round(float64(r.W+f.Gutter) / float64(f.ColW+f.Gutter)))
	lines = int(math.Round(float64(r.H) / float64(f.Leading)))
	return cols, lines
}

// regions outlines every story piece and ad and labels it "id W×H".
func (d *drawer) regions() {
	for _, r := range d.pg.Regions {
		c := storyColor
		if strings.HasPrefix(r.Story, "ad:") {
			c = adColor
		}
		d.outline(r.Rect, boxWidth, c)
		cols, lines := Size(d.frame, r.Rect)
		s := fmt.Sprintf("%s  %d×%d", r.Story, cols, lines)
		if r.JumpFrom > 0 {
			s += fmt.Sprintf("  from p%d", r.JumpFrom)
		}
		if r.JumpTo > 0 {
			s += fmt.Sprintf("  to p%d", r.JumpTo)
		}
		d.label(s, r.Rect.X+boxWidth, r.Rect.Y+boxWidth, labelSize, labelBack, c)
	}
}

// photos outlines every picture's frame (the crop as placed) and labels it with the pixels
// embedded and the resolution they print at.
func (d *drawer) photos() {
	var pics []*page.Picture
	for _, it := range d.pg.Items {
		if p, ok := it.(*page.Picture); ok {
			pics = append(pics, p)
		}
	}
	for _, p := range pics {
		d.outline(p.Frame, boxWidth/2, photoColor)
		s := "photo"
		if im, ok := d.images[p.ImageID]; ok && p.Frame.W > 0 {
			s = fmt.Sprintf("%d×%d px  %.0f ppi", im.Width, im.Height, float64(im.Width)/(p.Frame.W.Pt()/72))
		}
		h := d.face.Ascent.Of(labelSize) + d.face.Descent.Of(labelSize) + labelSize/4
		d.label(s, p.Frame.X+boxWidth, p.Frame.Y+p.Frame.H-h-boxWidth, labelSize, labelBack, photoColor)
	}
}

// header writes the page's grid and fill in the top margin.
func (d *drawer) header(pr compose.PageReport) {
	f := d.frame
	s := fmt.Sprintf("PROOF  page %d  %d columns × %d rows, %d lines of %.2f pt", d.pg.Number, f.Cols, f.Rows, f.Lines, f.Leading.Pt())
	if pr.Number != 0 {
		s += fmt.Sprintf("  fill %.1f%%  %s", 100*pr.Fill, pr.Section)
	}
	h := d.face.Ascent.Of(noteSize) + d.face.Descent.Of(noteSize) + noteSize/4
	top := max(0, f.Live.Y-h-geom.FromPt(2))
	d.label(s, f.Live.X, top, noteSize, noteColor, labelBack)
}

// overset marks the end of every story with lines that found no place: at the foot of its
// last piece, or, for a story that was not placed at all, in a list on the first page.
func overset(doc *page.Document, d *drawer, rep *compose.Report) {
	var unplaced []string
	for _, s := range rep.Stories {
		if s.Overset == 0 {
			continue
		}
		msg := fmt.Sprintf("+%d lines overset", s.Overset)
		pg, r := lastRegion(doc, s.ID)
		if pg == nil {
			unplaced = append(unplaced, fmt.Sprintf("%s (%d lines)", s.ID, s.Overset))
			continue
		}
		d.pg = pg
		d.frame = compose.NewFrame(d.ed.Page, d.ed.Type.Body.Leading, pg.Number)
		w := d.face.Width(msg).Of(noteSize) + noteSize/2
		h := d.face.Ascent.Of(noteSize) + d.face.Descent.Of(noteSize) + noteSize/4
		d.outline(r.Rect, 2*boxWidth, oversetColor)
		d.label(msg, r.Rect.X+r.Rect.W-w-2*boxWidth, r.Rect.Y+r.Rect.H-h-2*boxWidth, noteSize, labelBack, oversetColor)
	}
	if len(unplaced) > 0 && len(doc.Pages) > 0 {
		d.pg = doc.Pages[0]
		d.frame = compose.NewFrame(d.ed.Page, d.ed.Type.Body.Leading, d.pg.Number)
		h := d.face.Ascent.Of(noteSize) + d.face.Descent.Of(noteSize) + noteSize/4
		d.label("OVERSET, NOT PLACED: "+strings.Join(unplaced, ", "), d.frame.Live.X, d.frame.Live.Y+h, noteSize, labelBack, oversetColor)
	}
}

// lastRegion is the story's last piece: on its last page, the region ending lowest and
// furthest right (the end of the text in column order).
func lastRegion(doc *page.Document, id string) (*page.Page, page.Region) {
	var best *page.Page
	var br page.Region
	for _, pg := range doc.Pages {
		for _, r := range pg.Regions {
			if r.Story != id {
				continue
			}
			if best == nil || pg.Number > best.Number || pg == best && r.Rect.X+r.Rect.W > br.Rect.X+br.Rect.W {
				best, br = pg, r
			}
		}
	}
	return best, br
}

// baselineOffset finds where body baselines sit in a grid line: the most common offset of
// body-size text from the top of its line. Composition puts every body line on the grid,
// so this is exact unless the edition has no body text.
func baselineOffset(doc *page.Document, ed *manifest.Edition) geom.Sp {
	lead := ed.Type.Body.Leading
	if lead <= 0 {
		return 0
	}
	counts := map[geom.Sp]int{}
	for _, pg := range doc.Pages {
		f := compose.NewFrame(ed.Page, lead, pg.Number)
		for _, it := range pg.Items {
			t, ok := it.(*page.Text)
			if !ok || t.Size != ed.Type.Body.Size || t.Y < f.Live.Y {
				continue
			}
			counts[(t.Y-f.Live.Y)%lead]++
		}
	}
	best, n := lead*3/4, 0 // a plausible default: baselines sit low in the line
	for off, c := range counts {
		if c > n || c == n && off < best {
			best, n = off, c
		}
	}
	return best
}
