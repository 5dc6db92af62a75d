package photo

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"testing"

	"github.com/disintegration/imaging"
)

// referenceLanczos is the slow, obviously correct version of resizeLanczos: each output
// channel is the 2-D Lanczos-3 sum over the source in float64, with the kernel stretched
// by the scale and renormalized at the edges, rounded once at the end.
func referenceLanczos(src image.Image, w, h int) *image.NRGBA {
	b := src.Bounds()
	sw, sh := b.Dx(), b.Dy()
	weights := func(srcN, dstN, i int) (lo int, ws []float64) {
		scale := float64(srcN) / float64(dstN)
		stretch := math.Max(scale, 1)
		centre := (float64(i) + 0.5) * scale
		lo = max(0, int(math.Floor(centre-3*stretch)))
		hi := min(srcN, int(math.Ceil(centre+3*stretch)))
		sum := 0.0
		for j := lo; j < hi; j++ {
			x := (float64(j) + 0.5 - centre) / stretch
			v := 0.0
			if x == 0 {
				v = 1
			} else if math.Abs(x) < 3 {
				v = 3 * math.Sin(math.Pi*x) * math.Sin(math.Pi*x/3) / (math.Pi * math.Pi * x * x)
			}
			ws = append(ws, v)
			sum += v
		}
		for k := range ws {
			ws[k] /= sum
		}
		return lo, ws
	}
	out := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		y0, wy := weights(sh, h, y)
		for x := range w {
			x0, wx := weights(sw, w, x)
			var acc [3]float64
			for j, vy := range wy {
				for i, vx := range wx {
					c := color.RGBAModel.Convert(src.At(b.Min.X+x0+i, b.Min.Y+y0+j)).(color.RGBA)
					acc[0] += vx * vy * float64(c.R)
					acc[1] += vx * vy * float64(c.G)
					acc[2] += vx * vy * float64(c.B)
				}
			}
			var px [4]uint8
			for c := range 3 {
				px[c] = uint8(math.Max(0, math.Min(255, math.Round(acc[c]))))
			}
			px[3] = 255
			copy(out.Pix[out.PixOffset(x, y):], px[:])
		}
	}
	return out
}

func toRGBA(m image.Image) *image.RGBA { return copyInto(image.NewRGBA(m.Bounds()), m) }

func toGray(m image.Image) *image.Gray { return copyInto(image.NewGray(m.Bounds()), m) }

// copyInto sets every pixel of out from m, through out's colour model.
func copyInto[T draw.Image](out T, m image.Image) T {
	b := m.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			out.Set(x, y, m.At(x, y))
		}
	}
	return out
}

func TestResizeLanczosMatchesTheFloatReference(t *testing.T) {
	rgba := toRGBA(photoLike(97, 64, 3))
	tests := []struct {
		name string
		src  image.Image
		w, h int
	}{
		{"shrink 3:2 by about 2.4", rgba, 40, 27},
		{"shrink one axis only", rgba, 97, 20},
		{"shrink the other axis only", rgba, 31, 64},
		{"odd ratio, few pixels", rgba, 7, 5},
		{"to a single pixel", rgba, 1, 1},
		{"enlarge a little", rgba, 120, 70},
		{"a window of a larger picture", rgba.SubImage(image.Rect(20, 10, 80, 50)), 25, 17},
		{"gray", toGray(photoLike(80, 60, 9)), 33, 21},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := resizeLanczos(tt.src, tt.w, tt.h)
			if b := got.Bounds(); b != image.Rect(0, 0, tt.w, tt.h) {
				t.Fatalf("bounds %v, want %dx%d", b, tt.w, tt.h)
			}
			// The fast version rounds to 8 bits between its two passes (an error the
			// negative lobes amplify a little, most when enlarging) and uses 14-bit weights:
			// a few levels at most, invisible, but exactness would be a coincidence.
			if d := maxDiff(got, referenceLanczos(tt.src, tt.w, tt.h)); d > 3 {
				t.Errorf("differs from the reference by up to %d levels", d)
			}
			for i := 3; i < len(got.Pix); i += 4 {
				if got.Pix[i] != 255 {
					t.Fatalf("alpha %d at byte %d: the result must be opaque", got.Pix[i], i)
				}
			}
		})
	}
}

