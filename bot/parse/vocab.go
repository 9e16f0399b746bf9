package parse

import (
	"strings"
	"unicode"
)

// stripBullet skips a list bullet ("- ", "• ", "* ") or the status icon the
// bot's own confirmation puts before a line ("✅ MH9: Hoàn thành"), so a
// confirmation copied back and edited still reads. It reports whether one
// was there.
func stripBullet(s string) (int, bool) {
	for _, b := range []string{"•", "·", "*", "+", "- ", "– ", "— ", "-", "✅", "🔄", "⏳", "⚠", "▫", "▪", "►", "➖", "👉"} {
		if strings.HasPrefix(s, b) {
			return skipSpace(s, len(b)), true
		}
	}
	return 0, false
}

var keepPhrases = [][]string{
	{"giu", "nguyen"}, {"nhu", "tuan", "truoc"}, {"khong", "thay", "doi"},
	{"nhu", "cu"}, {"nhu", "lan", "truoc"}, {"nhu", "ky", "truoc"},
	{"giong", "tuan", "truoc"}, {"giong", "lan", "truoc"}, {"giong", "ky", "truoc"},
	{"nhu", "thang", "truoc"}, {"giong", "thang", "truoc"}, {"khong", "co", "gi", "thay", "doi"},
	{"khong", "co", "thay", "doi"}, {"van", "nhu", "cu"},
}

// keepFillers may surround a keep phrase ("vẫn giữ nguyên ạ").
var keepFillers = map[string]bool{"a": true, "nhe": true, "nha": true, "gi": true,
	"het": true, "tat": true, "ca": true, "van": true, "deu": true, "vay": true,
	"em": true, "anh": true, "chi": true, "cac": true, "mo": true, "hinh": true,
	"mh": true, "so": true, "voi": true, "toan": true, "bo": true, "tuan": true, "nay": true,
	"da": true, "y": true, "bao": true, "cao": true, "tien": true, "do": true}

// isKeep reports a line made only of "keep as before" phrases and fillers,
// so "không thay đổi được tiến độ vì…" is not mistaken for one.
func isKeep(s string) bool {
	words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	found := false
next:
	for i := 0; i < len(words); {
		for _, p := range keepPhrases {
			if i+len(p) <= len(words) && equalWords(words[i:i+len(p)], p) {
				i += len(p)
				found = true
				continue next
			}
		}
		if !keepFillers[words[i]] {
			return false
		}
		i++
	}
	return found
}

func equalWords(a, b []string) bool {
	for i := range b {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// allPrefix reads "tất cả (các mô hình) (còn lại) (đều)", "toàn bộ …" or
// "(các mô hình) còn lại" and returns where the status starts.
func allPrefix(s string) (int, bool) {
	i := 0
	all := false
	for _, w := range []string{"tat ca", "toan bo"} {
		if hasWord(s, 0, w) {
			i, all = skipSpace(s, len(w)), true
		}
	}
	if hasWord(s, i, "cac") {
		i = skipSpace(s, i+len("cac"))
	}
	switch {
	case hasWord(s, i, "mo hinh"):
		i = skipSpace(s, i+len("mo hinh"))
	case hasWord(s, i, "mh"):
		i = skipSpace(s, i+len("mh"))
	}
	if hasWord(s, i, "con lai") {
		i, all = skipSpace(s, i+len("con lai")), true
	}
	if !all {
		return 0, false
	}
	if hasWord(s, i, "deu") {
		i = skipSpace(s, i+len("deu"))
	}
	return i, true
}

// Lines that are not reports, by how they start (folded).
var (
	greetingStarts = []string{"kinh gui", "kinh thua", "kinh chao", "xin chao", "chao", "thua anh", "thua chi",
		"thua cac", "thua ong", "thua ba", "thua dong chi",
		"gui anh", "gui chi", "gui ban", "gui to", "gui cac", "gui co quan", "alo", "hello", "hi"}
	// shortWords make a greeting only when nothing else is on the line.
	shortWords    = []string{"ok", "oke", "okay", "vang", "da", "em", "xin", "bao cao", "gui", "anh", "chi", "a", "nhu sau", "nhe", "nha"}
	signoffStarts = []string{"tran trong", "tran thanh cam on", "cam on", "xin cam on", "em cam on",
		"em xin cam on", "thanks", "thank", "tks", "nguoi bao cao", "nguoi lap", "ky ten",
		"chuc anh", "chuc cac", "chuc ca", "chuc moi", "tm.", "tm ubnd"}
	// signatureLines are sign-offs only as a whole line: "Chủ tịch xã chỉ
	// đạo …" below a report is its note.
	signatureLines = []string{"chu tich", "pho chu tich", "thu truong", "truong cong an", "truong phong", "nguoi ky"}
	headingStarts  = []string{"bao cao", "bc", "v/v", "ve viec", "tien do", "ket qua", "tinh hinh",
		"ubnd", "uy ban", "cong an", "ca xa", "ca huyen", "ca thi tran", "phong", "truong", "to cong tac",
		"don vi", "cong hoa", "doc lap", "so:", "so ", "noi nhan", "danh sach", "cap nhat",
		"thong tin", "de an", "xa ", "thi tran", "huyen", "tuan", "thang", "ky bao cao", "quy"}
)

// isSignature reports a line that is only a title of a signatory.
func isSignature(s string) bool {
	s = strings.TrimRight(s, " .:!")
	for _, w := range signatureLines {
		if s == w {
			return true
		}
	}
	return false
}

func startsWithAny(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) && (strings.HasSuffix(p, " ") || strings.HasSuffix(p, ":") ||
			strings.HasSuffix(p, ".") || !letterAt(s, len(p))) {
			return true
		}
	}
	return false
}

