// Package archive makes the subscribers' archive: static pages that list every edition
// built into an output folder, newest first, with cover thumbnails, and a page per edition
// of page thumbnails that open the PDF at that page.
//
// The article maps (see package articlemap) are the source of truth: Update walks the
// output folder for them, so rebuilding one date keeps every other date in the index, and
// deleting an edition's PDF removes it at the next update. Nothing else is read, so the
// index can always be regenerated from the files themselves. For each map found at
// DIR/NAME.json with its PDF at DIR/NAME.pdf, Update writes DIR/NAME.html, and it writes
// OUT/index.html and OUT/index.json. Thumbnails are found next to the PDF under the
// names preview.ThumbName gives (preview.WriteAll with the PDF's folder and its name
// without ".pdf"); single-page PDFs and large previews are linked when present under the
// names split.Name and preview.LargeName give.
package archive

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"epaper/layout/articlemap"
	"epaper/layout/page"
	"epaper/layout/pdf"
	"epaper/layout/preview"
	"epaper/layout/split"
)

// Format and Version identify index.json.
const (
	Format  = "epaper-archive"
	Version = 1
)

// Index is the content of index.json: the editions, newest first.
type Index struct {
	Format   string  `json:"format"`
	Version  int     `json:"version"`
	Editions []Entry `json:"editions"`
	// Skipped lists article maps that could not be read, with the reason; they are left
	// out of the index rather than failing the whole archive.
	Skipped []string `json:"-"`
}

// Entry is one edition. Paths are relative to the output folder, with forward slashes.
type Entry struct {
	Date     string  `json:"date"` // YYYY-MM-DD
	Paper    string  `json:"paper"`
	Edition  string  `json:"edition"`
	Title    string  `json:"title"`
	Language string  `json:"language"`
	Pages    int     `json:"pages"`
	PDF      string  `json:"pdf"`
	PDFBytes int64   `json:"pdf_bytes"`
	Map      string  `json:"map"`
	HTML     string  `json:"html"`  // the edition's page of page thumbnails
	Cover    string  `json:"cover"` // the first page's thumbnail, "" if there is none
	PageList []Thumb `json:"page_list"`

	m *articlemap.Map
}

// Thumb is one page of an edition. Paths are relative to the output folder; "" when the
// file does not exist.
type Thumb struct {
	Number    int      `json:"number"`
	Section   string   `json:"section"`
	Thumbnail string   `json:"thumbnail"`
	Preview   string   `json:"preview"`
	PagePDF   string   `json:"page_pdf"`
	Headlines []string `json:"headlines"`
}

