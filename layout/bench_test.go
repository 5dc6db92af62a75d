package layout

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"epaper/assets/photo"
	"epaper/editions/gen"
	"epaper/layout/compose"
	"epaper/layout/manifest"
	"epaper/layout/pdf"
	"epaper/layout/text/hyph"
)

// benchEdition writes a synthetic edition once per benchmark: articles of realistic
// lengths, photos of the given size.
func benchEdition(b *testing.B, articles, photos int, mp float64) *manifest.Edition {
	b.Helper()
	return writeBenchEdition(b, gen.Spec{Seed: 7, Articles: articles, Photos: photos, Ads: articles / 20,
		Pages: articles / 4, Size: "broadsheet", PhotoMP: mp})
}

// stressWordsPerPage is how much text fills a broadsheet page of the stress edition (see
// cmd/gen-edition's -fill).
const stressWordsPerPage = 3600

// stressEdition is the stress edition of issue #8 scaled to pages: text for that many
// pages, 80 photos and 10 ads per 48 pages. The photos are small: a warm build does not
// decode them, and the cold photo stage has benchmarks of its own.
func stressEdition(b *testing.B, pages int) *manifest.Edition {
	b.Helper()
	return writeBenchEdition(b, gen.Spec{Seed: 1, Words: pages * stressWordsPerPage, Photos: pages * 80 / 48,
		Ads: pages * 10 / 48, Pages: pages, Size: "broadsheet", PhotoMP: 0.5})
}

func writeBenchEdition(b *testing.B, sp gen.Spec) *manifest.Edition {
	b.Helper()
	path := writeGenerated(b, sp)
	// Photos an hour old, as on disk: a warm build does not re-read them (the photo cache
	// remembers each file's hash only once it is older than a couple of seconds).
	old := time.Now().Add(-time.Hour)
	err := filepath.WalkDir(filepath.Dir(path), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			err = os.Chtimes(p, old, old)
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	ed, err := manifest.Load(path, loadOpts())
	if err != nil {
		b.Fatal(err)
	}
	return ed
}

// BenchmarkEdition builds whole editions from 25 to 200 articles with a warm photo cache
// (photos already processed) but no layout note: text setting, the page search and photo
// look-ups; pages/s is the figure to watch. Work should grow linearly with the edition.
func BenchmarkEdition(b *testing.B) {
	for _, n := range []int{25, 50, 100, 200} {
		b.Run(fmt.Sprintf("articles=%d", n), func(b *testing.B) {
			ed := benchEdition(b, n, n*2/5, 0.5)
			cache, pages := warmCache(b, ed)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				forgetLayout(b, cache)
				if _, err := Build(ed, Options{Cache: cache}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(pages*b.N)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}

// BenchmarkWritePDF measures the PDF backend alone on a laid-out edition.
func BenchmarkWritePDF(b *testing.B) {
	ed := benchEdition(b, 100, 40, 0.5)
	res, err := Build(ed, Options{})
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		buf.Reset()
		if err := pdf.Write(res.Doc, &buf); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(res.Doc.Pages)*b.N)/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(float64(buf.Len()*b.N)/b.Elapsed().Seconds()/1e6, "MB/s")
}

// BenchmarkEditionCold builds an edition with 8 photos of 12 megapixels and no cache:
// the photo stage dominates.
func BenchmarkEditionCold(b *testing.B) {
	if testing.Short() {
		b.Skip("photo-heavy")
	}
	ed := benchEdition(b, 30, 8, 12)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Build(ed, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompose measures composition alone (pagination, packing, text setting and the
// display list) on 100 articles: what Build adds around it is fonts, hyphenation patterns
// and the photos.
func BenchmarkCompose(b *testing.B) {
	ed := benchEdition(b, 100, 40, 0.5)
	fs, _, err := loadFonts(ed)
	if err != nil {
		b.Fatal(err)
	}
	h, err := hyph.ForLanguage(ed.Language)
	if err != nil {
		b.Fatal(err)
	}
	opt := compose.Options{Fonts: fs, Hyph: hyphenator{h, hyph.Options{Capitalized: ed.Type.Body.HyphenateCapitalized}},
		Inspect: func(path string) (int, int, error) {
			info, err := photo.Inspect(path, photo.Limits{})
			return info.Width, info.Height, err
		}}
	var pages int
	for b.Loop() {
		res, err := compose.Compose(ed, opt)
		if err != nil {
			b.Fatal(err)
		}
		pages = len(res.Doc.Pages)
	}
	b.ReportMetric(float64(pages*b.N)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkStressWarm rebuilds the 48-page stress edition with its photos in the cache and
// writes the PDF: the figure issue #8 asks for (≥ 100 pages/s on 2 cores). "unchanged"
// rebuilds it as it was, every page replayed from the decision log; "searched" forgets the
// log before each build, as after an edit on page 1 that moves every later page.
func BenchmarkStressWarm(b *testing.B) {
	if testing.Short() {
		b.Skip("seconds per build")
	}
	ed := stressEdition(b, 48)
	for _, forget := range []bool{false, true} {
		name := "unchanged"
		if forget {
			name = "searched"
		}
		b.Run(name, func(b *testing.B) {
			cache, pages := warmCache(b, ed)
			var buf bytes.Buffer
			for b.Loop() {
				if forget {
					forgetLayout(b, cache)
				}
				res, err := Build(ed, Options{Cache: cache})
				if err != nil {
					b.Fatal(err)
				}
				buf.Reset()
				if err := pdf.Write(res.Doc, &buf); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(pages), "pages")
			b.ReportMetric(float64(pages*b.N)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}

// forgetLayout removes the cache's layout notes (decisions and set galleys), outside the
// timer, so that the next build sets and searches everything as after an edit on page 1.
func forgetLayout(b *testing.B, cache *photo.Cache) {
	b.StopTimer()
	if err := os.RemoveAll(filepath.Join(cache.Dir, "notes")); err != nil {
		b.Fatal(err)
	}
	b.StartTimer()
}

// warmCache builds ed once into a new photo cache, so that the builds timed after it find
// every photo processed; it returns the cache and the edition's page count.
func warmCache(b *testing.B, ed *manifest.Edition) (*photo.Cache, int) {
	b.Helper()
	cache, err := photo.OpenCache(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	res, err := Build(ed, Options{Cache: cache})
	if err != nil {
		b.Fatal(err)
	}
	return cache, len(res.Doc.Pages)
}
