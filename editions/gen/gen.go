// Package gen writes synthetic editions for tests and benchmarks: realistic article lengths
// (60–1,500 words) made of sentences from the sample edition, photo-like pictures of a
// chosen size, and ads, all deterministic from a seed.
package gen

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"

	"epaper/layout/manifest"

	"gopkg.in/yaml.v3"
)

// Spec describes the edition to generate.
type Spec struct {
	Seed     uint64
	Articles int
	Photos   int     // photos attached to articles
	Ads      int     // ads, spread over the pages
	Pages    int     // the manifest's page target (also where ads may go)
	Size     string  // page size name: broadsheet, tabloid, ...
	Columns  int     // 0 = the size's default
	PhotoMP  float64 // megapixels per photo (e.g. 0.5 for tests, 12–24 for the stress edition)
	Sections []string
	Corpus   []string // paragraphs of real prose to draw sentences from
	Date     string
	// Words, when positive, replaces Articles: articles are added until their bodies hold
	// this many words. Page counts follow words far more closely than article counts (an
	// article is 60 to 1,500 words), so this is how to aim at a number of pages.
	Words     int
	MaxWords  int // longest article (default 1,500)
	MinWords  int // shortest article (default 60)
	NoSubhead bool
	// Manual control, for tests of the manifest's place and pages keys: the first Fixed
	// articles get a place on pages 2, 3, ... (two columns, half the rows, at the left); the
	// next Planned articles are listed in a pages: entry for page 2; ads alternate between
	// positions and mid-page places.
	Fixed, Planned int
	MidAds         bool
}

