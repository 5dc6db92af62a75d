// Package pdf writes a display list as a PDF. It is the only package that knows fpdf, which
// is archived upstream and treated as untrusted: inputs are validated by layout, panics are
// recovered here and returned as errors, and fpdf's deferred error is always checked. fpdf
// writes the file's structure, fonts, images, links and outline; the pages' content streams
// are written here (content.go).
package pdf

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"maps"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/sfnt"

	"epaper/layout/geom"
	"epaper/layout/page"
)

// Write renders doc as PDF to w. Nothing is written when rendering fails.
func Write(doc *page.Document, w io.Writer) error {
	parts, err := render(doc)
	if err != nil {
		return err
	}
	for _, p := range parts {
		if _, err := w.Write(p); err != nil {
			return err
		}
	}
	return nil
}

// render makes the PDF, as consecutive parts.
func render(doc *page.Document) (parts [][]byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			parts, err = nil, fmt.Errorf("pdf writer failed: %v", r)
		}
	}()
	if len(doc.Pages) == 0 {
		return nil, fmt.Errorf("the document has no pages")
	}
	// While fpdf reads the fonts and writes the rest of the file, the pages' content is
	// written: first the runes each font draws, which fpdf needs to subset it, then the
	// content streams under our names for the resources.
	runesMade := make(chan madeRunes, 1)
	streams := make(chan madeStreams, 1)
	go func() {
		runesSent := false
		defer func() { // a panic is an error here too, told to whoever waits
			if r := recover(); r != nil {
				err := fmt.Errorf("pdf writer failed: %v", r)
				if !runesSent {
					runesMade <- madeRunes{err: err}
				}
				streams <- madeStreams{err: err}
			}
		}()
		runes, err := usedRunes(doc)
		runesMade <- madeRunes{runes, err}
		runesSent = true
		if err != nil {
			streams <- madeStreams{err: err}
			return
		}
		names := newResourceNames(doc)
		s, err := contentStreams(doc, names)
		streams <- madeStreams{s, names, err}
	}()
	first := doc.Pages[0]
	f := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: pt(first.Width), Ht: pt(first.Height)}})
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	// Page content is ours (see content.go), compressed as we write it; fpdf's own, which
	// we replace, stays plain so that the names it gave fonts and images can be read.
	f.SetCompression(false)
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
	fams, err := families(doc.Fonts)
	if err != nil {
		return nil, err
	}
	for _, ft := range doc.Fonts {
		f.AddUTF8FontFromBytes(fams[ft.Name], "", ft.Data)
	}
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("embedding fonts: %w", err)
	}
	images := map[string]bool{}
	photos := standIns{}
	for _, im := range doc.Images {
		if images[im.ID] {
			return nil, fmt.Errorf("image %s is listed twice", im.ID)
		}
		images[im.ID] = true
		if err := checkImage(im); err != nil {
			return nil, fmt.Errorf("embedding image %s: %w", im.ID, err)
		}
		typ, data := "JPG", im.Data
		if im.Format == "png" {
			typ = "PNG"
		} else if stand, ok := photos.jpegStandIn(im.Data); ok {
			data = stand
		}
		f.RegisterImageOptionsReader(im.ID, fpdf.ImageOptions{ImageType: typ}, bytes.NewReader(data))
		if err := f.Error(); err != nil {
			return nil, fmt.Errorf("embedding image %s: %w", im.ID, err)
		}
	}
	links := map[int]int{}
	for _, p := range doc.Pages {
		links[p.Number] = f.AddLink()
		f.SetLink(links[p.Number], 0, p.Number)
	}
	marks, entries, err := outline(doc)
	if err != nil {
		return nil, err
	}
	used := <-runesMade
	if used.err != nil {
		return nil, used.err
	}
	for i, p := range doc.Pages {
		f.AddPageFormat("P", fpdf.SizeType{Wd: pt(p.Width), Ht: pt(p.Height)})
		if i == 0 {
			register(f, doc, fams, used.runes)
		}
		if len(doc.Fonts) > 0 {
			f.SetFont(fams[doc.Fonts[0].Name], "", 10) // bookmarks need a UTF-8 font selected
		}
		for _, b := range marks[p.Number] {
			f.Bookmark(b.Title, b.Level, pt(b.Y))
		}
		for _, it := range p.Items {
			if l, ok := it.(*page.Link); ok {
				if err := link(f, l, links, p.Number); err != nil {
					return nil, err
				}
			}
		}
		if err := f.Error(); err != nil {
			return nil, fmt.Errorf("page %d: %w", p.Number, err)
		}
	}
	var out capture
	if err := f.Output(&out); err != nil {
		return nil, fmt.Errorf("writing PDF: %w", err)
	}
	pdf := tagSubsets(out.b, fams)
	xr, err := readXref(pdf)
	if err != nil {
		return nil, err
	}
	contents, err := pageContents(pdf, xr)
	if err != nil {
		return nil, err
	}
	if len(contents) != len(doc.Pages) {
		return nil, fmt.Errorf("writing PDF: fpdf wrote %d pages, not %d", len(contents), len(doc.Pages))
	}
	made := <-streams
	if made.err != nil {
		return nil, made.err
	}
	theirs, err := fpdfNames(pdf[contents[0].data:contents[0].end], doc, made.names)
	if err != nil {
		return nil, err
	}
	resources, err := resourceEdit(pdf, xr, theirs)
	if err != nil {
		return nil, err
	}
	return conform(pdf, xr, entries, photos, append(contentEdits(contents, made.streams), resources))
}

