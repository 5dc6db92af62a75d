package pdf

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"epaper/assets/fonts"
	"epaper/layout/geom"
	"epaper/layout/page"
)

var (
	serifRegular = page.Font{Name: "serif-regular", Data: fonts.Builtin()["serif"].Regular}
	sansBold     = page.Font{Name: "sans-bold", Data: fonts.Builtin()["sans"].Bold}
	editionDate  = time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC)
)

func sp(pt float64) geom.Sp { return geom.FromPt(pt) }

// picture returns an opaque w×h gradient.
func picture(w, h int) image.Image {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), 128, 255})
		}
	}
	return m
}

func jpegImage(t testing.TB, id string, w, h int) page.Image {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, picture(w, h), &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	return page.Image{ID: id, Data: b.Bytes(), Format: "jpeg", Width: w, Height: h}
}

func pngImage(t testing.TB, id string, w, h int) page.Image {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, picture(w, h)); err != nil {
		t.Fatal(err)
	}
	return page.Image{ID: id, Data: b.Bytes(), Format: "png", Width: w, Height: h}
}

// newDoc is a document with two fonts, a JPEG ("photo", 40×30 px) and a PNG ("chart",
// 24×16 px); image widths differ, as reproducible output needs.
func newDoc(t testing.TB, pages ...*page.Page) *page.Document {
	return &page.Document{
		Meta:   page.Meta{Title: "Test", Author: "Desk", Creator: "epaper", Language: "en-GB", Date: editionDate},
		Fonts:  []page.Font{serifRegular, sansBold},
		Images: []page.Image{jpegImage(t, "photo", 40, 30), pngImage(t, "chart", 24, 16)},
		Pages:  pages,
	}
}

func newPage(n int, w, h float64, items ...page.Item) *page.Page {
	return &page.Page{Number: n, Width: sp(w), Height: sp(h), Items: items}
}

func text(x, y float64, font string, size float64, s string) *page.Text {
	return &page.Text{X: sp(x), Y: sp(y), Font: font, Size: sp(size), Text: s}
}

// write renders doc, checks the file's structure and reads it back.
func write(t *testing.T, doc *page.Document) *pdfDoc {
	t.Helper()
	var b bytes.Buffer
	if err := Write(doc, &b); err != nil {
		t.Fatal(err)
	}
	if err := checkXref(b.Bytes()); err != nil {
		t.Fatal(err)
	}
	return readPDF(t, b.Bytes())
}

func near(a, b float64) bool { return math.Abs(a-b) <= 0.01 }

func colorOf(c page.Color) rgb {
	return rgb{float64(c.R) / 255, float64(c.G) / 255, float64(c.B) / 255}
}

func sameColor(a, b rgb) bool {
	for i := range a {
		if math.Abs(a[i]-b[i]) > 0.001 { // written with three decimals
			return false
		}
	}
	return true
}