// Write creates dir/edition.yaml with photos under dir/photos and ads under dir/ads.
func Write(dir string, sp Spec) (string, error) {
	if sp.MaxWords == 0 {
		sp.MaxWords = 1500
	}
	if sp.MinWords == 0 {
		sp.MinWords = 60
	}
	if len(sp.Sections) == 0 {
		sp.Sections = []string{"Front Page", "Nation", "World", "Business", "Sports"}
	}
	if sp.Date == "" {
		sp.Date = "2026-03-14"
	}
	r := rand.New(rand.NewPCG(sp.Seed, sp.Seed^0x9e3779b97f4a7c15))
	sentences := splitSentences(sp.Corpus)
	if len(sentences) < 20 {
		return "", fmt.Errorf("corpus too small: %d sentences", len(sentences))
	}
	for _, d := range []string{"photos", "ads"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return "", err
		}
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "edition:\n  paper: The Generated Gazette\n  name: Test\n  date: %s\n  volume: 1\n  number: %d\n", sp.Date, sp.Seed%1000+1)
	if sp.Pages > 0 {
		fmt.Fprintf(&b, "  pages: %d\n", sp.Pages)
	}
	fmt.Fprintf(&b, "page:\n  size: %s\n", sp.Size)
	if sp.Columns > 0 {
		fmt.Fprintf(&b, "  columns: %d\n", sp.Columns)
	}
	b.WriteString("sections: " + flow(sp.Sections) + "\narticles:\n")
	var lengths []int // drawn up front in Words mode, where they decide the article count
	if sp.Words > 0 {
		for total := 0; total < sp.Words; {
			n := articleLength(r, sp.MinWords, sp.MaxWords)
			lengths = append(lengths, n)
			total += n
		}
		sp.Articles = len(lengths)
	}
	photoFor := map[int]bool{}
	for len(photoFor) < min(sp.Photos, sp.Articles) {
		photoFor[r.IntN(sp.Articles)] = true
	}
	photoN := 0
	// Photos are the slow part (a 16 MP picture takes about a second): their parameters are
	// drawn here, in order, and the pixels are made and encoded on every core meanwhile.
	photos := newPhotoWriter()
	for i := 0; i < sp.Articles; i++ {
		var words int
		if lengths != nil {
			words = lengths[i]
		} else {
			words = articleLength(r, sp.MinWords, sp.MaxWords)
		}
		prio := 3
		switch {
		case words > 1000 && r.IntN(3) == 0:
			prio = 1 + r.IntN(2)
		case words > 700:
			prio = 2 + r.IntN(2)
		case words < 200:
			prio = 4 + r.IntN(2)
		}
		sec := sp.Sections[r.IntN(len(sp.Sections))]
		fmt.Fprintf(&b, "  - id: story-%03d\n    section: %s\n    priority: %d\n", i+1, quote(sec), prio)
		if r.IntN(2) == 0 {
			fmt.Fprintf(&b, "    kicker: %s\n", quote(firstWords(sentences[r.IntN(len(sentences))], 2)))
		}
		fmt.Fprintf(&b, "    headline: %s\n", quote(headline(r, sentences)))
		if words > 500 && r.IntN(2) == 0 {
			fmt.Fprintf(&b, "    deck: %s\n", quote(firstWords(sentences[r.IntN(len(sentences))], 18)))
		}
		if r.IntN(4) != 0 {
			fmt.Fprintf(&b, "    byline: By %s\n", quote(names[r.IntN(len(names))]))
		}
		b.WriteString("    body: |\n")
		for _, para := range body(r, sentences, words, !sp.NoSubhead) {
			b.WriteString("      " + para + "\n\n")
		}
		if i < sp.Fixed {
			fmt.Fprintf(&b, "    place: {page: %d, column: 1, row: 1, columns: 2, rows: 4}\n", i+2)
		}
		if photoFor[i] {
			photoN++
			name := fmt.Sprintf("photos/p%03d.jpg", photoN)
			photos.add(filepath.Join(dir, name), drawPhoto(r, sp.PhotoMP))
			fmt.Fprintf(&b, "    photos:\n      - src: %s\n        caption: %s\n        credit: Photo/Generated\n", name, quote(firstWords(sentences[r.IntN(len(sentences))], 16)))
		}
	}
	if sp.Ads > 0 {
		b.WriteString("ads:\n")
		positions := []string{"bottom-right", "bottom-left", "bottom"}
		adPages := map[int]bool{}
		for i := 0; i < sp.Ads; i++ {
			name := fmt.Sprintf("ads/ad%02d.jpg", i+1)
			cols, rows := 2+r.IntN(2), 1+r.IntN(2)
			if err := writeAd(filepath.Join(dir, name), r, cols*400, rows*380); err != nil {
				photos.wait()
				return "", err
			}
			page := min(2+i*max(1, (sp.Pages-1)/max(1, sp.Ads)), max(1, sp.Pages))
			if adPages[page] {
				page = 0 // the page is taken: let the layout choose
			}
			adPages[page] = true
			where := "position: " + positions[r.IntN(len(positions))]
			if sp.MidAds && i%2 == 1 {
				// Column 3 where the ad fits there; on a narrow page (a4 has 4 columns) as far
				// right as it fits.
				col := min(3, pageColumns(sp)-cols+1)
				where = fmt.Sprintf("place: {column: %d, row: %d}", col, 3+r.IntN(2))
			}
			if sp.MidAds && i%3 == 2 {
				page = 0 // automatic
			}
			fmt.Fprintf(&b, "  - id: ad-%02d\n    src: %s\n    page: %d\n    columns: %d\n    rows: %d\n    %s\n", i+1, name, page, cols, rows, where)
		}
	}
	if sp.Planned > 0 {
		b.WriteString("pages:\n  - section: " + quote(sp.Sections[0]) + "\n  - articles: [")
		for i := 0; i < sp.Planned; i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "story-%03d", sp.Fixed+i+1)
		}
		b.WriteString("]\n")
	}
	if err := photos.wait(); err != nil {
		return "", err
	}
	path := filepath.Join(dir, "edition.yaml")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		return "", err
	}
	return path, nil
}

