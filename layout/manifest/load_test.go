package manifest

import (
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"epaper/layout/geom"
)

// contract is the manifest example of the v1 contract, verbatim apart from the files it names.
const contract = `extends: ../house.yaml            # optional house-style file; this file's keys override it (deep merge of maps)
edition:
  paper: The Daily Example        # nameplate on page 1, PDF title
  name: City                      # edition name (optional)
  date: 2025-10-22                # required, ISO 8601 date
  tagline: "Since 1979"
  price: "₹10.00"
  volume: 46
  number: 291
  language: en-US                 # hyphenation patterns (default en-US)
  pages: 12                       # optional page-count target; automatic when omitted
page:
  size: broadsheet                # broadsheet | berliner | tabloid | a3 | a4 | "315mm x 470mm"
  margins: 12mm                   # one length, or {top, bottom, inside, outside}
  columns: 6
  gutter: 4mm
  rows: 10                        # module rows of the placement grid
type:                             # optional; embedded fonts are the default
  body:     {font: serif, size: 9pt, leading: 10.8pt}
  headline: {font: serif-bold}
  fonts:
    serif: {regular: fonts/R.ttf, bold: fonts/B.ttf, italic: fonts/I.ttf}
sections: [Front Page, Nation, World, Business, Sports]   # order of the paper
articles:
  - id: japan-defence             # unique slug
    section: World
    priority: 1                   # 1 = lead .. 5 = brief
    kicker: Security
    headline: Japan says it plans to tell Donald Trump it will build up military
    deck: Trump is expected to hold talks next Tuesday with Japan's Prime Minister
    byline: AP
    dateline: Tokyo
    body: |
      Paragraphs are separated by blank lines. *Italic* and **bold** inline.

      ## A subhead line
    photos:
      - src: photos/a.jpg
        caption: Donald Trump.
        credit: Pic/AFP
        focus: [0.5, 0.3]         # crop focus point, fractions of width and height
    place: {page: 1, column: 1, row: 1, columns: 4, rows: 6}   # optional fixed grid placement
    jump: true                    # may continue on a later page
ads:
  - id: bank-ad
    src: ads/ad.jpg
    page: 3
    columns: 3
    rows: 2
    position: bottom-right        # or place: {column, row}
pages:                            # optional: fixes which articles go on which page (entry 1 = page 1); automation fills the rest
  - section: Front Page
    articles: [japan-defence]
`

