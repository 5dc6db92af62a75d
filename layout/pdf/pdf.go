// Package pdf writes a display list as a PDF. It is the only package that knows fpdf, which
// is archived upstream and treated as untrusted: inputs are validated by layout, panics are
// recovered here and returned as errors, and fpdf's deferred error is always checked.
package pdf

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/go-pdf/fpdf"

	"epaper/layout/geom"
	"epaper/layout/page"
)

// Write renders doc as PDF to w.
func Write(doc *page.Document, w io.Writer) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("pdf writer failed: %v", r)
		}
	}()
	if len(doc.Pages) == 0 {
		return fmt.Errorf("the document has no pages")
	}
	first := doc.Pages[0]
	f := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: pt(first.Width), Ht: pt(first.Height)}})
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	f.SetCompression(true)
	f.SetCatalogSort(true)
	f.SetCreationDate(doc.Meta.Date)
	f.SetModificationDate(doc.Meta.Date)
	f.SetProducer("epaper", true)
	f.SetTitle(doc.Meta.Title, true)
	f.SetAuthor(doc.Meta.Author, true)
	f.SetSubject(doc.Meta.Subject, true)
	f.SetKeywords(doc.Meta.Keywords, true)
	f.SetCreator(doc.Meta.Creator, true)
	if doc.Meta.Language != "" {
		f.SetLang(doc.Meta.Language)
	}
	f.SetDisplayMode("fullwidth", "single")
	for _, ft := range doc.Fonts {
		f.AddUTF8FontFromBytes(family(ft.Name), "", ft.Data)
	}
	if err := f.Error(); err != nil {
		return fmt.Errorf("embedding fonts: %w", err)
	}
	for _, im := range doc.Images {
		typ := "JPG"
		if im.Format == "png" {
			typ = "PNG"
		}
		f.RegisterImageOptionsReader(im.ID, fpdf.ImageOptions{ImageType: typ}, bytes.NewReader(im.Data))
		if err := f.Error(); err != nil {
			return fmt.Errorf("embedding image %s: %w", im.ID, err)
		}
	}
	links := map[int]int{}
	for _, p := range doc.Pages {
		links[p.Number] = f.AddLink()
		f.SetLink(links[p.Number], 0, p.Number)
	}
	marks := map[int][]page.Bookmark{}
	for _, b := range doc.Outline {
		marks[b.Page] = append(marks[b.Page], b)
	}
	for _, p := range doc.Pages {
		w := &writer{f: f, links: links}
		f.AddPageFormat("P", fpdf.SizeType{Wd: pt(p.Width), Ht: pt(p.Height)})
		if len(doc.Fonts) > 0 {
			f.SetFont(family(doc.Fonts[0].Name), "", 10) // bookmarks need a UTF-8 font selected
		}
		for _, b := range marks[p.Number] {
			f.Bookmark(b.Title, b.Level, pt(b.Y))
		}
		for _, it := range p.Items {
			if err := w.item(it, p.Number); err != nil {
				return err
			}
		}
		if err := f.Error(); err != nil {
			return fmt.Errorf("page %d: %w", p.Number, err)
		}
	}
	var out bytes.Buffer
	if err := f.Output(&out); err != nil {
		return fmt.Errorf("writing PDF: %w", err)
	}
	_, err = w.Write(tagSubsets(out.Bytes(), doc.Fonts))
	return err
}

// familyPrefix starts every font family name given to fpdf. fpdf embeds subsets but names
// them "utf8<family>", without the six-letter tag ("ABCDEF+Name") by which viewers and
// checkers recognise a subset. "utf8" plus this prefix is exactly as long as a tag and its
// plus sign, so tagSubsets can swap one for the other without moving any byte offset.
const familyPrefix = "sub"

func family(name string) string { return familyPrefix + name }

