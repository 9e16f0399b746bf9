package messages

import "strings"

// csvSafe defuses cells a spreadsheet would run as formulas (OWASP, CSV injection): a
// cell starting with =, +, -, @, a tab or a carriage return gets a leading apostrophe,
// which Excel and LibreOffice show as text. The CSV has a BOM so that it opens in Excel.
func csvSafe(cells ...string) []string {
	for i, c := range cells {
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			cells[i] = "'" + c
		}
	}
	return cells
}