func TestResizeLanczosKeepsFlatAreasExactlyFlat(t *testing.T) {
	for _, c := range []color.RGBA{{0, 0, 0, 255}, {255, 255, 255, 255}, {200, 17, 93, 255}} {
		src := image.NewRGBA(image.Rect(0, 0, 301, 203))
		fill(src, src.Rect, c)
		got := resizeLanczos(src, 67, 45)
		for i := 0; i < len(got.Pix); i += 4 {
			if got.Pix[i] != c.R || got.Pix[i+1] != c.G || got.Pix[i+2] != c.B {
				t.Fatalf("flat %v became %v at byte %d", c, got.Pix[i:i+4], i)
			}
		}
	}
}

func TestResizeLanczosOfTheSameSizeIsACopy(t *testing.T) {
	src := toRGBA(photoLike(40, 30, 2))
	got := resizeLanczos(src.SubImage(image.Rect(5, 5, 35, 25)), 30, 20)
	for y := range 20 {
		for x := range 30 {
			if a, b := got.NRGBAAt(x, y), src.RGBAAt(x+5, y+5); a.R != b.R || a.G != b.G || a.B != b.B {
				t.Fatalf("(%d,%d) = %v, want %v", x, y, a, b)
			}
		}
	}
}

// imaging's Lanczos is the filter the pipeline used before; ours must make the same
// pictures for every size the pipeline asks for.
func TestResampleAgreesWithImagingLanczos(t *testing.T) {
	src := toRGBA(photoLike(1500, 1000, 11))
	crop := image.Rect(0, 0, 1500, 1000)
	for _, w := range []int{1200, 700, 601, 300, 97} {
		h := w * 2 / 3
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			got := resample(src, crop, w, h, boxMargin)
			want := resampleImaging(src, crop, w, h, imaging.Lanczos, boxMargin)
			if db := psnr(want, got); db < 50 {
				t.Errorf("PSNR %.1f dB against imaging's Lanczos, want ≥ 50", db)
			}
			if d := maxDiff(got, want); d > 3 {
				t.Errorf("differs from imaging's Lanczos by up to %d levels", d)
			}
		})
	}
}

// Scaling YCbCr plane by plane and converting at the end is the same as converting to RGB
// first and scaling that (the filter and the conversion are both linear), up to rounding,
// for colours inside the RGB gamut (outside, the conversion clamps, at a different stage).
func TestResampleYCbCrAgreesWithResamplingInRGB(t *testing.T) {
	full := image.NewYCbCr(image.Rect(0, 0, 301, 203), image.YCbCrSubsampleRatio444)
	for y := range 203 {
		for x := range 301 {
			n := int(hashNoise(x, y) % 31)
			full.Y[full.YOffset(x, y)] = uint8(70 + x/5 + y/4 + n)
			full.Cb[full.COffset(x, y)] = uint8(110 + x/16 + n/3)
			full.Cr[full.COffset(x, y)] = uint8(140 - y/16 - n/3)
		}
	}
	for _, tt := range []struct {
		crop   image.Rectangle
		w, h   int
		margin int
	}{
		{image.Rect(0, 0, 301, 203), 120, 81, 1 << 20},
		{image.Rect(13, 7, 290, 190), 100, 66, 1 << 20},
		{image.Rect(13, 7, 291, 191), 60, 40, 2}, // with the box first (a window of whole 2×2 blocks, which the RGB path would trim)
		{image.Rect(0, 0, 301, 203), 301, 203, 2},
	} {
		t.Run(fmt.Sprint(tt.crop, tt.w, tt.margin), func(t *testing.T) {
			got := resample(full, tt.crop, tt.w, tt.h, tt.margin)
			want := resample(toRGBA(full), tt.crop, tt.w, tt.h, tt.margin)
			if d := maxDiff(got, want); d > 3 {
				t.Errorf("differs from scaling in RGB by up to %d levels", d)
			}
		})
	}
}

