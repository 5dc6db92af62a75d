package manifest

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// wantErr describes one expected problem.
type wantErr struct {
	file     string // file the message must name; "" = city.yaml
	at       string // the error sits where this text first occurs in that file; "" = no line
	lineOnly bool   // yaml.v3 syntax errors carry a line but no column
	field    string
	msg      string // substring of Msg
	hint     string // substring of Hint
}

const (
	date    = "edition: {date: 2025-10-22}\n"
	article = "articles:\n  - id: a\n    headline: Headline\n    body: Body text.\n"
)

var badCases = []struct {
	name  string
	yaml  string
	files map[string]string
	opt   Options
	want  []wantErr
}{
	// Decoding.
	{name: "unknown top-level key suggests the near miss",
		yaml: date + "artciles:\n  - id: a\n",
		want: []wantErr{{at: "artciles", field: "artciles", msg: `unknown key "artciles"`, hint: `did you mean "articles"?`}}},
	{name: "unknown article key suggests the near miss",
		yaml: date + "articles:\n  - id: a\n    hedline: H\n    headline: H\n    body: B\n",
		want: []wantErr{{at: "hedline", field: "articles[0].hedline", msg: "unknown key", hint: `"headline"`}}},
	{name: "unknown key far from any lists the valid keys",
		yaml: date + "page:\n  colour: red\n" + article,
		want: []wantErr{{at: "colour", field: "page.colour", msg: `unknown key "colour"`, hint: "valid: size, margins, gutter, columns, rows."}}},
	{name: "articles must be a list",
		yaml: date + "articles: lots\n",
		want: []wantErr{{at: "lots", field: "articles", msg: `expected a list, got "lots"`, hint: `"- "`}}},
	{name: "a section must be a mapping",
		yaml: date + "page: 5\n" + article,
		want: []wantErr{{at: "5\narticles", field: "page", msg: `expected a mapping, got "5"`}}},
	{name: "a word where a number belongs",
		yaml: date + "page:\n  columns: twelve\n" + article,
		want: []wantErr{{at: "twelve", field: "page.columns", msg: `expected a number, got "twelve"`}}},
	{name: "a fraction where a whole number belongs",
		yaml: date + "page:\n  columns: 5.5\n" + article,
		want: []wantErr{{at: "5.5", field: "page.columns", msg: "expected a whole number, got 5.5"}}},
	{name: "a word where true or false belongs",
		yaml: date + "type:\n  body: {hyphenate: maybe}\n" + article,
		want: []wantErr{{at: "maybe", field: "type.body.hyphenate", msg: "expected true or false", hint: "true or false"}}},
	{name: "missing date is reported at the edition mapping",
		yaml: "edition:\n  paper: X\n" + article,
		want: []wantErr{{at: "paper: X", field: "edition.date", msg: `required key "date" is missing`, hint: "2025-10-22"}}},
	{name: "missing edition is reported at the top of the file",
		yaml: article,
		want: []wantErr{{at: "articles", field: "edition.date", msg: `"date" is missing`}}},
	{name: "missing article keys are reported at the article's first line",
		yaml: date + "articles:\n  - id: b\n    deck: D\n",
		want: []wantErr{
			{at: "id: b", field: "articles[0].headline", msg: `required key "headline" is missing`, hint: "id, headline and body"},
			{at: "id: b", field: "articles[0].body", msg: `required key "body" is missing`, hint: "id, headline and body"},
		}},
	{name: "a required key without a value",
		yaml: date + "articles:\n  - id: a\n    headline: H\n    body:\n",
		want: []wantErr{{at: "body:", field: "articles[0].body", msg: "has no value"}}},
	{name: "duplicate key names the first line",
		yaml: date + "page:\n  columns: 5\n  columns: 6\n" + article,
		want: []wantErr{{at: "columns: 6", field: "page.columns", msg: `key "columns" is already defined at line 3`}}},
	{name: "unsupported YAML tag",
		yaml: date + "edition2: !!binary aGVsbG8=\n" + article,
		want: []wantErr{
			{at: "edition2", field: "edition2", msg: "unknown key", hint: `did you mean "edition"?`},
			{at: "!!binary", field: "edition2", msg: "YAML tag !!binary is not supported"},
		}},
	{name: "alias that contains itself",
		yaml: date + article + "sections: &s [A, *s]\n",
		want: []wantErr{{at: "*s", field: "sections[1]", msg: "alias *s refers to itself"}}},
	{name: "tab in indentation gives yaml's line and a hint",
		yaml: date + "page:\n\tcolumns: 5\n",
		want: []wantErr{{at: "\tcolumns", lineOnly: true, msg: "cannot start any token", hint: "spaces"}}},
	{name: "syntax error gives yaml's line",
		yaml: date + "sections: [A, B\n" + article,
		want: []wantErr{{at: "sections", lineOnly: true, msg: "did not find expected ',' or ']'", hint: "quoting"}}},
	{name: "parser error deep in the file gives the line of the construct",
		yaml: date + article + "ads:\n  - src: ads/ad.jpg\n   page: 2\n",
		want: []wantErr{{at: "  - src: ads/ad.jpg", lineOnly: true, msg: "did not find expected '-' indicator"}}},
	{name: "syntax error on the first line",
		yaml: "edition: date: 2025-10-22\n" + article,
		want: []wantErr{{at: "edition", lineOnly: true, msg: "mapping values are not allowed", hint: "quotes"}}},
	{name: "unknown anchor is located",
		yaml: date + article + "sections: *nope\n",
		want: []wantErr{{at: "*nope", msg: "unknown anchor 'nope'", hint: "&name"}}},
	{name: "empty file",
		yaml: "",
		want: []wantErr{{msg: "the manifest is empty"}}},
	{name: "file with only comments is empty",
		yaml: "# nothing yet\n",
		want: []wantErr{{msg: "the manifest is empty"}}},
	{name: "a list is not a manifest",
		yaml: "- edition\n- articles\n",
		want: []wantErr{{at: "- edition", msg: "must be a mapping", hint: "edition:"}}},
	{name: "a second YAML document is refused",
		yaml: date + article + "---\nedition: {date: 2025-10-23}\n",
		want: []wantErr{{at: "---", lineOnly: true, msg: "more than one YAML document", hint: "---"}}},
	{name: "invalid UTF-8 is located exactly",
		yaml: date + "articles:\n  - id: a\n    headline: Caf\xe9\n    body: B\n",
		want: []wantErr{{at: "\xe9", msg: "invalid UTF-8 (byte 0xe9)", hint: "UTF-8"}}},
	{name: "raw control character in the file is located exactly",
		yaml: date + "articles:\n  - id: a\n    headline: Bell\x07\n    body: B\n",
		want: []wantErr{{at: "\x07", msg: "control character U+0007", hint: "remove"}}},

	// Edition.
	{name: "impossible date",
		yaml: "edition: {date: 2025-02-30}\n" + article,
		want: []wantErr{{at: "2025-02-30", field: "edition.date", msg: `"2025-02-30" is not a valid date`, hint: "YYYY-MM-DD"}}},
	{name: "a word is not a date",
		yaml: "edition: {date: yesterday}\n" + article,
		want: []wantErr{{at: "yesterday", field: "edition.date", msg: `"yesterday" is not a date`, hint: "YYYY-MM-DD"}}},
	{name: "unknown language lists the supported ones",
		yaml: "edition: {date: 2025-10-22, language: fr-FR}\n" + article,
		want: []wantErr{{at: "fr-FR", field: "edition.language", msg: `language "fr-FR"`, hint: "en-GB, en-US"}}},
	{name: "negative volume",
		yaml: "edition: {date: 2025-10-22, volume: -4}\n" + article,
		want: []wantErr{{at: "-4", field: "edition.volume", msg: "must not be negative, got -4"}}},
	{name: "negative number",
		yaml: "edition: {date: 2025-10-22, number: -1}\n" + article,
		want: []wantErr{{at: "-1}", field: "edition.number", msg: "must not be negative"}}},

	// Page.
	{name: "unknown page size suggests the near miss",
		yaml: date + "page: {size: broadshet}\n" + article,
		want: []wantErr{{at: "broadshet", field: "page.size", msg: `unknown page size "broadshet"`, hint: `did you mean "broadsheet"?`}}},
	{name: "unknown page size lists the sizes",
		yaml: date + "page: {size: letter}\n" + article,
		want: []wantErr{{at: "letter", field: "page.size", msg: "unknown page size", hint: "broadsheet, berliner, tabloid, a3, a4"}}},
	{name: "malformed custom page size",
		yaml: date + "page: {size: 315mm x wide}\n" + article,
		want: []wantErr{{at: "315mm", field: "page.size", msg: "bad custom page size", hint: "WIDTH x HEIGHT"}}},
	{name: "zero gutter",
		yaml: date + "page: {gutter: 0mm}\n" + article,
		want: []wantErr{{at: "0mm", field: "page.gutter", msg: "must be greater than zero"}}},
	{name: "negative margin side",
		yaml: date + "page:\n  margins: {top: -3mm}\n" + article,
		want: []wantErr{{at: "-3mm", field: "page.margins.top", msg: "greater than zero"}}},
	{name: "length without a unit",
		yaml: date + "type:\n  body: {size: 9}\n" + article,
		want: []wantErr{{at: "9}", field: "type.body.size", msg: "has no unit", hint: "mm, cm, in or pt"}}},
	{name: "zero columns",
		yaml: date + "page: {columns: 0}\n" + article,
		want: []wantErr{{at: "0}", field: "page.columns", msg: "must be between 1 and 100, got 0"}}},
	{name: "negative rows",
		yaml: date + "page: {rows: -2}\n" + article,
		want: []wantErr{{at: "-2}", field: "page.rows", msg: "got -2"}}},
	{name: "columns too narrow for the body type say how wide they came to",
		yaml: date + "page: {size: a4, columns: 12}\n" + article,
		want: []wantErr{{at: "12}", field: "page.columns", msg: "columns come to 11.8 mm wide", hint: "fewer columns"}}},
	{name: "module rows too short for three lines",
		yaml: date + "page: {size: a4, rows: 30}\n" + article,
		want: []wantErr{{at: "30}", field: "page.rows", msg: "module rows come to", hint: "fewer rows"}}},
	{name: "margins that eat the page",
		yaml: date + "page: {size: a4, margins: 110mm}\n" + article,
		want: []wantErr{{at: "110mm", field: "page.margins", msg: "the margins leave no room", hint: "smaller margins"}}},
	{name: "margins map with an unknown side",
		yaml: date + "page:\n  margins: {top: 10mm, left: 10mm}\n" + article,
		want: []wantErr{{at: "left", field: "page.margins.left", msg: "unknown key", hint: "valid: top, bottom, inside, outside"}}},

	// Type.
	{name: "leading smaller than the size",
		yaml: date + "type:\n  body: {size: 10pt, leading: 9pt}\n" + article,
		want: []wantErr{{at: "9pt", field: "type.body.leading", msg: "smaller than the type size"}}},
	{name: "tolerance out of range",
		yaml: date + "type:\n  body: {tolerance: 20000}\n" + article,
		want: []wantErr{{at: "20000", field: "type.body.tolerance", msg: "between 1 and 10000"}}},
	{name: "max_hyphens out of range",
		yaml: date + "type:\n  body: {max_hyphens: 0}\n" + article,
		want: []wantErr{{at: "0}", field: "type.body.max_hyphens", msg: "between 1 and 10"}}},
	{name: "unknown font family suggests the near miss",
		yaml: date + "type:\n  headline: {font: sams-bold}\n" + article,
		want: []wantErr{{at: "sams-bold", field: "type.headline.font", msg: `unknown font family "sams"`, hint: `did you mean "sans"?`}}},
	{name: "unknown font style lists the styles",
		yaml: date + "type:\n  headline: {font: serif-heavy}\n" + article,
		want: []wantErr{{at: "serif-heavy", field: "type.headline.font", msg: `unknown font style "heavy"`, hint: "bold-italic"}}},
	{name: "font family without a regular file",
		yaml: date + "type:\n  fonts:\n    body: {bold: fonts/B.ttf}\n" + article,
		want: []wantErr{{at: "{bold", field: "type.fonts.body.regular", msg: `"regular" is missing`}}},
	{name: "referenced font style missing from the family",
		yaml: date + "type:\n  body: {font: house-italic}\n  fonts:\n    house: {regular: fonts/R.ttf}\n" + article,
		want: []wantErr{{at: "house-italic", field: "type.body.font", msg: `font family "house" has no italic style`, hint: "add italic:"}}},
	{name: "missing font file",
		yaml: date + "type:\n  fonts:\n    house: {regular: fonts/Missing.ttf}\n" + article,
		want: []wantErr{{at: "fonts/Missing.ttf", field: "type.fonts.house.regular", msg: "font file not found"}}},

	// Articles.
	{name: "priority outside 1..5",
		yaml: date + "articles:\n  - id: a\n    priority: 7\n    headline: H\n    body: B\n",
		want: []wantErr{{at: "7", field: "articles[0].priority", msg: "between 1 and 5, got 7", hint: "lead"}}},
	{name: "blank headline",
		yaml: date + "articles:\n  - id: a\n    headline: \"   \"\n    body: B\n",
		want: []wantErr{{at: `"   "`, field: "articles[0].headline", msg: "must not be empty"}}},
	{name: "blank body",
		yaml: date + "articles:\n  - id: a\n    headline: H\n    body: |\n\n\n",
		want: []wantErr{{at: "|", field: "articles[0].body", msg: "must not be empty"}}},
	{name: "escaped control character in a headline",
		yaml: date + "articles:\n  - id: a\n    headline: \"Bell\\a\"\n    body: B\n",
		want: []wantErr{{at: `"Bell`, field: "articles[0].headline", msg: "control character U+0007"}}},
	{name: "NUL in the body",
		yaml: date + "articles:\n  - id: a\n    headline: H\n    body: \"one\\0two\"\n",
		want: []wantErr{{at: `"one`, field: "articles[0].body", msg: "control character U+0000"}}},
	{name: "line break in a headline",
		yaml: date + "articles:\n  - id: a\n    headline: |\n      Two\n      lines\n    body: B\n",
		want: []wantErr{{at: "|", field: "articles[0].headline", msg: "line breaks are not allowed", hint: ">"}}},
	{name: "id that is not a slug",
		yaml: date + "articles:\n  - id: Japan Defence\n    headline: H\n    body: B\n",
		want: []wantErr{{at: "Japan", field: "articles[0].id", msg: "is not a slug", hint: "letters, digits"}}},
	{name: "duplicate article id names the first line",
		yaml: date + "articles:\n  - id: dup\n    headline: First\n    body: B\n  - id: dup\n    headline: Second\n    body: B\n",
		want: []wantErr{{at: "dup\n    headline: Second", field: "articles[1].id", msg: `duplicate article id "dup" (first used at line 3)`}}},
	{name: "article section not among the sections",
		yaml: date + "sections: [Nation, World]\narticles:\n  - id: a\n    section: Wrold\n    headline: H\n    body: B\n",
		want: []wantErr{{at: "Wrold", field: "articles[0].section", msg: `unknown section "Wrold"`, hint: "sections: Nation, World"}}},
	{name: "duplicate section",
		yaml: date + "sections: [Nation, World, Nation]\n" + article,
		want: []wantErr{{at: "Nation]", field: "sections[2]", msg: `duplicate section "Nation"`}}},

	// Photos and paths.
	{name: "missing photo",
		yaml: date + "articles:\n  - id: a\n    headline: H\n    body: B\n    photos:\n      - src: photos/none.jpg\n",
		want: []wantErr{{at: "photos/none.jpg", field: "articles[0].photos[0].src", msg: "photo not found", hint: "relative to the file"}}},
	{name: "photo that is a folder",
		yaml: date + "articles:\n  - id: a\n    headline: H\n    body: B\n    photos:\n      - src: photos/folder.jpg\n",
		want: []wantErr{{at: "photos/folder.jpg", field: "articles[0].photos[0].src", msg: "not a regular file"}}},
	{name: "photo symlinked outside the manifest's folder",
		yaml: date + "articles:\n  - id: a\n    headline: H\n    body: B\n    photos:\n      - src: photos/a.jpg\n      - src: photos/link.jpg\n",
		want: []wantErr{{at: "photos/link.jpg", field: "articles[0].photos[1].src", msg: "outside the manifest's folder", hint: "--allow-outside"}}},
	{name: "photo path climbing out of the folder",
		yaml: date + "articles:\n  - id: a\n    headline: H\n    body: B\n    photos:\n      - src: ../outside/secret.jpg\n",
		want: []wantErr{{at: "../outside", field: "articles[0].photos[0].src", msg: "outside", hint: "--allow-outside"}}},
	{name: "photo without src",
		yaml: date + "articles:\n  - id: a\n    headline: H\n    body: B\n    photos:\n      - caption: Nobody\n",
		want: []wantErr{{at: "caption: Nobody", field: "articles[0].photos[0].src", msg: `"src" is missing`}}},
	{name: "focus outside 0..1",
		yaml: date + "articles:\n  - id: a\n    headline: H\n    body: B\n    photos:\n      - src: photos/a.jpg\n        focus: [0.5, 1.5]\n",
		want: []wantErr{{at: "1.5", field: "articles[0].photos[0].focus[1]", msg: "between 0 and 1, got 1.5"}}},
	{name: "focus with three numbers",
		yaml: date + "articles:\n  - id: a\n    headline: H\n    body: B\n    photos:\n      - src: photos/a.jpg\n        focus: [0.1, 0.2, 0.3]\n",
		want: []wantErr{{at: "[0.1", field: "articles[0].photos[0].focus", msg: "expected two numbers, got 3"}}},

	// Placement.
	{name: "place outside the grid",
		yaml: date + "articles:\n  - id: a\n    headline: H\n    body: B\n    place: {page: 1, column: 4, row: 1, columns: 4, rows: 2}\n",
		want: []wantErr{{at: "{page", field: "articles[0].place", msg: "spans columns 4..7", hint: "columns 1..6"}}},
	{name: "place without a size",
		yaml: date + "articles:\n  - id: a\n    headline: H\n    body: B\n    place: {page: 2}\n",
		want: []wantErr{
			{at: "{page", field: "articles[0].place.columns", msg: `"columns" is missing`},
			{at: "{page", field: "articles[0].place.rows", msg: `"rows" is missing`},
		}},
	{name: "two placed articles collide, naming both",
		yaml: date + "articles:\n  - id: lead\n    headline: H\n    body: B\n    place: {page: 1, column: 1, row: 1, columns: 4, rows: 6}\n" +
			"  - id: second\n    headline: H\n    body: B\n    place: {page: 1, column: 3, row: 5, columns: 3, rows: 2}\n",
		want: []wantErr{{at: "{page: 1, column: 3", field: "articles[1].place", msg: `article "second" overlaps article "lead" (articles[0].place, at line 6) on page 1`}}},
	{name: "an ad in a corner collides with a placed article",
		yaml: date + "articles:\n  - id: a\n    headline: H\n    body: B\n    place: {page: 2, column: 5, row: 10, columns: 1, rows: 1}\n" +
			"ads:\n  - id: bank\n    src: ads/ad.jpg\n    page: 2\n    columns: 3\n    rows: 2\n",
		want: []wantErr{{at: "id: bank", field: "ads[0]", msg: `ad "bank" overlaps article "a"`}}},
	{name: "ad larger than the grid",
		yaml: date + article + "ads:\n  - src: ads/ad.jpg\n    columns: 8\n",
		want: []wantErr{{at: "src: ads", field: "ads[0]", msg: `ad "ad-1" is 8 columns wide; the grid has 6`}}},
	{name: "unknown ad position suggests the near miss",
		yaml: date + article + "ads:\n  - src: ads/ad.jpg\n    position: botom-left\n",
		want: []wantErr{{at: "botom-left", field: "ads[0].position", msg: `unknown ad position "botom-left"`, hint: `did you mean "bottom-left"?`}}},
	{name: "ad with both position and place",
		yaml: date + article + "ads:\n  - src: ads/ad.jpg\n    position: top\n    place: {column: 1, row: 1}\n",
		want: []wantErr{{at: "{column", field: "ads[0].place", msg: "either position or place"}}},
	{name: "ad place cannot set the size",
		yaml: date + article + "ads:\n  - src: ads/ad.jpg\n    place: {column: 1, row: 1, columns: 2}\n",
		want: []wantErr{{at: "columns: 2", field: "ads[0].place.columns", msg: "cannot set columns", hint: "on the ad itself"}}},
	{name: "duplicate ad id names the first line",
		yaml: date + article + "ads:\n  - id: x\n    src: ads/ad.jpg\n  - id: x\n    src: ads/ad.jpg\n    page: 2\n",
		want: []wantErr{{at: "x\n    src: ads/ad.jpg\n    page", field: "ads[1].id", msg: `duplicate ad id "x" (first used at line 7)`}}},
	{name: "placed page beyond edition.pages",
		yaml: "edition: {date: 2025-10-22, pages: 2}\narticles:\n  - id: a\n    headline: H\n    body: B\n    place: {page: 3, column: 1, row: 1, columns: 1, rows: 1}\n",
		want: []wantErr{{at: "{page", field: "articles[0].place", msg: "page 3 is beyond edition.pages (2)"}}},

	// Page plan.
	{name: "page plan names an unknown section",
		yaml: date + "sections: [Front Page, World]\n" + article + "pages:\n  - section: Front\n",
		want: []wantErr{{at: "Front\n", field: "pages[0].section", msg: `unknown section "Front"`, hint: "Front Page, World"}}},
	{name: "page plan names an unknown article",
		yaml: date + article + "pages:\n  - articles: [b]\n",
		want: []wantErr{{at: "b]", field: "pages[0].articles[0]", msg: `unknown article "b"`}}},
	{name: "page plan lists an article twice",
		yaml: date + article + "pages:\n  - articles: [a]\n  - articles: [ a ]\n",
		want: []wantErr{{at: "a ]", field: "pages[1].articles[0]", msg: `article "a" is already listed at line 7`}}},
	{name: "page plan disagrees with the article's place",
		yaml: date + "articles:\n  - id: a\n    headline: H\n    body: B\n    place: {page: 2, column: 1, row: 1, columns: 1, rows: 1}\npages:\n  - articles: [a]\n",
		want: []wantErr{{at: "a]", field: "pages[0].articles[0]", msg: "placed on page 2 (at line 6) but listed here for page 1"}}},

	// Extends.
	{name: "error written in the house file names the house file",
		yaml:  "extends: house.yaml\n" + date + article,
		files: map[string]string{"house.yaml": "page:\n  size: tabliod\n"},
		want:  []wantErr{{file: "house.yaml", at: "tabliod", field: "page.size", hint: `"tabloid"`}}},
	{name: "missing house file is reported at extends",
		yaml: "extends: ../nowhere.yaml\n" + date + article,
		want: []wantErr{{at: "../nowhere", field: "extends", msg: "cannot read the house-style file", hint: "relative to the file"}}},
	{name: "extends loop names the chain",
		yaml:  "extends: house.yaml\n" + date + article,
		files: map[string]string{"house.yaml": "extends: city.yaml\n"},
		want:  []wantErr{{file: "house.yaml", at: "city.yaml", field: "extends", msg: "extends loop: ", hint: "remove extends"}}},
}

