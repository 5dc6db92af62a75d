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
	quote                          string // for a pull-quote panel, if the story needs one
	heads                          map[headKey]*headBlock
	// The head's parts split into words and measured once, set at each width a piece takes
	// (see head); made when the story is first asked for a head.
	headText func() headTexts

	// Layout state across pages.
	Next        int          // first galley line not yet placed
	Pieces      []*Placement // where the story went, in order
	Overset     int          // galley lines that could not be placed
	Emergency   int          // paragraphs that needed the last-resort line breaking pass
	unplaceable bool         // no more of it can be set (a head taller than a page, or forced in cut and may not jump): the rest is overset
	reserved    int          // the page the manifest fixes it to, until that page is built
	placeFailed bool         // its place could not take it: it is set automatically on that page
}

// PhotoInfo is what layout needs to know of a photo before processing it.
type PhotoInfo struct {
	Photo  *manifest.Photo
	Aspect float64 // width / height as displayed
	PixW   int
	PixH   int

	captionSpans []text.Span // caption and credit, cleaned once so replacements are counted once
}

// Done reports whether every line has been placed.
func (s *Story) Done() bool { return s.Next >= len(s.Galley.Lines) && len(s.Pieces) > 0 }

// Words is the story's body length in galley lines still to place.
func (s *Story) Remaining() int { return len(s.Galley.Lines) - s.Next }

type headTexts struct {
	kicker, headline, deck, byline *text.RaggedText
}

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
}

// headBlock is the stack above a story's body: kicker, headline, deck, byline.
type headBlock struct {
	lines  []drawnLine
	rules  []headRule
	height int // grid lines
	size   geom.Sp
}

// headRule is a hairline in a head: after the kicker, running to the story's edge.
type headRule struct{ x0, x1, y geom.Sp }

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
	c.mu.Lock()
	hb, ok := s.heads[k]
	c.mu.Unlock()
	if ok {
		return hb
	}
	h := c.house
	measure := c.frame(1).SpanW(w)
	hb = &headBlock{}
	st := &stacker{L: h.Leading}
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
	texts := s.headText()
	if len(kicker) > 0 {
		kt := texts.kicker
		if label != "" || continuation {
			kt = text.SplitRagged(h.Sans, upper(bold(kicker)))
		}
		r := kt.Fit([]geom.Sp{h.Small()}, measure, 1)
		st.add(&hb.lines, r.Lines, r.Size, h.Sans.Bold, h.Leading, h.Accent, 0)
		// A rule runs on from the kicker to the story's edge, tying the head to its width.
		if n := len(r.Lines); n > 0 {
			last := r.Lines[n-1]
			x0 := last.Width + h.Small()
			if x0 < measure-2*h.Small() {
				y := st.base - h.Sans.Bold.XHeight.Of(r.Size)/2
				hb.rules = append(hb.rules, headRule{x0: x0, x1: measure, y: y})
			}
		}
	}
	maxPt, maxLines := maxHead(s.Art.Priority)
	if continuation {
		maxPt, maxLines = 20, 2
	}
	hl := texts.headline.Fit(c.headSizes(maxPt, measure), measure, maxLines)
	hb.size = hl.Size
	st.add(&hb.lines, hl.Lines, hl.Size, h.Head.Face(h.HeadStyle), h.headLeading(hl.Size), page.Black, 0)
	if len(s.deck) > 0 && !continuation {
		dr := texts.deck.Fit([]geom.Sp{h.DeckSize()}, measure, 6)
		st.add(&hb.lines, dr.Lines, dr.Size, h.Body.Italic, dr.Size*120/100, page.Color{R: 60, G: 60, B: 60}, 0)
	}
	if len(s.byline) > 0 && !continuation {
		br := texts.byline.Fit([]geom.Sp{h.Small()}, measure, 0)
		st.add(&hb.lines, br.Lines, br.Size, h.Sans.Bold, h.Leading, page.Black, 0)
	}
	hb.height = st.cells()
	c.mu.Lock()
	s.heads[k] = hb
	c.mu.Unlock()
	return hb
}

// stacker sets blocks of display lines one under another with every baseline on a boundary
// between grid lines. Body text sits inside the grid lines, so a display line never shares
// a body line's height: readers see clean rows, and text extractors that group words into
// rows by height do not mistake a headline or caption for part of a row of body text.
type stacker struct {
	L          geom.Sp
	base, desc geom.Sp // last baseline and its descent; base 0 before the first block
	started    bool
}

// add places lines of one face and size at a leading rounded to whole grid lines.
func (st *stacker) add(dst *[]drawnLine, lines []text.Line, size geom.Sp, f *text.Face, lead geom.Sp, color page.Color, gap geom.Sp) {
	if len(lines) == 0 {
		return
	}
	step := geom.Max(st.L, (lead+st.L/2)/st.L*st.L)
	first := roundUp(st.base+st.desc+f.Ascent.Of(size)*9/10+gap, st.L)
	if first <= st.base {
		first = st.base + st.L
	}
	for i, l := range lines {
		*dst = append(*dst, drawnLine{line: l, y: first + geom.Sp(i)*step, color: color})
	}
	st.base = first + geom.Sp(len(lines)-1)*step
	st.desc = f.Descent.Of(size)
	st.started = true
}

// cells is the height of what was stacked, in whole grid lines, descenders included.
func (st *stacker) cells() int { return int(roundUp(st.base+st.desc, st.L) / st.L) }

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

// captionSpans is a photo's caption followed by its credit in italics.
func (c *composer) captionSpans(ph *manifest.Photo) []text.Span {
	var spans []text.Span
	if ph.Caption != "" {
		spans = append(spans, text.PlainText(ph.Caption)...)
	}
	if ph.Credit != "" {
		if len(spans) > 0 {
			spans = append(spans, text.Span{Text: " "})
		}
		spans = append(spans, text.Span{Style: text.Italic, Text: ph.Credit})
	}
	for i := range spans {
		spans[i].Text = c.clean(spans[i].Text)
	}
	return spans
}

// caption sets a photo's caption and credit across w columns, on the grid.
func (c *composer) caption(p *PhotoInfo, w int) ([]drawnLine, int) {
	r := c.captions.get(captionKey{p, w}, func() captionResult {
		lines, cells := c.captionUncached(p, w)
		return captionResult{lines, cells}
	})
	return r.lines, r.cells
}

type captionKey struct {
	p *PhotoInfo
	w int
}

type captionResult struct {
	lines []drawnLine
	cells int
}

func (c *composer) captionUncached(p *PhotoInfo, w int) ([]drawnLine, int) {
	h := c.house
	measure := c.frame(1).SpanW(w)
	size := h.Small()
	spans := p.captionSpans
	if len(spans) == 0 {
		return nil, 0
	}
	r := text.FitHeadline(h.Sans, spans, []geom.Sp{size}, measure, 0)
	var out []drawnLine
	st := &stacker{L: h.Leading}
	st.add(&out, r.Lines, size, h.Sans.Regular, h.Leading, page.Color{R: 40, G: 40, B: 40}, 0)
	return out, st.cells()
}

// naturalPhotoLines is the image height in grid lines that keeps the photo's own aspect
// ratio at a width of w columns.
func (c *composer) naturalPhotoLines(p *PhotoInfo, w int) int {
	width := c.frame(1).SpanW(w)
	h := float64(width) / p.Aspect * c.photoScale
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
