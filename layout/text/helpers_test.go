package text_test

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode"

	"gopkg.in/yaml.v3"

	"epaper/layout/geom"
	"epaper/layout/text"
	"epaper/layout/text/hyph"
)

// liang adapts the real hyphenator to text.Hyphenator, as layout.Build does.
type liang struct {
	h   *hyph.Hyphenator
	opt hyph.Options
}

func (l liang) Points(word string) []int { return l.h.Points(word, l.opt) }

func serif(tb testing.TB) *text.Family {
	tb.Helper()
	fs, err := text.NewFontSet(nil)
	if err != nil {
		tb.Fatal(err)
	}
	fam, ok := fs.Family("serif")
	if !ok {
		tb.Fatal("no built-in serif family")
	}
	return fam
}

func enUS(tb testing.TB) text.Hyphenator {
	tb.Helper()
	h, err := hyph.ForLanguage("en-US")
	if err != nil {
		tb.Fatal(err)
	}
	return liang{h: h}
}

func pt(v float64) geom.Sp { return geom.FromPt(v) }
func mm(v float64) geom.Sp { return geom.FromMm(v) }

// sampleEdition is the part of the sample manifest these tests read.
type sampleEdition struct {
	Articles []struct {
		ID       string `yaml:"id"`
		Headline string `yaml:"headline"`
		Deck     string `yaml:"deck"`
		Body     string `yaml:"body"`
	} `yaml:"articles"`
}

var (
	sampleOnce sync.Once
	sample     sampleEdition
	sampleErr  error
)

func loadSample(tb testing.TB) sampleEdition {
	tb.Helper()
	sampleOnce.Do(func() {
		data, err := os.ReadFile(filepath.Join("..", "..", "editions", "2026-03-14", "edition.yaml"))
		if err != nil {
			sampleErr = err
			return
		}
		sampleErr = yaml.Unmarshal(data, &sample)
	})
	if sampleErr != nil {
		tb.Fatal(sampleErr)
	}
	if len(sample.Articles) == 0 {
		tb.Fatal("sample edition has no articles")
	}
	return sample
}

// sampleParagraphs returns every body paragraph (not subhead) of the sample edition, with
// the same preprocessing as composition.
func sampleParagraphs(tb testing.TB) [][]text.Span {
	var out [][]text.Span
	for _, a := range loadSample(tb).Articles {
		for _, b := range text.ParseBody(text.SmartQuotes(a.Body)) {
			if !b.Subhead {
				out = append(out, b.Spans)
			}
		}
	}
	return out
}

// newsParagraphs are hand-written paragraphs (fiction) with the features news copy has:
// figures, abbreviations, quotes, dashes, compounds, long names.
var newsParagraphs = []string{
	"The county commission voted 4–1 on Tuesday to raise the tourist tax by half a percentage point, a change that officials expect to bring in about $2.3 million a year for road repairs and the long-delayed expansion of the regional airport's passenger terminal.",
	"“We have been patient for a very long time,” said Councilwoman Theodora Vanderberg-Hollingsworth, whose district includes the neighborhoods hardest hit by last spring's flooding. “Residents deserve a straightforward answer, not another feasibility study.”",
	"Emergency crews worked through the night to restore electricity to roughly 14,000 customers after high winds toppled transmission lines near the interstate interchange — the third such outage in as many months — according to a spokesman for the utility.",
	"The internationally recognized orchestra, which celebrated its centennial last year, announced a reorganization of its administrative staff, a multiyear fundraising campaign and an ambitious program of commissions from early-career composers.",
	"Superintendent Rosalind Okonkwo-Fairweather told parents in a letter that the district's transportation department was short 23 drivers, forcing the consolidation of several routes and longer waits at bus stops on the north side of town.",
	"Researchers at the state university's agricultural extension service said unseasonably warm temperatures in February had caused fruit trees to bud weeks early, leaving the apple and cherry harvests vulnerable to a late frost.",
}

func spans(s string) []text.Span { return []text.Span{{Style: text.Regular, Text: s}} }

// lineText joins a line's words, with a space where the words are visibly apart (a word
// made of several styles is several Words that touch).
func lineText(l text.Line) string {
	var b strings.Builder
	for i, w := range l.Words {
		if i > 0 {
			p := l.Words[i-1]
			if w.X-(p.X+p.Width) > geom.Pt {
				b.WriteByte(' ')
			}
		}
		b.WriteString(w.Text)
	}
	return b.String()
}

func wordCount(ss []text.Span) int {
	n := 0
	for _, s := range ss {
		n += len(strings.FieldsFunc(s.Text, unicode.IsSpace))
	}
	return n
}

// legal reports whether the breaker may break at items[b] (the rule of Knuth and Plass:
// glue after a box, or a penalty below infinity; hyphens only when hyphenating).
func legal(items []text.Item, b int, hyphenate bool) bool {
	it := items[b]
	switch it.Kind {
	case text.GlueItem:
		return b > 0 && items[b-1].Kind == text.BoxItem
	case text.PenaltyItem:
		return it.Penalty < text.ForbidBreak && (hyphenate || !it.Flagged || it.Penalty == text.ForceBreak)
	}
	return false
}

