package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"epaper/layout/geom"
	"epaper/layout/page"
)

// Page content streams are written here, not by fpdf. fpdf formats every word with Sprintf
// into a string, wraps it in its own text object and compresses the pages one after the
// other; that was two thirds of writing a PDF. fpdf still writes the rest of the file (fonts
// and their subsets, images, links, the outline), and is given the runes of each font and
// every image on the first page so that it subsets and lists them; its pages' content is
// then replaced by ours (see contentEdits). Pages are written and compressed in parallel.

// resourceNames are the names the page contents give the fonts and images: ours, chosen
// before fpdf chooses its own, so that the pages are written while fpdf writes the rest. The
// resource dictionary fpdf writes is then rewritten to our names (see resourceEdit).
type resourceNames struct {
	fonts  map[string]string // by font name: "F1", "F2", ...
	images map[string]string // by image ID: "Im1", ...; identical images share one, as in fpdf's file
}

func newResourceNames(doc *page.Document) resourceNames {
	names := resourceNames{fonts: map[string]string{}, images: map[string]string{}}
	for i, f := range doc.Fonts {
		names.fonts[f.Name] = "F" + strconv.Itoa(i+1)
	}
	// Identical images have equal bytes, which only images of the same length can have.
	byLen := map[int][]int{} // indices into doc.Images of the first image of each name
	next := 1
	for i, im := range doc.Images {
		name := ""
		for _, j := range byLen[len(im.Data)] {
			if bytes.Equal(doc.Images[j].Data, im.Data) {
				name = names.images[doc.Images[j].ID]
				break
			}
		}
		if name == "" {
			name = "Im" + strconv.Itoa(next)
			next++
			byLen[len(im.Data)] = append(byLen[len(im.Data)], i)
		}
		names.images[im.ID] = name
	}
	return names
}

// Markers before each registration on the first page, as PDF comments: they find the name
// fpdf gave each font and image (see fpdfNames).
const (
	fontMarker  = "%epaper-font "
	imageMarker = "%epaper-image "
)

// usedRunes returns, for each font, the runes its text on all pages uses, in order of first
// use, as a string for fpdf's Text to register. Runes beyond the Basic Multilingual Plane
// are an error: the fonts are embedded with two-byte codes (and fpdf panics on them).
func usedRunes(doc *page.Document) (map[string]string, error) {
	type fontRunes struct {
		seen  [1 << 16 / 64]uint64 // a bit per rune of the Basic Multilingual Plane
		order []rune
	}
	byFont := map[string]*fontRunes{}
	var last *fontRunes
	lastFont := ""
	for _, p := range doc.Pages {
		for _, it := range p.Items {
			t, ok := it.(*page.Text)
			if !ok {
				continue
			}
			if last == nil || t.Font != lastFont {
				if last = byFont[t.Font]; last == nil {
					last = &fontRunes{}
					byFont[t.Font] = last
				}
				lastFont = t.Font
			}
			for _, r := range t.Text {
				if r >= 0x10000 {
					return nil, fmt.Errorf("page %d: text %q has a character (U+%04X) the PDF fonts cannot encode", p.Number, t.Text, r)
				}
				if bit := uint64(1) << (r % 64); last.seen[r/64]&bit == 0 {
					last.seen[r/64] |= bit
					last.order = append(last.order, r)
				}
			}
		}
	}
	strs := make(map[string]string, len(byFont))
	for f, fr := range byFont {
		strs[f] = string(fr.order)
	}
	return strs, nil
}

// fpdfNames maps the names fpdf gave the fonts and images to ours. It reads them in the
// first page's content as fpdf wrote it, uncompressed, after our markers ("%epaper-font
// 2\nBT /Fab12 10.00 Tf ET", "%epaper-image 0\nq ... cm /Icd34 Do Q").
func fpdfNames(content []byte, doc *page.Document, ours resourceNames) (map[string]string, error) {
	theirs := map[string]string{}
	find := func(marker string, i int, op, our string) error {
		at := bytes.Index(content, []byte(marker+strconv.Itoa(i)+"\n"))
		if at < 0 {
			return fmt.Errorf("writing PDF: fpdf did not register %s%d", marker, i)
		}
		line := content[at+len(marker):]
		line = line[bytes.IndexByte(line, '\n')+1:]
		if end := bytes.IndexByte(line, '\n'); end >= 0 {
			line = line[:end]
		}
		j := bytes.Index(line, []byte(op))
		if j < 0 {
			return fmt.Errorf("writing PDF: unexpected registration %q from fpdf", line)
		}
		name := line[j+2:]
		name = name[:max(0, bytes.IndexByte(name, ' '))]
		if len(name) < 2 {
			return fmt.Errorf("writing PDF: unexpected registration %q from fpdf", line)
		}
		if prev, ok := theirs[string(name)]; ok && prev != our {
			return fmt.Errorf("writing PDF: fpdf gave %s and %s one name", prev, our)
		}
		theirs[string(name)] = our
		return nil
	}
	for i, f := range doc.Fonts {
		if err := find(fontMarker, i, " /F", ours.fonts[f.Name]); err != nil {
			return nil, err
		}
	}
	for i, im := range doc.Images {
		if err := find(imageMarker, i, " /I", ours.images[im.ID]); err != nil {
			return nil, err
		}
	}
	return theirs, nil
}

