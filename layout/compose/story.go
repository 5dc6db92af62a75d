package compose

import (
	"math"
	"strings"

	"epaper/layout/geom"
	"epaper/layout/manifest"
	"epaper/layout/page"
	"epaper/layout/text"
)

// Story is an article prepared for layout: its body set once in a galley at the column
// measure, its heads set per width on demand, its photos measured.
type Story struct {
	Art    *manifest.Article
	Order  int // position in the manifest
	Galley *text.Galley
	Photos []PhotoInfo

	headline, deck, kicker, byline []text.Span
	heads                          map[headKey]*headBlock

	// Layout state across pages.
	Next        int          // first galley line not yet placed
	Pieces      []*Placement // where the story went, in order
	OnPageOne   bool
	Overset     int // galley lines that could not be placed
	Emergency   int
	Dropped     []string // characters that were replaced or dropped
	unplaceable bool     // could not be set at all (a head taller than a page): reported as overset
}

// PhotoInfo is what layout needs to know of a photo before processing it.
type PhotoInfo struct {
	Photo  *manifest.Photo
	Aspect float64 // width / height as displayed
	PixW   int
	PixH   int
}

// Done reports whether every line has been placed.
func (s *Story) Done() bool { return s.Next >= len(s.Galley.Lines) && len(s.Pieces) > 0 }

// Words is the story's body length in galley lines still to place.
func (s *Story) Remaining() int { return len(s.Galley.Lines) - s.Next }

type headKey struct {
	w            int
	continuation bool
	label        string // section named above a story placed on another section's page
}

// drawnLine is a set line at an offset from its block's top-left.
type drawnLine struct {
	line  text.Line
	x, y  geom.Sp // y is the baseline
	color page.Color
	upper bool
}

// headBlock is the stack above a story's body: kicker, headline, deck, byline.
type headBlock struct {
	lines  []drawnLine
	height int // grid lines
	size   geom.Sp
}

// maxHead gives the largest headline size (points) and most lines for a priority.
func maxHead(priority int) (float64, int) {
	switch priority {
	case 1:
		return 60, 3
	case 2:
		return 40, 3
	case 3:
		return 28, 3
	case 4:
		return 20, 3
	}
	return 16, 4
}

func (c *composer) head(s *Story, w int, continuation bool, label string) *headBlock {
	k := headKey{w, continuation, label}
	if hb, ok := s.heads[k]; ok {
		return hb
	}
	h := c.house
	measure := c.frame(1).SpanW(w)
	hb := &headBlock{}
	y := geom.Sp(0)
	L := h.Leading
	kicker := s.kicker
	if label != "" {
		kicker = append([]text.Span{{Style: text.Bold, Text: label}}, kicker...)
		if len(s.kicker) > 0 {
			kicker = append([]text.Span{{Style: text.Bold, Text: label + " · "}}, s.kicker...)
		}
	}
	if continuation {
		// Sized with the widest page number; the real one is set when the page is drawn.
		kicker = []text.Span{{Style: text.Bold, Text: "CONTINUED FROM PAGE 000"}}
	}
	if len(kicker) > 0 {
		ks := h.Small()
		r := text.FitHeadline(h.Sans, upper(bold(kicker)), []geom.Sp{ks}, measure, 1)
		for i, l := range r.Lines {
			hb.lines = append(hb.lines, drawnLine{line: l, y: y + geom.Sp(i)*L + c.baseline(ks, h.Sans.Bold), color: h.Accent})
		}
		y += geom.Sp(len(r.Lines)) * L
	}
	maxPt, maxLines := maxHead(s.Art.Priority)
	if continuation {
		maxPt, maxLines = 20, 2
	}
	sizes := c.headSizes(maxPt, measure)
	hl := text.FitHeadline(h.Head, styled(s.headline, h.HeadStyle), sizes, measure, maxLines)
	hb.size = hl.Size
	lead := hl.Size * 108 / 100
	face := h.Head.Face(h.HeadStyle)
	top := y
	for i, l := range hl.Lines {
		base := top + face.Ascent.Of(hl.Size)*92/100 + geom.Sp(i)*lead
		hb.lines = append(hb.lines, drawnLine{line: l, y: base})
		y = base + face.Descent.Of(hl.Size)
	}
	y += L / 3
	if len(s.deck) > 0 && !continuation {
		dr := text.FitHeadline(h.Body, styled(s.deck, text.Italic), []geom.Sp{h.DeckSize()}, measure, 6)
		dl := dr.Size * 118 / 100
		df := h.Body.Italic
		top := y
		for i, l := range dr.Lines {
			base := top + df.Ascent.Of(dr.Size) + geom.Sp(i)*dl
			hb.lines = append(hb.lines, drawnLine{line: l, y: base, color: page.Color{R: 60, G: 60, B: 60}})
			y = base + df.Descent.Of(dr.Size)
		}
		y += L / 3
	}
	if len(s.byline) > 0 && !continuation {
		bs := h.Small()
		br := text.FitHeadline(h.Sans, bold(s.byline), []geom.Sp{bs}, measure, 0)
		y = roundUp(y, L)
		for i, l := range br.Lines {
			hb.lines = append(hb.lines, drawnLine{line: l, y: y + geom.Sp(i)*L + c.baseline(bs, h.Sans.Bold)})
		}
		y += geom.Sp(len(br.Lines)) * L
	}
	hb.height = int(roundUp(y, L) / L)
	s.heads[k] = hb
	return hb
}

