package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"strings"
	"sync"
	"syscall"

	"github.com/urfave/cli/v2"
	"gopkg.in/yaml.v3"

	"epaper/layout/manifest"
	"epaper/layout/split"
)

// version is set at build time with -ldflags "-X main.version=..."; otherwise the module
// version from the build info is used.
var version = ""

// Exit codes.
const (
	exitOK          = 0
	exitInput       = 1   // an input is wrong (manifest, photo, font), or an edition failed
	exitUsage       = 2   // the command line is wrong
	exitInterrupted = 130 // stopped by Ctrl-C or SIGTERM, as shells report SIGINT
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
		Commands:       []*cli.Command{buildCommand(), checkCommand(), proofCommand(), watchCommand(), serveCommand(), cacheCommand()},
	}
	// A command's flags are parsed by the command, which has its own usage-error hook.
	var hook func([]*cli.Command)
	hook = func(cs []*cli.Command) {
		for _, c := range cs {
			c.OnUsageError = onUsageError
			if act := c.Action; act != nil {
				c.Action = func(ctx *cli.Context) error {
					parsed(ctx.App)
					return act(ctx)
				}
			}
			hook(c.Subcommands)
		}
	}
	hook(app.Commands)
	return app
}

// onUsageError marks flag errors (unknown flag, bad value) as usage errors: exit 2.
func onUsageError(_ *cli.Context, err error, _ bool) error { return usageError{err} }

type usageError struct{ error }

func (u usageError) Unwrap() error { return u.error }

// usagef is a usage error with a formatted message.
func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// run executes the CLI and returns the process exit code; the one place that prints errors.
func run(args []string, stdout, stderr io.Writer) int {
	return runContext(context.Background(), args, stdout, stderr)
}

// runContext is run with a context whose cancellation stops batches and watch.
func runContext(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return runAppContext(ctx, newApp(stdout, stderr), args, stderr)
}

// runApp runs app and turns its error, or a panic, into a message and an exit code.
func runApp(app *cli.App, args []string, stderr io.Writer) int {
	return runAppContext(context.Background(), app, args, stderr)
}

// parsing serializes urfave/cli's parsing of the command line: it writes to help flags and
// commands that are package variables shared by every App, so two runs in one process (as
// in the tests) would race. The lock is held from the start of a run until the command's
// action starts, or the run ends.
var parsing sync.Mutex

// parsed releases parsing once the command line of app's run is parsed.
func parsed(app *cli.App) {
	if unlock, ok := app.Metadata["unlock"].(func()); ok {
		unlock()
	}
}

func runAppContext(ctx context.Context, app *cli.App, args []string, stderr io.Writer) (code int) {
	parsing.Lock()
	if app.Metadata == nil {
		app.Metadata = map[string]any{}
	}
	app.Metadata["unlock"] = sync.OnceFunc(parsing.Unlock)
	defer parsed(app)
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "epaper: internal error: %v (%s)\n", r, bugHint)
			code = exitInput
		}
	}()
	err := app.RunContext(ctx, args)
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

func main() {
	tuneGC()

	// The first Ctrl-C lets a batch finish the editions it is writing and watch shut down
	// its server; a second one kills the process as usual.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	stopProfile := startProfile(os.Getenv("EPAPER_CPUPROFILE"))
	writeAllocs := startAllocProfile(os.Getenv("EPAPER_MEMPROFILE"))
	code := runContext(ctx, os.Args, os.Stdout, os.Stderr)
	stopProfile()
	writeAllocs()
	os.Exit(code)
}

// startProfile writes a CPU profile of the run to path (none when empty), for `go tool
// pprof`: how the time of a real build divides is what speed work starts from.
func startProfile(path string) (stop func()) {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "epaper: EPAPER_CPUPROFILE: %v\n", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

// startAllocProfile samples allocations finely and, when the run ends, writes them to path
// (none when empty): on a warm build fresh memory, not arithmetic, is most of the time.
func startAllocProfile(path string) (write func()) {
	if path == "" {
		return func() {}
	}
	runtime.MemProfileRate = 4096
	return func() {
		f, err := os.Create(path)
		if err == nil {
			err = pprof.Lookup("allocs").WriteTo(f, 0)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "epaper: EPAPER_MEMPROFILE: %v\n", err)
		}
	}
}

// tuneGC trades memory the process can spare for collector time: layout allocates many
// short-lived candidates (at GOGC=100 the collector took a fifth of a warm build), while the
// photo stage's large buffers would push a doubled heap goal past the 300 MB a nightly job
// is given. GOGC 200 with a 200 MiB soft limit measured 8% less CPU warm and a lower peak
// cold (215 MB against 249 MB, 52-page stress edition). GOGC and GOMEMLIMIT in the
// environment win.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(200 << 20)
	}
}

// bugHint follows every internal error: the input may be odd, but a crash is our fault.
const bugHint = "this is a bug in epaper; please report it with the manifest"

// found is a manifest to build and the name sharding hashes: its path relative to the
// folder it was found in (slash-separated), or the path as given for a file argument, so
// that every machine of a sharded batch agrees wherever the folder is mounted.
type found struct {
	path, key string
}

// manifests expands the arguments: files are taken as they are, folders are searched for
// edition manifests (YAML files with an articles list), in a stable order.
func manifests(args []string) ([]found, error) {
	for _, a := range args {
		// urfave/cli stops parsing flags at the first argument: "build x.yaml -o out".
		if _, err := os.Stat(a); err != nil && strings.HasPrefix(a, "-") {
			return nil, usagef("%s: flags must come before the manifests", a)
		}
	}
	var out []found
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", a, errors.Unwrap(err))
		}
		if !st.IsDir() {
			out = append(out, found{a, filepath.ToSlash(filepath.Clean(a))})
			continue
		}
		var in []found
		err = filepath.WalkDir(a, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || !(strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
				return nil
			}
			if isEditionManifest(p) {
				rel, err := filepath.Rel(a, p)
				if err != nil {
					rel = p
				}
				in = append(in, found{p, filepath.ToSlash(rel)})
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if len(in) == 0 {
			return nil, fmt.Errorf("%s: no edition manifests (YAML files with an articles list) found", a)
		}
		sort.Slice(in, func(i, j int) bool { return in[i].path < in[j].path })
		out = append(out, in...)
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

// outputPath is where an edition's PDF goes: out/<date>/<paper>-<name>-<date>.pdf.
func outputPath(out string, ed *manifest.Edition) string {
	date := ed.Date.Format("2006-01-02")
	parts := []string{slug(ed.Paper)}
	if ed.Name != "" {
		parts = append(parts, slug(ed.Name))
	}
	parts = append(parts, date)
	return filepath.Join(out, date, strings.Join(parts, "-")+".pdf")
}

// slug makes a file-name-safe lower-case name; the single pages use the same rule.
func slug(s string) string { return split.Slug(s) }
