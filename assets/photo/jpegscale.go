package photo

import (
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"math"
)

// decodeJPEGScaled decodes a baseline JPEG at n/8 of its size (n = 1, 2 or 4), the way
// libjpeg's scaled decoding does: each 8×8 block's inverse DCT is evaluated on an n×n
// grid from its n×n lowest frequencies. That drops what a downscale would average away
// anyway, and skips most of the decoder's work: Go's image/jpeg spends about 40% of its
// time in the full inverse DCT and in writing every pixel, and its output is then
// averaged down (reduce) at further cost. The entropy decoding cannot be skipped; it is
// done here with a 9-bit lookup and without keeping the coefficients a smaller size does
// not use.
//
// The result has its origin at (0,0) and measures ceil(W·n/8) × ceil(H·n/8): *image.Gray
// or *image.YCbCr with the file's chroma subsampling, like image/jpeg's.
//
// It handles the common case only: 8-bit baseline (or extended Huffman) JPEG, one
// interleaved scan holding all of one (gray) or three (YCbCr) components, luma sampled
// 1 or 2 times chroma's, not RGB-coded (Adobe transform 0, ids 'R','G','B'). Anything
// else, and any damage, is an error: the caller then decodes with image/jpeg, which also
// decides what is wrong with a damaged file. Success
// therefore never hides a fault image/jpeg would report: the scan must be complete and
// followed by the end-of-image marker.
func decodeJPEGScaled(data []byte, n int) (img image.Image, err error) {
	defer func() {
		if r := recover(); r != nil { // a bug here must not hide image/jpeg's verdict
			img, err = nil, fmt.Errorf("jpeg: scaled decoder failed: %v", r)
		}
	}()
	if n != 1 && n != 2 && n != 4 {
		return nil, fmt.Errorf("scale %d/8 not supported", n)
	}
	d := &scaledDecoder{data: data, n: n}
	if err := d.parse(); err != nil {
		return nil, err
	}
	return d.img, nil
}

var (
	errScaledUnsupported = errors.New("jpeg: not a case the scaled decoder handles")
	errScaledCorrupt     = errors.New("jpeg: damaged entropy-coded data")
	errScaledTruncated   = errors.New("jpeg: data ends early")
)

type scaledComp struct {
	id       byte
	h, v     int // sampling factors
	tq       int // quantization table
	dc, ac   *huffTable
	pred     int32
	plane    []uint8
	stride   int
	blocksX  int // blocks across this component's plane (whole MCUs)
	quant    *[64]uint16
	coefFlat []int32 // scratch n×n coefficients
}

type scaledDecoder struct {
	data    []byte
	pos     int
	n       int
	quant   [4][64]uint16 // zig-zag order
	hasQ    [4]bool
	dcTab   [4]*huffTable
	acTab   [4]*huffTable
	comps   []scaledComp
	width   int
	height  int
	sawSOF  bool
	restart int
	img     image.Image
	bits    bitReader
	// zig-zag index → position in the n×n coefficient block, or -1 when a coefficient is
	// outside it (its value is decoded and dropped).
	keep [64]int8
	// idct[i*n+u] is C(u)/2 · cos((2i+1)uπ/2n): the inverse DCT evaluated at n evenly
	// spaced points of the block, so that point i samples the centre of its 8/n pixels.
	idct [16]float32
	// notYCbCr: an Adobe APP14 marker says the three components are not YCbCr (transform
	// other than 1). image/jpeg then reads them as RGB, which this decoder does not do.
	notYCbCr bool
}

func (d *scaledDecoder) u16(at int) (int, bool) {
	if at+2 > len(d.data) {
		return 0, false
	}
	return int(binary.BigEndian.Uint16(d.data[at:])), true
}

