package photo

import (
	"image"
	"image/color"
	"math"
)

// A Lanczos-3 resampler in 14-bit fixed point, separable (rows, then columns). It computes
// what imaging.Resize(..., imaging.Lanczos) computes to within a level or two of 255 (both
// round to 8 bits between the passes), in a fraction of the time: integer multiply-adds on
// the samples in place, where imaging converts every pixel to float NRGBA through a
// generic scanner first. YCbCr and gray pictures (every JPEG) are scaled plane by plane,
// chroma at its own resolution, and converted to RGB only at the output size.

const (
	weightBits = 14
	weightOne  = 1 << weightBits
	lanczosA   = 3 // lobes
)

// filterTaps are, for every output pixel along one axis, the source pixels it reads and
// their weights: output i is sum(w[off[i]+t] * src[start[i]+t]) for t < n[i].
type filterTaps struct {
	start, n, off []int32
	w             []int32 // sum to weightOne for each output pixel
}

func lanczos(x float64) float64 {
	if x == 0 {
		return 1
	}
	if x <= -lanczosA || x >= lanczosA {
		return 0
	}
	px := math.Pi * x
	return lanczosA * math.Sin(px) * math.Sin(px/lanczosA) / (px * px)
}

// lanczosTaps computes the taps that scale srcN pixels to dstN.
func lanczosTaps(srcN, dstN int) filterTaps {
	return lanczosWindowTaps(0, srcN, dstN, 0, float64(srcN)/float64(dstN))
}

// lanczosWindowTaps computes the taps that scale a window of a row (or column) of pixels
// to dstN pixels: output i is centred on source coordinate origin + (i+0.5)·scale, where
// pixel j covers [j, j+1); when shrinking, the kernel is stretched by the scale so that it
// also low-passes. Only pixels lo ≤ j < hi are read: taps beyond are dropped and the rest
// renormalized, as imaging does at the image edges.
func lanczosWindowTaps(lo, hi, dstN int, origin, scale float64) filterTaps {
	stretch := max(scale, 1)
	support := lanczosA * stretch
	ft := filterTaps{start: make([]int32, dstN), n: make([]int32, dstN), off: make([]int32, dstN)}
	ft.w = make([]int32, 0, dstN*(2*int(math.Ceil(support))+1))
	fw := make([]float64, 0, 2*int(math.Ceil(support))+2)
	q := make([]int32, 0, cap(fw))
	for i := range dstN {
		centre := origin + (float64(i)+0.5)*scale
		first := max(lo, int(math.Floor(centre-support)))
		last := min(hi, int(math.Ceil(centre+support)))
		if first >= last { // a centre outside the window (cannot happen for a valid window)
			first, last = min(max(lo, int(centre)), hi-1), min(max(lo, int(centre)), hi-1)+1
		}
		fw = fw[:0]
		sum := 0.0
		for j := first; j < last; j++ {
			v := lanczos((float64(j) + 0.5 - centre) / stretch)
			fw = append(fw, v)
			sum += v
		}
		if sum == 0 { // a window narrower than the kernel's zeros: take the nearest pixel
			clear(fw)
			fw[min(len(fw)-1, max(0, int(centre)-first))], sum = 1, 1
		}
		// Round each weight; give the rounding error to the largest, so that the weights
		// sum exactly to one and a flat area stays exactly flat.
		q = q[:0]
		total, big := int32(0), 0
		for k, v := range fw {
			w := int32(math.Round(v / sum * weightOne))
			q = append(q, w)
			total += w
			if w > q[big] {
				big = k
			}
		}
		q[big] += weightOne - total
		// Drop zero taps at both ends: they cost time and change nothing (at a scale of 1
		// on whole pixels this leaves a single tap, a copy).
		for len(q) > 1 && q[0] == 0 {
			q, first = q[1:], first+1
		}
		for len(q) > 1 && q[len(q)-1] == 0 {
			q = q[:len(q)-1]
		}
		ft.start[i], ft.n[i], ft.off[i] = int32(first), int32(len(q)), int32(len(ft.w))
		ft.w = append(ft.w, q...)
		q = q[:0:cap(q)]
	}
	return ft
}