func TestWriteDrawsTextWhereTheDisplayListSays(t *testing.T) {
	red := page.Color{R: 200, G: 20, B: 30}
	gray := page.Color{R: 60, G: 60, B: 60}
	p1 := []*page.Text{
		text(36, 50, "serif-regular", 9, "Top left"),
		text(300.123, 420.456, "sans-bold", 24, "Middle (with brackets) \\ and a backslash"),
		// Their two bytes are a bracket pair, and a backslash and a carriage return.
		text(300, 460, "sans-bold", 12, "\u2829\u5c0d"),
		text(36.5, 805.3, "serif-regular", 7.02, "Bottom line: café, naïve, “quotes” — dash"),
	}
	p1[1].Color = red
	p2 := []*page.Text{
		text(10, 20, "sans-bold", 12, "Second page, another size"),
		text(10, 280, "serif-regular", 9, "Near its bottom"),
	}
	p2[1].Color = gray
	var items1, items2 []page.Item
	for _, x := range p1 {
		items1 = append(items1, x)
	}
	for _, x := range p2 {
		items2 = append(items2, x)
	}
	pages := []*page.Page{newPage(1, 595.28, 841.89, items1...), newPage(2, 400, 300, items2...)}
	rd := write(t, newDoc(t, pages...))
	for i, pg := range pages {
		p := rd.pages[i]
		if !near(p.width, pg.Width.Pt()) || !near(p.height, pg.Height.Pt()) {
			t.Errorf("page %d is %.2fx%.2f, want %.2fx%.2f", pg.Number, p.width, p.height, pg.Width.Pt(), pg.Height.Pt())
		}
		if len(p.runs) != len(pg.Items) {
			t.Fatalf("page %d: %d runs, want %d", pg.Number, len(p.runs), len(pg.Items))
		}
		for k, it := range pg.Items {
			tx, r := it.(*page.Text), p.runs[k]
			if r.text != tx.Text {
				t.Errorf("page %d: drew %q, want %q", pg.Number, r.text, tx.Text)
			}
			if !near(r.x, tx.X.Pt()) || !near(r.y, pg.Height.Pt()-tx.Y.Pt()) {
				t.Errorf("page %d: %q at %.3f,%.3f, want %.3f,%.3f (page height minus Y)", pg.Number, tx.Text, r.x, r.y, tx.X.Pt(), pg.Height.Pt()-tx.Y.Pt())
			}
			if !strings.HasSuffix(r.font.base, "+"+tx.Font) || !near(r.size, tx.Size.Pt()) {
				t.Errorf("page %d: %q in %s %.2f pt, want %s %.2f pt", pg.Number, tx.Text, r.font.base, r.size, tx.Font, tx.Size.Pt())
			}
			if !sameColor(r.fill, colorOf(tx.Color)) {
				t.Errorf("page %d: %q in colour %v, want %v", pg.Number, tx.Text, r.fill, colorOf(tx.Color))
			}
		}
	}
}

// Character spacing is part of the text state: set once, it holds for the following runs
// (and a new page starts at zero), so Tc is written only where tracking changes.
func TestWriteSetsCharacterSpacingOnlyWhenTrackingChanges(t *testing.T) {
	run := func(y, tracking float64) page.Item {
		tx := text(40, y, "serif-regular", 9, "tracked")
		tx.Tracking = sp(tracking)
		return tx
	}
	cases := []struct {
		name     string
		tracking [][]float64 // per page
		wantTc   [][]float64
	}{
		{"untracked text writes no Tc", [][]float64{{0, 0, 0}}, [][]float64{nil}},
		{"a change is written once", [][]float64{{0.1, 0.1, 0.1}}, [][]float64{{0.1}}},
		{"each change is written, back to zero too", [][]float64{{0, 0.25, 0.25, 0, -0.125, -0.125}}, [][]float64{{0.25, 0, -0.125}}},
		{"a page starts afresh", [][]float64{{0.2, 0.2}, {0.2, 0}, {0, 0.3}}, [][]float64{{0.2}, {0.2, 0}, {0.3}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var pages []*page.Page
			for i, trs := range c.tracking {
				var items []page.Item
				for k, tr := range trs {
					items = append(items, run(50+12*float64(k), tr))
				}
				pages = append(pages, newPage(i+1, 300, 400, items...))
			}
			rd := write(t, newDoc(t, pages...))
			for i, p := range rd.pages {
				if !equalFloats(p.tc, c.wantTc[i], 0.0005) {
					t.Errorf("page %d: Tc operands %v, want %v", i+1, p.tc, c.wantTc[i])
				}
				for k, r := range p.runs {
					if want := c.tracking[i][k]; math.Abs(r.tc-want) > 0.0005 {
						t.Errorf("page %d run %d: character spacing %.3f in effect, want %.3f", i+1, k+1, r.tc, want)
					}
				}
			}
		})
	}
}

func equalFloats(a, b []float64, tol float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > tol {
			return false
		}
	}
	return true
}

