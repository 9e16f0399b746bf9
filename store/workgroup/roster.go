package workgroup

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/tocongtac/tocongtac/store"
)

// RosterRow is one person a roster names for a unit's seat.
type RosterRow struct {
	Row      int // 1-based row of the file, as a spreadsheet shows it
	Unit     string
	Name     string
	Phone    string // normalised: 0 and nine digits
	Username string // without the @
	Role     store.MemberRole
}

// RosterProblemKind says what is wrong with a roster row.
type RosterProblemKind string

// Roster problems.
const (
	RosterUnreadable      RosterProblemKind = "unreadable"       // not a CSV or XLSX file
	RosterEmpty           RosterProblemKind = "empty"            // no rows
	RosterColumns         RosterProblemKind = "columns"          // fewer than the five columns
	RosterUnknownUnit     RosterProblemKind = "unknown_unit"     // no unit has this code
	RosterNoName          RosterProblemKind = "no_name"          // the person's name is empty
	RosterBadPhone        RosterProblemKind = "bad_phone"        // not a Vietnamese phone number
	RosterBadUsername     RosterProblemKind = "bad_username"     // not a Telegram username
	RosterBadRole         RosterProblemKind = "bad_role"         // neither focal point nor deputy
	RosterDuplicateSeat   RosterProblemKind = "duplicate_seat"   // a unit's role named twice
	RosterDuplicatePerson RosterProblemKind = "duplicate_person" // same phone or username twice
)

// RosterProblem is one thing wrong with a row; PrevRow names the first row of a duplicate.
type RosterProblem struct {
	Row     int
	Kind    RosterProblemKind
	Value   string
	PrevRow int
}

// ErrRosterInvalid is returned when a roster has problems; nothing was applied.
var ErrRosterInvalid = errors.New("roster has bad rows")

