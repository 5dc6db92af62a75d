package pdf

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestAtomicWriteReplacesTheFileAndLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "new", "folder", "a.pdf")
	for _, data := range []string{"first version", "second, longer version"} {
		if err := AtomicWrite(path, []byte(data)); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != data {
			t.Fatalf("read %q, %v; want %q", got, err, data)
		}
		if names := listDir(t, filepath.Dir(path)); !slices.Equal(names, []string{"a.pdf"}) {
			t.Errorf("folder holds %q, want only a.pdf", names)
		}
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, %v; want 0644 (CreateTemp makes 0600 files)", st.Mode(), err)
	}
}

func TestAtomicWriteFailureKeepsTheOldFileAndLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.pdf")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A folder where the file should go makes the rename fail after the data is written.
	blocked := filepath.Join(dir, "b.pdf")
	if err := os.MkdirAll(filepath.Join(blocked, "inside"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := AtomicWrite(blocked, []byte("new")); err == nil {
		t.Fatal("writing over a non-empty folder succeeded")
	}
	if names := listDir(t, dir); !slices.Equal(names, []string{"a.pdf", "b.pdf"}) {
		t.Errorf("folder holds %q after a failed write, want a.pdf and b.pdf", names)
	}
	// A file where the folder should be makes it fail before anything is written.
	if err := AtomicWrite(filepath.Join(path, "c.pdf"), []byte("new")); err == nil {
		t.Fatal("writing below a file succeeded")
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("a.pdf holds %q, want the old content", got)
	}
}

func TestAtomicWriteRemovesOnlyStaleTempsOfItsOwnFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "paper-2026-03-14.pdf")
	old := time.Now().Add(-2 * staleAfter)
	files := []struct {
		name    string
		old     bool
		removed bool
	}{
		{".paper-2026-03-14.pdf.tmp-123456", true, true},         // a killed writer's leftover
		{".paper-2026-03-14.pdf.tmp-987", false, false},          // may belong to a writer still running
		{".other-2026-03-14.pdf.tmp-123456", true, false},        // another output's
		{".paper-2026-03-14.pdf.tmp-12ab", true, false},          // not a name CreateTemp makes
		{".paper-2026-03-14.pdf.tmp-", true, false},              // nor is this
		{"paper-2026-03-14.pdf.tmp-123", true, false},            // not hidden: someone else's
		{"notes.txt", true, false},                               // unrelated
		{".paper-2026-03-14.pdf.tmp-555.bak", true, false},       // a user's copy
		{".paper-2026-03-14.pdf.tmp-0000000001", true, true},     // leading zeros are digits too
		{".paper-2026-03-14.pdf.tmp-4294967295", true, true},     // the largest CreateTemp number
		{".paper-2026-03-14.pdf.tmp-11111111111111", true, true}, // longer than usual, still digits
	}
	for _, f := range files {
		p := filepath.Join(dir, f.name)
		if err := os.WriteFile(p, []byte("partial"), 0o600); err != nil {
			t.Fatal(err)
		}
		if f.old {
			if err := os.Chtimes(p, old, old); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := AtomicWrite(path, []byte("%PDF-1.7 ...")); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		_, err := os.Stat(filepath.Join(dir, f.name))
		if gone := os.IsNotExist(err); gone != f.removed {
			t.Errorf("%s: removed = %v, want %v", f.name, gone, f.removed)
		}
	}
}
