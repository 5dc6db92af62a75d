package text_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"epaper/layout/geom"
	"epaper/layout/internal/golden"
	"epaper/layout/text"
)

// corpus is every paragraph the property tests set: the sample edition's bodies and the
// hand-written news paragraphs.
func corpus(t *testing.T) [][]text.Span {
	ps := sampleParagraphs(t)
	for _, s := range newsParagraphs {
		ps = append(ps, spans(s))
	}
	return ps
}

type setting struct {
	measure, size geom.Sp
}

func (s setting) String() string { return fmt.Sprintf("%.1fmm/%.0fpt", s.measure.Mm(), s.size.Pt()) }

// settings are the column measures and body sizes a newspaper uses.
func settings(t *testing.T) []setting {
	measures := []float64{40, 48, 54.5, 60}
	sizes := []float64{8, 9, 10}
	if testing.Short() {
		measures, sizes = []float64{40, 54.5}, []float64{9}
	}
	var out []setting
	for _, m := range measures {
		for _, s := range sizes {
			out = append(out, setting{mm(m), pt(s)})
		}
	}
	return out
}

func TestSetNeverExceedsMeasure(t *testing.T) {
	fam, hy := serif(t), enUS(t)
	for _, st := range settings(t) {
		f := text.NewFormat(fam, st.size, st.measure, hy)
		for pi, p := range corpus(t) {
			lines, _ := f.Set(p, st.size)
			for li, l := range lines {
				if l.Width > st.measure+slack(l) {
					t.Errorf("%v paragraph %d line %d is %v wide (%d sp over the measure %v): %q", st, pi, li, l.Width, l.Width-st.measure, st.measure, lineText(l))
				}
				for _, w := range l.Words {
					if w.X < 0 || w.X+w.Width > st.measure+slack(l) {
						t.Errorf("%v paragraph %d line %d: word %q at %v..%v outside 0..%v", st, pi, li, w.Text, w.X, w.X+w.Width, st.measure)
					}
				}
			}
		}
	}
}

// TestKnuthPlassBeatsFirstFit checks the total-fit breaker against a first-fit reference on
// the same items, scored by the same demerits recomputed from the items. With one pass that
// accepts any badness and the same hyphenation limits, total fit is optimal, so it must
// never be worse than first fit on any paragraph.
func TestKnuthPlassBeatsFirstFit(t *testing.T) {
	fam, hy := serif(t), enUS(t)
	var kpDem, ffDem, kpBad, ffBad float64
	for _, st := range settings(t) {
		f := text.NewFormat(fam, st.size, st.measure, hy)
		p := f.Params
		p.PreTolerance, p.Tolerance = -1, 10000 // one pass, every line feasible
		for pi, para := range corpus(t) {
			items := f.Items(para, st.size)
			kp, _ := text.BreakLines(items, st.measure, p, true)
			ff := greedyBreaks(items, st.measure, true, p.MaxHyphenRun)
			kd, kb := score(items, kp, st.measure, p)
			fd, fb := score(items, ff, st.measure, p)
			kpDem, ffDem, kpBad, ffBad = kpDem+kd, ffDem+fd, kpBad+kb, ffBad+fb
			if kd > fd {
				t.Errorf("%v paragraph %d: total-fit demerits %.0f > first-fit %.0f\n total fit:\n%s first fit:\n%s",
					st, pi, kd, fd, dump(f, items, kp), dump(f, items, ff))
			}
		}
	}
	t.Logf("total demerits: total fit %.4g, first fit %.4g; summed badness %.0f vs %.0f", kpDem, ffDem, kpBad, ffBad)
}

