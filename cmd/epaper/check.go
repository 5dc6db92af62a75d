package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/urfave/cli/v2"
)

func checkCommand() *cli.Command {
	return &cli.Command{
		Name:  "check",
		Usage: "validate and lay out editions without writing a PDF; report fill, overset and warnings",
		Description: "Exits 1 when an edition is invalid or has overset text (--allow-overset relaxes the latter).\n" +
			"Warnings name photos printing below 100 ppi, photos without caption or credit, characters the\n" +
			"fonts lack and paragraphs that needed emergency line breaks. --json prints one JSON document\n" +
			"(schema \"epaper-check/1\") instead of the tables.",
		ArgsUsage: "MANIFEST|DIR...",
		Flags: append(append([]cli.Flag{
			&cli.BoolFlag{Name: "allow-overset", Usage: "exit 0 even when text is overset"},
			&cli.BoolFlag{Name: "map", Usage: "print each page's allocation map (one character per column and module row)"},
			&cli.BoolFlag{Name: "json", Usage: "print the report as JSON on stdout (always with the maps)"},
		}, commonFlags()...), batchFlags()...),
		Action: checkAction,
	}
}

func checkAction(c *cli.Context) error {
	if c.NArg() == 0 {
		return usagef("check needs a manifest or a folder of manifests")
	}
	jobs := c.Int("jobs")
	if jobs < 1 {
		return usagef("--jobs %d: want at least 1", jobs)
	}
	asJSON := c.Bool("json")
	con := newConsole(c)
	s, list, err := prepare(c, con, jobs)
	if err != nil {
		return err
	}
	doc := checkReport{Schema: checkSchema, OK: true, Editions: []editionReport{}}
	if list == nil {
		if asJSON {
			return printJSON(c, doc)
		}
		return nil
	}
	reports := make([]editionReport, len(list))
	tables := make([]string, len(list))
	res := runBatch(c.Context, con, list, jobs, func(i int, f found) outcome {
		step := func(what, detail string, took time.Duration) { con.step(i, f.path, what, detail, took) }
		b, err := s.layOut(f.path, step)
		reports[i] = newEditionReport(f.path, b, err)
		if err != nil {
			if !asJSON {
				con.errorln(err.Error())
			}
			return outcome{err: err}
		}
		if !asJSON {
			var t strings.Builder
			printReport(&t, f.path, b.res.Report, c.Bool("map"))
			tables[i] = t.String()
		}
		o := outcome{pages: len(b.res.Doc.Pages)}
		if n := b.res.Report.Overset(); n > 0 && !c.Bool("allow-overset") {
			o.err = fmt.Errorf("%s: %d lines overset (cut the text, or pass --allow-overset)", f.path, n)
			con.errorln("epaper: " + o.err.Error())
		}
		return o
	}, func(i int, _ outcome) {
		// Tables come out in the order of the manifests, whatever order they finish in.
		if tables[i] != "" && !con.quiet {
			con.write(con.stdout, tables[i])
		}
	})
	for i, o := range res {
		if o.err == errInterrupted {
			reports[i] = newEditionReport(o.path, nil, o.err)
		}
	}
	err = summarize(c.Context, con, "the check", res, !asJSON)
	if asJSON {
		doc.OK = err == nil
		doc.Editions = reports
		if perr := printJSON(c, doc); perr != nil {
			return perr
		}
	}
	return err
}

func printJSON(c *cli.Context, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = c.App.Writer.Write(append(data, '\n'))
	return err
}
