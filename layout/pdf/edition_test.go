package pdf

// End-to-end properties of the PDF of the sample edition: built once per test binary, since a
// build takes a few seconds.

import (
	"bytes"
	"crypto/sha256"
	"math"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"epaper/assets/fonts"
	"epaper/layout"
	"epaper/layout/manifest"
	"epaper/layout/page"
	"epaper/layout/text/hyph"
)

var sampleManifest = filepath.Join("..", "..", "editions", "2026-03-14", "edition.yaml")

type builtEdition struct {
	ed        *manifest.Edition
	doc       *page.Document
	pdf       []byte
	rd        *pdfDoc
	strictErr error // strict validation's complaint; rd is then read relaxed
}

var (
	sampleOnce sync.Once
	sample     *builtEdition
	sampleErr  error
)

// buildSample loads, lays out and writes an edition.
func buildSample(path string, opt layout.Options) (*manifest.Edition, *page.Document, []byte, error) {
	ed, err := manifest.Load(path, manifest.Options{Languages: hyph.Languages(), FontFamilies: fonts.Names()})
	if err != nil {
		return nil, nil, nil, err
	}
	res, err := layout.Build(ed, opt)
	if err != nil {
		return nil, nil, nil, err
	}
	var buf bytes.Buffer
	if err := Write(res.Doc, &buf); err != nil {
		return nil, nil, nil, err
	}
	return ed, res.Doc, buf.Bytes(), nil
}

// sampleEdition returns the sample edition, its display list, its PDF and the PDF parsed
// (validated strictly or, if that fails, relaxed, so that one fault does not hide the others).
func sampleEdition(t *testing.T) *builtEdition {
	t.Helper()
	sampleOnce.Do(func() {
		ed, doc, data, err := buildSample(sampleManifest, layout.Options{})
		if err != nil {
			sampleErr = err
			return
		}
		sample = &builtEdition{ed: ed, doc: doc, pdf: data}
		sample.rd, sample.strictErr = parsePDF(data, model.ValidationStrict)
		if sample.strictErr != nil {
			sample.rd, sampleErr = parsePDF(data, model.ValidationRelaxed)
		}
	})
	if sampleErr != nil {
		t.Fatal(sampleErr)
	}
	return sample
}

func TestSampleEditionPassesStrictValidation(t *testing.T) {
	s := sampleEdition(t)
	if s.strictErr != nil {
		t.Errorf("strict validation: %v", s.strictErr)
	}
	if err := checkXref(s.pdf); err != nil {
		t.Error(err)
	}
	if got, want := len(s.rd.pages), len(s.doc.Pages); got != want {
		t.Errorf("PDF has %d pages, display list %d", got, want)
	}
}

// Every article's body appears in the extracted text, word by word and in order. This goes
// through everything between the manifest and the file: composition, the drawing of each run,
// the fonts' encoding and the widths written for them (which decide where words join).
func TestSampleEditionTextHasEveryArticleInReadingOrder(t *testing.T) {
	s := sampleEdition(t)
	have := s.rd.extractedWords()
	if len(have) == 0 {
		t.Fatal("no text extracted")
	}
	for _, a := range s.ed.Articles {
		want := words(strings.NewReplacer("*", "", "#", "").Replace(a.Body))
		if len(want) == 0 {
			t.Errorf("article %s has no body words", a.ID)
			continue
		}
		found, at := subsequence(want, have)
		if found < len(want) {
			t.Errorf("article %s: body word %d of %d not found in order in the PDF's text:\nwant %q\nnear %q", a.ID, found+1, len(want),
				strings.Join(want[found:min(len(want), found+8)], " "), strings.Join(have[max(0, at-3):min(len(have), at+8)], " "))
		}
		head := words(a.Headline)
		if found, _ := subsequence(head, have); found < len(head) {
			t.Errorf("article %s: headline word %d of %d (%q) not found in the PDF's text", a.ID, found+1, len(head), head[found])
		}
	}
}

