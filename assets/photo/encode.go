package photo

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
)

// DefaultQuality is the JPEG quality used when Spec.Quality is 0.
//
// Measured with TestMeasureJPEGQuality on 15 real photos (nature, landscape, a detailed
// painting), each cropped 3:2 and resampled to 945×630 (160 mm at 150 ppi); mean bytes per
// pixel, and PSNR/SSIM on luma against the unencoded resampled picture:
//
//	q   bpp   KB/945×630  PSNR      SSIM    (hardest photo: SSIM)
//	70  0.64   47         42.96 dB  0.9779  0.921
//	75  0.71   52         43.55 dB  0.9801
//	80  0.82   60         44.30 dB  0.9827  0.945
//	85  0.98   71         45.21 dB  0.9855  0.958
//	88  1.14   83         45.95 dB  0.9874
//	90  1.28   93         46.53 dB  0.9888  0.974
//	92  1.42  104         47.17 dB  0.9900
//	95  1.96  142         48.67 dB  0.9926  0.990
//
// 85 is the knee: from 80 it costs 20% more bytes and lifts the hardest picture (the
// painting) clearly above SSIM 0.95; 90 would cost another 31% for differences finer than
// a 100-133 lpi newsprint screen reproduces.
const DefaultQuality = 85

// finish turns the opaque resampled picture into the pixel type we encode: gray when every
// pixel is neutral (a third of the JPEG data, and DeviceGray in the PDF), RGB otherwise.
// The RGBA view shares the pixels: with alpha 255, NRGBA and RGBA are the same bytes, and
// the JPEG encoder has a fast path for *image.RGBA only.
func finish(m *image.NRGBA) image.Image {
	if isNeutral(m) {
		g := image.NewGray(m.Rect)
		for y := m.Rect.Min.Y; y < m.Rect.Max.Y; y++ {
			s := m.Pix[m.PixOffset(m.Rect.Min.X, y):]
			d := g.Pix[g.PixOffset(g.Rect.Min.X, y):]
			for x := range d[:m.Rect.Dx()] {
				d[x] = s[4*x]
			}
		}
		return g
	}
	return &image.RGBA{Pix: m.Pix, Stride: m.Stride, Rect: m.Rect}
}

func isNeutral(m *image.NRGBA) bool {
	for y := m.Rect.Min.Y; y < m.Rect.Max.Y; y++ {
		row := m.Pix[m.PixOffset(m.Rect.Min.X, y):]
		for x := range m.Rect.Dx() {
			p := row[4*x : 4*x+3 : 4*x+3]
			if p[0] != p[1] || p[1] != p[2] {
				return false
			}
		}
	}
	return true
}

// encodeJPEG writes a baseline JPEG (4:2:0 for colour). Go's encoder is deterministic.
func encodeJPEG(m image.Image, quality int) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(m.Bounds().Dx() * m.Bounds().Dy() / 4)
	err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: quality})
	return buf.Bytes(), err
}

// encodePNG writes an 8-bit, non-interlaced PNG (the only kind fpdf reads correctly):
// indexed when the picture has at most 256 colours, else gray or RGB.
func encodePNG(m image.Image) ([]byte, error) {
	if p := toPaletted(m); p != nil {
		m = p
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.DefaultCompression}
	err := enc.Encode(&buf, m)
	return buf.Bytes(), err
}

// toPaletted returns m as an exactly equal paletted image (palette in order of first
// appearance, so the result is deterministic), or nil when m has more than 256 colours.
func toPaletted(m image.Image) *image.Paletted {
	rgba, ok := m.(*image.RGBA)
	if !ok {
		return nil // gray PNGs are already one byte per pixel
	}
	b := rgba.Rect
	index := make(map[uint32]uint8, 256)
	var pal color.Palette
	out := image.NewPaletted(b, nil)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := rgba.Pix[rgba.PixOffset(b.Min.X, y):]
		dst := out.Pix[out.PixOffset(b.Min.X, y):]
		for x := range b.Dx() {
			p := row[4*x : 4*x+4 : 4*x+4]
			c := uint32(p[0])<<16 | uint32(p[1])<<8 | uint32(p[2])
			i, seen := index[c]
			if !seen {
				if len(pal) == 256 {
					return nil
				}
				i = uint8(len(pal))
				index[c] = i
				pal = append(pal, color.RGBA{p[0], p[1], p[2], 0xFF})
			}
			dst[x] = i
		}
	}
	out.Palette = pal
	return out
}

// fewColors reports whether the window r of m has at most 256 distinct colours: the mark
// of a chart, logo or screenshot, which may compress better (and cleaner) as PNG.
func fewColors(m image.Image, r image.Rectangle) bool {
	conv := rowConverter(m)
	line := make([]uint8, 4*r.Dx())
	seen := make(map[uint32]struct{}, 257)
	var last uint32 // runs of one colour skip the map lookup
	haveLast := false
	for y := r.Min.Y; y < r.Max.Y; y++ {
		conv(line, r.Min.X, r.Max.X, y)
		for x := range r.Dx() {
			p := line[4*x : 4*x+4 : 4*x+4]
			c := uint32(p[0]) | uint32(p[1])<<8 | uint32(p[2])<<16 | uint32(p[3])<<24
			if haveLast && c == last {
				continue
			}
			last, haveLast = c, true
			if _, ok := seen[c]; !ok {
				if len(seen) == 256 {
					return false
				}
				seen[c] = struct{}{}
			}
		}
	}
	return true
}
