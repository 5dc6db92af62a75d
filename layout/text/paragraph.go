package text

import (
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"epaper/layout/geom"
)

// Hyphenator returns the byte offsets in word where a line may break with a hyphen
// (and, after an explicit hyphen, without adding one).
type Hyphenator interface {
	Points(word string) []int
}

// Family is the four styles of a type family.
type Family struct {
	Regular, Bold, Italic, BoldItalic *Face
}

// Face returns the face for a style.
func (f *Family) Face(s Style) *Face {
	switch s {
	case Bold:
		return f.Bold
	case Italic:
		return f.Italic
	case Bold | Italic:
		return f.BoldItalic
	}
	return f.Regular
}

// Format is how body text is set: face, size, measure and the flexibility of spacing.
type Format struct {
	Family  *Family
	Size    geom.Sp
	Measure geom.Sp
	Params  Params
	Hyph    Hyphenator // nil: no hyphenation

	// Inter-word glue stretch and shrink as fractions of the space's width.
	SpaceStretch, SpaceShrink float64
	// Letter-spacing flexibility per glyph, in thousandths of an em: a little tracking absorbs
	// what word spaces alone would show as holes in a narrow column (as pdfTeX's font expansion
	// does); kept small enough not to be seen as letter-spaced type.
	LetterStretch, LetterShrink Milli

	HyphenPenalty, ExHyphenPenalty int

	// Words, when set, remembers the items of each word: news text repeats its words, and
	// measuring and hyphenating them was most of the time spent setting a story. It is
	// valid for the settings above as they are when the Format is first used: set it only
	// on a Format that is not changed afterwards. Safe for concurrent use.
	Words *WordCache
}

// WordCache holds the items of words set in one Format (see Format.Words).
type WordCache struct {
	mu sync.RWMutex
	m  map[string]wordItems // style byte + word
}

type wordItems struct {
	items []Item
	width geom.Sp
}

// NewFormat returns the house defaults for justified body text.
func NewFormat(fam *Family, size, measure geom.Sp, hyph Hyphenator) *Format {
	return &Format{
		Family: fam, Size: size, Measure: measure, Params: DefaultParams(size), Hyph: hyph,
		SpaceStretch: 0.6, SpaceShrink: 0.3,
		LetterStretch: 20, LetterShrink: 8,
		HyphenPenalty: 50, ExHyphenPenalty: 50,
	}
}

func (f *Format) space() geom.Sp { return f.Family.Regular.Advance(' ').Of(f.Size) }

// Items converts a paragraph to boxes, glue and penalties. indent is the first-line indent.
func (f *Format) Items(spans []Span, indent geom.Sp) []Item {
	var items []Item
	if indent > 0 {
		items = append(items, Item{Kind: BoxItem, Width: indent})
	}
	sp := f.space()
	glue := Item{Kind: GlueItem, Width: sp,
		Stretch: geom.Sp(float64(sp) * f.SpaceStretch), Shrink: geom.Sp(float64(sp) * f.SpaceShrink)}
	var word []Span
	var span geom.Sp // width since the last legal break, to keep non-breaking chains breakable when too long
	held := -1       // the item that holds the chain's last no-break space, while it may be released
	flushWord := func() {
		if len(word) > 0 {
			var w geom.Sp
			items, w = f.appendWord(items, word)
			span += w
			word = nil
			if held >= 0 && span > f.Measure*2/3 {
				// The chain has grown too long to keep whole: its last space may break.
				items = slices.Delete(items, held, held+1)
				span = w
			}
			held = -1
		}
	}
	for _, s := range spans {
		start := 0
		for i, r := range s.Text {
			if !unicode.IsSpace(r) {
				continue
			}
			if i > start {
				word = appendSpan(word, Span{s.Style, s.Text[start:i]})
			}
			start = i + utf8.RuneLen(r)
			flushWord()
			if len(items) == 0 || items[len(items)-1].Kind == GlueItem {
				continue
			}
			if isNoBreakSpace(r) && span+sp < f.Measure*2/3 {
				held = len(items)
				items = append(items, Item{Kind: PenaltyItem, Penalty: ForbidBreak})
				span += sp
			} else {
				span = 0
			}
			items = append(items, glue)
		}
		if start < len(s.Text) {
			word = appendSpan(word, Span{s.Style, s.Text[start:]})
		}
	}
	flushWord()
	for len(items) > 0 && items[len(items)-1].Kind == GlueItem {
		items = items[:len(items)-1]
	}
	return append(items,
		Item{Kind: PenaltyItem, Penalty: ForbidBreak},
		Item{Kind: GlueItem, Fill: true},
		Item{Kind: PenaltyItem, Penalty: ForceBreak})
}