// lineStart is the first item of the line after a break at pos: discardable items vanish.
func lineStart(items []text.Item, pos int) int {
	j := pos + 1
	for j < len(items) && items[j].Kind != text.BoxItem && !(items[j].Kind == text.PenaltyItem && items[j].Penalty == text.ForceBreak) {
		j++
	}
	return j
}

// lineRatio computes, independently of the breaker, the adjustment ratio of a line made of
// items[s:b] broken at b.
func lineRatio(items []text.Item, s, b int, measure geom.Sp) float64 {
	var w, st, sh geom.Sp
	fill := false
	for _, it := range items[s:b] {
		switch {
		case it.Kind == text.GlueItem && it.Fill:
			w += it.Width
			fill = true
		case it.Kind != text.PenaltyItem:
			w += it.Width
			st += it.Stretch
			sh += it.Shrink
		}
	}
	if it := items[b]; it.Kind == text.PenaltyItem {
		w, st, sh = w+it.Width, st+it.Stretch, sh+it.Shrink
	}
	switch {
	case fill && w <= measure:
		return 0
	case w == measure:
		return 0
	case w < measure && st > 0:
		return float64(measure-w) / float64(st)
	case w < measure:
		return math.Inf(1)
	case sh > 0:
		return float64(measure-w) / float64(sh)
	}
	return math.Inf(-1)
}

// greedyBreaks is the reference first-fit breaker: each line takes as much as fits (using
// shrink), as a simple word processor does, hyphenating at most maxRun lines in a row
// (0: no limit). A word wider than the measure overflows.
func greedyBreaks(items []text.Item, measure geom.Sp, hyphenate bool, maxRun int) []text.Break {
	var out []text.Break
	s, run := 0, 0
	for s < len(items) {
		feasible := -1
		var feasibleRatio float64
		for b := s; b < len(items); b++ {
			if !legal(items, b, hyphenate) || maxRun > 0 && run >= maxRun && items[b].Flagged {
				continue
			}
			r := lineRatio(items, s, b, measure)
			if r < -1 {
				if feasible < 0 { // nothing fits: overflow at the first chance
					feasible, feasibleRatio = b, -1
				}
				break
			}
			feasible, feasibleRatio = b, r
			if items[b].Kind == text.PenaltyItem && items[b].Penalty == text.ForceBreak {
				break
			}
		}
		out = append(out, text.Break{Pos: feasible, Ratio: feasibleRatio})
		if run++; !items[feasible].Flagged {
			run = 0
		}
		if feasible == len(items)-1 {
			break
		}
		s = lineStart(items, feasible)
	}
	return out
}

func badness(r float64) float64 {
	r = math.Abs(r)
	if r > 5 || math.IsInf(r, 0) {
		return 10000
	}
	return math.Min(10000, 100*r*r*r)
}

func fitness(r float64) int {
	switch {
	case r < -0.5:
		return 3
	case r <= 0.5:
		return 2
	case r <= 1:
		return 1
	}
	return 0
}

// score is the Knuth-Plass cost of a set of breaks, recomputed from the items: total
// demerits (line penalty, badness, penalties, consecutive and final hyphens, fitness jumps)
// and the sum of the lines' badness.
func score(items []text.Item, breaks []text.Break, measure geom.Sp, p text.Params) (demerits, sumBadness float64) {
	s, prevFit, prevFlagged := 0, 2, false
	for _, br := range breaks {
		it := items[br.Pos]
		r := lineRatio(items, s, br.Pos, measure)
		bad := badness(r)
		sumBadness += bad
		d := float64(p.LinePenalty) + bad
		d *= d
		forced := it.Kind == text.PenaltyItem && it.Penalty == text.ForceBreak
		flagged := it.Kind == text.PenaltyItem && it.Flagged
		switch {
		case it.Kind == text.PenaltyItem && it.Penalty > 0:
			d += float64(it.Penalty * it.Penalty)
		case it.Kind == text.PenaltyItem && !forced:
			d -= float64(it.Penalty * it.Penalty)
		}
		if flagged && prevFlagged {
			d += float64(p.DoubleHyphenDemerits)
		}
		if forced && prevFlagged {
			d += float64(p.FinalHyphenDemerits)
		}
		fit := fitness(r)
		if fit-prevFit > 1 || prevFit-fit > 1 {
			d += float64(p.AdjDemerits)
		}
		demerits += d
		prevFit, prevFlagged = fit, flagged
		s = lineStart(items, br.Pos)
	}
	return demerits, sumBadness
}

// slack is how much rounding a line's width may carry: every word's position is rounded
// to the scaled point once.
func slack(l text.Line) geom.Sp { return geom.Sp(len(l.Words) + 2) }