// Runs are drawn where the display list puts them, in the fonts and sizes it names, and as
// wide as layout measured them (the widths in the PDF are the ones layout used).
func TestSampleEditionRunsMatchTheDisplayList(t *testing.T) {
	s := sampleEdition(t)
	for i, pg := range s.doc.Pages {
		var texts []*page.Text
		for _, it := range pg.Items {
			if tx, ok := it.(*page.Text); ok {
				texts = append(texts, tx)
			}
		}
		runs := s.rd.pages[i].runs
		if len(runs) != len(texts) {
			t.Errorf("page %d: %d runs drawn, display list has %d", pg.Number, len(runs), len(texts))
			continue
		}
		bad := 0
		for k, tx := range texts {
			r := runs[k]
			wantY := pg.Height.Pt() - tx.Y.Pt()
			problem := ""
			switch {
			case r.text != tx.Text:
				problem = "text " + strconv.Quote(r.text)
			case math.Abs(r.x-tx.X.Pt()) > 0.01 || math.Abs(r.y-wantY) > 0.01:
				problem = "drawn at " + strconv.FormatFloat(r.x, 'f', 2, 64) + "," + strconv.FormatFloat(r.y, 'f', 2, 64)
			case math.Abs(r.size-tx.Size.Pt()) > 0.01:
				problem = "size " + strconv.FormatFloat(r.size, 'f', 2, 64)
			case !strings.HasSuffix(r.font.base, "+"+tx.Font):
				problem = "font " + r.font.base
			case math.Abs(r.width-tx.Width.Pt()) > r.size/1000*float64(len(r.chars))+0.01: // widths are rounded to 1/1000 em
				problem = "width " + strconv.FormatFloat(r.width, 'f', 3, 64) + ", layout measured " + strconv.FormatFloat(tx.Width.Pt(), 'f', 3, 64)
			}
			if problem != "" {
				if bad++; bad <= 5 {
					t.Errorf("page %d: %v: %s", pg.Number, tx, problem)
				}
			}
		}
		if bad > 5 {
			t.Errorf("page %d: %d runs differ in all", pg.Number, bad)
		}
	}
}

func TestSampleEditionMetadata(t *testing.T) {
	s := sampleEdition(t)
	ctx := s.rd.ctx
	if ctx.Info == nil {
		t.Fatal("no document information dictionary")
	}
	info, err := ctx.DereferenceDict(*ctx.Info)
	if err != nil {
		t.Fatal(err)
	}
	text := func(key string) string {
		o, ok := info.Find(key)
		if !ok {
			t.Errorf("info has no /%s", key)
			return ""
		}
		v, err := ctx.DereferenceText(o)
		if err != nil {
			t.Errorf("info /%s: %v", key, err)
		}
		return v
	}
	date := s.ed.Date.Format("2 January 2006")
	for _, c := range []struct {
		key, want string
	}{
		{"Title", s.doc.Meta.Title},
		{"Author", s.ed.Author},
		{"Subject", s.doc.Meta.Subject},
		{"Keywords", strings.Join(s.ed.Sections, ", ")},
		{"Creator", "epaper"},
		{"Producer", "epaper"},
	} {
		if got := text(c.key); got != c.want {
			t.Errorf("/%s = %q, want %q", c.key, got, c.want)
		}
	}
	if title := text("Title"); !strings.Contains(title, s.ed.Paper) || !strings.Contains(title, date) {
		t.Errorf("/Title %q does not name the paper %q and the date %q", title, s.ed.Paper, date)
	}
	for _, key := range []string{"CreationDate", "ModDate"} {
		got, err := parsePDFDate(text(key))
		if err != nil {
			t.Errorf("/%s: %v", key, err)
		} else if !got.Equal(s.ed.Date) {
			t.Errorf("/%s = %v, want the edition date %v", key, got, s.ed.Date)
		}
	}

	root := ctx.RootDict
	if lang, err := ctx.DereferenceText(root["Lang"]); err != nil || lang != s.ed.Language {
		t.Errorf("catalog /Lang = %q (%v), want %q", lang, err, s.ed.Language)
	}
	// Opens on page 1 fitted to the window's width, with the outline showing.
	act, err := ctx.DereferenceArray(root["OpenAction"])
	if err != nil || len(act) < 2 {
		t.Fatalf("catalog /OpenAction = %v (%v)", root["OpenAction"], err)
	}
	if ref, ok := act[0].(types.IndirectRef); !ok || s.rd.pageOf[ref.ObjectNumber.Value()] != 1 {
		t.Errorf("/OpenAction goes to %v, not page 1", act[0])
	}
	if fit, _ := act[1].(types.Name); fit != "FitH" {
		t.Errorf("/OpenAction fits with %v, want /FitH (fit width)", act[1])
	}
	if m := root.NameEntry("PageMode"); m == nil || *m != "UseOutlines" {
		t.Errorf("catalog /PageMode = %v, want /UseOutlines", m)
	}
}

