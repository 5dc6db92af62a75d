package compose

import "testing"

// A piece cut for a jump, standing on a strip too thin for any story, grows into it by
// setting more of its story before the jump; the page's progress for the story follows.
// Into a band deep enough for another story it does not grow.
func TestCutPieceGrowsIntoAThinStrip(t *testing.T) {
	c, s := longestPlainStory(t)
	for _, gap := range []int{minBand - 2, minBand + 4} {
		pb := c.newPage(2, s.Art.Section, false, "")
		top := pb.top[0]
		p := c.fit(s, 0, fitOptions{w: 2, maxH: 30, exact: true, cut: true})
		if p == nil || !p.cut {
			t.Fatalf("%s (%d lines) does not cut at 2 columns × 30 lines", s.Art.ID, len(s.Galley.Lines))
		}
		placed := *p
		placed.Top = top
		pb.places = []*Placement{&placed}
		pb.next[s] = placed.To
		seg := segment{col: 0, w: 2, top: top + p.H, bottom: top + p.H + gap}
		var grow *candidate
		for _, cd := range c.growCandidates(pb, seg) {
			if cd.grow == 0 {
				grow = &cd
				break
			}
		}
		if gap >= minBand {
			if grow != nil {
				t.Errorf("a cut piece grew into a %d-line band, deep enough for a story", gap)
			}
			continue
		}
		if grow == nil {
			t.Fatalf("no growth offered into a %d-line strip", gap)
		}
		q := grow.ps[0]
		if q.H != p.H+gap || q.To <= p.To || !q.cut || q.Top != top {
			t.Errorf("grown piece: H %d (want %d), lines to %d (had %d), cut %v, top %d", q.H, p.H+gap, q.To, p.To, q.cut, q.Top)
		}
		c.commit(pb, *grow, seg)
		if pb.next[s] != q.To {
			t.Errorf("progress after growth %d, want %d", pb.next[s], q.To)
		}
	}
}
