// Command gen-edition writes a synthetic edition (the stress edition of the benchmarks, or
// random editions for property tests), deterministic from a seed.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"epaper/editions/gen"
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
	flag.Parse()
	paras, err := gen.CorpusFromManifest(*corpus)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen-edition:", err)
		os.Exit(1)
	}
	path, err := gen.Write(*out, gen.Spec{Seed: *seed, Articles: *articles, Photos: *photos, Ads: *ads, Pages: *pages,
		Size: *size, PhotoMP: *mp, Sections: strings.Split(*sections, ","), Corpus: paras,
		Fixed: *fixed, Planned: *planned, MidAds: *midAds})
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen-edition:", err)
		os.Exit(1)
	}
	fmt.Println(path)
}
