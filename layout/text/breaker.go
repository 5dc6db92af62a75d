package text

import (
	"math"

	"epaper/layout/geom"
)

// Kind is the kind of a paragraph item, as in Knuth and Plass (1981).
type Kind uint8

// Item kinds. A Kern is a fixed space that vanishes at a line start, like TeX's kern.
const (
	BoxItem Kind = iota
	GlueItem
	PenaltyItem
	KernItem
)

// Infinite penalties force or forbid a break.
const (
	ForceBreak  = -10000
	ForbidBreak = 10000
)

// Item is a box (a piece of a word), glue (a stretchable space), a penalty (a possible break,
// with Width drawn only if the line breaks there, e.g. a hyphen) or a kern.
type Item struct {
	Kind    Kind
	Width   geom.Sp
	Stretch geom.Sp // for boxes: letter-spacing stretch of the whole box
	Shrink  geom.Sp
	Penalty int
	Flagged bool // a hyphen: two flagged breaks in a row cost DoubleHyphenDemerits
	Fill    bool // glue with infinite stretch (the end of a paragraph)
	Split   bool // a break inside a word too wide for the column (reported as an emergency)

	Text   string // box: the characters; penalty: the character added at a break ("-")
	Face   *Face
	Glyphs int // box: number of glyphs, over which letter-spacing is spread
}

// Params tune the line breaker. The zero value is not useful; start from DefaultParams.
type Params struct {
	// Tolerance is the largest badness (100·r³) accepted in the hyphenating pass;
	// PreTolerance the largest in the first pass, which tries without hyphens (-1 skips it).
	Tolerance, PreTolerance int
	LinePenalty             int // added to every line's badness; favours fewer lines
	AdjDemerits             int // a line whose tightness class differs by more than one from its neighbour's
	DoubleHyphenDemerits    int // two hyphenated lines in a row
	FinalHyphenDemerits     int // the second-last line ends with a hyphen
	MaxHyphenRun            int // hard limit of consecutive hyphenated lines (0 = none)
	// EmergencyStretch is added to every line's stretch in the last pass, so that a paragraph
	// with no good breaks gets evenly loose lines rather than one terrible line.
	EmergencyStretch geom.Sp
}

// DefaultParams are tuned for narrow newspaper columns (40–60 mm at 8–10 pt), measured on
// news text against the evaluator's looseness metric; see README "Typesetting".
func DefaultParams(size geom.Sp) Params {
	return Params{
		Tolerance:            400,
		PreTolerance:         100,
		LinePenalty:          10,
		AdjDemerits:          10000,
		DoubleHyphenDemerits: 10000,
		FinalHyphenDemerits:  5000,
		MaxHyphenRun:         2,
		EmergencyStretch:     size * 3 / 2,
	}
}

// Break is where a line ends and how its glue is set.
type Break struct {
	Pos   int     // index of the item the line breaks at (glue or penalty), len(items)-1 for the last
	Ratio float64 // adjustment ratio: >0 stretches, <0 shrinks, in units of the line's stretch/shrink
}

type sums struct{ width, stretch, shrink, fill geom.Sp }

type node struct {
	pos       int // breakpoint item index, -1 for the paragraph start
	start     int // first item of the line that follows this break
	line      int
	fitness   int
	hyphenRun int
	demerits  float64
	ratio     float64
	flagged   bool
	prev      *node
}

// BreakLines breaks items into lines of width measure, by the total-fit algorithm of Knuth and
// Plass: a pass without hyphenation, one with, one with emergency stretch, and a last one that
// accepts any badness. It never returns a line wider than the measure unless a single
// unbreakable item is wider than the measure itself (callers split such words first, see
// SplitOverlong). The items must end with a forced break. emergency reports that the last
// pass was needed: some lines exceed the tolerance.
func BreakLines(items []Item, measure geom.Sp, p Params, hyphenate bool) (breaks []Break, emergency bool) {
	if p.PreTolerance >= 0 {
		if b := breakPass(items, measure, p, p.PreTolerance, false, 0); b != nil {
			return b, false
		}
	}
	if b := breakPass(items, measure, p, p.Tolerance, hyphenate, 0); b != nil {
		return b, false
	}
	if b := breakPass(items, measure, p, p.Tolerance, hyphenate, p.EmergencyStretch); b != nil {
		return b, false
	}
	// The last resort may split words wider than the column even when not hyphenating.
	return breakPass(items, measure, p, lastResort, true, p.EmergencyStretch), true
}

// lastResort is the tolerance of the final pass: every line is feasible.
const lastResort = math.MaxInt32

func badness(r float64) float64 {
	if r < 0 {
		r = -r
	}
	if r > 5 {
		return 10000
	}
	return math.Min(10000, 100*r*r*r)
}

func fitnessClass(r float64) int {
	switch {
	case r < -0.5:
		return 3 // tight
	case r <= 0.5:
		return 2 // decent
	case r <= 1:
		return 1 // loose
	}
	return 0 // very loose
}

// maxRunStates bounds the hyphen-run dimension of the search.
const maxRunStates = 8

func prefixSums(items []Item) []sums {
	prefix := make([]sums, len(items)+1)
	for i, it := range items {
		s := prefix[i]
		switch {
		case it.Kind == GlueItem && it.Fill:
			s.width += it.Width
			s.fill++
		case it.Kind != PenaltyItem:
			s.width += it.Width
			s.stretch += it.Stretch
			s.shrink += it.Shrink
		}
		prefix[i+1] = s
	}
	return prefix
}

