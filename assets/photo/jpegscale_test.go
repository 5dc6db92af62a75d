package photo

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// scaledFixtures are JPEGs in the layouts the scaled decoder takes: Go's encoder writes
// 4:2:0 and gray; the rest (other subsamplings, restart markers) come from libjpeg's cjpeg
// (testdata/README.md).
func scaledFixtures(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{
		"go 4:2:0 odd size": encodeJPEGBytes(t, photoLike(203, 131, 7), 85),
		"go gray":           encodeJPEGBytes(t, toGray(photoLike(77, 50, 8)), 85),
	}
	for _, name := range []string{"scaled-420-restart.jpg", "scaled-422.jpg", "scaled-440.jpg", "scaled-444.jpg", "scaled-gray.jpg"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		out[name] = b
	}
	return out
}

// planes returns the sample planes of a decoded JPEG (Y, Cb, Cr or gray) with their
// strides, and each plane's size in blocks that hold visible pixels.
func planes(m image.Image) (pix [][]uint8, strides []int, sub [][2]int) {
	switch m := m.(type) {
	case *image.Gray:
		return [][]uint8{m.Pix}, []int{m.Stride}, [][2]int{{1, 1}}
	case *image.YCbCr:
		hs, vs := chromaShift(m.SubsampleRatio)
		return [][]uint8{m.Y, m.Cb, m.Cr}, []int{m.YStride, m.CStride, m.CStride}, [][2]int{{1, 1}, {1 << hs, 1 << vs}, {1 << hs, 1 << vs}}
	}
	panic(fmt.Sprintf("unexpected %T", m))
}

// scaledBlockReference computes what decoding a block at n/8 should give, from the block
// as image/jpeg decoded it in full: its DCT (the coefficients, up to image/jpeg's rounding),
// then the inverse DCT of the n×n lowest frequencies at the centres of n×n cells.
func scaledBlockReference(block [8][8]float64, n int) [][]float64 {
	c := func(u int) float64 {
		if u == 0 {
			return 1 / math.Sqrt2
		}
		return 1
	}
	// Separable: along rows, then along columns.
	var rows, F [8][8]float64
	for y := range 8 {
		for u := range 8 {
			for x := range 8 {
				rows[y][u] += (block[y][x] - 128) * math.Cos(float64(2*x+1)*float64(u)*math.Pi/16)
			}
			rows[y][u] *= c(u) / 2
		}
	}
	for v := range 8 {
		for u := range 8 {
			for y := range 8 {
				F[v][u] += rows[y][u] * math.Cos(float64(2*y+1)*float64(v)*math.Pi/16)
			}
			F[v][u] *= c(v) / 2
		}
	}
	out := make([][]float64, n)
	for j := range n {
		out[j] = make([]float64, n)
		for i := range n {
			s := 0.0
			for v := range n {
				for u := range n {
					s += c(u) * c(v) / 4 * F[v][u] * math.Cos(float64(2*i+1)*float64(u)*math.Pi/float64(2*n)) * math.Cos(float64(2*j+1)*float64(v)*math.Pi/float64(2*n))
				}
			}
			out[j][i] = s + 128
		}
	}
	return out
}