func TestWriteDrawsRulesBoxesAndPictures(t *testing.T) {
	blue := page.Color{R: 10, G: 40, B: 200}
	tint := page.Color{R: 240, G: 235, B: 220}
	items := []page.Item{
		&page.Box{Rect: geom.Rect{X: sp(30), Y: sp(40), W: sp(200), H: sp(100)}, Color: tint},
		&page.Rule{X0: sp(30), Y0: sp(150), X1: sp(230), Y1: sp(150), Width: sp(0.5), Color: blue},
		&page.Rule{X0: sp(240), Y0: sp(40), X1: sp(240), Y1: sp(340), Width: sp(1.25), Color: page.Black},
		&page.Picture{Frame: geom.Rect{X: sp(30), Y: sp(160), W: sp(80), H: sp(60)}, ImageID: "photo"},
		&page.Picture{Frame: geom.Rect{X: sp(120), Y: sp(160), W: sp(36), H: sp(24)}, ImageID: "chart"},
	}
	const h = 400.0
	rd := write(t, newDoc(t, newPage(1, 300, h, items...)))
	p := rd.pages[0]
	if len(p.fills) != 1 || len(p.lines) != 2 || len(p.images) != 2 {
		t.Fatalf("drew %d fills, %d lines, %d images; want 1, 2, 2", len(p.fills), len(p.lines), len(p.images))
	}
	f := p.fills[0]
	if !near(f.x, 30) || !near(f.y, h-140) || !near(f.w, 200) || !near(f.h, 100) || !sameColor(f.color, colorOf(tint)) {
		t.Errorf("box drawn as %+v, want 30,%.0f 200x100 in %v", f, h-140, colorOf(tint))
	}
	for i, want := range []stroke{
		{30, h - 150, 230, h - 150, 0.5, colorOf(blue)},
		{240, h - 40, 240, h - 340, 1.25, rgb{}},
	} {
		got := p.lines[i]
		if !near(got.x0, want.x0) || !near(got.y0, want.y0) || !near(got.x1, want.x1) || !near(got.y1, want.y1) ||
			!near(got.width, want.width) || !sameColor(got.color, want.color) {
			t.Errorf("rule %d drawn as %+v, want %+v", i+1, got, want)
		}
	}
	for i, want := range []struct {
		x, y, w, h float64
		filter     string
		px, py     int
	}{
		{30, h - 220, 80, 60, "DCTDecode", 40, 30},
		{120, h - 184, 36, 24, "FlateDecode", 24, 16},
	} {
		im := p.images[i]
		if !near(im.x, want.x) || !near(im.y, want.y) || !near(im.w, want.w) || !near(im.h, want.h) {
			t.Errorf("image %d placed at %.2f,%.2f %.2fx%.2f, want %.2f,%.2f %.2fx%.2f", i+1, im.x, im.y, im.w, im.h, want.x, want.y, want.w, want.h)
		}
		filter, bpc := im.xobj.NameEntry("Filter"), im.xobj.IntEntry("BitsPerComponent")
		w, hh := im.xobj.IntEntry("Width"), im.xobj.IntEntry("Height")
		if filter == nil || *filter != want.filter || bpc == nil || *bpc != 8 || w == nil || *w != want.px || hh == nil || *hh != want.py {
			t.Errorf("image %d embedded as %v, want %s, 8 bits, %dx%d", i+1, im.xobj, want.filter, want.px, want.py)
		}
	}
}

