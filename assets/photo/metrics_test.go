package photo

import (
	"image"
	"image/color"
	"math"
)

// luma returns the BT.601 luma plane of m, as float64 for the metrics below.
func luma(m image.Image) ([]float64, int, int) {
	b := m.Bounds()
	out := make([]float64, 0, b.Dx()*b.Dy())
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.NRGBAModel.Convert(m.At(x, y)).(color.NRGBA)
			out = append(out, 0.299*float64(c.R)+0.587*float64(c.G)+0.114*float64(c.B))
		}
	}
	return out, b.Dx(), b.Dy()
}

// psnr is the peak signal-to-noise ratio of b against a, in dB, on luma.
func psnr(a, b image.Image) float64 {
	la, _, _ := luma(a)
	lb, _, _ := luma(b)
	var se float64
	for i := range la {
		d := la[i] - lb[i]
		se += d * d
	}
	if se == 0 {
		return math.Inf(1)
	}
	return 10 * math.Log10(255*255/(se/float64(len(la))))
}

// ssim is the mean structural similarity of b against a over 8×8 luma blocks (Wang et al.
// 2004, without the Gaussian window): 1 means identical, and unlike PSNR it tracks what
// the eye notices (blocking, lost texture) more than uniform small errors.
func ssim(a, b image.Image) float64 {
	la, w, h := luma(a)
	lb, _, _ := luma(b)
	const c1, c2 = (0.01 * 255) * (0.01 * 255), (0.03 * 255) * (0.03 * 255)
	var sum float64
	n := 0
	for by := 0; by+8 <= h; by += 8 {
		for bx := 0; bx+8 <= w; bx += 8 {
			var ma, mb float64
			for y := by; y < by+8; y++ {
				for x := bx; x < bx+8; x++ {
					ma += la[y*w+x]
					mb += lb[y*w+x]
				}
			}
			ma /= 64
			mb /= 64
			var va, vb, cov float64
			for y := by; y < by+8; y++ {
				for x := bx; x < bx+8; x++ {
					da, db := la[y*w+x]-ma, lb[y*w+x]-mb
					va += da * da
					vb += db * db
					cov += da * db
				}
			}
			va, vb, cov = va/63, vb/63, cov/63
			sum += (2*ma*mb + c1) * (2*cov + c2) / ((ma*ma + mb*mb + c1) * (va + vb + c2))
			n++
		}
	}
	return sum / float64(n)
}