// TestDefaultBreakingBeatsFirstFit: with the house parameters (several passes, tolerance,
// emergency stretch) total fit is not optimal for any single objective, but over the corpus
// it must still give less badness and fewer bad lines than first fit.
func TestDefaultBreakingBeatsFirstFit(t *testing.T) {
	fam, hy := serif(t), enUS(t)
	for _, st := range settings(t) {
		f := text.NewFormat(fam, st.size, st.measure, hy)
		var kpBad, ffBad float64
		var kpLoose, ffLoose, lines int
		for _, para := range corpus(t) {
			items := f.Items(para, st.size)
			kp, _ := text.BreakLines(items, st.measure, f.Params, true)
			ff := greedyBreaks(items, st.measure, true, f.Params.MaxHyphenRun)
			_, kb := score(items, kp, st.measure, f.Params)
			_, fb := score(items, ff, st.measure, f.Params)
			kpBad, ffBad = kpBad+kb, ffBad+fb
			kpLoose += badLines(items, kp, st.measure, f.Params.Tolerance)
			ffLoose += badLines(items, ff, st.measure, f.Params.Tolerance)
			lines += len(kp)
		}
		t.Logf("%v: %d lines; summed badness total fit %.0f, first fit %.0f; lines beyond tolerance %d vs %d", st, lines, kpBad, ffBad, kpLoose, ffLoose)
		if kpBad > ffBad || kpLoose > ffLoose {
			t.Errorf("%v: total fit is worse than first fit: badness %.0f > %.0f or bad lines %d > %d", st, kpBad, ffBad, kpLoose, ffLoose)
		}
	}
}

// badLines counts lines whose badness, recomputed without emergency stretch, exceeds tol.
func badLines(items []text.Item, breaks []text.Break, measure geom.Sp, tol int) int {
	n, s := 0, 0
	for _, br := range breaks {
		if badness(lineRatio(items, s, br.Pos, measure)) > float64(tol) {
			n++
		}
		s = lineStart(items, br.Pos)
	}
	return n
}

func dump(f *text.Format, items []text.Item, breaks []text.Break) string {
	var b strings.Builder
	for _, l := range f.Position(items, breaks) {
		fmt.Fprintf(&b, "  %6.2f %s\n", l.Ratio, lineText(l))
	}
	return b.String()
}

func TestHyphenRunsAreLimited(t *testing.T) {
	fam, hy := serif(t), enUS(t)
	for _, st := range settings(t) {
		f := text.NewFormat(fam, st.size, st.measure, hy)
		for pi, p := range corpus(t) {
			lines, _ := f.Set(p, st.size)
			run := 0
			for li, l := range lines {
				if !l.Hyphen {
					run = 0
					continue
				}
				if run++; run > f.Params.MaxHyphenRun {
					t.Errorf("%v paragraph %d: line %d is hyphenated line %d in a row (limit %d)", st, pi, li, run, f.Params.MaxHyphenRun)
				}
			}
		}
	}
}

// TestJustification: every line but the last ends flush at the measure; the last is set at
// natural spacing (or shrunk, when it is exactly full).
func TestJustification(t *testing.T) {
	fam, hy := serif(t), enUS(t)
	flush := pt(0.01)
	for _, st := range settings(t) {
		f := text.NewFormat(fam, st.size, st.measure, hy)
		space := fam.Regular.Advance(' ').Of(st.size)
		for pi, p := range corpus(t) {
			lines, emergency := f.Set(p, st.size)
			last := lines[len(lines)-1]
			if !last.Last || last.Ratio > 0 {
				t.Errorf("%v paragraph %d: last line Last=%v Ratio=%.3f, want ragged at natural spacing", st, pi, last.Last, last.Ratio)
			}
			if last.Ratio == 0 {
				for i := 1; i < len(last.Words); i++ {
					p, w := last.Words[i-1], last.Words[i]
					// Gaps under a point are kerns between the pieces of one word.
					if gap := w.X - (p.X + p.Width); gap > pt(1) && (gap < space-2 || gap > space+2) {
						t.Errorf("%v paragraph %d: last line gap before %q is %v, want the natural space %v", st, pi, w.Text, gap, space)
					}
				}
			}
			if emergency {
				continue
			}
			for li, l := range lines[:len(lines)-1] {
				if l.Last {
					t.Errorf("%v paragraph %d: line %d marked Last", st, pi, li)
				}
				if d := st.measure - l.Width; d > flush || d < -slack(l) {
					t.Errorf("%v paragraph %d line %d ends %v short of the measure (ratio %.2f): %q", st, pi, li, d, l.Ratio, lineText(l))
				}
				if l.Ratio < -1 {
					t.Errorf("%v paragraph %d line %d shrunk beyond its shrinkability: ratio %.2f", st, pi, li, l.Ratio)
				}
			}
		}
	}
}

