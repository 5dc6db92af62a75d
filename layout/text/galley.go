package text

import "epaper/layout/geom"

// LineKind tells body lines from the lines around them.
type LineKind uint8

// Line kinds of a galley.
const (
	BodyLine    LineKind = iota
	SubheadLine          // a subhead, bold, kept with what follows
	SpaceLine            // white space above a subhead; dropped at the top of a column
)

// GalleyLine is one line of a story's body, one baseline-grid step high.
type GalleyLine struct {
	Line
	Kind LineKind
	// Keep forbids a column break after this line: it protects against orphans (a first line
	// alone at a column's foot), widows (a last line alone at a column's head) and subheads
	// separated from their text.
	Keep bool
	Para int // paragraph number, from 0
}

// Galley is a story's body set in lines of one column measure, ready to flow into columns.
type Galley struct {
	Lines     []GalleyLine
	Emergency int // paragraphs that needed the last-resort pass (reported by check)
	Measure   geom.Sp
}

// SetGalley sets the blocks of a body. lead, if any, is run in at the start of the first
// paragraph (a dateline such as "TOKYO —").
func (f *Format) SetGalley(blocks []Block, lead []Span) *Galley {
	g := &Galley{Measure: f.Measure}
	indent := f.Size // one em
	afterHead := true
	for bi, b := range blocks {
		if b.Subhead {
			if len(g.Lines) > 0 {
				g.Lines = append(g.Lines, GalleyLine{Kind: SpaceLine, Keep: true, Para: bi})
			}
			lines, em := f.setRagged(b.Spans)
			if em {
				g.Emergency++
			}
			for _, l := range lines {
				g.Lines = append(g.Lines, GalleyLine{Line: l, Kind: SubheadLine, Keep: true, Para: bi})
			}
			afterHead = true
			continue
		}
		spans := b.Spans
		if bi == 0 && len(lead) > 0 {
			spans = append(append([]Span{}, lead...), spans...)
		}
		in := indent
		if afterHead {
			in = 0
		}
		lines, em := f.Set(spans, in)
		if em {
			g.Emergency++
		}
		for li, l := range lines {
			// A two-line paragraph never splits; longer ones keep two lines at each end together.
			keep := len(lines) >= 2 && (li == 0 || li == len(lines)-2)
			g.Lines = append(g.Lines, GalleyLine{Line: l, Kind: BodyLine, Keep: keep, Para: bi})
		}
		afterHead = false
	}
	if n := len(g.Lines); n > 0 {
		g.Lines[n-1].Keep = false
	}
	return g
}

// setRagged sets a subhead flush left; an over-long subhead breaks like body text.
func (f *Format) setRagged(spans []Span) ([]Line, bool) {
	if r, ok := SetRagged(f.Family, spans, f.Size, f.Measure, 0); ok {
		return r.Lines, false
	}
	return f.Set(spans, 0)
}

// Column is the run of galley lines that one column holds: Lines[From:To].
type Column struct{ From, To int }

// Fill pours lines from index from into columns of the given capacities (in lines), in order,
// honouring Keep and dropping space lines at column heads. next is the first line that did
// not fit (len(Lines) when all did).
func (g *Galley) Fill(from int, caps []int) (cols []Column, next int) {
	i := from
	for _, c := range caps {
		for i < len(g.Lines) && g.Lines[i].Kind == SpaceLine {
			i++
		}
		if c <= 0 || i >= len(g.Lines) {
			cols = append(cols, Column{i, i})
			continue
		}
		end := min(i+c, len(g.Lines))
		if end < len(g.Lines) {
			// Back off to a line after which a break is allowed.
			e := end
			for e > i && g.Lines[e-1].Keep {
				e--
			}
			if e > i {
				end = e
			}
			// else: a keep chain longer than the column; break it rather than loop forever.
		}
		cols = append(cols, Column{i, end})
		i = end
	}
	for i < len(g.Lines) && g.Lines[i].Kind == SpaceLine {
		i++
	}
	return cols, i
}

// Balance finds the smallest common bottom for columns whose tops are at the given line
// offsets, such that lines from index from fit, no deeper than maxDepth. It returns the
// depth (in lines from the region top), the columns and the first line that did not fit.
func (g *Galley) Balance(from int, tops []int, maxDepth int) (depth int, cols []Column, next int) {
	remaining := len(g.Lines) - from
	caps := make([]int, len(tops))
	lo := 0
	for _, t := range tops {
		lo = max(lo, t)
	}
	// Lower bound: the lines spread over all columns.
	sumTops := 0
	for _, t := range tops {
		sumTops += t
	}
	if b := (remaining + sumTops + len(tops) - 1) / len(tops); b > lo {
		lo = b
	}
	for d := min(lo, maxDepth); d <= maxDepth; d++ {
		for k, t := range tops {
			caps[k] = d - t
		}
		cols, next = g.Fill(from, caps)
		if next == len(g.Lines) {
			return d, cols, next
		}
	}
	for k, t := range tops {
		caps[k] = maxDepth - t
	}
	cols, next = g.Fill(from, caps)
	return maxDepth, cols, next
}
