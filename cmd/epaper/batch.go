package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/urfave/cli/v2"

	"epaper/layout/manifest"
)

// batchFlags select and schedule the editions of build, check and proof.
func batchFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "date", Usage: "only editions dated `DATES`: 2025-10-22, 2025-10-01..2025-10-31, open ranges (2025-10-01..), today, tomorrow, yesterday; comma-separated"},
		&cli.StringFlag{Name: "shard", Usage: "only shard `I/N` (0 <= I < N) of the editions, split by a hash of each manifest's path inside its folder"},
		&cli.IntFlag{Name: "jobs", Aliases: []string{"j"}, Value: 1, Usage: "`N` editions built at once; the photo decoders (one per CPU) are shared out between them"},
		&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print only errors"},
		&cli.BoolFlag{Name: "verbose", Usage: "print every step with photo counts, also on a terminal"},
	}
}

// isTerminal tells whether w is a terminal, where progress is one line redrawn in place
// rather than a line per step; tests replace it.
var isTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// console is where a command's output goes. Editions built in parallel share it; each call
// writes whole lines under one lock, and on a terminal the progress line is taken away
// before anything else is printed and drawn again after.
type console struct {
	mu              sync.Mutex
	stdout, stderr  io.Writer
	quiet, verbose  bool
	tty             bool
	width           int
	shown           bool // the progress line is on screen
	total, finished int
	failed          int
	status          string
}

func newConsole(c *cli.Context) *console {
	con := &console{stdout: c.App.Writer, stderr: c.App.ErrWriter, quiet: c.Bool("quiet"), verbose: c.Bool("verbose")}
	con.tty = !con.quiet && isTerminal(con.stderr)
	con.width = 80
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 20 {
		con.width = n
	}
	return con
}

func (c *console) write(w io.Writer, s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.hide()
	io.WriteString(w, s)
	c.draw()
}

// out prints a result line on stdout.
func (c *console) out(format string, args ...any) {
	if !c.quiet {
		c.write(c.stdout, fmt.Sprintf(format, args...)+"\n")
	}
}

// warn prints a warning on stderr.
func (c *console) warn(format string, args ...any) {
	if !c.quiet {
		c.write(c.stderr, "warning: "+fmt.Sprintf(format, args...)+"\n")
	}
}

// note prints something the user may want to know on stderr.
func (c *console) note(format string, args ...any) {
	if !c.quiet {
		c.write(c.stderr, "note: "+fmt.Sprintf(format, args...)+"\n")
	}
}

// errorln prints an error on stderr, even when quiet.
func (c *console) errorln(msg string) { c.write(c.stderr, msg+"\n") }

// step reports a finished step of edition i: a line in a log, the progress line on a
// terminal. detail is shown only when verbose.
func (c *console) step(i int, path, what, detail string, took time.Duration) {
	if c.quiet {
		return
	}
	if c.verbose && detail != "" {
		what += "; " + detail
	}
	if c.tty && !c.verbose {
		c.mu.Lock()
		c.hide()
		c.status = path + ": " + what
		c.draw()
		c.mu.Unlock()
		return
	}
	c.write(c.stderr, fmt.Sprintf("[%d/%d] %s: %s (%s)\n", i+1, c.total, path, what, seconds(took)))
}

// begin starts the progress of a batch of n editions.
func (c *console) begin(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.total, c.finished, c.failed = n, 0, 0
}

// finish counts an edition as done.
func (c *console) finish(ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.hide()
	c.finished++
	if !ok {
		c.failed++
	}
	c.draw()
}

// end takes the progress line away for good.
func (c *console) end() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.hide()
	c.total = 0
}

// hide and draw manage the progress line; the caller holds mu.
func (c *console) hide() {
	if c.shown {
		io.WriteString(c.stderr, "\r\x1b[K")
		c.shown = false
	}
}