func appendSpan(word []Span, s Span) []Span {
	if n := len(word); n > 0 && word[n-1].Style == s.Style {
		word[n-1].Text += s.Text
		return word
	}
	return append(word, s)
}

type breakKind uint8

const (
	hyphenBreak   breakKind = iota + 1 // add a hyphen
	explicitBreak                      // after a hyphen already in the word
	dashBreak                          // after an en or em dash: no hyphen, not a hyphenated line
	forcedSplit                        // inside a word wider than the column
)

type wordBreak struct {
	at   int
	kind breakKind
}

// appendWord adds one word (possibly mixing styles) as boxes separated by discretionary
// breaks, from the word cache when the word has one style.
func (f *Format) appendWord(items []Item, word []Span) ([]Item, geom.Sp) {
	if f.Words == nil || len(word) != 1 {
		return f.appendWordUncached(items, word)
	}
	var keyBuf [64]byte
	key := append(append(keyBuf[:0], byte(word[0].Style)), word[0].Text...)
	wc := f.Words
	wc.mu.RLock()
	w, ok := wc.m[string(key)] // no allocation: the compiler knows the string does not escape
	wc.mu.RUnlock()
	if ok {
		return append(items, w.items...), w.width
	}
	n := len(items)
	items, width := f.appendWordUncached(items, word)
	wc.mu.Lock()
	if wc.m == nil {
		wc.m = map[string]wordItems{}
	}
	wc.m[string(key)] = wordItems{slices.Clone(items[n:]), width}
	wc.mu.Unlock()
	return items, width
}

func (f *Format) appendWordUncached(items []Item, word []Span) ([]Item, geom.Sp) {
	var full strings.Builder
	for _, s := range word {
		full.WriteString(s.Text)
	}
	text := full.String()
	breaks := f.wordBreaks(text)
	stripSoft := strings.ContainsRune(text, '\u00ad')

	// Cut the word at style boundaries and at breaks.
	type cut struct {
		at   int
		kind breakKind
	}
	var cuts []cut
	off := 0
	for _, s := range word[:len(word)-1] {
		off += len(s.Text)
		cuts = append(cuts, cut{off, 0})
	}
	for _, b := range breaks {
		cuts = append(cuts, cut(b))
	}
	// A break where the style changes must come before the bare cut there: emit drops the
	// second cut at a position, and the break would be lost.
	sort.SliceStable(cuts, func(i, j int) bool {
		return cuts[i].at < cuts[j].at || cuts[i].at == cuts[j].at && cuts[i].kind > cuts[j].kind
	})

	var total geom.Sp
	styleAt := func(pos int) Style {
		o := 0
		for _, s := range word {
			if pos < o+len(s.Text) {
				return s.Style
			}
			o += len(s.Text)
		}
		return word[len(word)-1].Style
	}
	prev := 0
	var prevFace *Face
	var prevRune rune
	emit := func(to int, kind breakKind) {
		if to <= prev {
			return
		}
		face := f.Family.Face(styleAt(prev))
		piece := text[prev:to]
		if stripSoft {
			piece = strings.ReplaceAll(piece, "\u00ad", "")
		}
		if piece != "" {
			first, _ := utf8.DecodeRuneInString(piece)
			if prevFace == face && prevRune != 0 {
				if k := face.Kern(prevRune, first); k != 0 {
					items = append(items, Item{Kind: KernItem, Width: k.Of(f.Size)})
					total += k.Of(f.Size)
				}
			}
			items = append(items, f.box(face, piece))
			total += items[len(items)-1].Width
			prevFace = face
			prevRune, _ = utf8.DecodeLastRuneInString(piece)
		}
		switch kind {
		case hyphenBreak, forcedSplit:
			hw := face.Width(piece+"-").Of(f.Size) - face.Width(piece).Of(f.Size)
			pen := f.HyphenPenalty
			if kind == forcedSplit {
				pen = 1000
			}
			items = append(items, Item{Kind: PenaltyItem, Width: hw, Penalty: pen, Flagged: true, Text: "-", Face: face,
				Stretch: f.LetterStretch.Of(f.Size), Shrink: f.LetterShrink.Of(f.Size), Split: kind == forcedSplit})
		case explicitBreak:
			items = append(items, Item{Kind: PenaltyItem, Penalty: f.ExHyphenPenalty, Flagged: true})
		case dashBreak:
			items = append(items, Item{Kind: PenaltyItem, Penalty: f.ExHyphenPenalty})
		}
		prev = to
	}
	for _, c := range cuts {
		emit(c.at, c.kind)
	}
	emit(len(text), 0)
	return items, total
}

