package photo

import (
	"fmt"
	"image"
	"image/color"
	"math/rand/v2"
	"testing"
)

// slowReduce is the obviously correct reference for reduce: average each k×k block in
// premultiplied 16-bit colour via the generic At method, then composite onto white.
func slowReduce(src image.Image, r image.Rectangle, k int) *image.NRGBA {
	out := image.NewNRGBA(image.Rect(0, 0, r.Dx()/k, r.Dy()/k))
	for oy := range r.Dy() / k {
		for ox := range r.Dx() / k {
			var s [4]float64
			for y := r.Min.Y + oy*k; y < r.Min.Y+oy*k+k; y++ {
				for x := r.Min.X + ox*k; x < r.Min.X+ox*k+k; x++ {
					cr, cg, cb, ca := src.At(x, y).RGBA()
					s[0], s[1], s[2], s[3] = s[0]+float64(cr), s[1]+float64(cg), s[2]+float64(cb), s[3]+float64(ca)
				}
			}
			n := float64(k * k * 0xFFFF)
			white := 255 * (1 - s[3]/n)
			v := func(c float64) uint8 { return uint8(c/n*255 + white + 0.5) }
			out.SetNRGBA(ox, oy, color.NRGBA{v(s[0]), v(s[1]), v(s[2]), 255})
		}
	}
	return out
}

// maxDiff is the largest channel difference between two same-size images.
func maxDiff(a, b image.Image) int {
	worst := 0
	bb := b.Bounds()
	for y := range bb.Dy() {
		for x := range bb.Dx() {
			ca := color.NRGBAModel.Convert(a.At(a.Bounds().Min.X+x, a.Bounds().Min.Y+y)).(color.NRGBA)
			cb := color.NRGBAModel.Convert(b.At(bb.Min.X+x, bb.Min.Y+y)).(color.NRGBA)
			for _, d := range []int{int(ca.R) - int(cb.R), int(ca.G) - int(cb.G), int(ca.B) - int(cb.B)} {
				worst = max(worst, d, -d)
			}
		}
	}
	return worst
}

func TestReduceMatchesTheSlowReferenceForEveryPixelType(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	b := image.Rect(0, 0, 37, 29) // odd sizes: chroma rounding and partial blocks
	randomize := func(m interface {
		Set(x, y int, c color.Color)
	}, model func() color.Color) {
		for y := range b.Dy() {
			for x := range b.Dx() {
				m.Set(x, y, model())
			}
		}
	}
	u8 := func() uint8 { return uint8(rnd.IntN(256)) }
	u16 := func() uint16 { return uint16(rnd.IntN(65536)) }
	nrgba := image.NewNRGBA(b)
	randomize(nrgba, func() color.Color { return color.NRGBA{u8(), u8(), u8(), u8()} })
	rgba := image.NewRGBA(b)
	randomize(rgba, func() color.Color { return color.NRGBA{u8(), u8(), u8(), u8()} })
	nrgba64 := image.NewNRGBA64(b)
	randomize(nrgba64, func() color.Color { return color.NRGBA64{u16(), u16(), u16(), u16()} })
	rgba64 := image.NewRGBA64(b)
	randomize(rgba64, func() color.Color { return color.NRGBA64{u16(), u16(), u16(), u16()} })
	cmyk := image.NewCMYK(b)
	randomize(cmyk, func() color.Color { return color.CMYK{u8(), u8(), u8(), u8()} })
	gray := image.NewGray(b)
	randomize(gray, func() color.Color { return color.Gray{u8()} })
	gray16 := image.NewGray16(b)
	randomize(gray16, func() color.Color { return color.Gray16{u16()} })
	pal := image.NewPaletted(b, color.Palette{color.NRGBA{255, 0, 0, 255}, color.NRGBA{0, 0, 255, 128}, color.NRGBA{0, 0, 0, 0}})
	randomize(pal, func() color.Color { return pal.Palette[rnd.IntN(3)] })
	alpha := image.NewAlpha(b) // no fast path: exercises the generic one
	randomize(alpha, func() color.Color { return color.Alpha{u8()} })

	cases := map[string]image.Image{
		"NRGBA": nrgba, "RGBA": rgba, "NRGBA64": nrgba64, "RGBA64": rgba64, "CMYK": cmyk,
		"Gray": gray, "Gray16": gray16, "Paletted": pal, "Alpha (generic)": alpha,
	}
	// YCbCr in every subsampling, kept inside the RGB gamut: outside it, clamping makes
	// averaging before the conversion legitimately differ from averaging after.
	for _, ratio := range []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422,
		image.YCbCrSubsampleRatio420, image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410} {
		m := image.NewYCbCr(b, ratio)
		for i := range m.Y {
			m.Y[i] = uint8(60 + i*7%130)
		}
		for i := range m.Cb {
			m.Cb[i] = uint8(120 + i%17) // varied but inside the gamut for every Y used
			m.Cr[i] = uint8(136 - i%13)
		}
		cases["YCbCr "+ratio.String()] = m
		withAlpha := image.NewNYCbCrA(b, ratio)
		withAlpha.YCbCr = *m
		for i := range withAlpha.A {
			withAlpha.A[i] = u8()
		}
		cases["NYCbCrA "+ratio.String()] = withAlpha
	}
	for name, src := range cases {
		for _, win := range []image.Rectangle{b, image.Rect(3, 5, 33, 29)} {
			for _, k := range []int{1, 2, 3} {
				r := trimToMultiple(win, k)
				t.Run(fmt.Sprintf("%s/%v/k=%d", name, win, k), func(t *testing.T) {
					got := reduce(src, r, k)
					if got.Bounds().Dx() != r.Dx()/k || got.Bounds().Dy() != r.Dy()/k {
						t.Fatalf("size %v, want %dx%d", got.Bounds().Size(), r.Dx()/k, r.Dy()/k)
					}
					if d := maxDiff(got, slowReduce(src, r, k)); d > 2 {
						t.Errorf("differs from the reference by %d levels", d)
					}
				})
			}
		}
	}
}
