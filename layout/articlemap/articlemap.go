// Package articlemap writes the e-paper article map: a JSON file next to each edition's PDF
// that tells a reader app which article lies where on which page, so it can make the page
// image clickable, open an article in a text view, and follow jumps between pages.
//
// The format is described by articlemap.schema.json (JSON Schema draft 2020-12) in this
// folder, also available as Schema. Rectangles are given twice: in PDF points with the
// origin at the page's top-left corner and y growing downwards, and as fractions of the
// page's width and height (for page images of any resolution).
package articlemap

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"epaper/layout/geom"
	"epaper/layout/manifest"
	"epaper/layout/page"
	"epaper/layout/pdf"
)

// Format and Version identify an article map; readers (such as the archive) use them to
// tell maps from other JSON files.
const (
	Format  = "epaper-articlemap"
	Version = 1
)

// Schema is the JSON Schema of the map.
//
//go:embed articlemap.schema.json
var Schema []byte

// Edition names the edition a document is, which the display list does not record.
type Edition struct {
	Paper string
	Name  string // "" when the paper has a single edition
	Date  time.Time
}

// FromManifest takes the edition's names from its manifest.
func FromManifest(ed *manifest.Edition) Edition {
	return Edition{Paper: ed.Paper, Name: ed.Name, Date: ed.Date}
}

// Map is the article map of one edition.
type Map struct {
	Format    string    `json:"format"`
	Version   int       `json:"version"`
	Paper     string    `json:"paper"`
	Edition   string    `json:"edition"`
	Date      string    `json:"date"` // YYYY-MM-DD
	Language  string    `json:"language"`
	Title     string    `json:"title"`
	PDF       string    `json:"pdf"` // the PDF's file name, in the map's folder
	PageCount int       `json:"page_count"`
	PageSize  Size      `json:"page_size"` // of the first page
	Pages     []Page    `json:"pages"`
	Articles  []Article `json:"articles"`
}

// Size is a page size in points.
type Size struct {
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
}

// Page lists what lies on one page.
type Page struct {
	Number   int     `json:"number"`
	Section  string  `json:"section"`
	Width    float64 `json:"width"`
	Height   float64 `json:"height"`
	Articles []Piece `json:"articles"`
	Ads      []Ad    `json:"ads"`
}

// Piece is the part of an article on one page.
type Piece struct {
	ID            string   `json:"id"`
	Section       string   `json:"section"`
	Headline      string   `json:"headline"`
	Byline        string   `json:"byline"`
	Regions       []Region `json:"regions"`
	ContinuedOn   *int     `json:"continued_on"`   // page the article continues on, null if it ends here
	ContinuedFrom *int     `json:"continued_from"` // page it continues from, null if it starts here
	Photos        []Photo  `json:"photos"`
}

// Region is a rectangle on the page.
type Region struct {
	Points   Rect `json:"points"`
	Fraction Rect `json:"fraction"`
}

// Rect is a rectangle from the page's top-left corner, y downwards.
type Rect struct {
	X      float64 `json:"x"`
	Y      float64 `json:"y"`
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
}

// Photo is a picture of an article with its caption.
type Photo struct {
	Region
	Caption string `json:"caption"`
}

// Ad is an advertisement's place on a page.
type Ad struct {
	ID string `json:"id"`
	Region
}

// Article summarises an article over the whole edition.
type Article struct {
	ID       string   `json:"id"`
	Section  string   `json:"section"`
	Headline string   `json:"headline"`
	Byline   string   `json:"byline"`
	Pages    []int    `json:"pages"`
	Captions []string `json:"captions"`
}

// adPrefix marks an ad's region in the display list.
const adPrefix = "ad:"

// Build makes the map of doc, whose PDF is called pdfName.
func Build(doc *page.Document, ed Edition, pdfName string) *Map {
	m := &Map{
		Format: Format, Version: Version,
		Paper: ed.Paper, Edition: ed.Name, Date: ed.Date.Format("2006-01-02"),
		Language: doc.Meta.Language, Title: doc.Meta.Title,
		PDF: pdfName, PageCount: len(doc.Pages),
		Pages: []Page{}, Articles: []Article{},
	}
	if len(doc.Pages) > 0 {
		m.PageSize = Size{round(doc.Pages[0].Width.Pt(), 2), round(doc.Pages[0].Height.Pt(), 2)}
	}
	info := map[string]page.Article{}
	for _, a := range doc.Articles {
		info[a.ID] = a
	}
	for _, pg := range doc.Pages {
		m.Pages = append(m.Pages, buildPage(pg, info))
	}
	for _, a := range doc.Articles {
		m.Articles = append(m.Articles, Article{ID: a.ID, Section: a.Section, Headline: a.Headline, Byline: a.Byline,
			Pages: nonNil(a.Pages), Captions: nonNil(a.Captions)})
	}
	return m
}

