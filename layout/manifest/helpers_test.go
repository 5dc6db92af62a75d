package manifest

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// testLanguages is what the CLI passes from hyph.Languages().
var testLanguages = []string{"en-GB", "en-US"}

// fixture writes the standard asset files plus files (relative path -> content) into a fresh
// folder, and returns the folder. "outside/" names a second folder beside it, for files the
// manifest must not reach without --allow-outside; photos/link.jpg points there.
func fixture(t testing.TB, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	dir := filepath.Join(root, "ed")
	for _, p := range []string{"photos/a.jpg", "photos/b.jpg", "ads/ad.jpg", "fonts/R.ttf", "fonts/B.ttf", "fonts/I.ttf", "outside/secret.jpg"} {
		base := dir
		if strings.HasPrefix(p, "outside/") {
			base = root
		}
		write(t, filepath.Join(base, p), "x")
	}
	if err := os.MkdirAll(filepath.Join(dir, "photos/folder.jpg"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "outside/secret.jpg"), filepath.Join(dir, "photos/link.jpg")); err != nil {
		t.Fatal(err)
	}
	for p, content := range files {
		write(t, filepath.Join(dir, p), content)
	}
	return dir
}

func write(t testing.TB, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// loadYAML writes text as city.yaml (plus files) and loads it.
func loadYAML(t testing.TB, text string, files map[string]string, opt Options) (*Edition, error, string) {
	t.Helper()
	all := map[string]string{"city.yaml": text}
	for k, v := range files {
		all[k] = v
	}
	dir := fixture(t, all)
	if opt.Languages == nil {
		opt.Languages = testLanguages
	}
	path := filepath.Join(dir, "city.yaml")
	ed, err := Load(path, opt)
	return ed, err, dir
}

func mustLoad(t testing.TB, text string, files map[string]string, opt Options) (*Edition, string) {
	t.Helper()
	ed, err, dir := loadYAML(t, text, files, opt)
	if err != nil {
		t.Fatalf("unexpected error:\n%v", err)
	}
	return ed, dir
}

// markerPos is the 1-based line and column (in characters, as yaml.v3 counts) where marker
// first occurs in text: an oracle for error positions that does not depend on the loader.
func markerPos(t testing.TB, text, marker string) (line, col int) {
	t.Helper()
	i := strings.Index(text, marker)
	if i < 0 {
		t.Fatalf("marker %q not in the test input", marker)
	}
	before := text[:i]
	line = strings.Count(before, "\n") + 1
	col = utf8.RuneCountInString(before[strings.LastIndex(before, "\n")+1:]) + 1
	return line, col
}

func asList(t testing.TB, err error) ErrorList {
	t.Helper()
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error is %T, want ErrorList: %v", err, err)
	}
	return list
}
