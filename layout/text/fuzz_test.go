package text_test

import (
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"epaper/layout/geom"
	"epaper/layout/text"
)

// FuzzBreak sets arbitrary paragraphs at measures from 30 to 120 mm, in mixed styles, and
// checks that setting terminates promptly, stays inside the measure and keeps every
// character in order. Run: go test ./layout/text -run '^$' -fuzz FuzzBreak -fuzztime 5m
func FuzzBreak(f *testing.F) {
	seeds := []string{
		"The Tamsin River rose faster than at any time in more than three decades early Friday.",
		"“We went from a wet evening to a full emergency in about three hours,” said Fire Chief Angela Brightwater.",
		"By 4 a.m. the river gauge read 17.8\u00a0feet, nearly 5\u00a0feet above flood stage — the third-highest reading since 1921.",
		"A long word: " + strings.Repeat("pneumonoultramicroscopic", 12) + " ends.",
		"See https://www.riverside-county.example.gov/public-works/flood-recovery/2026/forms.html today.",
		"in\u00adcom\u00adpre\u00adhen\u00adsi\u00adble, ex\u00adtra\u00adordinary and well-known state-of-the-art self-driving cars",
		strings.Repeat("no\u00a0break\u00a0", 30) + "end",
		"Ünïcödé façade naïve coöperate Øresund Ærø Straße Łódź Ελληνικά русский текст 漢字",
		"said—without elaborating—that the 2019–2026 program would end",
		"",
		"   ",
		"\u00ad\u00ad-\u00ad",
		"x",
	}
	for i, s := range seeds {
		f.Add(s, uint16(i*97), uint8(i))
	}
	fam, hy := serif(f), enUS(f)
	f.Fuzz(func(t *testing.T, s string, m uint16, styles uint8) {
		if !utf8.ValidString(s) || len(s) > 4000 {
			return
		}
		// Composition removes these before setting (fonts cannot draw them).
		s = strings.Map(func(r rune) rune {
			if r >= 0x10000 || unicode.IsControl(r) && !unicode.IsSpace(r) {
				return -1
			}
			return r
		}, s)
		measure := mm(30 + float64(m%901)/10)
		sp := styledSpans(s, styles)
		ft := text.NewFormat(fam, pt(9), measure, hy)

		done := make(chan []text.Line, 1)
		go func() {
			lines, _ := ft.Set(sp, 0)
			done <- lines
		}()
		var lines []text.Line
		select {
		case lines = <-done:
		case <-time.After(20 * time.Second):
			t.Fatalf("setting %d bytes at %.1fmm did not finish in 20 s", len(s), measure.Mm())
		}

		// Exact widths are TestSetNeverExceedsMeasure's job; here a hundredth of a point
		// separates rounding from a real overflow.
		if widest := widestGlyph(fam, s, pt(9)); widest <= measure {
			for li, l := range lines {
				if l.Width > measure+pt(0.01) {
					t.Errorf("line %d is %v wide, measure %v: %q", li, l.Width, measure, lineText(l))
				}
			}
		}
		if err := sameRunes(s, lines); err != "" {
			t.Error(err)
		}
	})
}

// styledSpans cuts s into spans of 13 runes, styled in turn by two bits of styles each.
func styledSpans(s string, styles uint8) []text.Span {
	var out []text.Span
	rs := []rune(s)
	for i, k := 0, 0; i < len(rs); i, k = i+13, k+1 {
		st := text.Style(styles>>(2*(k%4))) & (text.Bold | text.Italic)
		out = append(out, text.Span{Style: st, Text: string(rs[i:min(i+13, len(rs))])})
	}
	return out
}

// widestGlyph is the widest glyph of s plus a hyphen, in any style: a line can never be
// narrower than that.
func widestGlyph(fam *text.Family, s string, size geom.Sp) geom.Sp {
	var w geom.Sp
	for _, r := range s {
		for _, f := range []*text.Face{fam.Regular, fam.Bold, fam.Italic, fam.BoldItalic} {
			w = max(w, f.Width(string(r)+"-").Of(size))
		}
	}
	return w
}

// sameRunes checks that the lines hold the runes of s in order, less spaces and soft
// hyphens, plus only the hyphens added at hyphenated line ends.
func sameRunes(s string, lines []text.Line) string {
	var in []rune
	for _, r := range s {
		if !unicode.IsSpace(r) && r != '\u00ad' {
			in = append(in, r)
		}
	}
	var out []rune
	added := map[int]bool{}
	for _, l := range lines {
		for _, w := range l.Words {
			out = append(out, []rune(w.Text)...)
		}
		if l.Hyphen && len(out) > 0 && out[len(out)-1] == '-' {
			added[len(out)-1] = true
		}
	}
	// An added hyphen may stand just before a hyphen of the text, so try both readings.
	failed := map[[2]int]bool{}
	var match func(i, j int) bool
	match = func(i, j int) bool {
		for ; j < len(out); j++ {
			if failed[[2]int{i, j}] {
				return false
			}
			switch {
			case added[j] && i < len(in) && in[i] == out[j]:
				if match(i+1, j+1) {
					return true
				}
				failed[[2]int{i + 1, j + 1}] = true
			case added[j]:
			case i < len(in) && in[i] == out[j]:
				i++
			default:
				return false
			}
		}
		return i == len(in)
	}
	if !match(0, 0) {
		return "output " + string(out) + "\ndiffers from input " + string(in)
	}
	return ""
}