func (f *Format) box(face *Face, s string) Item {
	n := utf8.RuneCountInString(s)
	return Item{Kind: BoxItem, Width: face.Width(s).Of(f.Size), Text: s, Face: face, Glyphs: n,
		Stretch: geom.Sp(n) * f.LetterStretch.Of(f.Size), Shrink: geom.Sp(n) * f.LetterShrink.Of(f.Size)}
}

// wordBreaks finds where a word may break: soft hyphens if the author gave any, else the
// hyphenator's points; after dashes; and, for a word wider than the column, anywhere.
func (f *Format) wordBreaks(text string) []wordBreak {
	var out []wordBreak
	if strings.ContainsRune(text, '\u00ad') {
		for i, r := range text {
			if r == '\u00ad' && i > 0 && i+2 < len(text) {
				out = append(out, wordBreak{i + 2, hyphenBreak})
			}
		}
	} else if f.Hyph != nil {
		for _, p := range f.Hyph.Points(text) {
			if p <= 0 || p >= len(text) {
				continue
			}
			if strings.HasSuffix(text[:p], "—") || strings.HasSuffix(text[:p], "–") {
				continue // a break after a dash is added below, without a hyphen
			}
			if c := text[p-1]; c == '-' || strings.HasSuffix(text[:p], "\u2010") {
				out = append(out, wordBreak{p, explicitBreak})
			} else {
				out = append(out, wordBreak{p, hyphenBreak})
			}
		}
	}
	for i, r := range text {
		if (r == '—' || r == '–') && i > 0 {
			j := i + utf8.RuneLen(r)
			if j < len(text) {
				out = append(out, wordBreak{j, dashBreak})
			}
		}
	}
	widest := f.Family.Regular.Width(text)
	for _, face := range []*Face{f.Family.Bold, f.Family.Italic, f.Family.BoldItalic} {
		widest = max(widest, face.Width(text))
	}
	if widest.Of(f.Size) > f.Measure*9/10 {
		// Too wide for any line: allow a break between any two letters, at a high cost.
		have := map[int]bool{}
		for _, b := range out {
			have[b.at] = true
		}
		prev := rune(0)
		for i, r := range text {
			switch {
			case i == 0 || have[i] || r == '\u00ad':
			case prev == '-':
				// after a hyphen, even inside a run of them: the line ends with the hyphen
				// already there
				out = append(out, wordBreak{i, explicitBreak})
			case r == '-':
				// never split just before a hyphen: it would be drawn twice
			default:
				out = append(out, wordBreak{i, forcedSplit})
			}
			prev = r
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].at < out[j].at })
	return out
}