func TestLoadFullContract(t *testing.T) {
	ed, dir := mustLoad(t, contract, map[string]string{"../house.yaml": "edition: {author: House}\n"}, Options{})
	line := func(marker string) int { l, _ := markerPos(t, contract, marker); return l }
	abs := func(p string) string { return filepath.Join(dir, p) }

	got := fmt.Sprintf("%s|%s|%s|%s|%s|%s|%d|%d|%s|%d", ed.Paper, ed.Author, ed.Name, ed.Date.Format(time.RFC3339),
		ed.Tagline, ed.Price, ed.Volume, ed.Number, ed.Language, ed.Pages)
	want := "The Daily Example|House|City|2025-10-22T00:00:00Z|Since 1979|₹10.00|46|291|en-US|12"
	if got != want {
		t.Errorf("edition = %s\nwant      %s", got, want)
	}
	m := geom.FromMm(12)
	wantPage := PageSetup{SizeName: "broadsheet", Width: geom.FromMm(375), Height: geom.FromMm(597),
		Margins: Margins{m, m, m, m}, Columns: 6, Gutter: geom.FromMm(4), Rows: 10}
	if ed.Page != wantPage {
		t.Errorf("page = %+v, want %+v", ed.Page, wantPage)
	}
	if b := ed.Type.Body; b.Font != "serif" || b.Size != 9*geom.Pt || b.Leading != geom.FromPt(10.8) ||
		!b.Hyphenate || !b.HyphenateCapitalized || b.Tolerance != 0 || b.MaxConsecutiveHyphens != 2 {
		t.Errorf("body = %+v", b)
	}
	if ed.Type.Headline.Font != "serif-bold" || ed.Type.Headline.Size != 0 {
		t.Errorf("headline = %+v", ed.Type.Headline)
	}
	serif := ed.Type.Fonts["serif"]
	if serif.Regular != abs("fonts/R.ttf") || serif.Bold != abs("fonts/B.ttf") || serif.Italic != abs("fonts/I.ttf") ||
		serif.BoldItalic != "" || serif.Pos.Line != line("serif: {regular") {
		t.Errorf("fonts = %+v", ed.Type.Fonts)
	}
	if !reflect.DeepEqual(ed.Sections, []string{"Front Page", "Nation", "World", "Business", "Sports"}) {
		t.Errorf("sections = %q", ed.Sections)
	}
	if len(ed.Articles) != 1 {
		t.Fatalf("%d articles", len(ed.Articles))
	}
	a := ed.Articles[0]
	if a.ID != "japan-defence" || a.Section != "World" || a.Priority != 1 || a.Kicker != "Security" ||
		!strings.HasPrefix(a.Headline, "Japan says") || !strings.HasSuffix(a.Deck, "Prime Minister") ||
		a.Byline != "AP" || a.Dateline != "Tokyo" || !a.Jump {
		t.Errorf("article = %+v", a)
	}
	wantBody := "Paragraphs are separated by blank lines. *Italic* and **bold** inline.\n\n## A subhead line"
	if a.Body != wantBody {
		t.Errorf("body = %q, want %q", a.Body, wantBody)
	}
	if l, c := markerPos(t, contract, "Paragraphs"); a.BodyPos.Line != l || a.BodyPos.Col != c || a.Pos.Line != line("id: japan") {
		t.Errorf("body at %v, article at %v", a.BodyPos, a.Pos)
	}
	wantPhoto := Photo{Src: abs("photos/a.jpg"), Caption: "Donald Trump.", Credit: "Pic/AFP", FocusX: 0.5, FocusY: 0.3}
	if len(a.Photos) != 1 {
		t.Fatalf("photos = %+v", a.Photos)
	}
	p := a.Photos[0]
	if p.Pos.Line != line("src: photos/a.jpg") {
		t.Errorf("photo at %v", p.Pos)
	}
	p.Pos = Pos{}
	if p != wantPhoto {
		t.Errorf("photo = %+v, want %+v", p, wantPhoto)
	}
	if pl := a.Place; pl == nil || (*pl != Place{1, 1, 1, 4, 6, pl.Pos}) || pl.Pos.Line != line("place: {") {
		t.Errorf("place = %+v", a.Place)
	}
	wantAd := Ad{ID: "bank-ad", Src: abs("ads/ad.jpg"), Page: 3, Columns: 3, Rows: 2, Position: "bottom-right"}
	if len(ed.Ads) != 1 {
		t.Fatalf("ads = %+v", ed.Ads)
	}
	ad := ed.Ads[0]
	ad.Pos = Pos{}
	if !reflect.DeepEqual(ad, wantAd) {
		t.Errorf("ad = %+v, want %+v", ad, wantAd)
	}
	if len(ed.Plan) != 1 || ed.Plan[0].Section != "Front Page" || !reflect.DeepEqual(ed.Plan[0].Articles, []string{"japan-defence"}) ||
		ed.Plan[0].Pos.Line != line("section: Front Page") {
		t.Errorf("plan = %+v", ed.Plan)
	}
	if len(ed.Extends) != 1 || ed.Extends[0] != filepath.Join(filepath.Dir(dir), "house.yaml") {
		t.Errorf("extends = %q", ed.Extends)
	}
	if ed.Dir != dir || ed.File != filepath.Join(dir, "city.yaml") {
		t.Errorf("file %q dir %q", ed.File, ed.Dir)
	}
}

