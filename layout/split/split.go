// Package split writes each page of an edition as its own PDF, for apps and sites that
// offer single pages (a page to share, or to download on a slow connection).
//
// A page's PDF is made from the display list, not cut out of the edition's PDF: it embeds
// only the fonts and images that page uses. Links to other pages are dropped, since they
// would point into a file the reader may not have; links on the page and to web addresses
// are kept.
package split

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"unicode"

	"epaper/layout/page"
	"epaper/layout/pdf"
)

// Page returns a one-page document with page i (0-based) of doc, renumbered as page 1.
// doc is not modified; items that need changing are copied.
func Page(doc *page.Document, i int) *page.Document {
	src := doc.Pages[i]
	meta := doc.Meta
	meta.Title = fmt.Sprintf("%s, page %d", doc.Meta.Title, src.Number)
	if src.Section != "" {
		meta.Title += " (" + src.Section + ")"
	}
	pg := &page.Page{Number: 1, Width: src.Width, Height: src.Height, Section: src.Section, Regions: src.Regions}
	fonts, images := map[string]bool{}, map[string]bool{}
	for _, it := range src.Items {
		switch v := it.(type) {
		case *page.Text:
			fonts[v.Font] = true
		case *page.Picture:
			images[v.ImageID] = true
		case *page.Link:
			if v.URL == "" {
				if v.ToPage != src.Number {
					continue
				}
				l := *v
				l.ToPage = 1
				it = &l
			}
		}
		pg.Items = append(pg.Items, it)
	}
	out := &page.Document{Meta: meta, Pages: []*page.Page{pg}}
	for _, f := range doc.Fonts {
		if fonts[f.Name] {
			out.Fonts = append(out.Fonts, f)
		}
	}
	for _, im := range doc.Images {
		if images[im.ID] {
			out.Images = append(out.Images, im)
		}
	}
	// The page's bookmarks, re-levelled so that the outline still nests: a page that opens
	// with an article (level 1) has no section entry (level 0) before it in its own file.
	// The PDF writer needs a font to write bookmarks with, so a page without text has none.
	prev := -1
	for _, b := range doc.Outline {
		if b.Page != src.Number || len(out.Fonts) == 0 {
			continue
		}
		b.Page = 1
		b.Level = min(b.Level, prev+1)
		prev = b.Level
		out.Outline = append(out.Outline, b)
	}
	for _, a := range doc.Articles {
		for _, n := range a.Pages {
			if n == src.Number {
				out.Articles = append(out.Articles, a)
				break
			}
		}
	}
	return out
}

// Name is the file name of a page's PDF: base, the page number (two digits, or more for
// editions of 100 pages or more) and the section, e.g. "courier-city-2026-03-14-p01-front-page.pdf".
func Name(base string, pg *page.Page, pages int) string {
	width := max(2, len(fmt.Sprint(pages)))
	name := fmt.Sprintf("%s-p%0*d", base, width, pg.Number)
	if s := Slug(pg.Section); s != "" {
		name += "-" + s
	}
	return name + ".pdf"
}

// Write writes every page of doc to dir (see Name), each atomically, and returns the
// paths in page order.
func Write(doc *page.Document, dir, base string) ([]string, error) {
	var paths []string
	for i, pg := range doc.Pages {
		var buf bytes.Buffer
		if err := pdf.Write(Page(doc, i), &buf); err != nil {
			return paths, fmt.Errorf("page %d: %w", pg.Number, err)
		}
		path := filepath.Join(dir, Name(base, pg, len(doc.Pages)))
		if err := pdf.AtomicWrite(path, buf.Bytes()); err != nil {
			return paths, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}

// Slug makes a file-name-safe lower-case name: ASCII letters and digits, and single
// dashes between words. Accented Latin letters lose their accents ("Économie" gives
// "economie"); other characters separate words.
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if f, ok := folded[r]; ok {
			b.WriteString(f)
			dash = false
			continue
		}
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// folded spells the lower-case letters of Latin-1 and Latin Extended-A without accents.
var folded = func() map[rune]string {
	m := map[rune]string{'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ð': "d", 'þ': "th", 'ł': "l", 'đ': "d", 'ı': "i", 'ŋ': "n", 'ĳ': "ij"}
	for base, letters := range map[string]string{
		"a": "àáâãäåāăą", "c": "çćĉċč", "d": "ď", "e": "èéêëēĕėęě", "g": "ĝğġģ", "h": "ĥħ",
		"i": "ìíîïĩīĭįı", "j": "ĵ", "k": "ķ", "l": "ĺļľŀ", "n": "ñńņňŉ", "o": "òóôõöōŏő",
		"r": "ŕŗř", "s": "śŝşšſ", "t": "ţťŧ", "u": "ùúûüũūŭůűų", "w": "ŵ", "y": "ýÿŷ", "z": "źżž",
	} {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()
