package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// badInput is one broken edition. The manifest is the base one with edits applied; setup
// may then write or break other files.
type badInput struct {
	name  string
	edits []string
	setup func(t *testing.T, ed *edition)
	args  []string // extra flags for build and check
	// Where the message must point: the manifest line holding at (file defaults to the
	// manifest); where overrides both. An empty at with no where means a whole-file problem.
	at    string
	where func(ed *edition) (file string, line int)
	field string   // the field path the message must name, if any
	want  []string // further text the message must hold
}

// panicText is what a crash would print; no bad input may produce it.
var panicText = regexp.MustCompile(`(?i)panic|goroutine|runtime error|internal error`)

func TestBadInputFailsWithAPositionedMessageAndWritesNothing(t *testing.T) {
	const photoSrc = "photos/bridge.jpg"
	photo := func(ed *edition) string { return filepath.Join(ed.dir, filepath.FromSlash(photoSrc)) }
	ad := func(ed *edition) string { return filepath.Join(ed.dir, "ads", "shop.png") }
	aliasBomb := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	for i, c := range "bcdefghi" {
		prev := string("abcdefghi"[i])
		aliasBomb += fmt.Sprintf("%c: &%c [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n", c, c, prev, prev, prev, prev, prev, prev, prev, prev, prev, prev)
	}
	cases := []badInput{
		// YAML itself.
		{name: "YAML syntax error",
			edits: []string{"headline: Library opens on Sundays", "headline: Library opens: on Sundays"},
			at:    "headline: Library opens: on Sundays", want: []string{"mapping values are not allowed"}},
		// After a plain scalar yaml.v3 puts a tab one line early, so the line before is quoted.
		{name: "tab in the indentation",
			edits: []string{"    section: Local\n    headline: Library", "    section: \"Local\"\n\theadline: Library"},
			at:    "\theadline:", want: []string{"tabs"}},
		{name: "unknown key with a near miss",
			edits: []string{"headline: Library opens", "hedline: Library opens"},
			at:    "hedline:", field: "articles[1].hedline", want: []string{`unknown key "hedline"`, `did you mean "headline"?`}},
		{name: "unknown top-level key",
			edits: []string{"sections: [", "section: ["},
			at:    "section: [", field: "section", want: []string{`did you mean "sections"?`}},
		{name: "text where a whole number belongs",
			edits: []string{"columns: 4", "columns: four"},
			at:    "columns: four", field: "page.columns"},
		{name: "fraction where a whole number belongs",
			edits: []string{"priority: 4", "priority: 2.5"},
			at:    "priority: 2.5", field: "articles[2].priority"},
		{name: "list where text belongs",
			edits: []string{"byline: By Ada Lindqvist", "byline: [Ada, Bo]"},
			at:    "byline: [Ada, Bo]", field: "articles[0].byline"},
		{name: "missing date",
			edits: []string{"  date: 2026-03-14\n", ""},
			at:    "  paper: The Test Gazette", field: "edition.date"},
		{name: "missing article id",
			edits: []string{"  - id: library-hours\n    section: Local", "  - section: Local"},
			at:    "  - section: Local", field: "articles[1].id"},
		{name: "missing headline",
			edits: []string{"    headline: Library opens on Sundays from next month\n", ""},
			at:    "  - id: library-hours", field: "articles[1].headline"},
		{name: "missing body",
			edits: []string{"square\n    body: |\n      " + para3 + "\n", "square\n"},
			at:    "  - id: market-day", field: "articles[2].body"},
		{name: "blank body",
			edits: []string{"square\n    body: |\n      " + para3 + "\n", "square\n    body: \"  \"\n"},
			at:    `body: "  "`, field: "articles[2].body"},
		{name: "date that does not exist",
			edits: []string{"date: 2026-03-14", "date: 2025-02-30"},
			at:    "date: 2025-02-30", field: "edition.date", want: []string{"2025-02-30"}},
		{name: "unknown page size",
			edits: []string{"size: a4", "size: tabliod"},
			at:    "size: tabliod", field: "page.size", want: []string{`did you mean "tabloid"?`}},
		{name: "unknown ad position",
			edits: []string{"position: bottom-right", "position: bottom-middle"},
			at:    "position: bottom-middle", field: "ads[0].position", want: []string{"bottom-left"}},
		{name: "unsupported language",
			edits: []string{"language: en-US", "language: fr-FR"},
			at:    "language: fr-FR", field: "edition.language", want: []string{"en-GB"}},
		{name: "zero columns",
			edits: []string{"columns: 4", "columns: 0"},
			at:    "columns: 0", field: "page.columns"},
		{name: "negative margins",
			edits: []string{"margins: 12mm", "margins: -5mm"},
			at:    "margins: -5mm", field: "page.margins"},
		{name: "zero gutter",
			edits: []string{"gutter: 4mm", "gutter: 0mm"},
			at:    "gutter: 0mm", field: "page.gutter"},
		{name: "zero-width custom page",
			edits: []string{"size: a4", `size: "0mm x 297mm"`},
			at:    `size: "0mm x 297mm"`, field: "page.size"},
		{name: "negative ad columns",
			edits: []string{"columns: 2\n    rows: 1", "columns: -2\n    rows: 1"},
			at:    "columns: -2", field: "ads[0].columns"},
		{name: "gutters leave no room for a column",
			edits: []string{"gutter: 4mm", "gutter: 60mm"},
			at:    "columns: 4", field: "page.columns", want: []string{"wide"}},
		{name: "margins leave no room for the page",
			edits: []string{"margins: 12mm", "margins: 110mm"},
			at:    "margins: 110mm", field: "page.margins"},
		{name: "place outside the grid",
			edits: []string{"    priority: 1\n", "    priority: 1\n    place: {page: 1, column: 3, row: 1, columns: 3, rows: 2}\n"},
			at:    "place: {", field: "articles[0].place"},
		{name: "placed article collides with the ad",
			edits: []string{"    priority: 1\n", "    priority: 1\n    place: {page: 1, column: 3, row: 5, columns: 2, rows: 2}\n"},
			at:    "  - id: shop-ad", field: "ads[0]", want: []string{`article "bridge-vote"`, "articles[0].place"}},
		{name: "two placed articles collide",
			edits: []string{
				"    priority: 1\n", "    priority: 1\n    place: {page: 1, column: 1, row: 1, columns: 2, rows: 3}\n",
				"    section: Local\n    headline: Library", "    section: Local\n    place: {page: 1, column: 2, row: 2, columns: 2, rows: 2}\n    headline: Library"},
			at: "place: {page: 1, column: 2", want: []string{"bridge-vote", "library-hours"}},
		{name: "duplicate article id",
			edits: []string{"id: market-day", "id: library-hours"},
			at:    "  - id: library-hours\n    section: Local\n    priority: 4", field: "articles[2].id", want: []string{"library-hours"}},
		{name: "unknown section",
			edits: []string{"    section: Local\n    headline: Library", "    section: Locla\n    headline: Library"},
			at:    "section: Locla", field: "articles[1].section", want: []string{`did you mean "Local"?`}},
		{name: "extends loop",
			edits: []string{"# A small edition used by the CLI tests.\n", "extends: house-a.yaml\n"},
			setup: func(t *testing.T, ed *edition) {
				writeFile(t, filepath.Join(ed.dir, "house-a.yaml"), []byte("extends: house-b.yaml\n"))
				writeFile(t, filepath.Join(ed.dir, "house-b.yaml"), []byte("extends: house-a.yaml\n"))
			},
			where: func(ed *edition) (string, int) { return filepath.Join(ed.dir, "house-b.yaml"), 1 },
			field: "extends", want: []string{"house-a.yaml", "house-b.yaml"}},
		{name: "extends a missing house file",
			edits: []string{"# A small edition used by the CLI tests.\n", "extends: house.yaml\n"},
			at:    "extends: house.yaml", field: "extends", want: []string{"house.yaml"}},

		// Photos.
		{name: "photo missing",
			edits: []string{"src: " + photoSrc, "src: photos/brigde.jpg"},
			at:    "src: photos/brigde.jpg", field: "articles[0].photos[0].src", want: []string{"brigde.jpg"}},
		{name: "photo unreadable",
			setup: func(t *testing.T, ed *edition) {
				if err := os.Chmod(photo(ed), 0); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { os.Chmod(photo(ed), 0o644) })
				if f, err := os.Open(photo(ed)); err == nil {
					f.Close()
					t.Skip("running with privileges that read a mode-000 file (root)")
				}
			},
			at: "src: " + photoSrc, field: "articles[0].photos[0].src", want: []string{"permission denied"}},
		{name: "photo is a folder",
			edits: []string{"src: " + photoSrc, "src: photos"},
			at:    "src: photos", field: "articles[0].photos[0].src"},
		{name: "photo is a text file named .jpg",
			setup: func(t *testing.T, ed *edition) {
				writeFile(t, photo(ed), []byte("Caption ideas for the bridge story:\n- the old crossing at dusk\n"))
			},
			at: "src: " + photoSrc, field: "articles[0].photos[0].src", want: []string{"bridge.jpg", "not an image"}},
		{name: "empty photo",
			setup: func(t *testing.T, ed *edition) { writeFile(t, photo(ed), nil) },
			at:    "src: " + photoSrc, field: "articles[0].photos[0].src", want: []string{"empty"}},
		{name: "truncated JPEG",
			setup: func(t *testing.T, ed *edition) {
				data, _ := os.ReadFile(photo(ed))
				writeFile(t, photo(ed), data[:len(data)/2])
			},
			at: "src: " + photoSrc, field: "articles[0].photos[0].src", want: []string{"bridge.jpg", "truncated"}},
		{name: "corrupt PNG ad",
			setup: func(t *testing.T, ed *edition) {
				data, _ := os.ReadFile(ad(ed))
				i := bytes.Index(data, []byte("IDAT")) + 40
				for j := i; j < i+64; j++ {
					data[j] ^= 0x5a
				}
				writeFile(t, ad(ed), data)
			},
			// Reported at the ad's entry: the loaded ad keeps no position for its src.
			at: "  - id: shop-ad", want: []string{"shop.png", "corrupt"}},
		{name: "HEIC photo named .jpg",
			setup: func(t *testing.T, ed *edition) {
				writeFile(t, photo(ed), append([]byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), make([]byte, 200)...))
			},
			at: "src: " + photoSrc, field: "articles[0].photos[0].src", want: []string{"HEIC", "JPEG"}},
		{name: "TIFF photo named .jpg",
			setup: func(t *testing.T, ed *edition) {
				writeFile(t, photo(ed), append([]byte("II*\x00\x08\x00\x00\x00"), make([]byte, 200)...))
			},
			at: "src: " + photoSrc, field: "articles[0].photos[0].src", want: []string{"TIFF", "JPEG"}},
		{name: "decompression bomb",
			edits: []string{"src: " + photoSrc, "src: photos/huge.png"},
			setup: func(t *testing.T, ed *edition) {
				writeFile(t, filepath.Join(ed.dir, "photos", "huge.png"), bombPNG(60000, 60000))
			},
			at: "src: photos/huge.png", field: "articles[0].photos[0].src", want: []string{"60000×60000", "--max-pixels"}},
		{name: "photo over a lowered --max-pixels",
			args: []string{"--max-pixels", "1000"},
			at:   "src: " + photoSrc, field: "articles[0].photos[0].src", want: []string{"480×320", "--max-pixels"}},
		{name: "photo path escaping the edition folder",
			edits: []string{"src: " + photoSrc, "src: ../outside.jpg"},
			setup: func(t *testing.T, ed *edition) {
				writeFile(t, filepath.Join(filepath.Dir(ed.dir), "outside.jpg"), jpegBytes(t, gradient(64, 48)))
			},
			at: "src: ../outside.jpg", field: "articles[0].photos[0].src", want: []string{"--allow-outside"}},
		{name: "symlink leading out of the edition folder",
			setup: func(t *testing.T, ed *edition) {
				outside := filepath.Join(filepath.Dir(ed.dir), "outside.jpg")
				writeFile(t, outside, jpegBytes(t, gradient(64, 48)))
				os.Remove(photo(ed))
				if err := os.Symlink(outside, photo(ed)); err != nil {
					t.Skip("symlinks not available:", err)
				}
			},
			at: "src: " + photoSrc, field: "articles[0].photos[0].src", want: []string{"--allow-outside"}},
		{name: "absolute path to a system file",
			edits: []string{"src: " + photoSrc, "src: /etc/passwd"},
			at:    "src: /etc/passwd", field: "articles[0].photos[0].src", want: []string{"--allow-outside"}},

		// Text.
		{name: "control character in a headline",
			edits: []string{"headline: Library opens on Sundays from next month", `headline: "Library opens\x07 on Sundays"`},
			at:    "headline: \"Library", field: "articles[1].headline", want: []string{"control character"}},
		{name: "NUL byte in a body",
			edits: []string{"      " + para3 + "\nads:", "      The contract\x00 will be put out to tender.\nads:"},
			at:    "The contract\x00", want: []string{"U+0000"}},
		{name: "line break in a one-line text",
			edits: []string{"byline: By Ada Lindqvist", `byline: "By Ada\nLindqvist"`},
			at:    "byline: \"By Ada", field: "articles[0].byline"},

		// Whole files.
		{name: "empty file",
			setup: func(t *testing.T, ed *edition) { writeFile(t, ed.manifest, nil) },
			want:  []string{"empty"}},
		{name: "file with only comments",
			setup: func(t *testing.T, ed *edition) { writeFile(t, ed.manifest, []byte("# nothing yet\n\n# to do\n")) },
			want:  []string{"empty"}},
		{name: "binary file",
			setup: func(t *testing.T, ed *edition) {
				writeFile(t, ed.manifest, append([]byte("\xff\xfe\x00\x01"), jpegBytes(t, gradient(16, 16))...))
			},
			where: func(ed *edition) (string, int) { return ed.manifest, 1 }, want: []string{"UTF-8"}},
		{name: "YAML alias bomb",
			edits: []string{"# A small edition used by the CLI tests.\n", "bomb:\n" + indent(aliasBomb, "  ")},
			at:    "  a: &a", want: []string{"alias"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ed := newEdition(t, c.edits...)
			if c.setup != nil {
				c.setup(t, ed)
				text, _ := os.ReadFile(ed.manifest)
				ed.text = string(text)
			}
			file, line := ed.manifest, 0
			switch {
			case c.where != nil:
				file, line = c.where(ed)
			case c.at != "":
				line = ed.line(t, c.at)
			}
			before := filesUnder(t, ed.dir)
			for _, cmd := range []string{"build", "check"} {
				out := t.TempDir()
				args := []string{cmd}
				if cmd == "build" {
					args = append(args, "--out", out)
				}
				args = append(append(args, c.args...), ed.manifest)
				start := time.Now()
				r := runCLI(t, args...)
				if d := time.Since(start); d > 10*time.Second {
					t.Errorf("%s took %v to reject the input", cmd, d)
				}
				if r.code != exitInput {
					t.Fatalf("%s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", cmd, r.code, exitInput, r.stdout, r.stderr)
				}
				msg := r.stderr
				var want []string
				if line > 0 {
					want = append(want, fmt.Sprintf("%s:%d:", file, line))
				} else {
					want = append(want, file+": ")
				}
				if c.field != "" {
					want = append(want, " "+c.field+": ")
				}
				for _, w := range append(want, c.want...) {
					if !strings.Contains(msg, w) {
						t.Errorf("%s: message lacks %q:\n%s", cmd, w, msg)
					}
				}
				if m := panicText.FindString(msg + r.stdout); m != "" {
					t.Errorf("%s: output mentions %q:\n%s", cmd, m, msg)
				}
				if got := filesUnder(t, out); len(got) > 0 {
					t.Errorf("%s: wrote %q despite the error", cmd, got)
				}
				if after := filesUnder(t, ed.dir); strings.Join(after, "\n") != strings.Join(before, "\n") {
					t.Errorf("%s: the edition folder changed: %q -> %q", cmd, before, after)
				}
			}
		})
	}
}

func indent(s, by string) string {
	return by + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n"+by) + "\n"
}
