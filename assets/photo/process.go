// Package photo prepares photos for embedding in a PDF: it decodes JPEG, PNG, GIF and
// WebP, applies EXIF orientation, crops to the frame's aspect around a focus point,
// resizes to the target resolution (never up), and encodes 8-bit JPEG or PNG that fpdf
// embeds correctly. A JPEG that is already right is embedded byte for byte.
//
// Every failure is an *Error naming the file, with a kind usable with errors.Is.
package photo

import (
	"crypto/sha256"
	"fmt"
	"image"
	"io/fs"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/disintegration/imaging"
)

// Spec asks for one photo at one size.
type Spec struct {
	Src            string  // absolute path
	FrameW, FrameH float64 // the frame the picture fills on the page, in points (1/72 in); the picture is cropped to this aspect, never distorted
	FocusX, FocusY float64 // crop focus point, fractions of the (oriented) image, 0..1; the crop window is the largest window of the frame's aspect, centred on the focus as far as the image edges allow
	PPI            float64 // target resolution at the frame size (0 = DefaultPPI)
	PixelWidth     int     // exact output width in pixels (0 = from PPI); never upscales: a smaller crop keeps its own width. A JPEG passes through only if its width equals PixelWidth.
	Quality        int     // JPEG quality 1-100 (0 = DefaultQuality)
}

// Image is a photo ready to embed.
type Image struct {
	Data          []byte
	Format        string  // "jpeg" or "png" (8-bit, non-interlaced)
	Width, Height int     // pixels
	PPI           float64 // effective resolution at the frame size (lower than requested when the source is too small: never upscale)
	PassThrough   bool    // original bytes embedded unchanged
}

// Processor turns Specs into Images. Its methods may be called from several goroutines.
type Processor struct {
	Limits  Limits
	Workers int    // photos decoded at once, by ProcessAll or concurrent Process calls (0 = number of CPUs, at most 8); a 24 MP photo in flight allocates ~80 MB
	Cache   *Cache // nil = no cache

	decoded, hits, passed atomic.Int64
	read                  atomic.Int64
	inFlight, peak        atomic.Int64 // renders running now, and the most seen at once
	slotsOnce             sync.Once
	slots                 chan struct{} // bounds decodes in flight to Workers
}

// acquire waits for a decode slot and returns its release.
func (p *Processor) acquire() func() {
	p.slotsOnce.Do(func() { p.slots = make(chan struct{}, p.workers()) })
	p.slots <- struct{}{}
	n := p.inFlight.Add(1)
	for old := p.peak.Load(); n > old && !p.peak.CompareAndSwap(old, n); old = p.peak.Load() {
	}
	return func() {
		p.inFlight.Add(-1)
		<-p.slots
	}
}

// Stats counts what a Processor did, for progress output and tests.
type Stats struct {
	Decoded     int64 // images fully decoded (a pass-through JPEG is decoded once to verify it)
	CacheHits   int64 // results served from the cache without decoding
	PassThrough int64 // results that are the original JPEG bytes
	SourcesRead int64 // source files read in full; with a cache, an unchanged photo whose result is cached is not read (unless it passes through)
}

// Stats returns the counts so far.
func (p *Processor) Stats() Stats {
	return Stats{Decoded: p.decoded.Load(), CacheHits: p.hits.Load(), PassThrough: p.passed.Load(), SourcesRead: p.read.Load()}
}

// boxMargin shapes the resize: an integer box average first (cheap, one read per source
// pixel) while at least boxMargin source pixels per output pixel remain for the Lanczos
// filter, which then removes most of the box's aliasing.
//
// Measured (BenchmarkResampleOptions, 24 MP synthetic photo to 1200×800, CPU ms per op on
// 2 cores, imaging's float Lanczos; and PSNR against Lanczos without pre-shrink on a
// detailed 5640×3172 painting to 1200/600/300 px wide):
//
//	Lanczos, no box      ~480 ms   reference
//	Lanczos, margin 3    ~480 ms   (k=1 at this ratio)   ∞ / 46.8 / 46.8 dB
//	Lanczos, margin 2    ~250 ms   53.0 / 46.4 / 40.8 dB
//	Lanczos, margin 1     ~52 ms   37.0 / 34.2 / 35.9 dB (almost all box)
//	CatmullRom, no box   ~350 ms   44.6 / 45.2 / 44.8 dB (a different response, not an error)
//	CatmullRom, margin 2 ~230 ms   43.3 / 42.3 / 39.2 dB
//
// Margin 2 halves the time and stays above 40 dB, well under the error JPEG q85 itself
// adds to that painting (35 dB); with margin 1 the resampling error would match JPEG's.
// Our own fixed-point Lanczos (resize.go) then does the margin-2 filtering in about a
// third of imaging's time, for the same picture to within a level or two.
const boxMargin = 2

