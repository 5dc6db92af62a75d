// Package layout turns a validated edition into a display list: fonts and hyphenation are
// prepared, composition lays out the pages, and the photo pipeline renders each picture at
// the size it was given.
package layout

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"sort"

	"epaper/assets/photo"
	"epaper/layout/compose"
	"epaper/layout/manifest"
	"epaper/layout/page"
	"epaper/layout/text"
	"epaper/layout/text/hyph"
)

// Options tune a build.
type Options struct {
	PPI       float64 // photo resolution at the printed size (0 = 150)
	Quality   int     // JPEG quality (0 = the pipeline's default)
	MaxPixels int64   // decompression-bomb limit (0 = the pipeline's default)
	Workers   int     // photos processed at once (0 = automatic)
	Cache     *photo.Cache
	// Processor, when set, does the photo work instead of one made from MaxPixels, Workers
	// and Cache, so that the caller can read its Stats or share its bound on decodes.
	Processor *photo.Processor
}

// Edition is a built edition: the display list and the report for check.
type Edition struct {
	Doc    *page.Document
	Report *compose.Report
	// Pages packed as an earlier build did from the same inputs (see compose.DecisionLog),
	// and pages searched; without a cache every page is searched and neither is counted.
	Replayed, Searched int
}

// Build lays out and renders an edition. Errors about the input are a manifest.ErrorList
// naming the file, line and field.
func Build(ed *manifest.Edition, opt Options) (*Edition, error) {
	fs, fontSum, err := loadFonts(ed)
	if err != nil {
		return nil, err
	}
	decisions := openDecisions(ed, opt.Cache, fontSum)
	var hy text.Hyphenator
	if ed.Type.Body.Hyphenate {
		h, err := hyph.ForLanguage(ed.Language)
		if err != nil {
			return nil, &manifest.Error{Pos: manifest.Pos{File: ed.File}, Field: "edition.language", Msg: err.Error()}
		}
		hy = hyphenator{h, hyph.Options{Capitalized: ed.Type.Body.HyphenateCapitalized}}
	}
	proc := opt.Processor
	if proc == nil {
		proc = &photo.Processor{Limits: photo.Limits{MaxPixels: opt.MaxPixels}, Workers: opt.Workers, Cache: opt.Cache}
	}
	sizes := &pixelSizes{}
	res, err := compose.Compose(ed, compose.Options{
		Fonts: fs, Hyph: hy,
		Inspect: func(path string) (int, int, error) {
			info, err := photo.Inspect(path, proc.Limits)
			if err == nil {
				sizes.put(path, info.Width, info.Height)
			}
			return info.Width, info.Height, err
		},
		Decisions: decisions,
	})
	if err != nil {
		return nil, err
	}
	saveDecisions(ed, opt.Cache, decisions)
	if err := renderImages(res, proc, opt); err != nil {
		return nil, err
	}
	if err := checkUnused(res.Unused, proc); err != nil {
		return nil, err
	}
	res.Report.Warnings = append(res.Report.Warnings, lowResolution(res.Requests, sizes)...)
	res.Report.Warnings = append(res.Report.Warnings, croppedAds(res.Requests, sizes)...)
	res.Report.Warnings = append(res.Report.Warnings, missingCredits(ed)...)
	out := &Edition{Doc: res.Doc, Report: res.Report}
	if decisions != nil {
		out.Replayed, out.Searched = decisions.Counts()
	}
	return out, nil
}

type hyphenator struct {
	h   *hyph.Hyphenator
	opt hyph.Options
}

func (h hyphenator) Points(word string) []int { return h.h.Points(word, h.opt) }

// loadFonts reads the manifest's font files and adds them to the built-in families; the
// sum identifies the files' content.
func loadFonts(ed *manifest.Edition) (*text.FontSet, [32]byte, error) {
	sum := sha256.New()
	user := map[string]text.FamilyData{}
	var errs manifest.ErrorList
	names := make([]string, 0, len(ed.Type.Fonts))
	for n := range ed.Type.Fonts {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fam := ed.Type.Fonts[n]
		var d text.FamilyData
		for _, f := range []struct {
			path string
			dst  *[]byte
		}{{fam.Regular, &d.Regular}, {fam.Bold, &d.Bold}, {fam.Italic, &d.Italic}, {fam.BoldItalic, &d.BoldItalic}} {
			if f.path == "" {
				continue
			}
			b, err := os.ReadFile(f.path)
			if err != nil {
				errs = append(errs, &manifest.Error{Pos: fam.Pos, Field: "type.fonts." + n, Msg: err.Error()})
				continue
			}
			if _, err := text.ParseFace(n, b); err != nil {
				errs = append(errs, &manifest.Error{Pos: fam.Pos, Field: "type.fonts." + n, Msg: f.path + ": " + err.Error(),
					Hint: "use a TrueType (.ttf) font"})
				continue
			}
			*f.dst = b
			fmt.Fprintf(sum, "%s/%d/", n, len(b))
			sum.Write(b)
		}
		user[n] = d
	}
	var fontSum [32]byte
	if len(errs) > 0 {
		return nil, fontSum, errs
	}
	fs, err := text.NewFontSet(user)
	if err != nil {
		return nil, fontSum, &manifest.Error{Pos: manifest.Pos{File: ed.File}, Field: "type.fonts", Msg: err.Error()}
	}
	sum.Sum(fontSum[:0])
	return fs, fontSum, nil
}

