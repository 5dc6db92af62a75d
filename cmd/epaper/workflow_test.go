package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// editionsFolder writes one edition per date into root/<date>/edition.yaml (the same date
// twice gets a second folder) and returns the root and the editions in path order.
func editionsFolder(t *testing.T, dates ...string) (string, []*edition) {
	t.Helper()
	root := t.TempDir()
	var eds []*edition
	for i, d := range dates {
		dir := filepath.Join(root, fmt.Sprintf("%s-%d", d, i))
		eds = append(eds, writeEdition(t, dir, "date: 2026-03-14", "date: "+d))
	}
	return root, eds
}

// reported lists the manifests a check printed a table for, in order.
func reported(stdout string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`(?m)^(\S+\.yaml): \d+ pages$`).FindAllStringSubmatch(stdout, -1) {
		out = append(out, m[1])
	}
	return out
}

func decodeReport(t *testing.T, stdout string) checkReport {
	t.Helper()
	var rep checkReport
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rep); err != nil {
		t.Fatalf("stdout is not one JSON report: %v\n%s", err, stdout)
	}
	if dec.More() {
		t.Fatalf("stdout holds more than the JSON report:\n%s", stdout)
	}
	if rep.Schema != "epaper-check/1" {
		t.Fatalf("schema %q", rep.Schema)
	}
	return rep
}

func TestCheckJSONReportsEveryEditionAndItsErrorsInOneDocument(t *testing.T) {
	root, eds := editionsFolder(t, "2026-03-14", "2026-03-15")
	bad := eds[1]
	writeFile(t, bad.manifest, []byte(strings.Replace(bad.text, "columns: 4", "columns: four", 1)))
	r := runCLI(t, "check", "--json", root)
	if r.code != exitInput {
		t.Fatalf("exit %d, want 1 (an edition is invalid); stderr:\n%s", r.code, r.stderr)
	}
	rep := decodeReport(t, r.stdout)
	if rep.OK || len(rep.Editions) != 2 {
		t.Fatalf("ok=%v with %d editions, want false with 2", rep.OK, len(rep.Editions))
	}
	good, invalid := rep.Editions[0], rep.Editions[1]
	if good.Manifest != eds[0].manifest || invalid.Manifest != bad.manifest {
		t.Errorf("editions %s, %s are not in the folder's order", good.Manifest, invalid.Manifest)
	}
	if good.Result != "ok" || good.Paper != "The Test Gazette" || good.Name != "Morning" || good.Date != "2026-03-14" || good.OversetLines != 0 {
		t.Errorf("good edition: %+v", good)
	}
	if len(good.Pages) == 0 {
		t.Fatal("no pages")
	}
	for _, p := range good.Pages {
		if !(p.Fill > 0 && p.Fill <= 1) || len(p.Map) != 6 {
			t.Errorf("page %d: fill %v, %d map rows; want a fill in (0,1] and the 6 module rows", p.Number, p.Fill, len(p.Map))
		}
		for _, row := range p.Map {
			if len(row) != 4 {
				t.Errorf("page %d: map row %q is not one character per column of 4", p.Number, row)
			}
		}
	}
	byID := map[string]storyJSON{}
	for _, s := range good.Stories {
		byID[s.ID] = s
	}
	bridge := byID["bridge-vote"]
	if len(byID) != 3 || bridge.Headline != "Council approves a new footbridge over the river" || bridge.Lines == 0 || len(bridge.Pages) == 0 {
		t.Errorf("stories: %+v", good.Stories)
	}
	if len(invalid.Errors) != 1 || invalid.Result != "invalid" || len(invalid.Pages) != 0 {
		t.Fatalf("invalid edition: %+v", invalid)
	}
	e := invalid.Errors[0]
	if e.File != bad.manifest || e.Line != bad.line(t, "columns: 4") || e.Column == 0 || e.Field != "page.columns" || e.Message == "" {
		t.Errorf("error %+v does not point at page.columns on line %d of %s", e, bad.line(t, "columns: 4"), bad.manifest)
	}
	// Lists are never null, so that readers need not tell null from empty.
	for _, want := range []string{`"warnings": []`, `"pages": []`, `"stories": []`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %s", want)
		}
	}
}

