package split

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"epaper/layout/internal/fixture"
	"epaper/layout/page"
	"epaper/layout/pdf"
)

func TestSlugMakesFileNameSafeNames(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Front Page", "front-page"},
		{"Nation & World", "nation-world"},
		{"  Sports  ", "sports"},
		{"Économie / Größe", "economie-grosse"},
		{"Łódź", "lodz"},
		{"日本", ""},
		{"A1", "a1"},
		{"---", ""},
	}
	for _, tc := range tests {
		if got := Slug(tc.in); got != tc.want {
			t.Errorf("Slug(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNamesCarryPageNumberAndSection(t *testing.T) {
	tests := []struct {
		number, pages int
		section, want string
	}{
		{1, 9, "Front Page", "base-p01-front-page.pdf"},
		{12, 24, "Nation & World", "base-p12-nation-world.pdf"},
		{7, 120, "Sports", "base-p007-sports.pdf"},
		{3, 9, "", "base-p03.pdf"},
	}
	for _, tc := range tests {
		if got := Name("base", &page.Page{Number: tc.number, Section: tc.section}, tc.pages); got != tc.want {
			t.Errorf("Name(page %d of %d, %q) = %q, want %q", tc.number, tc.pages, tc.section, got, tc.want)
		}
	}
}

func TestPageKeepsOnlyWhatThePageUses(t *testing.T) {
	doc := fixture.Sample(t).Doc
	var before bytes.Buffer
	doc.Dump(&before)
	for i, src := range doc.Pages {
		one := Page(doc, i)
		if len(one.Pages) != 1 || one.Pages[0].Number != 1 {
			t.Fatalf("page %d: the split document is not one page numbered 1", src.Number)
		}
		fonts, images := map[string]bool{}, map[string]bool{}
		for _, it := range src.Items {
			switch v := it.(type) {
			case *page.Text:
				fonts[v.Font] = true
			case *page.Picture:
				images[v.ImageID] = true
			}
		}
		if len(one.Fonts) != len(fonts) || len(one.Images) != len(images) {
			t.Errorf("page %d: %d fonts and %d images embedded, the page uses %d and %d",
				src.Number, len(one.Fonts), len(one.Images), len(fonts), len(images))
		}
		for _, f := range one.Fonts {
			if !fonts[f.Name] {
				t.Errorf("page %d: font %s embedded but unused", src.Number, f.Name)
			}
		}
		for _, it := range one.Pages[0].Items {
			if l, ok := it.(*page.Link); ok && l.URL == "" && l.ToPage != 1 {
				t.Errorf("page %d: link to page %d kept", src.Number, l.ToPage)
			}
		}
		prev := -1
		for _, b := range one.Outline {
			if b.Page != 1 || b.Level > prev+1 {
				t.Errorf("page %d: bookmark %q on page %d at level %d after level %d", src.Number, b.Title, b.Page, b.Level, prev)
			}
			prev = b.Level
		}
	}
	var after bytes.Buffer
	doc.Dump(&after)
	if before.String() != after.String() {
		t.Error("splitting changed the edition's display list")
	}
}

// letters reduces text to its lower-case letters and digits, so that text drawn in runs
// (split at kerning pairs) compares equal to the same text extracted as whole words.
func letters(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func TestWriteMakesOneValidOnePagePDFPerPage(t *testing.T) {
	doc := fixture.Sample(t).Doc
	dir := t.TempDir()
	paths, err := Write(doc, dir, "the-riverside-courier-city-2026-03-14")
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != len(doc.Pages) {
		t.Fatalf("%d files for %d pages", len(paths), len(doc.Pages))
	}
	last := doc.Pages[len(doc.Pages)-1]
	lastName := fmt.Sprintf("the-riverside-courier-city-2026-03-14-p%02d-%s.pdf", last.Number, Slug(last.Section))
	for _, want := range []string{"the-riverside-courier-city-2026-03-14-p01-front-page.pdf", lastName} {
		if _, err := os.Stat(filepath.Join(dir, want)); err != nil {
			t.Errorf("expected %s: %v", want, err)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != len(doc.Pages) {
		t.Errorf("%d files in the folder, want %d (no temporary files)", len(entries), len(doc.Pages))
	}
	pdftotext, errText := exec.LookPath("pdftotext")
	pdfinfo, errInfo := exec.LookPath("pdfinfo")
	if errText != nil || errInfo != nil {
		t.Log("poppler-utils (pdftotext, pdfinfo) not installed: checking the files' structure only")
	}
	pageObj := regexp.MustCompile(`/Type /Page\b[^s]`)
	for i, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(data, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimSpace(data), []byte("%%EOF")) {
			t.Errorf("%s: not a complete PDF", path)
		}
		if n := len(pageObj.FindAll(data, -1)); n != 1 {
			t.Errorf("%s: %d page objects, want 1", path, n)
		}
		if errText != nil || errInfo != nil {
			continue
		}
		info, err := exec.Command(pdfinfo, path).CombinedOutput()
		if err != nil || !regexp.MustCompile(`(?m)^Pages:\s+1$`).Match(info) {
			t.Errorf("%s: pdfinfo: %v\n%s", path, err, info)
		}
		out, err := exec.Command(pdftotext, "-enc", "UTF-8", path, "-").Output()
		if err != nil {
			t.Fatalf("%s: pdftotext: %v", path, err)
		}
		// The file holds exactly this page's text: every run is found, and nothing more.
		got := letters(string(out))
		var want strings.Builder
		for _, it := range doc.Pages[i].Items {
			if tx, ok := it.(*page.Text); ok {
				run := letters(tx.Text)
				want.WriteString(run)
				if len(run) >= 4 && !strings.Contains(got, run) {
					t.Errorf("%s: %q not found in the text", filepath.Base(path), tx.Text)
				}
			}
		}
		if len([]rune(got)) != len([]rune(want.String())) {
			t.Errorf("%s: %d letters and digits extracted, the page has %d", filepath.Base(path), len([]rune(got)), len([]rune(want.String())))
		}
	}
}

// Subscribers download editions over mobile connections: the sample edition at the default
// photo resolution (150 ppi) must average at most 300 KB a page.
func TestSampleEditionStaysWithinTheDownloadBudget(t *testing.T) {
	const budget = 300 << 10
	doc := fixture.Sample(t).Doc
	var whole bytes.Buffer
	if err := pdf.Write(doc, &whole); err != nil {
		t.Fatal(err)
	}
	perPage := whole.Len() / len(doc.Pages)
	if perPage > budget {
		t.Errorf("%d bytes for %d pages: %d KB a page, want at most %d KB", whole.Len(), len(doc.Pages), perPage>>10, budget>>10)
	}
	t.Logf("edition: %d bytes, %d pages, %.1f KB a page", whole.Len(), len(doc.Pages), float64(perPage)/1024)
}