// politePrefix returns where a report starts after the words people put
// before it ("Dạ em báo cáo: MH9 xong", "Tuần 11: MH9 xong"), or 0.
func politePrefix(s string) int {
	i := 0
	for moved := true; moved; {
		moved = false
		for _, w := range politeWords {
			if hasWord(s, i, w) {
				i, moved = skipSeps(s, i+len(w)), true
			}
		}
		if _, end, ok := periodAt(s, i); ok {
			i, moved = skipSeps(s, end), true
		}
	}
	return i
}

var politeWords = []string{"da", "vang", "em", "xin", "bao cao", "gui", "anh", "chi", "a", "tien do",
	"ket qua", "cap nhat", "nhu sau", "cua", "don vi"}

// onlyShortWords reports a line of nothing but "dạ", "vâng", "ok", "em báo cáo".
func onlyShortWords(s string) bool {
	i := skipSeps(s, 0)
	for moved := true; moved && i < len(s); {
		moved = false
		for _, w := range shortWords {
			if hasWord(s, i, w) {
				i, moved = skipSeps(s, i+len(w)), true
			}
		}
	}
	for ; i < len(s); i++ {
		if wordAt(s, i) {
			return false
		}
	}
	return true
}

// Fillers dropped from a note's ends; spelled with their accents, which a
// typed word must match (unaccented is accepted): "về" goes, "vẽ" stays.
var (
	leadFillers  = foldAll("rồi", "nhé", "nha", "ạ", "về", "là", "thì")
	trailFillers = foldAll("rồi", "nhé", "nhe", "nha", "ạ", "à", "ah", "ha")
)

func foldAll(ws ...string) []folded {
	out := make([]folded, len(ws))
	for i, w := range ws {
		out[i] = fold(w)
	}
	return out
}

// fillerAt returns the filler word at f.s[i:] and its length, if any.
func fillerAt(f *folded, i int, set []folded) int {
	for k := range set {
		w := &set[k]
		if hasWord(f.s, i, w.s) && (i == 0 || !wordAt(f.s, i-1)) {
			if _, ok := accentsMatch(f, i, w); ok {
				return len(w.s)
			}
		}
	}
	return 0
}

// cleanNote drops filler words from both ends of a note ("rồi nhé",
// "về kinh phí" → "kinh phí") and a note made only of punctuation ("!").
func cleanNote(note string) string {
	if note == "" {
		return ""
	}
	f := fold(note)
	from, to := 0, len(f.s) // folded span kept
	for {
		n := fillerAt(&f, from, leadFillers)
		if n == 0 {
			break
		}
		from = skipSeps(f.s, from+n)
	}
	for to > from {
		// the last word of f.s[from:to]
		j := to
		for j > from && !wordAt(f.s, j-1) {
			j--
		}
		w := j
		for w > from && wordAt(f.s, w-1) {
			w--
		}
		if w == j {
			break
		}
		// A lone capital "A" is a name ("thôn A"), not a lazy "ạ".
		if fillerAt(&f, w, trailFillers) != j-w || note[f.off[w]] == 'A' {
			break
		}
		to = w
		for to > from && (f.s[to-1] == ' ' || isSep(rune(f.s[to-1])) || f.s[to-1] == '!') {
			to--
		}
	}
	if from >= to {
		return ""
	}
	out := note
	if to < len(f.s) {
		out = note[:f.off[to]]
	}
	out = strings.TrimFunc(out[f.off[from]:], unicode.IsSpace)
	if strings.IndexFunc(out, func(r rune) bool { return !unicode.IsPunct(r) && !unicode.IsSpace(r) }) < 0 {
		return ""
	}
	return out
}