// parsePDFDate reads "D:YYYYMMDDHHmmSS" with an optional zone; without one, UTC is assumed
// (fpdf writes the time in the time's own location, and the edition date is UTC).
func parsePDFDate(s string) (time.Time, error) {
	s = strings.TrimPrefix(s, "D:")
	if strings.HasSuffix(s, "Z") || len(s) == 14 {
		return time.Parse("20060102150405", strings.TrimSuffix(s, "Z"))
	}
	return time.Parse("20060102150405-07'00'", s)
}

type bookmarkEntry struct {
	title string
	level int
	page  int
	top   float64
	count int
}

// bookmarkEntries walks the outline tree depth first.
func bookmarkEntries(t *testing.T, rd *pdfDoc) []bookmarkEntry {
	t.Helper()
	ctx := rd.ctx
	root, err := ctx.DereferenceDict(ctx.RootDict["Outlines"])
	if err != nil || root == nil {
		t.Fatalf("no outline: %v", err)
	}
	var out []bookmarkEntry
	var walk func(first *types.IndirectRef, level int)
	walk = func(ir *types.IndirectRef, level int) {
		for ir != nil {
			d, err := ctx.DereferenceDict(*ir)
			if err != nil {
				t.Fatal(err)
			}
			title, err := ctx.DereferenceText(d["Title"])
			if err != nil {
				t.Fatal(err)
			}
			pg, top, err := rd.dest(d["Dest"])
			if err != nil {
				t.Fatalf("outline entry %q: %v", title, err)
			}
			e := bookmarkEntry{title: title, level: level, page: pg, top: top}
			if c := d.IntEntry("Count"); c != nil {
				e.count = *c
			}
			out = append(out, e)
			walk(d.IndirectRefEntry("First"), level+1)
			ir = d.IndirectRefEntry("Next")
		}
	}
	walk(root.IndirectRefEntry("First"), 0)
	if c := root.IntEntry("Count"); c == nil || *c != len(out) {
		t.Errorf("outline root /Count = %v, want %d (every entry open)", c, len(out))
	}
	return out
}

// The outline has an entry per section, on the first page of the section, and one per
// article under it, on the page where the article starts; each parent is open.
func TestSampleEditionOutline(t *testing.T) {
	s := sampleEdition(t)
	entries := bookmarkEntries(t, s.rd)
	if len(entries) != len(s.doc.Outline) {
		t.Errorf("outline has %d entries, display list %d", len(entries), len(s.doc.Outline))
	}
	bySection := map[string]bookmarkEntry{}
	byTitle := map[string]bookmarkEntry{}
	for i, e := range entries {
		children := 0
		for j := i + 1; j < len(entries) && entries[j].level > e.level; j++ {
			children++
		}
		if e.count != children {
			t.Errorf("outline entry %q: /Count %d, want %d", e.title, e.count, children)
		}
		if e.level == 0 {
			bySection[e.title] = e
		} else {
			byTitle[strings.Join(words(e.title), " ")] = e
		}
		if e.level > 1 {
			t.Errorf("outline entry %q is nested %d deep", e.title, e.level)
		}
	}
	height := s.doc.Pages[0].Height.Pt()
	for i, b := range s.doc.Outline {
		if i < len(entries) && (math.Abs(entries[i].top-(height-b.Y.Pt())) > 0.01 || entries[i].page != b.Page) {
			t.Errorf("outline entry %q goes to page %d at %.2f, want page %d at %.2f", entries[i].title, entries[i].page, entries[i].top, b.Page, height-b.Y.Pt())
		}
	}
	// Sections: the first page of each.
	for _, pg := range s.doc.Pages {
		if pg.Section == "" {
			continue
		}
		e, ok := bySection[pg.Section]
		if !ok {
			t.Errorf("no outline entry for section %q", pg.Section)
			continue
		}
		if e.page != pg.Number && e.page != -1 {
			t.Errorf("outline entry for section %q goes to page %d; the section starts on page %d", pg.Section, e.page, pg.Number)
		}
		bySection[pg.Section] = bookmarkEntry{page: -1} // only the first page counts
	}
	// Articles: the first page with their text.
	first := map[string]int{}
	for _, pg := range s.doc.Pages {
		for _, it := range pg.Items {
			if tx, ok := it.(*page.Text); ok && tx.Story != "" && first[tx.Story] == 0 {
				first[tx.Story] = pg.Number
			}
		}
	}
	for _, a := range s.ed.Articles {
		e, ok := byTitle[strings.Join(words(a.Headline), " ")]
		if !ok {
			t.Errorf("no outline entry for article %s %q", a.ID, a.Headline)
			continue
		}
		if e.page != first[a.ID] {
			t.Errorf("outline entry for article %s goes to page %d; it starts on page %d", a.ID, e.page, first[a.ID])
		}
	}
}

