package bot

import (
	"context"
	"encoding/json"

	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/bot/parse"
	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
)

// askBlockerNotes asks, for each "MH18 vm" line with no description, what the blocker is
// (a ForceReply prompt, as the guided flow asks for a note); the answer is recorded as
// the blocker and sent up then (applyNote).
func (b *Bot) askBlockerNotes(ctx context.Context, s *scope, unit string, res parse.Result, o origin) error {
	assigned := map[int]bool{}
	for _, a := range s.ws.plan.UnitModels(unit) {
		assigned[a.Model] = true
	}
	for _, l := range res.Lines {
		if l.Kind != parse.LineQuestion || l.Question != parse.QuestionNeedsNote || !assigned[l.Model] {
			continue
		}
		if err := s.tx.DeletePendingNotes(ctx, s.chatID, o.reporter, unit, l.Model); err != nil {
			return err
		}
		force, _ := json.Marshal(models.ForceReply{ForceReply: true, InputFieldPlaceholder: messages.BlockerNotePlaceholder()})
		promptID, queued, err := s.tx.Enqueue(ctx, store.Outgoing{ChatID: s.chatID, Purpose: purposeNotePrompt,
			Text: messages.BlockerNoteQuestion(l.Model), ReplyMarkup: force, ReplyTo: o.messageID})
		if err != nil {
			return err
		}
		if queued {
			s.queued++
		}
		if _, err := s.tx.AddPending(ctx, store.PendingReport{Kind: store.PendingNote, ChatID: s.chatID, UserID: o.reporter,
			Unit: unit, Model: l.Model, Status: store.StatusBlocked, MessageID: 0, Week: o.cycles.week, Month: o.cycles.month,
			Quarter: o.cycles.quarter, PromptOutbox: promptID}); err != nil {
			return err
		}
	}
	return nil
}
