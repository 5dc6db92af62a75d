package text_test

import (
	"testing"

	"epaper/layout/text"
)

// BenchmarkSetParagraph sets the sample edition's body paragraphs one per operation, at its
// body type (serif 9 pt) on its column measure (tabloid, 5 columns, 4 mm gutters: 48 mm).
func BenchmarkSetParagraph(b *testing.B) {
	paras := sampleParagraphs(b)
	words := make([]int, len(paras))
	for i, p := range paras {
		words[i] = wordCount(p)
	}
	fam, hy := serif(b), enUS(b)
	for _, bc := range []struct {
		name string
		hyph text.Hyphenator
	}{{"hyphenate", hy}, {"nohyphen", nil}} {
		b.Run(bc.name, func(b *testing.B) {
			f := text.NewFormat(fam, pt(9), mm(48), bc.hyph)
			n, w := 0, 0
			for b.Loop() {
				i := n % len(paras)
				if lines, _ := f.Set(paras[i], pt(9)); len(lines) == 0 {
					b.Fatal("no lines")
				}
				n++
				w += words[i]
			}
			s := b.Elapsed().Seconds()
			b.ReportMetric(float64(n)/s, "paragraphs/s")
			b.ReportMetric(float64(w)/s, "words/s")
		})
	}
}