// tagSubsets renames fpdf's font names to tagged subset names, in place.
func tagSubsets(pdf []byte, fonts []page.Font) []byte {
	for _, ft := range fonts {
		old := []byte("/utf8" + strings.ToLower(family(ft.Name)))
		tagged := []byte("/" + subsetTag(ft.Name) + "+" + strings.ToLower(ft.Name))
		for _, key := range []string{"/BaseFont ", "/FontName "} {
			pdf = bytes.ReplaceAll(pdf, append([]byte(key), old...), append([]byte(key), tagged...))
		}
	}
	return pdf
}

// subsetTag derives the six capital letters of a subset's tag from its name, so the same
// font gets the same tag in every build.
func subsetTag(name string) string {
	h := fnv.New32a()
	h.Write([]byte(name))
	v := h.Sum32()
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = byte('A' + v%26)
		v /= 26
	}
	return string(tag)
}

func pt(s geom.Sp) float64 { return s.Pt() }

type writer struct {
	f        *fpdf.Fpdf
	links    map[int]int
	font     string
	size     geom.Sp
	tracking geom.Sp
	color    page.Color
	colorSet bool
}

func (w *writer) item(it page.Item, pageNo int) error {
	f := w.f
	switch v := it.(type) {
	case *page.Text:
		if v.Font != w.font || v.Size != w.size {
			f.SetFont(family(v.Font), "", pt(v.Size))
			w.font, w.size = v.Font, v.Size
		}
		if !w.colorSet || v.Color != w.color {
			f.SetTextColor(int(v.Color.R), int(v.Color.G), int(v.Color.B))
			w.color, w.colorSet = v.Color, true
		}
		if v.Tracking != w.tracking {
			// Character spacing works per glyph with Unicode fonts (word spacing does not).
			f.RawWriteStr(strconv.FormatFloat(pt(v.Tracking), 'f', 3, 64) + " Tc")
			w.tracking = v.Tracking
		}
		f.Text(pt(v.X), pt(v.Y), v.Text)
	case *page.Picture:
		f.ImageOptions(v.ImageID, pt(v.Frame.X), pt(v.Frame.Y), pt(v.Frame.W), pt(v.Frame.H), false,
			fpdf.ImageOptions{}, 0, "")
	case *page.Rule:
		f.SetDrawColor(int(v.Color.R), int(v.Color.G), int(v.Color.B))
		f.SetLineWidth(pt(v.Width))
		f.Line(pt(v.X0), pt(v.Y0), pt(v.X1), pt(v.Y1))
	case *page.Box:
		f.SetFillColor(int(v.Color.R), int(v.Color.G), int(v.Color.B))
		f.Rect(pt(v.Rect.X), pt(v.Rect.Y), pt(v.Rect.W), pt(v.Rect.H), "F")
	case *page.Link:
		r := v.Rect
		if v.URL != "" {
			f.LinkString(pt(r.X), pt(r.Y), pt(r.W), pt(r.H), v.URL)
			break
		}
		id, ok := w.links[v.ToPage]
		if !ok {
			return fmt.Errorf("page %d: link to page %d, which does not exist", pageNo, v.ToPage)
		}
		if v.ToY > 0 {
			id = f.AddLink()
			f.SetLink(id, pt(v.ToY), v.ToPage)
		}
		f.Link(pt(r.X), pt(r.Y), pt(r.W), pt(r.H), id)
	default:
		return fmt.Errorf("page %d: unknown display item %T", pageNo, it)
	}
	return nil
}

// WriteFile writes the PDF to a temporary file in the target folder and renames it into
// place, so that a reader (or a crash) never sees a half-written file.
func WriteFile(doc *page.Document, path string) error {
	var buf bytes.Buffer
	if err := Write(doc, &buf); err != nil {
		return err
	}
	return AtomicWrite(path, buf.Bytes())
}

// AtomicWrite writes data to path via a temporary file in the same folder, synced, then
// renamed: the previous file stays complete until the new one is.
func AtomicWrite(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(name)
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(name, 0o644); err != nil {
		return err
	}
	if err := os.Rename(name, path); err != nil {
		return err
	}
	ok = true
	return nil
}
