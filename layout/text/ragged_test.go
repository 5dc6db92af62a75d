package text_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"

	"epaper/layout/geom"
	"epaper/layout/text"
)

// headlines are the sample edition's headlines and decks, the text ragged setting is for.
func headlines(t *testing.T) []string {
	var out []string
	for _, a := range loadSample(t).Articles {
		out = append(out, text.SmartQuotes(a.Headline))
		if a.Deck != "" {
			out = append(out, text.SmartQuotes(a.Deck))
		}
	}
	return out
}

// greedyRagged fills lines as full as they go: the fewest lines possible. It returns the
// line widths, or nil when a word is wider than the measure.
func greedyRagged(fam *text.Family, s string, size, measure geom.Sp) []geom.Sp {
	ws, _ := greedyRaggedLines(fam, s, size, measure)
	return ws
}

// greedyRaggedLines also returns the last word of each line.
func greedyRaggedLines(fam *text.Family, s string, size, measure geom.Sp) (widths []geom.Sp, ends []string) {
	space := fam.Regular.Advance(' ').Of(size)
	cur := geom.Sp(-1)
	prev := ""
	for _, w := range headWords(s) {
		ww := fam.Regular.Width(w).Of(size)
		if ww > measure {
			return nil, nil
		}
		if cur >= 0 && cur+space+ww <= measure {
			cur += space + ww
		} else {
			if cur >= 0 {
				widths, ends = append(widths, cur), append(ends, prev)
			}
			cur = ww
		}
		prev = w
	}
	if cur >= 0 {
		widths, ends = append(widths, cur), append(ends, prev)
	}
	return widths, ends
}

func spread(ws []geom.Sp) geom.Sp {
	lo, hi := ws[0], ws[0]
	for _, w := range ws {
		lo, hi = min(lo, w), max(hi, w)
	}
	return hi - lo
}

func raggedWidths(r text.Ragged) []geom.Sp {
	var ws []geom.Sp
	for _, l := range r.Lines {
		ws = append(ws, l.Width)
	}
	return ws
}

// weak are the words a headline line should not end on (ragged.go's list).
var weak = map[string]bool{"a": true, "an": true, "the": true, "of": true, "to": true, "in": true, "and": true, "for": true, "on": true, "at": true, "by": true, "with": true}

// shortfall is the documented objective of balancing: the sum of squared shortfalls as
// fractions of the measure.
func shortfall(ws []geom.Sp, measure geom.Sp) float64 {
	c := 0.0
	for _, w := range ws {
		s := float64(measure-w) / float64(measure)
		c += s * s
	}
	return c
}

// greedyEndsWeak reports whether a greedy fill of s ends a line (but the last) on a weak word.
func greedyEndsWeak(fam *text.Family, s string, size, measure geom.Sp) bool {
	_, ends := greedyRaggedLines(fam, s, size, measure)
	for _, w := range ends[:len(ends)-1] {
		if weak[strings.ToLower(w)] {
			return true
		}
	}
	return false
}

func headWords(s string) []string {
	return strings.FieldsFunc(strings.ReplaceAll(s, "\u00ad", ""), func(r rune) bool { return unicode.IsSpace(r) && r != '\u00a0' })
}

// TestSetRaggedBalancesLines: the balanced lines are closer in length than a greedy fill's
// (on average over the sample headlines), and, with as many lines as greedy, where greedy
// ends no line on a weak word, never less balanced by the documented objective.
func TestSetRaggedBalancesLines(t *testing.T) {
	fam := serif(t)
	compared := 0
	var balancedSpread, greedySpread geom.Sp
	for _, h := range headlines(t) {
		for _, size := range []geom.Sp{pt(14), pt(18), pt(24), pt(30)} {
			for _, measure := range []geom.Sp{mm(54.5), mm(113.8)} {
				where := fmt.Sprintf("%v at %v on %.1fmm", h, size, measure.Mm())
				r, ok := text.SetRagged(fam, spans(h), size, measure, 0)
				g := greedyRagged(fam, h, size, measure)
				if ok != (g != nil) {
					t.Errorf("%s: ok=%v, but greedy fill gives %v", where, ok, g)
				}
				if !ok {
					continue
				}
				checkRagged(t, where, r, h, measure)
				if len(g) < 2 || len(g) != len(r.Lines) {
					continue
				}
				compared++
				b := raggedWidths(r)
				balancedSpread += spread(b)
				greedySpread += spread(g)
				if !greedyEndsWeak(fam, h, size, measure) && shortfall(b, measure) > shortfall(g, measure)+1e-9 {
					t.Errorf("%s: balanced lines %v are less even than greedy %v", where, b, g)
				}
			}
		}
	}
	if compared < 20 {
		t.Fatalf("only %d multi-line cases compared", compared)
	}
	t.Logf("%d cases: mean spread of line lengths balanced %v, greedy %v", compared, balancedSpread/geom.Sp(compared), greedySpread/geom.Sp(compared))
	if balancedSpread >= greedySpread {
		t.Errorf("balanced lines spread %v on average, greedy %v", balancedSpread/geom.Sp(compared), greedySpread/geom.Sp(compared))
	}
}

