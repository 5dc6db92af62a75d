// Package page is the display list: pages of positioned items that layout produces and
// backends (PDF, PNG, article map) consume. It is the only contract between the two: a
// backend never measures text or decides where anything goes.
package page

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"epaper/layout/geom"
)

// Document is a laid-out edition.
type Document struct {
	Meta     Meta
	Fonts    []Font  // every face the pages use
	Images   []Image // every picture the pages use, by ID
	Pages    []*Page
	Outline  []Bookmark
	Articles []Article
}

// Meta is document metadata.
type Meta struct {
	Title, Author, Subject, Keywords, Creator, Language string
	Date                                                time.Time // creation date: the edition date, for reproducible output
}

// Font is a TrueType face used by Text items.
type Font struct {
	Name string
	Data []byte
}

// Image is an encoded picture ready to embed.
type Image struct {
	ID            string
	Data          []byte
	Format        string // "jpeg" or "png"
	Width, Height int    // pixels
}

// Page is one page of items in drawing order.
type Page struct {
	Number        int
	Width, Height geom.Sp
	Section       string
	Items         []Item
	Regions       []Region // where each story (piece) and ad lies on the page
}

// Region is the rectangle of one piece of a story (or an ad) on a page, for outputs that map
// articles to places (the e-paper article map, proofs).
type Region struct {
	Story    string // article id, or "ad:" + ad id
	Rect     geom.Rect
	Photos   []geom.Rect // photo frames inside it
	JumpTo   int         // page the story continues on, 0 if it ends here
	JumpFrom int         // page this piece continues from, 0 if it starts here
}

// Article describes a story of the document for outputs such as the article map.
type Article struct {
	ID, Section, Headline, Byline string
	Captions                      []string
	Pages                         []int
}

// Color is an RGB colour, 0-255 per channel.
type Color struct{ R, G, B uint8 }

// Common colours.
var (
	Black = Color{0, 0, 0}
	White = Color{255, 255, 255}
)

// Item is one positioned thing. Story names the article it belongs to ("" for page furniture),
// so outputs such as the article map can group items.
type Item interface {
	Bounds() geom.Rect
	Owner() string
}

// Text is a run of glyphs on a baseline, drawn without kerning inside it.
type Text struct {
	X, Y     geom.Sp // left end of the baseline
	Font     string
	Size     geom.Sp
	Tracking geom.Sp // extra space after each glyph
	Color    Color
	Text     string
	Width    geom.Sp // advance width including tracking, for bounds
	Ascent   geom.Sp // above the baseline
	Descent  geom.Sp // below the baseline (positive)
	Story    string
}

// Bounds is the box from descender to ascender.
func (t *Text) Bounds() geom.Rect {
	return geom.Rect{X: t.X, Y: t.Y - t.Ascent, W: t.Width, H: t.Ascent + t.Descent}
}

// Owner returns the story the item belongs to.
func (t *Text) Owner() string { return t.Story }

// Picture is an image placed in a frame; the image already has the frame's aspect ratio.
type Picture struct {
	Frame   geom.Rect
	ImageID string
	Story   string
	Caption string // for outputs that describe images
}

// Bounds is the frame.
func (p *Picture) Bounds() geom.Rect { return p.Frame }

// Owner returns the story the item belongs to.
func (p *Picture) Owner() string { return p.Story }

// Rule is a straight line.
type Rule struct {
	X0, Y0, X1, Y1 geom.Sp
	Width          geom.Sp
	Color          Color
	Story          string
}

// Bounds is the line's box, thickened by its width across its direction (lines have butt
// ends, so they do not extend along it).
func (r *Rule) Bounds() geom.Rect {
	x0, x1 := geom.Min(r.X0, r.X1), geom.Max(r.X0, r.X1)
	y0, y1 := geom.Min(r.Y0, r.Y1), geom.Max(r.Y0, r.Y1)
	h := r.Width / 2
	if y0 == y1 {
		return geom.Rect{X: x0, Y: y0 - h, W: x1 - x0, H: 2 * h}
	}
	if x0 == x1 {
		return geom.Rect{X: x0 - h, Y: y0, W: 2 * h, H: y1 - y0}
	}
	return geom.Rect{X: x0 - h, Y: y0 - h, W: x1 - x0 + 2*h, H: y1 - y0 + 2*h}
}

