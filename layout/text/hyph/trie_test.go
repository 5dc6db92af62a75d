package hyph

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"epaper/assets/hyphenation"
)

// naiveValues is Liang's algorithm written the obvious way: look every
// substring of ".word." up in a map of patterns. It checks the packed trie.
func naiveValues(pats map[string][]uint8, word string) []uint8 {
	s := "." + word + "."
	vals := make([]uint8, len(s)+1)
	for i := range s {
		for j := i + 1; j <= len(s); j++ {
			for k, v := range pats[s[i:j]] {
				vals[i+k] = max(vals[i+k], v)
			}
		}
	}
	return vals
}

func naivePatterns(text string) map[string][]uint8 {
	pats := map[string][]uint8{}
	for _, p := range strings.Fields(text) {
		var letters []byte
		vals := []uint8{0}
		for i := 0; i < len(p); i++ {
			if c := p[i]; c >= '0' && c <= '9' {
				vals[len(vals)-1] = c - '0'
			} else {
				letters = append(letters, c)
				vals = append(vals, 0)
			}
		}
		pats[string(letters)] = vals
	}
	return pats
}

func TestPackedTrieAgreesWithNaiveLiang(t *testing.T) {
	for _, lang := range Languages() {
		t.Run(lang, func(t *testing.T) {
			text, _, err := hyphenation.Patterns(lang)
			if err != nil {
				t.Fatal(err)
			}
			tr, err := parsePatterns(text)
			if err != nil {
				t.Fatal(err)
			}
			pats := naivePatterns(text)
			var words []string
			for _, c := range readTeX(t, lang) {
				words = append(words, c.word)
			}
			// Every pattern's letters as a word reach deep into the trie.
			for p := range pats {
				words = append(words, strings.Trim(p, "."))
			}
			rng := rand.New(rand.NewPCG(1, 2))
			for range 20000 {
				b := make([]byte, 1+rng.IntN(20))
				for i := range b {
					b[i] = byte('a' + rng.IntN(26))
				}
				words = append(words, string(b))
			}
			for _, w := range words {
				if w == "" {
					continue
				}
				syms := make([]uint8, 0, len(w)+2)
				syms = append(syms, tr.alpha.sym('.'))
				for i := 0; i < len(w); i++ {
					syms = append(syms, tr.alpha.sym(rune(w[i])))
				}
				syms = append(syms, tr.alpha.sym('.'))
				got := make([]uint8, len(syms)+1)
				tr.apply(syms, got)
				if want := naiveValues(pats, w); !slices.Equal(got, want) {
					t.Fatalf("%q: trie values %v, naive %v", w, got, want)
				}
			}
		})
	}
}

func TestParsePatternsRejectsBadInput(t *testing.T) {
	for name, text := range map[string]string{
		"digits only": "a1b 42",
		"duplicate":   "a1b ab2",
		"invalid":     "a1\xffb",
	} {
		if _, err := parsePatterns(text); err == nil {
			t.Errorf("%s: %q parsed without error", name, text)
		}
	}
}

func TestParseExceptionsRejectsMisplacedHyphens(t *testing.T) {
	for _, text := range []string{"-table", "ta--ble", "table-"} {
		if _, err := parseExceptions(text); err == nil {
			t.Errorf("%q parsed without error", text)
		}
	}
	m, err := parseExceptions("ta-ble\npresent")
	if err != nil {
		t.Fatal(err)
	}
	present, ok := m["present"]
	if !slices.Equal(m["table"], []uint8{2}) || !ok || len(present) != 0 {
		t.Errorf("got %v", m)
	}
}