func TestLoadReportsBadInput(t *testing.T) {
	if len(badCases) < 35 {
		t.Fatalf("only %d cases", len(badCases))
	}
	for _, tc := range badCases {
		t.Run(tc.name, func(t *testing.T) {
			_, err, dir := loadYAML(t, tc.yaml, tc.files, tc.opt)
			if err == nil {
				t.Fatal("loaded without error")
			}
			list := asList(t, err)
			if len(list) != len(tc.want) {
				t.Fatalf("got %d problems, want %d:\n%v", len(list), len(tc.want), err)
			}
			for i, w := range tc.want {
				got := list[i]
				file := w.file
				if file == "" {
					file = "city.yaml"
				}
				text := tc.yaml
				if w.file != "" {
					text = tc.files[w.file]
				}
				if got.Pos.File != filepath.Join(dir, file) {
					t.Errorf("file = %q, want %s", got.Pos.File, file)
				}
				wantLine, wantCol := 0, 0
				if w.at != "" {
					wantLine, wantCol = markerPos(t, text, w.at)
				}
				if w.lineOnly {
					wantCol = 0
				}
				if got.Pos.Line != wantLine || got.Pos.Col != wantCol {
					t.Errorf("position = %d:%d, want %d:%d (%q)\n%v", got.Pos.Line, got.Pos.Col, wantLine, wantCol, w.at, got)
				}
				if got.Field != w.field {
					t.Errorf("field = %q, want %q", got.Field, w.field)
				}
				if !strings.Contains(got.Msg, w.msg) {
					t.Errorf("message %q lacks %q", got.Msg, w.msg)
				}
				if !strings.Contains(got.Hint, w.hint) {
					t.Errorf("hint %q lacks %q", got.Hint, w.hint)
				}
				if w.hint == "" && w.msg == "" {
					t.Errorf("case checks neither message nor hint")
				}
			}
		})
	}
}