// Subsampled chroma is scaled in its own coordinates: a chroma pixel covers 2×2 picture
// pixels in 4:2:0, and a window starting at an odd pixel starts half-way into one. A
// chroma ramp must come out where the window puts it.
func TestResampleYCbCrPlacesSubsampledChroma(t *testing.T) {
	const W, H = 240, 160
	for _, ratio := range []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio420, image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio440} {
		m := image.NewYCbCr(image.Rect(0, 0, W, H), ratio)
		for i := range m.Y {
			m.Y[i] = 128
		}
		hs, vs := chromaShift(ratio)
		// Cb rises with x and Cr with y, by one level per picture pixel; a chroma pixel
		// holds the value at its centre.
		for cy := 0; cy < (H+(1<<vs)-1)>>vs; cy++ {
			for cx := 0; cx < (W+(1<<hs)-1)>>hs; cx++ {
				i := cy*m.CStride + cx
				m.Cb[i] = uint8(40 + (float64(cx)+0.5)*float64(int(1)<<hs)/2)
				m.Cr[i] = uint8(40 + (float64(cy)+0.5)*float64(int(1)<<vs)/2)
			}
		}
		crop := image.Rect(37, 21, 37+150, 21+100) // odd offsets: half-way into chroma pixels
		const w, h = 75, 50
		out := resample(m, crop, w, h, 1<<20)
		for y := 5; y < h-5; y++ { // away from the edges, where the window ends
			for x := 5; x < w-5; x++ {
				c := out.NRGBAAt(x, y)
				_, cb, cr := color.RGBToYCbCr(c.R, c.G, c.B)
				// The output pixel's centre in picture coordinates.
				px, py := float64(crop.Min.X)+(float64(x)+0.5)*2, float64(crop.Min.Y)+(float64(y)+0.5)*2
				if want := 40 + px/2; math.Abs(float64(cb)-want) > 1.5 {
					t.Fatalf("%v: Cb at (%d,%d) = %d, want %.1f", ratio, x, y, cb, want)
				}
				if want := 40 + py/2; math.Abs(float64(cr)-want) > 1.5 {
					t.Fatalf("%v: Cr at (%d,%d) = %d, want %.1f", ratio, x, y, cr, want)
				}
			}
		}
	}
}

func TestResampleGrayAgreesWithTheRGBPath(t *testing.T) {
	g := toGray(photoLike(210, 140, 6))
	crop := image.Rect(11, 9, 200, 131)
	got := resample(g, crop, 80, 51, boxMargin)
	want := resizeLanczos(g.SubImage(crop), 80, 51)
	if d := maxDiff(got, want); d > 1 {
		t.Errorf("differs from scaling the gray window directly by up to %d levels", d)
	}
}

func TestLanczosTapsSumToOne(t *testing.T) {
	for _, c := range [][2]int{{6000, 1200}, {2448, 1200}, {1200, 1200}, {5, 3}, {3, 1}, {1, 1}, {10, 25}} {
		ft := lanczosTaps(c[0], c[1])
		for i := range c[1] {
			var sum int32
			for _, w := range ft.w[ft.off[i] : ft.off[i]+ft.n[i]] {
				sum += w
			}
			if sum != weightOne {
				t.Fatalf("%d→%d: output %d weights sum to %d", c[0], c[1], i, sum)
			}
			if s, n := int(ft.start[i]), int(ft.n[i]); s < 0 || n < 1 || s+n > c[0] {
				t.Fatalf("%d→%d: output %d reads [%d,%d)", c[0], c[1], i, s, s+n)
			}
		}
	}
}

// hashNoise is deterministic texture for test pictures.
func hashNoise(x, y int) uint32 {
	h := uint32(x)*0x9E3779B1 ^ uint32(y)*0x85EBCA77
	h ^= h >> 15
	h *= 0x2C1B3C6D
	return h ^ h>>13
}
