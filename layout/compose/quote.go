package compose

import (
	"regexp"
	"strings"

	"epaper/layout/geom"
	"epaper/layout/page"
	"epaper/layout/text"
)

// A pull quote is a sentence from the story repeated large in a tinted panel at its foot.
// Newspapers use them to break up long columns and to fit a story to its space; here they
// are the last resort for a story that cannot otherwise fill the rectangle it stands in.

// Pull-quote panel limits, in grid lines.
const (
	minQuoteLines = 4
	maxQuoteLines = 26
)

var quoted = regexp.MustCompile(`“([^”]{40,220})”`)

// pickQuote chooses a story's pull quote: the first quotation of 8 to 35 words, else the
// longest sentence of that length after the first paragraph.
func pickQuote(blocks []text.Block) string {
	var paras []string
	for _, b := range blocks {
		if b.Subhead {
			continue
		}
		var sb strings.Builder
		for _, s := range b.Spans {
			sb.WriteString(s.Text)
		}
		paras = append(paras, sb.String())
	}
	for _, p := range paras {
		for _, m := range quoted.FindAllStringSubmatch(p, -1) {
			if n := len(strings.Fields(m[1])); n >= 8 && n <= 35 {
				return "“" + strings.TrimRight(strings.TrimSpace(m[1]), ",") + "”"
			}
		}
	}
	best := ""
	for _, p := range paras[min(1, len(paras)):] {
		for _, sent := range sentenceSplit.Split(p, -1) {
			if n := len(strings.Fields(sent)); n >= 8 && n <= 35 && len(sent) > len(best) {
				best = strings.TrimSpace(sent)
			}
		}
	}
	return best
}

var sentenceSplit = regexp.MustCompile(`[.!?][”’]?\s+`)

// quoteBlock sets a pull quote to fill a panel of cells grid lines across w columns: the
// largest size at which it fits, centred.
func (c *composer) quoteBlock(q string, w, cells int) []drawnLine {
	return c.quotes.get(quoteKey{q, w, cells}, func() []drawnLine { return c.quoteBlockUncached(q, w, cells) })
}

type quoteKey struct {
	q        string
	w, cells int
}

func (c *composer) quoteBlockUncached(q string, w, cells int) []drawnLine {
	h := c.house
	measure := c.frame(1).SpanW(w) - 2*h.Leading
	spans := []text.Span{{Style: text.Italic, Text: q}}
	for _, pt := range []float64{28, 24, 20, 18, 16, 14, 13, 12} {
		size := geom.FromPt(pt)
		if size < h.DeckSize() {
			break
		}
		r, ok := text.SetRagged(h.Body, spans, size, measure, 0)
		if !ok {
			continue
		}
		var out []drawnLine
		st := &stacker{L: h.Leading}
		st.add(&out, r.Lines, size, h.Body.Italic, size*115/100, page.Color{R: 30, G: 30, B: 30}, 0)
		used := st.cells()
		if used > cells-2 {
			continue
		}
		top := geom.Sp((cells-used)/2) * h.Leading // centred vertically, on the grid
		for i := range out {
			out[i].y += top
			out[i].x = (measure - out[i].line.Width) / 2
		}
		return out
	}
	return nil
}

// addQuote extends a complete piece by a pull-quote panel so that it is deep lines deep.
func (c *composer) addQuote(p *Placement, deep int) *Placement {
	extra := deep - p.H
	// A panel may not dwarf its story: at most half as deep again as the piece itself.
	if p.Story.quote == "" || p.cut || extra < minQuoteLines || extra > min(maxQuoteLines, max(minQuoteLines, p.H/2)) {
		return nil
	}
	lines := c.quoteBlock(p.Story.quote, p.W, extra)
	if lines == nil {
		return nil
	}
	q := *p
	q.Quote, q.QuoteLines = lines, extra
	q.H = deep
	return &q
}

// drawQuote draws a piece's pull-quote panel at its foot.
func (c *composer) drawQuote(pg *page.Page, f *Frame, p *Placement) {
	L := f.Leading
	top := f.LineY(p.Top + p.H - p.QuoteLines)
	x0, w := f.ColX(p.Col), f.SpanW(p.W)
	panel := geom.Rect{X: x0, Y: top + L/2, W: w, H: geom.Sp(p.QuoteLines)*L - L/2}
	pg.Items = append(pg.Items, &page.Box{Rect: panel, Color: quoteTint, Story: p.Story.Art.ID})
	pg.Items = append(pg.Items, &page.Rule{X0: x0, Y0: panel.Y, X1: x0 + w, Y1: panel.Y, Width: geom.FromPt(2), Color: c.house.Accent, Story: p.Story.Art.ID})
	for _, dl := range p.Quote {
		emit(pg, dl.line, x0+L+dl.x, top+dl.y, dl.color, p.Story.Art.ID)
	}
}

// quoteTint is the panel's colour: light enough for black type, dark enough to read as a
// panel rather than as empty paper.
var quoteTint = page.Color{R: 226, G: 222, B: 214}
