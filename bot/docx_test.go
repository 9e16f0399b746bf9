package bot_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/gomutex/godocx/packager"

	"github.com/tocongtac/tocongtac/bot/bottest"
	"github.com/tocongtac/tocongtac/bot/telegramtest"
	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/reminders"
	"github.com/tocongtac/tocongtac/store"
)

// docxText is every w:t of word/document.xml, one string per paragraph.
func docxText(t *testing.T, data []byte) string {
	t.Helper()
	if _, err := packager.Unpack(&data); err != nil {
		t.Fatalf("the library cannot open the report: %v", err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, _ := f.Open()
		dec := xml.NewDecoder(rc)
		inText := false
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			switch v := tok.(type) {
			case xml.StartElement:
				inText = v.Name.Local == "t"
			case xml.EndElement:
				if v.Name.Local == "p" {
					b.WriteString("\n")
				}
				inText = false
			case xml.CharData:
				if inText {
					b.Write(v)
				}
			}
		}
		rc.Close()
	}
	return b.String()
}

func TestOfficialReportInChat(t *testing.T) {
	env := summaryEnv(t)
	cal, err := reminders.NewCalendar(env.Bot.Plan())
	if err != nil {
		t.Fatal(err)
	}
	// MH1 numbers: 20 in February's cycle, 25 + 14 in March's.
	err = env.DB.Update(context.Background(), func(tx *store.Tx) error {
		for _, r := range []struct {
			day   time.Time
			unit  string
			value float64
		}{
			{time.Date(2024, 2, 10, 9, 0, 0, 0, bottest.Hanoi), "CAH", 20},
			{time.Date(2024, 3, 6, 9, 0, 0, 0, bottest.Hanoi), "CAH", 25},
			{time.Date(2024, 3, 7, 9, 0, 0, 0, bottest.Hanoi), "TUPHAP", 14},
		} {
			id, err := tx.AddReport(context.Background(), store.Report{Unit: r.unit, Model: 1, Status: store.StatusInProgress,
				Percent: -1, Reporter: 1, ReceivedAt: r.day, Week: cal.Week(r.day).ID, Month: cal.Month(r.day).ID, Quarter: cal.Quarter(r.day).ID})
			if err != nil {
				return err
			}
			if err := tx.AddIndicatorValue(context.Background(), id, "", r.value); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sent := sumAsk(env, bottest.Admin, "/baocaotinh")
	if len(sent) != 1 || sent[0].Method != "sendDocument" {
		t.Fatalf("sent %+v", sent)
	}
	if sent[0].FileName != "bao-cao-2024-03.docx" {
		t.Errorf("file name %q (the month is the default cycle)", sent[0].FileName)
	}
	text := docxText(t, sent[0].File)
	for _, want := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BÁO CÁO", "kỳ tháng 3/2024",
		"39/53 dịch vụ (73,6%)", "+19", "UBND xã Mỹ Tân: thiếu camera.", "Nơi nhận:"} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q", want)
		}
	}

	// Other people learn nothing.
	for _, u := range []telegramtest.User{sumNobody, sumCAH} {
		if got := sumAsk(env, u, "/baocaotinh"); len(got) != 1 || got[0].PlainText != messages.NotAllowed() {
			t.Errorf("/baocaotinh by %d: %+v", u.ID, got)
		}
	}
	if got := sumAsk(env, bottest.Admin, "/baocaotinh hom qua"); len(got) != 1 || !strings.Contains(got[0].PlainText, "/baocaotinh [tuần|tháng|quý") {
		t.Errorf("bad arguments: %+v", got)
	}
}