// Line is a set line: words positioned from the line's start.
type Line struct {
	Words  []Word
	Width  geom.Sp // where the last word ends
	Ratio  float64
	Hyphen bool // ends with a hyphen (added or explicit)
	Last   bool // last line of its paragraph (set ragged)
}

// Word is a run of glyphs in one face, placed at X from the line start. Tracking is extra
// space after every glyph (PDF's character spacing).
type Word struct {
	X        geom.Sp
	Text     string
	Face     *Face
	Size     geom.Sp
	Tracking geom.Sp
	Width    geom.Sp // including tracking
}

// Set breaks a paragraph into lines and positions its words. emergency reports a paragraph
// that could only be set with lines beyond the tolerance.
func (f *Format) Set(spans []Span, indent geom.Sp) (lines []Line, emergency bool) {
	items := f.Items(spans, indent)
	breaks, emergency := BreakLines(items, f.Measure, f.Params, f.Hyph != nil)
	for _, b := range breaks {
		if items[b.Pos].Split {
			emergency = true // a word split where no hyphenation point allowed it
		}
	}
	return f.Position(items, breaks), emergency
}

// Position turns breaks into lines with placed words.
func (f *Format) Position(items []Item, breaks []Break) []Line {
	lines := make([]Line, 0, len(breaks))
	start := 0
	for li, br := range breaks {
		for start < br.Pos && items[start].Kind != BoxItem {
			start++ // discardable items at a line start vanish
		}
		r := br.Ratio
		if math.IsInf(r, 0) || math.IsNaN(r) {
			r = 0
		}
		last := li == len(breaks)-1
		if last && r > 0 {
			r = 0
		}
		line := Line{Ratio: r, Last: last}
		x := 0.0
		for i := start; i <= br.Pos && i < len(items); i++ {
			it := items[i]
			switch it.Kind {
			case BoxItem:
				tr := 0.0
				if r > 0 {
					tr = r * float64((f.LetterStretch).Of(f.Size))
				} else {
					tr = r * float64((f.LetterShrink).Of(f.Size))
				}
				w := float64(it.Width) + tr*float64(it.Glyphs)
				if it.Text != "" {
					line.Words = appendWord(line.Words, Word{X: geom.Sp(math.Round(x)), Text: it.Text, Face: it.Face,
						Size: f.Size, Tracking: geom.Sp(math.Round(tr)), Width: geom.Sp(math.Round(w))})
				}
				x += w
			case KernItem:
				x += float64(it.Width)
			case GlueItem:
				if i == br.Pos || it.Fill {
					continue
				}
				g := float64(it.Width)
				if r > 0 {
					g += r * float64(it.Stretch)
				} else {
					g += r * float64(it.Shrink)
				}
				x += g
			case PenaltyItem:
				if i == br.Pos && it.Flagged {
					line.Hyphen = true
					if it.Text != "" && len(line.Words) > 0 {
						lw := &line.Words[len(line.Words)-1]
						w := float64(it.Width) + float64(lw.Tracking)
						lw.Text += it.Text
						lw.Width += geom.Sp(math.Round(w))
						x += w
					}
				}
			}
		}
		line.Width = geom.Sp(math.Round(x))
		lines = append(lines, line)
		start = br.Pos + 1
	}
	return lines
}

// appendWord merges a box into the previous word when they touch and share face and
// tracking (hyphenation fragments that did not break), so each word is drawn once.
func appendWord(words []Word, w Word) []Word {
	if n := len(words); n > 0 {
		p := &words[n-1]
		if p.Face == w.Face && p.Tracking == w.Tracking && abs64(p.X+p.Width-w.X) < geom.Pt/4 {
			p.Text += w.Text
			p.Width = w.X + w.Width - p.X
			return words
		}
	}
	return append(words, w)
}

func abs64(x geom.Sp) geom.Sp {
	if x < 0 {
		return -x
	}
	return x
}
