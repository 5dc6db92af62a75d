package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBuildSampleEditionWritesOneCompletePDF(t *testing.T) {
	out := t.TempDir()
	r := runCLI(t, "build", "--out", out, sampleEdition)
	if r.code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	want := filepath.Join(out, filepath.FromSlash(samplePDF))
	checkPDF(t, want)
	if got := editionFilesUnder(t, out); len(got) != 1 {
		t.Errorf("output folder holds %q, want only the PDF (no temp files)", got)
	}
	// stdout tells the user where the PDF went and how long it is.
	if !strings.Contains(r.stdout, "-> "+want) || !strings.Contains(r.stdout, " pages ") {
		t.Errorf("stdout does not name the output:\n%s", r.stdout)
	}
	if strings.Contains(r.stderr, "epaper:") {
		t.Errorf("a successful build printed an error:\n%s", r.stderr)
	}
}

func TestBuildNamesTheOutputFromPaperEditionAndDate(t *testing.T) {
	cases := []struct {
		name  string
		edits []string
		want  string
	}{
		{"paper and edition name are slugged",
			[]string{"paper: The Test Gazette", "paper: \"The Test-Gazette & Times!\"", "name: Morning", "name: \"Late  City \""},
			"2026-03-14/the-test-gazette-times-late-city-2026-03-14.pdf"},
		{"no edition name leaves it out",
			[]string{"  name: Morning\n", ""},
			"2026-03-14/the-test-gazette-2026-03-14.pdf"},
		{"accented letters do not reach the file name",
			[]string{"paper: The Test Gazette", "paper: Le Quotidien Élégant"},
			"2026-03-14/le-quotidien-elegant-morning-2026-03-14.pdf"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ed := newEdition(t, c.edits...)
			out := t.TempDir()
			r := runCLI(t, "build", "-o", out, ed.manifest)
			if r.code != exitOK {
				t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
			}
			checkPDF(t, filepath.Join(out, filepath.FromSlash(c.want)))
			if got := editionFilesUnder(t, out); len(got) != 1 {
				t.Errorf("output folder holds %q, want only %s", got, c.want)
			}
		})
	}
}

func TestBuildFolderBuildsEveryEditionAndSkipsHouseFiles(t *testing.T) {
	ed := newEdition(t)
	// A second edition of another day beside a house file without articles.
	other := strings.Replace(ed.text, "date: 2026-03-14", "date: 2026-03-15", 1)
	writeFile(t, filepath.Join(ed.dir, "sunday.yaml"), []byte(other))
	writeFile(t, filepath.Join(ed.dir, "house.yaml"), []byte("edition:\n  paper: The Test Gazette\n"))
	out := t.TempDir()
	r := runCLI(t, "build", "-o", out, ed.dir)
	if r.code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	for _, p := range []string{"2026-03-14/the-test-gazette-morning-2026-03-14.pdf", "2026-03-15/the-test-gazette-morning-2026-03-15.pdf"} {
		checkPDF(t, filepath.Join(out, filepath.FromSlash(p)))
	}
	if got := editionFilesUnder(t, out); len(got) != 2 {
		t.Errorf("output folder holds %q, want the two PDFs", got)
	}
}

func TestBuildKeepsGoingAfterABadEditionAndFails(t *testing.T) {
	good := newEdition(t)
	bad := newEdition(t, "date: 2026-03-14", "date: 2026-13-01")
	out := t.TempDir()
	r := runCLI(t, "build", "-o", out, bad.manifest, good.manifest)
	if r.code != exitInput {
		t.Fatalf("exit %d, want %d; stderr:\n%s", r.code, exitInput, r.stderr)
	}
	checkPDF(t, filepath.Join(out, "2026-03-14", "the-test-gazette-morning-2026-03-14.pdf"))
	if !strings.Contains(r.stderr, "1 of 2 editions failed") || !strings.Contains(r.stderr, bad.manifest) {
		t.Errorf("stderr does not say which edition failed:\n%s", r.stderr)
	}
}

