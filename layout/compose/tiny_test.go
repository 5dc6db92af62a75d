package compose

import (
	"fmt"
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
			res := writeEdition(t, tc.yaml, false)
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

// writeEdition writes a manifest (and, when ad is set, an ad image beside it) into a fresh
// folder and lays it out.
func writeEdition(t *testing.T, yaml string, ad bool) *Result {
	t.Helper()
	dir := t.TempDir()
	if ad {
		data, err := os.ReadFile(filepath.Join("testdata", "photos", "a.jpg"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "ad.jpg"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, "edition.yaml")
	if err := os.WriteFile(path, []byte("edition: {date: 2025-10-22}\n"+yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return composeFixture(t, path)
}

// indentBody indents text as a YAML block scalar's lines under a "body: |" key.
func indentBody(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(s, "\n") {
		b.WriteString("      " + l + "\n")
	}
	return b.String()
}

const councilPara = "The council met on Tuesday night to discuss the budget for the coming year, and members argued at length over the cost of repairs to the bridge on Mill Street and the library roof. "

// Two stories too long for a page that may not jump are each forced onto a page, cut, the
// rest overset, even when the page's first band is a strip above an ad too shallow for
// them (forcing into that strip once marked every story as impossible to set).
func TestForcedStoriesPassOverAShallowStrip(t *testing.T) {
	body := indentBody(strings.Repeat(strings.Repeat(councilPara, 4)+"\n\n", 60))
	res := writeEdition(t, `page: {size: tabloid, columns: 5, rows: 16}
sections: [Front]
articles:
  - id: brief
    headline: Brief
    body: A short brief on the front page with a few words.
  - id: long
    jump: false
    headline: A very long story that may not jump
    body: |
`+body+`  - id: long2
    jump: false
    headline: Another very long story that may not jump
    body: |
`+body+`ads:
  - id: ad1
    src: ad.jpg
    page: 2
    columns: 2
    rows: 3
    place: {column: 1, row: 2}
`, true)
	for _, s := range res.Report.Stories {
		if len(s.Pages) == 0 {
			t.Errorf("story %s was not set at all (%d lines overset)", s.ID, s.Overset)
		}
	}
}

// A story whose fixed place cannot take it is set automatically, as the warning says, not
// dropped whole into the overset.
func TestStoryThatFailsItsPlaceIsSetElsewhere(t *testing.T) {
	long := indentBody(strings.Repeat(strings.Repeat(councilPara, 4)+"\n\n", 12))
	var others strings.Builder
	for i := range 8 {
		fmt.Fprintf(&others, "  - id: n%d\n    section: Nation\n    headline: Story number %d\n    body: |\n%s", i, i, long)
	}
	res := writeEdition(t, `page: {size: tabloid, columns: 5, rows: 8}
sections: [Front, Nation]
articles:
  - id: brief
    section: Front
    headline: Brief
    body: A short brief on the front page with a few words.
  - id: fixed
    section: Nation
    headline: `+strings.Repeat("A very long headline indeed ", 12)+`
    place: {page: 3, column: 1, row: 1, columns: 1, rows: 1}
    body: |
`+long+others.String(), false)
	warned := false
	for _, w := range res.Report.Warnings {
		warned = warned || strings.Contains(w.Msg, "does not fit its fixed place")
	}
	if !warned {
		t.Error("no warning that the story does not fit its place")
	}
	for _, s := range res.Report.Stories {
		if s.ID == "fixed" && (len(s.Pages) == 0 || s.Overset > 0) {
			t.Errorf("the story that did not fit its place is on pages %v with %d lines overset", s.Pages, s.Overset)
		}
	}
}
