package reminders

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/rs/zerolog"

	"github.com/tocongtac/tocongtac/store"
)

// Current is a group's plan in force with its calendar and schedule; a plan import
// replaces it.
type Current struct {
	Group store.Group // ID 0: the database's only group
	Plan  store.Plan
	Cal   *Calendar
	Sched *Schedule
}

// in is tx working in cur's group.
func (cur Current) in(tx *store.Tx) *store.Tx {
	if cur.Group.ID == 0 {
		return tx
	}
	return tx.In(cur.Group.ID)
}

// Service turns due slots into outbox messages, exactly once: each slot is recorded in the
// transaction that queues its messages. Cron only wakes Reconcile, which also runs at
// start-up and every minute, so slots missed while the process was down are caught up.
type Service struct {
	DB *store.DB
	// Plans lists every group's plan in force; Current is the one plan of a single
	// group, used when Plans is nil.
	Plans   func() []Current
	Current func() Current
	Now     func() time.Time
	Log     zerolog.Logger
	// Notify wakes the sender after messages were committed.
	Notify func()
	// Admins and Groups are the escalation's recipients (set by the bot).
	Admins func(ctx context.Context, tx *store.Tx) []int64
	Groups func(ctx context.Context, tx *store.Tx) []int64
	// Refresh runs before each minute's Reconcile (the bot reloads an imported plan).
	Refresh func(ctx context.Context) error

	mu      sync.Mutex // one Reconcile at a time
	cron    *cron.Cron
	entries []cron.EntryID
	wired   []*Schedule // the schedules whose specs are registered
}

func (s *Service) plans() []Current {
	if s.Plans != nil {
		return s.Plans()
	}
	return []Current{s.Current()}
}

// currentOf is the plan of tx's group.
func (s *Service) currentOf(tx *store.Tx) Current {
	all := s.plans()
	for _, cur := range all {
		if cur.Group.ID == tx.Group() {
			return cur
		}
	}
	return all[0]
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// Reconcile acts on every slot due at now that is not done yet, each in its own write
// transaction. Running it again, or after a restart, queues nothing twice.
func (s *Service) Reconcile(ctx context.Context, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	queued := 0
	var errs []error
	for _, cur := range s.plans() {
		n, err := s.reconcileGroup(ctx, cur, now)
		queued += n
		if err != nil {
			errs = append(errs, err)
		}
	}
	if queued > 0 && s.Notify != nil {
		s.Notify()
	}
	return errors.Join(errs...)
}

// reconcileGroup acts on one group's due slots and returns how many messages it queued.
func (s *Service) reconcileGroup(ctx context.Context, cur Current, now time.Time) (int, error) {
	var slots []Slot
	var deadlines []deadlineSlot
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		tx = cur.in(tx)
		since, err := tx.InstalledAt(ctx)
		if err != nil {
			return err
		}
		// Slots acted on already are left out in this one read: each minute, every group
		// would otherwise open a write transaction (and sync the log) per done slot only
		// to find it recorded. The write transaction still records a slot once.
		for _, sl := range cur.Sched.Due(now, since) {
			if done, err := tx.SlotDone(ctx, sl.Key()); err != nil || done {
				if err != nil {
					return err
				}
				continue
			}
			slots = append(slots, sl)
		}
		for _, ds := range modelDeadlines(cur, now, since) {
			if done, err := tx.SlotDone(ctx, ds.key()); err != nil || done {
				if err != nil {
					return err
				}
				continue
			}
			deadlines = append(deadlines, ds)
		}
		return nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil // no plan yet: nothing is scheduled
	}
	if err != nil {
		return 0, fmt.Errorf("reconcile %s: %w", cur.Group.Code, err)
	}
	queued := 0
	var errs []error
	for _, sl := range slots {
		n, err := s.runSlot(ctx, cur, sl, now)
		queued += n
		if err != nil {
			errs = append(errs, fmt.Errorf("slot %s: %w", sl.Key(), err))
		}
	}
	for _, ds := range deadlines {
		n, err := s.runDeadline(ctx, cur, ds)
		queued += n
		if err != nil {
			errs = append(errs, fmt.Errorf("slot %s: %w", ds.key(), err))
		}
	}
	return queued, errors.Join(errs...)
}

// runSlot records the slot and queues its messages in one transaction.
func (s *Service) runSlot(ctx context.Context, cur Current, sl Slot, now time.Time) (int, error) {
	var post *summaryPost
	if sl.Job.IsSummary() {
		done, err := s.slotDone(ctx, cur, sl)
		if err != nil || done {
			return 0, err
		}
		if post, err = s.renderSummary(ctx, cur, sl, now); err != nil {
			return 0, err
		}
	}
	queued := 0
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		tx = cur.in(tx)
		queued = 0
		fresh, err := tx.RecordSlot(ctx, sl.Key(), string(sl.Job), sl.Cycle.ID, sl.At)
		if err != nil || !fresh {
			return err
		}
		late := now.Sub(sl.At) > 5*time.Minute
		switch sl.Job {
		case JobWeeklyRemind, JobMonthlyRemind:
			res, err := s.fanOut(ctx, tx, cur, sl.Cycle, sl.Key(), sl.At, late)
			queued = res.Queued + res.AdminNotices
			return err
		case JobWeeklyEscalate, JobMonthlyEscalate:
			queued, err = s.escalate(ctx, tx, cur, sl, late)
			return err
		case JobWeeklySummary, JobMonthlySummary, JobQuarterSummary, JobHalfYearSummary, JobYearSummary:
			queued, err = s.postSummary(ctx, tx, sl, post)
			return err
		}
		return nil
	})
	if err == nil && queued > 0 {
		s.Log.Info().Str("slot", sl.Key()).Int("queued", queued).Msg("slot done")
	}
	return queued, err
}

