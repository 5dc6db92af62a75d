package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/urfave/cli/v2"
	"gopkg.in/yaml.v3"

	"epaper/assets/fonts"
	"epaper/assets/photo"
	"epaper/layout"
	"epaper/layout/manifest"
	"epaper/layout/pdf"
	"epaper/layout/text/hyph"
)

// version is set at build time with -ldflags "-X main.version=..."; otherwise the module
// version from the build info is used.
var version = ""

// Exit codes.
const (
	exitOK    = 0
	exitInput = 1 // an input is wrong: manifest, photo, font
	exitUsage = 2 // the command line is wrong
)

func appVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// newApp builds the command line. Every command writes to the given streams, so tests run
// it in-process.
func newApp(stdout, stderr io.Writer) *cli.App {
	app := &cli.App{
		Name:      "epaper",
		Usage:     "build a newspaper's e-paper edition from a YAML manifest",
		Version:   appVersion(),
		Writer:    stdout,
		ErrWriter: stderr,
		// Errors are printed once, by run.
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError:   onUsageError,
		Commands:       []*cli.Command{buildCommand(), checkCommand()},
	}
	// A command's flags are parsed by the command, which has its own usage-error hook.
	for _, c := range app.Commands {
		c.OnUsageError = onUsageError
	}
	return app
}

// onUsageError marks flag errors (unknown flag, bad value) as usage errors: exit 2.
func onUsageError(_ *cli.Context, err error, _ bool) error { return usageError{err} }

type usageError struct{ error }

func (u usageError) Unwrap() error { return u.error }

// run executes the CLI and returns the process exit code; the one place that prints errors.
func run(args []string, stdout, stderr io.Writer) int {
	return runApp(newApp(stdout, stderr), args, stderr)
}

// runApp runs app and turns its error, or a panic, into a message and an exit code.
func runApp(app *cli.App, args []string, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "epaper: internal error: %v (%s)\n", r, bugHint)
			code = exitInput
		}
	}()
	err := app.Run(args)
	if err == nil {
		return exitOK
	}
	var ec cli.ExitCoder
	var ue usageError
	switch {
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "epaper: %v (see epaper --help)\n", err)
		return exitUsage
	case strings.HasPrefix(err.Error(), "No help topic for "):
		// urfave/cli reports an unknown command as an exit-3 error from its help command.
		fmt.Fprintf(stderr, "epaper: unknown command %s (see epaper --help)\n", strings.TrimPrefix(err.Error(), "No help topic for "))
		return exitUsage
	case errors.As(err, &ec):
		if msg := ec.Error(); msg != "" {
			fmt.Fprintln(stderr, msg)
		}
		return ec.ExitCode()
	}
	fmt.Fprintf(stderr, "epaper: %v\n", err)
	return exitInput
}

func main() { os.Exit(run(os.Args, os.Stdout, os.Stderr)) }

var commonFlags = []cli.Flag{
	&cli.StringSliceFlag{Name: "allow-outside", Usage: "allow photos and fonts from `DIR` outside the edition's folder (repeatable)"},
	&cli.Float64Flag{Name: "ppi", Value: photo.DefaultPPI, Usage: "photo resolution at the printed size (300 for print)"},
	&cli.Int64Flag{Name: "max-pixels", Value: photo.DefaultMaxPixels, Usage: "refuse images with more pixels than this (decompression bombs)"},
}

func loadOptions(c *cli.Context) manifest.Options {
	return manifest.Options{AllowOutside: c.StringSlice("allow-outside"), Languages: hyph.Languages(), FontFamilies: fonts.Names()}
}

// manifests expands the arguments: files are taken as they are, folders are searched for
// edition manifests (YAML files with an articles list), in a stable order.
func manifests(args []string) ([]string, error) {
	for _, a := range args {
		// urfave/cli stops parsing flags at the first argument: "build x.yaml -o out".
		if _, err := os.Stat(a); err != nil && strings.HasPrefix(a, "-") {
			return nil, usageError{fmt.Errorf("%s: flags must come before the manifests", a)}
		}
	}
	var out []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", a, errors.Unwrap(err))
		}
		if !st.IsDir() {
			out = append(out, a)
			continue
		}
		var found []string
		err = filepath.WalkDir(a, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || !(strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
				return nil
			}
			if isEditionManifest(p) {
				found = append(found, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("%s: no edition manifests (YAML files with an articles list) found", a)
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}

// isEditionManifest tells an edition from a house-style file: editions list articles.
func isEditionManifest(path string) bool {
	data, err := os.ReadFile(path)
	if err != nil {
		return true // let the loader report it
	}
	var top map[string]yaml.Node
	if yaml.Unmarshal(data, &top) != nil {
		return true
	}
	_, ok := top["articles"]
	return ok
}

func outputPath(out string, ed *manifest.Edition) string {
	date := ed.Date.Format("2006-01-02")
	parts := []string{slug(ed.Paper)}
	if ed.Name != "" {
		parts = append(parts, slug(ed.Name))
	}
	parts = append(parts, date)
	return filepath.Join(out, date, strings.Join(parts, "-")+".pdf")
}

// slug makes a file-name-safe lower-case name: letters and digits, single dashes.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

func buildCommand() *cli.Command {
	return &cli.Command{
		Name:      "build",
		Usage:     "lay out editions and write one PDF per edition",
		ArgsUsage: "MANIFEST|DIR...",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Value: "out", Usage: "output `DIR`; PDFs go to DIR/<date>/<paper>-<edition>-<date>.pdf"},
			&cli.StringFlag{Name: "cache", Usage: "photo cache `DIR` (default: none)"},
		}, commonFlags...),
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return usageError{fmt.Errorf("build needs a manifest or a folder of manifests")}
			}
			paths, err := manifests(c.Args().Slice())
			if errors.As(err, new(usageError)) {
				return err
			}
			if err != nil {
				return cli.Exit("epaper: "+err.Error(), exitInput)
			}
			var cache *photo.Cache
			if dir := c.String("cache"); dir != "" {
				if cache, err = photo.OpenCache(dir); err != nil {
					return cli.Exit("epaper: "+err.Error(), exitInput)
				}
			}
			failed := 0
			for _, p := range paths {
				if err := buildOne(c, p, cache); err != nil {
					fmt.Fprintln(c.App.ErrWriter, err)
					failed++
				}
			}
			if failed > 0 {
				return cli.Exit(fmt.Sprintf("epaper: %d of %d editions failed", failed, len(paths)), exitInput)
			}
			return nil
		},
	}
}

