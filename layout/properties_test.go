package layout

import (
	"epaper/layout/compose"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"unicode"

	"epaper/assets/fonts"
	"epaper/editions/gen"
	"epaper/layout/geom"
	"epaper/layout/manifest"
	"epaper/layout/page"
	"epaper/layout/text/hyph"
)

func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(filepath.Dir(file))
}

func loadOpts() manifest.Options {
	return manifest.Options{Languages: hyph.Languages(), FontFamilies: fonts.Names()}
}

// buildGenerated writes a synthetic edition and builds it.
func buildGenerated(t testing.TB, sp gen.Spec) (*manifest.Edition, *Edition) {
	t.Helper()
	ed := loadGenerated(t, sp)
	res, err := Build(ed, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ed, res
}

// liveArea is the page minus its margins (the inside margin alternates).
func liveArea(ed *manifest.Edition, n int) geom.Rect {
	m := ed.Page.Margins
	left, right := m.Inside, m.Outside
	if n%2 == 0 {
		left, right = m.Outside, m.Inside
	}
	return geom.Rect{X: left, Y: m.Top, W: ed.Page.Width - left - right, H: ed.Page.Height - m.Top - m.Bottom}
}

// checkGeometry asserts that everything lies inside the live area and nothing overlaps:
// text boxes (ascender to descender, which never touch between lines of the grid) and
// pictures must be disjoint.
func checkGeometry(t *testing.T, ed *manifest.Edition, doc *page.Document) {
	t.Helper()
	const slack = geom.Pt / 8 // rounding of glyph widths
	for _, pg := range doc.Pages {
		live := liveArea(ed, pg.Number).Inset(-slack)
		var boxes []page.Item
		for _, it := range pg.Items {
			b := it.Bounds()
			if _, ok := it.(*page.Link); ok {
				continue
			}
			if !live.Contains(b) {
				t.Errorf("page %d: %T %v lies outside the live area %v", pg.Number, it, describe(it), live)
			}
			switch it.(type) {
			case *page.Text, *page.Picture:
				boxes = append(boxes, it)
			}
		}
		for i := range boxes {
			for j := i + 1; j < len(boxes); j++ {
				if overlapping(boxes[i], boxes[j]) {
					t.Errorf("page %d: %s overlaps %s", pg.Number, describe(boxes[i]), describe(boxes[j]))
				}
			}
		}
	}
}

// overlapping applies pdfqa's rule: text on the same baseline may touch by a kerning
// amount (a word is drawn in runs split at kerning pairs), anything else may not overlap.
func overlapping(x, y page.Item) bool {
	a, b := core(x), core(y)
	in := a.Intersect(b)
	if in.Empty() {
		return false
	}
	tx, ok1 := x.(*page.Text)
	ty, ok2 := y.(*page.Text)
	if ok1 && ok2 && tx.Y == ty.Y {
		// Runs of one word meet at a kerning pair, which may pull them together by a fifth
		// of an em; pdftotext sees one word there.
		return in.W > geom.Max(geom.Max(2*geom.Pt, tx.Size/5), geom.Min(a.W, b.W)*3/10)
	}
	return true
}

// core shrinks text boxes to the part a reader sees as the line (as pdfqa does), so that
// a descender touching the next line's ascender space is not an overlap.
func core(it page.Item) geom.Rect {
	b := it.Bounds()
	if _, ok := it.(*page.Text); ok {
		d := b.H / 5
		return geom.Rect{X: b.X + geom.Pt/20, Y: b.Y + d, W: b.W - geom.Pt/10, H: b.H - 2*d}
	}
	return b
}

func describe(it page.Item) string {
	switch v := it.(type) {
	case *page.Text:
		return fmt.Sprintf("text %q (%s) at %v", v.Text, v.Story, v.Bounds())
	case *page.Picture:
		return fmt.Sprintf("picture %s at %v", v.ImageID, v.Frame)
	}
	return fmt.Sprintf("%T at %v", it, it.Bounds())
}

// words splits text into comparable tokens: letters and digits, lower case, with hyphenated
// compounds joined (as pdfqa does), so "large-format" matches "large-" + "format".
func words(s string) []string {
	s = compound.ReplaceAllString(strings.ToLower(s), "$1$2")
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

var lineEndHyphen = regexp.MustCompile(`([\pL\pN])- +([\pL\pN])`)

var compound = regexp.MustCompile(`([\pL\pN])[-‐‑]([\pL\pN])`)

// checkWords asserts that each article's body words appear in the display list, in order,
// with line-end hyphens joined (a subsequence test: heads and captions may come between).
func checkWords(t *testing.T, ed *manifest.Edition, doc *page.Document) {
	t.Helper()
	for _, a := range ed.Articles {
		var got strings.Builder
		var prev *page.Text
		for _, pg := range doc.Pages {
			for _, it := range pg.Items {
				tx, ok := it.(*page.Text)
				if !ok || tx.Story != a.ID {
					continue
				}
				// Runs of one word (split at kerning pairs) touch: no space between them.
				touching := prev != nil && prev.Y == tx.Y && tx.X <= prev.X+prev.Width+geom.Pt/2 && tx.X >= prev.X
				if !touching {
					got.WriteByte(' ')
				}
				got.WriteString(tx.Text)
				prev = tx
			}
		}
		// A line-end hyphen joins a word to the next line's first word; words() joins
		// compounds in the source alike.
		joined := lineEndHyphen.ReplaceAllString(got.String(), "$1$2")
		have := words(joined)
		want := words(strings.NewReplacer("*", "", "#", "").Replace(a.Body))
		i, at := 0, 0
		for k, w := range have {
			if i < len(want) && w == want[i] {
				i, at = i+1, k
			}
		}
		if i < len(want) {
			ctx := want[max(0, i-3):min(len(want), i+8)]
			t.Errorf("article %s: body word %d of %d not found in order in the layout:\nwant %q\nhave %q", a.ID, i, len(want),
				strings.Join(ctx, " "), strings.Join(have[max(0, at-3):min(len(have), at+8)], " "))
		}
	}
}

func TestGeneratedEditionsHoldTheirProperties(t *testing.T) {
	cases := []gen.Spec{
		{Seed: 1, Articles: 30, Photos: 12, Ads: 2, Pages: 8, Size: "tabloid", PhotoMP: 0.3},
		{Seed: 2, Articles: 40, Photos: 15, Ads: 3, Pages: 12, Size: "broadsheet", PhotoMP: 0.3},
		{Seed: 3, Articles: 25, Photos: 10, Ads: 0, Pages: 6, Size: "berliner", PhotoMP: 0.3},
		{Seed: 4, Articles: 20, Photos: 20, Ads: 2, Pages: 6, Size: "a4", PhotoMP: 0.3},
		{Seed: 5, Articles: 12, Photos: 4, Ads: 1, Pages: 4, Size: "a3", PhotoMP: 0.3, MinWords: 500},
		{Seed: 3, Articles: 60, Photos: 25, Ads: 4, Pages: 12, Size: "broadsheet", PhotoMP: 0.6},
		{Seed: 6, Articles: 40, Photos: 12, Ads: 6, Pages: 10, Size: "tabloid", PhotoMP: 0.3, Fixed: 2, Planned: 2, MidAds: true},
		// A story longer than its fixed place, another shorter than its own.
		{Seed: 21, Articles: 51, Photos: 24, Ads: 4, Pages: 12, Size: "tabloid", PhotoMP: 0.3, Fixed: 2},
	}
	if testing.Short() {
		cases = cases[:2]
	}
	for _, sp := range cases {
		t.Run(fmt.Sprintf("%s-seed%d", sp.Size, sp.Seed), func(t *testing.T) {
			t.Parallel()
			checkFilled(t, checkGenerated(t, sp).Report)
		})
	}
}

// checkGenerated builds a generated edition and checks the layout's properties: everything
// inside the live area, nothing overlapping, every word in the PDF in order, nothing overset.
func checkGenerated(t *testing.T, sp gen.Spec) *Edition {
	t.Helper()
	ed, res := buildGenerated(t, sp)
	checkGeometry(t, ed, res.Doc)
	checkWords(t, ed, res.Doc)
	if n := res.Report.Overset(); n > 0 {
		t.Errorf("%d lines overset", n)
	}
	return res
}

// checkFilled checks that every page but the last is filled: a page left with white is what
// a reader notices first (fixed places and mid-page ads once left a fifth of a page empty).
// Only editions with enough text for their pages can be held to it.
func checkFilled(t *testing.T, rep *compose.Report) {
	t.Helper()
	const minFill = 0.9
	for _, pr := range rep.Pages[:max(0, len(rep.Pages)-1)] {
		if pr.Fill < minFill {
			t.Errorf("page %d is %.1f%% filled, want at least %.0f%%:\n%s", pr.Number, 100*pr.Fill, 100*minFill, pr.Map)
		}
	}
}

// TestManyRandomEditions runs the same properties over a hundred small editions whose size,
// page format, article lengths, photo and ad counts are drawn from the seed: the layout
// must hold for any edition, not for the few above.
func TestManyRandomEditions(t *testing.T) {
	n := 100
	if testing.Short() {
		n = 10
	}
	sizes := []string{"tabloid", "broadsheet", "berliner", "a4", "a3"}
	for seed := uint64(100); seed < uint64(100+n); seed++ {
		r := rand.New(rand.NewPCG(seed, seed*7919))
		sp := gen.Spec{Seed: seed, Articles: 4 + r.IntN(14), Size: sizes[r.IntN(len(sizes))], PhotoMP: 0.1,
			MinWords: 60, MaxWords: 300 + r.IntN(1200)}
		sp.Photos = r.IntN(sp.Articles + 1)
		sp.Ads = r.IntN(3)
		sp.Pages = 2 + r.IntN(6)
		sp.MidAds = r.IntN(3) == 0
		t.Run(fmt.Sprintf("seed%d-%s", seed, sp.Size), func(t *testing.T) {
			t.Parallel()
			checkGenerated(t, sp)
		})
	}
}
