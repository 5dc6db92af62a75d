package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"epaper/layout/archive"
	"epaper/layout/articlemap"
	"epaper/layout/pdf"
	"epaper/layout/preview"
	"epaper/layout/proof"
	"epaper/layout/split"
)

func buildCommand() *cli.Command {
	flags := []cli.Flag{
		&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Value: "out", Usage: "output `DIR`; PDFs go to DIR/<date>/<paper>-<edition>-<date>.pdf"},
		&cli.BoolFlag{Name: "proof", Usage: "also write <name>-proof.pdf beside each PDF (see epaper proof)"},
		&cli.BoolFlag{Name: "split-pages", Usage: "also write one PDF per page: <name>-p01-<section>.pdf"},
		&cli.BoolFlag{Name: "previews", Usage: "also write PNG page previews (1200 px) and thumbnails (300 px) for e-paper viewers and the archive"},
	}
	return &cli.Command{
		Name:      "build",
		Usage:     "lay out editions and write one PDF per edition",
		ArgsUsage: "MANIFEST|DIR...",
		Flags:     append(append(flags, commonFlags()...), batchFlags()...),
		Action: func(c *cli.Context) error {
			// Every output is made from the same display list.
			outs := []output{pdfOutput, mapOutput}
			if c.Bool("proof") {
				outs = append(outs, proofOutput)
			}
			if c.Bool("split-pages") {
				outs = append(outs, splitOutput)
			}
			if c.Bool("previews") {
				outs = append(outs, previewOutput)
			}
			if err := writeEditions(c, "build", outs); err != nil {
				return err
			}
			// The subscribers' archive lists every edition in the output folder, this
			// run's and earlier ones'.
			if _, err := archive.Update(c.String("out")); err != nil {
				return cli.Exit("epaper: updating the archive index: "+err.Error(), exitInput)
			}
			return nil
		},
	}
}

func proofCommand() *cli.Command {
	return &cli.Command{
		Name:  "proof",
		Usage: "write an editor's proof of each edition: the grid, story regions with their sizes, photo frames and overset drawn over the pages",
		Description: "The proof goes where build puts the PDF, named <name>-proof.pdf. Drawn over each page: the baseline grid\n" +
			"(faint blue), columns and module rows (pink), every story's region with its id and size in columns × lines\n" +
			"(blue; ads green), photo frames with their pixels and resolution (orange), and overset text (red).",
		ArgsUsage: "MANIFEST|DIR...",
		Flags: append(append([]cli.Flag{
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Value: "out", Usage: "output `DIR`; proofs go to DIR/<date>/<paper>-<edition>-<date>-proof.pdf"},
		}, commonFlags()...), batchFlags()...),
		Action: func(c *cli.Context) error { return writeEditions(c, "proof", []output{proofOutput}) },
	}
}

// output is one file made from a built edition. Each is given the path of the edition's
// PDF, from which it names its own files, and returns the files it wrote.
type output struct {
	name  string
	write func(b *built, pdfPath string) ([]string, error)
}

var pdfOutput = output{name: "PDF", write: func(b *built, pdfPath string) ([]string, error) {
	return []string{pdfPath}, pdf.WriteFile(b.res.Doc, pdfPath)
}}

var proofOutput = output{name: "proof", write: func(b *built, pdfPath string) ([]string, error) {
	doc, err := proof.Overlay(b.res.Doc, b.ed, b.res.Report)
	if err != nil {
		return nil, err
	}
	p := proofPath(pdfPath)
	return []string{p}, pdf.WriteFile(doc, p)
}}

var mapOutput = output{name: "article map", write: func(b *built, pdfPath string) ([]string, error) {
	p, err := articlemap.Write(b.res.Doc, articlemap.FromManifest(b.ed), pdfPath)
	return []string{p}, err
}}

var splitOutput = output{name: "single pages", write: func(b *built, pdfPath string) ([]string, error) {
	return split.Write(b.res.Doc, filepath.Dir(pdfPath), strings.TrimSuffix(filepath.Base(pdfPath), ".pdf"))
}}

