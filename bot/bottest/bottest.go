// Package bottest runs the real bot against the fake Telegram server, with a temporary
// SQLite file and a clock the test controls.
package bottest

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/tocongtac/tocongtac/bot"
	"github.com/tocongtac/tocongtac/bot/telegramtest"
	"github.com/tocongtac/tocongtac/store"
)

// Admin is the standing-office user every Env is configured with.
var Admin = telegramtest.User{ID: 1001, FirstName: "Lê", LastName: "Văn Thường Trực", Username: "cah_thuongtruc"}

// Clock is a settable clock shared by the bot and its database, running at real speed
// from wherever it was last set (see store.Clock).
type Clock = store.Clock

// NewClock starts at t.
func NewClock(t time.Time) *Clock { return store.NewClock(t) }

// Env is a running bot with its fake Telegram and database.
type Env struct {
	T      testing.TB
	TG     *telegramtest.Server
	DB     *store.DB
	Bot    *bot.Bot
	Clock  *Clock
	DBPath string
	Admins []int64

	cfg    options
	cancel context.CancelFunc
	done   chan error
}

type options struct {
	planYAML []byte
	groups   []store.GroupPlanFile
	limits   bot.Limits
	tgOpts   []telegramtest.Option
	start    time.Time
	admins   []int64
	dbPath   string
	log      bool
	logTo    io.Writer
}

// Option changes how Start sets things up.
type Option func(*options)

// WithPlan loads this plan YAML instead of the embedded default.
func WithPlan(yaml []byte) Option { return func(o *options) { o.planYAML = yaml } }

// WithGroups serves several working groups (parents first) instead of one plan.
func WithGroups(files ...store.GroupPlanFile) Option {
	return func(o *options) { o.groups = files }
}

// WithLimits sets the bot's outgoing limits (default: generous, so tests run fast).
func WithLimits(l bot.Limits) Option { return func(o *options) { o.limits = l } }

// WithServerOptions passes options to the fake Telegram server.
func WithServerOptions(opts ...telegramtest.Option) Option {
	return func(o *options) { o.tgOpts = append(o.tgOpts, opts...) }
}

// At starts the clock at t (default Monday 11 March 2024, 09:00 in Hanoi).
func At(t time.Time) Option { return func(o *options) { o.start = t } }

// WithAdmins replaces the configured admin ids.
func WithAdmins(ids ...int64) Option { return func(o *options) { o.admins = ids } }

// WithDBPath uses this database file (e.g. to reopen one).
func WithDBPath(p string) Option { return func(o *options) { o.dbPath = p } }

// WithLog writes the bot's log to the test log.
func WithLog() Option { return func(o *options) { o.log = true } }

// WithLogWriter writes the bot's log (JSON lines) to w.
func WithLogWriter(w io.Writer) Option { return func(o *options) { o.logTo = w } }

// Hanoi is the plan's default timezone.
var Hanoi, _ = time.LoadLocation("Asia/Ho_Chi_Minh")

// Start runs a bot until the test ends.
func Start(t testing.TB, opts ...Option) *Env {
	t.Helper()
	o := options{
		planYAML: store.DefaultPlanYAML(),
		limits:   bot.Limits{PerChat: time.Millisecond, GroupPerMinute: 10000, PerSecond: 10000},
		start:    time.Date(2024, 3, 11, 9, 0, 0, 0, Hanoi),
		admins:   []int64{Admin.ID},
	}
	for _, f := range opts {
		f(&o)
	}
	if o.dbPath == "" {
		o.dbPath = filepath.Join(t.TempDir(), "tocongtac.db")
	}
	e := &Env{T: t, Clock: NewClock(o.start), DBPath: o.dbPath, Admins: o.admins, cfg: o}
	e.TG = telegramtest.New(o.tgOpts...)
	t.Cleanup(e.TG.Close)
	e.startBot()
	t.Cleanup(e.Stop)
	return e
}