// checkRagged: flush left, no line over the measure, no hyphen added, every word kept.
func checkRagged(t *testing.T, where string, r text.Ragged, src string, measure geom.Sp) {
	t.Helper()
	var got []string
	for li, l := range r.Lines {
		if l.Width > measure {
			t.Errorf("%s: line %d is %v wide, measure %v", where, li, l.Width, measure)
		}
		if len(l.Words) == 0 || l.Words[0].X != 0 {
			t.Errorf("%s: line %d is not flush left", where, li)
		}
		if l.Hyphen || l.Ratio != 0 {
			t.Errorf("%s: line %d hyphenated or justified: Hyphen=%v Ratio=%.2f", where, li, l.Hyphen, l.Ratio)
		}
		if l.Last != (li == len(r.Lines)-1) {
			t.Errorf("%s: line %d Last=%v", where, li, l.Last)
		}
		got = append(got, headWords(lineText(l))...)
	}
	want := headWords(src)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("%s: words changed:\n got %q\nwant %q", where, got, want)
	}
}

func TestSetRaggedNeverHyphenates(t *testing.T) {
	fam := serif(t)
	tests := []string{
		"Extraordinarily unconventional representatives",
		"Council weighs long-term\u00a0plan for state-of-the-art waterfront",
		"Soft hy\u00adphens are ig\u00adnored in head\u00adlines",
	}
	for _, h := range tests {
		for m := 30.0; m <= 90; m += 7.5 {
			r, ok := text.SetRagged(fam, spans(h), pt(20), mm(m), 0)
			where := fmt.Sprintf("%q on %.1fmm", h, m)
			if !ok {
				if greedyRagged(fam, h, pt(20), mm(m)) != nil {
					t.Errorf("%s: not set although every word fits", where)
				}
				continue
			}
			checkRagged(t, where, r, h, mm(m))
		}
	}
}

// TestSetRaggedMaxLines: a headline is set whenever it fits in maxLines lines (a greedy fill
// gives the fewest lines possible), and never in more.
func TestSetRaggedMaxLines(t *testing.T) {
	fam := serif(t)
	rng := rand.New(rand.NewPCG(7, 7))
	hs := headlines(t)
	trials := 3000
	if testing.Short() {
		trials = 300
	}
	for trial := 0; trial < trials; trial++ {
		h := hs[rng.IntN(len(hs))]
		size := pt(float64(12 + rng.IntN(30)))
		measure := mm(40 + rng.Float64()*120)
		maxLines := 1 + rng.IntN(4)
		where := fmt.Sprintf("%q at %v on %.1fmm, max %d lines", h, size, measure.Mm(), maxLines)
		g := greedyRagged(fam, h, size, measure)
		r, ok := text.SetRagged(fam, spans(h), size, measure, maxLines)
		fits := g != nil && len(g) <= maxLines
		if ok != fits {
			t.Errorf("%s: ok=%v, but a greedy fill needs %d lines", where, ok, len(g))
			continue
		}
		if ok {
			if len(r.Lines) > maxLines {
				t.Errorf("%s: %d lines", where, len(r.Lines))
			}
			checkRagged(t, where, r, h, measure)
		}
	}
}