var previewOutput = output{name: "previews", write: func(b *built, pdfPath string) ([]string, error) {
	return preview.WriteAll(b.res.Doc, filepath.Dir(pdfPath), strings.TrimSuffix(filepath.Base(pdfPath), ".pdf"))
}}

// proofPath is where the proof of the PDF at pdfPath goes.
func proofPath(pdfPath string) string { return strings.TrimSuffix(pdfPath, ".pdf") + "-proof.pdf" }

// writeOutputs writes the outputs of one built edition in order; the first failure stops it.
func writeOutputs(b *built, outDir string, outs []output, step stepFunc) ([]string, error) {
	pdfPath := outputPath(outDir, b.ed)
	var files []string
	for _, o := range outs {
		start := time.Now()
		fs, err := o.write(b, pdfPath)
		if err != nil {
			return files, fmt.Errorf("%s: writing the %s: %w", b.path, o.name, err)
		}
		step("wrote the "+o.name, strings.Join(fs, ", "), time.Since(start))
		files = append(files, fs...)
	}
	return files, nil
}

// writeEditions lays out every selected edition and writes its outputs: the build and
// proof commands.
func writeEditions(c *cli.Context, verb string, outs []output) error {
	if c.NArg() == 0 {
		return usagef("%s needs a manifest or a folder of manifests", verb)
	}
	jobs := c.Int("jobs")
	if jobs < 1 {
		return usagef("--jobs %d: want at least 1", jobs)
	}
	con := newConsole(c)
	s, list, err := prepare(c, con, jobs)
	if err != nil || list == nil {
		return err
	}
	outDir := c.String("out")
	res := runBatch(c.Context, con, list, jobs, func(i int, f found) outcome {
		step := func(what, detail string, took time.Duration) { con.step(i, f.path, what, detail, took) }
		b, err := s.layOut(f.path, step)
		if err != nil {
			con.errorln(err.Error())
			return outcome{err: err}
		}
		for _, w := range b.res.Report.Warnings {
			con.warn("%s", w)
		}
		files, err := writeOutputs(b, outDir, outs, step)
		if err != nil {
			con.errorln(err.Error())
			return outcome{pages: len(b.res.Doc.Pages), err: err}
		}
		con.out("%s: %d pages -> %s", f.path, len(b.res.Doc.Pages), strings.Join(files, ", "))
		return outcome{pages: len(b.res.Doc.Pages)}
	}, func(int, outcome) {})
	return summarize(c.Context, con, "", res, true)
}

// prepare selects the editions and reads the shared settings. It returns a nil list, and
// says so, when the selection is empty: nothing to do is not an error (a shard may have
// no edition of the day).
func prepare(c *cli.Context, con *console, jobs int) (*settings, []found, error) {
	adviseHugePages()
	s := &settings{}
	s.load = loadOptions(c)
	list, err := selectEditions(c, s.load)
	if err != nil {
		if errors.As(err, new(usageError)) {
			return nil, nil, err
		}
		return nil, nil, cli.Exit("epaper: "+err.Error(), exitInput)
	}
	if len(list) == 0 {
		con.note("no edition matches the selection")
		return nil, nil, nil
	}
	s, err = newSettings(c, con, jobs)
	if err != nil {
		return nil, nil, err
	}
	return s, list, nil
}

func serveCommand() *cli.Command {
	return &cli.Command{
		Name:      "serve",
		Usage:     "serve an output folder (the PDFs, previews and archive index) over HTTP, for checking",
		ArgsUsage: "DIR",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "addr", Value: "127.0.0.1:8041", Usage: "listen `ADDRESS`"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usagef("serve needs one folder")
			}
			dir := c.Args().First()
			if _, err := archive.Update(dir); err != nil {
				return cli.Exit("epaper: "+err.Error(), exitInput)
			}
			fmt.Fprintf(c.App.Writer, "serving %s on http://%s/\n", dir, c.String("addr"))
			if err := archive.Serve(dir, c.String("addr")); err != nil {
				return cli.Exit("epaper: "+err.Error(), exitInput)
			}
			return nil
		},
	}
}