func TestScaledDecodeMatchesTheDCTOfTheFullDecode(t *testing.T) {
	for name, data := range scaledFixtures(t) {
		full, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		W, H := full.Bounds().Dx(), full.Bounds().Dy()
		for _, n := range []int{1, 2, 4} {
			t.Run(fmt.Sprintf("%s/%d-8", name, n), func(t *testing.T) {
				t.Parallel()
				got, err := decodeJPEGScaled(data, n)
				if err != nil {
					t.Fatal(err)
				}
				if want := image.Rect(0, 0, (W*n+7)/8, (H*n+7)/8); got.Bounds() != want {
					t.Fatalf("bounds %v, want %v", got.Bounds(), want)
				}
				if fmt.Sprintf("%T", got) != fmt.Sprintf("%T", full) {
					t.Fatalf("decoded as %T, image/jpeg gives %T", got, full)
				}
				g, gok := got.(*image.YCbCr)
				f, fok := full.(*image.YCbCr)
				if gok && fok && g.SubsampleRatio != f.SubsampleRatio {
					t.Fatalf("subsampling %v, image/jpeg gives %v", g.SubsampleRatio, f.SubsampleRatio)
				}
				fp, fs, sub := planes(full)
				gp, gs, _ := planes(got)
				worst := 0.0
				for p := range fp {
					// Blocks that hold visible pixels of this plane.
					pw, ph := (W+sub[p][0]-1)/sub[p][0], (H+sub[p][1]-1)/sub[p][1]
					for by := 0; by*8 < ph; by++ {
						for bx := 0; bx*8 < pw; bx++ {
							var blk [8][8]float64
							for y := range 8 {
								for x := range 8 {
									blk[y][x] = float64(fp[p][(by*8+y)*fs[p]+bx*8+x])
								}
							}
							ref := scaledBlockReference(blk, n)
							for j := range n {
								for i := range n {
									v := float64(gp[p][(by*n+j)*gs[p]+bx*n+i])
									worst = max(worst, math.Abs(v-math.Max(0, math.Min(255, ref[j][i]))))
								}
							}
						}
					}
				}
				// image/jpeg's integer inverse DCT is within a level of exact, and rounds:
				// its DCT is not quite the file's coefficients.
				if worst > 2 {
					t.Errorf("differs from the reference by up to %.1f levels", worst)
				}
			})
		}
	}
}

func TestScaledDecodeRejectsEveryTruncation(t *testing.T) {
	for name, data := range scaledFixtures(t) {
		t.Run(name, func(t *testing.T) {
			// Every cut in the last 100 bytes (the end of the scan and the EOI marker),
			// some hundreds before.
			for cut := 0; cut < len(data); cut++ {
				if cut < len(data)-100 && cut%max(1, len(data)/300) != 0 {
					continue
				}
				if _, err := decodeJPEGScaled(data[:cut], 2); err == nil {
					t.Fatalf("a file cut to %d of %d bytes decoded without error", cut, len(data))
				}
			}
		})
	}
}

// Whatever the damage, the scaled decoder never accepts a file image/jpeg rejects (the
// pipeline relies on that: image/jpeg has the last word on damaged files) and never
// panics.
func TestScaledDecodeIsNeverMoreLenientThanImageJPEG(t *testing.T) {
	for name, data := range scaledFixtures(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			step := max(1, len(data)/250)
			for i := 0; i < len(data); i += step {
				for _, flip := range []byte{0x01, 0x80} {
					bad := append([]byte{}, data...)
					bad[i] ^= flip
					_, err := decodeJPEGScaled(bad, 2)
					if err != nil && strings.Contains(err.Error(), "scaled decoder failed") {
						t.Fatalf("byte %d ^ %#x: panic: %v", i, flip, err)
					}
					if err == nil {
						if _, jerr := jpeg.Decode(bytes.NewReader(bad)); jerr != nil {
							t.Fatalf("byte %d ^ %#x: accepted, but image/jpeg says %v", i, flip, jerr)
						}
					}
				}
			}
		})
	}
}

func TestScaledDecodeLeavesOtherJPEGsToImageJPEG(t *testing.T) {
	for _, name := range []string{"progressive.jpg", "cmyk-adobe.jpg", "cmyk-ycck.jpg"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := decodeJPEGScaled(data, 2); err != errScaledUnsupported {
			t.Errorf("%s: %v, want errScaledUnsupported", name, err)
		}
	}
}

