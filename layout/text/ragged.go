package text

import (
	"math"
	"strings"
	"unicode"

	"epaper/layout/geom"
)

// Ragged is a block of ragged-right lines (headlines, decks, captions).
type Ragged struct {
	Lines []Line
	Size  geom.Sp
}

// SetRagged sets spans flush left without hyphenation, choosing breaks that balance the line
// lengths (all lines about equally full, minimising the sum of squared shortfalls), as a
// headline desk would. It fails (ok = false) when more than maxLines lines are needed or a
// word is wider than the measure. maxLines <= 0 means no limit.
func SetRagged(fam *Family, spans []Span, size, measure geom.Sp, maxLines int) (r Ragged, ok bool) {
	return setRagged(fam, splitWords(fam, spans), size, measure, maxLines)
}

// setRagged is SetRagged of words already split: a headline is tried at several sizes, and
// widths in thousandths of an em scale to each.
func setRagged(fam *Family, words []splitWord, size, measure geom.Sp, maxLines int) (r Ragged, ok bool) {
	if len(words) == 0 {
		return Ragged{Size: size}, true
	}
	space := fam.Regular.Advance(' ').Of(size)
	n := len(words)
	widths := make([]geom.Sp, n)
	for i, w := range words {
		for _, p := range w.pieces {
			widths[i] += p.width.Of(size)
		}
		if widths[i] > measure {
			return Ragged{}, false
		}
	}
	// cost[i] = best cost of setting words[i:], lines[i] the count, next[i] the break.
	cost := make([]float64, n+1)
	lines := make([]int, n+1)
	next := make([]int, n+1)
	for i := n - 1; i >= 0; i-- {
		cost[i] = math.Inf(1)
		width := geom.Sp(0)
		for j := i; j < n; j++ {
			if j > i {
				width += space
			}
			width += widths[j]
			if width > measure {
				break
			}
			if maxLines > 0 && lines[j+1]+1 > maxLines && j+1 < n {
				continue
			}
			slack := float64(measure-width) / float64(measure)
			c := slack * slack
			if j+1 == n && lines[j+1] == 0 && i == 0 {
				c *= 0.5 // a one-line head need not fill the measure
			}
			c += cost[j+1] + 0.05 // fewer lines are better
			if j+1 < n && words[j].weak {
				c += 0.2 // do not end a headline line on "a", "the", "of"
			}
			if c < cost[i] {
				cost[i], lines[i], next[i] = c, lines[j+1]+1, j+1
			}
		}
	}
	if math.IsInf(cost[0], 1) || (maxLines > 0 && lines[0] > maxLines) {
		return Ragged{}, false
	}
	out := Ragged{Size: size, Lines: make([]Line, 0, lines[0])}
	for i := 0; i < n; i = next[i] {
		var line Line
		x := geom.Sp(0)
		for j := i; j < next[i]; j++ {
			if j > i {
				x += space
			}
			px := x
			for _, p := range words[j].pieces {
				w := p.width.Of(size)
				line.Words = append(line.Words, Word{X: px, Text: p.text, Face: p.face, Size: size, Width: w})
				px += w
			}
			x += widths[j]
		}
		line.Width = x
		line.Last = next[i] == n
		out.Lines = append(out.Lines, line)
	}
	return out, true
}

// goodFill is the shortest line, as a share of the measure, that a headline may have without
// trying a smaller size.
const goodFill = 0.72

// fill is the length of the shortest line as a share of the measure (1 for a single line
// that fills it).
func (r Ragged) fill(measure geom.Sp) float64 {
	if len(r.Lines) == 0 {
		return 1
	}
	f := 1.0
	for _, l := range r.Lines {
		f = min(f, float64(l.Width)/float64(measure))
	}
	return f
}

// splitWord is a word of ragged text: its pieces (one per style), each with its width in
// thousandths of an em, and whether a line should not end on it.
type splitWord struct {
	pieces []wordPiece
	weak   bool
}

type wordPiece struct {
	text  string
	face  *Face
	width Milli
}

// splitWords cuts spans into words (keeping non-breaking spaces inside words) and measures them.
func splitWords(fam *Family, spans []Span) []splitWord {
	var out []splitWord
	var cur splitWord
	var text strings.Builder
	flush := func() {
		if len(cur.pieces) > 0 {
			cur.weak = endsWeak(text.String())
			out = append(out, cur)
		}
		cur = splitWord{}
		text.Reset()
	}
	add := func(st Style, s string) {
		s = strings.ReplaceAll(s, "\u00ad", "") // soft hyphens: ragged text never hyphenates
		if s == "" {
			return
		}
		f := fam.Face(st)
		cur.pieces = append(cur.pieces, wordPiece{text: s, face: f, width: f.Width(s)})
		text.WriteString(s)
	}
	for _, sp := range spans {
		start := 0
		for i, r := range sp.Text {
			if unicode.IsSpace(r) && !isNoBreakSpace(r) {
				add(sp.Style, sp.Text[start:i])
				flush()
				start = i + len(string(r))
			}
		}
		add(sp.Style, sp.Text[start:])
	}
	flush()
	return out
}

var weakWords = map[string]bool{"a": true, "an": true, "the": true, "of": true, "to": true, "in": true, "and": true, "for": true, "on": true, "at": true, "by": true, "with": true}

func endsWeak(w string) bool { return weakWords[strings.ToLower(w)] }

// FitHeadline picks the largest size from sizes (descending) at which the spans fit the
// measure in at most maxLines lines. When none fits, it sets the smallest size with as many
// lines as needed, splitting a word that is wider than the measure.
//
// Among the sizes that fit, a slightly smaller one is preferred when it fills the lines much
// better: a big headline whose lines stop half-way across leaves a block of white beside it.
func FitHeadline(fam *Family, spans []Span, sizes []geom.Sp, measure geom.Sp, maxLines int) Ragged {
	var best Ragged
	bestScore := -1.0
	tried := 0
	words := splitWords(fam, spans)
	for _, s := range sizes {
		r, ok := setRagged(fam, words, s, measure, maxLines)
		if !ok {
			continue
		}
		fill := r.fill(measure)
		if fill >= goodFill && bestScore < 0 {
			return r // the largest size, and it fills its lines
		}
		// Each step down the scale must buy a clearly fuller headline.
		score := fill - 0.08*float64(tried)
		if score > bestScore {
			best, bestScore = r, score
		}
		if tried++; tried == 4 {
			break
		}
	}
	if bestScore >= 0 {
		return best
	}
	smallest := sizes[len(sizes)-1]
	if r, ok := setRagged(fam, words, smallest, measure, 0); ok {
		return r
	}
	// A word longer than the measure even at the smallest size: break it as body text does.
	lines, _ := NewFormat(fam, smallest, measure, nil).Set(spans, 0)
	return Ragged{Lines: lines, Size: smallest}
}