func TestCheckWarnsAboutResolutionCreditsGlyphsAndEmergencyBreaks(t *testing.T) {
	word := strings.Repeat("abcdefghij", 30)
	ed := newEdition(t,
		"        credit: Photo/Test Desk\n", "",
		"      "+para3+"\nads:", "      The word "+word+" ends here. Signed ᚠᚢᚦ. "+para3+"\nads:")
	writeFile(t, filepath.Join(ed.dir, "photos", "bridge.jpg"), jpegBytes(t, gradient(96, 64)))
	r := runCLI(t, "check", "--json", ed.manifest)
	if r.code != exitOK {
		t.Fatalf("exit %d, want 0 (warnings do not fail a check); stderr:\n%s", r.code, r.stderr)
	}
	rep := decodeReport(t, r.stdout)
	got := rep.Editions[0]
	srcLine := ed.line(t, "src: photos/bridge.jpg")
	cases := []struct {
		name, field, msg string
		line             int
	}{
		{"photo under 100 ppi", "articles[0].photos[0].src", "ppi", srcLine},
		{"photo without credit", "articles[0].photos[0].credit", "no credit", srcLine},
		{"emergency line breaks", "articles[2].body", "emergency", ed.line(t, "The word ")},
		{"characters the fonts lack", "", "U+16A0", 0},
	}
	for _, c := range cases {
		found := false
		for _, w := range got.Warnings {
			if w.Field == c.field && strings.Contains(w.Message, c.msg) && (c.line == 0 || w.Line == c.line) && w.File == ed.manifest {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no warning for %s %q on line %d in %+v", c.name, c.field, c.msg, c.line, got.Warnings)
		}
	}
	for _, s := range got.Stories {
		if s.ID == "market-day" && s.EmergencyParagraphs == 0 {
			t.Errorf("market-day reports no emergency paragraphs")
		}
	}
	for _, w := range got.Warnings {
		if strings.Contains(w.Field, "caption") || strings.HasPrefix(w.Field, "ads[") {
			t.Errorf("unexpected warning %+v (the caption is there; the ad is sharp)", w)
		}
	}
}

func TestCheckJSONOversetFailsUnlessAllowed(t *testing.T) {
	long := strings.Repeat(para1+"\n\n      ", 120)
	ed := newEdition(t, "    priority: 1\n", "    priority: 1\n    jump: false\n", "      "+para3+"\n    photos:", "      "+long+para3+"\n    photos:")
	for _, c := range []struct {
		args []string
		code int
		ok   bool
	}{
		{[]string{"check", "--json", ed.manifest}, exitInput, false},
		{[]string{"check", "--json", "--allow-overset", ed.manifest}, exitOK, true},
	} {
		r := runCLI(t, c.args...)
		if r.code != c.code {
			t.Fatalf("%q: exit %d, want %d; stderr:\n%s", c.args, r.code, c.code, r.stderr)
		}
		rep := decodeReport(t, r.stdout)
		e := rep.Editions[0]
		sum := 0
		for _, s := range e.Stories {
			sum += s.Overset
		}
		if rep.OK != c.ok || e.Result != "overset" || e.OversetLines == 0 || e.OversetLines != sum {
			t.Errorf("%q: ok=%v result=%s oversetLines=%d (stories %d); want ok=%v, overset", c.args, rep.OK, e.Result, e.OversetLines, sum, c.ok)
		}
	}
}

func TestProofGoesBesideWhereThePDFGoes(t *testing.T) {
	ed := newEdition(t)
	const base = "2026-03-14/the-test-gazette-morning-2026-03-14"
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"proof"}, []string{base + "-proof.pdf"}},
		{[]string{"build", "--proof"}, []string{base + "-proof.pdf", base + ".pdf"}},
	} {
		out := t.TempDir()
		r := runCLI(t, append(c.args, "-o", out, ed.manifest)...)
		if r.code != exitOK {
			t.Fatalf("%q: exit %d\n%s", c.args, r.code, r.stderr)
		}
		got := editionFilesUnder(t, out)
		want := make([]string, len(c.want))
		for i, w := range c.want {
			want[i] = filepath.FromSlash(w)
			checkPDF(t, filepath.Join(out, want[i]))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%q wrote %q, want %q", c.args, got, want)
		}
		if !strings.Contains(r.stdout, "-proof.pdf") {
			t.Errorf("%q: stdout does not name the proof:\n%s", c.args, r.stdout)
		}
	}
	// The proof draws more on the same pages.
	out := t.TempDir()
	runCLI(t, "build", "--proof", "-o", out, ed.manifest)
	plain, _ := os.ReadFile(filepath.Join(out, filepath.FromSlash(base+".pdf")))
	proofed, _ := os.ReadFile(filepath.Join(out, filepath.FromSlash(base+"-proof.pdf")))
	if bytes.Count(plain, []byte("/Type /Page\n")) != bytes.Count(proofed, []byte("/Type /Page\n")) || len(proofed) <= len(plain) {
		t.Errorf("the proof (%d bytes) is not the edition's pages with more drawn (%d bytes)", len(proofed), len(plain))
	}
}