type madeRunes struct {
	runes map[string]string
	err   error
}

type madeStreams struct {
	streams [][]byte
	names   resourceNames
	err     error
}

// capture keeps what fpdf outputs. fpdf hands over its whole buffer in one Write and never
// uses it again, so the slice is kept rather than copied (the PDF holds every photo: many
// megabytes, and fresh memory costs a page fault per 4 KB). Later writes, if any, append.
type capture struct {
	b     []byte
	owned bool // b is ours to append to
}

func (c *capture) Write(p []byte) (int, error) {
	if c.b == nil {
		c.b = p
		return len(p), nil
	}
	if !c.owned {
		c.b, c.owned = append([]byte(nil), c.b...), true
	}
	c.b = append(c.b, p...)
	return len(p), nil
}

// outline groups the bookmarks by page and lists them in the order fpdf numbers them (page
// by page), each with the height of its page. fpdf links each entry to the last one a level
// up, so a tree with a missing level, or a bookmark on a page that is not drawn, would come
// out broken or not at all: both are errors.
func outline(doc *page.Document) (map[int][]page.Bookmark, []outlineEntry, error) {
	marks := map[int][]page.Bookmark{}
	for _, b := range doc.Outline {
		marks[b.Page] = append(marks[b.Page], b)
	}
	var entries []outlineEntry
	for _, p := range doc.Pages {
		for _, b := range marks[p.Number] {
			prev := -1
			if len(entries) > 0 {
				prev = entries[len(entries)-1].Level
			}
			if b.Level < 0 || b.Level > prev+1 {
				return nil, nil, fmt.Errorf("bookmark %q at level %d follows one at level %d", b.Title, b.Level, prev)
			}
			entries = append(entries, outlineEntry{b, p.Height})
		}
	}
	if len(entries) != len(doc.Outline) {
		for _, b := range doc.Outline {
			if !slices.ContainsFunc(doc.Pages, func(p *page.Page) bool { return p.Number == b.Page }) {
				return nil, nil, fmt.Errorf("bookmark %q is on page %d, which does not exist", b.Title, b.Page)
			}
		}
	}
	return marks, entries, nil
}

type outlineEntry struct {
	page.Bookmark
	pageHeight geom.Sp
}

