package compose

import "testing"

// A story that ends a few lines above a mid-page ad leaves a strip too shallow for another
// story. The strip must still be offered (to deepen the piece above or to be closed), or
// the column never reaches the free space below the ad: an edition lost a fifth of a page
// that way.
func TestShallowStripAboveBlockLeadsPastIt(t *testing.T) {
	const lines = 100
	pb := &pageBuild{
		frame:  &Frame{Cols: 3, Lines: lines},
		top:    []int{lines, 38, lines}, // columns 0 and 2 full; column 1 filled to line 38
		above:  []bool{true, true, true},
		blocks: []block{{col: 1, w: 1, from: 41, to: 60}},
	}
	seg, ok := pb.lowest()
	if !ok || seg.col != 1 || seg.w != 1 || seg.top != 38 || seg.bottom != 41 {
		t.Fatalf("lowest = %+v, %v; want the 3-line strip of column 1 above the block", seg, ok)
	}
	pb.close(seg)
	seg, ok = pb.lowest()
	if !ok || seg.col != 1 || seg.top != 60 || seg.bottom != lines {
		t.Fatalf("after closing the strip, lowest = %+v, %v; want column 1 from line 60 to the foot", seg, ok)
	}
	if pb.waste != 3 {
		t.Errorf("waste = %d column-lines, want the strip's 3", pb.waste)
	}

	// A shallow strip with nothing usable below it (a bottom ad) is left to finishSmall, as
	// before: it has no space to lead to.
	pb = &pageBuild{
		frame:  &Frame{Cols: 2, Lines: lines},
		top:    []int{lines, 80},
		above:  []bool{true, true},
		blocks: []block{{col: 1, w: 1, from: 83, to: lines}},
	}
	if seg, ok := pb.lowest(); ok {
		t.Errorf("lowest = %+v; want none: the strip above a bottom ad leads nowhere", seg)
	}
}