func TestBatchBuildsTheOthersWhenOneEditionIsBroken(t *testing.T) {
	root, eds := editionsFolder(t, "2026-03-14", "2026-03-15", "2026-03-16")
	bad := eds[1]
	writeFile(t, bad.manifest, []byte(strings.Replace(bad.text, "columns: 4", "columns: four", 1)))
	out := t.TempDir()
	r := runCLI(t, "build", "--jobs", "3", "-o", out, root)
	if r.code != exitInput {
		t.Fatalf("exit %d, want 1; stderr:\n%s", r.code, r.stderr)
	}
	for _, d := range []string{"2026-03-14", "2026-03-16"} {
		checkPDF(t, filepath.Join(out, d, "the-test-gazette-morning-"+d+".pdf"))
	}
	if got := editionFilesUnder(t, out); len(got) != 2 {
		t.Errorf("output holds %q, want the two good PDFs", got)
	}
	if !strings.Contains(r.stderr, "1 of 3 editions failed: "+bad.manifest) {
		t.Errorf("stderr does not name the broken edition:\n%s", r.stderr)
	}
	// The summary: a header, then one row per edition in the folder's order.
	i := strings.Index(r.stdout, "\nedition ")
	if i < 0 {
		t.Fatalf("no summary table:\n%s", r.stdout)
	}
	rows := strings.Split(strings.TrimSpace(r.stdout[i:]), "\n")[1:]
	if len(rows) != 3 {
		t.Fatalf("summary has %d rows:\n%s", len(rows), r.stdout[i:])
	}
	for j, row := range rows {
		f := strings.Fields(row)
		if f[0] != eds[j].manifest {
			t.Errorf("row %d is %s, want %s", j, f[0], eds[j].manifest)
		}
		switch {
		case j == 1 && (f[1] != "-" || f[3] != "FAILED:" || !strings.Contains(row, "page.columns")):
			t.Errorf("the broken edition's row does not say why it failed: %q", row)
		case j != 1 && (f[1] == "-" || f[3] != "ok"):
			t.Errorf("a good edition's row: %q", row)
		}
	}
}

func TestDateSelectsEditionsByTheirDate(t *testing.T) {
	root, eds := editionsFolder(t, "2025-09-30", "2025-10-01", "2025-10-31", "2025-11-01")
	t.Cleanup(func(old func() time.Time) func() { return func() { now = old } }(now))
	now = func() time.Time { return time.Date(2025, 10, 1, 23, 30, 0, 0, time.Local) }
	cases := []struct {
		date string
		want []int // indexes into eds
	}{
		{"2025-10-01..2025-10-31", []int{1, 2}},
		{"2025-10-31", []int{2}},
		{"..2025-10-01", []int{0, 1}},
		{"2025-11-01..", []int{3}},
		{"2025-09-30, 2025-11-01", []int{0, 3}},
		{"today", []int{1}},
		{"tomorrow..2025-10-30", nil}, // 2025-10-02..2025-10-30: none of the days in between
		{"2024-01-01", nil},
	}
	for _, c := range cases {
		t.Run(c.date, func(t *testing.T) {
			r := runCLI(t, "check", "--date", c.date, root)
			if r.code != exitOK {
				t.Fatalf("exit %d\n%s", r.code, r.stderr)
			}
			var want []string
			for _, i := range c.want {
				want = append(want, eds[i].manifest)
			}
			if got := reported(r.stdout); !slices.Equal(got, want) {
				t.Errorf("checked %q, want %q", got, want)
			}
			if c.want == nil && !strings.Contains(r.stderr, "no edition matches") {
				t.Errorf("an empty selection is not reported:\n%s", r.stderr)
			}
		})
	}
}