// TestLoadReportsEveryProblemAtOnce: one run lists the problems of both files, sorted by file
// and position, so that the user fixes them in one go.
func TestLoadReportsEveryProblemAtOnce(t *testing.T) {
	main := "extends: house.yaml\n" +
		"edition: {date: 2025-13-01}\n" +
		"page: {columns: 0}\n" +
		"articles:\n" +
		"  - id: a\n" +
		"    headline: H\n" +
		"    photos: [{src: photos/gone.jpg}]\n" +
		"  - id: a\n" +
		"    headline: H\n" +
		"    body: B\n"
	house := "edition: {paper: X, languge: en}\ntype:\n  body: {size: -9pt}\n"
	_, err, dir := loadYAML(t, main, map[string]string{"house.yaml": house}, Options{})
	list := asList(t, err)
	want := []struct{ file, field string }{
		{"city.yaml", "edition.date"},
		{"city.yaml", "page.columns"},
		{"city.yaml", "articles[0].body"},
		{"city.yaml", "articles[0].photos[0].src"},
		{"city.yaml", "articles[1].id"},
		{"house.yaml", "edition.languge"},
		{"house.yaml", "type.body.size"},
	}
	if len(list) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%v", len(list), len(want), err)
	}
	for i, w := range want {
		if list[i].Pos.File != filepath.Join(dir, w.file) || list[i].Field != w.field {
			t.Errorf("problem %d = %s, want %s %s", i, list[i], w.file, w.field)
		}
	}
	if lines := strings.Count(err.Error(), "\n") + 1; lines != len(want) {
		t.Errorf("Error() has %d lines, want one per problem", lines)
	}
}