func (e *Env) startBot() {
	t := e.T
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, e.DBPath)
	if err != nil {
		t.Fatalf("open db: %v", err)
	}
	db.Now = e.Clock.Now
	if len(e.cfg.groups) > 0 {
		if gs, err := db.Groups(ctx); err != nil || len(gs) == 0 {
			if _, err := db.ImportGroupPlans(ctx, e.cfg.groups); err != nil {
				t.Fatalf("plans: %v", err)
			}
		}
	} else if _, err := db.EnsurePlan(ctx, e.cfg.planYAML); err != nil {
		t.Fatalf("plan: %v", err)
	}
	log := zerolog.Nop()
	if e.cfg.log {
		log = zerolog.New(zerolog.NewTestWriter(t))
	}
	if e.cfg.logTo != nil {
		log = zerolog.New(e.cfg.logTo)
	}
	b, err := bot.New(ctx, bot.Config{
		Token:       e.TG.Token(),
		APIURL:      e.TG.URL(),
		Admins:      e.Admins,
		PollTimeout: 2 * time.Second,
		HTTPClient:  &http.Client{Timeout: 10 * time.Second},
		Limits:      e.cfg.limits,
		Log:         log,
		Now:         e.Clock.Now,
	}, db)
	if err != nil {
		db.Close()
		t.Fatalf("bot: %v", err)
	}
	runCtx, cancel := context.WithCancel(ctx)
	e.DB, e.Bot, e.cancel, e.done = db, b, cancel, make(chan error, 1)
	go func() { e.done <- b.Run(runCtx) }()
}

// Stop shuts the bot down as SIGTERM would and closes the database.
func (e *Env) Stop() {
	if e.cancel == nil {
		return
	}
	e.cancel()
	select {
	case err := <-e.done:
		if err != nil {
			e.T.Errorf("bot stopped with error: %v", err)
		}
	case <-time.After(20 * time.Second):
		e.T.Errorf("bot did not stop within 20s")
	}
	e.cancel = nil
	e.DB.Close()
}

// Restart stops the bot and starts it again on the same database and server.
func (e *Env) Restart() {
	e.T.Helper()
	e.Stop()
	e.startBot()
}

// Context is a context bounded for waiting on the bot (10 s).
func (e *Env) Context() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	e.T.Cleanup(cancel)
	return ctx
}

// Say sends text from u in a private chat and returns the bot's next message there.
func (e *Env) Say(u telegramtest.User, text string) telegramtest.Sent {
	e.T.Helper()
	chat := e.TG.Private(u)
	n := len(e.TG.SentTo(chat.ID))
	msg := e.TG.SendText(u, chat, text)
	_ = msg
	return e.NextTo(chat.ID, n)
}

// NextTo waits for the bot's (n+1)th message to chatID and returns it.
func (e *Env) NextTo(chatID int64, n int) telegramtest.Sent {
	e.T.Helper()
	sent, err := e.TG.WaitSentCount(e.Context(), chatID, n+1)
	if err != nil {
		e.T.Fatalf("waiting for message %d to chat %d: %v (have %d)", n+1, chatID, err, len(e.TG.SentTo(chatID)))
	}
	return sent[n]
}

// WaitText waits for a message to chatID whose plain text contains every part.
func (e *Env) WaitText(chatID int64, parts ...string) telegramtest.Sent {
	e.T.Helper()
	s, err := e.TG.WaitFor(e.Context(), func(s telegramtest.Sent) bool {
		if s.ChatID != chatID {
			return false
		}
		for _, p := range parts {
			if !strings.Contains(s.PlainText, p) && !strings.Contains(s.Text, p) {
				return false
			}
		}
		return true
	})
	if err != nil {
		var texts []string
		for _, s := range e.TG.SentTo(chatID) {
			texts = append(texts, s.PlainText)
		}
		e.T.Fatalf("no message to %d containing %q: %v; sent: %q", chatID, parts, err, texts)
	}
	return s
}

// Settle waits until every queued outbox message, and every answer still being built,
// is delivered or has failed for good.
func (e *Env) Settle() {
	e.T.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		st, err := e.DB.OutboxStats(context.Background())
		if err != nil {
			e.T.Fatalf("outbox stats: %v", err)
		}
		if st[store.StatePending]+st[store.StateSending]+st[store.StateBuilding] == 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	e.T.Fatalf("outbox did not drain within 10s")
}

// Bind makes u the unit's focal point (or deputy) directly in the database, as an
// accepted invite would.
func (e *Env) Bind(u telegramtest.User, unit string, role store.MemberRole) {
	e.T.Helper()
	e.BindIn("", u, unit, role)
}

// BindIn is Bind in the group with this code ("": the database's only group).
func (e *Env) BindIn(group string, u telegramtest.User, unit string, role store.MemberRole) {
	e.T.Helper()
	err := e.DB.Update(context.Background(), func(tx *store.Tx) error {
		if group != "" {
			g, err := tx.GroupByCode(context.Background(), group)
			if err != nil {
				return err
			}
			tx = tx.In(g.ID)
		}
		if err := tx.SaveUser(context.Background(), store.User{ID: u.ID, FirstName: u.FirstName, LastName: u.LastName, Username: u.Username}); err != nil {
			return err
		}
		_, err := tx.SetMember(context.Background(), unit, role, u.ID)
		return err
	})
	if err != nil {
		e.T.Fatalf("bind %d to %s: %v", u.ID, unit, err)
	}
}
