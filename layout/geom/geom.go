// Package geom holds the integer units and rectangles that all layout arithmetic uses.
//
// Lengths are scaled points (1/65536 pt), as in TeX: integer arithmetic makes layout exact and
// reproducible across machines, and the range of int64 is far beyond any page.
package geom

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Sp is a length in scaled points, 1/65536 of a PostScript point (1/72 in).
type Sp int64

// Common units.
const (
	Pt Sp = 65536
	In Sp = 72 * Pt
)

// Mm is one millimetre, rounded to the nearest scaled point.
var Mm = FromPt(72 / 25.4)

// FromPt converts points to scaled points, rounding to nearest.
func FromPt(pt float64) Sp { return Sp(math.Round(pt * 65536)) }

// FromMm converts millimetres to scaled points.
func FromMm(mm float64) Sp { return FromPt(mm * 72 / 25.4) }

// Pt returns the length in points.
func (s Sp) Pt() float64 { return float64(s) / 65536 }

// Mm returns the length in millimetres.
func (s Sp) Mm() float64 { return float64(s) / 65536 * 25.4 / 72 }

// String formats the length in points with two decimals, for dumps and messages.
func (s Sp) String() string { return strconv.FormatFloat(s.Pt(), 'f', 2, 64) + "pt" }

// Scale multiplies s by num/den with rounding, without overflow for page-sized values.
func (s Sp) Scale(num, den int64) Sp {
	if den == 0 {
		return 0
	}
	p := int64(s) * num
	if (p < 0) != (den < 0) {
		return Sp((p - den/2) / den)
	}
	return Sp((p + den/2) / den)
}

// Max returns the larger of a and b.
func Max(a, b Sp) Sp {
	if a > b {
		return a
	}
	return b
}

// Min returns the smaller of a and b.
func Min(a, b Sp) Sp {
	if a < b {
		return a
	}
	return b
}

var unitPoints = map[string]float64{
	"pt": 1,
	"mm": 72 / 25.4,
	"cm": 720 / 25.4,
	"in": 72,
}

// ParseLength reads a length such as "12mm", "9pt", "0.5in" or "1.2 cm".
// A bare number is rejected: the unit is what tells 9pt type from 9mm type.
func ParseLength(s string) (Sp, error) {
	t := strings.TrimSpace(strings.ToLower(s))
	if t == "" {
		return 0, fmt.Errorf("empty length (write a number and a unit: mm, cm, in or pt)")
	}
	i := len(t)
	for i > 0 && t[i-1] >= 'a' && t[i-1] <= 'z' {
		i--
	}
	num, unit := strings.TrimSpace(t[:i]), t[i:]
	if unit == "" {
		return 0, fmt.Errorf("length %q has no unit (use mm, cm, in or pt, e.g. \"%smm\")", s, num)
	}
	factor, ok := unitPoints[unit]
	if !ok {
		return 0, fmt.Errorf("length %q has unknown unit %q (use mm, cm, in or pt)", s, unit)
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("length %q is not a number followed by a unit", s)
	}
	if math.Abs(v*factor) > 1e6 {
		return 0, fmt.Errorf("length %q is too large", s)
	}
	return FromPt(v * factor), nil
}

// Point is a position on a page: X to the right, Y downwards from the top-left corner.
type Point struct{ X, Y Sp }

// Rect is an axis-aligned rectangle, origin at the top-left, Y downwards.
type Rect struct{ X, Y, W, H Sp }

// Right is the X coordinate of the right edge.
func (r Rect) Right() Sp { return r.X + r.W }

// Bottom is the Y coordinate of the bottom edge.
func (r Rect) Bottom() Sp { return r.Y + r.H }

// Empty reports whether the rectangle has no area.
func (r Rect) Empty() bool { return r.W <= 0 || r.H <= 0 }

// Intersect returns the overlap of r and o (empty when they do not overlap).
func (r Rect) Intersect(o Rect) Rect {
	x0, y0 := Max(r.X, o.X), Max(r.Y, o.Y)
	x1, y1 := Min(r.Right(), o.Right()), Min(r.Bottom(), o.Bottom())
	if x1 <= x0 || y1 <= y0 {
		return Rect{}
	}
	return Rect{x0, y0, x1 - x0, y1 - y0}
}

// Overlaps reports whether r and o share any area (touching edges do not count).
func (r Rect) Overlaps(o Rect) bool { return !r.Intersect(o).Empty() }

// Contains reports whether o lies entirely inside r.
func (r Rect) Contains(o Rect) bool {
	return o.X >= r.X && o.Y >= r.Y && o.Right() <= r.Right() && o.Bottom() <= r.Bottom()
}

// Inset shrinks the rectangle by d on every side.
func (r Rect) Inset(d Sp) Rect { return Rect{r.X + d, r.Y + d, r.W - 2*d, r.H - 2*d} }

func (r Rect) String() string {
	return fmt.Sprintf("[%.2f %.2f %.2f %.2f]", r.X.Pt(), r.Y.Pt(), r.W.Pt(), r.H.Pt())
}
