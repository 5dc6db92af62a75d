// Package golden compares test output with a file kept in testdata, line by line, and
// rewrites the file when a test is run with -update.
package golden

import (
	"flag"
	"os"
	"strings"
	"testing"
)

// Update is the -update flag of every test binary that uses golden files.
var Update = flag.Bool("update", false, "rewrite testdata/*.golden")

// Check fails t at the first line where got differs from the file at path (after writing
// got there when -update is set). A golden file records a result that was looked at:
// update it only after looking at the change.
func Check(t testing.TB, path, got string) {
	t.Helper()
	if *Update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	g, w := strings.Split(got, "\n"), strings.Split(string(want), "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			t.Fatalf("%s differs at line %d:\n got %s\nwant %s\n(run with -update if the change is intended)", path, i+1, g[i], w[i])
		}
	}
	if len(g) != len(w) {
		t.Fatalf("%s differs in length: %d lines, want %d (run with -update if the change is intended)", path, len(g), len(w))
	}
}