func TestProcessDecodesLargeJPEGsAtReducedSize(t *testing.T) {
	data := encodeJPEGBytes(t, photoLike(1600, 900, 5), 90)
	h, err := readHeaderBytes("x.jpg", data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	full, err := decode("jpeg", data, 1600, 900)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		w, h  int
		scale int // decoded at scale/8
	}{
		{1200, 675, 8}, // 1.33 pixels per output pixel at full size: no smaller scale
		{1000, 562, 8},
		{500, 281, 4}, // 1.6 at 1/2
		{300, 168, 4}, // 1.33 at 1/4 is too few
		{150, 84, 2},  // 1.33 at 1/8 is too few
		{60, 33, 1},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.w), func(t *testing.T) {
			crop := image.Rect(0, 0, 1600, 900)
			src, win, err := decodeFor(h, data, crop, tt.w, tt.h)
			if err != nil {
				t.Fatal(err)
			}
			// The smallest scale leaving at least 1.5 source pixels per output pixel.
			if got, want := src.Bounds().Dx(), (1600*tt.scale+7)/8; got != want {
				t.Fatalf("decoded %d px wide, want %d (scale %d/8)", got, want, tt.scale)
			}
			if win != src.Bounds() {
				t.Errorf("window %v, want the whole decoded picture %v", win, src.Bounds())
			}
			got := resample(src, win, tt.w, tt.h, boxMargin)
			ref := resample(full, crop, tt.w, tt.h, boxMargin)
			if db := psnr(ref, got); db < 40 {
				t.Errorf("PSNR %.1f dB against decoding in full, want ≥ 40", db)
			}
		})
	}
}

// rgbJPEGs rewrites a YCbCr 4:4:4 fixture into the two kinds of file that image/jpeg (like
// libjpeg) reads as RGB samples rather than YCbCr: component ids 'R','G','B' without a JFIF
// marker, and an Adobe APP14 marker with transform 0.
func rgbJPEGs(t *testing.T) map[string][]byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "scaled-444.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	if data[2] != 0xFF || data[3] != 0xE0 {
		t.Fatal("the fixture should start with a JFIF APP0 segment")
	}
	noJFIF := append(append([]byte{}, data[:2]...), data[4+int(data[4])<<8|int(data[5]):]...)
	ids := append([]byte{}, noJFIF...)
	sof, sos := bytes.Index(ids, []byte{0xFF, 0xC0}), bytes.Index(ids, []byte{0xFF, 0xDA})
	ids[sof+10], ids[sof+13], ids[sof+16] = 'R', 'G', 'B'
	ids[sos+5], ids[sos+7], ids[sos+9] = 'R', 'G', 'B'
	adobe := []byte{0xFF, 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0} // transform 0
	withAdobe := append(append(append([]byte{}, noJFIF[:2]...), adobe...), noJFIF[2:]...)
	return map[string][]byte{"component ids R,G,B": ids, "Adobe transform 0": withAdobe}
}

func TestScaledDecodeLeavesRGBJPEGsToImageJPEG(t *testing.T) {
	for name, data := range rgbJPEGs(t) {
		t.Run(name, func(t *testing.T) {
			full, err := jpeg.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := full.(*image.RGBA); !ok {
				t.Fatalf("image/jpeg decodes it as %T, want RGB: the test file is wrong", full)
			}
			if _, err := decodeJPEGScaled(data, 2); err != errScaledUnsupported {
				t.Errorf("scaled decoder: %v, want errScaledUnsupported (it would read RGB as YCbCr)", err)
			}
			// Through the pipeline: the colours are image/jpeg's.
			h, err := readHeaderBytes("x.jpg", data, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			crop, w, ht := full.Bounds(), full.Bounds().Dx()/3, full.Bounds().Dy()/3
			src, win, err := decodeFor(h, data, crop, w, ht)
			if err != nil {
				t.Fatal(err)
			}
			if db := psnr(resample(full, crop, w, ht, boxMargin), resample(src, win, w, ht, boxMargin)); db < 40 {
				t.Errorf("PSNR %.1f dB against image/jpeg's picture, want ≥ 40", db)
			}
		})
	}
}
