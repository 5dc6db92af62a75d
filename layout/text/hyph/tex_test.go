package hyph

import (
	"bufio"
	"os"
	"slices"
	"strings"
	"testing"
)

// texCase is one line of testdata/tex-<lang>.txt: a word as TeX
// hyphenated it, e.g. "hy-phen-ation".
type texCase struct {
	word   string
	points []int
}

// readTeX loads the expected hyphenations that testdata/showhyphens.sh
// got from TeX itself (lefthyphenmin=2, righthyphenmin=3, same patterns).
func readTeX(t testing.TB, lang string) []texCase {
	t.Helper()
	f, err := os.Open("testdata/tex-" + lang + ".txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []texCase
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var c texCase
		for i, part := range strings.Split(line, "-") {
			if i > 0 {
				c.points = append(c.points, len(c.word))
			}
			c.word += part
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

func TestPointsMatchTeX(t *testing.T) {
	for _, lang := range Languages() {
		t.Run(lang, func(t *testing.T) {
			h, err := ForLanguage(lang)
			if err != nil {
				t.Fatal(err)
			}
			cases := readTeX(t, lang)
			if len(cases) < 60 {
				t.Fatalf("only %d TeX-verified words", len(cases))
			}
			for _, c := range cases {
				if got := h.Points(c.word, Options{}); !slices.Equal(got, c.points) {
					t.Errorf("%s: got %s, TeX says %s", c.word, show(c.word, got), show(c.word, c.points))
				}
			}
		})
	}
}

// The en-GB table only tests something of its own where en-GB differs.
func TestTeXListsDifferBetweenEnglishes(t *testing.T) {
	us, gb := readTeX(t, "en-US"), readTeX(t, "en-GB")
	if len(us) != len(gb) {
		t.Fatalf("%d en-US words, %d en-GB words", len(us), len(gb))
	}
	differ := 0
	for i := range us {
		if us[i].word != gb[i].word {
			t.Fatalf("line %d: %q vs %q", i, us[i].word, gb[i].word)
		}
		if !slices.Equal(us[i].points, gb[i].points) {
			differ++
		}
	}
	if differ < 10 {
		t.Errorf("only %d words hyphenate differently in en-GB", differ)
	}
}

// Each exception-list word is in the TeX tables, so TeX checked them.
func TestTeXListsCoverExceptionWords(t *testing.T) {
	for _, lang := range Languages() {
		h, err := ForLanguage(lang)
		if err != nil {
			t.Fatal(err)
		}
		have := map[string]bool{}
		for _, c := range readTeX(t, lang) {
			have[c.word] = true
		}
		for w := range h.exceptions {
			if !have[w] {
				t.Errorf("%s: exception %q not verified against TeX", lang, w)
			}
		}
	}
}

// show writes word with "|" at each point, for readable failures.
func show(word string, points []int) string {
	var b strings.Builder
	last := 0
	for _, p := range points {
		if p < last || p > len(word) {
			return word + " (bad points)"
		}
		b.WriteString(word[last:p])
		b.WriteByte('|')
		last = p
	}
	b.WriteString(word[last:])
	return b.String()
}
