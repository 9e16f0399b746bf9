package main

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gomutex/godocx/packager"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/reminders"
	"github.com/tocongtac/tocongtac/store"
)

// TestReportDocxCommand runs `report --cycle month --format docx` on the embedded plan
// with a scripted month, and reads the file back with the library.
func TestReportDocxCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "t.db")
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := db.EnsurePlan(ctx, store.DefaultPlanYAML())
	if err != nil {
		t.Fatal(err)
	}
	cal, err := reminders.NewCalendar(plan)
	if err != nil {
		t.Fatal(err)
	}
	hanoi := cal.Location()
	err = db.Update(ctx, func(tx *store.Tx) error {
		for _, r := range []struct {
			day   int
			unit  string
			model int
			st    store.Status
			note  string
			value float64 // -1: none
		}{
			{5, "CAH", 1, store.StatusInProgress, "", 30},
			{6, "TUPHAP", 1, store.StatusInProgress, "", 15},
			{6, "TTYT", 6, store.StatusDone, "", 100},
			{7, "X-MYTAN", 30, store.StatusBlocked, "thiếu kinh phí", -1},
		} {
			at := time.Date(2024, 3, r.day, 9, 0, 0, 0, hanoi)
			id, err := tx.AddReport(ctx, store.Report{Unit: r.unit, Model: r.model, Status: r.st, Percent: -1, Note: r.note,
				Reporter: 1, ReceivedAt: at, Week: cal.Week(at).ID, Month: cal.Month(at).ID, Quarter: cal.Quarter(at).ID})
			if err != nil {
				return err
			}
			if r.value >= 0 {
				if err := tx.AddIndicatorValue(ctx, id, "", r.value); err != nil {
					return err
				}
			}
		}
		return nil
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}

	out := filepath.Join(dir, "baocao.docx")
	var stdout, stderr bytes.Buffer
	kv := envOf(map[string]string{"TOCONGTAC_DB": dbPath})
	args := []string{"report", "--cycle", "month", "--at", "2024-03-10", "--format", "docx", "--out", out}
	if code := run(ctx, args, kv, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := packager.Unpack(&data)
	if err != nil {
		t.Fatalf("the library cannot open the report: %v", err)
	}
	tables := 0
	for _, ch := range doc.Document.Body.Children {
		if ch.Table != nil {
			tables++
		}
	}
	if tables != 3 {
		t.Errorf("%d tables, want heading, results, signature", tables)
	}
	xmlText := string(unzipDocument(t, data))
	for _, want := range []string{"kỳ tháng 3/2024", "45/53 dịch vụ (84,9%)", "100% đơn vị đạt 100%", "UBND xã Mỹ Tân: thiếu kinh phí.", "Nơi nhận:"} {
		if !strings.Contains(xmlText, want) {
			t.Errorf("report lacks %q", want)
		}
	}

	// An edited template beside the plan changes the wording; a typo in a placeholder is
	// refused before anything is written.
	tmpl := filepath.Join(dir, "baocao.yaml")
	edited := strings.Replace(string(messages.DefaultReportTemplateYAML()), "dia_danh: Ngọc Lặc", "dia_danh: Thạch Lập", 1)
	if err := os.WriteFile(tmpl, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if code := run(ctx, append(args, "--template", tmpl), kv, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("template: exit %d: %s", code, stderr.String())
	}
	data, _ = os.ReadFile(out)
	if !strings.Contains(string(unzipDocument(t, data)), "Thạch Lập, ngày") {
		t.Error("the template's place is not used")
	}
	bad := strings.Replace(edited, "(từ ngày {tu_ngay}", "(từ ngày {tungay}", 1)
	if err := os.WriteFile(tmpl, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	stderr.Reset()
	if code := run(ctx, append(args, "--template", tmpl), kv, nil, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "{tungay}") {
		t.Errorf("bad template: exit %d: %s", code, stderr.String())
	}
}

func unzipDocument(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	t.Fatal("no word/document.xml")
	return nil
}
