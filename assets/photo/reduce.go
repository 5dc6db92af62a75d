package photo

import (
	"image"
	"image/color"
	"runtime"
	"sync"
)

// reduce turns the crop window r of a decoded image into an opaque *image.RGBA or
// *image.Gray (the two types resizeLanczos reads), averaging k×k blocks (k ≥ 1) on the
// way. It is the one place where every decoder's pixel type is normalized: CMYK becomes
// RGB, 16-bit becomes 8-bit, alpha is flattened onto white, gray stays gray. r must be a
// multiple of k in both directions.
//
// The integer box average is the cheap first stage of a large reduction: it reads each
// source pixel once, touching the full-size image only in the decoder's own layout, so a
// 24 MP photo never exists as a 96 MB RGBA copy.
func reduce(src image.Image, r image.Rectangle, k int) image.Image {
	switch m := src.(type) {
	case *image.YCbCr:
		return reduceYCbCr(m, r, k) // with k = 1, just the conversion to RGB
	case *image.Gray:
		if k == 1 {
			return m.SubImage(r)
		}
		return reduceGray(m, r, k)
	case *image.Gray16:
		return reduceGray16(m, r, k)
	}
	return reduceRGBA(src, r, k)
}

// chromaShift returns log2 of the horizontal and vertical chroma subsampling.
func chromaShift(s image.YCbCrSubsampleRatio) (int, int) {
	switch s {
	case image.YCbCrSubsampleRatio422:
		return 1, 0
	case image.YCbCrSubsampleRatio420:
		return 1, 1
	case image.YCbCrSubsampleRatio440:
		return 0, 1
	case image.YCbCrSubsampleRatio411:
		return 2, 0
	case image.YCbCrSubsampleRatio410:
		return 2, 1
	}
	return 0, 0
}

func reduceYCbCr(src *image.YCbCr, r image.Rectangle, k int) *image.RGBA {
	ow, oh := r.Dx()/k, r.Dy()/k
	dst := image.NewRGBA(image.Rect(0, 0, ow, oh))
	hs, vs := chromaShift(src.SubsampleRatio)
	// Chroma column of every source column in the window, resolved once.
	cx := make([]int32, r.Dx())
	for i := range cx {
		cx[i] = int32((r.Min.X+i)>>hs - src.Rect.Min.X>>hs)
	}
	n := uint32(k * k)
	parallelRows(oh, func(lo, hi int) {
		sy := make([]uint32, ow)
		sb := make([]uint32, ow)
		sr := make([]uint32, ow)
		for oy := lo; oy < hi; oy++ {
			clear(sy)
			clear(sb)
			clear(sr)
			for y := r.Min.Y + oy*k; y < r.Min.Y+oy*k+k; y++ {
				yrow := src.Y[(y-src.Rect.Min.Y)*src.YStride+r.Min.X-src.Rect.Min.X:]
				c := (y>>vs - src.Rect.Min.Y>>vs) * src.CStride
				cb, cr := src.Cb[c:], src.Cr[c:]
				for ox := range ow {
					x := ox * k
					var a, b, d uint32
					for j := x; j < x+k; j++ {
						ci := cx[j]
						a += uint32(yrow[j])
						b += uint32(cb[ci])
						d += uint32(cr[ci])
					}
					sy[ox] += a
					sb[ox] += b
					sr[ox] += d
				}
			}
			row := dst.Pix[oy*dst.Stride:]
			for ox := range ow {
				// Averaging before the colour conversion is exact up to rounding: it is affine.
				R, G, B := color.YCbCrToRGB(uint8((sy[ox]+n/2)/n), uint8((sb[ox]+n/2)/n), uint8((sr[ox]+n/2)/n))
				p := row[4*ox : 4*ox+4 : 4*ox+4]
				p[0], p[1], p[2], p[3] = R, G, B, 0xFF
			}
		}
	})
	return dst
}