// Owner returns the story the item belongs to.
func (r *Rule) Owner() string { return r.Story }

// Box is a filled rectangle (a tint panel, a colour bar).
type Box struct {
	Rect  geom.Rect
	Color Color
	Story string
}

// Bounds is the rectangle.
func (b *Box) Bounds() geom.Rect { return b.Rect }

// Owner returns the story the item belongs to.
func (b *Box) Owner() string { return b.Story }

// Link is a clickable area that goes to a page (and a height on it) or a URL.
type Link struct {
	Rect     geom.Rect
	ToPage   int     // 1-based; 0 when URL is set
	ToY      geom.Sp // top of the target area on ToPage
	URL      string
	Story    string
	Internal bool
}

// Bounds is the clickable area.
func (l *Link) Bounds() geom.Rect { return l.Rect }

// Owner returns the story the item belongs to.
func (l *Link) Owner() string { return l.Story }

// Bookmark is an outline entry.
type Bookmark struct {
	Title string
	Level int // 0 = section, 1 = article
	Page  int // 1-based
	Y     geom.Sp
}

// Dump writes a canonical text form of the document, for golden tests and debugging:
// one line per item, in drawing order, positions in points.
func (d *Document) Dump(w io.Writer) {
	fmt.Fprintf(w, "document %q pages=%d fonts=%d images=%d\n", d.Meta.Title, len(d.Pages), len(d.Fonts), len(d.Images))
	for _, b := range d.Outline {
		fmt.Fprintf(w, "bookmark %d p%d y=%.2f %q\n", b.Level, b.Page, b.Y.Pt(), b.Title)
	}
	for _, p := range d.Pages {
		fmt.Fprintf(w, "page %d %.2fx%.2f %q\n", p.Number, p.Width.Pt(), p.Height.Pt(), p.Section)
		for _, it := range p.Items {
			switch v := it.(type) {
			case *Text:
				fmt.Fprintf(w, "  text %s %.2f %.2f %s %.2f tr=%.3f %q\n", v.Story, v.X.Pt(), v.Y.Pt(), v.Font, v.Size.Pt(), v.Tracking.Pt(), v.Text)
			case *Picture:
				fmt.Fprintf(w, "  picture %s %v %s\n", v.Story, v.Frame, v.ImageID)
			case *Rule:
				fmt.Fprintf(w, "  rule %s %.2f %.2f %.2f %.2f w=%.2f\n", v.Story, v.X0.Pt(), v.Y0.Pt(), v.X1.Pt(), v.Y1.Pt(), v.Width.Pt())
			case *Box:
				fmt.Fprintf(w, "  box %s %v #%02x%02x%02x\n", v.Story, v.Rect, v.Color.R, v.Color.G, v.Color.B)
			case *Link:
				fmt.Fprintf(w, "  link %s %v ->p%d %q\n", v.Story, v.Rect, v.ToPage, v.URL)
			}
		}
	}
}

// Words returns the text of a story's items in drawing order, joined by spaces, with
// line-end hyphens kept: tests use it to check that every word of an article was set.
func (d *Document) Words(story string) []string {
	var out []string
	for _, p := range d.Pages {
		for _, it := range p.Items {
			if t, ok := it.(*Text); ok && t.Story == story {
				out = append(out, t.Text)
			}
		}
	}
	return out
}

// Stories lists the stories present, sorted.
func (d *Document) Stories() []string {
	seen := map[string]bool{}
	for _, p := range d.Pages {
		for _, it := range p.Items {
			if s := it.Owner(); s != "" {
				seen[s] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// String is a short description used in test failures.
func (t *Text) String() string {
	return fmt.Sprintf("text %q at %.1f,%.1f", strings.TrimSpace(t.Text), t.X.Pt(), t.Y.Pt())
}