func (d *scaledDecoder) parse() error {
	if len(d.data) < 4 || d.data[0] != 0xFF || d.data[1] != 0xD8 {
		return errScaledUnsupported
	}
	d.pos = 2
	for {
		if d.pos+2 > len(d.data) || d.data[d.pos] != 0xFF {
			return errScaledTruncated
		}
		for d.pos < len(d.data) && d.data[d.pos] == 0xFF {
			d.pos++ // fill bytes
		}
		if d.pos >= len(d.data) {
			return errScaledTruncated
		}
		marker := d.data[d.pos]
		d.pos++
		if marker == 0xD9 || marker == 0xD8 || marker >= 0xD0 && marker <= 0xD7 || marker == 0x01 {
			return errScaledUnsupported // EOI before a scan, or markers out of place
		}
		length, ok := d.u16(d.pos)
		if !ok || length < 2 || d.pos+length > len(d.data) {
			return errScaledTruncated
		}
		seg := d.data[d.pos+2 : d.pos+length]
		d.pos += length
		var err error
		switch {
		case marker == 0xC0 || marker == 0xC1:
			err = d.frame(seg)
		case marker == 0xC4:
			err = d.huffman(seg)
		case marker == 0xDB:
			err = d.quantization(seg)
		case marker == 0xDD:
			if len(seg) != 2 {
				return errScaledUnsupported
			}
			d.restart = int(binary.BigEndian.Uint16(seg))
		case marker == 0xDA:
			if err := d.scan(seg); err != nil {
				return err
			}
			return d.end()
		case marker == 0xEE:
			if len(seg) >= 12 && string(seg[:5]) == "Adobe" && seg[11] != 1 {
				d.notYCbCr = true
			}
		case marker >= 0xE0 && marker <= 0xEF || marker == 0xFE:
			// application data and comments
		default:
			return errScaledUnsupported // progressive, lossless, arithmetic, DNL, ...
		}
		if err != nil {
			return err
		}
	}
}

// end checks that the end-of-image marker follows the scan, as image/jpeg requires.
func (d *scaledDecoder) end() error {
	p := d.bits.pos
	if p >= len(d.data) || d.data[p] != 0xFF {
		return errScaledUnsupported // data after the last block: let image/jpeg judge it
	}
	for p < len(d.data) && d.data[p] == 0xFF {
		p++
	}
	if p >= len(d.data) {
		return errScaledTruncated
	}
	if d.data[p] != 0xD9 {
		return errScaledUnsupported // a second scan or other segments after the first
	}
	return nil
}

func (d *scaledDecoder) frame(seg []byte) error {
	if d.sawSOF || len(seg) < 6 || seg[0] != 8 {
		return errScaledUnsupported
	}
	d.sawSOF = true
	d.height = int(binary.BigEndian.Uint16(seg[1:]))
	d.width = int(binary.BigEndian.Uint16(seg[3:]))
	nc := int(seg[5])
	if d.width == 0 || d.height == 0 || (nc != 1 && nc != 3) || len(seg) != 6+3*nc {
		return errScaledUnsupported
	}
	d.comps = make([]scaledComp, nc)
	for i := range d.comps {
		c := &d.comps[i]
		c.id = seg[6+3*i]
		c.h, c.v = int(seg[7+3*i]>>4), int(seg[7+3*i]&15)
		c.tq = int(seg[8+3*i])
		// image/jpeg refuses factors outside 1-4, and 3, even where it ignores them.
		if c.tq > 3 || c.h < 1 || c.h > 4 || c.v < 1 || c.v > 4 || c.h == 3 || c.v == 3 {
			return errScaledUnsupported
		}
	}
	if nc == 1 {
		d.comps[0].h, d.comps[0].v = 1, 1 // a single component is coded block by block
		return nil
	}
	y := d.comps[0]
	if y.h < 1 || y.h > 2 || y.v < 1 || y.v > 2 {
		return errScaledUnsupported
	}
	for _, c := range d.comps[1:] {
		if c.h != 1 || c.v != 1 {
			return errScaledUnsupported
		}
	}
	return nil
}

func (d *scaledDecoder) quantization(seg []byte) error {
	for len(seg) > 0 {
		pq, tq := seg[0]>>4, int(seg[0]&15)
		if tq > 3 || pq > 1 {
			return errScaledUnsupported
		}
		seg = seg[1:]
		for i := range 64 {
			if pq == 0 {
				if len(seg) < 1 {
					return errScaledUnsupported
				}
				d.quant[tq][i], seg = uint16(seg[0]), seg[1:]
			} else {
				if len(seg) < 2 {
					return errScaledUnsupported
				}
				d.quant[tq][i], seg = binary.BigEndian.Uint16(seg), seg[2:]
			}
		}
		d.hasQ[tq] = true
	}
	return nil
}

// huffTable decodes one Huffman table: codes of up to 9 bits by lookup, longer ones by
// the canonical code ranges.
type huffTable struct {
	look    [1 << 9]uint16 // code length << 8 | symbol; length 0: longer than 9 bits
	maxCode [17]int32      // largest code of each length, -1 if none
	valPtr  [17]int32      // index in vals of the first code of each length, minus that code
	vals    []uint8
}