// slotDone reports whether the slot was already acted on (read-only: the write
// transaction records it).
func (s *Service) slotDone(ctx context.Context, cur Current, sl Slot) (bool, error) {
	var done bool
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		done, err = cur.in(tx).SlotDone(ctx, sl.Key())
		return err
	})
	return done, err
}

// RemindNow is /nhacnho: the reminders of the cycle of kind containing now, to every unit
// still missing a report, in the caller's transaction (a handler's). The slot is recorded
// as "manual@<time>/<cycle>".
func (s *Service) RemindNow(ctx context.Context, tx *store.Tx, kind Kind, now time.Time) (FanoutResult, Cycle, error) {
	cur := s.currentOf(tx)
	cy := cur.Cal.Of(kind, now)
	key := "manual@" + now.In(cur.Cal.Location()).Format(time.RFC3339) + "/" + cy.ID
	fresh, err := tx.RecordSlot(ctx, key, "manual-"+string(kind), cy.ID, now)
	if err != nil || !fresh {
		return FanoutResult{}, cy, err
	}
	res, err := s.fanOut(ctx, tx, cur, cy, key, now, false)
	return res, cy, err
}

// Start registers the plan's cron specs (each only wakes Reconcile) and a minute tick, and
// runs Reconcile once now. Stop ends it.
func (s *Service) Start(ctx context.Context) {
	l := cronLogger{s.Log}
	all := s.plans()
	// SkipIfStillRunning outside Recover: in v3.0.1 the other order stops a job for good
	// after one panic.
	s.cron = cron.New(cron.WithLocation(all[0].Cal.Location()), cron.WithLogger(l),
		cron.WithChain(cron.SkipIfStillRunning(l), cron.Recover(l)))
	s.wire(ctx, all)
	if _, err := s.cron.AddFunc("@every 1m", func() { s.tick(ctx) }); err != nil {
		s.Log.Error().Err(err).Msg("cron: minute tick")
	}
	s.cron.Start()
	s.wake(ctx, "start")
}

// Stop stops the cron and waits for a running Reconcile to return.
func (s *Service) Stop() {
	if s.cron != nil {
		<-s.cron.Stop().Done()
	}
}

// wire registers the schedules' specs (each once, whichever groups share it), replacing
// those of earlier plans. Cron only wakes Reconcile, which serves every group.
func (s *Service) wire(ctx context.Context, all []Current) {
	if len(all) == len(s.wired) {
		same := true
		for i, cur := range all {
			same = same && cur.Sched == s.wired[i]
		}
		if same {
			return
		}
	}
	for _, id := range s.entries {
		s.cron.Remove(id)
	}
	s.entries = s.entries[:0]
	s.wired = s.wired[:0]
	seen := map[string]bool{}
	for _, cur := range all {
		s.wired = append(s.wired, cur.Sched)
		for _, js := range cur.Sched.Specs() {
			if seen[js.Cron] {
				continue
			}
			seen[js.Cron] = true
			why := string(js.Job)
			id, err := s.cron.AddFunc(js.Cron, func() { s.wake(ctx, why) })
			if err != nil {
				s.Log.Error().Err(err).Str("spec", js.Cron).Msg("cron: register")
				continue
			}
			s.entries = append(s.entries, id)
		}
	}
}

// tick is the minute's safety net; it also picks up an imported plan.
func (s *Service) tick(ctx context.Context) {
	if s.Refresh != nil {
		if err := s.Refresh(ctx); err != nil {
			s.Log.Error().Err(err).Msg("refresh plan")
		}
	}
	s.wire(ctx, s.plans())
	s.wake(ctx, "tick")
}

func (s *Service) wake(ctx context.Context, why string) {
	if ctx.Err() != nil {
		return
	}
	if err := s.Reconcile(ctx, s.now()); err != nil && ctx.Err() == nil {
		s.Log.Error().Err(err).Str("trigger", why).Msg("reconcile")
	}
}

// cronLogger adapts zerolog to cron.Logger (cron logs key/value pairs).
type cronLogger struct{ l zerolog.Logger }

func (c cronLogger) Info(msg string, kv ...any) {
	c.l.Debug().Fields(kv).Msg("cron: " + msg)
}

func (c cronLogger) Error(err error, msg string, kv ...any) {
	c.l.Error().Err(err).Fields(kv).Msg("cron: " + msg)
}
