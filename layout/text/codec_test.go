package text_test

import (
	"reflect"
	"testing"

	"epaper/layout/text"
)

// TestGalleyCodecRoundTrips encodes every galley of the sample edition (subheads, a bold
// dateline, italics, hyphens, emergency counts) and decodes it to the same galley; damaged
// data is an error, never a panic or a galley.
func TestGalleyCodecRoundTrips(t *testing.T) {
	fam := serif(t)
	faces := []*text.Face{fam.Regular, fam.Bold, fam.Italic, fam.BoldItalic}
	for i, g := range sampleGalleys(t, mm(54.5)) {
		data, ok := text.AppendGalley(nil, g, faces)
		if !ok {
			t.Fatalf("galley %d: a face is missing from the list", i)
		}
		back, err := text.DecodeGalley(data, faces)
		if err != nil {
			t.Fatalf("galley %d: %v", i, err)
		}
		if !reflect.DeepEqual(g, back) {
			t.Fatalf("galley %d differs after a round trip", i)
		}
		if i > 0 {
			continue
		}
		for cut := range len(data) {
			if _, err := text.DecodeGalley(data[:cut], faces); err == nil {
				t.Fatalf("galley cut to %d of %d bytes decoded without error", cut, len(data))
			}
		}
		if _, err := text.DecodeGalley(data, faces[:1]); err == nil {
			t.Errorf("decoded with fewer faces than it was written with")
		}
	}
	if _, ok := text.AppendGalley(nil, sampleGalleys(t, mm(54.5))[0], faces[:1]); ok {
		t.Errorf("encoded a galley whose bold and italic faces are not in the list")
	}
}
