// Package fonts provides the built-in type families, so that a build needs no system fonts.
//
// The faces are the Liberation fonts (SIL Open Font License 1.1), taken from the Go module
// github.com/go-fonts/liberation rather than copied into this repository. Liberation Serif
// shares the metrics of Times, a face designed for newspaper text.
package fonts

import (
	"github.com/go-fonts/liberation/liberationmonobold"
	"github.com/go-fonts/liberation/liberationmonobolditalic"
	"github.com/go-fonts/liberation/liberationmonoitalic"
	"github.com/go-fonts/liberation/liberationmonoregular"
	"github.com/go-fonts/liberation/liberationsansbold"
	"github.com/go-fonts/liberation/liberationsansbolditalic"
	"github.com/go-fonts/liberation/liberationsansitalic"
	"github.com/go-fonts/liberation/liberationsansregular"
	"github.com/go-fonts/liberation/liberationserifbold"
	"github.com/go-fonts/liberation/liberationserifbolditalic"
	"github.com/go-fonts/liberation/liberationserifitalic"
	"github.com/go-fonts/liberation/liberationserifregular"
)

// Family holds the TrueType data of the four styles of one family.
type Family struct {
	Name                              string
	Regular, Bold, Italic, BoldItalic []byte
}

// Builtin returns the built-in families by the names manifests use: serif, sans and mono.
func Builtin() map[string]Family {
	return map[string]Family{
		"serif": {"Liberation Serif", liberationserifregular.TTF, liberationserifbold.TTF, liberationserifitalic.TTF, liberationserifbolditalic.TTF},
		"sans":  {"Liberation Sans", liberationsansregular.TTF, liberationsansbold.TTF, liberationsansitalic.TTF, liberationsansbolditalic.TTF},
		"mono":  {"Liberation Mono", liberationmonoregular.TTF, liberationmonobold.TTF, liberationmonoitalic.TTF, liberationmonobolditalic.TTF},
	}
}

// Names lists the built-in family names, sorted.
func Names() []string { return []string{"mono", "sans", "serif"} }
