package main

import (
	"image"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// hardInput is an edition that is unusual but valid: the build must succeed, convert what it
// has to, and say what it changed.
type hardInput struct {
	name  string
	edits []string
	setup func(t *testing.T, ed *edition)
	args  []string
	warn  []string // text the warnings on stderr must hold
}

func TestHardButValidInputBuilds(t *testing.T) {
	photo := func(ed *edition) string { return filepath.Join(ed.dir, "photos", "bridge.jpg") }
	ad := func(ed *edition) string { return filepath.Join(ed.dir, "ads", "shop.png") }
	word := strings.Repeat("abcdefghij", 30) // 300 letters with no hyphenation point that fits
	outside := func(ed *edition) string { return filepath.Join(filepath.Dir(ed.dir), "shared") }
	// The 64×48 fixtures are far too small for any column: the build says so.
	lowRes := "articles[0].photos[0].src: the photo prints at"
	cases := []hardInput{
		{name: "16-bit PNG is converted",
			setup: func(t *testing.T, ed *edition) {
				m := image.NewRGBA64(image.Rect(0, 0, 720, 360))
				for y := 0; y < 360; y++ {
					for x := 0; x < 720; x++ {
						m.SetRGBA64(x, y, color.RGBA64{uint16(x * 90), uint16(y * 180), 0x8000, 0xffff})
					}
				}
				data := pngBytes(t, m)
				if data[24] != 16 { // IHDR bit depth: the fixture must really be 16-bit
					t.Fatalf("fixture has bit depth %d", data[24])
				}
				writeFile(t, ad(ed), data)
			}},
		{name: "interlaced PNG is converted",
			setup: func(t *testing.T, ed *edition) { writeFile(t, ad(ed), interlacedPNG(t, gradient(720, 360))) }},
		{name: "Adobe CMYK JPEG is converted",
			setup: func(t *testing.T, ed *edition) { copyFile(t, filepath.Join("testdata", "cmyk-adobe.jpg"), photo(ed)) },
			warn:  []string{lowRes}},
		{name: "YCCK CMYK JPEG is converted",
			setup: func(t *testing.T, ed *edition) { copyFile(t, filepath.Join("testdata", "cmyk-ycck.jpg"), photo(ed)) },
			warn:  []string{lowRes}},
		{name: "photo outside the folder is read with --allow-outside",
			edits: []string{"src: photos/bridge.jpg", "src: ../shared/bridge.jpg"},
			setup: func(t *testing.T, ed *edition) {
				writeFile(t, filepath.Join(outside(ed), "bridge.jpg"), jpegBytes(t, gradient(64, 48)))
			},
			args: []string{"--allow-outside", "SHARED"},
			warn: []string{lowRes}},
		{name: "symlink out of the folder is followed with --allow-outside",
			setup: func(t *testing.T, ed *edition) {
				target := filepath.Join(outside(ed), "bridge.jpg")
				writeFile(t, target, jpegBytes(t, gradient(64, 48)))
				os.Remove(photo(ed))
				if err := os.Symlink(target, photo(ed)); err != nil {
					t.Skip("symlinks not available:", err)
				}
			},
			args: []string{"--allow-outside", "SHARED"},
			warn: []string{lowRes}},
		{name: "emoji are dropped with a warning",
			edits: []string{"headline: Farmers' market returns to the square", "headline: \"Farmers' market returns 🎉 to the square\"", "      " + para3 + "\nads:", "      " + para3 + " 🍎🥕\nads:"},
			warn:  []string{"U+1F389", "U+1F34E", "U+1F955"}},
		{name: "characters missing from the fonts are reported",
			edits: []string{"      " + para3 + "\nads:", "      " + para3 + " Signed ᚠᚢᚦ and 中文.\nads:"},
			warn:  []string{"U+16A0", "U+4E2D"}},
		{name: "unbreakable 300-letter word is set with emergency breaks",
			edits: []string{"      " + para3 + "\nads:", "      The word " + word + " ends here. " + para3 + "\nads:"},
			warn:  []string{"emergency"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ed := newEdition(t, c.edits...)
			if c.setup != nil {
				c.setup(t, ed)
			}
			args := []string{"build", "-o", t.TempDir()}
			for _, a := range c.args {
				args = append(args, strings.ReplaceAll(a, "SHARED", outside(ed)))
			}
			out := args[2]
			r := runCLI(t, append(args, ed.manifest)...)
			if r.code != exitOK {
				t.Fatalf("exit %d\nstderr:\n%s", r.code, r.stderr)
			}
			pdf := filepath.Join(out, "2026-03-14", "the-test-gazette-morning-2026-03-14.pdf")
			checkPDF(t, pdf)
			if got := editionFilesUnder(t, out); len(got) != 1 {
				t.Errorf("output folder holds %q, want just the PDF", got)
			}
			// Converted means every image reaches the PDF as 8-bit RGB or grey, which every
			// viewer shows alike (fpdf would embed CMYK inverted and 16-bit PNG corrupt).
			data, _ := os.ReadFile(pdf)
			for _, bad := range []string{"/BitsPerComponent 16", "/DeviceCMYK", "/Decode"} {
				if strings.Contains(string(data), bad) {
					t.Errorf("the PDF holds an image with %s", bad)
				}
			}
			for _, w := range c.warn {
				if !strings.Contains(r.stderr, "warning: ") || !strings.Contains(r.stderr, w) {
					t.Errorf("warnings lack %q:\n%s", w, r.stderr)
				}
			}
			if len(c.warn) == 0 && strings.Contains(r.stderr, "warning: ") {
				t.Errorf("unexpected warnings:\n%s", r.stderr)
			}
			if m := panicText.FindString(r.stderr); m != "" {
				t.Errorf("stderr mentions %q:\n%s", m, r.stderr)
			}
		})
	}
}

func TestHugeArticleFinishesAndReportsOverset(t *testing.T) {
	// 60,000 words in one story that may not jump: far more than a page holds. The build must
	// neither hang nor blow up, and check must say how much did not fit.
	words := strings.Fields(para1 + " " + para2 + " " + para3)
	var b strings.Builder
	for n := 0; n < 60000; n++ {
		b.WriteString(words[n%len(words)])
		switch {
		case n%120 == 119:
			b.WriteString("\n\n      ")
		default:
			b.WriteByte(' ')
		}
	}
	ed := newEdition(t, "      "+para3+"\nads:", "      "+strings.TrimSpace(b.String())+"\nads:",
		"    priority: 4\n", "    priority: 4\n    jump: false\n")
	for _, cmd := range []string{"check", "build"} {
		done := make(chan result, 1)
		out := t.TempDir()
		start := time.Now()
		go func() {
			args := []string{cmd, ed.manifest}
			if cmd == "build" {
				args = []string{cmd, "-o", out, ed.manifest}
			}
			done <- runCLI(t, args...)
		}()
		var r result
		select {
		case r = <-done:
		case <-time.After(60 * time.Second): // a hang detector, not a performance target
			t.Fatalf("%s of a 60,000-word article did not finish in 60 s", cmd)
		}
		t.Logf("%s of a 60,000-word article: %v", cmd, time.Since(start).Round(time.Millisecond))
		if m := panicText.FindString(r.stderr); m != "" {
			t.Fatalf("%s: stderr mentions %q:\n%s", cmd, m, r.stderr)
		}
		switch cmd {
		case "check":
			if r.code != exitInput || !oversetReported(r.stdout, "market-day") {
				t.Errorf("check: exit %d, want 1 with market-day overset\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
			}
		case "build":
			// Overset text is lost from the page but the edition is still printable.
			if r.code != exitOK {
				t.Fatalf("build: exit %d\nstderr:\n%s", r.code, r.stderr)
			}
			checkPDF(t, filepath.Join(out, "2026-03-14", "the-test-gazette-morning-2026-03-14.pdf"))
			if !strings.Contains(r.stderr, "warning: ") || !strings.Contains(r.stderr, "market-day") {
				t.Errorf("build does not warn about the overset story:\n%s", r.stderr)
			}
		}
	}
}

// oversetReported tells whether check's story table shows lines overset for the story.
func oversetReported(report, id string) bool {
	for _, l := range strings.Split(report, "\n") {
		f := strings.Fields(l)
		if len(f) >= 3 && f[0] == id {
			return f[2] != "0"
		}
	}
	return false
}

func copyFile(t testing.TB, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, to, data)
}
