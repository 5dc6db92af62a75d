// Package hyph finds hyphenation points with Liang's algorithm and the TeX
// hyph-utf8 patterns embedded in assets/hyphenation, with the rules our
// newspaper typesetting needs on top (no breaks in numbers, URLs,
// acronyms, names by default; compounds break only at their hyphens).
//
// Results match TeX's for plain lowercase words: testdata/showhyphens.sh
// regenerates the expected lists by running TeX itself.
package hyph

import (
	"fmt"
	"strings"
	"sync"

	"epaper/assets/hyphenation"
)

// Hyphenator hyphenates words of one language. It is immutable and safe
// for concurrent use.
type Hyphenator struct {
	lang       string
	trie       *trie
	exceptions map[string][]uint8 // lowercase word -> letters before each break
}

// Options tune where breaks may fall. The zero value means LeftMin 2,
// RightMin 3, capitalised words left alone: the hyphenmins the English
// pattern files were made for.
type Options struct {
	LeftMin     int  // letters before a break; <= 0 means 2
	RightMin    int  // letters after a break; <= 0 means 3
	Capitalized bool // hyphenate capitalised words ("Parliament") too
}

func (o Options) mins() (left, right int) {
	left, right = o.LeftMin, o.RightMin
	if left <= 0 {
		left = 2
	}
	if right <= 0 {
		right = 3
	}
	return left, right
}

// Languages returns the canonical tags of the supported languages, sorted.
func Languages() []string { return hyphenation.Languages() }

// Canonical maps a language tag as people write it ("en", "en_us",
// "EN-gb", "en-UK") to one of Languages().
func Canonical(tag string) (string, bool) {
	t := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(tag), "_", "-"))
	switch t {
	case "en", "en-us":
		return "en-US", true
	case "en-gb", "en-uk":
		return "en-GB", true
	}
	return "", false
}

var registry = struct {
	sync.Mutex
	m map[string]*loader
}{m: map[string]*loader{}}

// loader parses one language's patterns at most once per process.
type loader struct {
	once sync.Once
	h    *Hyphenator
	err  error
}

// ForLanguage returns the shared Hyphenator for tag (any form Canonical
// accepts). The patterns are parsed on first use, once per process.
func ForLanguage(tag string) (*Hyphenator, error) {
	lang, ok := Canonical(tag)
	if !ok {
		return nil, fmt.Errorf("hyph: unsupported language %q (supported: %s)", tag, strings.Join(Languages(), ", "))
	}
	registry.Lock()
	l := registry.m[lang]
	if l == nil {
		l = &loader{}
		registry.m[lang] = l
	}
	registry.Unlock()
	l.once.Do(func() { l.h, l.err = load(lang) })
	return l.h, l.err
}

func load(lang string) (*Hyphenator, error) {
	pat, exc, err := hyphenation.Patterns(lang)
	if err != nil {
		return nil, err
	}
	return New(lang, pat, exc)
}

// New builds a Hyphenator from pattern and exception text in the
// hyph-utf8 .pat.txt / .hyp.txt formats. Most callers want ForLanguage.
func New(lang, patterns, exceptions string) (*Hyphenator, error) {
	t, err := parsePatterns(patterns)
	if err != nil {
		return nil, fmt.Errorf("hyph: %s patterns: %w", lang, err)
	}
	exc, err := parseExceptions(exceptions)
	if err != nil {
		return nil, fmt.Errorf("hyph: %s exceptions: %w", lang, err)
	}
	return &Hyphenator{lang: lang, trie: t, exceptions: exc}, nil
}

// Language returns the canonical tag the Hyphenator was built for.
func (h *Hyphenator) Language() string { return h.lang }

// parseExceptions reads words such as "as-so-ciate" (break points given
// explicitly) or "present" (never hyphenated).
func parseExceptions(text string) (map[string][]uint8, error) {
	m := make(map[string][]uint8)
	for _, w := range strings.Fields(text) {
		var key strings.Builder
		var breaks []uint8
		n := 0
		for _, r := range w {
			if r == '-' {
				if n == 0 || (len(breaks) > 0 && int(breaks[len(breaks)-1]) == n) {
					return nil, fmt.Errorf("%q: misplaced hyphen", w)
				}
				breaks = append(breaks, uint8(n))
				continue
			}
			key.WriteString(strings.ToLower(string(r)))
			n++
		}
		if n > maxLetters || (len(breaks) > 0 && int(breaks[len(breaks)-1]) == n) {
			return nil, fmt.Errorf("%q: bad exception", w)
		}
		m[key.String()] = breaks
	}
	return m, nil
}