var (
	usernameRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{4,31}$`)
	phoneJunk  = strings.NewReplacer(" ", "", ".", "", "-", "", "(", "", ")", "")
)

// NormalizePhone reads a Vietnamese mobile or landline number (0xxxxxxxxx or +84xxxxxxxxx,
// spaces, dots and dashes allowed) as 0 and nine digits.
func NormalizePhone(s string) (string, bool) {
	s = phoneJunk.Replace(strings.TrimSpace(s))
	switch {
	case strings.HasPrefix(s, "+84"):
		s = "0" + s[3:]
	case strings.HasPrefix(s, "84") && len(s) == 11:
		s = "0" + s[2:]
	}
	if len(s) != 10 || s[0] != '0' || s[1] == '0' {
		return "", false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return "", false
		}
	}
	return s, true
}

func rosterRole(s string) (store.MemberRole, bool) {
	switch strings.Join(strings.Fields(store.Fold(s)), " ") {
	case "", "dau moi", "daumoi", "focal", "chinh":
		return store.MemberFocal, true
	case "pho", "deputy", "thay the", "thaythe", "nguoi thay the", "pho dau moi", "du phong":
		return store.MemberDeputy, true
	}
	return "", false
}

// ReadRoster reads the cells of a CSV or XLSX roster (by content, not by name).
func ReadRoster(data []byte) ([][]string, error) {
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("read roster: %w", err)
		}
		defer f.Close()
		return f.GetRows(f.GetSheetName(0))
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // Excel's UTF-8 mark
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	if first, _, _ := bytes.Cut(data, []byte("\n")); bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		r.Comma = ';' // Excel in Vietnamese locale saves CSV with semicolons
	}
	var rows [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read roster: %w", err)
		}
		rows = append(rows, rec)
	}
}

// isHeader tells a header row from a person: its first cell is no unit code.
func isHeader(cells []string, p store.Plan) bool {
	if len(cells) == 0 {
		return false
	}
	if _, ok := p.Unit(strings.TrimSpace(cells[0])); ok {
		return false
	}
	f := store.Fold(cells[0])
	return strings.Contains(f, "ma") || strings.Contains(f, "don vi") || strings.Contains(f, "unit")
}

// ParseRoster validates every row against the plan; any problem means none of it is used.
func ParseRoster(data []byte, p store.Plan) ([]RosterRow, []RosterProblem) {
	cells, err := ReadRoster(data)
	if err != nil {
		return nil, []RosterProblem{{Kind: RosterUnreadable}}
	}
	var rows []RosterRow
	var probs []RosterProblem
	seats, phones, names := map[string]int{}, map[string]int{}, map[string]int{}
	for i, c := range cells {
		n := i + 1
		if blank(c) || (i == 0 && isHeader(c, p)) {
			continue
		}
		if len(c) < 5 {
			probs = append(probs, RosterProblem{Row: n, Kind: RosterColumns, Value: strings.Join(c, ", ")})
			continue
		}
		for j := range c {
			c[j] = strings.TrimSpace(c[j])
		}
		r := RosterRow{Row: n, Name: c[1]}
		bad := func(k RosterProblemKind, v string) { probs = append(probs, RosterProblem{Row: n, Kind: k, Value: v}) }
		if u, ok := p.Unit(c[0]); ok {
			r.Unit = u.Code
		} else {
			bad(RosterUnknownUnit, c[0])
		}
		if r.Name == "" {
			bad(RosterNoName, "")
		}
		if c[2] != "" {
			if ph, ok := NormalizePhone(c[2]); ok {
				r.Phone = ph
			} else {
				bad(RosterBadPhone, c[2])
			}
		}
		if u := strings.TrimPrefix(c[3], "@"); u != "" {
			if usernameRe.MatchString(u) {
				r.Username = u
			} else {
				bad(RosterBadUsername, c[3])
			}
		}
		if role, ok := rosterRole(c[4]); ok {
			r.Role = role
		} else {
			bad(RosterBadRole, c[4])
		}
		dup := func(m map[string]int, key string, k RosterProblemKind, v string) {
			if key == "" {
				return
			}
			if prev, ok := m[key]; ok {
				probs = append(probs, RosterProblem{Row: n, Kind: k, Value: v, PrevRow: prev})
				return
			}
			m[key] = n
		}
		if r.Unit != "" && r.Role != "" {
			dup(seats, r.Unit+"/"+string(r.Role), RosterDuplicateSeat, r.Unit)
		}
		dup(phones, r.Phone, RosterDuplicatePerson, c[2])
		dup(names, strings.ToLower(r.Username), RosterDuplicatePerson, c[3])
		rows = append(rows, r)
	}
	if len(rows) == 0 && len(probs) == 0 {
		probs = append(probs, RosterProblem{Kind: RosterEmpty})
	}
	if len(probs) > 0 {
		return nil, probs
	}
	return rows, nil
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// IssuedInvite is a link made for a seat. Token is empty when the seat was already taken
// (the roster then only records the person's phone).
type IssuedInvite struct {
	Unit      string
	Role      store.MemberRole
	Name      string
	Phone     string
	Username  string
	Token     string
	ExpiresAt time.Time
}

// ImportRoster records the people and makes a link for every seat still empty, ending
// older unused links for those seats. Everything is in tx: the caller commits all or nothing.
func ImportRoster(ctx context.Context, tx *store.Tx, plan store.Plan, rows []RosterRow, actor int64, now time.Time) ([]IssuedInvite, error) {
	members, err := tx.AllMembers(ctx)
	if err != nil {
		return nil, err
	}
	taken := map[string]bool{}
	for _, m := range members {
		taken[m.Unit+"/"+string(m.Role)] = true
	}
	out := make([]IssuedInvite, 0, len(rows))
	for _, r := range rows {
		iv := IssuedInvite{Unit: r.Unit, Role: r.Role, Name: r.Name, Phone: r.Phone, Username: r.Username}
		var hash string
		if !taken[r.Unit+"/"+string(r.Role)] {
			if iv.Token, iv.ExpiresAt, err = NewInvite(ctx, tx, plan, actor, r.Unit, store.InviteRole(r.Role), now); err != nil {
				return nil, err
			}
			hash = hashInviteToken(iv.Token)
		}
		if err := tx.SetPerson(ctx, store.Person{Unit: r.Unit, Role: r.Role, Name: r.Name, Phone: r.Phone,
			Username: r.Username, Invite: hash, UpdatedBy: actor}); err != nil {
			return nil, err
		}
		out = append(out, iv)
	}
	detail := fmt.Sprintf("rows=%d links=%d", len(rows), countLinks(out))
	if err := tx.Audit(ctx, actor, store.AuditRosterImport, "", 0, detail); err != nil {
		return nil, err
	}
	return out, nil
}

func countLinks(ivs []IssuedInvite) int {
	n := 0
	for _, iv := range ivs {
		if iv.Token != "" {
			n++
		}
	}
	return n
}

// InviteVacant makes a focal-point link for each of units that has no focal point.
func InviteVacant(ctx context.Context, tx *store.Tx, plan store.Plan, units []store.Unit, actor int64, now time.Time) ([]IssuedInvite, error) {
	members, err := tx.AllMembers(ctx)
	if err != nil {
		return nil, err
	}
	hasFocal := map[string]bool{}
	for _, m := range members {
		hasFocal[m.Unit] = hasFocal[m.Unit] || m.Role == store.MemberFocal
	}
	var out []IssuedInvite
	for _, u := range units {
		if hasFocal[u.Code] {
			continue
		}
		token, expires, err := NewInvite(ctx, tx, plan, actor, u.Code, store.InviteFocal, now)
		if err != nil {
			return nil, err
		}
		out = append(out, IssuedInvite{Unit: u.Code, Role: store.MemberFocal, Token: token, ExpiresAt: expires})
	}
	return out, nil
}
