// Package preview renders the display list to images: page thumbnails for an archive and
// larger previews for a web reader. It is a second backend next to the PDF writer and draws
// the same things the same way: text with the document's own TrueType fonts, at the PDF's
// glyph widths (thousandths of an em, no kerning inside a run) and tracking, pictures scaled
// into their frames, rules with butt ends, and filled boxes. Links are not drawn. Like PDF
// viewers, it snaps boxes, upright rules and pictures to whole pixels, so rules stay crisp;
// text and slanted lines are antialiased at their exact positions.
//
// Rendering is deterministic: the same document and width give the same pixels (and PNG
// bytes) on a given architecture. Floating-point fusion on some architectures (arm64) may
// change a few edge pixels between machines.
package preview

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"path/filepath"
	"runtime"
	"sync"

	_ "image/jpeg" // page.Image is JPEG or PNG

	"golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"

	"epaper/layout/page"
	"epaper/layout/pdf"
)

// Widths of the images WriteAll makes, in pixels.
const (
	ThumbWidth = 300
	LargeWidth = 1200
)

// Renderer draws the pages of one document. It parses the fonts once and decodes each
// picture once, on first use. Safe for concurrent use.
type Renderer struct {
	doc    *page.Document
	fonts  map[string]*face
	images map[string]*picture
}

type face struct {
	sf   *sfnt.Font
	upem float64
	mu   sync.Mutex
	// glyphs caches outlines and advances by rune; outlines are in font units, y down.
	glyphs map[rune]*glyph
}

type glyph struct {
	segs    sfnt.Segments // in font units × 64
	minX    float64       // bounds in font units
	minY    float64
	maxX    float64
	maxY    float64
	advance float64 // thousandths of an em, rounded as in the PDF's width table
}

type picture struct {
	data []byte
	once sync.Once
	img  image.Image
	err  error
}

// New prepares a renderer for doc, checking its fonts.
func New(doc *page.Document) (*Renderer, error) {
	r := &Renderer{doc: doc, fonts: map[string]*face{}, images: map[string]*picture{}}
	for _, f := range doc.Fonts {
		sf, err := sfnt.Parse(f.Data)
		if err != nil {
			return nil, fmt.Errorf("font %s: %w", f.Name, err)
		}
		r.fonts[f.Name] = &face{sf: sf, upem: float64(sf.UnitsPerEm()), glyphs: map[rune]*glyph{}}
	}
	for _, im := range doc.Images {
		r.images[im.ID] = &picture{data: im.Data}
	}
	return r, nil
}

// glyph returns the outline and advance of r, loading them on first use. A rune the font
// lacks has no outline and no width, as in the layout's measurements.
func (f *face) glyph(buf *sfnt.Buffer, r rune) *glyph {
	f.mu.Lock()
	g, ok := f.glyphs[r]
	f.mu.Unlock()
	if ok {
		return g
	}
	g = &glyph{}
	if gi, err := f.sf.GlyphIndex(buf, r); err == nil && gi != 0 {
		ppem := fixed.Int26_6(f.sf.UnitsPerEm()) << 6 // outlines in font units (as 26.6): exact
		if adv, err := f.sf.GlyphAdvance(buf, gi, ppem, font.HintingNone); err == nil {
			g.advance = math.Round(float64(adv) / 64 * 1000 / f.upem)
		}
		if segs, err := f.sf.LoadGlyph(buf, gi, ppem, nil); err == nil && len(segs) > 0 {
			g.segs = append(sfnt.Segments(nil), segs...) // segs lives in buf
			b := g.segs.Bounds()
			g.minX, g.minY = float64(b.Min.X)/64, float64(b.Min.Y)/64
			g.maxX, g.maxY = float64(b.Max.X)/64, float64(b.Max.Y)/64
		}
	}
	f.mu.Lock()
	f.glyphs[r] = g
	f.mu.Unlock()
	return g
}

func (p *picture) decode() (image.Image, error) {
	p.once.Do(func() {
		img, _, err := image.Decode(bytes.NewReader(p.data))
		if err != nil {
			p.err = err
			return
		}
		// Scaling from RGBA is several times faster than from JPEG's YCbCr, and a picture
		// may be drawn more than once (previews of several widths).
		rgba := image.NewRGBA(img.Bounds())
		draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
		p.img = rgba
	})
	return p.img, p.err
}