var subsetName = regexp.MustCompile(`^[A-Z]{6}\+[^\s/]+$`)

func TestSampleEditionFontsAreEmbeddedTaggedSubsetsOnce(t *testing.T) {
	s := sampleEdition(t)
	if len(s.rd.fonts) != len(s.doc.Fonts) {
		t.Errorf("%d fonts used in the PDF, display list has %d", len(s.rd.fonts), len(s.doc.Fonts))
	}
	seenName := map[string]bool{}
	seenFile := map[int]string{}
	seenData := map[[32]byte]string{}
	for _, f := range s.rd.fonts {
		if !subsetName.MatchString(f.base) {
			t.Errorf("font %q is not named as a tagged subset (ABCDEF+Name)", f.base)
		}
		if seenName[f.base] {
			t.Errorf("font %s appears twice", f.base)
		}
		seenName[f.base] = true
		if f.subtype != "Type0" || f.encoding != "Identity-H" {
			t.Errorf("font %s is %s/%s, want Type0/Identity-H", f.base, f.subtype, f.encoding)
		}
		if f.file == nil {
			t.Errorf("font %s is not embedded", f.base)
			continue
		}
		if other, ok := seenFile[f.fileObj]; ok {
			t.Errorf("fonts %s and %s share one font file", f.base, other)
		}
		seenFile[f.fileObj] = f.base
		if err := f.file.Decode(); err != nil {
			t.Errorf("font %s: %v", f.base, err)
			continue
		}
		if len(f.file.Content) < 1000 {
			t.Errorf("font %s: embedded file has only %d bytes", f.base, len(f.file.Content))
		}
		sum := sha256.Sum256(f.file.Content)
		if other, ok := seenData[sum]; ok {
			t.Errorf("fonts %s and %s embed the same font file", f.base, other)
		}
		seenData[sum] = f.base
		// Text extraction maps codes to Unicode one to one (what extractedWords relies on).
		if !bytes.Contains(f.toUnicode, []byte("<0000> <FFFF> <0000>")) {
			t.Errorf("font %s: ToUnicode is not the identity map:\n%s", f.base, f.toUnicode)
		}
	}
	// Every font file in the file is one of the fonts above: none is embedded twice.
	for n, e := range s.rd.ctx.Table {
		if e == nil || e.Free {
			continue
		}
		if d, ok := e.Object.(types.Dict); ok && d.Type() != nil && *d.Type() == "FontDescriptor" {
			if r := d.IndirectRefEntry("FontFile2"); r != nil {
				if _, ok := seenFile[r.ObjectNumber.Value()]; !ok {
					t.Errorf("font descriptor %d embeds a font file no page uses", n)
				}
			}
		}
	}
}

// Images are JPEG or 8-bit Flate, and each is placed at 100 to 400 pixels per inch.
func TestSampleEditionImagesAreJPEGOrFlateAtPrintResolution(t *testing.T) {
	s := sampleEdition(t)
	placed := 0
	for _, p := range s.rd.pages {
		for _, im := range p.images {
			placed++
			checkImageXObject(t, p.number, im)
		}
	}
	pictures := 0
	for _, pg := range s.doc.Pages {
		for _, it := range pg.Items {
			if _, ok := it.(*page.Picture); ok {
				pictures++
			}
		}
	}
	if placed != pictures || placed == 0 {
		t.Errorf("%d images placed in the PDF, display list has %d pictures", placed, pictures)
	}
}