func reduceGray(src *image.Gray, r image.Rectangle, k int) *image.Gray {
	ow, oh := r.Dx()/k, r.Dy()/k
	dst := image.NewGray(image.Rect(0, 0, ow, oh))
	n := uint32(k * k)
	parallelRows(oh, func(lo, hi int) {
		sum := make([]uint32, ow)
		for oy := lo; oy < hi; oy++ {
			clear(sum)
			for y := r.Min.Y + oy*k; y < r.Min.Y+oy*k+k; y++ {
				row := src.Pix[src.PixOffset(r.Min.X, y):]
				for ox := range ow {
					var a uint32
					for _, v := range row[ox*k : ox*k+k] {
						a += uint32(v)
					}
					sum[ox] += a
				}
			}
			out := dst.Pix[oy*dst.Stride:]
			for ox, s := range sum {
				out[ox] = uint8((s + n/2) / n)
			}
		}
	})
	return dst
}

func reduceGray16(src *image.Gray16, r image.Rectangle, k int) *image.Gray {
	ow, oh := r.Dx()/k, r.Dy()/k
	dst := image.NewGray(image.Rect(0, 0, ow, oh))
	n := uint64(k * k)
	parallelRows(oh, func(lo, hi int) {
		sum := make([]uint64, ow)
		for oy := lo; oy < hi; oy++ {
			clear(sum)
			for y := r.Min.Y + oy*k; y < r.Min.Y+oy*k+k; y++ {
				row := src.Pix[src.PixOffset(r.Min.X, y):]
				for x := range ow * k {
					sum[x/k] += uint64(row[2*x])<<8 | uint64(row[2*x+1])
				}
			}
			out := dst.Pix[oy*dst.Stride:]
			for ox, s := range sum {
				out[ox] = to8(uint32((s + n/2) / n))
			}
		}
	})
	return dst
}

// to8 converts a 16-bit sample to 8 bits with rounding (0xFFFF -> 0xFF, 0x8080 -> 0x80).
func to8(v uint32) uint8 { return uint8((v*255 + 32895) / 65535) }

// reduceRGBA handles every other pixel type through premultiplied 8-bit RGBA rows and
// composites the average onto white, which is what a transparent area looks like on paper.
func reduceRGBA(src image.Image, r image.Rectangle, k int) *image.RGBA {
	ow, oh := r.Dx()/k, r.Dy()/k
	dst := image.NewRGBA(image.Rect(0, 0, ow, oh))
	conv := rowConverter(src)
	n := uint32(k * k)
	parallelRows(oh, func(lo, hi int) {
		line := make([]uint8, 4*r.Dx())
		sum := make([]uint32, 4*ow)
		for oy := lo; oy < hi; oy++ {
			clear(sum)
			for y := r.Min.Y + oy*k; y < r.Min.Y+oy*k+k; y++ {
				conv(line, r.Min.X, r.Max.X, y)
				for x := range ow * k {
					s := sum[4*(x/k) : 4*(x/k)+4 : 4*(x/k)+4]
					p := line[4*x : 4*x+4 : 4*x+4]
					s[0] += uint32(p[0])
					s[1] += uint32(p[1])
					s[2] += uint32(p[2])
					s[3] += uint32(p[3])
				}
			}
			out := dst.Pix[oy*dst.Stride:]
			for ox := range ow {
				s := sum[4*ox : 4*ox+4 : 4*ox+4]
				white := 255*n - s[3] // the uncovered share of white
				p := out[4*ox : 4*ox+4 : 4*ox+4]
				p[0] = uint8((s[0] + white + n/2) / n)
				p[1] = uint8((s[1] + white + n/2) / n)
				p[2] = uint8((s[2] + white + n/2) / n)
				p[3] = 0xFF
			}
		}
	})
	return dst
}