func (d *scaledDecoder) huffman(seg []byte) error {
	for len(seg) > 0 {
		if len(seg) < 17 {
			return errScaledUnsupported
		}
		class, th := seg[0]>>4, int(seg[0]&15)
		if class > 1 || th > 1 { // baseline has two tables of each class (image/jpeg checks)
			return errScaledUnsupported
		}
		var counts [17]int
		total := 0
		for l := 1; l <= 16; l++ {
			counts[l] = int(seg[l])
			total += counts[l]
		}
		if total == 0 || total > 256 || len(seg) < 17+total {
			return errScaledUnsupported
		}
		t := &huffTable{vals: append([]uint8(nil), seg[17:17+total]...)}
		code, k := int32(0), 0
		for l := 1; l <= 16; l++ {
			t.valPtr[l] = int32(k) - code
			if code+int32(counts[l]) > 1<<l {
				return errScaledUnsupported // more codes than the length allows
			}
			for range counts[l] {
				if l <= 9 {
					lo := code << (9 - l)
					for i := lo; i < lo+1<<(9-l); i++ {
						t.look[i] = uint16(l)<<8 | uint16(t.vals[k])
					}
				}
				code++
				k++
			}
			t.maxCode[l] = code - 1
			if counts[l] == 0 {
				t.maxCode[l] = -1
			}
			code <<= 1
		}
		if class == 0 {
			d.dcTab[th] = t
		} else {
			d.acTab[th] = t
		}
		seg = seg[17+total:]
	}
	return nil
}

func (d *scaledDecoder) scan(seg []byte) error {
	if !d.sawSOF || len(seg) < 1 {
		return errScaledUnsupported
	}
	ns := int(seg[0])
	if ns != len(d.comps) || len(seg) != 4+2*ns {
		return errScaledUnsupported // a scan of only some components (non-interleaved)
	}
	// RGB samples, by image/jpeg's (and libjpeg's) rules: an Adobe transform 0, or component
	// ids 'R','G','B' (without JFIF; declined even with it, to stay on the safe side).
	if ns == 3 && (d.notYCbCr || d.comps[0].id == 'R' && d.comps[1].id == 'G' && d.comps[2].id == 'B') {
		return errScaledUnsupported
	}
	for i := range ns {
		c := &d.comps[i]
		if seg[1+2*i] != c.id {
			return errScaledUnsupported
		}
		td, ta := int(seg[2+2*i]>>4), int(seg[2+2*i]&15)
		if td > 3 || ta > 3 || d.dcTab[td] == nil || d.acTab[ta] == nil || !d.hasQ[c.tq] {
			return errScaledUnsupported
		}
		c.dc, c.ac, c.quant = d.dcTab[td], d.acTab[ta], &d.quant[c.tq]
	}
	if ss, se, a := seg[1+2*ns], seg[2+2*ns], seg[3+2*ns]; ss != 0 || se != 63 || a != 0 {
		return errScaledUnsupported
	}
	d.setup()
	d.bits = bitReader{data: d.data, pos: d.pos}
	return d.decodeMCUs()
}

// setup allocates the planes and the image, and the tables for the scale.
func (d *scaledDecoder) setup() {
	n := d.n
	for k := range d.keep {
		d.keep[k] = -1
	}
	for k, nat := range zigzag {
		if u, v := nat%8, nat/8; u < n && v < n {
			d.keep[k] = int8(v*n + u)
		}
	}
	for i := range n {
		for u := range n {
			c := 0.5
			if u == 0 {
				c = 0.5 / math.Sqrt2
			}
			d.idct[i*n+u] = float32(c * math.Cos(float64(2*i+1)*float64(u)*math.Pi/float64(2*n)))
		}
	}
	hmax, vmax := d.comps[0].h, d.comps[0].v
	mcusX := (d.width + 8*hmax - 1) / (8 * hmax)
	mcusY := (d.height + 8*vmax - 1) / (8 * vmax)
	for i := range d.comps {
		c := &d.comps[i]
		c.blocksX = mcusX * c.h
		c.stride = c.blocksX * n
		c.plane = make([]uint8, c.stride*mcusY*c.v*n)
		c.coefFlat = make([]int32, n*n)
	}
	w, h := (d.width*n+7)/8, (d.height*n+7)/8
	r := image.Rect(0, 0, w, h)
	if len(d.comps) == 1 {
		d.img = &image.Gray{Pix: d.comps[0].plane, Stride: d.comps[0].stride, Rect: r}
		return
	}
	ratio := image.YCbCrSubsampleRatio444
	switch {
	case hmax == 2 && vmax == 2:
		ratio = image.YCbCrSubsampleRatio420
	case hmax == 2:
		ratio = image.YCbCrSubsampleRatio422
	case vmax == 2:
		ratio = image.YCbCrSubsampleRatio440
	}
	d.img = &image.YCbCr{Y: d.comps[0].plane, Cb: d.comps[1].plane, Cr: d.comps[2].plane,
		YStride: d.comps[0].stride, CStride: d.comps[1].stride, SubsampleRatio: ratio, Rect: r}
}