// bugHint follows every internal error: the input may be odd, but a crash is our fault.
const bugHint = "this is a bug in epaper; please report it with the manifest"

// buildEdition lays out a loaded edition; tests replace it to inject faults.
var buildEdition = layout.Build

// layOut loads and lays out one manifest. A panic below it (in layout or a dependency) becomes
// an error naming the manifest, so the remaining editions are still built.
func layOut(c *cli.Context, path string, cache *photo.Cache) (ed *manifest.Edition, res *layout.Edition, err error) {
	defer func() {
		if r := recover(); r != nil {
			ed, res, err = nil, nil, fmt.Errorf("%s: internal error: %v (%s)", path, r, bugHint)
		}
	}()
	ed, err = manifest.Load(path, loadOptions(c))
	if err != nil {
		return nil, nil, err
	}
	res, err = buildEdition(ed, layout.Options{PPI: c.Float64("ppi"), MaxPixels: c.Int64("max-pixels"), Cache: cache})
	if err != nil {
		return nil, nil, err
	}
	return ed, res, nil
}

func buildOne(c *cli.Context, path string, cache *photo.Cache) error {
	ed, res, err := layOut(c, path, cache)
	if err != nil {
		return err
	}
	for _, w := range res.Report.Warnings {
		fmt.Fprintf(c.App.ErrWriter, "warning: %s\n", w)
	}
	out := outputPath(c.String("out"), ed)
	if err := pdf.WriteFile(res.Doc, out); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	fmt.Fprintf(c.App.Writer, "%s: %d pages -> %s\n", path, len(res.Doc.Pages), out)
	return nil
}

func checkCommand() *cli.Command {
	return &cli.Command{
		Name:      "check",
		Usage:     "validate and lay out editions without writing a PDF; report fill, overset and warnings",
		ArgsUsage: "MANIFEST|DIR...",
		Flags: append([]cli.Flag{
			&cli.BoolFlag{Name: "allow-overset", Usage: "exit 0 even when text is overset"},
			&cli.BoolFlag{Name: "map", Usage: "print each page's allocation map (one character per column and module row)"},
		}, commonFlags...),
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return usageError{fmt.Errorf("check needs a manifest or a folder of manifests")}
			}
			paths, err := manifests(c.Args().Slice())
			if errors.As(err, new(usageError)) {
				return err
			}
			if err != nil {
				return cli.Exit("epaper: "+err.Error(), exitInput)
			}
			bad := 0
			for _, p := range paths {
				_, res, err := layOut(c, p, nil)
				if err != nil {
					fmt.Fprintln(c.App.ErrWriter, err)
					bad++
					continue
				}
				printReport(c.App.Writer, p, res, c.Bool("map"))
				if n := res.Report.Overset(); n > 0 && !c.Bool("allow-overset") {
					fmt.Fprintf(c.App.ErrWriter, "epaper: %s: %d lines overset (cut the text, or pass --allow-overset)\n", p, n)
					bad++
				}
			}
			if bad > 0 {
				return cli.Exit("", exitInput)
			}
			return nil
		},
	}
}

func printReport(w io.Writer, path string, res *layout.Edition, maps bool) {
	r := res.Report
	fmt.Fprintf(w, "%s: %d pages\n", path, len(r.Pages))
	fmt.Fprintf(w, "%-5s %-16s %6s  %s\n", "page", "section", "fill", "stories")
	for _, p := range r.Pages {
		fmt.Fprintf(w, "%-5d %-16s %5.1f%%  %s\n", p.Number, p.Section, 100*p.Fill, strings.Join(p.Stories, ", "))
		if maps {
			for _, row := range strings.Split(strings.TrimSpace(p.Map), "\n") {
				fmt.Fprintf(w, "      %s\n", row)
			}
		}
	}
	fmt.Fprintf(w, "\n%-28s %6s %7s  %s\n", "story", "lines", "overset", "pages")
	for _, s := range r.Stories {
		pages := make([]string, len(s.Pages))
		for i, p := range s.Pages {
			pages[i] = fmt.Sprint(p)
		}
		fmt.Fprintf(w, "%-28s %6d %7d  %s\n", s.ID, s.Lines, s.Overset, strings.Join(pages, " → "))
	}
	for _, wn := range r.Warnings {
		fmt.Fprintf(w, "warning: %s\n", wn)
	}
}