// Render draws page i (0-based) of the document width pixels wide; the height keeps the
// page's proportions.
func (r *Renderer) Render(i, width int) (*image.RGBA, error) {
	if i < 0 || i >= len(r.doc.Pages) {
		return nil, fmt.Errorf("page index %d out of range", i)
	}
	pg := r.doc.Pages[i]
	if width <= 0 || pg.Width <= 0 || pg.Height <= 0 {
		return nil, fmt.Errorf("page %d: cannot render %v x %v at %d px", pg.Number, pg.Width, pg.Height, width)
	}
	scale := float64(width) / pg.Width.Pt()
	height := max(1, int(math.Round(pg.Height.Pt()*scale)))
	c := &canvas{dst: image.NewRGBA(image.Rect(0, 0, width, height)), scale: scale, buf: &sfnt.Buffer{}}
	draw.Draw(c.dst, c.dst.Bounds(), image.White, image.Point{}, draw.Src)
	for _, it := range pg.Items {
		var err error
		switch v := it.(type) {
		case *page.Text:
			err = r.text(c, v)
		case *page.Picture:
			err = r.picture(c, v)
		case *page.Rule:
			c.rule(v)
		case *page.Box:
			c.box(v)
		case *page.Link:
		default:
			err = fmt.Errorf("unknown display item %T", it)
		}
		if err != nil {
			return nil, fmt.Errorf("page %d: %w", pg.Number, err)
		}
	}
	return c.dst, nil
}

// Render draws page i (0-based) of doc width pixels wide.
func Render(doc *page.Document, i, width int) (*image.RGBA, error) {
	r, err := New(doc)
	if err != nil {
		return nil, err
	}
	return r.Render(i, width)
}

// canvas is one page being drawn, with the scratch buffers of its paths.
type canvas struct {
	dst   *image.RGBA
	scale float64 // pixels per point
	buf   *sfnt.Buffer
	ras   vector.Rasterizer
	mask  []uint8
}

// pt converts a length in points as the PDF writer prints it (two decimals) to pixels.
func (c *canvas) pt(v float64) float64 { return math.Round(v*100) / 100 * c.scale }

func rgba(col page.Color) color.RGBA { return color.RGBA{col.R, col.G, col.B, 255} }

// fill rasterises the path that add draws (in pixels, relative to the box's top-left
// corner) inside the box [x0, x1) × [y0, y1), and paints col through it. The mask is as
// large as the path's box, so work is proportional to the item, not to the page.
func (c *canvas) fill(x0, y0, x1, y1 int, col page.Color, add func(z *vector.Rasterizer, dx, dy float32)) {
	w, h := x1-x0, y1-y0
	if w <= 0 || h <= 0 {
		return
	}
	c.ras.Reset(w, h)
	c.ras.DrawOp = draw.Src
	add(&c.ras, float32(-x0), float32(-y0))
	if cap(c.mask) < w*h {
		c.mask = make([]uint8, w*h)
	}
	mask := &image.Alpha{Pix: c.mask[:w*h], Stride: w, Rect: image.Rect(0, 0, w, h)}
	c.ras.Draw(mask, mask.Bounds(), image.Opaque, image.Point{})
	draw.DrawMask(c.dst, image.Rect(x0, y0, x1, y1), image.NewUniform(rgba(col)), image.Point{}, mask, image.Point{}, draw.Over)
}

// polygon fills a closed polygon given in pixels.
func (c *canvas) polygon(col page.Color, pts ...[2]float64) {
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range pts {
		minX, maxX = math.Min(minX, p[0]), math.Max(maxX, p[0])
		minY, maxY = math.Min(minY, p[1]), math.Max(maxY, p[1])
	}
	c.fill(int(math.Floor(minX)), int(math.Floor(minY)), int(math.Ceil(maxX)), int(math.Ceil(maxY)), col,
		func(z *vector.Rasterizer, dx, dy float32) {
			z.MoveTo(float32(pts[0][0])+dx, float32(pts[0][1])+dy)
			for _, p := range pts[1:] {
				z.LineTo(float32(p[0])+dx, float32(p[1])+dy)
			}
			z.ClosePath()
		})
}

func (c *canvas) box(b *page.Box) {
	x0, y0 := c.pt(b.Rect.X.Pt()), c.pt(b.Rect.Y.Pt())
	c.rect(x0, y0, x0+c.pt(b.Rect.W.Pt()), y0+c.pt(b.Rect.H.Pt()), b.Color)
}

