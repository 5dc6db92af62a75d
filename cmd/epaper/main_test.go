package main

import (
	"fmt"
	"os"
	"testing"
)

// TestMain points the default photo cache (the user's cache folder) at a temporary folder,
// so that tests neither read a developer's cache nor leave entries in it.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "epaper-test-cache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("XDG_CACHE_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
