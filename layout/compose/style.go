package compose

import (
	"fmt"

	"epaper/layout/geom"
	"epaper/layout/manifest"
	"epaper/layout/page"
	"epaper/layout/text"
)

// House is the resolved typography of an edition: families and sizes of every element.
// Sizes of secondary elements derive from the body size so that a manifest changing the
// body size keeps the proportions.
type House struct {
	Body      *text.Family
	Head      *text.Family
	HeadStyle text.Style
	Sans      *text.Family

	BodySize, Leading geom.Sp
	Params            text.Params
	Hyph              text.Hyphenator

	HeadSizes []geom.Sp // the headline scale, largest first
	FixedHead geom.Sp   // type.headline.size, 0 = automatic
	HeadLead  geom.Sp   // type.headline.leading, 0 = automatic

	Accent page.Color
}

// headlineScale is the ladder of headline sizes in points, largest first.
var headlineScale = []float64{60, 48, 40, 34, 28, 24, 20, 18, 16, 14, 12}

func newHouse(ed *manifest.Edition, fs *text.FontSet, hyph text.Hyphenator) (*House, error) {
	body, bst, err := fs.Resolve(ed.Type.Body.Font)
	if err != nil {
		return nil, fmt.Errorf("type.body.font: %w", err)
	}
	if bst != text.Regular {
		// A body font named with a style still needs its whole family for italic and bold.
		body = &text.Family{Regular: body.Face(bst), Bold: body.Bold, Italic: body.Italic, BoldItalic: body.BoldItalic}
	}
	head, hst, err := fs.Resolve(ed.Type.Headline.Font)
	if err != nil {
		return nil, fmt.Errorf("type.headline.font: %w", err)
	}
	sans, _ := fs.Family("sans")
	h := &House{Body: body, Head: head, HeadStyle: hst, Sans: sans,
		BodySize: ed.Type.Body.Size, Leading: ed.Type.Body.Leading, Hyph: hyph,
		FixedHead: ed.Type.Headline.Size, HeadLead: ed.Type.Headline.Leading, Accent: page.Color{R: 150, G: 20, B: 30}}
	h.Params = text.DefaultParams(h.BodySize)
	if t := ed.Type.Body.Tolerance; t > 0 {
		h.Params.Tolerance = t
	}
	if m := ed.Type.Body.MaxConsecutiveHyphens; m > 0 {
		h.Params.MaxHyphenRun = m
	}
	for _, s := range headlineScale {
		h.HeadSizes = append(h.HeadSizes, geom.FromPt(s))
	}
	return h, nil
}

// Small is the size of captions, bylines, kickers and folios; DeckSize that of decks. Text
// that is not body text is kept clearly smaller or clearly larger than the body (below 0.8
// or above 1.25 of its size): a reader, and a text extractor, then never mistakes a caption
// running across a column gutter for a line of the body beside it.
func (h *House) Small() geom.Sp { return h.BodySize * 78 / 100 }

// DeckSize is the size of decks (standfirsts).
func (h *House) DeckSize() geom.Sp { return h.BodySize * 132 / 100 }

// headLeading is the leading of a headline at a size: the manifest's, else 108% of the
// size. Either way the stacker rounds it to whole grid lines.
func (h *House) headLeading(size geom.Sp) geom.Sp {
	if h.HeadLead > 0 {
		return h.HeadLead
	}
	return size * 108 / 100
}
