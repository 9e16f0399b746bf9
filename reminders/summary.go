package reminders

import (
	"context"
	"fmt"
	"time"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
)

// summaryPost is a scheduled summary, compiled and rendered before the slot's write
// transaction so that the single writer is never held while a workbook is built.
type summaryPost struct {
	sum   store.Summary
	parts []string
	xlsx  []byte
}

// renderSummary compiles the slot's cycle on a read snapshot and renders it.
func (s *Service) renderSummary(ctx context.Context, cur Current, sl Slot, now time.Time) (*summaryPost, error) {
	var r messages.Report
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if r, err = BuildReport(ctx, cur.in(tx), cur.Plan, cur.Cal, sl.Cycle, now); err != nil {
			return err
		}
		return AddGroups(ctx, tx, &r, Children(s.plans(), cur.Group.ID), now)
	})
	if err != nil {
		return nil, err
	}
	sum := r.Summary
	data, err := messages.Render(r, "xlsx")
	if err != nil {
		return nil, err
	}
	// One message in an ordinary week: the headline, the units still missing and the
	// blockers; the full table is the attached workbook.
	blockers := sum.Blockers
	if sum.Kind == string(Week) && len(r.Tickets) > 0 {
		blockers = nil // the weekly summary follows up each ticket: age, owner, last step
	}
	brief := messages.SummaryBrief(cur.Plan, sum, messages.MissingRows(sum), blockers, now, true)
	if len(r.Groups) > 0 { // a province: its communes first, its own units in one line
		brief = messages.GroupRollupBrief(cur.Group.Name, messages.RollupPeriod(sum), OwnHeadline(cur, sum, now), r.Groups)
	}
	text := messages.ScheduledSummaryIntro(sum) + "\n\n" + brief
	if blockers == nil && len(r.Tickets) > 0 {
		text += "\n\n" + messages.OpenTickets(cur.Plan, r.Tickets, now)
	}
	parts := messages.Split(text)
	return &summaryPost{sum: sum, parts: parts, xlsx: data}, nil
}

// postSummary queues a rendered summary and its XLSX to every admin and registered group,
// in the slot's transaction. Dedupe keys make a re-run of the slot queue nothing twice.
func (s *Service) postSummary(ctx context.Context, tx *store.Tx, sl Slot, p *summaryPost) (int, error) {
	chats := s.admins(ctx, tx)
	if s.Groups != nil {
		chats = append(chats, s.Groups(ctx, tx)...)
	}
	queued := 0
	enqueue := func(m store.Outgoing) error {
		_, ok, err := tx.Enqueue(ctx, m)
		if ok {
			queued++
		}
		return err
	}
	for _, chat := range chats {
		key := fmt.Sprintf("summary:%s:%d", sl.Key(), chat)
		for i, part := range p.parts {
			if err := enqueue(store.Outgoing{ChatID: chat, Priority: store.PriorityBulk, Purpose: "summary", Text: part,
				Cycle: p.sum.CycleID, DedupeKey: fmt.Sprintf("%s:%d", key, i)}); err != nil {
				return queued, err
			}
		}
		if err := enqueue(store.Outgoing{ChatID: chat, Priority: store.PriorityBulk, Purpose: "summary", Kind: store.KindDocument,
			FileName: messages.SummaryFileName(p.sum, "xlsx"), File: p.xlsx, Text: messages.SummaryCaption(p.sum),
			Cycle: p.sum.CycleID, DedupeKey: key + ":xlsx"}); err != nil {
			return queued, err
		}
	}
	return queued, nil
}
