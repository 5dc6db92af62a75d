package text

import (
	"encoding/binary"
	"errors"
	"math"

	"epaper/layout/geom"
)

// A galley is kept between builds (see compose's decision log) in a compact binary form:
// setting every story again was a quarter of a rebuild. Faces are written as their index in
// a list the caller gives, the same list when decoding.

// AppendGalley appends the encoding of g to dst; ok is false when a word's face is not in
// faces.
func AppendGalley(dst []byte, g *Galley, faces []*Face) (out []byte, ok bool) {
	dst = binary.AppendVarint(dst, int64(g.Measure))
	dst = binary.AppendUvarint(dst, uint64(g.Emergency))
	dst = binary.AppendUvarint(dst, uint64(len(g.Lines)))
	for _, l := range g.Lines {
		flags := uint64(l.Kind)<<3 | uint64(btou(l.Keep))<<2 | uint64(btou(l.Hyphen))<<1 | uint64(btou(l.Last))
		dst = binary.AppendUvarint(dst, flags)
		dst = binary.AppendUvarint(dst, uint64(l.Para))
		dst = binary.AppendVarint(dst, int64(l.Width))
		dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(l.Ratio))
		dst = binary.AppendUvarint(dst, uint64(len(l.Words)))
		for _, w := range l.Words {
			fi := -1
			for i, f := range faces {
				if f == w.Face {
					fi = i
				}
			}
			if fi < 0 {
				return dst, false
			}
			dst = binary.AppendUvarint(dst, uint64(fi))
			for _, v := range []geom.Sp{w.X, w.Size, w.Tracking, w.Width} {
				dst = binary.AppendVarint(dst, int64(v))
			}
			dst = binary.AppendUvarint(dst, uint64(len(w.Text)))
			dst = append(dst, w.Text...)
		}
	}
	return dst, true
}

func btou(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

var errBadGalley = errors.New("damaged galley encoding")

// DecodeGalley reads a galley written by AppendGalley with the same faces. The words'
// text shares one string with the data.
func DecodeGalley(data []byte, faces []*Face) (*Galley, error) {
	d := galleyDecoder{s: string(data)}
	g := &Galley{Measure: geom.Sp(d.varint()), Emergency: int(d.uvarint())}
	n := d.uvarint()
	if d.err != nil || n > uint64(len(d.s)) {
		return nil, errBadGalley
	}
	g.Lines = make([]GalleyLine, n)
	for i := range g.Lines {
		l := &g.Lines[i]
		flags := d.uvarint()
		l.Kind, l.Keep, l.Hyphen, l.Last = LineKind(flags>>3), flags&4 != 0, flags&2 != 0, flags&1 != 0
		l.Para = int(d.uvarint())
		l.Width = geom.Sp(d.varint())
		l.Ratio = math.Float64frombits(d.uint64())
		nw := d.uvarint()
		if d.err != nil || nw > uint64(len(d.s)) {
			return nil, errBadGalley
		}
		if nw > 0 {
			l.Words = make([]Word, nw)
		}
		for j := range l.Words {
			w := &l.Words[j]
			fi := d.uvarint()
			if fi >= uint64(len(faces)) {
				return nil, errBadGalley
			}
			w.Face = faces[fi]
			w.X, w.Size, w.Tracking, w.Width = geom.Sp(d.varint()), geom.Sp(d.varint()), geom.Sp(d.varint()), geom.Sp(d.varint())
			w.Text = d.text(d.uvarint())
		}
		if d.err != nil {
			return nil, errBadGalley
		}
	}
	if d.err != nil || d.at != len(d.s) {
		return nil, errBadGalley
	}
	return g, nil
}

type galleyDecoder struct {
	s   string
	at  int
	err error
}

func (d *galleyDecoder) uvarint() uint64 {
	var x uint64
	for shift := uint(0); d.at < len(d.s) && shift < 64; shift += 7 {
		b := d.s[d.at]
		d.at++
		if b < 0x80 {
			return x | uint64(b)<<shift
		}
		x |= uint64(b&0x7f) << shift
	}
	d.err, d.at = errBadGalley, len(d.s)
	return 0
}

func (d *galleyDecoder) varint() int64 {
	u := d.uvarint()
	x := int64(u >> 1)
	if u&1 != 0 {
		x = ^x
	}
	return x
}

func (d *galleyDecoder) uint64() uint64 {
	if d.at+8 > len(d.s) {
		d.err, d.at = errBadGalley, len(d.s)
		return 0
	}
	var v uint64
	for i := 7; i >= 0; i-- {
		v = v<<8 | uint64(d.s[d.at+i])
	}
	d.at += 8
	return v
}

func (d *galleyDecoder) text(n uint64) string {
	if n > uint64(len(d.s)-d.at) {
		d.err, d.at = errBadGalley, len(d.s)
		return ""
	}
	t := d.s[d.at : d.at+int(n)]
	d.at += int(n)
	return t
}
