package parse

import "github.com/tocongtac/tocongtac/store"

// folded is a folded line (see store.FoldMarked): s is the text, off each byte's origin
// in the original line, mark its diacritics.
type folded struct {
	s    string
	off  []int
	mark []uint8
}

// Fold is store.Fold: lowercase, no diacritics, single spaces.
func Fold(s string) string { return store.Fold(s) }

func fold(orig string) folded {
	f := store.FoldMarked(orig)
	return folded{s: f.Text, off: f.Off, mark: f.Mark}
}
