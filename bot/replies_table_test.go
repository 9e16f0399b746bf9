package bot_test

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/tocongtac/tocongtac/bot/bottest"
	"github.com/tocongtac/tocongtac/bot/telegramtest"
	"github.com/tocongtac/tocongtac/store"
)

// tablePlan has the two units of bot/parse/testdata/replies.tsv; the standing office
// is a third unit, so blocker alerts do not land in the reporters' chats.
const tablePlan = `title: Kế hoạch thử các câu trả lời
timezone: Asia/Ho_Chi_Minh
standing_office: VP
units:
  - {code: VP, name: Văn phòng, tags: [huyen]}
  - {code: CAH, name: Công an huyện, tags: [huyen]}
  - {code: X-MYTAN, name: UBND xã Mỹ Tân, tags: [xa]}
models:
  - {number: 1, group: I, title: Mô hình 1, lead: [CAH]}
  - {number: 3, group: I, title: Mô hình 3, lead: [CAH]}
  - {number: 6, group: I, title: Mô hình 6, lead: [CAH]}
  - {number: 9, group: II, title: Mô hình 9, lead: [CAH], support: [X-MYTAN]}
  - {number: 10, group: II, title: Mô hình 10, lead: [CAH]}
  - {number: 18, group: II, title: Mô hình 18, lead: [CAH], support: [X-MYTAN]}
  - {number: 24, group: III, title: Mô hình 24, lead: [CAH]}
  - {number: 27, group: III, title: Mô hình 27, lead: [X-MYTAN]}
  - {number: 28, group: III, title: Mô hình 28, lead: [X-MYTAN]}
  - {number: 30, group: IV, title: Mô hình 30, lead: [CAH], support: [X-MYTAN]}
  - {number: 36, group: V, title: Mô hình 36, lead: [CAH]}
reporting:
  weekly: {due: monday, remind: ["30 7 * * MON"], escalate: "0 8 * * TUE", summary: "0 8 * * TUE"}
  monthly: {cutoff_day: 14, remind: ["0 8 10 * *"], escalate: "0 8 15 * *", summary: "0 9 15 * *"}
`

// tableRow is one reply of the table and what must be stored for it.
type tableRow struct {
	unit, in, recorded, lines string
}

