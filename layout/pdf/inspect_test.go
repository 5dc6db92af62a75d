package pdf

// Reading back the PDFs this package writes. pdfcpu parses and validates the file; a small
// interpreter follows the page content streams (the operators fpdf emits, with the graphics
// state they depend on), so that tests compare what is drawn with the display list.

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// pdfcpu would otherwise create a configuration folder (and install fonts) in the user's home.
func init() { api.DisableConfigDir() }

// pdfDoc is a parsed PDF.
type pdfDoc struct {
	data   []byte
	ctx    *model.Context
	pages  []*pdfPage       // index 0 is page 1
	pageOf map[int]int      // page object number -> page number
	fonts  map[int]*pdfFont // by font dictionary object number
}

type pdfPage struct {
	number        int
	obj           int
	width, height float64 // media box
	ops           []op
	runs          []textRun
	images        []placement
	lines         []stroke
	fills         []fill
	tc            []float64 // operands of the Tc operators, in order
	annots        []annot
}

// textRun is one shown string.
type textRun struct {
	x, y  float64 // start of the baseline, PDF space (y up)
	font  *pdfFont
	size  float64
	tc    float64 // character spacing in effect
	fill  rgb
	text  string
	width float64   // advance, character spacing included
	advs  []float64 // advance of each character
	chars []rune
}

// placement is an image drawn with Do: its XObject and where the unit square went.
type placement struct {
	name       string
	xobj       types.Dict
	data       []byte // the stream as stored (a JPEG's own bytes)
	x, y, w, h float64
}

type stroke struct {
	x0, y0, x1, y1, width float64
	color                 rgb
}

type fill struct {
	x, y, w, h float64
	color      rgb
}

type annot struct {
	rect     [4]float64 // normalised: x0 < x1, y0 < y1
	destPage int        // 0 if none
	destTop  float64
	uri      string
}

type rgb [3]float64

// pdfFont is a Type0 font with its CID widths.
type pdfFont struct {
	obj       int
	base      string
	subtype   string
	encoding  string
	dw        float64
	widths    map[int]float64
	toUnicode []byte
	file      *types.StreamDict // FontFile2
	fileObj   int
}

func (f *pdfFont) width(code int) float64 {
	if w, ok := f.widths[code]; ok {
		return w
	}
	return f.dw
}