// resourceEdit rewrites the resource dictionary all pages share (object 2, as fpdf writes
// it: "<<\n/ProcSet [...]\n/Font <<\n/Fab12 5 0 R\n>>\n/XObject <<\n/Icd34 9 0 R\n>>\n>>")
// with our names for its fonts and images (theirs maps fpdf's to ours).
func resourceEdit(pdf []byte, xr *xref, theirs map[string]string) (edit, error) {
	obj, err := xr.object(pdf, 2)
	if err != nil {
		return edit{}, err
	}
	bad := func(line string) (edit, error) {
		return edit{}, fmt.Errorf("writing PDF: unexpected resources %q from fpdf", line)
	}
	const head = "2 0 obj\n<<\n"
	if !bytes.HasPrefix(obj, []byte(head)) || !bytes.HasSuffix(obj, []byte("\n>>\n")) {
		return bad(string(obj[:min(len(obj), 40)]))
	}
	body := string(obj[len(head) : len(obj)-len(">>\n")])
	out := []byte("<<\n")
	seen := map[string]bool{}
	section := "" // the dictionary being read: "/Font <<", "/XObject <<" or (empty) "/ColorSpace <<"
	for _, line := range strings.Split(strings.TrimSuffix(body, "\n"), "\n") {
		switch {
		case section == "" && (line == "/Font <<" || line == "/XObject <<" || line == "/ColorSpace <<"):
			section = line
			out = append(out, line+"\n"...)
		case section != "" && line == ">>":
			section = ""
			out = append(out, line+"\n"...)
		case section == "/Font <<" || section == "/XObject <<":
			name, ref, ok := strings.Cut(line, " ")
			our, known := theirs[strings.TrimPrefix(name, "/")]
			if !ok || !known || !strings.HasSuffix(ref, " 0 R") {
				return bad(line)
			}
			if !seen[our] { // identical images are listed once under one name
				seen[our] = true
				out = append(out, "/"+our+" "+ref+"\n"...)
			}
		case section == "" && strings.HasPrefix(line, "/ProcSet ["):
			out = append(out, line+"\n"...)
		default:
			return bad(line) // spot colours and the like: we draw none
		}
	}
	want := map[string]bool{}
	for _, our := range theirs {
		want[our] = true
	}
	if section != "" || len(seen) != len(want) {
		return bad(body)
	}
	start := xr.offsets[2] + len("2 0 obj\n")
	return edit{at: start, n: len(obj) - len("2 0 obj\n"), b: append(out, ">>\n"...)}, nil
}

// contentCompression is the zlib level of page content. On the 52 pages of the stress
// edition (5.8 MB of operators) level 4 took 0.10 s of one core for 1.48 MB; fpdf's level 1
// gave 1.84 MB in 0.09 s, the default (6) 1.39 MB in 0.36 s.
const contentCompression = 4