// clamp8 turns a fixed-point sum into a byte with rounding, clamping the overshoot of the
// kernel's negative lobes.
func clamp8(acc int32) uint8 {
	v := (acc + weightOne/2) >> weightBits
	if uint32(v) > 255 {
		if v < 0 {
			return 0
		}
		return 255
	}
	return uint8(v)
}

// resizeLanczos scales an opaque *image.RGBA or *image.Gray to w×h. Gray stays gray in the
// NRGBA result (R = G = B), which finish turns back into a gray image.
func resizeLanczos(src image.Image, w, h int) *image.NRGBA {
	var pix []uint8
	var stride, ch int
	b := src.Bounds()
	switch m := src.(type) {
	case *image.RGBA:
		pix, stride, ch = m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride, 4
	case *image.Gray:
		pix, stride, ch = m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride, 1
	default:
		panic("resizeLanczos: unexpected pixel type") // reduce makes only these two
	}
	sw, sh := b.Dx(), b.Dy()
	dst := image.NewNRGBA(image.Rect(0, 0, w, h))
	tmp := make([]uint8, sh*w*ch) // rows scaled horizontally, full height
	if w == sw {
		for y := range sh {
			copy(tmp[y*w*ch:(y+1)*w*ch], pix[y*stride:y*stride+w*ch])
		}
	} else {
		hx := lanczosTaps(sw, w)
		parallelRows(sh, func(lo, hi int) {
			for y := lo; y < hi; y++ {
				in, out := pix[y*stride:y*stride+sw*ch], tmp[y*w*ch:(y+1)*w*ch]
				if ch == 4 {
					horizontal4(out, in, hx)
				} else {
					horizontal1(out, in, hx)
				}
			}
		})
	}
	vy := lanczosTaps(sh, h)
	rowLen := w * ch
	parallelRows(h, func(lo, hi int) {
		acc := make([]int32, rowLen)
		row := make([]uint8, rowLen)
		for y := lo; y < hi; y++ {
			if h == sh {
				copy(row, tmp[y*rowLen:(y+1)*rowLen])
			} else {
				clear(acc)
				off, start := vy.off[y], vy.start[y]
				for t := range vy.n[y] {
					wt := vy.w[off+t]
					in := tmp[int(start+t)*rowLen:][:len(acc)]
					for i, v := range in {
						acc[i] += wt * int32(v)
					}
				}
				for i, a := range acc {
					row[i] = clamp8(a)
				}
			}
			out := dst.Pix[y*dst.Stride : y*dst.Stride+4*w]
			if ch == 4 {
				copy(out, row)
				for x := 3; x < len(out); x += 4 {
					out[x] = 0xFF // opaque in, opaque out; the filter may round 255 to 254
				}
			} else {
				for x, v := range row {
					p := out[4*x : 4*x+4 : 4*x+4]
					p[0], p[1], p[2], p[3] = v, v, v, 0xFF
				}
			}
		}
	})
	return dst
}

func horizontal4(out, in []uint8, ft filterTaps) {
	for x := range len(out) / 4 {
		start, n, off := int(ft.start[x]), int(ft.n[x]), int(ft.off[x])
		ws := ft.w[off : off+n]
		px := in[4*start : 4*(start+n)]
		var r, g, b int32
		for t, wt := range ws {
			p := px[4*t : 4*t+3 : 4*t+3]
			r += wt * int32(p[0])
			g += wt * int32(p[1])
			b += wt * int32(p[2])
		}
		o := out[4*x : 4*x+4 : 4*x+4]
		o[0], o[1], o[2], o[3] = clamp8(r), clamp8(g), clamp8(b), 0xFF
	}
}

func horizontal1(out, in []uint8, ft filterTaps) {
	for x := range out {
		start, n, off := int(ft.start[x]), int(ft.n[x]), int(ft.off[x])
		ws := ft.w[off : off+n]
		px := in[start : start+n]
		var v int32
		for t, wt := range ws {
			v += wt * int32(px[t])
		}
		out[x] = clamp8(v)
	}
}

