package workgroup_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/workgroup"
)

// rosterXLSX writes rows (header first) as a workbook.
func rosterXLSX(t *testing.T, rows [][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		vals := make([]any, len(r))
		for j := range r {
			vals[j] = r[j]
		}
		if err := f.SetSheetRow("Sheet1", cell, &vals); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func fullRoster(p store.Plan) [][]string {
	rows := [][]string{{"Mã đơn vị", "Họ và tên", "Số điện thoại", "Telegram", "Vai trò"}}
	for i, u := range p.Units {
		rows = append(rows, []string{u.Code, fmt.Sprintf("Nguyễn Văn %d", i), fmt.Sprintf("09%08d", 1000+i),
			fmt.Sprintf("@daumoi_%02d", i), "đầu mối"})
	}
	return rows
}

func TestRosterImportFromXLSX(t *testing.T) {
	db, now := openDB(t)
	p := store.DefaultPlan()
	rows, probs := workgroup.ParseRoster(rosterXLSX(t, fullRoster(p)), p)
	if len(probs) != 0 || len(rows) != len(p.Units) {
		t.Fatalf("%d rows, problems %+v", len(rows), probs)
	}
	// One unit already has its focal point: the roster records the phone but makes no link.
	update(t, db, func(ctx context.Context, tx *store.Tx) error {
		_, err := tx.SetMember(ctx, p.Units[0].Code, store.MemberFocal, 555)
		return err
	})
	var ivs []workgroup.IssuedInvite
	update(t, db, func(ctx context.Context, tx *store.Tx) (err error) {
		ivs, err = workgroup.ImportRoster(ctx, tx, p, rows, 1001, *now)
		return err
	})
	links := 0
	for _, iv := range ivs {
		if iv.Token != "" {
			links++
		}
	}
	if links != len(p.Units)-1 || ivs[0].Token != "" {
		t.Fatalf("%d links for %d units with one bound; first %+v", links, len(p.Units), ivs[0])
	}
	err := db.View(context.Background(), func(tx *store.Tx) error {
		ctx := context.Background()
		people, err := tx.People(ctx)
		if err != nil {
			return err
		}
		pending, err := tx.PendingInvites(ctx)
		if err != nil {
			return err
		}
		if len(people) != len(p.Units) || len(pending) != links {
			t.Errorf("%d people, %d pending invites", len(people), len(pending))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestRosterBadRowsAreNamed(t *testing.T) {
	p := store.DefaultPlan()
	csv := strings.Join([]string{
		"ma don vi;ho ten;dien thoai;telegram;vai tro",
		"CAH;Lê Văn A;0912 345 678;@le_van_a;đầu mối",
		"X-KHONGCO;Trần B;0912345679;;đầu mối",  // 3: unknown unit
		"VP;Phạm C;0912 345 678;;phó",           // 4: same phone as row 2
		"VP;Đỗ D;12345;;đầu mối",                // 5: malformed phone
		"TCKH;Hà E;+84 912 000 111;@a;thu ky",   // 6: bad username, bad role
		"CAH;Lê Văn F;0988000111;;dau moi",      // 7: CAH's focal point twice
		"VHTT;Vũ G;0988000222;@LE_VAN_A;deputy", // 8: same username as row 2
	}, "\n")
	rows, probs := workgroup.ParseRoster([]byte(csv), p)
	if rows != nil {
		t.Fatalf("rows returned with problems: %+v", rows)
	}
	want := map[int][]workgroup.RosterProblemKind{
		3: {workgroup.RosterUnknownUnit},
		4: {workgroup.RosterDuplicatePerson},
		5: {workgroup.RosterBadPhone},
		6: {workgroup.RosterBadUsername, workgroup.RosterBadRole},
		7: {workgroup.RosterDuplicateSeat},
		8: {workgroup.RosterDuplicatePerson},
	}
	got := map[int][]workgroup.RosterProblemKind{}
	for _, pr := range probs {
		got[pr.Row] = append(got[pr.Row], pr.Kind)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("problems by row:\n got %v\nwant %v", got, want)
	}
	if ph, ok := workgroup.NormalizePhone("+84 912 000 111"); !ok || ph != "0912000111" {
		t.Errorf("NormalizePhone(+84…) = %q %v", ph, ok)
	}
	if _, probs := workgroup.ParseRoster([]byte("PK\x03\x04garbage"), p); len(probs) != 1 || probs[0].Kind != workgroup.RosterUnreadable {
		t.Errorf("garbage: %+v", probs)
	}
}
