package text_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"epaper/layout/geom"
	"epaper/layout/text"
)

// sampleGalleys sets every article of the sample edition, with its dateline run in.
func sampleGalleys(t *testing.T, measure geom.Sp) []*text.Galley {
	fam, hy := serif(t), enUS(t)
	f := text.NewFormat(fam, pt(9), measure, hy)
	var out []*text.Galley
	for _, a := range loadSample(t).Articles {
		lead := []text.Span{{Style: text.Bold, Text: "RIVERSIDE — "}}
		out = append(out, f.SetGalley(text.ParseBody(text.SmartQuotes(a.Body)), lead))
	}
	return out
}

// paragraphRuns returns, for each line, the index of the first and one past the last line
// of the same block (paragraph or subhead).
func paragraphRuns(g *text.Galley) (first, end []int) {
	first, end = make([]int, len(g.Lines)), make([]int, len(g.Lines))
	for i := 0; i < len(g.Lines); {
		j := i
		for j < len(g.Lines) && g.Lines[j].Para == g.Lines[i].Para && g.Lines[j].Kind == g.Lines[i].Kind {
			j++
		}
		for k := i; k < j; k++ {
			first[k], end[k] = i, j
		}
		i = j
	}
	return first, end
}

func TestSetGalleyKeeps(t *testing.T) {
	subheads := 0
	for gi, g := range sampleGalleys(t, mm(48)) {
		first, end := paragraphRuns(g)
		n := len(g.Lines)
		if g.Lines[n-1].Keep {
			t.Errorf("galley %d: the last line forbids a break after it", gi)
		}
		if g.Lines[0].Kind == text.SpaceLine {
			t.Errorf("galley %d starts with white space", gi)
		}
		for i, l := range g.Lines {
			if i == n-1 {
				break
			}
			size := end[i] - first[i]
			pos := i - first[i]
			var want bool
			switch l.Kind {
			case text.SpaceLine, text.SubheadLine:
				want = true // white space and subhead stay with what follows
			case text.BodyLine:
				// No orphan (break after the first line), no widow (break before the last).
				want = size >= 2 && (pos == 0 || pos == size-2)
			}
			if l.Kind == text.SubheadLine && pos == 0 {
				subheads++
			}
			if l.Keep != want {
				t.Errorf("galley %d line %d (kind %d, line %d of %d): Keep=%v, want %v: %q", gi, i, l.Kind, pos+1, size, l.Keep, want, lineText(l.Line))
			}
			if l.Kind == text.SpaceLine && (i+1 >= n || g.Lines[i+1].Kind != text.SubheadLine) {
				t.Errorf("galley %d line %d: white space not followed by a subhead", gi, i)
			}
		}
	}
	if subheads == 0 {
		t.Fatal("the sample edition has no subheads: the test checks nothing about them")
	}
}

func TestSetGalleyIndentsAndLead(t *testing.T) {
	fam, hy := serif(t), enUS(t)
	f := text.NewFormat(fam, pt(9), mm(48), hy)
	body := "First paragraph of the story, long enough to need a second line in a column.\n\n" +
		"Second paragraph, which is indented by one em as newspapers do.\n\n" +
		"## A subhead\n\n" +
		"The paragraph after a subhead is not indented.\n\n" +
		"But the next one is."
	g := f.SetGalley(text.ParseBody(body), []text.Span{{Style: text.Bold, Text: "RIVERSIDE"}, {Text: " — "}})
	if got := lineText(g.Lines[0].Line); !strings.HasPrefix(got, "RIVERSIDE — First") {
		t.Errorf("first line %q does not start with the dateline run in", got)
	}
	firstOf := map[int]text.GalleyLine{}
	for _, l := range g.Lines {
		if _, ok := firstOf[l.Para]; !ok && l.Kind == text.BodyLine {
			firstOf[l.Para] = l
		}
	}
	wantIndent := map[int]geom.Sp{0: 0, 1: pt(9), 3: 0, 4: pt(9)}
	for para, want := range wantIndent {
		l, ok := firstOf[para]
		if !ok {
			t.Fatalf("no body line for block %d", para)
		}
		if got := l.Words[0].X; got != want {
			t.Errorf("block %d starts at %v, want indent %v: %q", para, got, want, lineText(l.Line))
		}
	}
}

// keepChain is the longest run of lines that must share a column.
func keepChain(g *text.Galley) int {
	longest, run := 1, 1
	for _, l := range g.Lines {
		if l.Keep {
			run++
			longest = max(longest, run)
		} else {
			run = 1
		}
	}
	return longest
}

// TestFillLeavesNoWidowsOrOrphans pours every sample galley into columns of random
// capacities (never smaller than a keep chain) and checks each column break.
func TestFillLeavesNoWidowsOrOrphans(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 14))
	trials := 200
	if testing.Short() {
		trials = 20
	}
	for _, measure := range []geom.Sp{mm(40), mm(54.5)} {
		for gi, g := range sampleGalleys(t, measure) {
			first, end := paragraphRuns(g)
			minCap := keepChain(g)
			for trial := 0; trial < trials; trial++ {
				// As many columns as lines: every column takes at least one line.
				caps := make([]int, len(g.Lines))
				for k := range caps {
					caps[k] = minCap + rng.IntN(25)
				}
				cols, next := g.Fill(0, caps)
				where := fmt.Sprintf("%.1fmm galley %d trial %d", measure.Mm(), gi, trial)
				if next != len(g.Lines) {
					t.Fatalf("%s: stopped at line %d of %d", where, next, len(g.Lines))
				}
				checkColumns(t, where, g, cols, caps, first, end)
			}
		}
	}
}