// readPDF parses data and validates it strictly, failing the test if either fails.
func readPDF(t testing.TB, data []byte) *pdfDoc {
	t.Helper()
	d, err := parsePDF(data, model.ValidationStrict)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// parsePDF reads data with pdfcpu, validated in the given mode. Relaxed validation repairs
// some faults in memory (outline counts, for one), so tests read strictly where they can.
func parsePDF(data []byte, mode int) (*pdfDoc, error) {
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = mode
	ctx, err := api.ReadAndValidate(bytes.NewReader(data), conf)
	if err != nil {
		return nil, fmt.Errorf("pdfcpu: %w", err)
	}
	d := &pdfDoc{data: data, ctx: ctx, pageOf: map[int]int{}, fonts: map[int]*pdfFont{}}
	for n := 1; n <= ctx.PageCount; n++ {
		dict, ref, inh, err := ctx.PageDict(n, false)
		if err != nil {
			return nil, err
		}
		p := &pdfPage{number: n, obj: ref.ObjectNumber.Value()}
		if inh == nil || inh.MediaBox == nil {
			return nil, fmt.Errorf("page %d has no media box", n)
		}
		p.width, p.height = inh.MediaBox.Width(), inh.MediaBox.Height()
		d.pageOf[p.obj] = n
		d.pages = append(d.pages, p)
		content, err := ctx.PageContent(dict, n)
		if errors.Is(err, model.ErrNoContent) {
			err = nil // pdfcpu's word for an empty content stream: a blank page
		}
		if err != nil {
			return nil, fmt.Errorf("page %d: %w", n, err)
		}
		if p.ops, err = parseContent(content); err != nil {
			return nil, fmt.Errorf("page %d: %w", n, err)
		}
		res, err := ctx.DereferenceDict(dict["Resources"])
		if err != nil || res == nil {
			return nil, fmt.Errorf("page %d: resources: %v", n, err)
		}
		if err := d.interpret(p, res); err != nil {
			return nil, fmt.Errorf("page %d: %w", n, err)
		}
	}
	for _, p := range d.pages {
		dict, _, _, _ := ctx.PageDict(p.number, false)
		if err := d.readAnnots(p, dict); err != nil {
			return nil, fmt.Errorf("page %d: %w", p.number, err)
		}
	}
	return d, nil
}

func (d *pdfDoc) num(o types.Object) float64 {
	f, err := d.ctx.DereferenceNumber(o)
	if err != nil {
		return math.NaN()
	}
	return f
}

// dest resolves an explicit destination [page /XYZ left top zoom] to a page number and top.
func (d *pdfDoc) dest(o types.Object) (int, float64, error) {
	a, err := d.ctx.DereferenceArray(o)
	if err != nil || len(a) < 4 {
		return 0, 0, fmt.Errorf("bad destination %v", o)
	}
	ref, ok := a[0].(types.IndirectRef)
	if !ok {
		return 0, 0, fmt.Errorf("destination %v does not name a page object", o)
	}
	n, ok := d.pageOf[ref.ObjectNumber.Value()]
	if !ok {
		return 0, 0, fmt.Errorf("destination %v: object %d is not a page", o, ref.ObjectNumber.Value())
	}
	if name, _ := a[1].(types.Name); name != "XYZ" {
		return 0, 0, fmt.Errorf("destination %v is not /XYZ", o)
	}
	return n, d.num(a[3]), nil
}

func (d *pdfDoc) readAnnots(p *pdfPage, dict types.Dict) error {
	arr, err := d.ctx.DereferenceArray(dict["Annots"])
	if err != nil {
		return err
	}
	for _, o := range arr {
		ad, err := d.ctx.DereferenceDict(o) // strict validation wants a reference
		if err != nil {
			return err
		}
		if st := ad.Subtype(); st == nil || *st != "Link" {
			return fmt.Errorf("annotation %v is not a link", ad)
		}
		r, err := d.ctx.DereferenceArray(ad["Rect"])
		if err != nil || len(r) != 4 {
			return fmt.Errorf("link %v has no rectangle", ad)
		}
		var a annot
		x0, y0, x1, y1 := d.num(r[0]), d.num(r[1]), d.num(r[2]), d.num(r[3])
		a.rect = [4]float64{math.Min(x0, x1), math.Min(y0, y1), math.Max(x0, x1), math.Max(y0, y1)}
		if dst, ok := ad.Find("Dest"); ok {
			if a.destPage, a.destTop, err = d.dest(dst); err != nil {
				return err
			}
		} else if act, err := d.ctx.DereferenceDict(ad["A"]); err == nil && act != nil {
			if a.uri, err = d.ctx.DereferenceText(act["URI"]); err != nil {
				return fmt.Errorf("link action %v: %w", act, err)
			}
		} else {
			return fmt.Errorf("link %v goes nowhere", ad)
		}
		p.annots = append(p.annots, a)
	}
	return nil
}

// font reads the Type0 font behind a font resource.
func (d *pdfDoc) font(o types.Object) (*pdfFont, error) {
	ref, ok := o.(types.IndirectRef)
	if !ok {
		return nil, fmt.Errorf("font %v is not a reference", o)
	}
	if f := d.fonts[ref.ObjectNumber.Value()]; f != nil {
		return f, nil
	}
	fd, err := d.ctx.DereferenceDict(ref)
	if err != nil {
		return nil, err
	}
	f := &pdfFont{obj: ref.ObjectNumber.Value(), widths: map[int]float64{}}
	if n := fd.NameEntry("BaseFont"); n != nil {
		f.base = *n
	}
	if n := fd.NameEntry("Subtype"); n != nil {
		f.subtype = *n
	}
	if n := fd.NameEntry("Encoding"); n != nil {
		f.encoding = *n
	}
	if sd, _, err := d.ctx.DereferenceStreamDict(fd["ToUnicode"]); err == nil && sd != nil {
		if err := sd.Decode(); err != nil {
			return nil, err
		}
		f.toUnicode = sd.Content
	}
	desc, err := d.ctx.DereferenceArray(fd["DescendantFonts"])
	if err != nil || len(desc) != 1 {
		return nil, fmt.Errorf("font %s: no descendant font", f.base)
	}
	cid, err := d.ctx.DereferenceDict(desc[0])
	if err != nil {
		return nil, err
	}
	f.dw = 1000
	if o, ok := cid.Find("DW"); ok {
		f.dw = d.num(o)
	}
	w, err := d.ctx.DereferenceArray(cid["W"])
	if err != nil {
		return nil, err
	}
	// W lists "c [w1 w2 ...]" (consecutive codes from c) or "c1 c2 w" (one width for a range).
	for i := 0; i < len(w); {
		c := int(d.num(w[i]))
		if arr, ok := w[i+1].(types.Array); ok {
			for k, x := range arr {
				f.widths[c+k] = d.num(x)
			}
			i += 2
			continue
		}
		last, wd := int(d.num(w[i+1])), d.num(w[i+2])
		for k := c; k <= last; k++ {
			f.widths[k] = wd
		}
		i += 3
	}
	descr, err := d.ctx.DereferenceDict(cid["FontDescriptor"])
	if err != nil || descr == nil {
		return nil, fmt.Errorf("font %s: no descriptor", f.base)
	}
	if n := descr.NameEntry("FontName"); n == nil || *n != f.base {
		return nil, fmt.Errorf("font %s: descriptor names %v", f.base, n)
	}
	if r := descr.IndirectRefEntry("FontFile2"); r != nil {
		f.fileObj = r.ObjectNumber.Value()
		if f.file, _, err = d.ctx.DereferenceStreamDict(*r); err != nil {
			return nil, err
		}
	}
	d.fonts[f.obj] = f
	return f, nil
}

// Content streams.

type tokKind int

const (
	tNum tokKind = iota
	tName
	tStr
	tArr
	tOp
)

type tok struct {
	kind tokKind
	num  float64
	s    string // name (without the slash), string bytes, or operator
	arr  []tok
}

type op struct {
	name string
	args []tok
}

func (o op) String() string {
	var b strings.Builder
	for _, a := range o.args {
		switch a.kind {
		case tNum:
			b.WriteString(strconv.FormatFloat(a.num, 'f', -1, 64))
		case tName:
			b.WriteString("/" + a.s)
		case tStr:
			b.WriteString(strconv.Quote(a.s))
		default:
			b.WriteString("[...]")
		}
		b.WriteByte(' ')
	}
	return b.String() + o.name
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool { return strings.IndexByte("()<>[]{}/%", c) >= 0 }

// parseContent splits a content stream into operators with their operands.
func parseContent(b []byte) ([]op, error) {
	var ops []op
	var stack []tok
	i := 0
	for {
		t, next, err := lex(b, i)
		if err != nil {
			return nil, err
		}
		if next < 0 {
			break
		}
		i = next
		if t.kind == tOp {
			ops = append(ops, op{name: t.s, args: stack})
			stack = nil
			continue
		}
		stack = append(stack, t)
	}
	if len(stack) > 0 {
		return nil, fmt.Errorf("content stream ends with operands %v", stack)
	}
	return ops, nil
}

// lex reads the token at b[i:]; next is -1 at the end.
func lex(b []byte, i int) (t tok, next int, err error) {
	for i < len(b) {
		if isSpace(b[i]) {
			i++
		} else if b[i] == '%' {
			for i < len(b) && b[i] != '\n' && b[i] != '\r' {
				i++
			}
		} else {
			break
		}
	}
	if i >= len(b) {
		return tok{}, -1, nil
	}
	switch c := b[i]; {
	case c == '/':
		j := i + 1
		for j < len(b) && !isSpace(b[j]) && !isDelim(b[j]) {
			j++
		}
		name, err := types.DecodeName(string(b[i+1 : j]))
		return tok{kind: tName, s: name}, j, err
	case c == '(':
		s, j, err := literal(b, i)
		return tok{kind: tStr, s: s}, j, err
	case c == '<' && i+1 < len(b) && b[i+1] != '<':
		j := bytes.IndexByte(b[i:], '>')
		if j < 0 {
			return tok{}, 0, fmt.Errorf("unterminated hex string")
		}
		hex := strings.Map(func(r rune) rune {
			if r < 128 && isSpace(byte(r)) {
				return -1
			}
			return r
		}, string(b[i+1:i+j]))
		if len(hex)%2 == 1 {
			hex += "0"
		}
		var s []byte
		for k := 0; k < len(hex); k += 2 {
			v, err := strconv.ParseUint(hex[k:k+2], 16, 8)
			if err != nil {
				return tok{}, 0, fmt.Errorf("bad hex string: %v", err)
			}
			s = append(s, byte(v))
		}
		return tok{kind: tStr, s: string(s)}, i + j + 1, nil
	case c == '[':
		var arr []tok
		j := i + 1
		for {
			k := j
			for k < len(b) && isSpace(b[k]) {
				k++
			}
			if k < len(b) && b[k] == ']' {
				return tok{kind: tArr, arr: arr}, k + 1, nil
			}
			t, next, err := lex(b, j)
			if err != nil {
				return tok{}, 0, err
			}
			if next < 0 || t.kind == tOp {
				return tok{}, 0, fmt.Errorf("unterminated array")
			}
			arr = append(arr, t)
			j = next
		}
	case c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9'):
		j := i + 1
		for j < len(b) && (b[j] == '.' || (b[j] >= '0' && b[j] <= '9')) {
			j++
		}
		f, err := strconv.ParseFloat(string(b[i:j]), 64)
		return tok{kind: tNum, num: f}, j, err
	default:
		j := i + 1
		if c == '<' || c == '>' { // dictionary brackets, as in BDC operands
			j = i + 2
		} else {
			for j < len(b) && !isSpace(b[j]) && !isDelim(b[j]) {
				j++
			}
		}
		return tok{kind: tOp, s: string(b[i:j])}, j, nil
	}
}

// literal decodes the literal string starting at b[i] == '('.
func literal(b []byte, i int) (string, int, error) {
	var out []byte
	depth := 0
	for j := i; j < len(b); j++ {
		c := b[j]
		switch c {
		case '(':
			if depth > 0 {
				out = append(out, c)
			}
			depth++
		case ')':
			depth--
			if depth == 0 {
				return string(out), j + 1, nil
			}
			out = append(out, c)
		case '\\':
			j++
			if j >= len(b) {
				break
			}
			switch e := b[j]; e {
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case '\r':
				if j+1 < len(b) && b[j+1] == '\n' {
					j++
				}
			case '\n':
			default:
				if e >= '0' && e <= '7' {
					v, k := 0, 0
					for ; k < 3 && j+k < len(b) && b[j+k] >= '0' && b[j+k] <= '7'; k++ {
						v = v*8 + int(b[j+k]-'0')
					}
					out = append(out, byte(v))
					j += k - 1
				} else {
					out = append(out, e)
				}
			}
		default:
			out = append(out, c)
		}
	}
	return "", 0, fmt.Errorf("unterminated string")
}

// matrix is [a b c d e f]: x' = a x + c y + e, y' = b x + d y + f.
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m then n (m × n).
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return m[0]*x + m[2]*y + m[4], m[1]*x + m[3]*y + m[5]
}

type gstate struct {
	ctm          matrix
	fill, stroke rgb
	lineWidth    float64
	tc           float64
	font         *pdfFont
	size         float64
}

// interpret follows the page's operators and records text, images, lines, fills and Tc.
func (d *pdfDoc) interpret(p *pdfPage, res types.Dict) error {
	fontRes, _ := d.ctx.DereferenceDict(res["Font"])
	xobjRes, _ := d.ctx.DereferenceDict(res["XObject"])
	gs := gstate{ctm: identity, lineWidth: 1}
	var stack []gstate
	var tm, tlm matrix
	inText := false
	var path [][2]float64 // points of the current subpath, for m/l
	var segs [][4]float64
	var rects [][4]float64
	nums := func(o op, n int) ([]float64, error) {
		if len(o.args) != n {
			return nil, fmt.Errorf("%v: want %d operands", o, n)
		}
		out := make([]float64, n)
		for i, a := range o.args {
			if a.kind != tNum {
				return nil, fmt.Errorf("%v: operand %d is not a number", o, i+1)
			}
			out[i] = a.num
		}
		return out, nil
	}
	show := func(s string) error {
		if gs.font == nil {
			return fmt.Errorf("text shown without a font")
		}
		if len(s)%2 != 0 {
			return fmt.Errorf("odd length string %q for a two-byte encoding", s)
		}
		codes := make([]uint16, len(s)/2)
		for i := range codes {
			codes[i] = uint16(s[2*i])<<8 | uint16(s[2*i+1])
		}
		x, y := tm.mul(gs.ctm).apply(0, 0)
		run := textRun{x: x, y: y, font: gs.font, size: gs.size, tc: gs.tc, fill: gs.fill, chars: utf16.Decode(codes)}
		run.text = string(run.chars)
		for _, r := range run.chars {
			// Identity-H with Unicode codes: one code per character outside surrogates.
			a := gs.font.width(int(r))*gs.size/1000 + gs.tc
			run.advs = append(run.advs, a)
			run.width += a
		}
		p.runs = append(p.runs, run)
		tm = matrix{1, 0, 0, 1, run.width, 0}.mul(tm)
		return nil
	}
	for _, o := range p.ops {
		switch o.name {
		case "q":
			stack = append(stack, gs)
		case "Q":
			if len(stack) == 0 {
				return fmt.Errorf("Q without q")
			}
			gs, stack = stack[len(stack)-1], stack[:len(stack)-1]
		case "cm":
			v, err := nums(o, 6)
			if err != nil {
				return err
			}
			gs.ctm = matrix(v).mul(gs.ctm)
		case "w":
			v, err := nums(o, 1)
			if err != nil {
				return err
			}
			gs.lineWidth = v[0]
		case "g", "G", "rg", "RG":
			n := 1
			if strings.ToLower(o.name) == "rg" {
				n = 3
			}
			v, err := nums(o, n)
			if err != nil {
				return err
			}
			c := rgb{v[0], v[0], v[0]}
			if n == 3 {
				c = rgb{v[0], v[1], v[2]}
			}
			if o.name == "g" || o.name == "rg" {
				gs.fill = c
			} else {
				gs.stroke = c
			}
		case "J", "j", "d", "i", "M", "ri", "gs":
			// Line caps, joins, dashes and friends: not compared.
		case "m", "l":
			v, err := nums(o, 2)
			if err != nil {
				return err
			}
			x, y := gs.ctm.apply(v[0], v[1])
			if o.name == "m" {
				path = path[:0]
			} else if len(path) > 0 {
				last := path[len(path)-1]
				segs = append(segs, [4]float64{last[0], last[1], x, y})
			}
			path = append(path, [2]float64{x, y})
		case "re":
			v, err := nums(o, 4)
			if err != nil {
				return err
			}
			x0, y0 := gs.ctm.apply(v[0], v[1])
			x1, y1 := gs.ctm.apply(v[0]+v[2], v[1]+v[3])
			rects = append(rects, [4]float64{math.Min(x0, x1), math.Min(y0, y1), math.Abs(x1 - x0), math.Abs(y1 - y0)})
		case "S":
			for _, s := range segs {
				p.lines = append(p.lines, stroke{s[0], s[1], s[2], s[3], gs.lineWidth, gs.stroke})
			}
			segs, path, rects = nil, nil, nil
		case "f", "F", "f*":
			for _, r := range rects {
				p.fills = append(p.fills, fill{r[0], r[1], r[2], r[3], gs.fill})
			}
			segs, path, rects = nil, nil, nil
		case "n":
			segs, path, rects = nil, nil, nil
		case "BT":
			if inText {
				return fmt.Errorf("BT inside a text object")
			}
			inText, tm, tlm = true, identity, identity
		case "ET":
			if !inText {
				return fmt.Errorf("ET outside a text object")
			}
			inText = false
		case "Tf":
			if len(o.args) != 2 || o.args[0].kind != tName || o.args[1].kind != tNum {
				return fmt.Errorf("%v: bad operands", o)
			}
			ref, ok := fontRes.Find(o.args[0].s)
			if !ok {
				return fmt.Errorf("%v: no such font resource", o)
			}
			f, err := d.font(ref)
			if err != nil {
				return err
			}
			gs.font, gs.size = f, o.args[1].num
		case "Tc":
			v, err := nums(o, 1)
			if err != nil {
				return err
			}
			gs.tc = v[0]
			p.tc = append(p.tc, v[0])
		case "Td":
			v, err := nums(o, 2)
			if err != nil {
				return err
			}
			if !inText {
				return fmt.Errorf("Td outside a text object")
			}
			tlm = matrix{1, 0, 0, 1, v[0], v[1]}.mul(tlm)
			tm = tlm
		case "Tj":
			if !inText || len(o.args) != 1 || o.args[0].kind != tStr {
				return fmt.Errorf("%v: bad use", o)
			}
			if err := show(o.args[0].s); err != nil {
				return err
			}
		case "Do":
			if len(o.args) != 1 || o.args[0].kind != tName {
				return fmt.Errorf("%v: bad operands", o)
			}
			ref, ok := xobjRes.Find(o.args[0].s)
			if !ok {
				return fmt.Errorf("%v: no such XObject", o)
			}
			sd, _, err := d.ctx.DereferenceStreamDict(ref)
			if err != nil || sd == nil {
				return fmt.Errorf("%v: %v", o, err)
			}
			x0, y0 := gs.ctm.apply(0, 0)
			x1, y1 := gs.ctm.apply(1, 1)
			p.images = append(p.images, placement{name: o.args[0].s, xobj: sd.Dict, data: sd.Raw,
				x: math.Min(x0, x1), y: math.Min(y0, y1), w: math.Abs(x1 - x0), h: math.Abs(y1 - y0)})
		default:
			// Anything else fpdf might write is not understood here: fail loudly rather
			// than compare against a wrong reading.
			return fmt.Errorf("operator %q not interpreted", o.name)
		}
	}
	if inText || len(stack) > 0 {
		return fmt.Errorf("content ends inside a text object or a saved state")
	}
	return nil
}

// Text extraction.

// pageText joins a page's runs in content order: a run that starts where the previous one
// ended on the same baseline continues its word (layout splits words at kerning pairs, which
// move the next piece by up to a few hundredths of an em), any other run starts a new word
// (a word space is near a fifth of an em, a sixth at its tightest).
func (p *pdfPage) pageText() string {
	var b strings.Builder
	var prev *textRun
	for i := range p.runs {
		r := &p.runs[i]
		touching := prev != nil && math.Abs(r.y-prev.y) < 0.01 && r.x >= prev.x && r.x <= prev.x+prev.width+prev.size/10
		if !touching {
			b.WriteByte(' ')
		}
		b.WriteString(r.text)
		prev = r
	}
	return b.String()
}

// textIn returns the characters drawn with their advance's middle inside the rectangle
// [x0,x1]x[y0,y1] (PDF space) and their baseline inside it too.
func (p *pdfPage) textIn(r [4]float64) string {
	var b strings.Builder
	for _, run := range p.runs {
		if run.y < r[1] || run.y > r[3] {
			continue
		}
		x := run.x
		for i, c := range run.chars {
			if mid := x + run.advs[i]/2; mid >= r[0] && mid <= r[2] {
				b.WriteRune(c)
			}
			x += run.advs[i]
		}
	}
	return b.String()
}

var (
	// A line-end hyphen followed by the next line's first word, as extracted.
	lineEndHyphen = regexp.MustCompile(`([\pL\pN])[-‐] +([\pL\pN])`)
	// A hyphenated compound in the source; joined like a word broken at its hyphen.
	compound = regexp.MustCompile(`([\pL\pN])[-‐‑]([\pL\pN])`)
)

// words splits text into comparable tokens: runs of letters and digits, lower case, with
// hyphenated compounds joined.
func words(s string) []string {
	s = compound.ReplaceAllString(strings.ToLower(s), "$1$2")
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// extractedWords is the document's text as one word stream, with line-end hyphens rejoined.
func (d *pdfDoc) extractedWords() []string {
	var b strings.Builder
	for _, p := range d.pages {
		b.WriteString(p.pageText())
		b.WriteByte(' ')
	}
	return words(lineEndHyphen.ReplaceAllString(b.String(), "$1$2"))
}

// subsequence reports how many of want's words are found in order in have, and where in have
// the last match was.
func subsequence(want, have []string) (found, at int) {
	for k, w := range have {
		if found < len(want) && w == want[found] {
			found, at = found+1, k
		}
	}
	return found, at
}

// Cross-reference table, read independently of pdf.go.

// checkXref checks that startxref points at a classic xref table whose every in-use entry
// points at "N G obj" for its own object number N, and that the trailer's /Size matches.
func checkXref(data []byte) error {
	i := bytes.LastIndex(data, []byte("startxref"))
	if i < 0 {
		return fmt.Errorf("no startxref")
	}
	fields := strings.Fields(string(data[i+len("startxref"):]))
	if len(fields) < 2 || fields[1] != "%%EOF" {
		return fmt.Errorf("startxref is not followed by an offset and %%%%EOF")
	}
	at, err := strconv.Atoi(fields[0])
	if err != nil || at < 0 || at >= i || !bytes.HasPrefix(data[at:], []byte("xref")) {
		return fmt.Errorf("startxref %q does not point at an xref table", fields[0])
	}
	lines := strings.Split(string(data[at:i]), "\n")
	var first, count int
	if _, err := fmt.Sscanf(lines[1], "%d %d", &first, &count); err != nil || first != 0 {
		return fmt.Errorf("xref subsection header %q", lines[1])
	}
	if len(lines) < 2+count {
		return fmt.Errorf("xref table has fewer than %d entries", count)
	}
	for n := 0; n < count; n++ {
		e := lines[2+n]
		if len(e) != 19 {
			return fmt.Errorf("xref entry %d %q is not 20 bytes long", n, e)
		}
		off, err1 := strconv.Atoi(e[:10])
		gen, err2 := strconv.Atoi(e[11:16])
		if err1 != nil || err2 != nil {
			return fmt.Errorf("xref entry %d %q", n, e)
		}
		if e[17] == 'f' {
			continue
		}
		head := fmt.Sprintf("%d %d obj", n, gen)
		if off >= len(data) || !bytes.HasPrefix(data[off:], []byte(head)) {
			got := data[off:min(len(data), off+12)]
			return fmt.Errorf("xref entry %d points at offset %d, which holds %q, not %q", n, off, got, head)
		}
		if off > 0 && data[off-1] != '\n' && data[off-1] != '\r' {
			return fmt.Errorf("object %d does not start a line", n)
		}
	}
	trailer := strings.Join(lines[2+count:], "\n")
	var size int
	if j := strings.Index(trailer, "/Size "); j < 0 {
		return fmt.Errorf("trailer has no /Size")
	} else if _, err := fmt.Sscanf(trailer[j:], "/Size %d", &size); err != nil || size != count {
		return fmt.Errorf("trailer /Size %d, xref table has %d entries", size, count)
	}
	return nil
}
