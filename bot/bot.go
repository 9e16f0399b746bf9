// Package bot is the Telegram conversation: it polls updates, commits each update's
// effects in one transaction, and sends everything through the outbox.
package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/rs/zerolog"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/reminders"
	"github.com/tocongtac/tocongtac/store"
)

// Config is what the bot needs from its operator.
type Config struct {
	Token       string
	APIURL      string        // Bot API server, e.g. https://api.telegram.org
	Admins      []int64       // Telegram user ids of the standing office
	PollTimeout time.Duration // long-poll timeout; 50 s against Telegram
	Limits      Limits        // outgoing flood limits; DefaultLimits when zero
	HTTPClient  *http.Client  // nil: a client with a timeout above PollTimeout
	Log         zerolog.Logger
	Now         func() time.Time // the clock; time.Now when nil
}

// Bot is a running tocongtac bot.
type Bot struct {
	cfg    Config
	db     *store.DB
	tg     *tgbot.Bot
	poll   *poller
	send   *sender
	log    zerolog.Logger
	now    func() time.Time
	admins map[int64]bool

	plans    atomic.Pointer[planSet]
	username string

	rem       *reminders.Service // scheduled reminders and escalations (bot/reminders.go)
	commands  map[string]*command
	callbacks map[string]callbackFunc
	failures  failureCounts
	secrets   *inviteSecrets // invite tokens between /moi and delivery (never stored)

	callbackSlots chan struct{}  // answerCallbackQuery calls in flight (bot/callbacks.go)
	quietIDs      []int64        // skipped quiet strangers' updates, not yet recorded (bot/strangers.go)
	seenMembers   map[int64]bool // people lately handled as members: no stranger check (bot/strangers.go)
	viewWake      chan struct{}  // a view was requested (bot/views.go)
	wg            sync.WaitGroup
}

// planState is a group's plan in force with what is derived from it.
type planState struct {
	group store.Group
	plan  store.Plan
	cal   *reminders.Calendar
	sched *reminders.Schedule
}

// planSet is every group's plan in force, parents before children.
type planSet struct {
	groups  []*planState
	byID    map[int64]*planState
	version int
}

// of is group id's plan, nil when there is no such group.
func (ps *planSet) of(id int64) *planState { return ps.byID[id] }

// children lists the groups whose parent is id.
func (ps *planSet) children(id int64) []*planState {
	var out []*planState
	for _, g := range ps.groups {
		if g.group.Parent == id {
			out = append(out, g)
		}
	}
	return out
}

// within reports whether group id is ancestor or one of its descendants.
func (ps *planSet) within(id, ancestor int64) bool {
	for seen := 0; id != 0 && seen <= len(ps.groups); seen++ {
		if id == ancestor {
			return true
		}
		st := ps.byID[id]
		if st == nil {
			return false
		}
		id = st.group.Parent
	}
	return false
}

// New connects to the Bot API (getMe) and prepares the bot. The database must hold a plan.
func New(ctx context.Context, cfg Config, db *store.DB) (*Bot, error) {
	if cfg.Token == "" {
		return nil, errors.New("bot: empty token")
	}
	if cfg.PollTimeout == 0 {
		cfg.PollTimeout = 50 * time.Second
	}
	if cfg.Limits == (Limits{}) {
		cfg.Limits = DefaultLimits
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: cfg.PollTimeout + 15*time.Second}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	b := &Bot{
		cfg:      cfg,
		db:       db,
		log:      cfg.Log,
		now:      cfg.Now,
		admins:   map[int64]bool{},
		failures: failureCounts{},
		secrets:  newInviteSecrets(),
		poll:     &poller{client: cfg.HTTPClient, apiURL: cfg.APIURL, token: cfg.Token, timeout: cfg.PollTimeout},

		callbackSlots: make(chan struct{}, maxCallbacksInFlight),
		viewWake:      make(chan struct{}, 1),
	}
	for _, id := range cfg.Admins {
		b.admins[id] = true
	}
	if err := b.reloadPlan(ctx); err != nil {
		return nil, err
	}
	tg, err := tgbot.New(cfg.Token,
		tgbot.WithServerURL(cfg.APIURL),
		tgbot.WithHTTPClient(cfg.PollTimeout, cfg.HTTPClient),
		tgbot.WithNotAsyncHandlers(),
		tgbot.WithSkipGetMe(),
		tgbot.WithErrorsHandler(func(err error) { b.log.Error().Err(b.poll.redact(err)).Msg("telegram client") }),
	)
	if err != nil {
		return nil, fmt.Errorf("bot: %w", b.poll.redact(err))
	}
	b.tg = tg
	me, err := tg.GetMe(ctx)
	if err != nil {
		return nil, fmt.Errorf("bot: getMe: %w", b.poll.redact(err))
	}
	b.username = me.Username
	b.send = newSender(db, tg, cfg.Limits, b.log.With().Str("component", "sender").Logger(), cfg.Now)
	b.send.onUnreachable = b.tellAdminsUnreachable
	b.send.onRefused = b.tellAdminsRefused
	b.send.prepare, b.send.delivered = b.secrets.fill, b.secrets.forget
	b.send.redact = b.poll.redact
	b.rem = b.newReminders() // reminders: started in Run
	b.commands, b.callbacks = b.buildRoutes()
	return b, nil
}

