package layout

import (
	"fmt"
	"math"
	"strings"
	"sync"

	"epaper/layout/compose"
	"epaper/layout/manifest"
)

// MinPPI is the lowest resolution a picture may print at without a warning: below it a
// photo looks soft in print and on screen.
const MinPPI = 100

// pixelSizes remembers the displayed pixel size of every picture composition inspected, so
// that the resolution check reads no header twice.
type pixelSizes struct {
	mu sync.Mutex
	m  map[string][2]int
}

func (p *pixelSizes) put(path string, w, h int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.m == nil {
		p.m = map[string][2]int{}
	}
	p.m[path] = [2]int{w, h}
}

func (p *pixelSizes) get(path string) (w, h int, ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	s, ok := p.m[path]
	return s[0], s[1], ok
}

// SourcePPI is the resolution a w×h-pixel picture reaches in a frame of frameW×frameH
// points when cropped, as the photo pipeline crops, to the largest window of the frame's
// aspect. It depends only on the source, not on the resolution asked of the pipeline, so a
// build for the screen at 72 ppi still warns about a photo too small for print.
func SourcePPI(w, h int, frameW, frameH float64) float64 {
	if w <= 0 || h <= 0 || !(frameW > 0 && frameH > 0) {
		return 0
	}
	cw := math.Min(float64(w), float64(h)*frameW/frameH)
	return cw / (frameW / 72)
}

// lowResolution warns about every placed photo and ad that prints below MinPPI, once per
// manifest field (the lowest resolution if a picture is placed twice).
func lowResolution(reqs []compose.ImageRequest, sizes *pixelSizes) []compose.Warning {
	type low struct {
		req  compose.ImageRequest
		ppi  float64
		w, h int
	}
	worst := map[string]*low{}
	var order []string
	for _, r := range reqs {
		w, h, ok := sizes.get(r.Src)
		if !ok {
			continue
		}
		ppi := SourcePPI(w, h, r.FrameW.Pt(), r.FrameH.Pt())
		if ppi >= MinPPI {
			continue
		}
		if l, seen := worst[r.Field]; seen {
			if ppi < l.ppi {
				l.req, l.ppi = r, ppi
			}
			continue
		}
		worst[r.Field] = &low{req: r, ppi: ppi, w: w, h: h}
		order = append(order, r.Field)
	}
	var out []compose.Warning
	for _, f := range order {
		l := worst[f]
		out = append(out, compose.Warning{Pos: l.req.Pos, Field: f, Msg: fmt.Sprintf(
			"%s prints at %.0f ppi in its %.1f×%.1f in frame (%d×%d px); %d ppi is the least that looks sharp (use a larger original)",
			what(f), l.ppi, l.req.FrameW.Pt()/72, l.req.FrameH.Pt()/72, l.w, l.h, MinPPI)})
	}
	return out
}

// croppedAds warns about ads whose picture has another shape than their place: the photo
// pipeline crops every picture to its frame, which for an ad cuts off paid-for content.
// Up to 2% is tolerated (a rounding of the grid).
func croppedAds(reqs []compose.ImageRequest, sizes *pixelSizes) []compose.Warning {
	var out []compose.Warning
	seen := map[string]bool{}
	for _, r := range reqs {
		w, h, ok := sizes.get(r.Src)
		if !ok || seen[r.Field] || !strings.HasPrefix(r.Field, "ads[") || w <= 0 || h <= 0 || r.FrameH <= 0 {
			continue
		}
		src, frame := float64(w)/float64(h), float64(r.FrameW)/float64(r.FrameH)
		lost := 1 - math.Min(src, frame)/math.Max(src, frame)
		if lost <= 0.02 {
			continue
		}
		seen[r.Field] = true
		out = append(out, compose.Warning{Pos: r.Pos, Field: r.Field, Msg: fmt.Sprintf(
			"the ad is %d×%d px (%.2f:1) but its place is %.2f:1, so %.0f%% of it is cut off (supply it at %.2f:1)",
			w, h, src, frame, 100*lost, frame)})
	}
	return out
}

func what(field string) string {
	if strings.HasPrefix(field, "ads[") {
		return "the ad"
	}
	return "the photo"
}

// missingCredits warns about photos without a caption or a credit: readers need the one,
// the picture desk the other.
func missingCredits(ed *manifest.Edition) []compose.Warning {
	var out []compose.Warning
	for i, a := range ed.Articles {
		for j, ph := range a.Photos {
			field := fmt.Sprintf("articles[%d].photos[%d]", i, j)
			if ph.Caption == "" {
				out = append(out, compose.Warning{Pos: ph.Pos, Field: field + ".caption", Msg: "the photo has no caption"})
			}
			if ph.Credit == "" {
				out = append(out, compose.Warning{Pos: ph.Pos, Field: field + ".credit", Msg: "the photo has no credit"})
			}
		}
	}
	return out
}
