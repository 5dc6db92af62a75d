package hyph

import (
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"
)

func mustHyphenator(t testing.TB, tag string) *Hyphenator {
	t.Helper()
	h, err := ForLanguage(tag)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// Expectations are written as the word with "|" at each break.
func TestPointsRules(t *testing.T) {
	capitalized := Options{Capitalized: true}
	long := strings.Repeat("hyphenation", 6) // 66 letters, more than TeX takes
	tests := []struct {
		name string
		lang string
		opt  Options
		want string
	}{
		// Digits.
		{"digits in a word: none", "en-US", Options{}, "1990s"},
		{"digits after a hyphen: none", "en-US", capitalized, "COVID-19"},
		{"digits before a hyphen: none", "en-US", Options{}, "24-hour"},
		{"number range with en dash: none", "en-US", Options{}, "1990–2000"},
		{"letters glued to a number: none", "en-US", Options{}, "international2"},
		// URLs and e-mail.
		{"URL with scheme: none", "en-US", Options{}, "https://international.example/news"},
		{"www address: none", "en-US", Options{}, "www.internationalnews.com"},
		{"bare domain: none", "en-US", Options{}, "internationalnews.com"},
		{"domain ending a sentence: none", "en-US", Options{}, "(internationalnews.com)."},
		{"e-mail address: none", "en-US", Options{}, "correspondent@example.org"},
		{"handle: none", "en-US", Options{}, "@correspondent"},
		{"path: none", "en-US", Options{}, "international/national"},
		{"abbreviation with dots: none", "en-US", Options{}, "e.g."},
		// Case.
		{"capitalised word: none by default", "en-US", Options{}, "Parliament"},
		{"capitalised word: hyphenated when asked", "en-US", capitalized, "Par|lia|ment"},
		{"capitalised exception word", "en-US", capitalized, "Ta|ble"},
		{"capitalised after an opening quote", "en-US", capitalized, "“Gov|ern|ment”"},
		{"acronym: none", "en-US", capitalized, "UNESCO"},
		{"shouted word: none", "en-US", capitalized, "GOVERNMENT"},
		{"mixed case: none", "en-US", capitalized, "McDonald"},
		{"lower camel case: none", "en-US", capitalized, "eCommerce"},
		// Explicit hyphens and dashes.
		{"compound breaks after its hyphen only", "en-US", Options{}, "well-|known"},
		{"long compound parts are not hyphenated", "en-US", Options{}, "anti-|inflationary"},
		{"two-letter part after the hyphen", "en-US", capitalized, "Japan-|US"},
		{"two-letter part after the hyphen, default options", "en-US", Options{}, "Japan-|US"},
		{"one-letter part: none", "en-US", Options{}, "e-mail"},
		{"one-letter part at the end: none", "en-US", Options{}, "vitamin-D"},
		{"several hyphens", "en-US", Options{}, "mother-|in-|law"},
		{"double hyphen breaks after the last one", "en-US", Options{}, "well--|known"},
		{"em dash between words", "en-US", Options{}, "yesterday—|and"},
		{"non-breaking hyphen: none", "en-US", Options{}, "non\u2011negotiable"},
		{"hyphen as punctuation at the end: none", "en-US", Options{}, "pre-"},
		// Apostrophes.
		{"possessive, typographic apostrophe", "en-US", Options{}, "na|tion’s"},
		{"possessive, ASCII apostrophe", "en-US", Options{}, "na|tion's"},
		{"possessive of a long word", "en-US", Options{}, "gov|ern|ment’s"},
		{"suffix letters count towards RightMin", "en-US", capitalized, "Oba|ma’s"},
		{"contraction: none", "en-US", Options{}, "don’t"},
		{"n’t is part of the suffix", "en-GB", Options{}, "weren’t"},
		{"apostrophe near the start: none", "en-US", Options{}, "o’clock"},
		{"plural possessive: closing apostrophe is punctuation", "en-US", Options{}, "stu|dents’"},
		{"leading elision is punctuation", "en-US", Options{}, "’tis"},
		// Punctuation around the word.
		{"parentheses", "en-US", Options{}, "(hy|phen|ation)"},
		{"curly quotes and comma", "en-US", Options{}, "“hy|phen|ation,”"},
		{"single quotes", "en-US", Options{}, "‘ta|ble’"},
		{"straight quotes", "en-US", Options{}, "\"hy|phen|ation\""},
		{"sentence end", "en-US", Options{}, "hy|phen|ation?!"},
		{"semicolon", "en-US", Options{}, "hy|phen|ation;"},
		{"colon", "en-US", Options{}, "hy|phen|ation:"},
		{"ellipsis", "en-US", Options{}, "hy|phen|ation…"},
		{"dashes around", "en-US", Options{}, "—hy|phen|ation–"},
		// Lengths and minimums.
		{"short word: none", "en-US", Options{}, "the"},
		{"four letters: none", "en-US", Options{}, "into"},
		{"five letters, 2+3", "en-US", Options{}, "ta|ble"},
		{"LeftMin 3", "en-US", Options{LeftMin: 3}, "hyphen|ation"},
		{"RightMin 6", "en-US", Options{RightMin: 6}, "hy|phenation"},
		{"default LeftMin keeps one-letter starts", "en-US", Options{}, "aban|don"},
		{"LeftMin 1 allows a one-letter start", "en-US", Options{LeftMin: 1}, "a|ban|don"},
		{"longer than TeX's 63 letters: none", "en-US", Options{}, long},
		{"exception word: never hyphenated", "en-US", Options{}, "present"},
		{"exception word: exception breaks", "en-US", Options{}, "as|so|ciates"},
		{"en-GB exception differs from en-US", "en-GB", Options{}, "uni|ver|sity"},
		// Characters the patterns do not cover.
		{"accented letters: none beside them", "en-US", Options{}, "café"},
		{"diaeresis mid-word", "en-US", Options{}, "coöper|a|tion"},
		{"accent early in a long word", "en-US", Options{}, "déclas|si|fi|ca|tion"},
		{"combining accent sticks to its letter", "en-US", Options{}, "cafe\u0301te|ria"},
		{"soft hyphen: none", "en-US", Options{}, "stu\u00addents"},
		{"invalid UTF-8: none", "en-US", Options{}, "hyphen\xffation"},
		// Nothing to hyphenate.
		{"empty", "en-US", Options{}, ""},
		{"only punctuation", "en-US", Options{}, "—…"},
		{"only quotes", "en-US", Options{}, "“”"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			word := strings.ReplaceAll(tt.want, "|", "")
			got := mustHyphenator(t, tt.lang).Points(word, tt.opt)
			if show(word, got) != tt.want {
				t.Errorf("Points(%q) = %v = %s, want %s", word, got, show(word, got), tt.want)
			}
		})
	}
}

