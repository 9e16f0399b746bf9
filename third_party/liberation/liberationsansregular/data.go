// Package liberationsansregular stands in for the font of that name, which the chart does not use.
package liberationsansregular

import "codeberg.org/go-fonts/liberation/liberationserifregular"

// TTF is the regular serif font.
var TTF = liberationserifregular.TTF
