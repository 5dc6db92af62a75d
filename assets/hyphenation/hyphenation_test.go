package hyphenation

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The licences only cover verbatim copies, so the embedded bytes must match
// the checksums recorded in LICENSES.md when the files were copied.
func TestEmbeddedFilesMatchChecksumsInLicenses(t *testing.T) {
	row := regexp.MustCompile(`(?m)^\| (hyph-[a-z-]+\.(?:pat|hyp)\.txt) \| ([0-9a-f]{64}) \|$`)
	rows := row.FindAllStringSubmatch(Licenses(), -1)
	if len(rows) != 2*len(Languages()) {
		t.Fatalf("LICENSES.md lists %d checksummed files, want %d", len(rows), 2*len(Languages()))
	}
	for _, r := range rows {
		b, err := files.ReadFile(r[1])
		if err != nil {
			t.Fatalf("%s listed in LICENSES.md is not embedded: %v", r[1], err)
		}
		sum := sha256.Sum256(b)
		if got := hex.EncodeToString(sum[:]); got != r[2] {
			t.Errorf("%s was modified: sha256 %s, LICENSES.md says %s", r[1], got, r[2])
		}
	}
}

func TestLanguagesAreSortedCanonicalTags(t *testing.T) {
	if got, want := Languages(), []string{"en-GB", "en-US"}; !slices.Equal(got, want) {
		t.Fatalf("Languages() = %v, want %v", got, want)
	}
}

func TestPatternsReturnsPatternAndExceptionLines(t *testing.T) {
	tests := []struct {
		tag          string
		patterns     int
		oneException string
	}{
		{"en-US", 4938, "ta-ble"},
		{"en-us", 4938, "ta-ble"},
		{"en-GB", 8527, "uni-ver-sity"},
	}
	for _, tt := range tests {
		t.Run(tt.tag, func(t *testing.T) {
			pat, exc, err := Patterns(tt.tag)
			if err != nil {
				t.Fatal(err)
			}
			if n := len(strings.Fields(pat)); n != tt.patterns {
				t.Errorf("got %d patterns, want %d", n, tt.patterns)
			}
			if !slices.Contains(strings.Fields(exc), tt.oneException) {
				t.Errorf("exceptions lack %q", tt.oneException)
			}
		})
	}
}

func TestPatternsUnknownLanguageNamesTheSupportedOnes(t *testing.T) {
	_, _, err := Patterns("fr")
	if err == nil {
		t.Fatal("Patterns(\"fr\") succeeded")
	}
	for _, tag := range Languages() {
		if !strings.Contains(err.Error(), tag) {
			t.Errorf("error %q does not name %s", err, tag)
		}
	}
}
