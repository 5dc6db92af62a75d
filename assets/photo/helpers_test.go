package photo

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// Colours used by the fixtures.
var (
	red    = color.RGBA{255, 0, 0, 255}
	green  = color.RGBA{0, 255, 0, 255}
	blue   = color.RGBA{0, 0, 255, 255}
	yellow = color.RGBA{255, 255, 0, 255}
	white  = color.RGBA{255, 255, 255, 255}
	black  = color.RGBA{0, 0, 0, 255}
)

func writeFile(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func encodeJPEGBytes(t testing.TB, m image.Image, q int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: q}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodePNGBytes(t testing.TB, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withOrientation inserts an EXIF segment carrying orientation o right after the SOI.
func withOrientation(jpg []byte, o int) []byte {
	var tiff []byte
	tiff = append(tiff, "MM\x00\x2a"...)
	tiff = binary.BigEndian.AppendUint32(tiff, 8) // IFD0 offset
	tiff = binary.BigEndian.AppendUint16(tiff, 1) // one entry
	tiff = binary.BigEndian.AppendUint16(tiff, 0x0112)
	tiff = binary.BigEndian.AppendUint16(tiff, 3) // SHORT
	tiff = binary.BigEndian.AppendUint32(tiff, 1)
	tiff = binary.BigEndian.AppendUint16(tiff, uint16(o))
	tiff = append(tiff, 0, 0)
	tiff = binary.BigEndian.AppendUint32(tiff, 0) // no next IFD
	payload := append([]byte("Exif\x00\x00"), tiff...)
	seg := []byte{0xFF, 0xE1}
	seg = binary.BigEndian.AppendUint16(seg, uint16(len(payload)+2))
	seg = append(seg, payload...)
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

// fill paints r in m with c.
func fill(m *image.RGBA, r image.Rectangle, c color.Color) {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			m.Set(x, y, c)
		}
	}
}

// quadrants is a w×h picture: top-left red, top-right green, bottom-left blue,
// bottom-right yellow. Any rotation or mirroring changes which colour is where.
func quadrants(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	fill(m, image.Rect(0, 0, w/2, h/2), red)
	fill(m, image.Rect(w/2, 0, w, h/2), green)
	fill(m, image.Rect(0, h/2, w/2, h), blue)
	fill(m, image.Rect(w/2, h/2, w, h), yellow)
	return m
}

// photoLike is a synthetic photograph: smooth gradients and waves with noise, which
// compresses and resamples like a real photo (flat colour would flatter every number).
func photoLike(w, h int, seed uint32) *image.YCbCr {
	m := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	s := seed | 1
	rnd := func() int { // xorshift: deterministic noise
		s ^= s << 13
		s ^= s >> 17
		s ^= s << 5
		return int(s%25) - 12
	}
	fw, fh := float64(w), float64(h)
	for y := range h {
		for x := range w {
			fx, fy := float64(x)/fw, float64(y)/fh
			v := 40 + 120*fy + 50*math.Sin(fx*19+fy*7)*math.Cos(fy*13) + float64(rnd())
			m.Y[y*m.YStride+x] = uint8(clampInt(int(v), 0, 255))
		}
	}
	for y := range (h + 1) / 2 {
		for x := range (w + 1) / 2 {
			fx, fy := float64(2*x)/fw, float64(2*y)/fh
			i := y*m.CStride + x
			m.Cb[i] = uint8(128 + 40*math.Sin(fx*5) - 30*fy)
			m.Cr[i] = uint8(128 + 35*math.Cos(fy*4+fx*3))
		}
	}
	return m
}

// decodeOutput decodes a result and checks it is the 8-bit kind fpdf embeds correctly.
func decodeOutput(t testing.TB, img Image) image.Image {
	t.Helper()
	m, format, err := image.Decode(bytes.NewReader(img.Data))
	if err != nil {
		t.Fatalf("output does not decode: %v", err)
	}
	if format != img.Format {
		t.Fatalf("output is %s, Image.Format says %s", format, img.Format)
	}
	if b := m.Bounds(); b.Dx() != img.Width || b.Dy() != img.Height {
		t.Fatalf("output is %dx%d, Image says %dx%d", b.Dx(), b.Dy(), img.Width, img.Height)
	}
	switch format {
	case "jpeg":
		switch m.(type) {
		case *image.YCbCr, *image.Gray:
		default:
			t.Fatalf("JPEG output decodes as %T, want YCbCr or gray", m)
		}
	case "png":
		// IHDR: bit depth at byte 24, interlace method at byte 28.
		if depth, interlace := img.Data[24], img.Data[28]; depth > 8 || interlace != 0 {
			t.Fatalf("PNG output has bit depth %d, interlace %d; fpdf needs ≤8 and 0", depth, interlace)
		}
		if img.Data[25]&4 != 0 {
			t.Fatalf("PNG output has an alpha channel (colour type %d)", img.Data[25])
		}
	default:
		t.Fatalf("output format %q", format)
	}
	return m
}

// meanColor averages r in m.
func meanColor(m image.Image, r image.Rectangle) [3]float64 {
	var s [3]float64
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := color.NRGBAModel.Convert(m.At(x, y)).(color.NRGBA)
			s[0] += float64(c.R)
			s[1] += float64(c.G)
			s[2] += float64(c.B)
			n++
		}
	}
	for i := range s {
		s[i] /= float64(n)
	}
	return s
}

// colorNear reports whether the mean colour of r in m is within tol of want per channel.
func checkColor(t testing.TB, what string, m image.Image, r image.Rectangle, want color.RGBA, tol float64) {
	t.Helper()
	got := meanColor(m, r)
	w := [3]float64{float64(want.R), float64(want.G), float64(want.B)}
	for i := range got {
		if math.Abs(got[i]-w[i]) > tol {
			t.Errorf("%s: mean colour %s, want %v", what, fmtColor(got), [3]uint8{want.R, want.G, want.B})
			return
		}
	}
}

func fmtColor(c [3]float64) string { return fmt.Sprintf("[%.0f %.0f %.0f]", c[0], c[1], c[2]) }

// inner shrinks r by a margin, away from edges where JPEG and resampling blur colours.
func inner(r image.Rectangle, margin int) image.Rectangle { return r.Inset(margin) }