func TestCheckReportsWithoutWritingAnything(t *testing.T) {
	ed := newEdition(t)
	before := filesUnder(t, ed.dir)
	wd := t.TempDir()
	t.Chdir(wd) // build's default output folder is ./out; check must not create it either
	r := runCLI(t, "check", "--map", ed.manifest)
	if r.code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	for _, want := range []string{ed.manifest + ": ", "page", "fill", "bridge-vote", "library-hours", "market-day", "overset"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("check output lacks %q:\n%s", want, r.stdout)
		}
	}
	if got := filesUnder(t, wd); len(got) != 0 {
		t.Errorf("check wrote %q", got)
	}
	if after := filesUnder(t, ed.dir); strings.Join(after, ",") != strings.Join(before, ",") {
		t.Errorf("check changed the edition folder: %q -> %q", before, after)
	}
}

func TestCheckFailsOnOversetUnlessAllowed(t *testing.T) {
	// A story that may not jump cannot run longer than its page.
	long := strings.Repeat(para1+"\n\n      ", 120)
	ed := newEdition(t, "    priority: 1\n", "    priority: 1\n    jump: false\n", "      "+para3+"\n    photos:", "      "+long+para3+"\n    photos:")
	r := runCLI(t, "check", ed.manifest)
	if r.code != exitInput {
		t.Fatalf("exit %d, want %d (overset); stdout:\n%s\nstderr:\n%s", r.code, exitInput, r.stdout, r.stderr)
	}
	if !oversetReported(r.stdout, "bridge-vote") || !strings.Contains(r.stderr, "lines overset") {
		t.Errorf("check does not report bridge-vote overset:\nstdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	}
	if r := runCLI(t, "check", "--allow-overset", ed.manifest); r.code != exitOK {
		t.Errorf("--allow-overset: exit %d, want 0; stderr:\n%s", r.code, r.stderr)
	}
}

func TestVersionAndHelp(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want []string // on stdout
	}{
		{"--version prints the version", []string{"--version"}, []string{"epaper version " + appVersion()}},
		{"--help lists the commands", []string{"--help"}, []string{"build", "check", "USAGE"}},
		{"help build shows the build flags", []string{"help", "build"}, []string{"--out", "--allow-outside", "--max-pixels"}},
		{"build --help shows the build flags", []string{"build", "--help"}, []string{"--out", "--cache"}},
		{"check --help shows the check flags", []string{"check", "--help"}, []string{"--allow-overset", "--map"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runCLI(t, c.args...)
			if r.code != exitOK {
				t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
			}
			for _, w := range c.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, r.stdout)
				}
			}
		})
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string // on stderr
	}{
		{"build without a manifest", []string{"build"}, "build needs a manifest"},
		{"check without a manifest", []string{"check"}, "check needs a manifest"},
		{"unknown flag", []string{"build", "--nope", "x.yaml"}, "flag provided but not defined: -nope"},
		{"unknown command", []string{"bulid", "x.yaml"}, "bulid"},
		{"help for an unknown command", []string{"help", "bulid"}, "bulid"},
		{"flag value of the wrong type", []string{"build", "--max-pixels", "lots", "x.yaml"}, "lots"},
		{"flag after the manifest", []string{"build", "x.yaml", "-o", "elsewhere"}, "flags must come before the manifests"},
		{"check flag after the manifest", []string{"check", "x.yaml", "--map"}, "flags must come before the manifests"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			r := runCLI(t, c.args...)
			if r.code != exitUsage {
				t.Fatalf("exit %d, want %d; stderr:\n%s", r.code, exitUsage, r.stderr)
			}
			if !strings.Contains(r.stderr, c.want) {
				t.Errorf("stderr lacks %q:\n%s", c.want, r.stderr)
			}
			if _, err := os.Stat("out"); err == nil {
				t.Errorf("a usage error created the output folder")
			}
		})
	}
}

func TestMissingManifestIsAnInputError(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.yaml")
	for _, args := range [][]string{{"build", "-o", t.TempDir(), missing}, {"check", missing}} {
		r := runCLI(t, args...)
		if r.code != exitInput || !strings.Contains(r.stderr, missing+": no such file") {
			t.Errorf("%s: exit %d, stderr %q; want exit 1 naming the file", args[0], r.code, r.stderr)
		}
	}
}