// Scan finds the editions in outDir: every article map whose PDF is next to it.
func Scan(outDir string) (*Index, error) {
	idx := &Index{Format: Format, Version: Version, Editions: []Entry{}}
	err := filepath.WalkDir(outDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && p != outDir {
			if d.IsDir() {
				return fs.SkipDir // temporary and hidden files
			}
			return nil
		}
		if d.IsDir() || filepath.Ext(p) != ".json" || filepath.Dir(p) == filepath.Clean(outDir) && d.Name() == "index.json" {
			return nil
		}
		if !isMap(p) {
			return nil
		}
		e, err := entry(outDir, p)
		if err != nil {
			idx.Skipped = append(idx.Skipped, err.Error())
			return nil
		}
		if e != nil {
			idx.Editions = append(idx.Editions, *e)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(idx.Editions, func(i, j int) bool {
		a, b := idx.Editions[i], idx.Editions[j]
		if a.Date != b.Date {
			return a.Date > b.Date
		}
		if a.Paper != b.Paper {
			return a.Paper < b.Paper
		}
		return a.Edition < b.Edition
	})
	return idx, nil
}

// isMap reports whether a JSON file says it is an article map; other JSON files in the
// output folder are none of the archive's business.
func isMap(p string) bool {
	b, err := os.ReadFile(p)
	if err != nil {
		return false
	}
	var head struct{ Format string }
	return json.Unmarshal(b, &head) == nil && head.Format == articlemap.Format
}

// entry reads one map; it returns nil, nil for a map whose PDF is gone.
func entry(outDir, mapPath string) (*Entry, error) {
	m, err := articlemap.Read(mapPath)
	if err != nil {
		return nil, err
	}
	if m.PDF == "" || m.PDF != filepath.Base(m.PDF) || filepath.Ext(m.PDF) != ".pdf" {
		return nil, fmt.Errorf("%s: the PDF %q is not a file name in the map's folder", mapPath, m.PDF)
	}
	if _, err := time.Parse("2006-01-02", m.Date); err != nil {
		return nil, fmt.Errorf("%s: date %q: %w", mapPath, m.Date, err)
	}
	dir := filepath.Dir(mapPath)
	st, err := os.Stat(filepath.Join(dir, m.PDF))
	if err != nil {
		return nil, nil
	}
	base := strings.TrimSuffix(m.PDF, ".pdf")
	rel := func(name string) string {
		r, err := filepath.Rel(outDir, filepath.Join(dir, name))
		if err != nil {
			return ""
		}
		return filepath.ToSlash(r)
	}
	exists := func(name string) string {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			return ""
		}
		return rel(name)
	}
	e := &Entry{
		Date: m.Date, Paper: m.Paper, Edition: m.Edition, Title: m.Title, Language: m.Language,
		Pages: len(m.Pages), PDF: rel(m.PDF), PDFBytes: st.Size(), Map: rel(filepath.Base(mapPath)),
		HTML: rel(base + ".html"), PageList: []Thumb{}, m: m,
	}
	for _, pg := range m.Pages {
		t := Thumb{Number: pg.Number, Section: pg.Section, Headlines: []string{},
			Thumbnail: exists(preview.ThumbName(base, pg.Number, len(m.Pages))),
			Preview:   exists(preview.LargeName(base, pg.Number, len(m.Pages))),
			PagePDF:   exists(split.Name(base, &page.Page{Number: pg.Number, Section: pg.Section}, len(m.Pages))),
		}
		for _, a := range pg.Articles {
			if a.ContinuedFrom == nil && a.Headline != "" {
				t.Headlines = append(t.Headlines, a.Headline)
			}
		}
		e.PageList = append(e.PageList, t)
	}
	if len(e.PageList) > 0 {
		e.Cover = e.PageList[0].Thumbnail
	}
	return e, nil
}

// Update scans outDir and writes the archive's pages: OUT/index.html, OUT/index.json and
// an HTML page next to each edition's PDF. Output is deterministic: the same files give
// the same bytes.
func Update(outDir string) (*Index, error) {
	idx, err := Scan(outDir)
	if err != nil {
		return nil, err
	}
	for _, e := range idx.Editions {
		var buf bytes.Buffer
		if err := editionPage.Execute(&buf, editionView(e)); err != nil {
			return nil, err
		}
		if err := pdf.AtomicWrite(filepath.Join(outDir, filepath.FromSlash(e.HTML)), buf.Bytes()); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if err := indexPage.Execute(&buf, indexView(idx)); err != nil {
		return nil, err
	}
	if err := pdf.AtomicWrite(filepath.Join(outDir, "index.html"), buf.Bytes()); err != nil {
		return nil, err
	}
	js, err := json.MarshalIndent(idx, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := pdf.AtomicWrite(filepath.Join(outDir, "index.json"), append(js, '\n')); err != nil {
		return nil, err
	}
	return idx, nil
}

// The views hold what the templates show, with links relative to the page showing them.

type indexEntry struct {
	Entry
	Name, LongDate, Size string
	PDFLink, HTMLLink    string
	CoverLink            string
	CoverW, CoverH       int
}

type editionPageView struct {
	Entry
	Name, LongDate, Size string
	PDFLink, IndexLink   string
	PageViews            []pageView
}

type pageView struct {
	Thumb
	Link, ThumbLink, PreviewLink, PagePDFLink string
	W, H                                      int
}

func displayName(e Entry) string {
	if e.Edition != "" {
		return e.Paper + " — " + e.Edition
	}
	return e.Paper
}

func longDate(d string) string {
	t, err := time.Parse("2006-01-02", d)
	if err != nil {
		return d
	}
	return t.Format("Monday, 2 January 2006")
}

// size formats a byte count for readers: "840 KB", "2.4 MB".
func size(n int64) string {
	switch {
	case n >= 10<<20:
		return fmt.Sprintf("%d MB", (n+1<<19)>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", (n+1<<9)>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// relTo makes target (relative to the output folder) relative to the folder of from.
func relTo(from, target string) string {
	if target == "" {
		return ""
	}
	r, err := filepath.Rel(path.Dir(from), target)
	if err != nil {
		return target
	}
	return filepath.ToSlash(r)
}

// thumbSize is the displayed size of a page's thumbnail, so the layout does not jump as
// images load.
func thumbSize(e Entry, n int) (int, int) {
	w := preview.ThumbWidth
	if e.m == nil || n < 1 || n > len(e.m.Pages) || e.m.Pages[n-1].Width <= 0 {
		return w, w * 3 / 2
	}
	p := e.m.Pages[n-1]
	return w, int(p.Height*float64(w)/p.Width + 0.5)
}

func indexView(idx *Index) any {
	var list []indexEntry
	lang := "en"
	for i, e := range idx.Editions {
		if i == 0 && e.Language != "" {
			lang = e.Language
		}
		w, h := thumbSize(e, 1)
		list = append(list, indexEntry{Entry: e, Name: displayName(e), LongDate: longDate(e.Date), Size: size(e.PDFBytes),
			PDFLink: e.PDF, HTMLLink: e.HTML, CoverLink: e.Cover, CoverW: w, CoverH: h})
	}
	return struct {
		Lang     string
		Editions []indexEntry
	}{lang, list}
}

func editionView(e Entry) editionPageView {
	v := editionPageView{Entry: e, Name: displayName(e), LongDate: longDate(e.Date), Size: size(e.PDFBytes),
		PDFLink: relTo(e.HTML, e.PDF), IndexLink: relTo(e.HTML, "index.html")}
	for _, t := range e.PageList {
		w, h := thumbSize(e, t.Number)
		v.PageViews = append(v.PageViews, pageView{Thumb: t, W: w, H: h,
			Link:        fmt.Sprintf("%s#page=%d", v.PDFLink, t.Number),
			ThumbLink:   relTo(e.HTML, t.Thumbnail),
			PreviewLink: relTo(e.HTML, t.Preview),
			PagePDFLink: relTo(e.HTML, t.PagePDF),
		})
	}
	return v
}

//go:embed templates/index.html
var indexHTML string

//go:embed templates/edition.html
var editionHTML string

//go:embed templates/style.css
var styleCSS string

var funcs = template.FuncMap{"style": func() template.CSS { return template.CSS(styleCSS) }}

var (
	indexPage   = template.Must(template.New("index").Funcs(funcs).Parse(indexHTML))
	editionPage = template.Must(template.New("edition").Funcs(funcs).Parse(editionHTML))
)
