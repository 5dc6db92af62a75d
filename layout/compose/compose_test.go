package compose

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"epaper/assets/fonts"
	"epaper/layout/geom"
	"epaper/layout/internal/golden"
	"epaper/layout/manifest"
	"epaper/layout/text"
	"epaper/layout/text/hyph"
)

func TestFrameGridArithmetic(t *testing.T) {
	ps := manifest.PageSetup{Width: geom.FromMm(280), Height: geom.FromMm(430), Columns: 5, Gutter: geom.FromMm(4), Rows: 8,
		Margins: manifest.Margins{Top: geom.FromMm(12), Bottom: geom.FromMm(12), Inside: geom.FromMm(15), Outside: geom.FromMm(10)}}
	leading := geom.FromPt(10.8)
	odd, even := NewFrame(ps, leading, 1), NewFrame(ps, leading, 2)
	if odd.Live.X != geom.FromMm(15) || even.Live.X != geom.FromMm(10) {
		t.Errorf("inside margin must be on the binding side: odd x=%v even x=%v", odd.Live.X.Mm(), even.Live.X.Mm())
	}
	f := odd
	// Five columns and four gutters fill the live width to within rounding.
	if got := f.SpanW(f.Cols); abs64(got-f.Live.W) > geom.Sp(f.Cols) {
		t.Errorf("SpanW(all) = %v, live width %v", got, f.Live.W)
	}
	if got := f.ColX(1) - f.ColX(0); got != f.ColW+f.Gutter {
		t.Errorf("column pitch = %v, want %v", got, f.ColW+f.Gutter)
	}
	// The grid holds whole lines of the leading and never runs past the live area.
	if f.LineY(f.Lines) > f.Live.Bottom() || f.LineY(f.Lines+1) <= f.Live.Bottom() {
		t.Errorf("%d lines of %v do not fill the live height %v", f.Lines, leading, f.Live.H)
	}
	// Module rows share the lines, cover them all, and differ by at most one line.
	lo, hi := f.Lines, 0
	for r := 0; r < f.Rows; r++ {
		n := f.RowLine(r+1) - f.RowLine(r)
		lo, hi = min(lo, n), max(hi, n)
	}
	if f.RowLine(0) != 0 || f.RowLine(f.Rows) != f.Lines || hi-lo > 1 {
		t.Errorf("rows: first %d last %d, sizes %d..%d", f.RowLine(0), f.RowLine(f.Rows), lo, hi)
	}
}

func abs64(x geom.Sp) geom.Sp {
	if x < 0 {
		return -x
	}
	return x
}

type hyphenator struct{ h *hyph.Hyphenator }

func (h hyphenator) Points(w string) []int { return h.h.Points(w, hyph.Options{Capitalized: true}) }

// composeFixture lays out a manifest with photos measured as if they were all 3:2, so that
// the layout depends on nothing but the manifest and the code.
func composeFixture(t *testing.T, path string) *Result {
	t.Helper()
	res, err := Compose(loadFixture(t, path))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// loadFixture loads a manifest with the embedded fonts and patterns, its photos 3:2.
func loadFixture(t *testing.T, path string) (*manifest.Edition, Options) {
	t.Helper()
	ed, err := manifest.Load(path, manifest.Options{Languages: hyph.Languages(), FontFamilies: fonts.Names()})
	if err != nil {
		t.Fatal(err)
	}
	fs, err := text.NewFontSet(nil)
	if err != nil {
		t.Fatal(err)
	}
	h, err := hyph.ForLanguage(ed.Language)
	if err != nil {
		t.Fatal(err)
	}
	return ed, Options{Fonts: fs, Hyph: hyphenator{h}, Inspect: func(string) (int, int, error) { return 1500, 1000, nil }}
}

// TestDisplayListGolden pins the whole layout of a small edition: every item's position,
// font, size and text. Run with -update after a deliberate change and read the diff.
func TestDisplayListGolden(t *testing.T) {
	res := composeFixture(t, filepath.Join("testdata", "small.yaml"))
	var b bytes.Buffer
	res.Doc.Dump(&b)
	for _, r := range res.Report.Pages {
		b.WriteString("map p" + string(rune('0'+r.Number%10)) + "\n" + r.Map)
	}
	golden.Check(t, filepath.Join("testdata", "small.golden"), b.String())
}

// TestRegionsMatchTheAllocation checks the report's allocation against the display list:
// story regions lie on the grid inside the live area, never overlap each other or an ad, and
// every text item of a story lies inside one of its regions on its page.
func TestRegionsMatchTheAllocation(t *testing.T) {
	res := composeFixture(t, filepath.Join("testdata", "small.yaml"))
	for _, pg := range res.Doc.Pages {
		for i, a := range pg.Regions {
			for _, b := range pg.Regions[i+1:] {
				if a.Rect.Overlaps(b.Rect) {
					t.Errorf("page %d: regions %s %v and %s %v overlap", pg.Number, a.Story, a.Rect, b.Story, b.Rect)
				}
			}
		}
		for _, it := range pg.Items {
			owner := it.Owner()
			if owner == "" {
				continue
			}
			b := it.Bounds()
			inside := false
			for _, r := range pg.Regions {
				if r.Story == owner && r.Rect.Inset(-geom.Pt).Contains(b) {
					inside = true
				}
			}
			if !inside {
				t.Errorf("page %d: %T of %s at %v lies outside its regions", pg.Number, it, owner, b)
			}
		}
	}
	if len(res.Report.Pages) != len(res.Doc.Pages) {
		t.Errorf("report has %d pages, document %d", len(res.Report.Pages), len(res.Doc.Pages))
	}
	for _, p := range res.Report.Pages {
		if strings.Count(p.Map, "\n") == 0 {
			t.Errorf("page %d has no allocation map", p.Number)
		}
	}
}

// longestPlainStory is a composer for the small fixture and its longest story without photos.
func longestPlainStory(t *testing.T) (*composer, *Story) {
	t.Helper()
	c, err := newComposer(loadFixture(t, filepath.Join("testdata", "small.yaml")))
	if err != nil {
		t.Fatal(err)
	}
	var s *Story
	for _, st := range c.stories {
		if len(st.Photos) == 0 && (s == nil || len(st.Galley.Lines) > len(s.Galley.Lines)) {
			s = st
		}
	}
	return c, s
}
