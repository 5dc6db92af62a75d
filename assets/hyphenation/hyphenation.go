// Package hyphenation embeds the TeX hyphenation patterns (hyph-utf8) used
// by layout/text/hyph. The *.txt files are byte-for-byte copies of the files
// shipped in Debian's texlive-lang-english package; LICENSES.md records
// their origin, checksums and licences. Keep them unmodified.
package hyphenation

import (
	"embed"
	"fmt"
	"sort"
	"strings"
)

//go:embed hyph-en-us.pat.txt hyph-en-us.hyp.txt hyph-en-gb.pat.txt hyph-en-gb.hyp.txt LICENSES.md
var files embed.FS

// sources maps a canonical BCP 47 tag to the hyph-utf8 file stem.
var sources = map[string]string{
	"en-GB": "hyph-en-gb",
	"en-US": "hyph-en-us",
}

// Languages returns the canonical tags of the embedded pattern sets, sorted.
func Languages() []string {
	tags := make([]string, 0, len(sources))
	for t := range sources {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	return tags
}

// Patterns returns the raw pattern file (one Liang pattern per line, e.g.
// ".ach4") and the raw exception file (one hyphenated word per line, e.g.
// "ta-ble") for a tag returned by Languages. The tag is matched
// case-insensitively; no other normalisation is done here.
func Patterns(lang string) (patterns, exceptions string, err error) {
	stem, ok := lookup(lang)
	if !ok {
		return "", "", fmt.Errorf("hyphenation: no patterns for %q (have %s)", lang, strings.Join(Languages(), ", "))
	}
	pat, err := files.ReadFile(stem + ".pat.txt")
	if err != nil {
		return "", "", err
	}
	hyp, err := files.ReadFile(stem + ".hyp.txt")
	if err != nil {
		return "", "", err
	}
	return string(pat), string(hyp), nil
}

// Licenses returns LICENSES.md, so that a binary which carries the
// patterns can also show their copyright notices.
func Licenses() string {
	b, err := files.ReadFile("LICENSES.md")
	if err != nil {
		panic(err) // embedded at build time; cannot be missing
	}
	return string(b)
}

func lookup(lang string) (string, bool) {
	for t, stem := range sources {
		if strings.EqualFold(t, lang) {
			return stem, true
		}
	}
	return "", false
}