func TestSetRaggedRejectsOverlongWord(t *testing.T) {
	fam := serif(t)
	_, ok := text.SetRagged(fam, spans("Supercalifragilisticexpialidocious"), pt(36), mm(40), 0)
	if ok {
		t.Error("a word wider than the measure was accepted")
	}
	r, ok := text.SetRagged(fam, nil, pt(36), mm(40), 2)
	if !ok || len(r.Lines) != 0 {
		t.Errorf("empty headline: ok=%v, %d lines", ok, len(r.Lines))
	}
}

// TestFitHeadlinePicksLargestSize: the chosen size fits in maxLines (checked against a
// greedy fill at each size); it is the largest that fits whenever that one fills its lines
// well, and a smaller one only when it fills them better. When none fits, the smallest is used.
func TestFitHeadlinePicksLargestSize(t *testing.T) {
	fam := serif(t)
	sizes := []geom.Sp{pt(48), pt(42), pt(36), pt(30), pt(24), pt(20), pt(16)}
	fill := func(r text.Ragged, measure geom.Sp) float64 {
		f := 1.0
		for _, l := range r.Lines {
			f = min(f, float64(l.Width)/float64(measure))
		}
		return f
	}
	largestChosen := 0
	for _, h := range headlines(t) {
		for _, measure := range []geom.Sp{mm(54.5), mm(113.8), mm(231)} {
			for _, maxLines := range []int{1, 2, 3} {
				where := fmt.Sprintf("%q on %.1fmm in %d lines", h, measure.Mm(), maxLines)
				r := text.FitHeadline(fam, spans(h), sizes, measure, maxLines)
				var fitting []geom.Sp
				for _, s := range sizes {
					if g := greedyRagged(fam, h, s, measure); g != nil && len(g) <= maxLines {
						fitting = append(fitting, s)
					}
				}
				for li, l := range r.Lines {
					if l.Width > measure {
						t.Errorf("%s: line %d is %v wide", where, li, l.Width)
					}
				}
				if len(fitting) == 0 {
					if r.Size != sizes[len(sizes)-1] {
						t.Errorf("%s: nothing fits, size %v, want the smallest", where, r.Size)
					}
					continue
				}
				if len(r.Lines) > maxLines {
					t.Errorf("%s: %d lines", where, len(r.Lines))
				}
				largest, _ := text.SetRagged(fam, spans(h), fitting[0], measure, maxLines)
				switch {
				case r.Size == fitting[0]:
					largestChosen++
				case r.Size > fitting[0] || r.Size < fitting[min(3, len(fitting)-1)]:
					t.Errorf("%s: size %v, want one of the largest that fit %v", where, r.Size, fitting)
				case fill(largest, measure) >= 0.9:
					t.Errorf("%s: size %v, but %v fits and fills its lines to %.0f%%", where, r.Size, fitting[0], 100*fill(largest, measure))
				case fill(r, measure) <= fill(largest, measure):
					t.Errorf("%s: smaller size %v fills %.0f%%, no better than %v's %.0f%%", where, r.Size, 100*fill(r, measure), fitting[0], 100*fill(largest, measure))
				}
			}
		}
	}
	if largestChosen == 0 {
		t.Error("the largest fitting size was never chosen")
	}
}

// TestFitHeadlineSplitsOverlongWord: a word wider than the measure even at the smallest
// size is broken with a hyphen rather than overflowing.
func TestFitHeadlineSplitsOverlongWord(t *testing.T) {
	fam := serif(t)
	measure := mm(54.5)
	h := "Welcome to Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch"
	r := text.FitHeadline(fam, spans(h), []geom.Sp{pt(36), pt(24)}, measure, 2)
	if r.Size != pt(24) {
		t.Errorf("size %v, want the smallest, 24pt", r.Size)
	}
	var joined strings.Builder
	for li, l := range r.Lines {
		if l.Width > measure+slack(l) {
			t.Errorf("line %d is %v wide, measure %v: %q", li, l.Width, measure, lineText(l))
		}
		s := lineText(l)
		if l.Hyphen {
			s = strings.TrimSuffix(s, "-")
		} else {
			s += " "
		}
		joined.WriteString(s)
	}
	if got := strings.TrimSpace(joined.String()); got != h {
		t.Errorf("text %q, want %q", got, h)
	}
}