func loadTable(t *testing.T) []tableRow {
	t.Helper()
	data, err := os.ReadFile("parse/testdata/replies.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var rows []tableRow
	for _, l := range strings.Split(string(data), "\n") {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		f := strings.Split(l, "\t")
		if len(f) != 5 {
			t.Fatalf("replies.tsv: %q", l)
		}
		if f[0] == "-" {
			continue // a reply with no unit known: the bot always knows it
		}
		rows = append(rows, tableRow{f[0], strings.ReplaceAll(f[1], `\n`, "\n"), f[2], f[3]})
	}
	return rows
}

// wantRow is a stored report in the table's notation ("18P50", `30B"thiếu camera"`), or
// "MH9 keep" for one copied by "giữ nguyên".
func storedRow(r store.Report) string {
	if r.Source == "keep" {
		return fmt.Sprintf("%d=", r.Model)
	}
	s := strconv.Itoa(r.Model) + map[store.Status]string{"done": "D", "in_progress": "P", "not_started": "N", "blocked": "B"}[r.Status]
	if r.Percent >= 0 {
		s += strconv.Itoa(r.Percent)
	}
	if r.Note != "" {
		s += strconv.Quote(r.Note)
	}
	return s
}

// expectedRows expands the table's "recorded" for a unit: "*…" to every model not named
// on its own, "=" to a kept report of every model not otherwise named, and drops models
// the unit does not have (the bot refuses those lines).
func expectedRows(recorded string, unitModels []int) (rows []string, refused bool) {
	has := map[int]bool{}
	for _, m := range unitModels {
		has[m] = true
	}
	byModel := map[int]string{}
	var all string
	keep := false
	for _, tok := range splitTokens(recorded) {
		switch {
		case tok == "=":
			keep = true
		case strings.HasPrefix(tok, "*"):
			all = tok[1:]
		default:
			n := 0
			for n < len(tok) && tok[n] >= '0' && tok[n] <= '9' {
				n++
			}
			m, _ := strconv.Atoi(tok[:n])
			if !has[m] {
				refused = true
				continue
			}
			byModel[m] = tok
		}
	}
	for _, m := range unitModels {
		switch {
		case byModel[m] != "":
			rows = append(rows, byModel[m])
		case all != "":
			rows = append(rows, strconv.Itoa(m)+all)
		case keep:
			rows = append(rows, fmt.Sprintf("%d=", m))
		}
	}
	return rows, refused
}

// splitTokens splits on spaces outside quotes.
func splitTokens(s string) []string {
	var out []string
	var cur strings.Builder
	quoted := false
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && quoted && i+1 < len(s):
			cur.WriteByte(s[i])
			i++
			cur.WriteByte(s[i])
			continue
		case s[i] == '"':
			quoted = !quoted
		case s[i] == ' ' && !quoted:
			if cur.Len() > 0 {
				out = append(out, cur.String())
				cur.Reset()
			}
			continue
		}
		cur.WriteByte(s[i])
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

// TestRepliesTableThroughTheBot sends every reply of the parser's table to the real bot
// and checks what is stored and what kind of answer comes back.
func TestRepliesTableThroughTheBot(t *testing.T) {
	rows := loadTable(t)
	env := bottest.Start(t, bottest.WithPlan([]byte(tablePlan)))
	users := map[string]telegramtest.User{"cah": repCAH, "xa": repFocal}
	units := map[string]string{"cah": "CAH", "xa": "X-MYTAN"}
	for k, u := range users {
		env.Bind(u, units[k], store.MemberFocal)
		env.Say(u, "tất cả đang triển khai 10%") // so that "giữ nguyên" has something to keep
	}
	recordedWhole := 0
	for _, c := range rows {
		unit := units[c.unit]
		before := len(repRows(t, env, unit))
		chat := env.TG.Private(users[c.unit])
		sentBefore := len(env.TG.SentTo(chat.ID))
		got := env.Say(users[c.unit], c.in)
		env.Settle()
		// A shortcut that would overwrite a Hoàn thành or an open blocker asks first: the
		// table's reading is what [Ghi đè] records.
		for _, m := range env.TG.SentTo(chat.ID)[sentBefore:] {
			if m.ReplyMarkup != nil && strings.Contains(m.PlainText, "muốn ghi đè") {
				env.TG.Press(users[c.unit], chat, m.MessageID, repButton(t, env, chat.ID, m.MessageID, "r:o:"))
				repWaitEdit(t, env, chat.ID, m.MessageID, "Đã ghi đè")
				env.Settle()
				sent := env.TG.SentTo(chat.ID)
				got.PlainText += "\n" + sent[len(sent)-1].PlainText
			}
		}
		var stored []string
		for _, r := range repRows(t, env, unit)[before:] {
			stored = append(stored, storedRow(r))
		}
		sort.SliceStable(stored, func(i, j int) bool { return modelOf(stored[i]) < modelOf(stored[j]) })
		want, refused := expectedRows(c.recorded, repModels(env, unit))
		if strings.Join(stored, " ") != strings.Join(want, " ") {
			t.Errorf("%s %q: stored %q, want %q", unit, c.in, stored, want)
		}
		asked := strings.Contains(c.lines, "Q") || strings.Contains(c.lines, "E:") || refused
		switch {
		case len(want) > 0 && !strings.Contains(got.PlainText, "Đã ghi nhận"):
			t.Errorf("%q: the answer does not confirm:\n%s", c.in, got.PlainText)
		case asked && !strings.Contains(got.PlainText, "Chưa ghi nhận") && !strings.Contains(got.PlainText, "chưa hiểu"):
			t.Errorf("%q: the answer does not name the lines not recorded:\n%s", c.in, got.PlainText)
		case len(want) == 0 && !asked && !strings.Contains(got.PlainText, "chưa hiểu"):
			t.Errorf("%q: nothing to record, yet the answer is:\n%s", c.in, got.PlainText)
		}
		if len(want) > 0 && !asked {
			recordedWhole++
		}
		// Each row is a reply on its own: a blocker's description the bot asked for
		// ("MH18 vm") is left unanswered, not read from the next row.
		err := env.DB.Update(env.Context(), func(tx *store.Tx) error {
			for _, m := range repModels(env, unit) {
				if err := tx.DeletePendingNotes(env.Context(), env.TG.Private(users[c.unit]).ID, users[c.unit].ID, unit, m); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d replies through the bot: %d recorded whole without a question or refusal", len(rows), recordedWhole)
}

func modelOf(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	m, _ := strconv.Atoi(s[:n])
	return m
}
