// Package liberationmonobolditalic stands in for the font of that name, which the chart does not use.
package liberationmonobolditalic

import "codeberg.org/go-fonts/liberation/liberationserifregular"

// TTF is the regular serif font.
var TTF = liberationserifregular.TTF