func TestWriteLinksGoWhereTheDisplayListSays(t *testing.T) {
	p1 := newPage(1, 300, 400,
		&page.Link{Rect: geom.Rect{X: sp(20), Y: sp(30), W: sp(60), H: sp(10)}, ToPage: 2},
		&page.Link{Rect: geom.Rect{X: sp(20), Y: sp(50), W: sp(60), H: sp(10)}, ToPage: 2, ToY: sp(120)},
		&page.Link{Rect: geom.Rect{X: sp(20), Y: sp(70), W: sp(60), H: sp(10)}, URL: "https://example.org/a?b=(c)"},
	)
	p2 := newPage(2, 300, 500, &page.Link{Rect: geom.Rect{X: sp(5), Y: sp(480), W: sp(40), H: sp(12)}, ToPage: 1})
	rd := write(t, newDoc(t, p1, p2))
	want := [][]annot{
		{
			{rect: [4]float64{20, 400 - 40, 80, 400 - 30}, destPage: 2, destTop: 500},
			{rect: [4]float64{20, 400 - 60, 80, 400 - 50}, destPage: 2, destTop: 500 - 120},
			{rect: [4]float64{20, 400 - 80, 80, 400 - 70}, uri: "https://example.org/a?b=(c)"},
		},
		{{rect: [4]float64{5, 500 - 492, 45, 500 - 480}, destPage: 1, destTop: 400}},
	}
	for i, p := range rd.pages {
		if len(p.annots) != len(want[i]) {
			t.Fatalf("page %d: %d links, want %d", i+1, len(p.annots), len(want[i]))
		}
		for k, got := range p.annots {
			w := want[i][k]
			ok := got.destPage == w.destPage && near(got.destTop, w.destTop) && got.uri == w.uri
			for j := range got.rect {
				ok = ok && near(got.rect[j], w.rect[j])
			}
			if !ok {
				t.Errorf("page %d link %d: %+v, want %+v", i+1, k+1, got, w)
			}
		}
	}
}

// The outline nests sections and articles, parents are open with the right /Count, and each
// entry goes to its height on its own page, also when pages differ in size (fpdf measures
// from the top of the last page).
func TestWriteOutline(t *testing.T) {
	doc := newDoc(t, newPage(1, 300, 400), newPage(2, 300, 600), newPage(3, 300, 500))
	doc.Outline = []page.Bookmark{
		{Title: "Front Page", Level: 0, Page: 1, Y: sp(20)},
		{Title: "Lead story", Level: 1, Page: 1, Y: sp(60)},
		{Title: "Second story", Level: 1, Page: 2, Y: sp(100)},
		{Title: "Sports", Level: 0, Page: 3, Y: sp(20)},
		{Title: "Cup final – “late header”", Level: 1, Page: 3, Y: sp(250)},
		{Title: "Empty section", Level: 0, Page: 3, Y: sp(400)},
	}
	rd := write(t, doc)
	got := bookmarkEntries(t, rd)
	heights := []float64{400, 600, 500}
	wantCount := []int{2, 0, 0, 1, 0, 0}
	if len(got) != len(doc.Outline) {
		t.Fatalf("outline has %d entries, want %d: %+v", len(got), len(doc.Outline), got)
	}
	for i, b := range doc.Outline {
		e := got[i]
		top := heights[b.Page-1] - b.Y.Pt()
		if e.title != b.Title || e.level != b.Level || e.page != b.Page || !near(e.top, top) || e.count != wantCount[i] {
			t.Errorf("outline entry %d: %+v, want %q level %d page %d top %.2f count %d", i+1, e, b.Title, b.Level, b.Page, top, wantCount[i])
		}
	}
}

func TestWriteMetadata(t *testing.T) {
	doc := newDoc(t, newPage(1, 300, 400))
	doc.Meta.Subject = "Ünïcode subject — with (brackets)"
	rd := write(t, doc)
	info, err := rd.ctx.DereferenceDict(*rd.ctx.Info)
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{"Title": "Test", "Author": "Desk", "Subject": doc.Meta.Subject, "Creator": "epaper", "Producer": "epaper"} {
		if got, err := rd.ctx.DereferenceText(info[key]); err != nil || got != want {
			t.Errorf("/%s = %q (%v), want %q", key, got, err, want)
		}
	}
	created, _ := rd.ctx.DereferenceText(info["CreationDate"])
	if d, err := parsePDFDate(created); err != nil || !d.Equal(editionDate) {
		t.Errorf("/CreationDate %q, want %v", created, editionDate)
	}
	if lang, _ := rd.ctx.DereferenceText(rd.ctx.RootDict["Lang"]); lang != "en-GB" {
		t.Errorf("/Lang = %q, want en-GB", lang)
	}
}

