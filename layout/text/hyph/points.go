package hyph

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxLetters is the longest word hyphenated, as in TeX (63 letters).
const maxLetters = 63

// explicitMin is the number of letters a break after an explicit hyphen
// must leave on each side ("Japan-US" breaks, "e-mail" does not). It is
// fixed, not LeftMin/RightMin: the line breaks at a hyphen that is
// printed anyway, so no hyphen is added and short parts read fine.
const explicitMin = 2

// Points returns the byte offsets into word where a hyphen may be
// inserted (word[:p]+"-" and word[p:]), in increasing order, or nil.
//
// word is one space-separated token and may carry leading and trailing
// punctuation and quotes; only its letters are hyphenated. Words with
// digits, URLs, e-mail addresses, all-caps and mixed-case words are never
// hyphenated, capitalised words only with opt.Capitalized. A word with
// explicit hyphens or dashes breaks only after them. In a word with an
// apostrophe ("nation’s") only the part before it is hyphenated, but the
// letters after it count towards RightMin. Letters the patterns do not
// know (é, ü) stop patterns from matching across them and get no break on
// either side.
func (h *Hyphenator) Points(word string, opt Options) []int {
	var buf [maxLetters]int
	p := h.AppendPoints(buf[:0], word, opt)
	if len(p) == 0 {
		return nil
	}
	return append([]int(nil), p...)
}

// AppendPoints is Points appending to dst, for callers that reuse a
// buffer and want no allocation at all.
func (h *Hyphenator) AppendPoints(dst []int, word string, opt Options) []int {
	// E-mail addresses and URLs ("://", paths) are never split.
	if strings.IndexByte(word, '@') >= 0 || strings.IndexByte(word, '/') >= 0 {
		return dst
	}
	start, end := core(word)
	if start >= end {
		return dst
	}
	var w scanned
	if !w.scan(&h.trie.alpha, word, start, end) {
		return dst
	}
	if w.hyphens > 0 {
		for _, hy := range w.breakable[:w.nbreak] {
			if int(hy.before) >= explicitMin && w.n-int(hy.before) >= explicitMin {
				dst = append(dst, int(hy.off))
			}
		}
		return dst
	}
	if w.upper > 0 && (w.upper > 1 || !w.firstUpper || !opt.Capitalized) {
		return dst // acronym, mixed case, or a name not to be touched
	}
	stem := w.n
	if w.apos >= 0 {
		stem = w.apos
		// English "n’t" belongs to the suffix: hyphenate "were" in
		// "weren’t", or the patterns see a word "weren" ("wer-en’t").
		if stem > 1 && w.n == stem+1 && word[w.off[stem-1]]|0x20 == 'n' && word[w.off[stem]]|0x20 == 't' {
			stem--
			w.keyLen-- // the key held the stem's letters, "n" is one byte
		}
	}
	left, right := opt.mins()
	lo, hi := max(left, 1), min(stem-1, w.n-right)
	if lo > hi {
		return dst
	}
	if breaks, ok := h.exceptions[string(w.key[:w.keyLen])]; ok {
		for _, b := range breaks {
			if k := int(b); k >= lo && k <= hi {
				dst = append(dst, int(w.off[k]))
			}
		}
		return dst
	}
	// syms: boundary, the stem's letters, boundary. vals[k+1] is the value
	// between letters k-1 and k (0-based), i.e. a break after k letters.
	dot := h.trie.alpha.sym('.')
	w.sym[0], w.sym[stem+1] = dot, dot
	var vals [maxLetters + 3]uint8
	h.trie.apply(w.sym[:stem+2], vals[:])
	for k := lo; k <= hi; k++ {
		if vals[k+1]&1 == 1 && w.sym[k] != symUnknown && w.sym[k+1] != symUnknown {
			dst = append(dst, int(w.off[k]))
		}
	}
	return dst
}

// core returns the bounds of word without leading and trailing
// punctuation: it runs from the first to the last letter or digit
// (including combining marks after the last one).
func core(word string) (start, end int) {
	start = len(word)
	for i, r := range word {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			start = i
			break
		}
	}
	end = len(word)
	for end > start {
		r, size := utf8.DecodeLastRuneInString(word[:end])
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			break
		}
		end -= size
	}
	return start, end
}

// explicit is a hyphen or dash followed by a letter.
type explicit struct {
	off    int32 // byte offset just after the hyphen
	before uint8 // letters before it
}

// scanned is a word's letter core, decoded once.
type scanned struct {
	n          int                   // letters
	off        [maxLetters + 1]int32 // byte offset in word of each letter
	sym        [maxLetters + 2]uint8 // sym[k+1] is letter k's symbol
	key        [4 * maxLetters]byte  // the stem, lowercased (exception lookup)
	keyLen     int
	upper      int                  // uppercase letters
	firstUpper bool                 // the first letter is uppercase
	apos       int                  // letters before the first apostrophe, or -1
	hyphens    int                  // explicit hyphens and dashes, breakable or not
	breakable  [maxLetters]explicit // breakable hyphens followed by a letter
	nbreak     int
}

// scan decodes word[start:end] and reports whether it may be hyphenated
// at all: false for digits, dots ("example.com", "U.S"), other symbols,
// invalid UTF-8 and words longer than maxLetters.
func (w *scanned) scan(a *alphabet, word string, start, end int) bool {
	w.apos = -1
	pending := false // the last rune was a breakable hyphen
	prevLetter := false
	for i := start; i < end; {
		c := word[i]
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(word[i:end])
		}
		isLetter := false
		switch {
		case c >= 'a' && c <= 'z':
			isLetter = true
		case c >= 'A' && c <= 'Z':
			isLetter = true
		case r == '-' || r == '\u2010' || r == '\u2013' || r == '\u2014':
			w.hyphens++
			pending = true
		case r == '\u2011': // non-breaking hyphen: a compound, no break here
			w.hyphens++
			pending = false
		case r == '\'' || r == '\u2019' || r == '\u02BC':
			if w.apos < 0 {
				w.apos = w.n
			}
			pending = false
		case c < utf8.RuneSelf || r == utf8.RuneError:
			return false
		case unicode.IsLetter(r):
			isLetter = true
		case unicode.IsMark(r) && prevLetter:
			// A combining accent: the letter it modifies is not one the
			// patterns know, and no break may separate them.
			w.sym[w.n] = symUnknown
			if w.apos < 0 {
				if w.keyLen+size > len(w.key) {
					return false
				}
				w.keyLen += copy(w.key[w.keyLen:], word[i:i+size])
			}
			i += size
			continue
		default:
			return false
		}
		prevLetter = isLetter
		if !isLetter {
			i += size
			continue
		}
		if w.n == maxLetters {
			return false
		}
		if pending {
			w.breakable[w.nbreak] = explicit{off: int32(i), before: uint8(w.n)}
			w.nbreak++
			pending = false
		}
		lower := r
		if c < utf8.RuneSelf {
			lower = rune(c | 0x20)
		} else {
			lower = unicode.ToLower(r)
		}
		if lower != r || unicode.IsUpper(r) {
			if w.n == 0 {
				w.firstUpper = true
			}
			w.upper++
		}
		w.off[w.n] = int32(i)
		w.sym[w.n+1] = a.sym(lower)
		if w.apos < 0 {
			if w.keyLen+utf8.UTFMax > len(w.key) {
				return false
			}
			w.keyLen += utf8.EncodeRune(w.key[w.keyLen:], lower)
		}
		w.n++
		i += size
	}
	return w.n > 0
}