// conform repairs places where fpdf's output breaks the PDF specification, so that strict
// checkers accept the file, or points somewhere else than asked: outline entries get their
// /Count and their page's own height (see outlineEdits), and link annotations, which fpdf
// writes inline in each page's /Annots array, become objects of their own, as the array must
// hold indirect references. The photos take the places of their stand-ins (see images.go),
// and our page contents the places of fpdf's (contents; see content.go). entries lists the
// outline in fpdf's order. Offsets in the xref table follow the edits.
func conform(pdf []byte, xr *xref, entries []outlineEntry, photos standIns, contents []edit) ([][]byte, error) {
	swaps, err := photos.edits(pdf, xr)
	if err != nil {
		return nil, err
	}
	edits, err := outlineEdits(pdf, xr, entries)
	if err != nil {
		return nil, err
	}
	annots, objs, err := indirectAnnots(pdf, xr)
	if err != nil {
		return nil, err
	}
	return applyEdits(pdf, xr, slices.Concat(edits, annots, swaps, contents), objs)
}

// outlineEdits sets the /Count of outline entries that have children. fpdf writes 0 for
// every entry, which the specification forbids for a parent (readers may then hide its
// children); parents are made open, and the outline root counts every entry, as it must when
// some are open. It also rewrites each entry's target height, which fpdf measures from the
// top of the last page rather than of the entry's own page.
//
// fpdf writes the entries as consecutive objects just before the outline root, each ending
// in "/Dest [p 0 R /XYZ 0 y null]\n/Count 0>>", and the root as
// "<</Type /Outlines /First a 0 R\n/Last b 0 R>>".
func outlineEdits(pdf []byte, xr *xref, entries []outlineEntry) ([]edit, error) {
	if len(entries) == 0 {
		return nil, nil
	}
	catalog, err := xr.object(pdf, xr.root)
	if err != nil {
		return nil, err
	}
	root, ok := refAfter(catalog, "/Outlines ")
	if !ok || root-len(entries) < 1 {
		return nil, fmt.Errorf("writing outline: no outline root in the catalog")
	}
	var edits []edit
	for i, e := range entries {
		obj := root - len(entries) + i
		at, err := xr.find(pdf, obj, " /XYZ 0 ")
		if err != nil {
			return nil, err
		}
		at += len(" /XYZ 0 ")
		n := bytes.IndexByte(pdf[at:min(at+32, len(pdf))], ' ')
		if n < 0 {
			return nil, fmt.Errorf("writing PDF: unexpected outline entry %d from fpdf", obj)
		}
		top := strconv.FormatFloat(pt(e.pageHeight-e.Y), 'f', 2, 64)
		edits = append(edits, edit{at: at, n: n, b: []byte(top)})
		children := 0
		for j := i + 1; j < len(entries) && entries[j].Level > e.Level; j++ {
			children++
		}
		if children == 0 {
			continue
		}
		if at, err = xr.find(pdf, obj, "/Count 0>>"); err != nil {
			return nil, err
		}
		edits = append(edits, edit{at: at, n: len("/Count 0>>"), b: []byte("/Count " + strconv.Itoa(children) + ">>")})
	}
	at, err := xr.find(pdf, root, "0 R>>")
	if err != nil {
		return nil, err
	}
	return append(edits, edit{at: at + len("0 R"), b: []byte(" /Count " + strconv.Itoa(len(entries)))}), nil
}

