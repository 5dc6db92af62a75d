// Command gen-edition writes a synthetic edition (the stress edition of the benchmarks, or
// random editions for property tests), deterministic from a seed.
//
// The stress edition of issue #8, 48 broadsheet pages with 80 photos of 16 megapixels:
//
//	go run ./cmd/gen-edition -out out/stress -fill -pages 48 -photos 80 -ads 10 -mp 16
//
// With -fill the article count follows from the page target (about 350 articles for 48
// pages); a fixed -articles 200 comes to only about 26 pages, our layout being denser than
// the issue assumed.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"epaper/editions/gen"
	"epaper/layout/manifest"
)

func main() {
	out := flag.String("out", "out/stress", "folder to write the edition into")
	seed := flag.Uint64("seed", 1, "random seed")
	articles := flag.Int("articles", 200, "number of articles")
	photos := flag.Int("photos", 80, "number of photos")
	ads := flag.Int("ads", 10, "number of ads")
	pages := flag.Int("pages", 48, "page target written into the manifest")
	size := flag.String("size", "broadsheet", "page size")
	mp := flag.Float64("mp", 16, "megapixels per photo")
	corpus := flag.String("corpus", "editions/2026-03-14/edition.yaml", "manifest whose article texts provide the sentences")
	sections := flag.String("sections", "Front Page,Nation,World,Business,Sports", "comma-separated sections")
	fixed := flag.Int("fixed", 0, "articles with a fixed place (pages 2, 3, ...)")
	planned := flag.Int("planned", 0, "articles listed for page 2 in a pages: entry")
	midAds := flag.Bool("mid-ads", false, "some ads placed mid-page, some without a page")
	fill := flag.Bool("fill", false, "choose the number of articles so that the edition comes to about -pages pages (-articles is ignored)")
	flag.Parse()
	words := 0
	if *fill {
		var err error
		if words, err = wordsFor(*pages, *size); err != nil {
			fmt.Fprintln(os.Stderr, "gen-edition:", err)
			os.Exit(2)
		}
	}
	paras, err := gen.CorpusFromManifest(*corpus)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen-edition:", err)
		os.Exit(1)
	}
	path, err := gen.Write(*out, gen.Spec{Seed: *seed, Articles: *articles, Photos: *photos, Ads: *ads, Pages: *pages,
		Size: *size, PhotoMP: *mp, Sections: strings.Split(*sections, ","), Corpus: paras,
		Fixed: *fixed, Planned: *planned, MidAds: *midAds, Words: words})
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen-edition:", err)
		os.Exit(1)
	}
	fmt.Println(path)
}

// wordsPerPage is how much article text fills a broadsheet page with the stress edition's
// mix of photos (one photo to every 4-5 articles) and ads, measured on generated editions of
// 26 to 48 pages (3,480-3,710 words a page; the layout of 2026-11). Other sizes are
// scaled by their area.
const wordsPerPage = 3600

// wordsFor is the body text that fills about pages pages of the named size.
func wordsFor(pages int, size string) (int, error) {
	if pages <= 0 {
		return 0, fmt.Errorf("-fill needs a positive -pages")
	}
	area := func(name string) float64 {
		for _, s := range manifest.PageSizes {
			if s.Name == name {
				return (s.Width - 24) * (s.Height - 24) // inside the default 12 mm margins
			}
		}
		return 0
	}
	a := area(size)
	if a == 0 {
		return 0, fmt.Errorf("-fill: unknown page size %q", size)
	}
	return int(float64(pages) * wordsPerPage * a / area("broadsheet")), nil
}