// headSizes is the scale from maxPt down, capped so that a narrow story does not get a
// headline of a few letters per line.
func (c *composer) headSizes(maxPt float64, measure geom.Sp) []geom.Sp {
	if c.house.FixedHead > 0 {
		return []geom.Sp{c.house.FixedHead}
	}
	widthCap := measure.Pt() / 7
	var out []geom.Sp
	for _, s := range c.house.HeadSizes {
		if s.Pt() <= maxPt && s.Pt() <= widthCap {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		out = append(out, c.house.HeadSizes[len(c.house.HeadSizes)-1])
	}
	return out
}

// baseline is the offset of a baseline from the top of a grid line, centring the face's
// ascender-to-descender box in the line.
func (c *composer) baseline(size geom.Sp, f *text.Face) geom.Sp {
	asc, desc := f.Ascent.Of(size), f.Descent.Of(size)
	return (c.house.Leading + asc - desc) / 2
}

func roundUp(v, unit geom.Sp) geom.Sp {
	if v <= 0 {
		return 0
	}
	return (v + unit - 1) / unit * unit
}

func styled(spans []text.Span, st text.Style) []text.Span {
	out := make([]text.Span, len(spans))
	for i, s := range spans {
		out[i] = text.Span{Style: s.Style | st, Text: s.Text}
	}
	return out
}

func bold(spans []text.Span) []text.Span { return styled(spans, text.Bold) }

func upper(spans []text.Span) []text.Span {
	out := make([]text.Span, len(spans))
	for i, s := range spans {
		out[i] = text.Span{Style: s.Style, Text: strings.ToUpper(s.Text)}
	}
	return out
}

// photoBlock is a photo with its caption, set for a width in columns.
type photoBlock struct {
	cols     int
	lines    int // image height in grid lines
	capLines int // caption height in grid lines
	caption  []drawnLine
}

// captionSize is the type size of captions relative to the body.
func (c *composer) caption(p *PhotoInfo, w int) ([]drawnLine, int) {
	h := c.house
	measure := c.frame(1).SpanW(w)
	size := h.Small()
	lead := size * 12 / 10
	var spans []text.Span
	if p.Photo.Caption != "" {
		spans = append(spans, text.PlainText(p.Photo.Caption)...)
	}
	if p.Photo.Credit != "" {
		if len(spans) > 0 {
			spans = append(spans, text.Span{Text: " "})
		}
		spans = append(spans, text.Span{Style: text.Italic, Text: c.clean(p.Photo.Credit)})
	}
	if len(spans) == 0 {
		return nil, 0
	}
	for i := range spans {
		spans[i].Text = c.clean(spans[i].Text)
	}
	r := text.FitHeadline(h.Sans, spans, []geom.Sp{size}, measure, 0)
	var out []drawnLine
	y := geom.Sp(0)
	face := h.Sans.Regular
	for i, l := range r.Lines {
		base := face.Ascent.Of(size) + geom.Sp(i)*lead + h.Leading/6
		out = append(out, drawnLine{line: l, y: base, color: page.Color{R: 40, G: 40, B: 40}})
		y = base + face.Descent.Of(size)
	}
	return out, int(roundUp(y, h.Leading) / h.Leading)
}

// naturalPhotoLines is the image height in grid lines that keeps the photo's own aspect
// ratio at a width of w columns.
func (c *composer) naturalPhotoLines(p *PhotoInfo, w int) int {
	width := c.frame(1).SpanW(w)
	h := float64(width) / p.Aspect
	return int(math.Round(h / float64(c.house.Leading)))
}

// photoRange is how far the photo may be cropped: from a wide 16:9-ish crop to a squarer one,
// never so far that the focus area is lost.
func (c *composer) photoRange(p *PhotoInfo, w int) (lo, hi int) {
	n := c.naturalPhotoLines(p, w)
	lo = int(float64(n) * 0.72)
	hi = int(float64(n) * 1.3)
	width := float64(c.frame(1).SpanW(w))
	// Never wider than 2.4:1 nor taller than 4:5.
	lo = max(lo, int(math.Ceil(width/2.4/float64(c.house.Leading))))
	hi = min(hi, int(width*1.25/float64(c.house.Leading)))
	lo = max(lo, 5)
	// Never so tall that the photo prints below 100 ppi.
	if p.PixH > 0 {
		hi = min(hi, int(float64(p.PixH)/minPPI*72*65536/float64(c.house.Leading)))
	}
	if hi < lo {
		hi = lo
	}
	return lo, hi
}

// minPPI is the lowest resolution a photo may print at; below it looks soft on screen and
// in print.
const minPPI = 100

// photoFits reports whether a photo is sharp enough to span w columns.
func (c *composer) photoFits(p *PhotoInfo, w int) bool {
	inches := c.frame(1).SpanW(w).Pt() / 72
	return float64(p.PixW)/inches >= minPPI || w == 1
}
