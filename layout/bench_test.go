package layout

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"

	"epaper/assets/photo"
	"epaper/editions/gen"
	"epaper/layout/manifest"
	"epaper/layout/pdf"
)

// benchEdition writes a synthetic edition once per benchmark: articles of realistic
// lengths, photos of the given size.
func benchEdition(b *testing.B, articles, photos int, mp float64) *manifest.Edition {
	b.Helper()
	corpus, err := gen.CorpusFromManifest(filepath.Join(repoRoot(), "editions", "2026-03-14", "edition.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	path, err := gen.Write(b.TempDir(), gen.Spec{Seed: 7, Articles: articles, Photos: photos, Ads: articles / 20,
		Pages: articles / 4, Size: "broadsheet", PhotoMP: mp, Corpus: corpus})
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
// (photos already processed): text setting, composition and photo look-ups; pages/s is the
// figure to watch. Work should grow linearly with the edition.
func BenchmarkEdition(b *testing.B) {
	for _, n := range []int{25, 50, 100, 200} {
		b.Run(fmt.Sprintf("articles=%d", n), func(b *testing.B) {
			ed := benchEdition(b, n, n*2/5, 0.5)
			cache, err := photo.OpenCache(b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			res, err := Build(ed, Options{Cache: cache})
			if err != nil {
				b.Fatal(err)
			}
			pages := len(res.Doc.Pages)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
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
