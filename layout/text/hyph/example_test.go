package hyph_test

import (
	"fmt"

	"epaper/layout/text/hyph"
)

func ExampleHyphenator_Points() {
	h, err := hyph.ForLanguage("en_us")
	if err != nil {
		panic(err)
	}
	word := "“hyphenation,”"
	for _, p := range h.Points(word, hyph.Options{}) {
		fmt.Println(word[:p] + "-")
	}
	fmt.Println(h.Points("Parliament", hyph.Options{}), h.Points("Parliament", hyph.Options{Capitalized: true}))
	fmt.Println(h.Points("well-known", hyph.Options{}), h.Points("example.com", hyph.Options{}))
	// Output:
	// “hy-
	// “hyphen-
	// [] [3 6]
	// [5] []
}

func ExampleCanonical() {
	for _, tag := range []string{"en", "EN_gb", "en-UK", "fr"} {
		fmt.Println(hyph.Canonical(tag))
	}
	// Output:
	// en-US true
	// en-GB true
	// en-GB true
	//  false
}