// indirectAnnots moves the annotation dictionaries out of the pages' /Annots arrays into new
// objects, numbered from the end of the xref table on, and puts references in their place.
func indirectAnnots(pdf []byte, xr *xref) ([]edit, [][]byte, error) {
	var edits []edit
	var objs [][]byte
	for n := 1; n < len(xr.offsets); n++ {
		if !bytes.HasPrefix(pdf[xr.offsets[n]:], []byte(strconv.Itoa(n)+" 0 obj\n<</Type /Page\n")) {
			continue
		}
		obj, err := xr.object(pdf, n)
		if err != nil {
			return nil, nil, err
		}
		i := bytes.Index(obj, []byte("/Annots ["))
		if i < 0 {
			continue
		}
		i += len("/Annots [")
		var refs []string
		j := i
		for j < len(obj) && obj[j] != ']' {
			if obj[j] == ' ' || obj[j] == '\n' {
				j++
				continue
			}
			end := dictEnd(obj, j)
			if end < 0 {
				return nil, nil, fmt.Errorf("writing PDF: unexpected annotation on page object %d", n)
			}
			refs = append(refs, strconv.Itoa(len(xr.offsets)+len(objs))+" 0 R")
			objs = append(objs, obj[j:end])
			j = end
		}
		if j == len(obj) {
			return nil, nil, fmt.Errorf("writing PDF: unterminated annotations on page object %d", n)
		}
		edits = append(edits, edit{at: xr.offsets[n] + i, n: j - i, b: []byte(strings.Join(refs, " "))})
	}
	return edits, objs, nil
}

// dictEnd returns the offset just past the dictionary that starts at b[i], skipping nested
// dictionaries and literal strings (which may hold unbalanced, escaped brackets), or -1.
func dictEnd(b []byte, i int) int {
	if !bytes.HasPrefix(b[i:], []byte("<<")) {
		return -1
	}
	depth := 0
	for i < len(b) {
		switch {
		case bytes.HasPrefix(b[i:], []byte("<<")):
			depth++
			i += 2
		case bytes.HasPrefix(b[i:], []byte(">>")):
			depth--
			i += 2
			if depth == 0 {
				return i
			}
		case b[i] == '(':
			nest := 0
			for ; i < len(b); i++ {
				if b[i] == '\\' {
					i++
				} else if b[i] == '(' {
					nest++
				} else if b[i] == ')' {
					nest--
					if nest == 0 {
						break
					}
				}
			}
			i++
		default:
			i++
		}
	}
	return -1
}

// xref is fpdf's cross-reference table: one section, one subsection starting at object 0.
type xref struct {
	at      int   // offset of the "xref" keyword
	offsets []int // by object number; 0 for the free head
	root    int   // the catalog's object number
}

func readXref(pdf []byte) (*xref, error) {
	bad := func(what string) (*xref, error) { return nil, fmt.Errorf("writing PDF: unexpected %s from fpdf", what) }
	i := bytes.LastIndex(pdf, []byte("startxref\n"))
	if i < 0 {
		return bad("end of file")
	}
	rest := pdf[i+len("startxref\n"):]
	at, err := strconv.Atoi(string(rest[:max(0, bytes.IndexByte(rest, '\n'))]))
	if err != nil || at <= 0 || at >= i {
		return bad("startxref")
	}
	x := &xref{at: at}
	var count int
	if _, err := fmt.Sscanf(string(pdf[at:min(at+32, len(pdf))]), "xref\n0 %d\n", &count); err != nil || count < 1 {
		return bad("xref table")
	}
	entries := at + bytes.IndexByte(pdf[at+5:], '\n') + 6
	const entryLen = 20 // "0000000009 00000 n \n"
	if entries+count*entryLen > i {
		return bad("xref table length")
	}
	x.offsets = make([]int, count)
	for n := 1; n < count; n++ {
		e := pdf[entries+n*entryLen : entries+(n+1)*entryLen]
		off, err := strconv.Atoi(string(e[:10]))
		if err != nil || string(e[10:]) != " 00000 n \n" || off >= at {
			return bad("xref entry")
		}
		x.offsets[n] = off
	}
	trailer := pdf[entries+count*entryLen : i]
	root, ok := refAfter(trailer, "/Root ")
	if !ok || root >= count {
		return bad("trailer")
	}
	x.root = root
	return x, nil
}

