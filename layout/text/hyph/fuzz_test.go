package hyph

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzPoints: any string and options give no panic and only breaks a
// renderer can use: increasing, inside the word, on rune boundaries, with
// enough letters on each side.
func FuzzPoints(f *testing.F) {
	for _, s := range []string{
		"", "hyphenation", "“Hyphenation,”", "nation’s", "weren’t", "well-known",
		"Japan-US", "example.com", "a@b.c", "café", "cafe\u0301teria", "1990s",
		"mother-in-law", "stu\u00addents", "hyphen\xffation", "\xe2\x80", "co-\u2011op",
		strings.Repeat("a", 70), "—…", "o’clock’s", "'-'",
	} {
		f.Add(s, 0, 0, false)
		f.Add(s, 1, 1, true)
	}
	hs := []*Hyphenator{mustHyphenator(f, "en-US"), mustHyphenator(f, "en-GB")}
	f.Fuzz(func(t *testing.T, word string, left, right int, capitalized bool) {
		opt := Options{LeftMin: left % 8, RightMin: right % 8, Capitalized: capitalized}
		wantLeft, wantRight := opt.mins()
		starts := map[int]bool{}
		for i := range word {
			starts[i] = true
		}
		for _, h := range hs {
			got := h.Points(word, opt)
			if again := h.AppendPoints(make([]int, 0, 1), word, opt); !slices.Equal(got, again) {
				t.Fatalf("Points %v, AppendPoints %v", got, again)
			}
			last := 0
			for _, p := range got {
				if p <= last || p >= len(word) {
					t.Fatalf("%q: points %v not increasing inside (0, %d)", word, got, len(word))
				}
				if !starts[p] {
					t.Fatalf("%q: point %d splits a rune", word, p)
				}
				last = p
				before, after := letters(word[:p]), letters(word[p:])
				minBefore, minAfter := wantLeft, wantRight
				if r, _ := utf8.DecodeLastRuneInString(word[:p]); strings.ContainsRune("-\u2010\u2013\u2014", r) {
					minBefore, minAfter = explicitMin, explicitMin
				}
				if before < minBefore || after < minAfter {
					t.Fatalf("%q: point %d leaves %d+%d letters, need %d+%d", word, p, before, after, minBefore, minAfter)
				}
			}
		}
	})
}

func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}
