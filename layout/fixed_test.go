package layout

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"epaper/editions/gen"
	"epaper/layout/manifest"
)

// A story fixed in a place too small for it continues on a later page (its jump is on by
// default) instead of being cut, as does one the pages list puts on a page; a story fixed
// in a place too large for it keeps the place's top and width, and the packer fills what
// it leaves below.
func TestFixedPlacesKeepTheirTextAndGiveBackTheirSlack(t *testing.T) {
	corpus, err := gen.CorpusFromManifest(filepath.Join(repoRoot(), "editions", "2026-03-14", "edition.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	path, err := gen.Write(t.TempDir(), gen.Spec{Seed: 9, Articles: 40, Photos: 0, Pages: 10, Size: "tabloid",
		Sections: []string{"Front Page", "Nation"}, Corpus: corpus, MinWords: 60, MaxWords: 900})
	if err != nil {
		t.Fatal(err)
	}
	ed, err := manifest.Load(path, loadOpts())
	if err != nil {
		t.Fatal(err)
	}
	var nation []*manifest.Article
	for i := range ed.Articles {
		if a := &ed.Articles[i]; a.Section == "Nation" && a.Priority > 2 {
			nation = append(nation, a)
		}
	}
	size := func(a *manifest.Article) int { return len(strings.Fields(a.Body)) }
	slices.SortStableFunc(nation, func(a, b *manifest.Article) int { return size(b) - size(a) })
	long, short, planned := nation[0], nation[len(nation)-1], nation[1]
	long.Place = &manifest.Place{Page: 2, Column: 1, Row: 1, Columns: 2, Rows: 2}
	short.Place = &manifest.Place{Page: 3, Column: 1, Row: 1, Columns: 2, Rows: 6}
	// A story of the front section listed for page 4 was cut there and never continued.
	planned.Section = "Front Page"
	planned.Body = strings.Repeat(planned.Body+"\n\n", 6) // more than a page
	ed.Plan = []manifest.PagePlan{{}, {}, {}, {Articles: []string{planned.ID}}}
	long.Jump, planned.Jump = true, true

	res, err := Build(ed, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkWords(t, ed, res.Doc)
	for _, s := range res.Report.Stories {
		if s.Overset > 0 {
			t.Errorf("%s: %d lines overset", s.ID, s.Overset)
		}
		if s.ID == long.ID && (len(s.Pages) < 2 || s.Pages[0] != 2) {
			t.Errorf("%s (%d words in a 2×2 place on page 2) is on pages %v; want page 2 and a continuation", s.ID, size(long), s.Pages)
		}
		if s.ID == planned.ID && (len(s.Pages) == 0 || s.Pages[0] != 4) {
			t.Errorf("%s is on pages %v, want page 4 first", s.ID, s.Pages)
		}
		if s.ID == short.ID && (len(s.Pages) != 1 || s.Pages[0] != 3) {
			t.Errorf("%s is on pages %v, want page 3", s.ID, s.Pages)
		}
	}
	checkFilled(t, res.Report)
}
