package messages

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tocongtac/tocongtac/store"
)

// Seat is a unit's focal point or deputy as the directory shows it.
type Seat struct {
	User        *store.User   // bound person; nil when nobody
	Away        string        // yyyy-mm-dd their absence ends, "" if present
	Unreachable bool          // blocked the bot
	Person      *store.Person // what the roster says (phone), nil when not listed
	Pending     *store.Invite // newest unused link for the seat, nil when none
}

func (s Seat) empty() bool { return s.User == nil && s.Pending == nil }

// DirectoryEntry is one unit in /donvi.
type DirectoryEntry struct {
	Unit          store.Unit
	Focal, Deputy Seat
	LastReport    time.Time // zero: never reported
}

// DirectoryTitle names what /donvi shows: every unit, or a code or tag.
func directoryTitle(filter string, n, bound, invited int) string {
	scope := ""
	if filter != "" {
		scope = " (" + E(filter) + ")"
	}
	wait := ""
	if invited > 0 {
		wait = fmt.Sprintf(", %d đang chờ nhận lời mời", invited)
	}
	return fmt.Sprintf("<b>Danh bạ đầu mối</b>%s – %d đơn vị: %d đã có người phụ trách%s, %d chưa có ai.\n",
		scope, n, bound, wait, n-bound-invited)
}

func seatText(s Seat, loc *time.Location) string {
	var b strings.Builder
	switch {
	case s.User != nil:
		b.WriteString(Person(*s.User))
	case s.Pending != nil:
		b.WriteString("<i>chưa có</i>")
	default:
		return "<i>chưa có</i>"
	}
	if s.Person != nil && s.Person.Phone != "" {
		b.WriteString(" ☎ " + E(s.Person.Phone))
	}
	if s.Away != "" {
		b.WriteString(" (vắng đến " + roleDayVN(s.Away) + ")")
	}
	if s.Unreachable {
		b.WriteString(" ⛔ đã chặn bot, không nhận được tin")
	}
	if s.User == nil && s.Pending != nil {
		who := ""
		if s.Person != nil && s.Person.Name != "" {
			who = " cho " + E(s.Person.Name)
		}
		fmt.Fprintf(&b, " 🔗 đã mời%s, link hết hạn %s", who, s.Pending.ExpiresAt.In(loc).Format(roleDayTime))
	}
	return b.String()
}

// Directory is the admins' unit directory: each unit with someone on one line (so a split
// never separates a unit from its people), then the units without anyone, one line per tag.
func Directory(entries []DirectoryEntry, filter string, loc *time.Location) string {
	var none, some []DirectoryEntry
	invited := 0
	for _, e := range entries {
		switch {
		case e.Focal.empty() && e.Deputy.empty():
			none = append(none, e)
		case e.Focal.User == nil && e.Deputy.User == nil:
			invited++
			some = append(some, e)
		default:
			some = append(some, e)
		}
	}
	var b strings.Builder
	b.WriteString(directoryTitle(filter, len(entries), len(some)-invited, invited))
	if len(entries) == 0 {
		b.WriteString("Không có đơn vị nào khớp. Gõ /donvi để xem mọi đơn vị, hoặc /donvi MÃ, /donvi NHÃN (ví dụ /donvi xa).")
		return b.String()
	}
	for _, e := range some {
		fmt.Fprintf(&b, "• %s – đầu mối: %s; dự phòng: %s; %s\n", UnitLabel(e.Unit), seatText(e.Focal, loc),
			seatText(e.Deputy, loc), roleLastReport(e.LastReport, loc))
	}
	if len(none) > 0 {
		fmt.Fprintf(&b, "\n<b>Chưa có ai (%d)</b> – mời bằng <code>/moi tatca</code>, <code>/moi NHÃN</code> hoặc <code>/moi MÃ</code>:\n", len(none))
		for _, g := range groupByTag(none) {
			for i := 0; i < len(g.codes); i += 80 { // a line stays well under one message
				end := min(i+80, len(g.codes))
				fmt.Fprintf(&b, "❗ %s (%d): %s\n", E(g.tag), len(g.codes), strings.Join(g.codes[i:end], ", "))
			}
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

type tagGroup struct {
	tag   string
	codes []string
}

// groupByTag groups units by their first tag, in plan order of first appearance.
func groupByTag(es []DirectoryEntry) []tagGroup {
	var out []tagGroup
	at := map[string]int{}
	for _, e := range es {
		tag := "khác"
		if len(e.Unit.Tags) > 0 {
			tag = e.Unit.Tags[0]
		}
		i, ok := at[tag]
		if !ok {
			i = len(out)
			at[tag] = i
			out = append(out, tagGroup{tag: tag})
		}
		out[i].codes = append(out[i].codes, E(e.Unit.Code))
	}
	return out
}

// DirectoryHeaders are the columns of the directory workbook.
var DirectoryHeaders = []string{"Mã đơn vị", "Đơn vị", "Nhãn", "Vai trò", "Họ tên (Telegram)", "Telegram id",
	"Telegram @", "Họ tên (danh sách)", "Số điện thoại", "Vắng đến", "Liên lạc", "Link mời chưa dùng hết hạn", "Báo cáo gần nhất"}

// DirectoryXLSX is the directory as a workbook: one row per unit and role.
func DirectoryXLSX(entries []DirectoryEntry, loc *time.Location) ([]byte, error) {
	var rows [][]string
	for _, e := range entries {
		last := ""
		if !e.LastReport.IsZero() {
			last = e.LastReport.In(loc).Format(roleDayTime)
		}
		for _, r := range []struct {
			role string
			s    Seat
		}{{"Đầu mối", e.Focal}, {"Đầu mối dự phòng", e.Deputy}} {
			row := []string{e.Unit.Code, e.Unit.Name, strings.Join(e.Unit.Tags, ", "), r.role, "", "", "", "", "", "", "", "", last}
			if u := r.s.User; u != nil {
				row[4], row[5], row[6] = strings.TrimSpace(u.FirstName+" "+u.LastName), strconv.FormatInt(u.ID, 10), u.Username
				row[10] = "Bình thường"
				if r.s.Unreachable {
					row[10] = "Đã chặn bot"
				}
			}
			if p := r.s.Person; p != nil {
				row[7], row[8] = p.Name, p.Phone
			}
			if r.s.Away != "" {
				row[9] = roleDayVN(r.s.Away)
			}
			if inv := r.s.Pending; inv != nil {
				row[11] = inv.ExpiresAt.In(loc).Format(roleDayTime)
			}
			rows = append(rows, row)
		}
	}
	return simpleXLSX("Danh bạ", DirectoryHeaders, rows, []float64{12, 34, 12, 15, 24, 13, 16, 24, 14, 12, 13, 17, 17})
}

// DirectoryFileName names the directory workbook.
func DirectoryFileName(at time.Time) string { return "danh-ba-" + at.Format("2006-01-02") + ".xlsx" }

// DirectoryFileCaption goes with the workbook.
func DirectoryFileCaption(n int) string {
	return fmt.Sprintf("📇 Danh bạ đầu mối của %d đơn vị (tệp Excel).", n)
}

// DirectoryUsage explains /donvi.
func DirectoryUsage() string {
	return "Cách dùng: /donvi [MÃ|NHÃN|tatca] [excel] – danh bạ đầu mối, ví dụ /donvi xa, /donvi CAH, /donvi excel."
}