// channel is one plane of 8-bit samples: pix[y*stride+x] for x < w, y < h.
type channel struct {
	pix    []uint8
	stride int
	w, h   int
}

// window is a rectangle in a channel's pixel coordinates; fractional where a subsampled
// plane's pixels do not line up with the picture's.
type window struct{ x0, y0, x1, y1 float64 }

// cover is the smallest whole-pixel rectangle holding the window, within the channel.
func (c channel) cover(w window) (x0, y0, x1, y1 int) {
	x0, y0 = max(0, int(math.Floor(w.x0))), max(0, int(math.Floor(w.y0)))
	x1, y1 = min(c.w, int(math.Ceil(w.x1))), min(c.h, int(math.Ceil(w.y1)))
	return x0, y0, max(x1, x0+1), max(y1, y0+1)
}

// resampleChannel scales the window win of c to w×h: an integer box average first while
// at least margin pixels of the window per output pixel remain after it, then Lanczos.
func resampleChannel(c channel, win window, w, h, margin int) channel {
	k := max(1, min(int((win.x1-win.x0)/float64(w*margin)), int((win.y1-win.y0)/float64(h*margin))))
	if k > 1 {
		x0, y0, x1, y1 := c.cover(win)
		bw, bh := min((x1-x0+k-1)/k, (c.w-x0)/k), min((y1-y0+k-1)/k, (c.h-y0)/k)
		if bw >= 1 && bh >= 1 {
			c = boxChannel(c, x0, y0, bw, bh, k)
			win = window{(win.x0 - float64(x0)) / float64(k), (win.y0 - float64(y0)) / float64(k),
				min(float64(bw), (win.x1-float64(x0))/float64(k)), min(float64(bh), (win.y1-float64(y0))/float64(k))}
		}
	}
	return lanczosChannel(c, win, w, h)
}

// boxChannel averages k×k blocks: output (x, y) is the mean of the block at
// (x0+k·x, y0+k·y), which must lie inside c.
func boxChannel(c channel, x0, y0, bw, bh, k int) channel {
	out := channel{pix: make([]uint8, bw*bh), stride: bw, w: bw, h: bh}
	n := uint32(k * k)
	parallelRows(bh, func(lo, hi int) {
		sum := make([]uint32, bw)
		for oy := lo; oy < hi; oy++ {
			clear(sum)
			for y := y0 + oy*k; y < y0+oy*k+k; y++ {
				row := c.pix[y*c.stride+x0 : y*c.stride+x0+bw*k]
				if k == 2 {
					for ox := range sum {
						sum[ox] += uint32(row[2*ox]) + uint32(row[2*ox+1])
					}
					continue
				}
				for ox := range sum {
					var a uint32
					for _, v := range row[ox*k : ox*k+k] {
						a += uint32(v)
					}
					sum[ox] += a
				}
			}
			dst := out.pix[oy*bw : oy*bw+bw]
			for ox, s := range sum {
				dst[ox] = uint8((s + n/2) / n)
			}
		}
	})
	return out
}

// lanczosChannel scales the window win of c to w×h. Each band of output rows scales the
// source rows it needs as it goes, keeping only as many as the vertical filter reads at
// once: no full-height intermediate picture.
func lanczosChannel(c channel, win window, w, h int) channel {
	x0, y0, x1, y1 := c.cover(win)
	hx := lanczosWindowTaps(x0, x1, w, win.x0, (win.x1-win.x0)/float64(w))
	vy := lanczosWindowTaps(y0, y1, h, win.y0, (win.y1-win.y0)/float64(h))
	out := channel{pix: make([]uint8, w*h), stride: w, w: w, h: h}
	parallelRows(h, func(lo, hi int) {
		ringN := 0
		for y := lo; y < hi; y++ {
			ringN = max(ringN, int(vy.n[y]))
		}
		ring := make([]uint8, ringN*w)
		held := make([]int, ringN) // the source row each ring slot holds
		for i := range held {
			held[i] = -1
		}
		acc := make([]int32, w)
		for y := lo; y < hi; y++ {
			clear(acc)
			start, off := int(vy.start[y]), int(vy.off[y])
			for t := range int(vy.n[y]) {
				sy := start + t
				slot := sy % ringN
				row := ring[slot*w : slot*w+w]
				if held[slot] != sy {
					horizontal1(row, c.pix[sy*c.stride:sy*c.stride+c.w], hx)
					held[slot] = sy
				}
				wt := vy.w[off+t]
				for i, v := range row {
					acc[i] += wt * int32(v)
				}
			}
			dst := out.pix[y*w : y*w+w]
			for i, a := range acc {
				dst[i] = clamp8(a)
			}
		}
	})
	return out
}

