package layout

import (
	"math"
	"strings"
	"testing"

	"epaper/layout/compose"
	"epaper/layout/geom"
	"epaper/layout/manifest"
)

func TestSourcePPIIsThePixelsOfTheCropAcrossTheFrame(t *testing.T) {
	cases := []struct {
		name           string
		w, h           int
		frameW, frameH float64 // points
		want           float64
	}{
		{"same aspect: all pixels across", 1200, 800, 288, 192, 300},
		{"wider frame: the crop loses height, not width", 1200, 800, 288, 144, 300},
		{"taller frame: the crop loses width", 1200, 800, 144, 288, 200},
		{"square frame on a portrait photo", 600, 900, 72, 72, 600},
		{"no pixels", 0, 800, 288, 192, 0},
		{"no frame", 1200, 800, 0, 192, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := SourcePPI(c.w, c.h, c.frameW, c.frameH); math.Abs(got-c.want) > 1e-9 {
				t.Errorf("SourcePPI(%d, %d, %g, %g) = %g, want %g", c.w, c.h, c.frameW, c.frameH, got, c.want)
			}
		})
	}
}

func TestLowResolutionWarnsOncePerFieldWithTheWorstPlacement(t *testing.T) {
	sizes := &pixelSizes{}
	sizes.put("/p/small.jpg", 300, 200)
	sizes.put("/p/big.jpg", 3000, 2000)
	req := func(src, field string, wIn, hIn float64) compose.ImageRequest {
		return compose.ImageRequest{Src: src, Field: field, FrameW: geom.FromPt(wIn * 72), FrameH: geom.FromPt(hIn * 72),
			Pos: manifest.Pos{File: "e.yaml", Line: 7, Col: 14}}
	}
	got := lowResolution([]compose.ImageRequest{
		req("/p/small.jpg", "articles[0].photos[0].src", 2, 4.0/3),  // 150 ppi: fine
		req("/p/small.jpg", "articles[1].photos[0].src", 4, 8.0/3),  // 75 ppi
		req("/p/small.jpg", "articles[1].photos[0].src", 5, 10.0/3), // 60 ppi, the same photo placed again
		req("/p/big.jpg", "ads[0].src", 10, 2),                      // 300 ppi
		req("/p/unknown.jpg", "articles[2].photos[0].src", 10, 10),  // never inspected: no claim
	}, sizes)
	if len(got) != 1 {
		t.Fatalf("got %d warnings, want 1: %v", len(got), got)
	}
	w := got[0]
	if w.Field != "articles[1].photos[0].src" || w.Pos.Line != 7 || !strings.Contains(w.Msg, "60 ppi") || !strings.Contains(w.Msg, "300×200 px") {
		t.Errorf("warning %v: want the 60 ppi placement of articles[1].photos[0] with its pixel size", w)
	}
}

func TestMissingCreditsNamesTheFieldThatIsMissing(t *testing.T) {
	ed := &manifest.Edition{Articles: []manifest.Article{
		{Photos: []manifest.Photo{{Caption: "c", Credit: "d"}, {Credit: "d"}}},
		{Photos: []manifest.Photo{{Caption: "c"}}},
	}}
	var fields []string
	for _, w := range missingCredits(ed) {
		fields = append(fields, w.Field)
	}
	want := "articles[0].photos[1].caption articles[1].photos[0].credit"
	if strings.Join(fields, " ") != want {
		t.Errorf("warnings for %q, want %q", fields, want)
	}
}

func TestCroppedAdsWarnsWhenAnAdHasAnotherShapeThanItsPlace(t *testing.T) {
	sizes := &pixelSizes{}
	sizes.put("/a/wide.png", 800, 200)  // 4:1
	sizes.put("/a/fits.png", 800, 396)  // 2.02:1, within a rounding of 2:1
	sizes.put("/p/photo.jpg", 800, 200) // photos are cropped on purpose
	req := func(src, field string) compose.ImageRequest {
		return compose.ImageRequest{Src: src, Field: field, FrameW: geom.FromPt(200), FrameH: geom.FromPt(100)}
	}
	got := croppedAds([]compose.ImageRequest{
		req("/a/wide.png", "ads[0].src"), req("/a/wide.png", "ads[0].src"),
		req("/a/fits.png", "ads[1].src"), req("/p/photo.jpg", "articles[0].photos[0].src"),
	}, sizes)
	if len(got) != 1 || got[0].Field != "ads[0].src" || !strings.Contains(got[0].Msg, "50% of it is cut off") {
		t.Errorf("warnings %v, want one saying half of ads[0] is cut off", got)
	}
}