// object returns the text of object n, from "n 0 obj" to "endobj".
func (x *xref) object(pdf []byte, n int) ([]byte, error) {
	if n <= 0 || n >= len(x.offsets) {
		return nil, fmt.Errorf("writing PDF: object %d is not in the xref table", n)
	}
	start := x.offsets[n]
	if !bytes.HasPrefix(pdf[start:], []byte(strconv.Itoa(n)+" 0 obj")) {
		return nil, fmt.Errorf("writing PDF: object %d is not where the xref table says", n)
	}
	end := bytes.Index(pdf[start:x.at], []byte("endobj"))
	if end < 0 {
		return nil, fmt.Errorf("writing PDF: object %d has no end", n)
	}
	return pdf[start : start+end], nil
}

// find returns the offset of the last occurrence of s in object n.
func (x *xref) find(pdf []byte, n int, s string) (int, error) {
	obj, err := x.object(pdf, n)
	if err != nil {
		return 0, err
	}
	i := bytes.LastIndex(obj, []byte(s))
	if i < 0 {
		return 0, fmt.Errorf("writing PDF: %q not found in object %d", s, n)
	}
	return x.offsets[n] + i, nil
}

// refAfter reads the object number of the reference "key N 0 R" in b.
func refAfter(b []byte, key string) (int, bool) {
	i := bytes.Index(b, []byte(key))
	if i < 0 {
		return 0, false
	}
	var n int
	if _, err := fmt.Sscanf(string(b[i+len(key):]), "%d 0 R", &n); err != nil {
		return 0, false
	}
	return n, true
}

// edit replaces the n bytes at offset at with b.
type edit struct {
	at, n int
	b     []byte
}

// applyEdits makes edits (not overlapping, all before the xref table), appends objs as new
// objects after the last one, and rewrites the xref table and trailer to match: every offset
// moves by what the edits before it added. The result is the new file as consecutive parts,
// most of them slices of pdf: a PDF of many megabytes (the photos) is not copied again.
func applyEdits(pdf []byte, x *xref, edits []edit, objs [][]byte) ([][]byte, error) {
	slices.SortFunc(edits, func(a, b edit) int { return a.at - b.at })
	parts := make([][]byte, 0, 2*len(edits)+3)
	last := 0
	// added[k] is what the first k edits add to the length.
	added := make([]int, len(edits)+1)
	for k, e := range edits {
		if e.at < last || e.at+e.n > x.at {
			return nil, fmt.Errorf("writing PDF: overlapping edits")
		}
		parts = append(parts, pdf[last:e.at], e.b)
		last = e.at + e.n
		added[k+1] = added[k] + len(e.b) - e.n
	}
	parts = append(parts, pdf[last:x.at])
	size := x.at + added[len(edits)] // where the new objects start
	shift := func(off int) int {
		k, _ := slices.BinarySearchFunc(edits, off, func(e edit, off int) int { return e.at - off })
		return off + added[k] // the edits before off
	}
	offsets := make([]int, 0, len(x.offsets)+len(objs))
	for _, off := range x.offsets {
		offsets = append(offsets, shift(off))
	}
	var out []byte
	for _, o := range objs {
		offsets = append(offsets, size+len(out))
		out = strconv.AppendInt(out, int64(len(offsets)-1), 10)
		out = append(out, " 0 obj\n"...)
		out = append(out, o...)
		out = append(out, "\nendobj\n"...)
	}
	xrefAt := size + len(out)
	out = fmt.Appendf(out, "xref\n0 %d\n0000000000 65535 f \n", len(offsets))
	for _, off := range offsets[1:] {
		out = appendPadded(out, off, 10)
		out = append(out, " 00000 n \n"...)
	}
	tail := pdf[x.at:]
	tail = tail[bytes.Index(tail, []byte("trailer")):bytes.LastIndex(tail, []byte("startxref\n"))]
	sizeKey := []byte("/Size " + strconv.Itoa(len(x.offsets)) + "\n")
	if !bytes.Contains(tail, sizeKey) {
		return nil, fmt.Errorf("writing PDF: unexpected trailer from fpdf")
	}
	out = append(out, bytes.Replace(tail, sizeKey, []byte("/Size "+strconv.Itoa(len(offsets))+"\n"), 1)...)
	out = fmt.Appendf(out, "startxref\n%d\n%%%%EOF\n", xrefAt)
	return append(parts, out), nil
}

