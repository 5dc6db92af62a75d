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
	b, ok := breakRagged(fam, splitWords(fam, spans), size, measure, maxLines)
	if !ok {
		return Ragged{}, false
	}
	return b.set(), true
}

// raggedBreaks is where ragged text breaks at one size: words[i:next[i]] make a line.
type raggedBreaks struct {
	words  []splitWord
	widths []geom.Sp // of each word at size
	next   []int
	size   geom.Sp
	space  geom.Sp
}

// breakRagged chooses the breaks of words already split: a headline is tried at several
// sizes, and widths in thousandths of an em scale to each.
func breakRagged(fam *Family, words []splitWord, size, measure geom.Sp, maxLines int) (raggedBreaks, bool) {
	n := len(words)
	b := raggedBreaks{words: words, size: size, space: fam.Regular.Advance(' ').Of(size)}
	if n == 0 {
		return b, true
	}
	b.widths = make([]geom.Sp, n)
	for i, w := range words {
		for _, p := range w.pieces {
			b.widths[i] += p.width.Of(size)
		}
		if b.widths[i] > measure {
			return b, false
		}
	}
	// cost[i] = best cost of setting words[i:], lines[i] the count, next[i] the break.
	cost := make([]float64, n+1)
	lines := make([]int, n+1)
	b.next = make([]int, n+1)
	for i := n - 1; i >= 0; i-- {
		cost[i] = math.Inf(1)
		width := geom.Sp(0)
		for j := i; j < n; j++ {
			if j > i {
				width += b.space
			}
			width += b.widths[j]
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
				cost[i], lines[i], b.next[i] = c, lines[j+1]+1, j+1
			}
		}
	}
	if math.IsInf(cost[0], 1) || (maxLines > 0 && lines[0] > maxLines) {
		return b, false
	}
	return b, true
}

// lineWidth is the width of the line of words[i:b.next[i]].
func (b raggedBreaks) lineWidth(i int) geom.Sp {
	w := geom.Sp(0)
	for j := i; j < b.next[i]; j++ {
		if j > i {
			w += b.space
		}
		w += b.widths[j]
	}
	return w
}

// fill is the length of the shortest line as a share of the measure (1 for no lines).
func (b raggedBreaks) fill(measure geom.Sp) float64 {
	f := 1.0
	for i := 0; i < len(b.words); i = b.next[i] {
		f = min(f, float64(b.lineWidth(i))/float64(measure))
	}
	return f
}

// set positions the words on their lines.
func (b raggedBreaks) set() Ragged {
	n := len(b.words)
	out := Ragged{Size: b.size}
	for i := 0; i < n; i = b.next[i] {
		var line Line
		x := geom.Sp(0)
		for j := i; j < b.next[i]; j++ {
			if j > i {
				x += b.space
			}
			px := x
			for _, p := range b.words[j].pieces {
				w := p.width.Of(b.size)
				line.Words = append(line.Words, Word{X: px, Text: p.text, Face: p.face, Size: b.size, Width: w})
				px += w
			}
			x += b.widths[j]
		}
		line.Width = x
		line.Last = b.next[i] == n
		out.Lines = append(out.Lines, line)
	}
	return out
}

// goodFill is the shortest line, as a share of the measure, that a headline may have without
// trying a smaller size.
const goodFill = 0.72

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

// RaggedText is text split into words and measured once, to be set ragged at any size
// and measure: a story's headline is fitted to every width the story may take. It is not
// changed after it is made, and so may be shared.
type RaggedText struct {
	fam   *Family
	spans []Span
	words []splitWord
}

// SplitRagged splits spans for setting ragged in fam.
func SplitRagged(fam *Family, spans []Span) *RaggedText {
	return &RaggedText{fam: fam, spans: spans, words: splitWords(fam, spans)}
}

// FitHeadline picks the largest size from sizes (descending) at which the spans fit the
// measure in at most maxLines lines. When none fits, it sets the smallest size with as many
// lines as needed, splitting a word that is wider than the measure.
//
// Among the sizes that fit, a slightly smaller one is preferred when it fills the lines much
// better: a big headline whose lines stop half-way across leaves a block of white beside it.
func FitHeadline(fam *Family, spans []Span, sizes []geom.Sp, measure geom.Sp, maxLines int) Ragged {
	return SplitRagged(fam, spans).Fit(sizes, measure, maxLines)
}

// Fit is FitHeadline of the text. Only the size chosen is set in lines.
func (t *RaggedText) Fit(sizes []geom.Sp, measure geom.Sp, maxLines int) Ragged {
	var best raggedBreaks
	bestScore := -1.0
	tried := 0
	for _, s := range sizes {
		b, ok := breakRagged(t.fam, t.words, s, measure, maxLines)
		if !ok {
			continue
		}
		fill := b.fill(measure)
		if fill >= goodFill && bestScore < 0 {
			return b.set() // the largest size, and it fills its lines
		}
		// Each step down the scale must buy a clearly fuller headline.
		score := fill - 0.08*float64(tried)
		if score > bestScore {
			best, bestScore = b, score
		}
		if tried++; tried == 4 {
			break
		}
	}
	if bestScore >= 0 {
		return best.set()
	}
	smallest := sizes[len(sizes)-1]
	if b, ok := breakRagged(t.fam, t.words, smallest, measure, 0); ok {
		return b.set()
	}
	// A word longer than the measure even at the smallest size: break it as body text does.
	lines, _ := NewFormat(t.fam, smallest, measure, nil).Set(t.spans, 0)
	return Ragged{Lines: lines, Size: smallest}
}
