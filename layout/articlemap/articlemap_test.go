package articlemap

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"epaper/editions/gen"
	"epaper/layout/geom"
	"epaper/layout/internal/fixture"
	"epaper/layout/page"
)

// editions are the documents the map is checked on: the sample edition, and synthetic ones
// with ads (also mid-page ones), fixed places and many jumps.
func editions(t *testing.T) map[string]*fixture.Built {
	t.Helper()
	eds := map[string]*fixture.Built{"sample": fixture.Sample(t)}
	if !testing.Short() {
		eds["tabloid-ads"] = fixture.Generated(t, gen.Spec{Seed: 6, Articles: 40, Photos: 12, Ads: 6, Pages: 10, Size: "tabloid",
			PhotoMP: 0.3, Fixed: 2, Planned: 2, MidAds: true})
	}
	return eds
}

func buildMap(t *testing.T, b *fixture.Built) (*Map, []byte) {
	t.Helper()
	m := Build(b.Doc, FromManifest(b.Manifest), "edition.pdf")
	data, err := m.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return m, data
}

func TestMapsOfBuiltEditionsMatchTheSchema(t *testing.T) {
	for name, b := range editions(t) {
		t.Run(name, func(t *testing.T) {
			_, data := buildMap(t, b)
			errs, err := validate(Schema, data)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range errs {
				t.Error(e)
			}
		})
	}
}

func TestSchemaRejectsBrokenMaps(t *testing.T) {
	_, data := buildMap(t, fixture.Sample(t))
	tests := []struct {
		name   string
		mutate func(m map[string]any)
	}{
		{"no pages", func(m map[string]any) { delete(m, "pages") }},
		{"a fraction beyond the page", func(m map[string]any) { firstRegion(m)["fraction"].(map[string]any)["x"] = 1.5 }},
		{"a rectangle of zero height", func(m map[string]any) { firstRegion(m)["points"].(map[string]any)["height"] = 0 }},
		{"a jump given as text", func(m map[string]any) { firstPiece(m)["continued_on"] = "2" }},
		{"a jump to page 0", func(m map[string]any) { firstPiece(m)["continued_from"] = 0 }},
		{"an unknown field", func(m map[string]any) { firstPiece(m)["url"] = "x" }},
		{"a date in another format", func(m map[string]any) { m["date"] = "14.03.2026" }},
		{"a PDF in another folder", func(m map[string]any) { m["pdf"] = "../x.pdf" }},
		{"another format", func(m map[string]any) { m["format"] = "something" }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var m map[string]any
			if err := json.Unmarshal(data, &m); err != nil {
				t.Fatal(err)
			}
			tc.mutate(m)
			broken, _ := json.Marshal(m)
			errs, err := validate(Schema, broken)
			if err != nil {
				t.Fatal(err)
			}
			if len(errs) == 0 {
				t.Error("the broken map was accepted")
			}
		})
	}
}

func firstPiece(m map[string]any) map[string]any {
	return m["pages"].([]any)[0].(map[string]any)["articles"].([]any)[0].(map[string]any)
}

func firstRegion(m map[string]any) map[string]any {
	return firstPiece(m)["regions"].([]any)[0].(map[string]any)
}

// toRect turns a map rectangle back into scaled points.
func toRect(r Rect) geom.Rect {
	return geom.Rect{X: geom.FromPt(r.X), Y: geom.FromPt(r.Y), W: geom.FromPt(r.Width), H: geom.FromPt(r.Height)}
}

// slack covers the map's rounding to hundredths of a point and glyphs' side bearings.
const slack = geom.Pt / 4

func inside(b geom.Rect, regions []Region) bool {
	for _, r := range regions {
		if toRect(r.Points).Inset(-slack).Contains(b) {
			return true
		}
	}
	return false
}

// A reader app that makes the page image clickable needs every word of an article to lie
// inside the article's regions; the same holds for its photos and for ads.
func TestArticleWordsAndPicturesLieInsideTheirRegions(t *testing.T) {
	for name, b := range editions(t) {
		t.Run(name, func(t *testing.T) {
			m, data := buildMap(t, b)
			// Check the map as a reader sees it: decoded from its JSON.
			var read Map
			if err := json.Unmarshal(data, &read); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(&read, m) {
				t.Fatal("the map does not survive a JSON round trip")
			}
			for i, pg := range b.Doc.Pages {
				mp := read.Pages[i]
				regions := map[string][]Region{}
				for _, pc := range mp.Articles {
					regions[pc.ID] = pc.Regions
					for _, ph := range pc.Photos {
						if !inside(toRect(ph.Points), pc.Regions) {
							t.Errorf("page %d: photo of %s at %v lies outside its regions", pg.Number, pc.ID, ph.Points)
						}
					}
				}
				for _, ad := range mp.Ads {
					regions["ad:"+ad.ID] = []Region{ad.Region}
				}
				words := 0
				for _, it := range pg.Items {
					story := it.Owner()
					if _, link := it.(*page.Link); link || story == "" {
						continue
					}
					rs, ok := regions[story]
					if !ok {
						t.Errorf("page %d: %s belongs to %s, which has no region on the page", pg.Number, describe(it), story)
						continue
					}
					if !inside(it.Bounds(), rs) {
						t.Errorf("page %d: %s lies outside the regions of %s", pg.Number, describe(it), story)
					}
					if _, ok := it.(*page.Text); ok {
						words++
					}
				}
				if words == 0 && len(mp.Articles) > 0 {
					t.Errorf("page %d: no article words checked", pg.Number)
				}
			}
		})
	}
}

