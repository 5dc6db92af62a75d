// Package text measures and sets type: fonts and their metrics, paragraphs broken into
// justified lines (Knuth-Plass with Liang hyphenation), and ragged, balanced headlines.
// It never draws: it produces positioned words that the composition places on pages.
package text

import (
	"bytes"
	"fmt"
	"math"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"epaper/layout/geom"
)

// Milli is a width in thousandths of an em. The PDF writer stores glyph widths rounded to
// this unit, so measuring in it makes the layout agree exactly with what viewers draw.
type Milli int32

// Of converts a width in thousandths of an em at the given type size to scaled points.
func (m Milli) Of(size geom.Sp) geom.Sp { return geom.Sp(int64(m) * int64(size) / 1000) }

// Face is one font file (one style of a family) with cached metrics. Safe for concurrent use.
type Face struct {
	Name string // the resource name the display list uses, e.g. "serif-bold"
	Data []byte // TrueType bytes, embedded (subset) by the PDF backend

	sf   *sfnt.Font
	upem float64

	Ascent, Descent Milli // typographic ascent (positive) and descent (positive below baseline)
	CapHeight       Milli
	XHeight         Milli

	ascii [128]Milli // advance widths of ASCII, the hot path
	mu    sync.RWMutex
	other map[rune]Milli // other advances; -1 marks a rune the font lacks
	kerns map[uint32]Milli
	words map[string]wordMetric // measured words (with kerning), the next hottest path
}

var bufPool = sync.Pool{New: func() any { return new(sfnt.Buffer) }}

// ParseFace validates TrueType data and prepares its metrics. OpenType/CFF fonts are
// rejected because the PDF writer cannot embed them.
func ParseFace(name string, data []byte) (f *Face, err error) {
	if len(data) < 12 {
		return nil, fmt.Errorf("not a font file (%d bytes)", len(data))
	}
	switch {
	case bytes.HasPrefix(data, []byte("OTTO")):
		return nil, fmt.Errorf("OpenType/CFF fonts are not supported: use a TrueType (.ttf) font")
	case bytes.HasPrefix(data, []byte("ttcf")):
		return nil, fmt.Errorf("font collections (.ttc) are not supported: use a single TrueType (.ttf) font")
	case !bytes.HasPrefix(data, []byte{0, 1, 0, 0}) && !bytes.HasPrefix(data, []byte("true")):
		return nil, fmt.Errorf("not a TrueType font file")
	}
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("corrupt font file: %v", r)
		}
	}()
	sf, err := sfnt.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("corrupt font file: %v", err)
	}
	f = &Face{Name: name, Data: data, sf: sf, upem: float64(sf.UnitsPerEm()),
		other: map[rune]Milli{}, kerns: map[uint32]Milli{}, words: map[string]wordMetric{}}
	if f.upem <= 0 {
		return nil, fmt.Errorf("corrupt font file: units per em is %v", f.upem)
	}
	b := bufPool.Get().(*sfnt.Buffer)
	defer bufPool.Put(b)
	m, err := sf.Metrics(b, fixed.I(int(f.upem)), font.HintingNone)
	if err != nil {
		return nil, fmt.Errorf("corrupt font file: %v", err)
	}
	f.Ascent, f.Descent = f.toMilli(m.Ascent), f.toMilli(m.Descent)
	f.CapHeight, f.XHeight = f.toMilli(m.CapHeight), f.toMilli(m.XHeight)
	if f.CapHeight <= 0 {
		f.CapHeight = f.Ascent * 7 / 10
	}
	for r := rune(0); r < 128; r++ {
		f.ascii[r] = f.lookup(b, r)
	}
	if f.ascii['a'] < 0 || f.ascii[' '] < 0 {
		return nil, fmt.Errorf("the font has no Latin letters or no space")
	}
	return f, nil
}

func (f *Face) toMilli(v fixed.Int26_6) Milli {
	return Milli(math.Round(float64(v) / 64 * 1000 / f.upem))
}

// lookup returns the advance of r in thousandths of an em, rounded as the PDF writer rounds
// its width table, or -1 when the font has no glyph for r.
func (f *Face) lookup(b *sfnt.Buffer, r rune) Milli {
	gi, err := f.sf.GlyphIndex(b, r)
	if err != nil || gi == 0 {
		return -1
	}
	adv, err := f.sf.GlyphAdvance(b, gi, fixed.I(int(f.upem)), font.HintingNone)
	if err != nil {
		return -1
	}
	return f.toMilli(adv)
}