// rowConverter returns a function writing pixels [x0,x1) of row y as premultiplied 8-bit
// RGBA, with fast paths for the types our decoders produce.
func rowConverter(src image.Image) func(dst []uint8, x0, x1, y int) {
	switch m := src.(type) {
	case *image.RGBA:
		return func(dst []uint8, x0, x1, y int) {
			i := m.PixOffset(x0, y)
			copy(dst, m.Pix[i:i+4*(x1-x0)])
		}
	case *image.NRGBA:
		return func(dst []uint8, x0, x1, y int) {
			premultiply(dst, m.Pix[m.PixOffset(x0, y):], x1-x0)
		}
	case *image.CMYK:
		return func(dst []uint8, x0, x1, y int) {
			s := m.Pix[m.PixOffset(x0, y):]
			for i := range x1 - x0 {
				R, G, B := color.CMYKToRGB(s[4*i], s[4*i+1], s[4*i+2], s[4*i+3])
				dst[4*i], dst[4*i+1], dst[4*i+2], dst[4*i+3] = R, G, B, 0xFF
			}
		}
	case *image.Paletted:
		pal := make([][4]uint8, 256) // indexes beyond the palette read as transparent black
		for i, c := range m.Palette {
			if i < 256 {
				r, g, b, a := c.RGBA()
				pal[i] = [4]uint8{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}
			}
		}
		return func(dst []uint8, x0, x1, y int) {
			s := m.Pix[m.PixOffset(x0, y):]
			for i := range x1 - x0 {
				copy(dst[4*i:4*i+4], pal[s[i]][:])
			}
		}
	case *image.RGBA64:
		return func(dst []uint8, x0, x1, y int) {
			s := m.Pix[m.PixOffset(x0, y):]
			for i := range 4 * (x1 - x0) {
				dst[i] = to8(uint32(s[2*i])<<8 | uint32(s[2*i+1]))
			}
		}
	case *image.NRGBA64:
		return func(dst []uint8, x0, x1, y int) {
			s := m.Pix[m.PixOffset(x0, y):]
			for i := range x1 - x0 {
				p := s[8*i : 8*i+8 : 8*i+8]
				a := uint32(p[6])<<8 | uint32(p[7])
				for c := range 3 {
					v := uint32(p[2*c])<<8 | uint32(p[2*c+1])
					dst[4*i+c] = to8(v * a / 0xFFFF)
				}
				dst[4*i+3] = to8(a)
			}
		}
	case *image.NYCbCrA:
		return func(dst []uint8, x0, x1, y int) {
			for i := range x1 - x0 {
				x := x0 + i
				R, G, B := color.YCbCrToRGB(m.Y[m.YOffset(x, y)], m.Cb[m.COffset(x, y)], m.Cr[m.COffset(x, y)])
				a := uint32(m.A[m.AOffset(x, y)])
				dst[4*i] = uint8((uint32(R)*a + 127) / 255)
				dst[4*i+1] = uint8((uint32(G)*a + 127) / 255)
				dst[4*i+2] = uint8((uint32(B)*a + 127) / 255)
				dst[4*i+3] = uint8(a)
			}
		}
	}
	return func(dst []uint8, x0, x1, y int) {
		for i := range x1 - x0 {
			r, g, b, a := src.At(x0+i, y).RGBA()
			dst[4*i], dst[4*i+1], dst[4*i+2], dst[4*i+3] = to8(r), to8(g), to8(b), to8(a)
		}
	}
}

func premultiply(dst, src []uint8, n int) {
	for i := range n {
		p := src[4*i : 4*i+4 : 4*i+4]
		a := uint32(p[3])
		switch a {
		case 0xFF:
			copy(dst[4*i:4*i+4], p)
		case 0:
			dst[4*i], dst[4*i+1], dst[4*i+2], dst[4*i+3] = 0, 0, 0, 0
		default:
			dst[4*i] = uint8((uint32(p[0])*a + 127) / 255)
			dst[4*i+1] = uint8((uint32(p[1])*a + 127) / 255)
			dst[4*i+2] = uint8((uint32(p[2])*a + 127) / 255)
			dst[4*i+3] = uint8(a)
		}
	}
}

// parallelRows runs fn over [0,n) split into contiguous bands, one per CPU.
func parallelRows(n int, fn func(lo, hi int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		fn(0, n)
		return
	}
	var wg sync.WaitGroup
	panics := make(chan any, workers)
	for w := range workers {
		lo, hi := n*w/workers, n*(w+1)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			// A panic here would kill the program; hand it to the caller's recover instead.
			defer func() {
				if p := recover(); p != nil {
					panics <- p
				}
			}()
			fn(lo, hi)
		}()
	}
	wg.Wait()
	select {
	case p := <-panics:
		panic(p)
	default:
	}
}
