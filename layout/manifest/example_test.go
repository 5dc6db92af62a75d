package manifest_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"epaper/layout/manifest"
)

func ExampleLoad() {
	dir, _ := os.MkdirTemp("", "manifest-example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "city.yaml")
	os.WriteFile(path, []byte(`edition:
  date: 2025-10-22
page: {size: tabloid}
articles:
  - id: lead
    hedline: Rain at last
    body: It rained.
`), 0o644)

	_, err := manifest.Load(path, manifest.Options{Languages: []string{"en-GB", "en-US"}})
	var list manifest.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			fmt.Printf("line %d, column %d: %s: %s (%s)\n", e.Pos.Line, e.Pos.Col, e.Field, e.Msg, e.Hint)
		}
	}
	// Output:
	// line 5, column 5: articles[0].headline: required key "headline" is missing (every article needs id, headline and body)
	// line 6, column 5: articles[0].hedline: unknown key "hedline" (did you mean "headline"?)
}