var names = []string{"Maria Okafor", "Daniel Reyes", "Priya Natarajan", "Tom Eklund", "Grace Adeyemi", "Lukas Brenner", "Zoë Hartley", "José Ramírez", "Hannah Cole", "Wei Zhang"}

// articleLength draws a length between lo and hi words, skewed as news is: many short
// pieces, fewer long ones.
func articleLength(r *rand.Rand, lo, hi int) int {
	x := math.Exp(math.Log(float64(lo)) + r.Float64()*(math.Log(float64(hi))-math.Log(float64(lo))))
	return int(x)
}

var sentenceEnd = regexp.MustCompile(`([.!?][”"’]?)\s+`)

func splitSentences(paras []string) []string {
	var out []string
	for _, p := range paras {
		p = strings.Join(strings.Fields(p), " ")
		if strings.HasPrefix(p, "#") || len(p) < 20 {
			continue
		}
		for _, s := range sentenceEnd.Split(sentenceEnd.ReplaceAllString(p, "$1\x00"), -1) {
			for _, t := range strings.Split(s, "\x00") {
				if t = strings.TrimSpace(t); len(strings.Fields(t)) >= 4 {
					out = append(out, t)
				}
			}
		}
	}
	return out
}

func body(r *rand.Rand, sentences []string, words int, subheads bool) []string {
	var paras []string
	n := 0
	for n < words {
		k := 1 + r.IntN(3)
		var p []string
		for j := 0; j < k && n < words; j++ {
			s := sentences[r.IntN(len(sentences))]
			p = append(p, s)
			n += len(strings.Fields(s))
		}
		paras = append(paras, strings.Join(p, " "))
		if subheads && words > 700 && len(paras)%7 == 0 && n < words-100 {
			paras = append(paras, "## "+strings.TrimRight(firstWords(sentences[r.IntN(len(sentences))], 4), ".,;:"))
		}
	}
	return paras
}

func headline(r *rand.Rand, sentences []string) string {
	s := sentences[r.IntN(len(sentences))]
	return strings.TrimRight(firstWords(s, 6+r.IntN(8)), ".,;:—–")
}

func firstWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		f = f[:n]
	}
	return strings.Join(f, " ")
}

func quote(s string) string {
	b, _ := yaml.Marshal(s)
	return strings.TrimSpace(string(b))
}