func (d *scaledDecoder) decodeMCUs() error {
	hmax, vmax := d.comps[0].h, d.comps[0].v
	mcusX := (d.width + 8*hmax - 1) / (8 * hmax)
	mcusY := (d.height + 8*vmax - 1) / (8 * vmax)
	total := mcusX * mcusY
	next := byte(0) // the restart marker expected next
	for m := range total {
		if d.restart > 0 && m > 0 && m%d.restart == 0 {
			if err := d.bits.restart(0xD0 + next); err != nil {
				return err
			}
			next = (next + 1) & 7
			for i := range d.comps {
				d.comps[i].pred = 0
			}
		}
		mx, my := m%mcusX, m/mcusX
		for i := range d.comps {
			c := &d.comps[i]
			for by := range c.v {
				for bx := range c.h {
					x := (mx*c.h + bx) * d.n
					y := (my*c.v + by) * d.n
					if err := d.block(c, c.plane[y*c.stride+x:]); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

// block decodes one 8×8 block and writes its n×n samples at out (stride c.stride).
func (d *scaledDecoder) block(c *scaledComp, out []uint8) error {
	br := &d.bits
	coef := c.coefFlat
	clear(coef)
	s, err := br.huff(c.dc)
	if err != nil {
		return err
	}
	if s > 11 {
		return errScaledCorrupt
	}
	if s > 0 {
		v, err := br.receive(uint(s))
		if err != nil {
			return err
		}
		c.pred += v
	}
	coef[0] = c.pred * int32(c.quant[0])
	flat := true
	for k := 1; k < 64; k++ {
		rs, err := br.huff(c.ac)
		if err != nil {
			return err
		}
		r, s := int(rs>>4), uint(rs&15)
		if s == 0 {
			if r == 0 {
				break // end of block
			}
			if r != 15 {
				// An end-of-band run: progressive only. image/jpeg reads it anyway
				// and goes on differently; let it decide.
				return errScaledUnsupported
			}
			k += 15 // sixteen zeros
			continue
		}
		k += r
		if k > 63 || s > 10 {
			return errScaledCorrupt
		}
		if at := d.keep[k]; at >= 0 {
			v, err := br.receive(s)
			if err != nil {
				return err
			}
			coef[at] = v * int32(c.quant[k])
			flat = false
		} else if err := br.skip(s); err != nil {
			return err
		}
	}
	d.inverse(coef, out, c.stride, flat)
	return nil
}

// inverse writes the n×n samples of a block from its n×n dequantized coefficients.
func (d *scaledDecoder) inverse(coef []int32, out []uint8, stride int, flat bool) {
	n := d.n
	if flat || n == 1 {
		v := pixel(float32(coef[0]) / 8)
		for y := range n {
			row := out[y*stride : y*stride+n]
			for x := range row {
				row[x] = v
			}
		}
		return
	}
	if n == 4 {
		d.inverse4(coef, out, stride)
		return
	}
	// Rows then columns: tmp[v][i] = Σu coef[v][u]·idct[i][u].
	var tmp [16]float32
	for v := range n {
		cr := coef[v*n : v*n+n]
		for i := range n {
			k := d.idct[i*n : i*n+n]
			var s float32
			for u, c := range cr {
				s += float32(c) * k[u]
			}
			tmp[v*n+i] = s
		}
	}
	for y := range n {
		k := d.idct[y*n : y*n+n]
		row := out[y*stride : y*stride+n]
		for x := range row {
			var s float32
			for v := range n {
				s += tmp[v*n+x] * k[v]
			}
			row[x] = pixel(s)
		}
	}
}

// inverse4 is inverse for n = 4, with the symmetry of the cosines: sample 3-i has the
// even frequencies' terms of sample i and the odd ones' negated. Half the multiplications.
func (d *scaledDecoder) inverse4(coef []int32, out []uint8, stride int) {
	k := &d.idct
	a0, a2 := k[0], k[2] // sample 0: frequencies 0 and 2 (k[0] = k[4] = k[8] = k[12])
	b1, b3 := k[1], k[3] // sample 0: frequencies 1 and 3
	c2 := k[6]           // sample 1: frequency 2
	d1, d3 := k[5], k[7] // sample 1: frequencies 1 and 3
	var tmp [16]float32
	for v := range 4 {
		r := coef[v*4 : v*4+4 : v*4+4]
		if r[1] == 0 && r[2] == 0 && r[3] == 0 {
			dc := float32(r[0]) * a0
			tmp[v*4], tmp[v*4+1], tmp[v*4+2], tmp[v*4+3] = dc, dc, dc, dc
			continue
		}
		f0, f1, f2, f3 := float32(r[0]), float32(r[1]), float32(r[2]), float32(r[3])
		e0, e1 := f0*a0+f2*a2, f0*a0+f2*c2
		o0, o1 := f1*b1+f3*b3, f1*d1+f3*d3
		tmp[v*4], tmp[v*4+3] = e0+o0, e0-o0
		tmp[v*4+1], tmp[v*4+2] = e1+o1, e1-o1
	}
	for x := range 4 {
		f0, f1, f2, f3 := tmp[x], tmp[4+x], tmp[8+x], tmp[12+x]
		e0, e1 := f0*a0+f2*a2, f0*a0+f2*c2
		o0, o1 := f1*b1+f3*b3, f1*d1+f3*d3
		out[x] = pixel(e0 + o0)
		out[stride+x] = pixel(e1 + o1)
		out[2*stride+x] = pixel(e1 - o1)
		out[3*stride+x] = pixel(e0 - o0)
	}
}

// pixel level-shifts and rounds an inverse-DCT value to a sample.
func pixel(v float32) uint8 {
	v += 128.5
	switch {
	case v <= 0:
		return 0
	case v >= 255:
		return 255
	}
	return uint8(v)
}

// zigzag[k] is the natural (row-major) index of the k-th coefficient in zig-zag order.
var zigzag = [64]int{
	0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
	12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
	35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
	58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
}

// bitReader reads entropy-coded data: bytes with 0xFF stuffed as 0xFF 0x00, ending at
// the first marker. Bits beyond the end read as zeros, but using them is an error.
type bitReader struct {
	data []byte
	pos  int
	acc  uint64 // the next bits, most significant first
	n    uint   // valid bits in acc
	end  bool   // reached a marker or the end of the data
}

func (b *bitReader) fill() {
	for b.n <= 56 && !b.end {
		if b.pos >= len(b.data) {
			b.end = true
			return
		}
		c := b.data[b.pos]
		if c == 0xFF {
			if b.pos+1 < len(b.data) && b.data[b.pos+1] == 0 {
				b.pos += 2
			} else {
				b.end = true // a marker: stay on it
				return
			}
		} else {
			b.pos++
		}
		b.acc |= uint64(c) << (56 - b.n)
		b.n += 8
	}
}

func (b *bitReader) huff(t *huffTable) (uint8, error) {
	if b.n < 16 {
		b.fill()
	}
	if e := t.look[b.acc>>55]; e != 0 {
		l := uint(e >> 8)
		if l > b.n {
			return 0, errScaledTruncated
		}
		b.acc <<= l
		b.n -= l
		return uint8(e), nil
	}
	for l := uint(10); l <= 16; l++ {
		code := int32(b.acc >> (64 - l))
		if code <= t.maxCode[l] {
			if l > b.n {
				return 0, errScaledTruncated
			}
			i := t.valPtr[l] + code
			if i < 0 || int(i) >= len(t.vals) {
				return 0, errScaledCorrupt
			}
			b.acc <<= l
			b.n -= l
			return t.vals[i], nil
		}
	}
	return 0, errScaledCorrupt
}

// receive reads an s-bit magnitude (1 ≤ s ≤ 16) and extends its sign.
func (b *bitReader) receive(s uint) (int32, error) {
	if b.n < s {
		b.fill()
		if b.n < s {
			return 0, errScaledTruncated
		}
	}
	v := int32(b.acc >> (64 - s))
	b.acc <<= s
	b.n -= s
	if v < 1<<(s-1) {
		v += -1<<s + 1
	}
	return v, nil
}

func (b *bitReader) skip(s uint) error {
	if b.n < s {
		b.fill()
		if b.n < s {
			return errScaledTruncated
		}
	}
	b.acc <<= s
	b.n -= s
	return nil
}

// restart drops the padding bits and reads the restart marker rst.
func (b *bitReader) restart(rst byte) error {
	p := b.pos
	if p+1 >= len(b.data) || b.data[p] != 0xFF {
		return errScaledCorrupt
	}
	for p < len(b.data) && b.data[p] == 0xFF {
		p++
	}
	if p >= len(b.data) || b.data[p] != rst {
		return errScaledCorrupt
	}
	*b = bitReader{data: b.data, pos: p + 1}
	return nil
}