// Process prepares one photo. It never panics: a failure in a decoder becomes an error.
func (p *Processor) Process(s Spec) (img Image, err error) {
	defer func() {
		if r := recover(); r != nil {
			img, err = Image{}, newError(s.Src, ErrInternal, fmt.Sprintf("unexpected failure: %v", r),
				"please report this together with the file", nil)
		}
	}()
	s, err = s.normalize()
	if err != nil {
		return Image{}, err
	}
	f, st, err := openSource(s.Src, p.Limits)
	if err != nil {
		return Image{}, err
	}
	defer f.Close()
	if p.Cache != nil {
		if img, ok := p.cachedUnread(f, st, s); ok {
			return img, nil
		}
	}
	readAt := time.Now()
	data, err := readAll(s.Src, f, st)
	if err != nil {
		return Image{}, err
	}
	p.read.Add(1)
	h, err := readHeaderBytes(s.Src, data, p.Limits)
	if err != nil {
		return Image{}, err
	}
	pl := makePlan(h, s)
	var key string
	if p.Cache != nil {
		sum := sha256.Sum256(data)
		_ = p.Cache.rememberSum(s.Src, st, sum, readAt) // an index that cannot be written only costs time
		key = cacheKey(sum, h.Format, pl)
		if img, ok := p.Cache.get(key); ok {
			return p.hit(img, data), nil
		}
	}
	img, err = p.render(s.Src, data, h, pl)
	if err != nil {
		return Image{}, err
	}
	if p.Cache != nil {
		_ = p.Cache.put(key, img) // a cache that cannot be written only costs time
	}
	return img, nil
}

// cachedUnread serves a photo from the cache without reading the whole file, when the
// source index knows the file's hash: only the header is read, to plan. A pass-through
// entry still needs the original bytes, which are then read (but not hashed).
func (p *Processor) cachedUnread(f *os.File, st fs.FileInfo, s Spec) (Image, bool) {
	sum, ok := p.Cache.knownSum(s.Src, st)
	if !ok {
		return Image{}, false
	}
	h, err := readHeader(s.Src, f, p.Limits)
	if err != nil {
		return Image{}, false // the full path reports it
	}
	img, ok := p.Cache.get(cacheKey(sum, h.Format, makePlan(h, s)))
	if !ok {
		return Image{}, false
	}
	var data []byte
	if img.PassThrough {
		if data, err = readAll(s.Src, f, st); err != nil {
			return Image{}, false
		}
		p.read.Add(1)
	}
	return p.hit(img, data), true
}

// hit counts a cache hit; src is the source file, the data of a pass-through entry.
func (p *Processor) hit(img Image, src []byte) Image {
	p.hits.Add(1)
	if img.PassThrough {
		p.passed.Add(1)
		img.Data = src
	}
	return img
}

// openSource opens a photo, refusing files too big to be a photo within the limit.
func openSource(path string, lim Limits) (*os.File, fs.FileInfo, error) {
	f, err := openPhoto(path)
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, fileError(path, err)
	}
	// Even an uncompressed 16-bit RGBA file stays under 8 bytes per pixel.
	if maxBytes := 8*lim.maxPixels() + 64<<20; st.Size() > maxBytes {
		f.Close()
		return nil, nil, newError(path, ErrTooLarge, fmt.Sprintf("file is %d MB, too large for an image within the limit of %s MP",
			st.Size()>>20, megapixels(lim.maxPixels())), "raise it with --max-pixels, or scale the picture down", nil)
	}
	return f, st, nil
}

// readAll reads the whole of the open file f whose status is st.
func readAll(path string, f *os.File, st fs.FileInfo) ([]byte, error) {
	data := make([]byte, st.Size())
	n, err := f.ReadAt(data, 0)
	if err != nil && n != len(data) {
		return nil, fileError(path, err)
	}
	return data, nil
}