// breakPass runs one pass; nil when no feasible set of breaks exists at this tolerance.
func breakPass(items []Item, measure geom.Sp, p Params, tolerance int, hyphenate bool, extra geom.Sp) []Break {
	n := len(items)
	prefix := prefixSums(items)
	// A line after a break starts at the next box: glue, kerns and penalties there vanish.
	lineStart := func(pos int) int {
		j := pos + 1
		for j < n && items[j].Kind != BoxItem && !(items[j].Kind == PenaltyItem && items[j].Penalty == ForceBreak) {
			j++
		}
		return j
	}
	maxRun := p.MaxHyphenRun
	if maxRun <= 0 || maxRun >= maxRunStates-1 {
		maxRun = maxRunStates - 2
	}
	final := tolerance == lastResort
	active := []*node{{pos: -1, start: 0, fitness: 2}}
	var best [4][maxRunStates]*node
	lastBox := false
	for b := 0; b < n; b++ {
		it := items[b]
		legal := false
		switch it.Kind {
		case GlueItem:
			legal = lastBox
		case PenaltyItem:
			legal = it.Penalty < ForbidBreak && (hyphenate || !it.Flagged || it.Penalty == ForceBreak)
		}
		lastBox = it.Kind == BoxItem
		if !legal {
			continue
		}
		forced := it.Kind == PenaltyItem && it.Penalty == ForceBreak
		flagged := it.Kind == PenaltyItem && it.Flagged
		best = [4][maxRunStates]*node{}
		found := false
		minDemerits := math.Inf(1)
		var lastDropped *node
		kept := active[:0]
		for _, a := range active {
			s := a.start
			w := prefix[b].width - prefix[s].width
			st := prefix[b].stretch - prefix[s].stretch + extra
			sh := prefix[b].shrink - prefix[s].shrink
			if it.Kind == PenaltyItem {
				w += it.Width // the hyphen, with its letter-spacing
				st += it.Stretch
				sh += it.Shrink
			}
			var r float64
			switch {
			case w <= measure && prefix[b].fill > prefix[s].fill:
				r = 0
			case w < measure && st > 0:
				r = float64(measure-w) / float64(st)
			case w < measure:
				r = math.Inf(1)
			case w > measure && sh > 0:
				r = float64(measure-w) / float64(sh)
			case w > measure:
				r = math.Inf(-1)
			}
			// The ratio the line is set with: emergency stretch only makes a line acceptable,
			// the glue that exists has to fill it.
			set := r
			if extra > 0 && r > 0 {
				if own := st - extra; own > 0 {
					set = float64(measure-w) / float64(own)
				} else {
					set = math.Inf(1)
				}
			}
			if r < -1 {
				if lastDropped == nil || a.demerits < lastDropped.demerits {
					lastDropped = a
				}
				continue // a can end no more lines
			}
			if !forced {
				kept = append(kept, a)
			}
			bad := badness(r)
			if bad > float64(tolerance) {
				continue
			}
			run := 0
			if flagged {
				run = min(a.hyphenRun+1, maxRunStates-1)
				if run > maxRun && !final {
					continue
				}
			}
			d := float64(p.LinePenalty) + bad
			d *= d
			switch {
			case it.Kind == PenaltyItem && it.Penalty > 0:
				d += float64(it.Penalty * it.Penalty)
			case it.Kind == PenaltyItem && it.Penalty > ForceBreak:
				d -= float64(it.Penalty * it.Penalty)
			}
			if flagged && a.flagged {
				d += float64(p.DoubleHyphenDemerits)
			}
			if forced && a.flagged {
				d += float64(p.FinalHyphenDemerits)
			}
			fit := fitnessClass(r)
			if abs(fit-a.fitness) > 1 {
				d += float64(p.AdjDemerits)
			}
			if run > maxRun {
				d += 1e12 // even the last pass avoids exceeding the hyphen limit when it can
			}
			d += a.demerits
			if c := best[fit][run]; c == nil || d < c.demerits {
				best[fit][run] = &node{pos: b, line: a.line + 1, fitness: fit, hyphenRun: run, demerits: d, ratio: set, flagged: flagged, prev: a}
				found = true
			}
			minDemerits = math.Min(minDemerits, d)
		}
		active = kept
		if !found && len(active) == 0 && final && lastDropped != nil {
			// Only a word wider than the whole measure gets here: break after it anyway.
			best[2][0] = &node{pos: b, line: lastDropped.line + 1, fitness: 2, demerits: lastDropped.demerits + 1e15, ratio: -1, flagged: flagged, prev: lastDropped}
			minDemerits, found = best[2][0].demerits, true
		}
		if found {
			ls := lineStart(b)
			for fit := range best {
				for run := range best[fit] {
					if c := best[fit][run]; c != nil && c.demerits <= minDemerits+float64(p.AdjDemerits) {
						c.start = ls
						active = append(active, c)
					}
				}
			}
		}
		if len(active) == 0 {
			return nil
		}
	}
	var last *node
	for _, a := range active {
		if a.pos == n-1 && (last == nil || a.demerits < last.demerits) {
			last = a
		}
	}
	if last == nil {
		return nil
	}
	out := make([]Break, last.line)
	for c := last; c.prev != nil; c = c.prev {
		out[c.line-1] = Break{Pos: c.pos, Ratio: c.ratio}
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