func flow(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// photoParams are the random choices behind one photo, drawn in order from the edition's
// generator so that the pictures do not depend on how they are scheduled.
type photoParams struct {
	w, h        int
	horizon     float64
	sky, ground [3]float64
	seed        uint64
}

func drawPhoto(r *rand.Rand, mp float64) photoParams {
	aspects := []float64{1.5, 4.0 / 3, 1.5, 16.0 / 9, 2.0 / 3, 1}
	a := aspects[r.IntN(len(aspects))]
	h := int(math.Sqrt(mp * 1e6 / a))
	p := photoParams{w: int(float64(h) * a), h: h}
	p.horizon = 0.3 + 0.4*r.Float64()
	p.sky = [3]float64{90 + 60*r.Float64(), 120 + 60*r.Float64(), 170 + 60*r.Float64()}
	p.ground = [3]float64{60 + 80*r.Float64(), 70 + 70*r.Float64(), 40 + 50*r.Float64()}
	p.seed = r.Uint64()
	return p
}

// renderPhoto makes a photo-like picture: smooth light and shade, a horizon, some
// structure and sensor noise, so that it compresses and resizes like a photograph rather
// than flat colour.
func renderPhoto(p photoParams) *image.YCbCr {
	w, h := p.w, p.h
	img := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	// The horizon's height in each column (the same expression as per pixel, so the same
	// values), and its sine evaluated once per column instead of per pixel.
	edge := make([]float64, w)
	for x := range edge {
		fx := float64(x) / float64(w)
		edge[x] = p.horizon + 0.05*math.Sin(fx*9+float64(p.seed%7))
	}
	for y := 0; y < h; y++ {
		fy := float64(y) / float64(h)
		// A chroma sample is shared by a 2×2 block; the last pixel written in the block
		// (bottom right, or the image edge) is the one whose chroma is kept.
		lastRow := y|1 == y || y == h-1
		yrow := img.Y[img.YOffset(0, y):]
		for x := 0; x < w; x++ {
			fx := float64(x) / float64(w)
			base := p.sky
			shade := 1 - 0.5*fy
			if fy > edge[x] {
				base, shade = p.ground, 0.7+0.3*math.Sin(fx*31+fy*17)
			}
			n := float64(hash(p.seed, x, y)%32) - 16
			rr, gg, bb := clamp(base[0]*shade+n), clamp(base[1]*shade+n), clamp(base[2]*shade+n)
			yy, cb, cr := color.RGBToYCbCr(rr, gg, bb)
			yrow[x] = yy
			if lastRow && (x|1 == x || x == w-1) {
				ci := img.COffset(x, y)
				img.Cb[ci], img.Cr[ci] = cb, cr
			}
		}
	}
	return img
}

// photoWriter renders and writes photos on every core, keeping the first error.
type photoWriter struct {
	slots chan struct{}
	wg    sync.WaitGroup
	mu    sync.Mutex
	err   error
}

func newPhotoWriter() *photoWriter {
	return &photoWriter{slots: make(chan struct{}, runtime.NumCPU())}
}

func (pw *photoWriter) add(path string, p photoParams) {
	pw.slots <- struct{}{} // at most one picture per core in memory
	pw.wg.Add(1)
	go func() {
		defer func() { <-pw.slots; pw.wg.Done() }()
		if err := writeJPEG(path, renderPhoto(p)); err != nil {
			pw.mu.Lock()
			if pw.err == nil {
				pw.err = err
			}
			pw.mu.Unlock()
		}
	}()
}

func (pw *photoWriter) wait() error {
	pw.wg.Wait()
	return pw.err
}

func writeAd(path string, r *rand.Rand, w, h int) error {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	bg := color.RGBA{uint8(40 + r.IntN(120)), uint8(40 + r.IntN(120)), uint8(60 + r.IntN(140)), 255}
	fg := color.RGBA{250, 240, 200, 255}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := bg
			if (x/40+y/40)%7 == 0 || y > h*3/4 && y < h*3/4+h/20 {
				c = fg
			}
			img.SetRGBA(x, y, c)
		}
	}
	return writeJPEG(path, img)
}

func writeJPEG(path string, img image.Image) error {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 85}); err != nil {
		return err
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}

func hash(seed uint64, x, y int) uint64 {
	h := seed ^ uint64(x)*0x9e3779b97f4a7c15 ^ uint64(y)*0xc2b2ae3d27d4eb4f
	h ^= h >> 29
	h *= 0xbf58476d1ce4e5b9
	return h ^ h>>32
}

func clamp(v float64) uint8 {
	switch {
	case v <= 0:
		return 0
	case v >= 255:
		return 255
	}
	return uint8(v)
}

// CorpusFromManifest reads the article bodies of a manifest as paragraphs.
func CorpusFromManifest(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m struct {
		Articles []struct {
			Body string `yaml:"body"`
		} `yaml:"articles"`
	}
	if err := yaml.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	var out []string
	for _, a := range m.Articles {
		for _, p := range strings.Split(a.Body, "\n\n") {
			out = append(out, strings.TrimSpace(p))
		}
	}
	return out, nil
}

// pageColumns is the edition's column count: the spec's, else its named size's default.
func pageColumns(sp Spec) int {
	if sp.Columns > 0 {
		return sp.Columns
	}
	for _, ps := range manifest.PageSizes {
		if ps.Name == sp.Size {
			return ps.Columns
		}
	}
	return 6
}