func TestDateKeepsAManifestWhoseDateCannotBeRead(t *testing.T) {
	// A broken file is reported, never skipped: it may be the very edition of the day.
	root, eds := editionsFolder(t, "2025-10-01", "2025-10-02")
	writeFile(t, eds[0].manifest, []byte(strings.Replace(eds[0].text, "date: 2025-10-01", "date: [", 1)))
	r := runCLI(t, "check", "--date", "2025-10-02", root)
	if r.code != exitInput || !strings.Contains(r.stderr, eds[0].manifest) {
		t.Errorf("exit %d, want 1 naming %s\n%s", r.code, eds[0].manifest, r.stderr)
	}
	if got := reported(r.stdout); !slices.Equal(got, []string{eds[1].manifest}) {
		t.Errorf("checked %q", got)
	}
}

func TestShardsPartitionTheEditions(t *testing.T) {
	// Every manifest lands in exactly one shard, whatever the count.
	var keys []string
	for i := range 300 {
		keys = append(keys, fmt.Sprintf("2025-%02d-%02d/edition-%d.yaml", i%12+1, i%28+1, i))
	}
	for n := 1; n <= 7; n++ {
		counts := make([]int, n)
		for _, k := range keys {
			owners := 0
			for i := range n {
				if (shard{i, n}).owns(k) {
					owners++
					counts[i]++
				}
			}
			if owners != 1 {
				t.Fatalf("%s is in %d of %d shards", k, owners, n)
			}
		}
		for i, c := range counts {
			if c < len(keys)/n/2 {
				t.Errorf("shard %d/%d holds %d of %d manifests: the hash does not spread them", i, n, c, len(keys))
			}
		}
	}

	// Through the CLI, and the same split wherever the folder is mounted.
	root, eds := editionsFolder(t, "2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05")
	seen := map[string]int{}
	for i := range 3 {
		r := runCLI(t, "check", "--shard", fmt.Sprintf("%d/3", i), root)
		if r.code != exitOK {
			t.Fatalf("shard %d/3: exit %d\n%s", i, r.code, r.stderr)
		}
		for _, m := range reported(r.stdout) {
			seen[m]++
		}
	}
	for _, ed := range eds {
		if seen[ed.manifest] != 1 {
			t.Errorf("%s was checked by %d shards, want 1", ed.manifest, seen[ed.manifest])
		}
	}
	a, err := manifests([]string{root})
	if err != nil {
		t.Fatal(err)
	}
	moved := filepath.Join(t.TempDir(), "mnt", "editions")
	if err := os.MkdirAll(filepath.Dir(moved), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(root, moved); err != nil {
		t.Fatal(err)
	}
	b, err := manifests([]string{moved})
	if err != nil {
		t.Fatal(err)
	}
	for i := range a {
		if a[i].key != b[i].key || a[i].key != filepath.Base(filepath.Dir(a[i].path))+"/edition.yaml" {
			t.Errorf("shard key %q after moving the folder, %q before; want the path inside the folder", b[i].key, a[i].key)
		}
	}
}

func TestProgressIsALinePerStepInALogAndOneLineOnATerminal(t *testing.T) {
	root, eds := editionsFolder(t, "2026-03-14", "2026-03-15")
	step := regexp.MustCompile(`(?m)^\[(\d)/2\] (\S+): (loaded|laid out \d+ pages?|wrote the PDF)(; photos: \d+ decoded, \d+ from the cache(; pages: \d+ searched, \d+ as last time)?)? \(\d+\.\d\d s\)$`)

	t.Run("log", func(t *testing.T) {
		r := runCLI(t, "build", "-o", t.TempDir(), root)
		if r.code != exitOK {
			t.Fatalf("exit %d\n%s", r.code, r.stderr)
		}
		if n := len(step.FindAllString(r.stderr, -1)); n != 6 {
			t.Errorf("%d step lines, want 3 per edition:\n%s", n, r.stderr)
		}
		if strings.Contains(r.stderr, "\r") || strings.Contains(r.stderr, "photos:") {
			t.Errorf("a log got terminal control or verbose detail:\n%q", r.stderr)
		}
	})
	t.Run("verbose", func(t *testing.T) {
		r := runCLI(t, "build", "--verbose", "-o", t.TempDir(), eds[0].manifest)
		if !regexp.MustCompile(`laid out \d+ pages?; photos: \d+ decoded, \d+ from the cache`).MatchString(r.stderr) {
			t.Errorf("--verbose does not count photos:\n%s", r.stderr)
		}
	})
	t.Run("quiet", func(t *testing.T) {
		r := runCLI(t, "build", "--quiet", "-o", t.TempDir(), root)
		if r.code != exitOK || r.stdout != "" || r.stderr != "" {
			t.Errorf("--quiet: exit %d, stdout %q, stderr %q; want silence", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("terminal", func(t *testing.T) {
		old := isTerminal
		t.Cleanup(func() { isTerminal = old })
		isTerminal = func(io.Writer) bool { return true }
		r := runCLI(t, "build", "-o", t.TempDir(), root)
		if r.code != exitOK {
			t.Fatalf("exit %d\n%s", r.code, r.stderr)
		}
		if step.MatchString(r.stderr) || !strings.Contains(r.stderr, "[1/2] ") || !strings.Contains(r.stderr, "\r\x1b[K") {
			t.Errorf("progress on a terminal is not one line redrawn:\n%q", r.stderr)
		}
		if !strings.HasSuffix(r.stderr, "\r\x1b[K") {
			t.Errorf("the progress line is left on screen:\n%q", r.stderr)
		}
		if !strings.Contains(r.stdout, "\nedition ") {
			t.Errorf("no summary:\n%s", r.stdout)
		}
	})
}

// photoCounts reads the per-edition photo counts --verbose prints.
func photoCounts(t *testing.T, stderr string) (decoded, cached int) {
	t.Helper()
	m := regexp.MustCompile(`photos: (\d+) decoded, (\d+) from the cache`).FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("no photo counts in:\n%s", stderr)
	}
	fmt.Sscan(m[1], &decoded)
	fmt.Sscan(m[2], &cached)
	return decoded, cached
}

func TestSecondBuildTakesEveryPhotoFromTheCache(t *testing.T) {
	ed := newEdition(t)
	cache := t.TempDir()
	// Two builds race on an empty cache: both succeed and agree with a build without one.
	var wg sync.WaitGroup
	outs := []string{t.TempDir(), t.TempDir()}
	results := make([]result, 2)
	for i := range results {
		wg.Go(func() { results[i] = runCLI(t, "build", "--verbose", "--cache", cache, "-o", outs[i], ed.manifest) })
	}
	wg.Wait()
	plain := t.TempDir()
	if r := runCLI(t, "build", "--no-cache", "-o", plain, ed.manifest); r.code != exitOK {
		t.Fatalf("build without cache: exit %d\n%s", r.code, r.stderr)
	}
	const pdf = "2026-03-14/the-test-gazette-morning-2026-03-14.pdf"
	want, _ := os.ReadFile(filepath.Join(plain, pdf))
	for i, r := range results {
		if r.code != exitOK {
			t.Fatalf("racing build %d: exit %d\n%s", i, r.code, r.stderr)
		}
		if got, _ := os.ReadFile(filepath.Join(outs[i], pdf)); !bytes.Equal(got, want) {
			t.Errorf("racing build %d wrote a different PDF than a build without cache", i)
		}
	}
	d0, _ := photoCounts(t, results[0].stderr)
	d1, _ := photoCounts(t, results[1].stderr)
	if d0+d1 == 0 {
		t.Errorf("neither of the first builds decoded a photo")
	}
	r := runCLI(t, "build", "--verbose", "--cache", cache, "-o", t.TempDir(), ed.manifest)
	decoded, cached := photoCounts(t, r.stderr)
	if decoded != 0 || cached == 0 {
		t.Errorf("third build: %d decoded, %d from the cache; want 0 decoded", decoded, cached)
	}
}

func TestCacheDefaultsToTheUserCacheFolderAndCanBeTurnedOff(t *testing.T) {
	ed := newEdition(t)
	home := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", home)
	entries := func() int {
		n := 0
		for _, f := range filesUnder(t, home) {
			if strings.HasSuffix(f, ".img") {
				n++
			}
		}
		return n
	}
	for _, args := range [][]string{{"--no-cache"}, {"--cache", ""}} {
		if r := runCLI(t, append(append([]string{"build", "-o", t.TempDir()}, args...), ed.manifest)...); r.code != exitOK {
			t.Fatalf("%q: exit %d\n%s", args, r.code, r.stderr)
		}
		if n := entries(); n != 0 {
			t.Errorf("%q wrote %d cache entries", args, n)
		}
	}
	if r := runCLI(t, "check", ed.manifest); r.code != exitOK {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if n := entries(); n == 0 {
		t.Errorf("check without --cache left nothing in %s/epaper", home)
	}
	// A cache folder that cannot be made: the default is skipped, a chosen one is an error.
	blocker := filepath.Join(t.TempDir(), "file")
	writeFile(t, blocker, []byte("x"))
	t.Setenv("XDG_CACHE_HOME", blocker)
	if r := runCLI(t, "check", ed.manifest); r.code != exitOK || !strings.Contains(r.stderr, "note: photo cache disabled") {
		t.Errorf("unusable default cache: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	if r := runCLI(t, "check", "--cache", filepath.Join(blocker, "epaper"), ed.manifest); r.code != exitInput {
		t.Errorf("unusable --cache: exit %d, want 1\n%s", r.code, r.stderr)
	}
}

func TestCachePruneRemovesEntriesNotUsedLately(t *testing.T) {
	ed := newEdition(t)
	cache := t.TempDir()
	if r := runCLI(t, "check", "--cache", cache, ed.manifest); r.code != exitOK {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	all := filesUnder(t, cache)
	if len(all) < 2 {
		t.Fatalf("cache holds %q", all)
	}
	// One entry was last used two hours ago; the rest just now.
	old := filepath.Join(cache, all[0])
	then := time.Now().Add(-2 * time.Hour)
	if err := os.Chtimes(old, then, then); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, "cache", "prune", "--cache", cache, "--older-than", "1h")
	if r.code != exitOK || !strings.Contains(r.stdout, "removed 1 entries") {
		t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if got := filesUnder(t, cache); len(got) != len(all)-1 || slices.Contains(got, all[0]) {
		t.Errorf("after prune the cache holds %q, had %q", got, all)
	}
	if r := runCLI(t, "cache", "prune", "--cache", cache); r.code != exitOK || !strings.Contains(r.stdout, "removed 0 entries") {
		t.Errorf("prune with the default age removed recent entries: %q %q", r.stdout, r.stderr)
	}
}

func TestUsageErrorsOfTheWorkflowFlags(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no jobs", []string{"build", "--jobs", "0", "x.yaml"}, "--jobs 0"},
		{"shard index out of range", []string{"build", "--shard", "3/3", "x.yaml"}, "--shard"},
		{"shard not a fraction", []string{"check", "--shard", "half", "x.yaml"}, "I/N"},
		{"date that does not exist", []string{"check", "--date", "2025-13-01", "x.yaml"}, "2025-13-01"},
		{"range backwards", []string{"build", "--date", "2025-10-31..2025-10-01", "x.yaml"}, "ends before it starts"},
		{"range without ends", []string{"build", "--date", "..", "x.yaml"}, "no start and no end"},
		{"watch without a manifest", []string{"watch"}, "exactly one manifest"},
		{"watch with two manifests", []string{"watch", "a.yaml", "b.yaml"}, "exactly one manifest"},
		{"watch a folder", []string{"watch", "--port", "0", "."}, "is a folder"},
		{"watch with a bad preview kind", []string{"watch", "--previews", "svg", "x.yaml"}, "pdf or png"},
		{"watch on a port that cannot be", []string{"watch", "--port", "70000", "x.yaml"}, "--port"},
		{"prune with an argument", []string{"cache", "prune", "old"}, "no arguments"},
		{"prune with a bad age", []string{"cache", "prune", "--older-than", "a month"}, "a month"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			r := runCLI(t, c.args...)
			if r.code != exitUsage || !strings.Contains(r.stderr, c.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", r.code, r.stderr, c.want)
			}
		})
	}
}

func TestHelpShowsTheWorkflowCommandsAndFlags(t *testing.T) {
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"--help"}, []string{"proof", "watch", "cache"}},
		{[]string{"build", "--help"}, []string{"--proof", "--jobs", "--date", "--shard", "--quiet", "--verbose", "--no-cache"}},
		{[]string{"check", "--help"}, []string{"--json", "--allow-overset", "epaper-check/1", "100 ppi"}},
		{[]string{"watch", "--help"}, []string{"--port", "--previews", "/report.json"}},
		{[]string{"cache", "prune", "--help"}, []string{"--older-than", "--cache"}},
	}
	for _, c := range cases {
		r := runCLI(t, c.args...)
		for _, w := range c.want {
			if r.code != exitOK || !strings.Contains(r.stdout, w) {
				t.Errorf("%q: exit %d, stdout lacks %q", c.args, r.code, w)
			}
		}
	}
}

func TestRunBatchReportsInInputOrderAndStopsWhenCancelled(t *testing.T) {
	list := make([]found, 6)
	for i := range list {
		list[i] = found{path: fmt.Sprintf("e%d.yaml", i)}
	}
	var stdout, stderr bytes.Buffer
	con := &console{stdout: &stdout, stderr: &stderr, width: 80}

	// Later editions finish first; they are reported in input order all the same.
	var order []int
	outs := runBatch(context.Background(), con, list, 3, func(i int, f found) outcome {
		time.Sleep(time.Duration(6-i) * 3 * time.Millisecond)
		return outcome{pages: i + 1}
	}, func(i int, o outcome) { order = append(order, i) })
	if !slices.Equal(order, []int{0, 1, 2, 3, 4, 5}) {
		t.Errorf("reported in order %v, want input order", order)
	}
	for i, o := range outs {
		if o.path != list[i].path || o.pages != i+1 || o.err != nil {
			t.Errorf("outcome %d: %+v", i, o)
		}
	}

	// Cancelled by the first edition: the one being handed out at that moment may still
	// start, none after it.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	order = nil
	outs = runBatch(ctx, con, list, 2, func(i int, f found) outcome {
		if i == 0 {
			cancel()
		} else {
			time.Sleep(10 * time.Millisecond)
		}
		return outcome{pages: 1}
	}, func(i int, o outcome) { order = append(order, i) })
	if !slices.Equal(order, []int{0, 1, 2, 3, 4, 5}) {
		t.Errorf("after the cancel, reported %v, want every edition in input order", order)
	}
	for i, o := range outs {
		if i == 0 && o.err != nil || i >= 3 && o.err != errInterrupted {
			t.Errorf("outcome %d: %v", i, o.err)
		}
	}
	stdout.Reset()
	err := summarize(ctx, con, "", outs, true)
	var ec interface{ ExitCode() int }
	if !errors.As(err, &ec) || ec.ExitCode() != exitInterrupted {
		t.Errorf("a cancelled batch exits %v, want %d", err, exitInterrupted)
	}
	if !strings.Contains(stdout.String(), "e5.yaml      -     0.00  FAILED: not built: interrupted") {
		t.Errorf("the summary does not say which editions were not built:\n%s", stdout.String())
	}
}