// TestLoadExtendsMergesDeeply: maps merge key by key with the extending file winning, lists
// and values are replaced, null drops the house value, and each path resolves against the
// file it was written in.
func TestLoadExtendsMergesDeeply(t *testing.T) {
	base := "edition: {paper: Base Gazette, price: \"1.00\"}\ntype:\n  body: {size: 10pt}\n"
	house := "extends: ../base.yaml\n" +
		"edition: {tagline: House line, name: Metro}\n" +
		"page: {size: tabloid, columns: 4, gutter: 5mm}\n" +
		"type:\n  headline: {font: sans-bold}\n  fonts:\n    serif: {regular: fonts/R.ttf, bold: fonts/B.ttf}\n" +
		"sections: [A, B]\n" +
		"articles:\n  - {id: house-story, headline: H, body: B}\n"
	main := "extends: house/house.yaml\n" +
		"edition: {date: 2025-10-22, tagline: Mine}\n" +
		"page: {columns: 5}\n" +
		"type:\n  headline: ~\n" +
		"sections: [C]\n" + article
	ed, dir := mustLoad(t, main, map[string]string{
		"house/house.yaml": house, "base.yaml": base, "house/fonts/R.ttf": "x", "house/fonts/B.ttf": "x",
	}, Options{})
	checks := []struct {
		name      string
		got, want any
	}{
		{"paper from the base", ed.Paper, "Base Gazette"},
		{"price from the base", ed.Price, "1.00"},
		{"name from the house", ed.Name, "Metro"},
		{"tagline overridden", ed.Tagline, "Mine"},
		{"page size from the house", ed.Page.SizeName, "tabloid"},
		{"columns overridden", ed.Page.Columns, 5},
		{"gutter from the house", ed.Page.Gutter, geom.FromMm(5)},
		{"rows default for tabloid", ed.Page.Rows, 8},
		{"body size from the base", ed.Type.Body.Size, 10 * geom.Pt},
		{"leading derived from the size", ed.Type.Body.Leading, 12 * geom.Pt},
		{"null drops the house headline", ed.Type.Headline.Font, "serif-bold"},
		{"font path relative to the house file", ed.Type.Fonts["serif"].Regular, filepath.Join(dir, "house/fonts/R.ttf")},
		{"sections replaced", ed.Sections, []string{"C"}},
		{"articles replaced", len(ed.Articles), 1},
		{"article is the main file's", ed.Articles[0].ID, "a"},
		{"extends chain nearest first", ed.Extends, []string{filepath.Join(dir, "house/house.yaml"), filepath.Join(dir, "base.yaml")}},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestLoadDefaults(t *testing.T) {
	ed, _ := mustLoad(t, "edition: {date: 2025-10-22}\narticles:\n  - {id: a, headline: H, body: B}\n", nil, Options{})
	m := geom.FromMm(12)
	checks := []struct {
		name      string
		got, want any
	}{
		{"paper", ed.Paper, "Daily Edition"},
		{"author is the paper", ed.Author, "Daily Edition"},
		{"language", ed.Language, "en-US"},
		{"pages automatic", ed.Pages, 0},
		{"page size", ed.Page.SizeName, "broadsheet"},
		{"margins", ed.Page.Margins, Margins{m, m, m, m}},
		{"columns", ed.Page.Columns, 6},
		{"gutter", ed.Page.Gutter, geom.FromMm(4)},
		{"rows", ed.Page.Rows, 10},
		{"body font", ed.Type.Body.Font, "serif"},
		{"body size", ed.Type.Body.Size, 9 * geom.Pt},
		{"body leading", ed.Type.Body.Leading, geom.FromPt(10.8)},
		{"hyphenate", ed.Type.Body.Hyphenate, true},
		{"hyphenate capitalized", ed.Type.Body.HyphenateCapitalized, true},
		{"tolerance", ed.Type.Body.Tolerance, 0},
		{"max hyphens", ed.Type.Body.MaxConsecutiveHyphens, 2},
		{"headline font", ed.Type.Headline.Font, "serif-bold"},
		{"headline size automatic", ed.Type.Headline.Size, geom.Sp(0)},
		{"sections", ed.Sections, []string{"News"}},
		{"article section", ed.Articles[0].Section, "News"},
		{"priority", ed.Articles[0].Priority, 3},
		{"jump", ed.Articles[0].Jump, true},
		{"no place", ed.Articles[0].Place == nil, true},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestLoadSectionsFollowTheArticles(t *testing.T) {
	text := date + "articles:\n" +
		"  - {id: a, section: World, headline: H, body: B}\n" +
		"  - {id: b, headline: H, body: B}\n" +
		"  - {id: c, section: Sport, headline: H, body: B}\n" +
		"  - {id: d, section: World, headline: H, body: B}\n"
	ed, _ := mustLoad(t, text, nil, Options{})
	if !reflect.DeepEqual(ed.Sections, []string{"World", "Sport"}) {
		t.Errorf("sections = %q, want order of first appearance", ed.Sections)
	}
	if ed.Articles[1].Section != "World" {
		t.Errorf("article without a section went to %q, want the first section", ed.Articles[1].Section)
	}
}

func TestLoadNamedAndCustomPageSizes(t *testing.T) {
	cases := []struct {
		size          string
		w, h          float64 // mm
		name          string
		columns, rows int
	}{
		{"berliner", 315, 470, "berliner", 5, 8},
		{"Tabloid", 280, 430, "tabloid", 5, 8},
		{"a3", 297, 420, "a3", 5, 8},
		{"A4", 210, 297, "a4", 4, 6},
		{`"315mm x 470mm"`, 315, 470, "", 5, 8},    // live 291 × 446 mm: 5.3 and 8.1 modules
		{`"315 x 470 mm"`, 315, 470, "", 5, 8},     // one unit for both
		{`"8.5in x 11in"`, 215.9, 279.4, "", 3, 5}, // live 191.9 × 255.4 mm
		{`"600mm × 400mm"`, 600, 400, "", 10, 7},   // landscape, multiplication sign
		{`"30cm x 45cm"`, 300, 450, "", 5, 8},      // centimetres
		{`"900pt x 1200pt"`, 900 / 72.0 * 25.4, 1200 / 72.0 * 25.4, "", 5, 7},
	}
	for _, tc := range cases {
		t.Run(tc.size, func(t *testing.T) {
			ed, _ := mustLoad(t, date+"page: {size: "+tc.size+"}\n"+article, nil, Options{})
			p := ed.Page
			if math.Abs(p.Width.Mm()-tc.w) > 0.01 || math.Abs(p.Height.Mm()-tc.h) > 0.01 {
				t.Errorf("size = %.2f × %.2f mm, want %.2f × %.2f", p.Width.Mm(), p.Height.Mm(), tc.w, tc.h)
			}
			if p.SizeName != tc.name || p.Columns != tc.columns || p.Rows != tc.rows {
				t.Errorf("name %q, %d columns, %d rows; want %q, %d, %d", p.SizeName, p.Columns, p.Rows, tc.name, tc.columns, tc.rows)
			}
		})
	}
}

func TestLoadMarginsMapFillsMissingSides(t *testing.T) {
	ed, _ := mustLoad(t, date+"page:\n  margins: {top: 10mm, inside: 2cm}\n"+article, nil, Options{})
	want := Margins{Top: geom.FromMm(10), Bottom: geom.FromMm(12), Inside: geom.FromPt(720 / 25.4 * 2), Outside: geom.FromMm(12)}
	if ed.Page.Margins != want {
		t.Errorf("margins = %+v, want %+v", ed.Page.Margins, want)
	}
}

func TestLoadFontsMap(t *testing.T) {
	text := date + "type:\n" +
		"  body: {font: house}\n" +
		"  headline: {font: house-bolditalic, size: 30pt}\n" +
		"  fonts:\n" +
		"    house: {regular: fonts/R.ttf, bold: fonts/B.ttf, italic: fonts/I.ttf, bolditalic: fonts/B.ttf}\n" +
		article
	ed, dir := mustLoad(t, text, nil, Options{})
	if ed.Type.Body.Font != "house" || ed.Type.Headline.Font != "house-bold-italic" || ed.Type.Headline.Size != 30*geom.Pt {
		t.Errorf("fonts: body %q, headline %+v", ed.Type.Body.Font, ed.Type.Headline)
	}
	h := ed.Type.Fonts["house"]
	if h.BoldItalic != filepath.Join(dir, "fonts/B.ttf") || h.Italic != filepath.Join(dir, "fonts/I.ttf") {
		t.Errorf("family = %+v", h)
	}
	// A family replacing a built-in name must still serve the default headline style.
	_, err, _ := loadYAML(t, date+"type:\n  fonts:\n    serif: {regular: fonts/R.ttf}\n"+article, nil, Options{})
	if err == nil || !strings.Contains(err.Error(), `type.fonts.serif: the default type.headline.font "serif-bold" needs a bold style`) {
		t.Errorf("want the missing default style reported, got %v", err)
	}
}

func TestLoadPhotoFocus(t *testing.T) {
	cases := []struct {
		focus string
		x, y  float64
	}{
		{"[0.25, 0.75]", 0.25, 0.75},
		{"{x: 0.1, y: 0.9}", 0.1, 0.9},
		{"{y: 0.2}", 0.5, 0.2},
		{"[0, 1]", 0, 1},
	}
	for _, tc := range cases {
		t.Run(tc.focus, func(t *testing.T) {
			text := date + "articles:\n  - id: a\n    headline: H\n    body: B\n    photos:\n      - src: photos/a.jpg\n        focus: " + tc.focus + "\n"
			ed, _ := mustLoad(t, text, nil, Options{})
			if p := ed.Articles[0].Photos[0]; p.FocusX != tc.x || p.FocusY != tc.y {
				t.Errorf("focus = %v, %v; want %v, %v", p.FocusX, p.FocusY, tc.x, tc.y)
			}
		})
	}
}

func TestMatchLanguage(t *testing.T) {
	cases := []struct {
		in, want string
		ok       bool
	}{
		{"en-US", "en-US", true},
		{"en_us", "en-US", true},
		{"EN-gb", "en-GB", true},
		{"en", "en-US", true},
		{"de", "", false},
		{"en-AU", "", false},
	}
	for _, tc := range cases {
		got, ok := matchLanguage(tc.in, testLanguages)
		if got != tc.want || ok != tc.ok {
			t.Errorf("matchLanguage(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	ed, _ := mustLoad(t, "edition: {date: 2025-10-22, language: en_gb}\n"+article, nil, Options{})
	if ed.Language != "en-GB" {
		t.Errorf("stored language %q, want the canonical tag", ed.Language)
	}
}

func TestLoadAllowOutside(t *testing.T) {
	text := date + "articles:\n  - id: a\n    headline: H\n    body: B\n    photos:\n      - src: photos/link.jpg\n"
	all := map[string]string{"city.yaml": text}
	dir := fixture(t, all)
	outside := filepath.Join(filepath.Dir(dir), "outside")
	ed, err := Load(filepath.Join(dir, "city.yaml"), Options{AllowOutside: []string{outside}})
	if err != nil {
		t.Fatal(err)
	}
	real, _ := filepath.EvalSymlinks(filepath.Join(outside, "secret.jpg"))
	if ed.Articles[0].Photos[0].Src != real {
		t.Errorf("src = %q, want the resolved target %q", ed.Articles[0].Photos[0].Src, real)
	}
}

func TestLoadBodyKeepsMarkupAndNormalisesLineEnds(t *testing.T) {
	text := strings.ReplaceAll(date+"articles:\n  - id: a\n    headline: H\n    body: \"First *one*\\r\\n\\r\\n## Sub\\rLast **two**\\tend\"\n", "\n", "\r\n")
	ed, _ := mustLoad(t, text, nil, Options{})
	if got, want := ed.Articles[0].Body, "First *one*\n\n## Sub\nLast **two**\tend"; got != want {
		t.Errorf("body = %q, want %q", got, want)
	}
}

func TestLoadMergeKeysAndAliases(t *testing.T) {
	text := date + "common: &common {section: World, priority: 2, jump: false}\n"
	_, err, _ := loadYAML(t, text+article, nil, Options{})
	if err == nil || !strings.Contains(err.Error(), `unknown key "common"`) {
		t.Fatalf("want unknown key for the anchor holder, got %v", err)
	}
	text = date + "articles:\n" +
		"  - &first {id: a, headline: H, body: B, section: World, priority: 2, jump: false}\n" +
		"  - <<: *first\n    id: b\n    priority: 4\n"
	ed, _ := mustLoad(t, text, nil, Options{})
	b := ed.Articles[1]
	if b.ID != "b" || b.Section != "World" || b.Priority != 4 || b.Jump || b.Headline != "H" {
		t.Errorf("merged article = %+v", b)
	}
}

func TestLoadAdDefaults(t *testing.T) {
	text := date + "page: {size: berliner}\n" + article + "ads:\n  - src: ads/ad.jpg\n  - src: ads/ad.jpg\n    page: 2\n    rows: 3\n    place: {column: 2, row: 4}\n"
	ed, _ := mustLoad(t, text, nil, Options{})
	a, b := ed.Ads[0], ed.Ads[1]
	if a.ID != "ad-1" || a.Page != 0 || a.Columns != 3 || a.Rows != 0 || a.Position != "bottom-right" || a.Place != nil {
		t.Errorf("defaults = %+v (want ad-1, automatic page, 3 of 5 columns, rows from the image, bottom-right)", a)
	}
	if b.ID != "ad-2" || b.Position != "" || b.Place == nil || (*b.Place != Place{2, 2, 4, 3, 3, b.Place.Pos}) {
		t.Errorf("placed ad = %+v, place %+v", b, b.Place)
	}
}

func TestAdOrigin(t *testing.T) {
	p := PageSetup{Columns: 6, Rows: 10}
	cases := []struct {
		position string
		col, row int
	}{
		{"top-left", 1, 1}, {"top-right", 4, 1}, {"bottom-left", 1, 9}, {"bottom-right", 4, 9},
		{"top", 2, 1}, {"bottom", 2, 9},
	}
	for _, tc := range cases {
		a := Ad{Columns: 3, Rows: 2, Position: tc.position}
		if c, r := a.Origin(p, 2); c != tc.col || r != tc.row {
			t.Errorf("%s: origin %d,%d; want %d,%d", tc.position, c, r, tc.col, tc.row)
		}
	}
	placed := Ad{Columns: 3, Place: &Place{Column: 2, Row: 5}}
	if c, r := placed.Origin(p, 2); c != 2 || r != 5 {
		t.Errorf("placed ad origin %d,%d", c, r)
	}
}

func TestModule(t *testing.T) {
	ed, _ := mustLoad(t, date+article, nil, Options{})
	colW, rowH := ed.Page.Module()
	// Broadsheet: (375 - 24 - 5×4) / 6 = 55.17 mm; (597 - 24 - 9×4) / 10 = 53.7 mm.
	if math.Abs(colW.Mm()-55.1667) > 0.01 || math.Abs(rowH.Mm()-53.7) > 0.01 {
		t.Errorf("module = %.3f × %.3f mm", colW.Mm(), rowH.Mm())
	}
}