func checkImageXObject(t *testing.T, pageNo int, im placement) {
	t.Helper()
	x := im.xobj
	filter := x.NameEntry("Filter")
	bpc := x.IntEntry("BitsPerComponent")
	w, h := x.IntEntry("Width"), x.IntEntry("Height")
	if filter == nil || bpc == nil || w == nil || h == nil {
		t.Errorf("page %d: image %s lacks Filter, BitsPerComponent, Width or Height: %v", pageNo, im.name, x)
		return
	}
	cs := x.NameEntry("ColorSpace") // nil for an indexed (array) colour space
	switch {
	case *filter == "DCTDecode" && *bpc == 8 && cs != nil && (*cs == "DeviceRGB" || *cs == "DeviceGray"):
	case *filter == "FlateDecode" && *bpc == 8:
	case *filter == "FlateDecode" && cs == nil && (*bpc == 1 || *bpc == 2 || *bpc == 4):
		// A palette of a few colours packs its indexes; each colour is still 8-bit.
	default:
		t.Errorf("page %d: image %s is %s, %d bits, colour space %v", pageNo, im.name, *filter, *bpc, x["ColorSpace"])
	}
	ppiX, ppiY := float64(*w)/(im.w/72), float64(*h)/(im.h/72)
	for _, ppi := range []float64{ppiX, ppiY} {
		if ppi < 100 || ppi > 400 {
			t.Errorf("page %d: image %s (%dx%d px in %.1fx%.1f pt) is placed at %.0fx%.0f ppi, want 100 to 400",
				pageNo, im.name, *w, *h, im.w, im.h, ppiX, ppiY)
			break
		}
	}
}

// Jump lines ("Continued on page N") and the INSIDE strip link to the page they print, and
// the story really continues there.
func TestSampleEditionLinksGoToThePagesTheyName(t *testing.T) {
	s := sampleEdition(t)
	number := regexp.MustCompile(`(\d+)\s*$`)
	links := 0
	for i, pg := range s.doc.Pages {
		p := s.rd.pages[i]
		var want []*page.Link
		for _, it := range pg.Items {
			if l, ok := it.(*page.Link); ok {
				want = append(want, l)
			}
		}
		if len(p.annots) != len(want) {
			t.Errorf("page %d: %d link annotations, display list has %d links", pg.Number, len(p.annots), len(want))
			continue
		}
		for k, a := range p.annots {
			links++
			l := want[k]
			if a.destPage < 1 || a.destPage > len(s.rd.pages) || a.destPage != l.ToPage {
				t.Errorf("page %d: link %v goes to page %d, want %d", pg.Number, l.Rect, a.destPage, l.ToPage)
			}
			label := strings.TrimSpace(p.textIn(a.rect))
			m := number.FindStringSubmatch(label)
			if m == nil {
				t.Errorf("page %d: link to page %d is over %q, which names no page", pg.Number, a.destPage, label)
				continue
			}
			if n, _ := strconv.Atoi(m[1]); n != a.destPage {
				t.Errorf("page %d: link over %q goes to page %d", pg.Number, label, a.destPage)
			}
			if l.Story == "" {
				continue
			}
			continues := false
			for _, it := range s.doc.Pages[l.ToPage-1].Items {
				if tx, ok := it.(*page.Text); ok && tx.Story == l.Story {
					continues = true
					break
				}
			}
			if !continues {
				t.Errorf("page %d: jump of %s goes to page %d, which has none of its text", pg.Number, l.Story, l.ToPage)
			}
		}
	}
	if links == 0 {
		t.Error("the sample edition has no links")
	}
}

// The same edition gives the same bytes: built again (one thread, one photo worker) and
// written again from the same display list.
func TestSampleEditionIsReproducible(t *testing.T) {
	s := sampleEdition(t)
	var again bytes.Buffer
	if err := Write(s.doc, &again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), s.pdf) {
		t.Errorf("writing the same display list twice gives different bytes (%s)", firstDifference(s.pdf, again.Bytes()))
	}
	if testing.Short() {
		t.Skip("a second build takes seconds")
	}
	prev := runtime.GOMAXPROCS(1)
	_, _, data, err := buildSample(sampleManifest, layout.Options{Workers: 1})
	runtime.GOMAXPROCS(prev)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, s.pdf) {
		t.Errorf("building with GOMAXPROCS=1 gives different bytes (%s)", firstDifference(s.pdf, data))
	}
}

func firstDifference(a, b []byte) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return "first at byte " + strconv.Itoa(i) + ": " + strconv.Quote(string(a[max(0, i-20):min(len(a), i+20)])) +
				" vs " + strconv.Quote(string(b[max(0, i-20):min(len(b), i+20)]))
		}
	}
	return "lengths " + strconv.Itoa(len(a)) + " and " + strconv.Itoa(len(b))
}
