package manifest

import (
	"fmt"
	"time"

	"epaper/layout/geom"
)

// Pos is where a value was written: file, 1-based line and column.
type Pos struct {
	File      string
	Line, Col int
}

func (p Pos) String() string {
	switch {
	case p.File == "":
		return "<unknown>"
	case p.Line == 0:
		return p.File
	case p.Col == 0: // yaml.v3 syntax errors carry a line only
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Edition is a validated manifest: defaults filled, paths resolved to absolute paths,
// lengths converted. Everything after loading works from this model only.
type Edition struct {
	File string // the manifest's path as given
	Dir  string // absolute folder that relative paths resolve against

	Paper    string
	Author   string // PDF author; defaults to Paper
	Name     string
	Date     time.Time // midnight UTC of the edition date
	Tagline  string
	Price    string
	Volume   int
	Number   int
	Language string // BCP 47 tag selecting hyphenation patterns, e.g. "en-US"
	Pages    int    // page-count target, 0 = automatic

	Page     PageSetup
	Type     Typography
	Sections []string
	Articles []Article
	Ads      []Ad
	Plan     []PagePlan // the optional top-level pages: list; index 0 is page 1

	Extends []string // absolute paths of the house-style files merged in, nearest first
}

// PageSetup is the physical page and its placement grid.
type PageSetup struct {
	SizeName      string // "broadsheet", ..., or "" for a custom size
	Width, Height geom.Sp
	Margins       Margins
	Columns       int
	Gutter        geom.Sp
	Rows          int // module rows of the placement grid
}

// Margins around the live area. Inside is the binding edge (left on odd pages).
type Margins struct {
	Top, Bottom, Inside, Outside geom.Sp
}

// Typography is the resolved type setup.
type Typography struct {
	Body     BodyStyle
	Headline TextStyle
	Fonts    map[string]FontFamily // user families by name; built-ins are added by the text package
}

// TextStyle names a font ("serif", "serif-bold", "sans-italic", or a family from type.fonts) and a size.
type TextStyle struct {
	Font    string
	Size    geom.Sp // 0 = automatic (headlines are sized to fit)
	Leading geom.Sp
}

// BodyStyle is the body text style plus the knobs of justification and hyphenation.
type BodyStyle struct {
	TextStyle
	Hyphenate             bool // default true
	HyphenateCapitalized  bool // default true, as TeX: a narrow column needs the breaks more than names need to stay whole
	Tolerance             int  // Knuth-Plass tolerance; 0 = the text package's default
	MaxConsecutiveHyphens int  // default 2
}

// FontFamily maps styles to TrueType files (absolute paths). Regular is required.
type FontFamily struct {
	Regular, Bold, Italic, BoldItalic string
	Pos                               Pos
}

// Article is one story.
type Article struct {
	ID       string
	Section  string
	Priority int // 1 = lead .. 5 = brief; default 3
	Kicker   string
	Headline string
	Deck     string
	Byline   string
	Dateline string
	Body     string
	Photos   []Photo
	Place    *Place // fixed grid placement, nil = automatic
	Jump     bool   // may continue on a later page (default true)
	Pos      Pos    // where the article's entry starts
	BodyPos  Pos    // where the body text starts (for messages about the text)
}

// Photo is a picture attached to an article.
type Photo struct {
	Src     string // absolute path
	Caption string
	Credit  string
	FocusX  float64 // crop focus, fraction of width (default 0.5)
	FocusY  float64 // fraction of height (default 0.5)
	Pos     Pos     // where src was written
}

// Ad is an advertisement occupying a fixed grid rectangle.
type Ad struct {
	ID       string
	Src      string // absolute path
	Page     int
	Columns  int
	Rows     int
	Position string // top-left, top-right, bottom-left, bottom-right, top, bottom; "" when Place is set
	Place    *Place // column and row (1-based); page, columns, rows copied from the ad
	Pos      Pos
}

// Place is a rectangle on the module grid, 1-based.
type Place struct {
	Page, Column, Row, Columns, Rows int
	Pos                              Pos
}

// PagePlan fixes the section and some articles of one page.
type PagePlan struct {
	Section  string
	Articles []string
	Pos      Pos
}