// render decodes, crops, resizes, orients and encodes, holding one of the Workers slots.
func (p *Processor) render(path string, data []byte, h header, pl plan) (Image, error) {
	defer p.acquire()()        // released even if a decoder panics
	sw, sh := pl.outW, pl.outH // output size before orientation
	if pl.orientation >= 5 {
		sw, sh = sh, sw
	}
	src, crop := image.Image(nil), pl.crop
	var err error
	if pl.passThrough {
		// Decoded completely, so not truncated: fpdf only checks the header.
		src, err = decode(h.Format, data, h.srcW, h.srcH)
	} else {
		src, crop, err = decodeFor(h, data, pl.crop, sw, sh)
	}
	p.decoded.Add(1)
	if err != nil {
		return Image{}, decodeError(path, h.Format, err)
	}
	if pl.passThrough {
		p.passed.Add(1)
		return Image{Data: data, Format: "jpeg", Width: pl.outW, Height: pl.outH, PPI: pl.ppi, PassThrough: true}, nil
	}
	flat := (h.Format == "png" || h.Format == "gif") && fewColors(src, crop)
	out := resample(src, crop, sw, sh, boxMargin)
	final := finish(orient(out, pl.orientation))

	jpg, err := encodeJPEG(final, pl.quality)
	if err != nil {
		return Image{}, newError(path, ErrInternal, "encoding JPEG: "+err.Error(), "", err)
	}
	res := Image{Data: jpg, Format: "jpeg", Width: pl.outW, Height: pl.outH, PPI: pl.ppi}
	if flat {
		if pngData, err := encodePNG(final); err == nil && len(pngData) < len(jpg) {
			res.Data, res.Format = pngData, "png"
		}
	}
	return res, nil
}

// decodeFor decodes the picture for an output of sw×sh from the window crop: a JPEG at
// the smallest scale (1/8, 1/4 or 1/2) that leaves at least 1.5 pixels of the window per
// output pixel, anything else whole. It returns the picture and the window in its pixels.
//
// Scaling in the DCT aliases less than the box average, so it may go further than
// boxMargin allows the box. Measured (PSNR against Lanczos from the full image): on the
// stress edition's noisy 16 MP photos ≥ 44.7 dB at 1.5-2 pixels per output pixel, 41.5 dB
// at 1; on real photos (/usr/share/backgrounds/mate/nature) 48.7-56.9 dB at 1.1-1.6.
// Decoding at 1/2 takes ~190 ms where image/jpeg takes ~360 ms (16 MP, one core), and
// the picture to reduce afterwards is a quarter of the size.
func decodeFor(h header, data []byte, crop image.Rectangle, sw, sh int) (image.Image, image.Rectangle, error) {
	if h.Format == "jpeg" {
		for _, n := range []int{1, 2, 4} {
			if 2*crop.Dx()*n/8 < 3*sw || 2*crop.Dy()*n/8 < 3*sh {
				continue
			}
			img, err := decodeJPEGScaled(data, n)
			if err == nil && img.Bounds() == image.Rect(0, 0, (h.srcW*n+7)/8, (h.srcH*n+7)/8) {
				sc := func(v int) int { return (v*n + 4) / 8 }
				return img, image.Rect(sc(crop.Min.X), sc(crop.Min.Y), sc(crop.Max.X), sc(crop.Max.Y)), nil
			}
			break // not a file the scaled decoder takes, or damaged: image/jpeg decides
		}
	}
	img, err := decode(h.Format, data, h.srcW, h.srcH)
	return img, crop, err
}

// resample scales the window crop of src to sw×sh: an integer box pre-shrink that keeps at
// least margin source pixels per output pixel, then the Lanczos filter.
func resample(src image.Image, crop image.Rectangle, sw, sh int, margin int) *image.NRGBA {
	switch m := src.(type) {
	case *image.YCbCr:
		return resampleYCbCr(m, crop, sw, sh, margin)
	case *image.Gray:
		return resampleGray(m, crop, sw, sh, margin)
	}
	k := max(1, min(crop.Dx()/(sw*margin), crop.Dy()/(sh*margin)))
	crop = trimToMultiple(crop, k)
	return resizeLanczos(reduce(src, crop, k), sw, sh)
}

// trimToMultiple shrinks r symmetrically so both sides are multiples of k.
func trimToMultiple(r image.Rectangle, k int) image.Rectangle {
	dx, dy := r.Dx()%k, r.Dy()%k
	return image.Rect(r.Min.X+dx/2, r.Min.Y+dy/2, r.Max.X-(dx-dx/2), r.Max.Y-(dy-dy/2))
}

// orient turns a picture as stored into the picture as displayed.
func orient(m *image.NRGBA, o int) *image.NRGBA {
	switch o {
	case 2:
		return imaging.FlipH(m)
	case 3:
		return imaging.Rotate180(m)
	case 4:
		return imaging.FlipV(m)
	case 5:
		return imaging.Transpose(m)
	case 6:
		return imaging.Rotate270(m) // imaging rotates counter-clockwise
	case 7:
		return imaging.Transverse(m)
	case 8:
		return imaging.Rotate90(m)
	}
	return m
}
