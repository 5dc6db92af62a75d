package geom

import (
	"strings"
	"testing"
)

func TestParseLengthAcceptsUnitsAndRejectsBareNumbers(t *testing.T) {
	for _, c := range []struct {
		in      string
		want    float64 // points
		wantErr string
	}{
		{"12mm", 34.0157, ""},
		{"1.2 cm", 34.0157, ""},
		{"0.5in", 36, ""},
		{"9pt", 9, ""},
		{" 10.8pt ", 10.8, ""},
		{"12MM", 34.0157, ""},
		{"12", 0, "no unit"},
		{"", 0, "empty"},
		{"12px", 0, "unknown unit"},
		{"twelve mm", 0, "not a number"},
		{"1e9mm", 0, "too large"},
		{"NaNmm", 0, "unknown unit"},
		{"1.2.3mm", 0, "not a number"},
	} {
		got, err := ParseLength(c.in)
		if c.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("ParseLength(%q) error = %v, want one mentioning %q", c.in, err, c.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseLength(%q): %v", c.in, err)
			continue
		}
		if d := got.Pt() - c.want; d > 0.001 || d < -0.001 {
			t.Errorf("ParseLength(%q) = %.4fpt, want %.4fpt", c.in, got.Pt(), c.want)
		}
	}
}

func TestRectIntersectionAndContainment(t *testing.T) {
	a := Rect{X: 0, Y: 0, W: 10 * Pt, H: 10 * Pt}
	for _, c := range []struct {
		name           string
		b              Rect
		overlap, inner bool
	}{
		{"inside", Rect{X: Pt, Y: Pt, W: 2 * Pt, H: 2 * Pt}, true, true},
		{"touching edges do not overlap", Rect{X: 10 * Pt, Y: 0, W: 5 * Pt, H: 5 * Pt}, false, false},
		{"crossing", Rect{X: 5 * Pt, Y: 5 * Pt, W: 10 * Pt, H: 10 * Pt}, true, false},
		{"apart", Rect{X: 20 * Pt, Y: 20 * Pt, W: Pt, H: Pt}, false, false},
	} {
		if got := a.Overlaps(c.b); got != c.overlap {
			t.Errorf("%s: Overlaps = %v", c.name, got)
		}
		if got := a.Contains(c.b); got != c.inner {
			t.Errorf("%s: Contains = %v", c.name, got)
		}
	}
	if got := a.Intersect(Rect{X: 5 * Pt, Y: 5 * Pt, W: 10 * Pt, H: 10 * Pt}); got != (Rect{X: 5 * Pt, Y: 5 * Pt, W: 5 * Pt, H: 5 * Pt}) {
		t.Errorf("Intersect = %v", got)
	}
}

func TestScaleRoundsToNearest(t *testing.T) {
	for _, c := range []struct {
		s        Sp
		num, den int64
		want     Sp
	}{
		{10, 1, 3, 3}, {11, 1, 3, 4}, {-11, 1, 3, -4}, {100, 6, 5, 120}, {7, 1, 0, 0},
	} {
		if got := c.s.Scale(c.num, c.den); got != c.want {
			t.Errorf("%d.Scale(%d, %d) = %d, want %d", c.s, c.num, c.den, got, c.want)
		}
	}
}