// Font names that fpdf would mangle, fold together or (before the fix) tag with each
// other's tag: each font still comes out as its own tagged subset, and the file is valid.
func TestWriteNamesEveryFontAsItsOwnSubset(t *testing.T) {
	regular, bold := fonts.Builtin()["serif"].Regular, fonts.Builtin()["sans"].Bold
	names := []string{"body-bold", "body-bolditalic", "Body-bold", "body(x)/y", "bödy"}
	doc := newDoc(t)
	doc.Fonts = nil
	var items []page.Item
	for i, n := range names {
		data := regular
		if i%2 == 1 {
			data = bold
		}
		doc.Fonts = append(doc.Fonts, page.Font{Name: n, Data: data})
		items = append(items, text(20, 30+20*float64(i), n, 10, "Font "+n))
	}
	doc.Pages = []*page.Page{newPage(1, 300, 400, items...)}
	rd := write(t, doc)
	seen := map[string]string{}
	for i, r := range rd.pages[0].runs {
		base := r.font.base
		if !subsetName.MatchString(base) {
			t.Errorf("font %q is embedded as %q, not a tagged subset", names[i], base)
		}
		if other, ok := seen[base]; ok && other != names[i] {
			t.Errorf("fonts %q and %q are both embedded as %q", other, names[i], base)
		}
		seen[base] = names[i]
	}
	if len(seen) != len(names) {
		t.Errorf("%d distinct fonts embedded, want %d: %v", len(seen), len(names), seen)
	}
}