// TestOverlongWords: a word wider than the column is split with visible hyphens, no line
// exceeds the measure, every letter is kept in order, and the paragraph is reported.
func TestOverlongWords(t *testing.T) {
	fam, hy := serif(t), enUS(t)
	long := strings.Repeat("pneumonoultramicroscopic", 13)[:300]
	tests := []struct {
		name, text string
		hyph       text.Hyphenator
	}{
		{"300-letter word", "Scientists coined the word " + long + " for the occasion, officials said.", hy},
		{"URL", "Details are posted at https://www.riverside-county.example.gov/public-works/flood-recovery/2026/application-forms-and-guidance.html for residents.", hy},
		{"digits", "The serial number 12345678901234567890123456789012345678901234567890 was read aloud.", hy},
		{"long compound", "The code 000!0a'!!0AAcc'0cc!!0000000'0!a0a0000'000!000'!0-00-11-22 came up.", hy},
		{"300-letter word without a hyphenator", "Scientists coined the word " + long + " for the occasion.", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, measure := range []geom.Sp{mm(40), mm(54.5), mm(68.8)} {
				f := text.NewFormat(fam, pt(9), measure, tc.hyph)
				lines, emergency := f.Set(spans(tc.text), 0)
				if !emergency {
					t.Errorf("%v: emergency not reported for a word wider than the column", measure)
				}
				endsWord := func(s string) bool {
					for _, w := range strings.Fields(tc.text) {
						if strings.HasSuffix(w, s) {
							return true
						}
					}
					return false
				}
				var got strings.Builder
				for li, l := range lines {
					if l.Width > measure+slack(l) {
						t.Errorf("%v: line %d is %v wide, measure %v: %q", measure, li, l.Width, measure, lineText(l))
					}
					s := lineText(l)
					if strings.HasSuffix(s, "--") || strings.HasPrefix(s, "-") {
						t.Errorf("%v: line %d doubles a hyphen at a split: %q", measure, li, s)
					}
					if lw := l.Words[len(l.Words)-1].Text; !l.Last && !endsWord(lw) && !(l.Hyphen && strings.HasSuffix(lw, "-")) {
						t.Errorf("%v: line %d ends inside a word without a hyphen: %q", measure, li, s)
					}
					got.WriteString(strings.TrimSuffix(strings.ReplaceAll(s, " ", ""), "-"))
				}
				want := strings.ReplaceAll(tc.text, " ", "")
				if g := got.String(); strings.ReplaceAll(g, "-", "") != strings.ReplaceAll(want, "-", "") {
					t.Errorf("%v: letters changed:\n got %q\nwant %q", measure, g, want)
				}
			}
		})
	}
}

// TestOverlongBoldWord: a word that fits the column in roman but not in bold is still split.
func TestOverlongBoldWord(t *testing.T) {
	fam, hy := serif(t), enUS(t)
	measure := mm(54.5)
	// 18 percent signs: 135 pt in roman (under 9/10 of the 154.5 pt measure), 162 pt in bold.
	word := strings.Repeat("%", 18)
	f := text.NewFormat(fam, pt(9), measure, hy)
	lines, _ := f.Set([]text.Span{{Text: "Rates rose "}, {Style: text.Bold, Text: word}, {Text: " overnight."}}, 0)
	for li, l := range lines {
		if l.Width > measure+slack(l) {
			t.Errorf("line %d is %v wide, measure %v: %q", li, l.Width, measure, lineText(l))
		}
	}
}

