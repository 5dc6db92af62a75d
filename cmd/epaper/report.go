package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"epaper/layout/compose"
	"epaper/layout/manifest"
)

// checkSchema names the JSON report's format. Within one version fields are only ever
// added; a change that could break a reader gets a new version.
const checkSchema = "epaper-check/1"

// checkReport is what `check --json` prints (and watch serves as /report.json):
//
//	{
//	  "schema": "epaper-check/1",
//	  "ok": true,                       // false exactly when check exits 1
//	  "editions": [{
//	    "manifest": "editions/2026-03-14/edition.yaml",
//	    "paper": "...", "name": "...", "date": "2026-03-14",   // absent if the manifest did not load
//	    "result": "ok",                 // "ok", "overset" or "invalid"
//	    "oversetLines": 0,
//	    "pages": [{"number": 1, "section": "Front Page", "fill": 0.996,
//	               "stories": ["storm-night", ...],
//	               "map": ["######", "aaabbb", ...]}],  // a row per module row, a character per column
//	    "stories": [{"id": "storm-night", "headline": "...", "lines": 247, "overset": 0,
//	                 "pages": [1, 2], "emergencyParagraphs": 0}],
//	    "warnings": [{"file": "...", "line": 12, "column": 5, "field": "articles[0].photos[0].src",
//	                  "message": "..."}],
//	    "errors": [ same shape as warnings, plus "hint" ]
//	  }]
//	}
//
// Arrays are always present (empty rather than null); line and column are 0 when unknown.
type checkReport struct {
	Schema   string          `json:"schema"`
	OK       bool            `json:"ok"`
	Editions []editionReport `json:"editions"`
}

type editionReport struct {
	Manifest     string        `json:"manifest"`
	Paper        string        `json:"paper,omitempty"`
	Name         string        `json:"name,omitempty"`
	Date         string        `json:"date,omitempty"`
	Result       string        `json:"result"`
	OversetLines int           `json:"oversetLines"`
	Pages        []pageJSON    `json:"pages"`
	Stories      []storyJSON   `json:"stories"`
	Warnings     []problemJSON `json:"warnings"`
	Errors       []problemJSON `json:"errors"`
}

type pageJSON struct {
	Number  int      `json:"number"`
	Section string   `json:"section"`
	Fill    float64  `json:"fill"` // share of the live area's column-lines in use, 0..1
	Stories []string `json:"stories"`
	Map     []string `json:"map"`
}

type storyJSON struct {
	ID                  string `json:"id"`
	Headline            string `json:"headline"`
	Lines               int    `json:"lines"`   // body lines set
	Overset             int    `json:"overset"` // body lines that found no place
	Pages               []int  `json:"pages"`
	EmergencyParagraphs int    `json:"emergencyParagraphs"` // paragraphs set with emergency line breaks
}

type problemJSON struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
	Hint    string `json:"hint,omitempty"`
}

// Results of an edition.
const (
	resultOK      = "ok"
	resultOverset = "overset"
	resultInvalid = "invalid"
)

// newEditionReport describes one edition: b when it was laid out, else err.
func newEditionReport(path string, b *built, err error) editionReport {
	r := editionReport{Manifest: path, Result: resultOK, Pages: []pageJSON{}, Stories: []storyJSON{},
		Warnings: []problemJSON{}, Errors: []problemJSON{}}
	if err != nil {
		r.Result = resultInvalid
		r.Errors = problems(path, err)
		return r
	}
	ed, rep := b.ed, b.res.Report
	r.Paper, r.Name, r.Date = ed.Paper, ed.Name, ed.Date.Format(time.DateOnly)
	heads := map[string]string{}
	for _, a := range ed.Articles {
		heads[a.ID] = a.Headline
	}
	for _, p := range rep.Pages {
		r.Pages = append(r.Pages, pageJSON{Number: p.Number, Section: p.Section, Fill: p.Fill,
			Stories: nonNil(p.Stories), Map: nonNil(strings.Fields(p.Map))})
	}
	for _, s := range rep.Stories {
		r.Stories = append(r.Stories, storyJSON{ID: s.ID, Headline: heads[s.ID], Lines: s.Lines, Overset: s.Overset,
			Pages: nonNil(s.Pages), EmergencyParagraphs: s.Emergency})
	}
	for _, w := range rep.Warnings {
		r.Warnings = append(r.Warnings, problemJSON{File: w.Pos.File, Line: w.Pos.Line, Column: w.Pos.Col, Field: w.Field, Message: w.Msg})
	}
	if r.OversetLines = rep.Overset(); r.OversetLines > 0 {
		r.Result = resultOverset
	}
	return r
}

// problems turns an error into positioned problems: one per entry of a manifest error list;
// anything else is a problem of the whole file.
func problems(path string, err error) []problemJSON {
	var list manifest.ErrorList
	var one *manifest.Error
	switch {
	case errors.As(err, &list):
		out := make([]problemJSON, 0, len(list))
		for _, e := range list {
			out = append(out, problem(e))
		}
		return out
	case errors.As(err, &one):
		return []problemJSON{problem(one)}
	}
	return []problemJSON{{File: path, Message: strings.TrimPrefix(err.Error(), path+": ")}}
}

func problem(e *manifest.Error) problemJSON {
	return problemJSON{File: e.Pos.File, Line: e.Pos.Line, Column: e.Pos.Col, Field: e.Field, Message: e.Msg, Hint: e.Hint}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// printReport writes check's table for one edition.
func printReport(w io.Writer, path string, rep *compose.Report, maps bool) {
	fmt.Fprintf(w, "%s: %d pages\n", path, len(rep.Pages))
	fmt.Fprintf(w, "%-5s %-16s %6s  %s\n", "page", "section", "fill", "stories")
	for _, p := range rep.Pages {
		fmt.Fprintf(w, "%-5d %-16s %5.1f%%  %s\n", p.Number, p.Section, 100*p.Fill, strings.Join(p.Stories, ", "))
		if maps {
			for _, row := range strings.Split(strings.TrimSpace(p.Map), "\n") {
				fmt.Fprintf(w, "      %s\n", row)
			}
		}
	}
	fmt.Fprintf(w, "\n%-28s %6s %7s %9s  %s\n", "story", "lines", "overset", "emergency", "pages")
	for _, s := range rep.Stories {
		pages := make([]string, len(s.Pages))
		for i, p := range s.Pages {
			pages[i] = fmt.Sprint(p)
		}
		fmt.Fprintf(w, "%-28s %6d %7d %9d  %s\n", s.ID, s.Lines, s.Overset, s.Emergency, strings.Join(pages, " → "))
	}
	for _, wn := range rep.Warnings {
		fmt.Fprintf(w, "warning: %s\n", wn)
	}
}