// resampleYCbCr scales the window crop of m to w×h plane by plane and converts the result
// to RGB.
func resampleYCbCr(m *image.YCbCr, crop image.Rectangle, w, h, margin int) *image.NRGBA {
	hs, vs := chromaShift(m.SubsampleRatio)
	r := m.Rect
	luma := channel{pix: m.Y, stride: m.YStride, w: r.Dx(), h: r.Dy()}
	lw := window{float64(crop.Min.X - r.Min.X), float64(crop.Min.Y - r.Min.Y), float64(crop.Max.X - r.Min.X), float64(crop.Max.Y - r.Min.Y)}
	// Chroma pixel (i, j) covers picture pixels [i<<hs, (i+1)<<hs) (offset by the plane's
	// origin, r.Min>>hs), so the window in chroma coordinates is the picture's divided.
	cx0, cy0 := r.Min.X>>hs, r.Min.Y>>vs
	cw, ch := (r.Max.X+(1<<hs)-1)>>hs-cx0, (r.Max.Y+(1<<vs)-1)>>vs-cy0
	fx, fy := float64(int(1)<<hs), float64(int(1)<<vs)
	cwin := window{float64(crop.Min.X)/fx - float64(cx0), float64(crop.Min.Y)/fy - float64(cy0),
		float64(crop.Max.X)/fx - float64(cx0), float64(crop.Max.Y)/fy - float64(cy0)}
	var y, cb, cr channel
	y = resampleChannel(luma, lw, w, h, margin)
	cb = resampleChannel(channel{pix: m.Cb, stride: m.CStride, w: cw, h: ch}, cwin, w, h, margin)
	cr = resampleChannel(channel{pix: m.Cr, stride: m.CStride, w: cw, h: ch}, cwin, w, h, margin)
	out := image.NewNRGBA(image.Rect(0, 0, w, h))
	parallelRows(h, func(lo, hi int) {
		for j := lo; j < hi; j++ {
			ys, bs, rs := y.pix[j*w:j*w+w], cb.pix[j*w:j*w+w], cr.pix[j*w:j*w+w]
			dst := out.Pix[j*out.Stride : j*out.Stride+4*w]
			for i := range ys {
				R, G, B := color.YCbCrToRGB(ys[i], bs[i], rs[i])
				p := dst[4*i : 4*i+4 : 4*i+4]
				p[0], p[1], p[2], p[3] = R, G, B, 0xFF
			}
		}
	})
	return out
}

// resampleGray scales the window crop of m to w×h (R = G = B in the result).
func resampleGray(m *image.Gray, crop image.Rectangle, w, h, margin int) *image.NRGBA {
	r := m.Rect
	g := resampleChannel(channel{pix: m.Pix, stride: m.Stride, w: r.Dx(), h: r.Dy()},
		window{float64(crop.Min.X - r.Min.X), float64(crop.Min.Y - r.Min.Y), float64(crop.Max.X - r.Min.X), float64(crop.Max.Y - r.Min.Y)},
		w, h, margin)
	out := image.NewNRGBA(image.Rect(0, 0, w, h))
	for j := range h {
		dst := out.Pix[j*out.Stride : j*out.Stride+4*w]
		for i, v := range g.pix[j*w : j*w+w] {
			p := dst[4*i : 4*i+4 : 4*i+4]
			p[0], p[1], p[2], p[3] = v, v, v, 0xFF
		}
	}
	return out
}