// TestExplicitHyphens: compounds break only after their own hyphen, and no hyphen is added.
func TestExplicitHyphens(t *testing.T) {
	fam, hy := serif(t), enUS(t)
	compounds := []string{"well-known", "long-term", "self-driving", "state-of-the-art", "twenty-three-year-old",
		"decision-making", "cost-effectiveness", "mother-in-law", "African-American", "user-friendliness"}
	para := strings.Repeat(strings.Join(compounds, " ")+" ", 4)
	isCompoundPrefix := func(s string) bool {
		for _, c := range compounds {
			for i := 0; i < len(c); i++ {
				if c[i] == '-' && c[:i+1] == s {
					return true
				}
			}
		}
		return false
	}
	for m := 30.0; m <= 60; m += 2.5 {
		f := text.NewFormat(fam, pt(9), mm(m), hy)
		lines, _ := f.Set(spans(para), 0)
		for li, l := range lines {
			if !l.Hyphen {
				continue
			}
			last := l.Words[len(l.Words)-1].Text
			if !isCompoundPrefix(last) {
				t.Errorf("%.1fmm line %d ends %q: not after a compound's own hyphen", m, li, last)
			}
		}
		got := strings.Fields(joinLines(lines))
		want := strings.Fields(para)
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%.1fmm: words changed:\n got %q\nwant %q", m, got, want)
		}
	}
}

// joinLines rebuilds the running text, joining a line that ends in a hyphen to the next
// without a space (explicit hyphens stay, since they are part of the word).
func joinLines(lines []text.Line) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(lineText(l))
		if !l.Hyphen {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

func TestSoftHyphens(t *testing.T) {
	fam, hy := serif(t), enUS(t)
	const word = "in\u00adcom\u00adpre\u00adhen\u00adsi\u00adbly"
	allowed := map[string]bool{"in-": true, "incom-": true, "incompre-": true, "incomprehen-": true, "incomprehensi-": true}
	para := strings.Repeat("The witness spoke "+word+" about the "+word+" long night. ", 3)
	brokeSoft := false
	for m := 30.0; m <= 60; m += 1.5 {
		f := text.NewFormat(fam, pt(9), mm(m), hy)
		lines, _ := f.Set(spans(para), 0)
		for li, l := range lines {
			for _, w := range l.Words {
				if strings.ContainsRune(w.Text, '\u00ad') {
					t.Errorf("%.1fmm line %d draws a soft hyphen in %q", m, li, w.Text)
				}
			}
			last := l.Words[len(l.Words)-1].Text
			if l.Hyphen && strings.HasPrefix("incomprehensibly", strings.TrimSuffix(last, "-")) && !allowed[last] {
				t.Errorf("%.1fmm line %d breaks as %q, not at a soft hyphen", m, li, last)
			}
			brokeSoft = brokeSoft || allowed[last]
		}
		// A hyphenated line joined to the next loses its added hyphen.
		var b strings.Builder
		for _, l := range lines {
			s := lineText(l)
			if l.Hyphen {
				s = strings.TrimSuffix(s, "-")
			} else {
				s += " "
			}
			b.WriteString(s)
		}
		if got, want := strings.Fields(b.String()), strings.Fields(strings.ReplaceAll(para, "\u00ad", "")); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%.1fmm: text changed:\n got %q\nwant %q", m, got, want)
		}
	}
	if !brokeSoft {
		t.Error("no measure between 30 and 60 mm broke a line at a soft hyphen")
	}
}

func TestNoBreakSpaces(t *testing.T) {
	fam, hy := serif(t), enUS(t)
	// Each number is followed by a no-break space, so no line may end with a number or
	// start with a unit.
	var b strings.Builder
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&b, "about %d\u00a0km and %d\u202fkg then ", 10+i, 200+i)
	}
	para := b.String()
	for m := 30.0; m <= 60; m += 1.5 {
		f := text.NewFormat(fam, pt(9), mm(m), hy)
		lines, _ := f.Set(spans(para), 0)
		for li, l := range lines {
			first, last := l.Words[0].Text, l.Words[len(l.Words)-1].Text
			if first == "km" || first == "kg" {
				t.Errorf("%.1fmm line %d starts with %q: broken at a no-break space", m, li, first)
			}
			if r, _ := utf8.DecodeRuneInString(last); r >= '0' && r <= '9' && !l.Last {
				t.Errorf("%.1fmm line %d ends with %q: broken at a no-break space", m, li, last)
			}
		}
	}
	// A chain of no-break spaces longer than the column must still be set inside it.
	chain := strings.Repeat("word\u00a0", 40) + "end."
	f := text.NewFormat(fam, pt(9), mm(40), hy)
	lines, _ := f.Set(spans(chain), 0)
	for li, l := range lines {
		if l.Width > mm(40)+slack(l) {
			t.Errorf("no-break chain: line %d is %v wide, measure %v", li, l.Width, mm(40))
		}
	}
}

