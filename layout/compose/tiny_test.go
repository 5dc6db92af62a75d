package compose

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Editions at the edge of the contract: a story of one or two lines is a brief like any
// other (it could never be placed, and the edition ran on to 400 empty pages), and a story
// that cannot be set at all (a headline deeper than the page) is reported as overset
// without empty pages after it.
func TestTinyAndUnplaceableStories(t *testing.T) {
	cases := []struct {
		name, yaml string
		pages      int
		overset    bool
	}{
		{"one-line brief", `articles:
  - id: a
    headline: Council meets
    body: The council meets next on March 24.
`, 1, false},
		{"two briefs", `articles:
  - id: a
    headline: One
    body: One line.
  - id: b
    headline: Two
    body: Two short lines of text for a brief that is in the paper today, or so it says.
`, 1, false},
		{"headline deeper than the page", `articles:
  - id: a
    headline: ` + strings.Repeat("Headline ", 1500) + `
    body: Some text that is long enough to be a paragraph of a story in the paper.
  - id: b
    headline: Fine
    body: A normal brief with a few words in it.
`, 1, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "edition.yaml")
			if err := os.WriteFile(path, []byte("edition: {date: 2025-10-22}\n"+tc.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			res := composeFixture(t, path)
			if n := len(res.Report.Pages); n != tc.pages {
				t.Errorf("%d pages, want %d", n, tc.pages)
			}
			if n := res.Report.Overset(); (n > 0) != tc.overset {
				t.Errorf("%d lines overset, want overset %v", n, tc.overset)
			}
			for _, s := range res.Report.Stories {
				if s.Overset == 0 && len(s.Pages) == 0 {
					t.Errorf("story %s is neither placed nor overset", s.ID)
				}
			}
		})
	}
}