// appendPadded appends v in decimal, zero-padded to width digits (as %0*d does).
func appendPadded(b []byte, v, width int) []byte {
	var d [20]byte
	s := strconv.AppendInt(d[:0], int64(v), 10)
	for range width - len(s) {
		b = append(b, '0')
	}
	return append(b, s...)
}

// familyPrefix starts every font family name given to fpdf. fpdf embeds subsets but names
// them "utf8<family>", without the six-letter tag ("ABCDEF+Name") by which viewers and
// checkers recognise a subset. "utf8" plus this prefix is exactly as long as a tag and its
// plus sign, so tagSubsets can swap one for the other without moving any byte offset.
const familyPrefix = "sub"

// families checks the fonts and names each for fpdf: the prefix and the font's name cut down
// to characters that are safe in a PDF name, in lower case (fpdf lowercases family names, so
// "Body" and "body" would otherwise be one font), made unique with a number if needed.
func families(fonts []page.Font) (map[string]string, error) {
	fams := map[string]string{}
	taken := map[string]bool{}
	for _, ft := range fonts {
		if _, dup := fams[ft.Name]; dup {
			return nil, fmt.Errorf("font %q is listed twice", ft.Name)
		}
		if err := checkFont(ft.Data); err != nil {
			return nil, fmt.Errorf("font %q: %w", ft.Name, err)
		}
		base := strings.Map(func(r rune) rune {
			switch {
			case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
				return r
			case r >= 'A' && r <= 'Z':
				return r - 'A' + 'a'
			}
			return '_'
		}, ft.Name)
		name := familyPrefix + base
		for i := 2; taken[name]; i++ {
			name = familyPrefix + base + "_" + strconv.Itoa(i)
		}
		taken[name] = true
		fams[ft.Name] = name
	}
	return fams, nil
}

// checkFont rejects what fpdf would embed broken or skip with a message on stdout: anything
// but a TrueType font (OpenType/CFF, collections), and files that do not parse.
func checkFont(data []byte) error {
	if len(data) < 4 || (string(data[:4]) != "\x00\x01\x00\x00" && string(data[:4]) != "true") {
		return fmt.Errorf("not a TrueType font")
	}
	if _, err := sfnt.Parse(data); err != nil {
		return fmt.Errorf("corrupt font: %w", err)
	}
	return nil
}

// checkImage decodes an image's header and checks what fpdf does not: the format is
// one fpdf embeds correctly (JPEG, or PNG of at most 8 bits per sample, not interlaced), the size is the one declared,
// and the data is complete (fpdf embeds a truncated JPEG without a word).
func checkImage(im page.Image) error {
	var (
		cfg image.Config
		err error
		end []byte
	)
	switch im.Format {
	case "jpeg":
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(im.Data))
		end = []byte{0xFF, 0xD9} // EOI
	case "png":
		cfg, err = png.DecodeConfig(bytes.NewReader(im.Data))
		if err == nil && (im.Data[24] > 8 || im.Data[28] != 0) { // IHDR bit depth, interlace method
			return fmt.Errorf("PNG must have at most 8 bits per sample and not be interlaced")
		}
		end = []byte{0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82}
	default:
		return fmt.Errorf("unsupported image format %q", im.Format)
	}
	if err != nil {
		return fmt.Errorf("corrupt %s: %w", im.Format, err)
	}
	if cfg.Width != im.Width || cfg.Height != im.Height {
		return fmt.Errorf("image is %dx%d pixels, not %dx%d as declared", cfg.Width, cfg.Height, im.Width, im.Height)
	}
	if !bytes.HasSuffix(im.Data, end) {
		return fmt.Errorf("truncated %s", im.Format)
	}
	return nil
}