// TestDashBreaks: a line may end after an em or en dash, with no hyphen added.
func TestDashBreaks(t *testing.T) {
	fam, hy := serif(t), enUS(t)
	para := strings.Repeat("officials said—without elaborating—that the 2019–2026 program would end ", 5)
	broke := false
	for m := 30.0; m <= 60; m += 0.5 {
		f := text.NewFormat(fam, pt(9), mm(m), hy)
		lines, _ := f.Set(spans(para), 0)
		for _, l := range lines {
			s := lineText(l)
			if strings.HasSuffix(s, "—") || strings.HasSuffix(s, "–") {
				broke = true
				if l.Hyphen {
					t.Errorf("%.1fmm: a break after a dash counts as a hyphen: %q", m, s)
				}
			}
			if strings.Contains(s, "—-") || strings.Contains(s, "–-") {
				t.Errorf("%.1fmm: hyphen added after a dash: %q", m, s)
			}
		}
	}
	if !broke {
		t.Error("no measure between 30 and 60 mm broke a line after a dash")
	}
}

// TestItemsStructure checks the item list that the breaker relies on.
func TestItemsStructure(t *testing.T) {
	fam, hy := serif(t), enUS(t)
	f := text.NewFormat(fam, pt(9), mm(54.5), hy)
	tests := []struct {
		name   string
		spans  []text.Span
		indent geom.Sp
	}{
		{"plain", spans("A short line of text."), 0},
		{"indented", spans("Indented paragraph."), pt(9)},
		{"trailing and double spaces", spans("  two  spaces  "), 0},
		{"mixed styles in one word", []text.Span{{Style: text.Regular, Text: "un"}, {Style: text.Italic, Text: "believable"}, {Style: text.Regular, Text: " things"}}, 0},
		{"empty", nil, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			items := f.Items(tc.spans, tc.indent)
			n := len(items)
			if n < 3 || items[n-1].Kind != text.PenaltyItem || items[n-1].Penalty != text.ForceBreak ||
				items[n-2].Kind != text.GlueItem || !items[n-2].Fill || items[n-3].Penalty != text.ForbidBreak {
				t.Fatalf("items do not end with forbid, fill glue, forced break: %+v", items[max(0, n-3):])
			}
			if tc.indent > 0 && (items[0].Kind != text.BoxItem || items[0].Width != tc.indent || items[0].Text != "") {
				t.Errorf("first item %+v, want an empty box of the indent %v", items[0], tc.indent)
			}
			var words []string
			var cur strings.Builder
			for i, it := range items[:n-3] {
				if it.Kind == text.GlueItem && (i == 0 || items[i-1].Kind == text.GlueItem) {
					t.Errorf("glue at %d does not follow a word", i)
				}
				switch it.Kind {
				case text.BoxItem:
					cur.WriteString(it.Text)
				case text.GlueItem:
					words = append(words, cur.String())
					cur.Reset()
				}
			}
			if cur.Len() > 0 {
				words = append(words, cur.String())
			}
			var want []string
			for _, s := range tc.spans {
				want = append(want, s.Text)
			}
			if got, w := strings.Join(words, " "), strings.Join(strings.Fields(strings.Join(want, "")), " "); got != w {
				t.Errorf("words %q, want %q", got, w)
			}
		})
	}
}