// contentStreams writes and compresses every page's content, in parallel.
func contentStreams(doc *page.Document, names resourceNames) ([][]byte, error) {
	out := make([][]byte, len(doc.Pages))
	errs := make([]error, len(doc.Pages))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(doc.Pages)) {
		wg.Go(func() {
			var c contentWriter
			var z bytes.Buffer
			zw, _ := zlib.NewWriterLevel(&z, contentCompression)
			for {
				i := int(next.Add(1) - 1)
				if i >= len(doc.Pages) {
					return
				}
				out[i], errs[i] = c.stream(doc.Pages[i], names, &z, zw)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// stream is one page's content, compressed. A panic is an error, as in render: this runs
// in goroutines of its own.
func (c *contentWriter) stream(p *page.Page, names resourceNames, z *bytes.Buffer, zw *zlib.Writer) (data []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			data, err = nil, fmt.Errorf("pdf writer failed on page %d: %v", p.Number, r)
		}
	}()
	c.reset(p, names)
	if err := c.page(p); err != nil {
		return nil, err
	}
	z.Reset()
	zw.Reset(z)
	zw.Write(c.b) // a bytes.Buffer does not fail
	zw.Close()
	return bytes.Clone(z.Bytes()), nil
}

// contentWriter writes one page's operators. Positions are in hundredths of a point, as
// fpdf wrote them; a run of text items shares one text object, each word moved to from the
// one before (Td), in exact hundredths, so no rounding accumulates.
type contentWriter struct {
	b      []byte
	names  resourceNames
	height int64 // the page's height, in hundredths of a point

	inText           bool
	lineX, lineY     int64 // the text line's origin, in the text object
	font             string
	size             geom.Sp
	tracking         geom.Sp
	fill, stroke     page.Color
	fillSet, strkSet bool
	lineWidth        int64
}

func (c *contentWriter) reset(p *page.Page, names resourceNames) {
	*c = contentWriter{b: c.b[:0], names: names, height: centi(p.Height), lineWidth: -1}
}

// centi converts to hundredths of a point.
func centi(s geom.Sp) int64 { return int64(math.Round(float64(s) * 100 / 65536)) }

// num appends a length in hundredths of a point as a decimal number of points.
func (c *contentWriter) num(v int64) {
	if v < 0 {
		c.b = append(c.b, '-')
		v = -v
	}
	c.b = strconv.AppendInt(c.b, v/100, 10)
	if f := v % 100; f != 0 {
		c.b = append(c.b, '.', byte('0'+f/10))
		if f%10 != 0 {
			c.b = append(c.b, byte('0'+f%10))
		}
	}
}

func (c *contentWriter) op(s string) { c.b = append(c.b, s...) }

// colour appends a colour operand in thousandths, as grey when it is one.
func (c *contentWriter) colour(col page.Color, grey, rgb string) {
	part := func(v uint8) {
		c.b = strconv.AppendFloat(c.b, math.Round(float64(v)/255*1000)/1000, 'f', -1, 64)
	}
	if col.R == col.G && col.G == col.B {
		part(col.R)
		c.op(grey)
		return
	}
	part(col.R)
	c.op(" ")
	part(col.G)
	c.op(" ")
	part(col.B)
	c.op(rgb)
}

func (c *contentWriter) setFill(col page.Color) {
	if !c.fillSet || col != c.fill {
		c.colour(col, " g\n", " rg\n")
		c.fill, c.fillSet = col, true
	}
}

func (c *contentWriter) endText() {
	if c.inText {
		c.op("ET\n")
		c.inText = false
	}
}

func (c *contentWriter) page(p *page.Page) error {
	for _, it := range p.Items {
		switch v := it.(type) {
		case *page.Text:
			if err := c.text(v, p.Number); err != nil {
				return err
			}
		case *page.Picture:
			name, ok := c.names.images[v.ImageID]
			if !ok {
				return fmt.Errorf("page %d: picture of image %q, which the document does not carry", p.Number, v.ImageID)
			}
			c.endText()
			r := v.Frame
			c.op("q ")
			c.num(centi(r.W))
			c.op(" 0 0 ")
			c.num(centi(r.H))
			c.op(" ")
			c.num(centi(r.X))
			c.op(" ")
			c.num(c.height - centi(r.Y) - centi(r.H))
			c.op(" cm /" + name + " Do Q\n")
		case *page.Rule:
			c.endText()
			if !c.strkSet || v.Color != c.stroke {
				c.colour(v.Color, " G\n", " RG\n")
				c.stroke, c.strkSet = v.Color, true
			}
			if w := centi(v.Width); w != c.lineWidth {
				c.num(w)
				c.op(" w\n")
				c.lineWidth = w
			}
			c.num(centi(v.X0))
			c.op(" ")
			c.num(c.height - centi(v.Y0))
			c.op(" m ")
			c.num(centi(v.X1))
			c.op(" ")
			c.num(c.height - centi(v.Y1))
			c.op(" l S\n")
		case *page.Box:
			c.endText()
			c.setFill(v.Color)
			r := v.Rect
			c.num(centi(r.X))
			c.op(" ")
			c.num(c.height - centi(r.Y) - centi(r.H))
			c.op(" ")
			c.num(centi(r.W))
			c.op(" ")
			c.num(centi(r.H))
			c.op(" re f\n")
		case *page.Link:
			// An annotation, which fpdf writes; nothing to draw.
		default:
			return fmt.Errorf("page %d: unknown display item %T", p.Number, it)
		}
	}
	c.endText()
	return nil
}

// text shows one run of text. Glyphs are painted in the fill colour.
func (c *contentWriter) text(t *page.Text, pageNo int) error {
	if !c.inText {
		c.op("BT\n")
		c.inText, c.lineX, c.lineY = true, 0, 0
	}
	if t.Font != c.font || t.Size != c.size {
		name, ok := c.names.fonts[t.Font]
		if !ok {
			return fmt.Errorf("page %d: text %q is in font %q, which the document does not carry", pageNo, t.Text, t.Font)
		}
		c.op("/" + name + " ")
		c.num(centi(t.Size))
		c.op(" Tf\n")
		c.font, c.size = t.Font, t.Size
	}
	c.setFill(t.Color)
	if t.Tracking != c.tracking {
		// Character spacing works per glyph with Unicode fonts (word spacing does not).
		c.b = strconv.AppendFloat(c.b, math.Round(t.Tracking.Pt()*1000)/1000, 'f', -1, 64)
		c.op(" Tc\n")
		c.tracking = t.Tracking
	}
	x, y := centi(t.X), c.height-centi(t.Y)
	c.num(x - c.lineX)
	c.op(" ")
	c.num(y - c.lineY)
	c.op(" Td (")
	c.lineX, c.lineY = x, y
	// Two-byte codes, each a rune of the Basic Multilingual Plane (see usedRunes), which
	// the fonts map to glyphs.
	for _, r := range t.Text {
		c.byte(byte(r >> 8))
		c.byte(byte(r))
	}
	c.op(") Tj\n")
	return nil
}

// byte appends one byte of a literal string, escaped where PDF needs it.
func (c *contentWriter) byte(v byte) {
	switch v {
	case '(', ')', '\\':
		c.b = append(c.b, '\\', v)
	case '\r':
		c.b = append(c.b, '\\', 'r')
	default:
		c.b = append(c.b, v)
	}
}

// contentStream is where a page's content stream lies in fpdf's output: its object's
// dictionary starts at dict, its data runs from data to end.
type contentStream struct{ dict, data, end int }

// pageContents finds each page's content stream, in page order (fpdf writes the pages in
// order, each as "n 0 obj\n<</Type /Page\n ... /Contents m 0 R>>", its content "m 0 obj\n
// <</Length l>>\nstream\n ... \nendstream").
func pageContents(pdf []byte, xr *xref) ([]contentStream, error) {
	var out []contentStream
	for n := 1; n < len(xr.offsets); n++ {
		if !bytes.HasPrefix(pdf[xr.offsets[n]:], []byte(strconv.Itoa(n)+" 0 obj\n<</Type /Page\n")) {
			continue
		}
		obj, err := xr.object(pdf, n)
		if err != nil {
			return nil, err
		}
		m, ok := refAfter(obj, "/Contents ")
		if !ok || m <= 0 || m >= len(xr.offsets) {
			return nil, fmt.Errorf("writing PDF: page object %d has no contents", n)
		}
		at := xr.offsets[m]
		head := strconv.Itoa(m) + " 0 obj\n<</Length "
		if !bytes.HasPrefix(pdf[at:], []byte(head)) {
			return nil, fmt.Errorf("writing PDF: unexpected content object %d from fpdf", m)
		}
		rest := pdf[at+len(head) : xr.at]
		digits := 0
		for digits < len(rest) && rest[digits] >= '0' && rest[digits] <= '9' {
			digits++
		}
		length, err := strconv.Atoi(string(rest[:digits]))
		const open, close = ">>\nstream\n", "\nendstream\n"
		if err != nil || !bytes.HasPrefix(rest[digits:], []byte(open)) {
			return nil, fmt.Errorf("writing PDF: unexpected content object %d from fpdf", m)
		}
		data := at + len(head) + digits + len(open)
		if data+length+len(close) > xr.at || !bytes.HasPrefix(pdf[data+length:], []byte(close)) {
			return nil, fmt.Errorf("writing PDF: content object %d from fpdf is not as long as it says", m)
		}
		out = append(out, contentStream{dict: at + len(strconv.Itoa(m)+" 0 obj\n"), data: data, end: data + length})
	}
	return out, nil
}

// contentEdits put each page's compressed content in place of fpdf's.
func contentEdits(contents []contentStream, streams [][]byte) []edit {
	edits := make([]edit, 0, 2*len(contents))
	for i, c := range contents {
		head := "<</Filter /FlateDecode /Length " + strconv.Itoa(len(streams[i])) + ">>\nstream\n"
		edits = append(edits,
			edit{at: c.dict, n: c.data - c.dict, b: []byte(head)},
			edit{at: c.data, n: c.end - c.data, b: streams[i]})
	}
	return edits
}
