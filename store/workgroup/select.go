package workgroup

import (
	"strings"

	"github.com/tocongtac/tocongtac/store"
)

// Selection says how a command's word picked units.
type Selection int

// Ways a word picks units.
const (
	SelectNone Selection = iota // the word names nothing
	SelectAll                   // "tatca", "tất cả", "all"
	SelectUnit                  // a unit code
	SelectTag                   // a tag, with or without @
)

// SelectUnits reads the word after /moi, /donvi or /nhacnho: every unit, one unit by its
// code, or the units of a tag, in plan order.
func SelectUnits(p store.Plan, word string) ([]store.Unit, Selection) {
	w := strings.TrimSpace(word)
	switch strings.ReplaceAll(store.Fold(w), " ", "") {
	case "tatca", "all", "het":
		return append([]store.Unit(nil), p.Units...), SelectAll
	case "":
		return nil, SelectNone
	}
	if u, ok := p.Unit(w); ok {
		return []store.Unit{u}, SelectUnit
	}
	tag := strings.TrimPrefix(w, "@")
	var out []store.Unit
	for _, u := range p.Units {
		for _, t := range u.Tags {
			if strings.EqualFold(t, tag) {
				out = append(out, u)
				break
			}
		}
	}
	if len(out) == 0 {
		return nil, SelectNone
	}
	return out, SelectTag
}