func TestWriteIsReproducible(t *testing.T) {
	mk := func() []byte {
		doc := newDoc(t, newPage(1, 300, 400,
			text(20, 30, "serif-regular", 9, "Same bytes"),
			&page.Picture{Frame: geom.Rect{X: sp(20), Y: sp(40), W: sp(80), H: sp(60)}, ImageID: "photo"},
			&page.Picture{Frame: geom.Rect{X: sp(120), Y: sp(40), W: sp(48), H: sp(32)}, ImageID: "chart"},
			&page.Link{Rect: geom.Rect{X: sp(20), Y: sp(30), W: sp(60), H: sp(10)}, ToPage: 1}))
		doc.Outline = []page.Bookmark{{Title: "A", Page: 1}, {Title: "B", Level: 1, Page: 1, Y: sp(30)}}
		var b bytes.Buffer
		if err := Write(doc, &b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	a, b := mk(), mk()
	if !bytes.Equal(a, b) {
		t.Errorf("two writes differ: %s", firstDifference(a, b))
	}
}

// pngWith rewrites a PNG's IHDR byte at offset (24 = bit depth, 28 = interlace) and its CRC.
func pngWith(im page.Image, offset int, v byte) page.Image {
	d := append([]byte(nil), im.Data...)
	d[offset] = v
	binary.BigEndian.PutUint32(d[29:33], crc32.ChecksumIEEE(d[12:29]))
	im.Data = d
	return im
}

// Bad input gives an error naming the problem, never a panic, output or a silently
// broken file.
func TestWriteRejectsBadInput(t *testing.T) {
	base := func(t *testing.T) *page.Document {
		return newDoc(t, newPage(1, 300, 400, text(20, 30, "serif-regular", 9, "Hello")))
	}
	photo := jpegImage(t, "photo", 40, 30)
	chart := pngImage(t, "chart", 24, 16)
	withImage := func(im page.Image) func(*page.Document) {
		return func(d *page.Document) { d.Images = []page.Image{im} }
	}
	withFont := func(data []byte) func(*page.Document) {
		return func(d *page.Document) { d.Fonts[0].Data = data }
	}
	withItem := func(it page.Item) func(*page.Document) {
		return func(d *page.Document) { d.Pages[0].Items = append(d.Pages[0].Items, it) }
	}
	garbage := bytes.Repeat([]byte("not a font "), 200)
	otf := append([]byte("OTTO"), serifRegular.Data[4:]...)
	cases := []struct {
		name   string
		change func(*page.Document)
		want   string
	}{
		{"empty document", func(d *page.Document) { d.Pages = nil }, "no pages"},
		{"link to a missing page", withItem(&page.Link{Rect: geom.Rect{W: sp(10), H: sp(10)}, ToPage: 7}), "page 7"},
		{"bookmark on a missing page", func(d *page.Document) { d.Outline = []page.Bookmark{{Title: "Lost", Page: 9}} }, "page 9"},
		{"outline starting below the top level", func(d *page.Document) { d.Outline = []page.Bookmark{{Title: "Orphan", Level: 1, Page: 1}} }, "level 1"},
		{"garbage font", withFont(garbage), "serif-regular"},
		{"truncated font", withFont(serifRegular.Data[:len(serifRegular.Data)/2]), "corrupt font"},
		{"OpenType CFF font", withFont(otf), "TrueType"},
		{"font listed twice", func(d *page.Document) { d.Fonts = append(d.Fonts, serifRegular) }, "twice"},
		{"text in a font the document lacks", withItem(text(20, 60, "mono-regular", 9, "Missing")), "mono-regular"},
		{"rune outside the basic plane", withItem(text(20, 60, "serif-regular", 9, "Flood \U0001F30A")), "U+1F30A"},
		{"garbage JPEG", withImage(page.Image{ID: "photo", Data: garbage, Format: "jpeg", Width: 40, Height: 30}), "corrupt jpeg"},
		{"truncated JPEG", withImage(page.Image{ID: "photo", Data: photo.Data[:len(photo.Data)-20], Format: "jpeg", Width: 40, Height: 30}), "truncated"},
		{"truncated PNG", withImage(page.Image{ID: "chart", Data: chart.Data[:len(chart.Data)-20], Format: "png", Width: 24, Height: 16}), "truncated"},
		{"16-bit PNG", withImage(pngWith(chart, 24, 16)), "8 bits"},
		{"interlaced PNG", withImage(pngWith(chart, 28, 1)), "interlaced"},
		{"image of another size than declared", withImage(page.Image{ID: "photo", Data: photo.Data, Format: "jpeg", Width: 41, Height: 30}), "41x30"},
		{"image in an unknown format", withImage(page.Image{ID: "photo", Data: photo.Data, Format: "webp", Width: 40, Height: 30}), "webp"},
		{"image listed twice", func(d *page.Document) { d.Images = append(d.Images, d.Images[0]) }, "twice"},
		{"nil text item", withItem((*page.Text)(nil)), "pdf writer failed"},
		{"picture of a missing image", withItem(&page.Picture{Frame: geom.Rect{W: sp(10), H: sp(10)}, ImageID: "../../go.mod"}), "go.mod"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := base(t)
			c.change(doc)
			var out bytes.Buffer
			err := Write(doc, &out)
			if err == nil {
				t.Fatalf("no error; wrote %d bytes", out.Len())
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not mention %q", err, c.want)
			}
			if out.Len() > 0 {
				t.Errorf("wrote %d bytes despite the error", out.Len())
			}
		})
	}
}

// tagSubsets swaps names in place: every byte offset, and so the xref table fpdf wrote,
// stays valid, and a name that starts another ("serif-bold", "serif-bolditalic") only
// matches itself.
func TestTagSubsetsKeepsEveryOffset(t *testing.T) {
	f := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: 300, Ht: 400}})
	f.SetCompression(false) // keep the names in plain view, as in the uncompressed parts
	fams := map[string]string{"serif-bold": "subserif-bold", "serif-bolditalic": "subserif-bolditalic"}
	f.AddUTF8FontFromBytes(fams["serif-bold"], "", fonts.Builtin()["serif"].Bold)
	f.AddUTF8FontFromBytes(fams["serif-bolditalic"], "", fonts.Builtin()["serif"].BoldItalic)
	f.AddPage()
	f.SetFont(fams["serif-bold"], "", 10)
	f.Text(20, 30, "Bold")
	f.SetFont(fams["serif-bolditalic"], "", 10)
	f.Text(20, 50, "Bold italic")
	var raw bytes.Buffer
	if err := f.Output(&raw); err != nil {
		t.Fatal(err)
	}
	if err := checkXref(raw.Bytes()); err != nil {
		t.Fatalf("fpdf's own output: %v", err)
	}
	before := append([]byte(nil), raw.Bytes()...)
	got := tagSubsets(raw.Bytes(), fams)
	if len(got) != len(before) {
		t.Fatalf("length changed from %d to %d", len(before), len(got))
	}
	if err := checkXref(got); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(got, []byte("/utf8sub")) {
		t.Error("an untagged fpdf name is left")
	}
	for name := range fams {
		want := "/BaseFont /" + subsetTag(name) + "+" + name + "\n"
		if n := bytes.Count(got, []byte(want)); n != 2 { // the Type0 font and its CID font
			t.Errorf("%q appears %d times, want 2", want, n)
		}
		if n := bytes.Count(got, []byte("/FontName /"+subsetTag(name)+"+"+name+"\n")); n != 1 {
			t.Errorf("font descriptor of %s named %d times", name, n)
		}
	}
	// Only the names changed.
	diff := 0
	for i := range got {
		if got[i] != before[i] {
			diff++
		}
	}
	if diff > 3*7*len(fams) {
		t.Errorf("%d bytes changed; only the 7-byte name prefixes should", diff)
	}
	if _, err := parsePDF(got, model.ValidationStrict); err != nil {
		t.Error(err)
	}
}