// Advance returns the advance width of r, or -1 when the font lacks it.
// Runes beyond the Basic Multilingual Plane count as missing: the PDF writer cannot encode them.
func (f *Face) Advance(r rune) Milli {
	if r >= 0 && r < 128 {
		return f.ascii[r]
	}
	if r >= 0x10000 || r < 0 {
		return -1
	}
	f.mu.RLock()
	w, ok := f.other[r]
	f.mu.RUnlock()
	if ok {
		return w
	}
	b := bufPool.Get().(*sfnt.Buffer)
	w = f.lookup(b, r)
	bufPool.Put(b)
	f.mu.Lock()
	f.other[r] = w
	f.mu.Unlock()
	return w
}

// Has reports whether the face can draw r.
func (f *Face) Has(r rune) bool { return f.Advance(r) >= 0 }

// Kern returns the kerning adjustment between a and b (negative pulls them together).
func (f *Face) Kern(a, b rune) Milli {
	if a >= 0x10000 || b >= 0x10000 {
		return 0
	}
	key := uint32(a)<<16 | uint32(b)
	f.mu.RLock()
	k, ok := f.kerns[key]
	f.mu.RUnlock()
	if ok {
		return k
	}
	buf := bufPool.Get().(*sfnt.Buffer)
	ga, err1 := f.sf.GlyphIndex(buf, a)
	gb, err2 := f.sf.GlyphIndex(buf, b)
	if err1 == nil && err2 == nil && ga != 0 && gb != 0 {
		if v, err := f.sf.Kern(buf, ga, gb, fixed.I(int(f.upem)), font.HintingNone); err == nil {
			k = f.toMilli(v)
		}
	}
	bufPool.Put(buf)
	f.mu.Lock()
	f.kerns[key] = k
	f.mu.Unlock()
	return k
}

// Width measures s with kerning, treating missing glyphs as zero width (callers replace
// missing runes before setting text; see Sanitize).
func (f *Face) Width(s string) Milli { return f.metric(s).width }

// wordMetric is a measured word: its width, and whether kerning applies inside it.
type wordMetric struct {
	width  Milli
	kerned bool
}

func (f *Face) metric(s string) wordMetric {
	if len(s) <= 32 {
		f.mu.RLock()
		m, ok := f.words[s]
		f.mu.RUnlock()
		if ok {
			return m
		}
	}
	var m wordMetric
	prev := rune(-1)
	for _, r := range s {
		if a := f.Advance(r); a > 0 {
			m.width += a
		}
		if prev >= 0 {
			if k := f.Kern(prev, r); k != 0 {
				m.width += k
				m.kerned = true
			}
		}
		prev = r
	}
	if len(s) <= 32 {
		f.mu.Lock()
		f.words[s] = m
		f.mu.Unlock()
	}
	return m
}

// Runs splits s where kerning applies, so that a backend which cannot kern (fpdf cannot)
// draws each run at its own offset. Offsets are in thousandths of an em from the start of s.
func (f *Face) Runs(s string) []Run { return f.AppendRuns(nil, s) }

// AppendRuns appends the runs of s (see Runs) to dst. Most words have no kerning inside,
// which their measurement remembers: they are one run, found without looking at a pair.
func (f *Face) AppendRuns(dst []Run, s string) []Run {
	if m := f.metric(s); !m.kerned {
		return append(dst, Run{Text: s, Width: m.width})
	}
	first := len(dst)
	start, prev := 0, rune(-1)
	var x, runX Milli
	for i, r := range s {
		if prev >= 0 {
			if k := f.Kern(prev, r); k != 0 {
				dst = append(dst, Run{Text: s[start:i], Offset: runX})
				start, x = i, x+k
				runX = x
			}
		}
		if a := f.Advance(r); a > 0 {
			x += a
		}
		prev = r
	}
	dst = append(dst, Run{Text: s[start:], Offset: runX})
	for i := first; i < len(dst); i++ {
		dst[i].Width = f.Width(dst[i].Text)
	}
	return dst
}

// Run is a piece of a word drawn without kerning inside it, at Offset from the word's start.
type Run struct {
	Text   string
	Offset Milli
	Width  Milli // of Text alone, with the kerning inside it
}