// rect fills the pixels that the rectangle [x0, x1) × [y0, y1) touches, in full: PDF
// viewers snap rectangles, upright lines and images to the pixel grid like this, which
// keeps rules crisp instead of smeared across two rows of pixels.
func (c *canvas) rect(x0, y0, x1, y1 float64, col page.Color) {
	const eps = 1e-6 // an edge on a pixel boundary, give or take rounding, touches one side only
	r := image.Rect(int(math.Floor(x0+eps)), int(math.Floor(y0+eps)), int(math.Ceil(x1-eps)), int(math.Ceil(y1-eps)))
	if r.Empty() {
		return
	}
	draw.Draw(c.dst, r, image.NewUniform(rgba(col)), image.Point{}, draw.Over)
}

// rule draws a line with butt ends. Upright lines are snapped to the pixel grid (see rect),
// which also keeps hairlines at least a pixel wide as viewers do; slanted lines are
// antialiased.
func (c *canvas) rule(r *page.Rule) {
	x0, y0, x1, y1 := c.pt(r.X0.Pt()), c.pt(r.Y0.Pt()), c.pt(r.X1.Pt()), c.pt(r.Y1.Pt())
	half := c.pt(r.Width.Pt()) / 2
	switch {
	case y0 == y1 && x0 != x1:
		c.rect(math.Min(x0, x1), y0-half, math.Max(x0, x1), y0+half, r.Color)
		return
	case x0 == x1 && y0 != y1:
		c.rect(x0-half, math.Min(y0, y1), x0+half, math.Max(y0, y1), r.Color)
		return
	}
	dx, dy := x1-x0, y1-y0
	n := math.Hypot(dx, dy)
	if n == 0 {
		return
	}
	half = math.Max(half, 0.5)
	nx, ny := -dy/n*half, dx/n*half
	c.polygon(r.Color, [2]float64{x0 + nx, y0 + ny}, [2]float64{x1 + nx, y1 + ny}, [2]float64{x1 - nx, y1 - ny}, [2]float64{x0 - nx, y0 - ny})
}

// text draws a run glyph by glyph: each advances by its width in the PDF's width table
// plus the tracking, as the PDF's Tj with Tc does.
func (r *Renderer) text(c *canvas, t *page.Text) error {
	f, ok := r.fonts[t.Font]
	if !ok {
		return fmt.Errorf("text %q: font %q is not in the document", t.Text, t.Font)
	}
	size := t.Size.Pt()
	tracking := math.Round(t.Tracking.Pt()*1000) / 1000 // the PDF's Tc has three decimals
	ox, oy := c.pt(t.X.Pt()), c.pt(t.Y.Pt())
	type placed struct {
		g *glyph
		x float64 // pen position in pixels
	}
	var glyphs []placed
	unit := size / f.upem * c.scale // pixels per font unit
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	pen := ox
	for _, ch := range t.Text {
		g := f.glyph(c.buf, ch)
		if len(g.segs) > 0 {
			glyphs = append(glyphs, placed{g, pen})
			minX, maxX = math.Min(minX, pen+g.minX*unit), math.Max(maxX, pen+g.maxX*unit)
			minY, maxY = math.Min(minY, oy+g.minY*unit), math.Max(maxY, oy+g.maxY*unit)
		}
		pen += (g.advance/1000*size + tracking) * c.scale
	}
	if len(glyphs) == 0 {
		return nil
	}
	x0, y0 := int(math.Floor(minX)), int(math.Floor(minY))
	c.fill(x0, y0, int(math.Ceil(maxX))+1, int(math.Ceil(maxY))+1, t.Color, func(z *vector.Rasterizer, dx, dy float32) {
		u := unit / 64 // segments are in font units × 64
		for _, p := range glyphs {
			px, py := p.x+float64(dx), oy+float64(dy)
			pt := func(a fixed.Point26_6) (float32, float32) {
				return float32(px + float64(a.X)*u), float32(py + float64(a.Y)*u)
			}
			for _, s := range p.g.segs {
				switch s.Op {
				case sfnt.SegmentOpMoveTo:
					z.MoveTo(pt(s.Args[0]))
				case sfnt.SegmentOpLineTo:
					z.LineTo(pt(s.Args[0]))
				case sfnt.SegmentOpQuadTo:
					bx, by := pt(s.Args[0])
					cx, cy := pt(s.Args[1])
					z.QuadTo(bx, by, cx, cy)
				case sfnt.SegmentOpCubeTo:
					bx, by := pt(s.Args[0])
					cx, cy := pt(s.Args[1])
					ex, ey := pt(s.Args[2])
					z.CubeTo(bx, by, cx, cy, ex, ey)
				}
			}
			z.ClosePath()
		}
	})
	return nil
}