// TestPhotosAreEmbeddedByteForByte checks the JPEG stand-ins (see images.go): every photo's
// stream in the file is the photo itself, whatever its header holds (Go's encoder writes no
// JFIF segment, so fpdf's reader goes on to the scan; an Adobe segment; grey), and the same
// photo under two names is stored once.
func TestPhotosAreEmbeddedByteForByte(t *testing.T) {
	grey := image.NewGray(image.Rect(0, 0, 33, 21))
	for i := range grey.Pix {
		grey.Pix[i] = uint8(i * 7)
	}
	var gb bytes.Buffer
	if err := jpeg.Encode(&gb, grey, nil); err != nil {
		t.Fatal(err)
	}
	colour := jpegImage(t, "colour", 40, 30)
	// An Adobe segment (transform 1: YCbCr) right after the start of the image.
	adobe := jpegImage(t, "adobe", 52, 16)
	app14 := []byte{0xFF, 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 1}
	adobe.Data = append(append([]byte{0xFF, 0xD8}, app14...), adobe.Data[2:]...)
	images := []page.Image{
		colour,
		{ID: "same", Data: colour.Data, Format: "jpeg", Width: 40, Height: 30},
		{ID: "grey", Data: gb.Bytes(), Format: "jpeg", Width: 33, Height: 21},
		adobe,
		pngImage(t, "chart", 24, 16),
	}
	var items []page.Item
	for i, im := range images {
		items = append(items, &page.Picture{ImageID: im.ID, Frame: geom.Rect{X: sp(10), Y: sp(10 + 60*float64(i)), W: sp(50), H: sp(40)}})
	}
	doc := newDoc(t, newPage(1, 300, 400, items...))
	doc.Images = images
	var b bytes.Buffer
	if err := Write(doc, &b); err != nil {
		t.Fatal(err)
	}
	if err := checkXref(b.Bytes()); err != nil {
		t.Fatal(err)
	}
	rd := readPDF(t, b.Bytes())
	placed := rd.pages[0].images
	if len(placed) != len(images) {
		t.Fatalf("%d pictures drawn, want %d", len(placed), len(images))
	}
	for i, im := range images {
		if im.Format == "png" {
			continue
		}
		if !bytes.Equal(placed[i].data, im.Data) {
			t.Errorf("photo %s: the stream is %d bytes, not the photo's %d", im.ID, len(placed[i].data), len(im.Data))
		}
	}
	if n := bytes.Count(b.Bytes(), []byte("/Subtype /Image")); n != len(images)-1 {
		t.Errorf("%d image objects, want %d: the same photo twice is stored once", n, len(images)-1)
	}
	if bytes.Contains(b.Bytes(), []byte(standInTag)) {
		t.Errorf("a stand-in is left in the file")
	}
}
