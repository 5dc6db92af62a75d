package text_test

import (
	"fmt"
	"strings"
	"testing"

	"epaper/layout/geom"
	"epaper/layout/text"
	"epaper/layout/text/hyph"
)

type hy struct{ h *hyph.Hyphenator }

func (a hy) Points(w string) []int { return a.h.Points(w, hyph.Options{}) }

func TestZZProbe(t *testing.T) {
	fs, _ := text.NewFontSet(nil)
	fam, _ := fs.Family("serif")
	h, _ := hyph.ForLanguage("en-US")
	f := text.NewFormat(fam, 9*geom.Pt, geom.FromMm(54.5), hy{h})
	show := func(name string, spans []text.Span, f *text.Format) {
		lines, em := f.Set(spans, 0)
		fmt.Println("==", name, "emergency", em)
		for _, l := range lines {
			var ws []string
			for _, w := range l.Words {
				ws = append(ws, w.Text)
			}
			fmt.Printf("%6.2f %7.2f %v %s\n", l.Ratio, l.Width.Pt(), l.Hyphen, strings.Join(ws, "|"))
		}
	}
	show("long", []text.Span{{Text: "The word " + strings.Repeat("abcdefghij", 30) + " ends here and more text follows."}}, f)
	f0 := text.NewFormat(fam, 9*geom.Pt, geom.FromMm(54.5), nil)
	show("long nohyph", []text.Span{{Text: "The word " + strings.Repeat("abcdefghij", 30) + " ends here and more text follows."}}, f0)
	show("bold caps", []text.Span{{Text: "See "}, {Style: text.Bold, Text: "WWWWWWWWWWWWWWMMMMM"}, {Text: " now."}}, f)
	r := text.FitHeadline(fam, []text.Span{{Text: strings.Repeat("abcdefghij", 10)}}, []geom.Sp{20 * geom.Pt, 12 * geom.Pt}, geom.FromMm(54.5), 2)
	for _, l := range r.Lines {
		fmt.Printf("fit %7.2f %v\n", l.Width.Pt(), l.Words[0].Text)
	}
	fmt.Println("measure", geom.FromMm(54.5).Pt())
}