// Username is the bot's @username without the @.
func (b *Bot) Username() string { return b.username }

// reloadPlan loads the stored plans if their version changed (a `plan import` ran).
func (b *Bot) reloadPlan(ctx context.Context) error {
	v, err := b.db.PlanVersion(ctx)
	if err != nil {
		return fmt.Errorf("bot: plan version: %w", err)
	}
	if cur := b.plans.Load(); cur != nil && cur.version == v {
		return nil
	}
	groups, err := b.db.Groups(ctx)
	if err != nil {
		return fmt.Errorf("bot: groups: %w", err)
	}
	if len(groups) == 0 {
		return errors.New("bot: the database holds no plan")
	}
	ps := &planSet{byID: map[int64]*planState{}, version: v}
	for _, g := range groups {
		p, _, _, err := b.db.LoadGroupPlan(ctx, g.ID)
		if errors.Is(err, store.ErrNotFound) {
			continue // a group made without a plan yet
		}
		if err != nil {
			return fmt.Errorf("bot: load plan of %s: %w", g.Code, err)
		}
		cal, err := reminders.NewCalendar(p)
		if err != nil {
			return fmt.Errorf("bot: plan calendar of %s: %w", g.Code, err)
		}
		sched, err := reminders.NewSchedule(p, cal)
		if err != nil {
			return fmt.Errorf("bot: plan schedule of %s: %w", g.Code, err)
		}
		if g.Name == "" {
			g.Name = p.Title
		}
		st := &planState{group: g, plan: p, cal: cal, sched: sched}
		ps.groups = append(ps.groups, st)
		ps.byID[g.ID] = st
	}
	if len(ps.groups) == 0 {
		return errors.New("bot: the database holds no plan")
	}
	b.plans.Store(ps)
	return nil
}

// Plan returns the plan in force of the first group (for the demo's console; updates
// read their workspace).
func (b *Bot) Plan() store.Plan { return b.plans.Load().groups[0].plan }

// Groups lists the working groups the bot serves, parents first.
func (b *Bot) Groups() []store.Group {
	var out []store.Group
	for _, st := range b.plans.Load().groups {
		out = append(out, st.group)
	}
	return out
}

// Run serves until ctx ends: it registers the command menu, drains the outbox, and
// polls updates. It returns after the update in hand is committed.
func (b *Bot) Run(ctx context.Context) error {
	if _, err := b.tg.DeleteWebhook(ctx, &tgbot.DeleteWebhookParams{}); err != nil {
		b.log.Warn().Err(b.poll.redact(err)).Msg("deleteWebhook")
	}
	b.setMenus(ctx) // per role (bot/menus.go)
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		b.send.run(ctx)
	}()
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		b.upkeep(ctx) // coalesced alerts, plan-import notices, pruning (bot/upkeep.go)
	}()
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		b.viewLoop(ctx) // views that roll up child groups (bot/views.go)
	}()
	b.rem.Start(ctx) // reminders: cron wakes Reconcile; it also runs now and every minute
	err := b.pollLoop(ctx)
	b.rem.Stop()
	b.wg.Wait()
	return err
}

// tellAdminsUnreachable queues one notice to the admins that chat stopped accepting messages.
func (b *Bot) tellAdminsUnreachable(ctx context.Context, chatID int64) {
	err := b.inGroupsOfChat(ctx, chatID, 0, func(tx *store.Tx, ws *workspace) error {
		return notifyAdmins(ctx, tx, ws.admins, store.Outgoing{
			Purpose:   "unreachable",
			Text:      messages.RecipientUnreachable(b.describeChat(ctx, tx, chatID), b.seatsOf(ctx, tx, ws.plan, chatID)),
			DedupeKey: fmt.Sprintf("unreachable:%d:%d", chatID, tx.Now().Unix()/86400),
		})
	})
	if err != nil {
		b.log.Error().Err(err).Int64("chat_id", chatID).Msg("tell admins about unreachable chat")
		return
	}
	b.send.notify()
}

// notifyAdmins queues m to every admin (the dedupe key, if any, is made per admin).
func notifyAdmins(ctx context.Context, tx *store.Tx, admins []int64, m store.Outgoing) error {
	for _, id := range admins {
		mm := m
		mm.ChatID = id
		mm.Priority = max(mm.Priority, store.PriorityAlert) // after answers to focal points
		if m.DedupeKey != "" {
			mm.DedupeKey = fmt.Sprintf("%s:%d", m.DedupeKey, id)
		}
		if _, _, err := tx.Enqueue(ctx, mm); err != nil {
			return err
		}
	}
	return nil
}