// TestLoadStopsAliasBomb: a billion-laughs file must fail quickly with a clear message rather
// than expand 10^9 values.
func TestLoadStopsAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString(date + article + "x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i <= 9; i++ {
		b.WriteString("x" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + string(rune('0'+i-1)))
		}
		b.WriteString("]\n")
	}
	start := time.Now()
	_, err, _ := loadYAML(t, b.String(), nil, Options{})
	took := time.Since(start)
	if err == nil {
		t.Fatal("alias bomb loaded")
	}
	list := asList(t, err)
	if !strings.Contains(list[0].Msg, "aliases expand to more than") || list[0].Pos.Line == 0 {
		t.Errorf("want a positioned alias message first, got:\n%v", err)
	}
	if took > 2*time.Second {
		t.Errorf("took %v", took)
	}
}

func TestLoadUnreadableFileIsPlainError(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "missing.yaml"), Options{})
	if err == nil {
		t.Fatal("no error")
	}
	if _, isList := err.(ErrorList); isList {
		t.Errorf("want a plain error, got ErrorList %v", err)
	}
}

func TestErrorFormat(t *testing.T) {
	cases := []struct {
		name string
		err  Error
		want string
	}{
		{"full position, field and hint", Error{Pos{"a.yaml", 3, 5}, "page.size", "unknown page size", "did you mean x?"},
			"a.yaml:3:5: page.size: unknown page size (did you mean x?)"},
		{"line without column", Error{Pos{"a.yaml", 3, 0}, "", "found a tab", ""}, "a.yaml:3: found a tab"},
		{"no position", Error{Pos{File: "a.yaml"}, "edition.date", "missing", ""}, "a.yaml: edition.date: missing"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.err.Error(); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}
