package layout

import (
	"bytes"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"epaper/assets/photo"
	"epaper/editions/gen"
	"epaper/layout/manifest"
	"epaper/layout/pdf"
)

// pdfBytes builds ed and writes its PDF.
func pdfBytes(t *testing.T, ed *manifest.Edition, opt Options) ([]byte, *Edition) {
	t.Helper()
	res, err := Build(ed, opt)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := pdf.Write(res.Doc, &b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), res
}

// edited returns a copy of ed with one article changed; the copy's articles are its own.
func edited(ed *manifest.Edition, change func(arts []manifest.Article)) *manifest.Edition {
	out := *ed
	out.Articles = slices.Clone(ed.Articles)
	for i := range out.Articles {
		out.Articles[i].Photos = slices.Clone(out.Articles[i].Photos)
	}
	change(out.Articles)
	return &out
}

// TestDecisionLogNeverChangesTheLayout rebuilds editions with the decision log in the cache
// after the edits production makes (longer and shorter stories, a new headline, another
// priority, a photo dropped, stories swapped): every build must give the PDF that a build
// without any cache gives. An unchanged rebuild must replay every page, and the log must
// spare some of the search after an edit.
func TestDecisionLogNeverChangesTheLayout(t *testing.T) {
	specs := []gen.Spec{
		{Seed: 6, Articles: 40, Photos: 12, Ads: 6, Pages: 10, Size: "tabloid", PhotoMP: 0.2, Fixed: 2, Planned: 2, MidAds: true},
		{Seed: 2, Articles: 40, Photos: 15, Ads: 3, Pages: 12, Size: "broadsheet", PhotoMP: 0.2},
	}
	if testing.Short() {
		specs = specs[:1]
	}
	for _, sp := range specs {
		t.Run(fmt.Sprintf("%s-seed%d", sp.Size, sp.Seed), func(t *testing.T) {
			t.Parallel()
			// Characters the fonts lack are reported: so they must be when a story is kept.
			ed := edited(loadGenerated(t, sp), func(a []manifest.Article) {
				a[3].Body = "Flood warnings \U0001F30A stay in place.\n\n" + a[3].Body
				a[3].Dateline = "ZÜRICH \u2603,"
			})
			cache, err := photo.OpenCache(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			cold, coldRes := pdfBytes(t, ed, Options{})
			if !strings.Contains(fmt.Sprint(coldRes.Report.Warnings), "U+1F30A") {
				t.Fatalf("no warning about the character the fonts lack: %v", coldRes.Report.Warnings)
			}
			first, res := pdfBytes(t, ed, Options{Cache: cache})
			sameReport(t, "recording", coldRes, res)
			if res.Replayed != 0 || res.Searched == 0 {
				t.Errorf("first build: %d pages replayed, %d searched; want none replayed", res.Replayed, res.Searched)
			}
			again, res := pdfBytes(t, ed, Options{Cache: cache})
			sameReport(t, "replaying", coldRes, res)
			if res.Searched != 0 || res.Replayed == 0 {
				t.Errorf("unchanged rebuild: %d pages searched, %d replayed; want every page replayed", res.Searched, res.Replayed)
			}
			if !bytes.Equal(cold, first) || !bytes.Equal(cold, again) {
				t.Fatalf("the PDF differs with the decision log: %d bytes without a cache, %d recording, %d replaying",
					len(cold), len(first), len(again))
			}

			last := len(ed.Articles) - 1
			mid := len(ed.Articles) / 2
			edits := []struct {
				name   string
				change func(arts []manifest.Article)
			}{
				{"longer last story", func(a []manifest.Article) { a[last].Body += "\n\n" + a[mid].Body }},
				{"shorter middle story", func(a []manifest.Article) { a[mid].Body = a[mid].Body[:len(a[mid].Body)/3] }},
				{"new lead headline", func(a []manifest.Article) { a[0].Headline = "Council agrees late budget after all-night session" }},
				{"story promoted", func(a []manifest.Article) { a[last].Priority = 1 }},
				{"photo dropped", func(a []manifest.Article) {
					for i := range a {
						if len(a[i].Photos) > 0 {
							a[i].Photos = nil
							return
						}
					}
				}},
				{"stories swapped", func(a []manifest.Article) { a[1], a[2] = a[2], a[1] }},
				// A page more early in the paper: the later sections' pages move.
				{"a story of the second section tripled", func(a []manifest.Article) {
					for i := range a {
						if len(ed.Sections) > 1 && a[i].Section == ed.Sections[1] {
							a[i].Body += "\n\n" + a[i].Body + "\n\n" + a[i].Body
							return
						}
					}
				}},
				{"word changed in the last story", func(a []manifest.Article) {
					a[last].Body = strings.Replace(a[last].Body, " the ", " a ", 1)
				}},
			}
			replayed := 0
			cur := ed
			for _, e := range edits {
				cur = edited(cur, e.change)
				want, wantRes := pdfBytes(t, cur, Options{})
				got, res := pdfBytes(t, cur, Options{Cache: cache})
				sameReport(t, e.name, wantRes, res)
				t.Logf("%s: %d pages searched, %d replayed", e.name, res.Searched, res.Replayed)
				replayed += res.Replayed
				if !bytes.Equal(want, got) {
					t.Errorf("%s: the PDF built with the decision log of the build before differs from one built without it", e.name)
				}
			}
			if replayed == 0 {
				t.Errorf("no page of any edited edition was replayed: the log never helps a rebuild after an edit")
			}
		})
	}
}

// sameReport fails unless a build with the decision log reported what one without it did.
func sameReport(t *testing.T, name string, want, got *Edition) {
	t.Helper()
	if !reflect.DeepEqual(want.Report, got.Report) {
		t.Errorf("%s: the report differs with the decision log:\n%v\nwant\n%v", name, got.Report.Warnings, want.Report.Warnings)
	}
}

// loadGenerated writes a generated edition and loads it.
func loadGenerated(t testing.TB, sp gen.Spec) *manifest.Edition {
	t.Helper()
	ed, err := manifest.Load(writeGenerated(t, sp), loadOpts())
	if err != nil {
		t.Fatal(err)
	}
	return ed
}

// writeGenerated writes a generated edition, its prose drawn from the sample edition's,
// and returns its manifest's path.
func writeGenerated(t testing.TB, sp gen.Spec) string {
	t.Helper()
	corpus, err := gen.CorpusFromManifest(filepath.Join(repoRoot(), "editions", "2026-03-14", "edition.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	sp.Corpus = corpus
	path, err := gen.Write(t.TempDir(), sp)
	if err != nil {
		t.Fatal(err)
	}
	return path
}
