// Package compose lays out an edition: it paginates the articles, packs stories onto each
// page's column grid, flows their text and emits the display list.
package compose

import (
	"epaper/layout/geom"
	"epaper/layout/manifest"
)

// Frame is the geometry of one page: live area, columns and the baseline grid.
// All vertical positions of content are whole grid lines, so that body baselines align
// across columns.
type Frame struct {
	Number        int
	Width, Height geom.Sp
	Live          geom.Rect
	Cols          int
	ColW, Gutter  geom.Sp
	Leading       geom.Sp
	Lines         int // grid lines in the live area
	Rows          int // module rows of the placement grid
}

// NewFrame computes the frame of page n (1-based). Odd pages are right-hand pages, so their
// inside margin is on the left.
func NewFrame(ps manifest.PageSetup, leading geom.Sp, n int) *Frame {
	m := ps.Margins
	left, right := m.Inside, m.Outside
	if n%2 == 0 {
		left, right = m.Outside, m.Inside
	}
	live := geom.Rect{X: left, Y: m.Top, W: ps.Width - left - right, H: ps.Height - m.Top - m.Bottom}
	f := &Frame{Number: n, Width: ps.Width, Height: ps.Height, Live: live, Cols: ps.Columns,
		Gutter: ps.Gutter, Leading: leading, Rows: ps.Rows}
	f.ColW = (live.W - geom.Sp(ps.Columns-1)*ps.Gutter) / geom.Sp(ps.Columns)
	f.Lines = int(live.H / leading)
	return f
}

// ColX is the left edge of column c (0-based).
func (f *Frame) ColX(c int) geom.Sp { return f.Live.X + geom.Sp(c)*(f.ColW+f.Gutter) }

// SpanW is the width of w adjacent columns including the gutters between them.
func (f *Frame) SpanW(w int) geom.Sp {
	if w <= 0 {
		return 0
	}
	return geom.Sp(w)*f.ColW + geom.Sp(w-1)*f.Gutter
}

// LineY is the top of grid line l (0-based).
func (f *Frame) LineY(l int) geom.Sp { return f.Live.Y + geom.Sp(l)*f.Leading }

// RowLine is the first grid line of module row r (0-based); RowLine(Rows) is Lines.
// Rows share the lines as evenly as whole lines allow.
func (f *Frame) RowLine(r int) int { return r * f.Lines / f.Rows }

// Rect is the area of columns [c, c+w) and grid lines [l, l+h).
func (f *Frame) Rect(c, w, l, h int) geom.Rect {
	return geom.Rect{X: f.ColX(c), Y: f.LineY(l), W: f.SpanW(w), H: geom.Sp(h) * f.Leading}
}