func checkColumns(t *testing.T, where string, g *text.Galley, cols []text.Column, caps []int, first, end []int) {
	t.Helper()
	prevTo := 0
	for k, c := range cols {
		for i := prevTo; i < c.From; i++ {
			if g.Lines[i].Kind != text.SpaceLine {
				t.Fatalf("%s: column %d starts at %d, skipping body line %d", where, k, c.From, i)
			}
		}
		prevTo = c.To
		if c.To-c.From > caps[k] {
			t.Errorf("%s: column %d holds %d lines, capacity %d", where, k, c.To-c.From, caps[k])
		}
		if c.From == c.To {
			if c.From < len(g.Lines) {
				t.Errorf("%s: column %d (capacity %d) left empty with lines to place", where, k, caps[k])
			}
			continue
		}
		if g.Lines[c.From].Kind == text.SpaceLine {
			t.Errorf("%s: column %d starts with white space", where, k)
		}
		if c.To == len(g.Lines) {
			continue
		}
		// The break after line a = c.To-1.
		a := c.To - 1
		l := g.Lines[a]
		switch {
		case l.Kind != text.BodyLine:
			t.Errorf("%s: column %d ends with a subhead or space: %q", where, k, lineText(l.Line))
		case end[a]-first[a] >= 2 && a-first[a]+1 < 2:
			t.Errorf("%s: column %d ends with an orphan, the first line of a paragraph: %q", where, k, lineText(l.Line))
		case end[a]-first[a] >= 2 && end[a]-a-1 == 1:
			t.Errorf("%s: column %d leaves a widow, the last line of a paragraph, to the next column", where, k)
		}
		// A subhead in this column must have two lines of its paragraph under it here.
		for i := c.From; i < c.To; i++ {
			if g.Lines[i].Kind == text.SubheadLine && (i+1 == len(g.Lines) || g.Lines[i+1].Kind != text.SubheadLine) {
				body := i + 1
				need := min(2, end[body]-first[body])
				if c.To-body < need {
					t.Errorf("%s: column %d has subhead %q with %d lines of its text", where, k, lineText(g.Lines[i].Line), c.To-body)
				}
			}
		}
	}
}

// TestFillTinyColumnsStillProgress: a keep chain longer than the column is broken rather
// than looping; every line is placed once, in order.
func TestFillTinyColumnsStillProgress(t *testing.T) {
	g := sampleGalleys(t, mm(48))[0]
	for _, c := range []int{1, 2, 3} {
		caps := make([]int, len(g.Lines)+1)
		for i := range caps {
			caps[i] = c
		}
		cols, next := g.Fill(0, caps)
		if next != len(g.Lines) {
			t.Errorf("capacity %d: stopped at %d of %d lines", c, next, len(g.Lines))
		}
		placed := 0
		for _, col := range cols {
			placed += col.To - col.From
		}
		spaces := 0
		for _, l := range g.Lines {
			if l.Kind == text.SpaceLine {
				spaces++
			}
		}
		if placed < len(g.Lines)-spaces || placed > len(g.Lines) {
			t.Errorf("capacity %d: placed %d lines of %d (%d spaces)", c, placed, len(g.Lines), spaces)
		}
	}
}

// TestFillContinues: what does not fit is returned as next, and filling on from there
// places the rest.
func TestFillContinues(t *testing.T) {
	g := sampleGalleys(t, mm(48))[0]
	cols, next := g.Fill(0, []int{20, 20})
	if next >= len(g.Lines) || next != cols[1].To && g.Lines[cols[1].To].Kind != text.SpaceLine {
		t.Fatalf("next = %d after columns %v (%d lines)", next, cols, len(g.Lines))
	}
	more, last := g.Fill(next, []int{1000})
	if last != len(g.Lines) || more[0].From != next {
		t.Errorf("continuing from %d gave %v, next %d", next, more, last)
	}
}

// TestBalanceFindsShallowestDepth: Balance's depth holds all lines and one line less does not.
func TestBalanceFindsShallowestDepth(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 71))
	for gi, g := range sampleGalleys(t, mm(54.5)) {
		tops := make([]int, 2+rng.IntN(4))
		for k := range tops {
			tops[k] = rng.IntN(6)
		}
		depth, cols, next := g.Balance(0, tops, 10000)
		if next != len(g.Lines) {
			t.Fatalf("galley %d: Balance left lines %d..%d", gi, next, len(g.Lines))
		}
		for k, c := range cols {
			if c.To-c.From > depth-tops[k] {
				t.Errorf("galley %d column %d: %d lines below top %d exceed depth %d", gi, k, c.To-c.From, tops[k], depth)
			}
		}
		caps := make([]int, len(tops))
		for k, top := range tops {
			caps[k] = max(0, depth-1-top)
		}
		if _, n := g.Fill(0, caps); n == len(g.Lines) {
			t.Errorf("galley %d tops %v: depth %d also fits", gi, tops, depth-1)
		}
	}
}