// renderImages processes every picture the layout asked for and attaches them to the
// document. Identical requests share one image; pixel widths are kept unique because the
// PDF writer orders images by width and would otherwise not be reproducible.
func renderImages(res *compose.Result, proc *photo.Processor, opt Options) error {
	type key struct {
		src    string
		w, h   int64
		fx, fy float64
	}
	ids := map[key]string{}
	alias := map[string]string{}
	var specs []photo.Spec
	var reqs []compose.ImageRequest
	for _, r := range res.Requests {
		k := key{r.Src, int64(r.FrameW), int64(r.FrameH), r.FocusX, r.FocusY}
		if id, ok := ids[k]; ok {
			alias[r.ID] = id
			continue
		}
		ids[k] = r.ID
		alias[r.ID] = r.ID
		reqs = append(reqs, r)
		specs = append(specs, photo.Spec{Src: r.Src, FrameW: r.FrameW.Pt(), FrameH: r.FrameH.Pt(),
			FocusX: r.FocusX, FocusY: r.FocusY, PPI: opt.PPI, Quality: opt.Quality})
	}
	imgs, errs := proc.ProcessAll(specs)
	if err := requestErrors(reqs, errs); err != nil {
		return err
	}
	// Make widths unique: a later image with a taken width is redone one pixel narrower.
	for round := 0; round < 64; round++ {
		used := map[int]bool{}
		var redo []int
		for i, im := range imgs {
			if used[im.Width] {
				redo = append(redo, i)
				continue
			}
			used[im.Width] = true
		}
		if len(redo) == 0 {
			break
		}
		var again []photo.Spec
		for _, i := range redo {
			s := specs[i]
			w := imgs[i].Width - 1
			for used[w] && w > 1 {
				w--
			}
			used[w] = true
			s.PixelWidth = w
			specs[i] = s
			again = append(again, s)
		}
		out, errs := proc.ProcessAll(again)
		sub := make([]compose.ImageRequest, len(redo))
		for j, i := range redo {
			sub[j] = reqs[i]
		}
		if err := requestErrors(sub, errs); err != nil {
			return err
		}
		for j, i := range redo {
			imgs[i] = out[j]
		}
	}
	for i, im := range imgs {
		res.Doc.Images = append(res.Doc.Images, page.Image{ID: reqs[i].ID, Data: im.Data, Format: im.Format, Width: im.Width, Height: im.Height})
	}
	for _, pg := range res.Doc.Pages {
		for _, it := range pg.Items {
			if p, ok := it.(*page.Picture); ok {
				p.ImageID = alias[p.ImageID]
			}
		}
	}
	return nil
}

// checkUnused decodes the photos no layout shows, at a token size, so that a broken file
// is reported however the edition happened to be laid out.
func checkUnused(reqs []compose.ImageRequest, proc *photo.Processor) error {
	specs := make([]photo.Spec, len(reqs))
	for i, r := range reqs {
		specs[i] = photo.Spec{Src: r.Src, FrameW: r.FrameW.Pt(), FrameH: r.FrameH.Pt(), PPI: 72}
	}
	_, errs := proc.ProcessAll(specs)
	return requestErrors(reqs, errs)
}

func requestErrors(reqs []compose.ImageRequest, errs []error) error {
	var list manifest.ErrorList
	seen := map[string]bool{}
	for i, err := range errs {
		if err == nil || seen[reqs[i].Src] {
			continue
		}
		seen[reqs[i].Src] = true
		var pe *photo.Error
		msg, hint := err.Error(), ""
		if errors.As(err, &pe) && pe.Msg != "" {
			msg, hint = pe.Path+": "+pe.Msg, pe.Hint
		}
		list = append(list, &manifest.Error{Pos: reqs[i].Pos, Field: reqs[i].Field, Msg: msg, Hint: hint})
	}
	if len(list) > 0 {
		return list
	}
	return nil
}
