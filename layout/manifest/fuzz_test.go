package manifest

import (
	"errors"
	"path/filepath"
	"testing"
	"time"
)

// FuzzLoad feeds arbitrary bytes as a manifest: loading never panics, finishes quickly, and
// returns either an edition or problems that each name a file.
func FuzzLoad(f *testing.F) {
	seeds := []string{
		contract,
		date + article,
		date + article + "ads:\n  - {src: ads/ad.jpg, page: 1, position: top}\n",
		"extends: house.yaml\n" + date + article,
		date + "page: {size: \"315 x 470 mm\", margins: {top: 10mm}}\n" + article,
		"x0: &a [1, 2]\nx1: &b [*a, *a]\nx2: [*b, *b, <<]\n",
		"articles:\n  - <<: [*x]\n",
		"edition: {date: 2025-02-30}\n\tpage: 1\n",
		"",
		"---\n---\n",
		"a: !!binary aGVsbG8=\n",
		"- - - -\n",
		"{\"edition\": {\"date\": \"2025-10-22\"}, \"articles\": [{\"id\": \"a\", \"headline\": \"H\", \"body\": \"B\"}]}",
	}
	for _, b := range badCases {
		seeds = append(seeds, b.yaml)
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	dir := fixture(f, map[string]string{"house.yaml": "page: {columns: 4}\n"})
	path := filepath.Join(dir, "city.yaml")
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		ed, err := load(path, data, Options{Languages: testLanguages})
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("took %v", took)
		}
		if err == nil {
			if ed == nil {
				t.Fatal("no edition and no error")
			}
			return
		}
		if ed != nil {
			t.Error("an edition together with an error")
		}
		var list ErrorList
		if !errors.As(err, &list) || len(list) == 0 {
			t.Fatalf("error is not a non-empty ErrorList: %v", err)
		}
		for _, e := range list {
			if e.Pos.File == "" || e.Msg == "" {
				t.Errorf("problem without a file or message: %#v", e)
			}
		}
	})
}