// Capitalisation, with Capitalized set, must not change the result.
func TestCapitalizedMatchesLowercase(t *testing.T) {
	for _, lang := range Languages() {
		h := mustHyphenator(t, lang)
		for _, c := range readTeX(t, lang) {
			r, n := utf8.DecodeRuneInString(c.word)
			title := string(unicode.ToUpper(r)) + c.word[n:]
			if got := h.Points(title, Options{Capitalized: true}); show(title, got) != show(title, c.points) {
				t.Errorf("%s: %s, lowercase gives %s", lang, show(title, got), show(c.word, c.points))
			}
		}
	}
}

func TestAppendPointsReusesBuffer(t *testing.T) {
	h := mustHyphenator(t, "en-US")
	buf := make([]int, 0, 8)
	got := h.AppendPoints(buf, "“hyphenation”", Options{})
	if show("“hyphenation”", got) != "“hy|phen|ation”" || &got[0] != &buf[:1][0] {
		t.Errorf("got %v, not appended in place", got)
	}
	if got := h.Points("the", Options{}); got != nil {
		t.Errorf("no breaks should be nil, got %#v", got)
	}
}

func TestCanonical(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"en", "en-US", true},
		{"en-US", "en-US", true},
		{"en_us", "en-US", true},
		{"EN-us", "en-US", true},
		{" en-us ", "en-US", true},
		{"en-GB", "en-GB", true},
		{"en-gb", "en-GB", true},
		{"en_GB", "en-GB", true},
		{"en-UK", "en-GB", true},
		{"fr", "", false},
		{"en-AU", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := Canonical(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Canonical(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	for _, tag := range Languages() {
		if got, ok := Canonical(tag); !ok || got != tag {
			t.Errorf("Languages() tag %q is not canonical", tag)
		}
	}
}

func TestForLanguageUnknownNamesSupported(t *testing.T) {
	_, err := ForLanguage("de-DE")
	if err == nil {
		t.Fatal("no error for de-DE")
	}
	for _, tag := range Languages() {
		if !strings.Contains(err.Error(), tag) {
			t.Errorf("error %q does not name %s", err, tag)
		}
	}
}

// Patterns are parsed once and the Hyphenator is shared; run with -race.
func TestForLanguageSharedAcrossGoroutines(t *testing.T) {
	const n = 16
	got := make([]*Hyphenator, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			tag := []string{"en-gb", "en-UK", "en_GB"}[i%3]
			h, err := ForLanguage(tag)
			if err != nil {
				t.Error(err)
				return
			}
			h.Points("internationalisation", Options{})
			got[i] = h
		})
	}
	wg.Wait()
	for i := range got {
		if got[i] != got[0] || got[i].Language() != "en-GB" {
			t.Fatalf("goroutine %d got %p (%v), goroutine 0 got %p", i, got[i], got[i], got[0])
		}
	}
}
