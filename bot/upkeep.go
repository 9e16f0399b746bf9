package bot

import (
	"context"
	"time"
)

const (
	upkeepTick = time.Second // coalesced alerts are checked this often (one read)
	pruneEvery = time.Hour
)

// upkeep runs the bot's periodic chores until ctx ends: coalesced blocker alerts when
// their window closes, notices to members of units a plan import dropped, and pruning.
func (b *Bot) upkeep(ctx context.Context) {
	t := time.NewTicker(upkeepTick)
	defer t.Stop()
	lastPrune := time.Time{}
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := b.flushAlerts(ctx); err != nil && ctx.Err() == nil {
			b.log.Error().Err(err).Msg("coalesced blocker alerts")
		}
		if err := b.tellOrphans(ctx); err != nil && ctx.Err() == nil {
			b.log.Error().Err(err).Msg("members of dropped units")
		}
		if time.Since(lastPrune) >= pruneEvery {
			lastPrune = time.Now()
			p, err := b.db.Prune(ctx, b.cfg.Admins...)
			if err != nil {
				if ctx.Err() == nil {
					b.log.Error().Err(err).Msg("prune")
				}
				continue
			}
			b.log.Info().Int("updates", p.Updates).Int("texts", p.Texts).Int("users", p.Users).
				Int("quiet", p.Quiet).Int("alerts", p.Alerts).Msg("pruned")
		}
	}
}