// picture scales the image into its frame (the layout has already cropped it to the
// frame's proportions).
func (r *Renderer) picture(c *canvas, p *page.Picture) error {
	pic, ok := r.images[p.ImageID]
	if !ok {
		return fmt.Errorf("picture %q is not in the document", p.ImageID)
	}
	img, err := pic.decode()
	if err != nil {
		return fmt.Errorf("picture %q: %w", p.ImageID, err)
	}
	// Like viewers, cover every pixel the frame touches (see rect).
	const eps = 1e-6
	x0, y0 := c.pt(p.Frame.X.Pt()), c.pt(p.Frame.Y.Pt())
	x1, y1 := x0+c.pt(p.Frame.W.Pt()), y0+c.pt(p.Frame.H.Pt())
	rect := image.Rect(int(math.Floor(x0+eps)), int(math.Floor(y0+eps)), int(math.Ceil(x1-eps)), int(math.Ceil(y1-eps)))
	if rect.Empty() {
		return nil
	}
	draw.BiLinear.Scale(c.dst, rect, img, img.Bounds(), draw.Src, nil)
	return nil
}

// Scale resizes a rendered page, e.g. a large preview to a thumbnail, with a
// Catmull-Rom filter (sharp, and averaging over the whole footprint when shrinking).
func Scale(src image.Image, width int) *image.RGBA {
	b := src.Bounds()
	height := max(1, int(math.Round(float64(b.Dy())*float64(width)/float64(b.Dx()))))
	dst := image.NewRGBA(image.Rect(0, 0, width, height))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
	return dst
}

// LargeName and ThumbName are the file names WriteAll gives page n's images, e.g.
// "courier-city-2026-03-14-p01.png" and "...-p01-thumb.png"; pages is the page count,
// which sets the digits (two, or more for editions of 100 pages or more).
func LargeName(base string, n, pages int) string {
	return fmt.Sprintf("%s-p%0*d.png", base, digits(pages), n)
}

// ThumbName: see LargeName.
func ThumbName(base string, n, pages int) string {
	return fmt.Sprintf("%s-p%0*d-thumb.png", base, digits(pages), n)
}

func digits(pages int) int { return max(2, len(fmt.Sprint(pages))) }

// Encode writes img as PNG. Large images are compressed for speed: at 1200 px wide the
// default compression takes twice as long (0.7 s a page) for files only 7% smaller.
func Encode(img image.Image) ([]byte, error) {
	level := png.DefaultCompression
	if b := img.Bounds(); b.Dx()*b.Dy() > 1<<20 {
		level = png.BestSpeed
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: level}).Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// WriteAll renders every page LargeWidth pixels wide and a ThumbWidth thumbnail of it
// into dir (see LargeName and ThumbName), each file atomically. Pages are rendered in
// parallel. It returns the paths written, large then thumbnail, in page order.
func WriteAll(doc *page.Document, dir, base string) ([]string, error) {
	r, err := New(doc)
	if err != nil {
		return nil, err
	}
	n := len(doc.Pages)
	paths := make([][2]string, n)
	errs := make([]error, n)
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i := range doc.Pages {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			// A panic here would kill the process: it becomes this page's error instead.
			defer func() {
				if p := recover(); p != nil {
					errs[i] = fmt.Errorf("page %d: preview renderer failed: %v", i+1, p)
				}
			}()
			paths[i], errs[i] = r.writePage(i, dir, base)
		}()
	}
	wg.Wait()
	var out []string
	for i := range paths {
		if errs[i] != nil {
			return out, errs[i]
		}
		out = append(out, paths[i][0], paths[i][1])
	}
	return out, nil
}

func (r *Renderer) writePage(i int, dir, base string) ([2]string, error) {
	pg := r.doc.Pages[i]
	large, err := r.Render(i, LargeWidth)
	if err != nil {
		return [2]string{}, err
	}
	paths := [2]string{
		filepath.Join(dir, LargeName(base, pg.Number, len(r.doc.Pages))),
		filepath.Join(dir, ThumbName(base, pg.Number, len(r.doc.Pages))),
	}
	for k, img := range []image.Image{large, Scale(large, ThumbWidth)} {
		data, err := Encode(img)
		if err != nil {
			return paths, err
		}
		if err := pdf.AtomicWrite(paths[k], data); err != nil {
			return paths, err
		}
	}
	return paths, nil
}
