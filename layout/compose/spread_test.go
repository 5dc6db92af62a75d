package compose

import "testing"

// A piece standing on white that no story took is deepened into it (blank lines at its
// paragraph breaks, a pull quote), never changing which lines it holds; a piece with no
// white below it stays as it is.
func TestSpreadDeepensPiecesOverWhite(t *testing.T) {
	// The story set two columns wide at its natural depth at the top of an inside page,
	// with 20 empty lines below it, and a neighbour that fills its column to the foot.
	c, s := longestPlainStory(t)
	pb := c.newPage(2, s.Art.Section, false, "")
	p := c.fit(s, 0, fitOptions{w: 2, maxH: 1 << 10})
	if p == nil {
		t.Fatal("no fit")
	}
	top := pb.top[0]
	placed := *p
	placed.Top, placed.Col = top, 0
	full := placed
	full.Col, full.W, full.H = 2, 1, pb.frame.Lines-top // down to the foot
	pb.places = []*Placement{&placed, &full}
	for col := range pb.top {
		pb.top[col] = pb.frame.Lines
	}
	pb.blocks = append(pb.blocks, block{col: 0, w: 2, from: top + p.H + 20, to: pb.frame.Lines})
	pb.waste = 40

	c.spread(pb)
	got := pb.places[0]
	if got.To != p.To || got.From != p.From {
		t.Fatalf("spread changed the lines held: %d..%d, want %d..%d", got.From, got.To, p.From, p.To)
	}
	if got.H <= p.H || got.H > p.H+20 {
		t.Errorf("piece %d lines deep over 20 white lines, spread to %d; want deeper, at most %d", p.H, got.H, p.H+20)
	}
	if pb.places[1] != &full {
		t.Errorf("the piece with nothing free below it was replaced")
	}
	if pb.waste != 40-(got.H-p.H)*2 {
		t.Errorf("waste %d, want %d", pb.waste, 40-(got.H-p.H)*2)
	}
}