// TestPositionPlacesWordsInOrder: Position lays words left to right without overlap, and
// a hyphenated line carries the hyphen on its last word.
func TestPositionPlacesWordsInOrder(t *testing.T) {
	fam, hy := serif(t), enUS(t)
	f := text.NewFormat(fam, pt(9), mm(40), hy)
	for _, p := range newsParagraphs {
		items := f.Items(spans(p), 0)
		breaks, _ := text.BreakLines(items, f.Measure, f.Params, true)
		lines := f.Position(items, breaks)
		if len(lines) != len(breaks) {
			t.Fatalf("%d lines for %d breaks", len(lines), len(breaks))
		}
		for li, l := range lines {
			if l.Ratio != breaks[li].Ratio && !(l.Last && breaks[li].Ratio > 0) {
				t.Errorf("line %d ratio %.3f, break ratio %.3f", li, l.Ratio, breaks[li].Ratio)
			}
			for i := 1; i < len(l.Words); i++ {
				// Pieces of one word may overlap by a negative kern, never by more.
				if p, w := l.Words[i-1], l.Words[i]; w.X <= p.X || w.X < p.X+p.Width-pt(9)/5 {
					t.Errorf("line %d: %q at %v overlaps %q ending at %v", li, w.Text, w.X, p.Text, p.X+p.Width)
				}
			}
			if br := items[breaks[li].Pos]; br.Kind == text.PenaltyItem && br.Flagged != l.Hyphen {
				t.Errorf("line %d: Hyphen=%v but break item flagged=%v", li, l.Hyphen, br.Flagged)
			}
		}
	}
}

// goldenParagraph is set at the sample edition's body type on a 54.5 mm measure.
const goldenParagraph = "Tamsin Valley Electric said about 9,000 customers lost power at the height of the storm, most of them after a substation off Quarry Road flooded shortly before 2 a.m. By 6 p.m. Friday the utility had restored service to all but 1,850 customers, and it said it hoped to reconnect most of the rest by Sunday night. “The substation is the problem,” said Owen Patel, the utility’s director of operations. “We can’t send people into a building with water around the switchgear. Once it’s drained and dried out, we can move quickly.”"

func TestGoldenColumn(t *testing.T) {
	fam, hy := serif(t), enUS(t)
	f := text.NewFormat(fam, pt(9), mm(54.5), hy) // 9 pt on 10.8 pt leading: leading does not affect breaking
	lines, emergency := f.Set(spans(goldenParagraph), pt(9))
	var b strings.Builder
	fmt.Fprintf(&b, "# serif 9/10.8pt, measure 54.5mm, indent 1em, en-US hyphenation; emergency=%v\n", emergency)
	for _, l := range lines {
		fmt.Fprintf(&b, "%s  [%.2f]\n", lineText(l), l.Ratio)
	}
	got := b.String()
	path := filepath.Join("testdata", "column.golden")
	if *golden.Update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./layout/text -run Golden -update)", err)
	}
	if got != string(want) {
		t.Errorf("column differs from %s (rerun with -update and review the diff):\n got:\n%s\nwant:\n%s", path, got, want)
	}
}

// A compound whose parts are in different styles ("self-*driving*") may still break after
// its hyphen: the break sits exactly where the style changes.
func TestExplicitHyphenAtAStyleChangeIsABreak(t *testing.T) {
	fam, hy := serif(t), enUS(t)
	f := text.NewFormat(fam, pt(9), mm(40), hy)
	for _, word := range [][]text.Span{
		{{Style: text.Regular, Text: "self-"}, {Style: text.Italic, Text: "driving"}},
		{{Style: text.Bold, Text: "twenty-three-"}, {Style: text.Regular, Text: "year-old"}},
	} {
		items := f.Items(word, 0)
		breaks := 0
		for _, it := range items {
			if it.Kind == text.PenaltyItem && it.Flagged && it.Width == 0 {
				breaks++
			}
		}
		want := strings.Count(word[0].Text+word[1].Text, "-")
		if breaks != want {
			t.Errorf("%q|%q: %d breaks after hyphens, want %d", word[0].Text, word[1].Text, breaks, want)
		}
	}
}