func buildPage(pg *page.Page, info map[string]page.Article) Page {
	p := Page{Number: pg.Number, Section: pg.Section, Width: round(pg.Width.Pt(), 2), Height: round(pg.Height.Pt(), 2),
		Articles: []Piece{}, Ads: []Ad{}}
	at := map[string]int{} // story -> index in p.Articles
	for _, r := range pg.Regions {
		if id, ok := strings.CutPrefix(r.Story, adPrefix); ok {
			p.Ads = append(p.Ads, Ad{ID: id, Region: region(r.Rect, pg)})
			continue
		}
		i, ok := at[r.Story]
		if !ok {
			a := info[r.Story]
			i = len(p.Articles)
			at[r.Story] = i
			p.Articles = append(p.Articles, Piece{ID: r.Story, Section: a.Section, Headline: a.Headline, Byline: a.Byline,
				Regions: []Region{}, Photos: []Photo{}})
		}
		pc := &p.Articles[i]
		pc.Regions = append(pc.Regions, region(r.Rect, pg))
		// A story has one piece per page; should it have two, the first jump out and the
		// first jump in are the ones a reader follows.
		if r.JumpTo > 0 && pc.ContinuedOn == nil {
			pc.ContinuedOn = ptr(r.JumpTo)
		}
		if r.JumpFrom > 0 && pc.ContinuedFrom == nil {
			pc.ContinuedFrom = ptr(r.JumpFrom)
		}
	}
	// Photos come from the pictures themselves, which carry the caption.
	for _, it := range pg.Items {
		pic, ok := it.(*page.Picture)
		if !ok {
			continue
		}
		if i, ok := at[pic.Story]; ok {
			p.Articles[i].Photos = append(p.Articles[i].Photos, Photo{Region: region(pic.Frame, pg), Caption: pic.Caption})
		}
	}
	return p
}

func region(r geom.Rect, pg *page.Page) Region {
	w, h := pg.Width.Pt(), pg.Height.Pt()
	return Region{
		Points:   Rect{round(r.X.Pt(), 2), round(r.Y.Pt(), 2), round(r.W.Pt(), 2), round(r.H.Pt(), 2)},
		Fraction: Rect{round(r.X.Pt()/w, 6), round(r.Y.Pt()/h, 6), round(r.W.Pt()/w, 6), round(r.H.Pt()/h, 6)},
	}
}

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}

func ptr(n int) *int { return &n }

// nonNil keeps empty lists as [] rather than null in the JSON.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Path is where the map of the PDF at pdfPath goes: next to it, with the extension .json.
func Path(pdfPath string) string {
	return strings.TrimSuffix(pdfPath, filepath.Ext(pdfPath)) + ".json"
}

// Marshal encodes the map as indented JSON with a final newline.
func (m *Map) Marshal() ([]byte, error) {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// Write builds the map of doc and writes it next to its PDF (see Path), atomically.
// It returns the map's path.
func Write(doc *page.Document, ed Edition, pdfPath string) (string, error) {
	b, err := Build(doc, ed, filepath.Base(pdfPath)).Marshal()
	if err != nil {
		return "", err
	}
	path := Path(pdfPath)
	if err := pdf.AtomicWrite(path, b); err != nil {
		return "", fmt.Errorf("writing the article map: %w", err)
	}
	return path, nil
}

// Read loads a map and checks that it is one (format and version).
func Read(path string) (*Map, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m Map
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if m.Format != Format {
		return nil, fmt.Errorf("%s: not an article map (format %q)", path, m.Format)
	}
	if m.Version != Version {
		return nil, fmt.Errorf("%s: article map version %d, want %d", path, m.Version, Version)
	}
	return &m, nil
}
