// Package liberationmonobold stands in for the font of that name, which the chart does not use.
package liberationmonobold

import "codeberg.org/go-fonts/liberation/liberationserifregular"

// TTF is the regular serif font.
var TTF = liberationserifregular.TTF
