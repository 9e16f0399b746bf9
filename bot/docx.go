package bot

import (
	"context"
	"strings"

	"github.com/tocongtac/tocongtac/bot/parse"
	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/reminders"
	"github.com/tocongtac/tocongtac/store"
)

// docxCommands is the official report to the province (issue 18).
func (b *Bot) docxCommands() []*command {
	return []*command{
		{view: true, rollup: true, names: []string{"baocaotinh", "officialreport"}, admin: true, run: b.cmdOfficialReport},
	}
}

// cmdOfficialReport sends the draft Báo cáo (.docx) of a cycle: the month by default,
// since the province is reported to monthly; "/baocaotinh tuan ky truoc" as /tonghop.
func (b *Bot) cmdOfficialReport(ctx context.Context, s *scope, args string) error {
	st := s.ws
	sel, ok := parseSelection(args, st.plan, b.now().In(st.cal.Location()), false)
	if !ok {
		return s.reply(ctx, messages.SummaryUsage("baocaotinh"))
	}
	if sel.kind == reminders.Week && !strings.Contains(" "+parse.Fold(args)+" ", " tuan ") && !strings.Contains(strings.ToLower(args), "week") {
		sel.kind = reminders.Month
	}
	rep, err := b.buildReport(ctx, s, b.selectionCycle(s.ws, sel))
	if err != nil {
		return err
	}
	sum := rep.Summary
	data, err := messages.Render(rep, "docx")
	if err != nil {
		return err
	}
	return s.send(ctx, store.Outgoing{ChatID: s.chatID, Kind: store.KindDocument, FileName: messages.ReportFileName(sum),
		File: data, Text: messages.ReportCaption(sum)})
}
