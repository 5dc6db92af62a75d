package hyph

import (
	"os"
	"strings"
	"testing"
)

// newsWords is the benchmark input: running newspaper copy, split on
// spaces as the line breaker will, punctuation and all.
func newsWords(b *testing.B) []string {
	text, err := os.ReadFile("testdata/news.txt")
	if err != nil {
		b.Fatal(err)
	}
	return strings.Fields(string(text))
}

func BenchmarkPoints(b *testing.B) {
	h := mustHyphenator(b, "en-US")
	words := newsWords(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, w := range words {
			h.Points(w, Options{})
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(words)), "ns/word")
	b.ReportMetric(0, "ns/op")
}

func BenchmarkAppendPoints(b *testing.B) {
	h := mustHyphenator(b, "en-GB")
	words := newsWords(b)
	buf := make([]int, 0, 16)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, w := range words {
			buf = h.AppendPoints(buf[:0], w, Options{Capitalized: true})
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(words)), "ns/word")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkLoad is the one-off cost of parsing and packing the patterns.
func BenchmarkLoad(b *testing.B) {
	for _, lang := range Languages() {
		b.Run(lang, func(b *testing.B) {
			for b.Loop() {
				if _, err := load(lang); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