func describe(it page.Item) string {
	if tx, ok := it.(*page.Text); ok {
		return fmt.Sprintf("text %q at %v", tx.Text, tx.Bounds())
	}
	return fmt.Sprintf("%T at %v", it, it.Bounds())
}

func TestJumpsPointBothWays(t *testing.T) {
	for name, b := range editions(t) {
		t.Run(name, func(t *testing.T) {
			m, _ := buildMap(t, b)
			piece := func(n int, id string) *Piece {
				if n < 1 || n > len(m.Pages) {
					return nil
				}
				for i := range m.Pages[n-1].Articles {
					if p := &m.Pages[n-1].Articles[i]; p.ID == id {
						return p
					}
				}
				return nil
			}
			jumps := 0
			for _, pg := range m.Pages {
				for _, pc := range pg.Articles {
					if pc.ContinuedOn != nil {
						jumps++
						to := piece(*pc.ContinuedOn, pc.ID)
						if to == nil || to.ContinuedFrom == nil || *to.ContinuedFrom != pg.Number {
							t.Errorf("page %d: %s continues on page %d, which does not continue it from here", pg.Number, pc.ID, *pc.ContinuedOn)
						}
					}
					if pc.ContinuedFrom != nil {
						from := piece(*pc.ContinuedFrom, pc.ID)
						if from == nil || from.ContinuedOn == nil || *from.ContinuedOn != pg.Number {
							t.Errorf("page %d: %s continues from page %d, which does not jump here", pg.Number, pc.ID, *pc.ContinuedFrom)
						}
					}
				}
			}
			if jumps == 0 {
				t.Error("no jumps to check: the fixture should have some")
			}
		})
	}
}

func TestEveryArticleAppearsOnItsPagesWithItsDetails(t *testing.T) {
	for name, b := range editions(t) {
		t.Run(name, func(t *testing.T) {
			m, _ := buildMap(t, b)
			if len(m.Articles) != len(b.Doc.Articles) || len(m.Articles) == 0 {
				t.Fatalf("%d articles in the map, %d in the document", len(m.Articles), len(b.Doc.Articles))
			}
			for _, a := range b.Doc.Articles {
				for _, n := range a.Pages {
					found := false
					for _, pc := range m.Pages[n-1].Articles {
						if pc.ID == a.ID {
							found = true
							if pc.Headline != a.Headline || pc.Byline != a.Byline || pc.Section != a.Section {
								t.Errorf("page %d: %s has %q / %q / %q, want %q / %q / %q", n, a.ID,
									pc.Headline, pc.Byline, pc.Section, a.Headline, a.Byline, a.Section)
							}
						}
					}
					if !found {
						t.Errorf("article %s is on page %d but not in that page's map", a.ID, n)
					}
				}
			}
			captions := 0
			for _, pg := range m.Pages {
				for _, pc := range pg.Articles {
					for _, ph := range pc.Photos {
						if strings.TrimSpace(ph.Caption) != "" {
							captions++
						}
					}
				}
			}
			if captions == 0 {
				t.Error("no photo captions in the map")
			}
		})
	}
}

func TestFractionsAgreeWithPoints(t *testing.T) {
	m, _ := buildMap(t, fixture.Sample(t))
	for _, pg := range m.Pages {
		var rs []Region
		for _, pc := range pg.Articles {
			rs = append(rs, pc.Regions...)
			for _, ph := range pc.Photos {
				rs = append(rs, ph.Region)
			}
		}
		for _, ad := range pg.Ads {
			rs = append(rs, ad.Region)
		}
		for _, r := range rs {
			p, f := r.Points, r.Fraction
			for _, c := range [][2]float64{{p.X, f.X * pg.Width}, {p.Width, f.Width * pg.Width}, {p.Y, f.Y * pg.Height}, {p.Height, f.Height * pg.Height}} {
				if math.Abs(c[0]-c[1]) > 0.01 {
					t.Errorf("page %d: %v points but %v as a fraction", pg.Number, p, f)
				}
			}
		}
	}
}

func TestWriteStoresTheMapNextToThePDF(t *testing.T) {
	b := fixture.Sample(t)
	dir := t.TempDir()
	pdfPath := filepath.Join(dir, "the-riverside-courier-city-2026-03-14.pdf")
	path, err := Write(b.Doc, FromManifest(b.Manifest), pdfPath)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "the-riverside-courier-city-2026-03-14.json"); path != want {
		t.Errorf("map written to %s, want %s", path, want)
	}
	m, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if m.PDF != filepath.Base(pdfPath) || m.Paper != "The Riverside Courier" || m.Edition != "City" || m.Date != "2026-03-14" ||
		m.Language != "en-US" || m.PageCount != len(b.Doc.Pages) || len(m.Pages) != m.PageCount {
		t.Errorf("edition details: %+v", m)
	}
	if m.PageSize.Width != 793.7 || m.PageSize.Height != 1218.9 {
		t.Errorf("page size %v, want the sample's 793.7 x 1218.9 pt", m.PageSize)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the folder holds %d files, want only the map (no temporary files)", len(entries))
	}
	// Writing again gives the same bytes: maps are reproducible.
	first, _ := os.ReadFile(path)
	if _, err := Write(b.Doc, FromManifest(b.Manifest), pdfPath); err != nil {
		t.Fatal(err)
	}
	second, _ := os.ReadFile(path)
	if !bytes.Equal(first, second) {
		t.Error("a second write gave different bytes")
	}
}

func TestReadRejectsOtherJSON(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"other.json":   `{"format": "something-else", "version": 1}`,
		"newer.json":   `{"format": "epaper-articlemap", "version": 2}`,
		"garbage.json": `{"format": `,
	} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Read(path); err == nil {
			t.Errorf("%s was read as an article map", name)
		}
	}
}