func (c *console) draw() {
	if !c.tty || c.total == 0 {
		return
	}
	s := fmt.Sprintf("[%d/%d]", c.finished, c.total)
	if c.failed > 0 {
		s += fmt.Sprintf(" %d failed", c.failed)
	}
	if c.status != "" && c.finished < c.total {
		s += " " + c.status
	}
	// A line that wraps could not be redrawn in place.
	if utf8.RuneCountInString(s) > c.width-1 {
		r := []rune(s)
		s = string(r[:c.width-2]) + "…"
	}
	io.WriteString(c.stderr, s)
	c.shown = true
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

// outcome is what became of one edition of a batch.
type outcome struct {
	path  string
	pages int
	took  time.Duration
	err   error
}

var errInterrupted = errors.New("not built: interrupted")

// runBatch runs work on every manifest, at most jobs at a time, and returns the outcomes in
// input order. done is called for each outcome in input order as soon as it and all before
// it are known, so that reports come out in a stable order however the jobs interleave.
// After ctx is cancelled no edition is started; those not started are errInterrupted.
func runBatch(ctx context.Context, con *console, list []found, jobs int,
	work func(i int, f found) outcome, done func(i int, o outcome)) []outcome {
	n := len(list)
	con.begin(n)
	defer con.end()
	results := make([]outcome, n)
	ready := make([]bool, n)
	type result struct {
		i int
		o outcome
	}
	next := make(chan int)
	got := make(chan result)
	go func() {
		defer close(next)
		for i := range n {
			if ctx.Err() != nil { // a free worker must not win the select below against it
				return
			}
			select {
			case <-ctx.Done():
				return
			case next <- i:
			}
		}
	}()
	var wg sync.WaitGroup
	for range max(1, min(jobs, n)) {
		wg.Go(func() {
			for i := range next {
				start := time.Now()
				o := work(i, list[i])
				o.path, o.took = list[i].path, time.Since(start)
				got <- result{i, o}
			}
		})
	}
	go func() {
		wg.Wait()
		close(got)
	}()
	flushed := 0
	flush := func() {
		for flushed < n && ready[flushed] {
			done(flushed, results[flushed])
			flushed++
		}
	}
	for r := range got {
		results[r.i], ready[r.i] = r.o, true
		con.finish(r.o.err == nil)
		flush()
	}
	for i := range results {
		if !ready[i] {
			results[i], ready[i] = outcome{path: list[i].path, err: errInterrupted}, true
		}
	}
	flush()
	return results
}

// summarize prints the table of a batch of more than one edition and returns the error
// that gives the exit code: which editions failed, or nil.
func summarize(ctx context.Context, con *console, what string, outs []outcome, table bool) error {
	if table && len(outs) > 1 && !con.quiet {
		w := len("edition")
		for _, o := range outs {
			w = max(w, utf8.RuneCountInString(o.path))
		}
		var b strings.Builder
		row := func(name, pages, secs, result string) {
			pad := strings.Repeat(" ", w-utf8.RuneCountInString(name))
			fmt.Fprintf(&b, "%s%s  %5s  %7s  %s\n", name, pad, pages, secs, result)
		}
		row("edition", "pages", "seconds", "result")
		for _, o := range outs {
			pages, result := "-", "ok"
			if o.pages > 0 {
				pages = strconv.Itoa(o.pages)
			}
			if o.err != nil {
				result = "FAILED: " + firstLine(o.err)
			}
			row(o.path, pages, fmt.Sprintf("%.2f", o.took.Seconds()), result)
		}
		con.write(con.stdout, "\n"+b.String())
	}
	var failed []string
	for _, o := range outs {
		if o.err != nil {
			failed = append(failed, o.path)
		}
	}
	if len(failed) == 0 {
		return nil
	}
	msg := fmt.Sprintf("epaper: %d of %d editions failed: %s", len(failed), len(outs), strings.Join(failed, ", "))
	if what != "" {
		msg = fmt.Sprintf("epaper: %d of %d editions failed %s: %s", len(failed), len(outs), what, strings.Join(failed, ", "))
	}
	code := exitInput
	if ctx.Err() != nil {
		code = exitInterrupted
	}
	return cli.Exit(msg, code)
}

// firstLine is an error's first line, with a count of the others (a manifest error list
// has one per problem).
func firstLine(err error) string {
	var list manifest.ErrorList
	if errors.As(err, &list) && len(list) > 1 {
		return fmt.Sprintf("%s (and %d more)", list[0].Error(), len(list)-1)
	}
	s := err.Error()
	if l, _, ok := strings.Cut(s, "\n"); ok {
		return l + " …"
	}
	return s
}