// tagSubsets renames fpdf's font names to tagged subset names, in place: each name has the
// same length as its replacement, so no byte offset moves. fams maps each font's name to its
// fpdf family. A name only matches whole ("serif-bold" is not the start of "serif-bolditalic").
func tagSubsets(pdf []byte, fams map[string]string) []byte {
	for _, name := range slices.Sorted(maps.Keys(fams)) {
		fam := fams[name]
		tagged := subsetTag(name) + "+" + strings.TrimPrefix(fam, familyPrefix)
		for _, key := range []string{"/BaseFont /", "/FontName /"} {
			old := []byte(key + "utf8" + fam)
			for i := 0; ; {
				j := bytes.Index(pdf[i:], old)
				if j < 0 {
					break
				}
				end := i + j + len(old)
				if end == len(pdf) || bytes.IndexByte([]byte(" \t\r\n\f\x00()<>[]{}/%"), pdf[end]) >= 0 {
					copy(pdf[i+j+len(key):end], tagged)
				}
				i = end
			}
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

// register gives fpdf, on the first page, each font's runes (it embeds only the glyphs
// it saw) and each image, each behind a marker by which fpdfNames finds the resource name
// fpdf chose. That page's content is replaced afterwards, as every page's is.
func register(f *fpdf.Fpdf, doc *page.Document, fams map[string]string, runes map[string]string) {
	for i, ft := range doc.Fonts {
		f.RawWriteStr(fontMarker + strconv.Itoa(i))
		f.SetFont(fams[ft.Name], "", 10)
		if r := runes[ft.Name]; r != "" {
			f.Text(0, 0, r)
		}
	}
	for i, im := range doc.Images {
		f.RawWriteStr(imageMarker + strconv.Itoa(i))
		f.ImageOptions(im.ID, 0, 0, 1, 1, false, fpdf.ImageOptions{}, 0, "")
	}
}

// link adds a link annotation to the current page.
func link(f *fpdf.Fpdf, v *page.Link, links map[int]int, pageNo int) error {
	r := v.Rect
	if v.URL != "" {
		f.LinkString(pt(r.X), pt(r.Y), pt(r.W), pt(r.H), v.URL)
		return nil
	}
	id, ok := links[v.ToPage]
	if !ok {
		return fmt.Errorf("page %d: link to page %d, which does not exist", pageNo, v.ToPage)
	}
	if v.ToY > 0 {
		id = f.AddLink()
		f.SetLink(id, pt(v.ToY), v.ToPage)
	}
	f.Link(pt(r.X), pt(r.Y), pt(r.W), pt(r.H), id)
	return nil
}

// WriteFile writes the PDF to a temporary file in the target folder and renames it into
// place, so that a reader (or a crash) never sees a half-written file.
func WriteFile(doc *page.Document, path string) error {
	parts, err := render(doc)
	if err != nil {
		return err
	}
	return atomicWrite(path, parts...)
}

// AtomicWrite writes data to path via a temporary file in the same folder, synced, then
// renamed: the previous file stays complete until the new one is. Temporary files that
// killed writers left for the same path are removed once they are stale (see staleAfter).
func AtomicWrite(path string, data []byte) error { return atomicWrite(path, data) }

// atomicWrite is AtomicWrite of the concatenated parts.
func atomicWrite(path string, parts ...[]byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	removeStaleTemps(path, time.Now())
	tmp, err := os.CreateTemp(dir, tempPattern(path))
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
	bufs := net.Buffers(parts) // one writev where the system has it
	if _, err := bufs.WriteTo(tmp); err != nil {
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
	syncDir(dir)
	return nil
}
