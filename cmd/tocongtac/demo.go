package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/rs/zerolog"

	"github.com/tocongtac/tocongtac/bot"
	"github.com/tocongtac/tocongtac/bot/telegramtest"
	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/reminders"
	"github.com/tocongtac/tocongtac/store"
)

// `tocongtac demo`: the real bot (bot.New + Run, as `serve`) against the in-process fake
// Telegram server, on a temporary database, with a console chat in the terminal.

var demoUsage = messages.CLIHowTo(`demo [--plan FILE|FOLDER] [--db FILE] [--script FILE] [--files DIR] [--at "yyyy-mm-dd hh:mm"]`)

// demoStart is the default demo clock: a Saturday of the 2024 plan, so travelling to
// Monday 07:30 shows Sunday's monthly reminder and Monday's weekly one fire in order.
const demoStart = "2024-03-09 09:00"

// demoStartGroups is the default clock for a folder of plans (a province after the 2025
// reform): a Saturday, two days before an ordinary Monday.
const demoStartGroups = "2025-10-18 09:00"

// Demo identities. Focal points get demoFocalBase + demoGroupStride × their group's index
// + their unit's index in the plan; a child group's admin demoAdminID + its group's index.
const (
	demoAdminID     = 100001
	demoFocalBase   = 200001
	demoGroupStride = 1000
	demoGroupID     = -1001000000006 // a supergroup; the next groups' chats count down
	// settleTimeout bounds the wait for the bot to handle an input and send its answers.
	settleTimeout = 10 * time.Second
)

func runDemo(ctx context.Context, args []string, getenv env, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("tocongtac demo", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	// Own flags, not parseConfig: the demo must never pick up TOCONGTAC_DB and write into a
	// real database.
	planFile := fs.String("plan", "", messages.CLIFlag("demo.plan"))
	dbFile := fs.String("db", "", messages.CLIFlag("demo.db"))
	script := fs.String("script", "", messages.CLIFlag("demo.script"))
	filesDir := fs.String("files", "demo-files", messages.CLIFlag("demo.files"))
	at := fs.String("at", demoStart, messages.CLIFlag("demo.at"))
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return helpShown{messages.CLIHelp("demo", flagDefaults(fs))}
		}
		return usageErrorf("%v\n%s", err, demoUsage)
	}
	if fs.NArg() > 0 {
		return usageErrorf("%s\n%s", messages.CLIExtraArgument(fs.Arg(0)), demoUsage)
	}

	// The clock must exist before the database: a new database records its installation
	// time, and scheduled slots before it are never run.
	loc := demoLocation(*planFile)
	if isDir(*planFile) && !flagSet(fs, "at") {
		*at = demoStartGroups
	}
	start, ok := parseWhen(*at, time.Time{}, loc)
	if !ok {
		return usageErrorf("--at: %s", messages.DemoBadTime(*at))
	}
	clock := store.NewStoppedClock(start) // only /gio moves it

	input := stdin
	if *script != "" {
		f, err := os.Open(*script)
		if err != nil {
			return usageError{messages.CLICannotRead(*script, err)}
		}
		defer f.Close()
		input = f
	}

	tmp, err := os.MkdirTemp("", "tocongtac-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	dbPath := *dbFile
	if dbPath == "" {
		dbPath = filepath.Join(tmp, "demo.db")
	}
	logPath := filepath.Join(tmp, "bot.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return err
	}
	defer logFile.Close()
	log := zerolog.New(logFile).Level(zerolog.DebugLevel).With().Timestamp().Logger()

	db, err := openDB(ctx, config{DB: dbPath, Plan: *planFile, Now: clock.Now})
	if err != nil {
		return err
	}
	defer db.Close()
	db.Now = clock.Now
	db.CacheStatements(true)

	groups, err := loadDemoGroups(ctx, db)
	if err != nil {
		return err
	}
	tg := telegramtest.New()
	defer tg.Close()
	admin := telegramtest.User{ID: demoAdminID, FirstName: messages.DemoAdminFirstName, LastName: messages.DemoAdminLastName, Username: "cah_demo"}
	multi := len(groups) > 1
	adminLabel := messages.DemoAdminLabel
	if multi {
		top := groups[0]
		admin.LastName = top.officeName()
		adminLabel = messages.DemoLabelIn(messages.DemoOfficerLabel(top.plan.StandingOffice), top.Code)
	}
	b, err := bot.New(ctx, bot.Config{
		Token:       tg.Token(),
		APIURL:      tg.URL(),
		Admins:      []int64{admin.ID},
		PollTimeout: 10 * time.Second,
		HTTPClient:  &http.Client{Timeout: 30 * time.Second},
		Limits:      bot.Limits{PerChat: time.Millisecond, GroupPerMinute: 1000, PerSecond: 1000},
		Log:         log,
		Now:         clock.Now,
	}, db)
	if err != nil {
		return err
	}

	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- b.Run(runCtx) }()

	d := &demo{
		ctx: ctx, out: stdout, color: isTerminal(stdout) && getenv("NO_COLOR") == "",
		echo:        *script != "" || !isTerminal(stdin),
		interactive: *script == "" && isTerminal(stdin),
		tg:          tg, db: db, bot: b, clock: clock, groups: groups, multi: multi,
		filesDir: *filesDir, logPath: logPath,
		admin:      &persona{user: admin, label: adminLabel, group: groups[0], bound: true},
		personas:   map[string]*persona{},
		seen:       map[int64]int{},
		noted:      map[int64]int{},
		invites:    map[string]string{},
		forceReply: map[int64]int{},
		inviteRe:   regexp.MustCompile(`https://t\.me/` + regexp.QuoteMeta(b.Username()) + `\?start=([A-Za-z0-9_-]+)`),
	}
	d.cur = d.admin
	d.order = []*persona{d.admin}
	if multi {
		exGroup, exUnit, exName := d.tryFirst()
		d.println(dim(messages.DemoBannerGroups(len(groups), d.groupList(), clock.Now(), dbPath, logPath, admin.LastName, groups[0].Name, exGroup, exUnit, exName), d.color))
	} else {
		d.println(dim(messages.DemoBanner(groups[0].plan.Title, clock.Now(), dbPath, logPath), d.color))
	}
	d.open()
	loopErr := d.loop(input)

	stop()
	select {
	case err = <-done:
	case <-time.After(15 * time.Second):
		err = errors.New("bot did not stop within 15 s")
	}
	kept := ""
	if *dbFile != "" {
		kept = *dbFile
	}
	d.println(messages.DemoBye(kept))
	return errors.Join(loopErr, err)
}

// demoLocation is the plan's timezone, read before the database is opened (openDB reports
// a broken plan file properly later).
func demoLocation(planFile string) *time.Location {
	p := store.DefaultPlan()
	if isDir(planFile) {
		if set, err := store.LoadPlanSet(planFile); err == nil && len(set) > 0 {
			p = set[0].Plan
		}
	} else if planFile != "" {
		if data, err := os.ReadFile(planFile); err == nil {
			if pp, err := store.ParsePlan(data); err == nil {
				p = pp
			}
		}
	}
	return p.Location()
}

// persona is someone the console can speak as: a unit's focal point or a group's admin,
// in one working group. Someone serving two groups is two personas of one user.
type persona struct {
	user  telegramtest.User
	label string
	group *demoGroup
	unit  string // "" for an admin
	bound bool
}

type demo struct {
	ctx         context.Context
	out         io.Writer
	color       bool
	echo        bool // print each input line (script or pipe: the terminal does not)
	interactive bool // print a prompt

	tg                *telegramtest.Server
	db                *store.DB
	bot               *bot.Bot
	clock             *store.Clock
	groups            []*demoGroup // parents first
	multi             bool         // a folder of plans: labels name the group
	filesDir, logPath string

	admin    *persona            // the configured admin: a top-level group's standing office
	personas map[string]*persona // by personaKey
	order    []*persona          // in order of appearance, for naming chats
	cur      *persona
	inGroup  bool // speaking in cur's group's chat

	seen       map[int64]int     // per chat: how many of the bot's sends were shown
	noted      map[int64]int     // per chat: sends already pointed at by a 🔔 note
	invites    map[string]string // personaKey -> unused invite token seen in an admin's chat
	forceReply map[int64]int     // chat -> bot message waiting for an answer
	failed     int               // outbox messages that failed for good, as last reported
	inviteRe   *regexp.Regexp
}

func (d *demo) println(s string) { fmt.Fprintln(d.out, s) }

func (d *demo) note(s string) { d.println(dim(s, d.color)) }

// loop reads lines until /thoat, end of input, or ctx ends (Ctrl-C).
func (d *demo) loop(in io.Reader) error {
	lines := make(chan string)
	quit := make(chan struct{})
	defer close(quit)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(in)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-quit:
				return
			}
		}
	}()
	for {
		if d.interactive {
			fmt.Fprint(d.out, d.prompt())
		}
		select {
		case <-d.ctx.Done():
			d.println("")
			return nil
		case line, ok := <-lines:
			if !ok {
				if d.interactive {
					d.println("")
				}
				return nil
			}
			if d.handle(line) {
				return nil
			}
		}
	}
}

func (d *demo) prompt() string {
	p := d.cur.label
	if d.inGroup {
		p = messages.DemoGroupLabel(p)
	}
	p += "> "
	if d.color {
		p = ansiBold + p + ansiReset
	}
	return p
}

var pressRe = regexp.MustCompile(`^\[\s*(\d+)\s*\]$`)

// handle runs one console line; it reports whether to quit.
func (d *demo) handle(line string) bool {
	line = strings.TrimSpace(line)
	if line == "" {
		if d.echo {
			d.println("")
		}
		return false
	}
	if strings.HasPrefix(line, "#") {
		if d.echo {
			d.note(line)
		}
		return false
	}
	if d.echo {
		d.println(d.prompt() + line)
	}
	if m := pressRe.FindStringSubmatch(line); m != nil {
		n, _ := strconv.Atoi(m[1])
		d.press(n)
		return false
	}
	head, arg, _ := strings.Cut(line, " ")
	arg = strings.TrimSpace(arg)
	switch strings.ToLower(head) {
	case "/la", "/as":
		d.become(arg)
	case "/nhom":
		d.toGroup()
	case "/kiemnhiem":
		d.alsoServe(arg)
	case "/gio", "/time":
		d.travel(arg)
	case "/bam", "/press":
		n, err := strconv.Atoi(arg)
		if err != nil {
			d.println(messages.DemoNeedArg("/bam <số nút>, ví dụ /bam 2"))
			return false
		}
		d.press(n)
	case "/traloi", "/reply":
		if arg == "" {
			d.println(messages.DemoNeedArg("/traloi <nội dung>"))
			return false
		}
		d.replyLatest(unescapeLine(arg))
	case "/demo":
		d.println(messages.DemoHelp())
		if d.multi {
			d.println(messages.DemoHelpGroups())
		}
	case "/thoat", "/quit", "/exit":
		return true
	default:
		d.say(unescapeLine(line))
	}
	return false
}

// unescapeLine turns a typed \n into a line break: a message of several lines on one line.
func unescapeLine(s string) string { return strings.ReplaceAll(s, `\n`, "\n") }

// chat is where the console speaks now.
func (d *demo) chat() telegramtest.Chat {
	if d.inGroup {
		return d.cur.group.chat
	}
	return d.tg.Private(d.cur.user)
}

// open starts the admin's conversation as Telegram's Start button does.
func (d *demo) open() {
	chat := d.tg.Private(d.admin.user)
	d.note(messages.DemoBackstage(d.admin.label, "/start"))
	d.tg.SendText(d.admin.user, chat, "/start")
	d.settle()
	d.show(chat.ID)
}

// say sends text as the current persona; a pending ForceReply prompt gets it as its answer,
// as a Telegram client does.
func (d *demo) say(text string) {
	chat := d.chat()
	if id, ok := d.forceReply[chat.ID]; ok {
		delete(d.forceReply, chat.ID)
		d.tg.ReplyTo(d.cur.user, chat, id, text)
	} else {
		d.tg.SendText(d.cur.user, chat, text)
	}
	d.settle()
	got := d.show(chat.ID)
	if d.cur.unit == "" && !d.inGroup {
		d.rememberInvite(text, got)
	}
	d.noteOthers()
}

// rememberInvite keeps the link an admin's /moi CODE produced, so /la CODE uses it.
func (d *demo) rememberInvite(text string, got []telegramtest.Sent) {
	name, arg, _ := strings.Cut(strings.TrimSpace(text), " ")
	if name = strings.ToLower(name); name != "/moi" && !strings.HasPrefix(name, "/moi@") {
		return
	}
	code := strings.ToUpper(strings.TrimSpace(arg))
	if f := strings.Fields(code); len(f) > 0 {
		code = f[0]
	}
	if tok := d.findInvite(got); tok != "" && code != "" {
		d.invites[personaKey(d.cur.group, code)] = tok
	}
}

// findInvite returns the start token of the first invite link in msgs (text or buttons).
func (d *demo) findInvite(msgs []telegramtest.Sent) string {
	for _, s := range msgs {
		texts := []string{s.PlainText, html.UnescapeString(s.Text)}
		for _, b := range buttons(s.ReplyMarkup) {
			texts = append(texts, b.URL)
		}
		for _, t := range texts {
			if m := d.inviteRe.FindStringSubmatch(t); m != nil {
				return m[1]
			}
		}
	}
	return ""
}

// replyLatest answers the bot's latest message in this chat (Telegram's swipe to reply).
func (d *demo) replyLatest(text string) {
	chat := d.chat()
	msgs := d.tg.Messages(chat.ID)
	if len(msgs) == 0 {
		d.println(messages.DemoNothingToReply())
		return
	}
	delete(d.forceReply, chat.ID)
	d.tg.ReplyTo(d.cur.user, chat, msgs[len(msgs)-1].ID, text)
	d.settle()
	d.show(chat.ID)
	d.noteOthers()
}

// press presses button n of the latest message with buttons in this chat.
func (d *demo) press(n int) {
	chat := d.chat()
	msgs := d.tg.Messages(chat.ID)
	var target *models.Message
	var bs []models.InlineKeyboardButton
	for i := len(msgs) - 1; i >= 0; i-- {
		if bs = buttons(msgs[i].ReplyMarkup); len(bs) > 0 {
			target = &msgs[i]
			break
		}
	}
	if target == nil {
		d.println(messages.DemoNoButtons())
		return
	}
	if n < 1 || n > len(bs) {
		d.println(messages.DemoNoSuchButton(n, len(bs)))
		return
	}
	btn := bs[n-1]
	if btn.CallbackData == "" {
		if btn.URL != "" {
			d.println(messages.DemoURLButton(btn.URL))
		}
		return
	}
	d.note(messages.DemoPressed(btn.Text))
	d.tg.Press(d.cur.user, chat, target.ID, btn.CallbackData)
	d.settle()
	d.show(chat.ID)
	d.noteOthers()
}

// bind makes p its unit's focal point through the real invite flow: the group's admin
// sends /moi CODE, and p opens the link (/start TOKEN).
func (d *demo) bind(p *persona) {
	if d.isFocal(p) { // a kept --db remembers earlier runs
		p.bound = true
		return
	}
	if token := d.inviteToken(p.group, p.unit); token != "" {
		d.note(messages.DemoBackstage(p.label, "/start "+token))
		d.tg.SendText(p.user, d.tg.Private(p.user), "/start "+token)
		d.settle()
		p.bound = true
		return
	}
	// FALLBACK while the invite flow (bot/roles.go, /moi) answers without a link: bind in
	// the database as an accepted invite would. The real flow above wins as soon as /moi
	// answers with https://t.me/<bot>?start=TOKEN; then this is dead code to delete.
	d.note(messages.DemoInviteFallback(p.unit))
	err := d.db.Update(d.ctx, func(tx *store.Tx) error {
		tx = tx.In(p.group.ID)
		u := p.user
		if err := tx.SaveUser(d.ctx, store.User{ID: u.ID, FirstName: u.FirstName, LastName: u.LastName, Username: u.Username}); err != nil {
			return err
		}
		if _, err := tx.SetMember(d.ctx, p.unit, store.MemberFocal, u.ID); err != nil {
			return err
		}
		return tx.Audit(d.ctx, d.admin.user.ID, "demo-bind", p.unit, u.ID, "tocongtac demo")
	})
	if err != nil {
		d.println("⚠ " + err.Error())
		return
	}
	p.bound = true
}

// inviteToken is an unused invite link's token for unit in g: one the group's admin
// made with /moi, or a new one the console asks for backstage.
func (d *demo) inviteToken(g *demoGroup, unit string) string {
	key := personaKey(g, unit)
	if token := d.invites[key]; token != "" {
		delete(d.invites, key)
		return token
	}
	admin := d.groupAdmin(g)
	chat := d.tg.Private(admin.user)
	d.note(messages.DemoBackstage(admin.label, "/moi "+unit))
	d.tg.SendText(admin.user, chat, "/moi "+unit)
	d.settle()
	return d.findInvite(d.show(chat.ID))
}

func (d *demo) isFocal(p *persona) bool {
	found := false
	_ = d.db.View(d.ctx, func(tx *store.Tx) error {
		ms, err := tx.In(p.group.ID).UnitMembers(d.ctx, p.unit)
		for _, m := range ms {
			found = found || (m.Role == store.MemberFocal && m.UserID == p.user.ID)
		}
		return err
	})
	return found
}

// toGroup switches to the chat of the current person's working group; the first time,
// the bot is added to it and the group's admin registers it with /nhom, as in Telegram.
func (d *demo) toGroup() {
	g := d.cur.group
	if !g.chatted {
		g.chat = d.tg.Group(g.chatID(), g.chatTitle(d.multi))
		admin := d.groupAdmin(g)
		bu := d.tg.BotUser()
		raw, _ := json.Marshal(map[string]any{"my_chat_member": map[string]any{
			"chat": g.chat, "from": map[string]any{"id": admin.user.ID, "is_bot": false, "first_name": admin.user.FirstName, "last_name": admin.user.LastName},
			"date":            time.Now().Unix(),
			"old_chat_member": map[string]any{"status": "left", "user": bu},
			"new_chat_member": map[string]any{"status": "member", "user": bu},
		}})
		d.tg.PushRaw(string(raw))
		d.note(messages.DemoBackstage(messages.DemoGroupLabel(admin.label), "/nhom"))
		d.tg.SendText(admin.user, g.chat, "/nhom")
		d.settle()
		g.chatted = true
	}
	d.inGroup = true
	d.println(messages.DemoInGroup(g.chat.Title, d.cur.label))
	d.showUnread(g.chat.ID)
	d.noteOthers()
}

// travel moves the clock forward, running each scheduled slot in between in order.
func (d *demo) travel(arg string) {
	now := d.clock.Now()
	if arg == "" {
		d.println(messages.DemoClock(now))
		return
	}
	to, ok := parseWhen(arg, now, d.groups[0].plan.Location())
	if !ok {
		d.println(messages.DemoBadTime(arg))
		return
	}
	if !to.After(now) {
		d.println(messages.DemoNotForward(now))
		return
	}
	type groupSlot struct {
		reminders.Slot
		group string
	}
	var slots []groupSlot
	for _, g := range d.groups {
		for _, sl := range g.sched.Between(now, to) {
			slots = append(slots, groupSlot{sl, g.Code})
		}
	}
	slices.SortStableFunc(slots, func(a, b groupSlot) int { return a.At.Compare(b.At) })
	for i := 0; i < len(slots); {
		at := slots[i].At
		var jobs []string
		groupsOf := map[string][]string{}
		for ; i < len(slots) && slots[i].At.Equal(at); i++ {
			j := string(slots[i].Job)
			if !slices.Contains(jobs, j) {
				jobs = append(jobs, j)
			}
			if !slices.Contains(groupsOf[j], slots[i].group) {
				groupsOf[j] = append(groupsOf[j], slots[i].group)
			}
		}
		names := make([]string, len(jobs))
		for k, j := range jobs {
			names[k] = messages.DemoJob(j)
			if d.multi {
				names[k] = messages.DemoJobOfGroups(names[k], groupsOf[j])
			}
		}
		d.clock.Set(at)
		d.runSlot(at, names)
	}
	d.clock.Set(to)
	d.println(messages.DemoClock(to))
	d.noteOthers()
}

// runSlot runs the scheduled jobs due at `at` (named as the console shows them) through
// the bot's own scheduler entry point and reports who they reached.
func (d *demo) runSlot(at time.Time, jobs []string) {
	before := len(d.tg.Sent())
	if err := d.bot.Reconcile(d.ctx, at); err != nil {
		d.println("⚠ Reconcile: " + err.Error())
	}
	d.settle()
	d.show(d.chat().ID)
	var chats []int64
	for _, s := range d.tg.Sent()[before:] {
		if !slices.Contains(chats, s.ChatID) {
			chats = append(chats, s.ChatID)
		}
	}
	var who []string
	for _, c := range chats {
		who = append(who, d.labelOf(c))
		d.noted[c] = len(d.tg.SentTo(c)) // named here: no 🔔 note for them as well
	}
	d.println(messages.DemoSlotFired(at, jobs, len(chats), who))
}

// parseWhen reads a /gio argument in loc: "2024-03-11 07:30", "11/03/2024 07:30", a date
// alone (00:00), "07:30" (the next such time after now), or "+2h", "+90m", "+1d".
func parseWhen(s string, now time.Time, loc *time.Location) (time.Time, bool) {
	s = strings.Join(strings.Fields(s), " ")
	if rest, ok := strings.CutPrefix(s, "+"); ok {
		if n, ok := strings.CutSuffix(rest, "d"); ok {
			days, err := strconv.Atoi(n)
			return now.AddDate(0, 0, days), err == nil && days > 0
		}
		d, err := time.ParseDuration(rest)
		return now.Add(d), err == nil && d > 0
	}
	for _, layout := range []string{"2006-01-02 15:04", "2/1/2006 15:04", "2006-01-02", "2/1/2006"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, true
		}
	}
	if t, err := time.ParseInLocation("15:04", s, loc); err == nil && !now.IsZero() {
		n := now.In(loc)
		at := time.Date(n.Year(), n.Month(), n.Day(), t.Hour(), t.Minute(), 0, 0, loc)
		if !at.After(now) {
			at = at.AddDate(0, 0, 1)
		}
		return at, true
	}
	return time.Time{}, false
}

// settle waits until the bot has handled every queued update and its outbox is drained.
func (d *demo) settle() {
	deadline := time.Now().Add(settleTimeout)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		if d.tg.PendingUpdates() == 0 {
			st, err := d.db.OutboxStats(d.ctx)
			if err == nil && st[store.StatePending]+st[store.StateSending]+st[store.StateBuilding] == 0 {
				if f := st[store.StateDead] + st[store.StateBlocked]; f > d.failed {
					d.println(messages.DemoSendFailed(f-d.failed, d.logPath))
					d.failed = f
				}
				return
			}
		}
		if time.Now().After(deadline) {
			d.println(messages.DemoSlow(d.logPath))
			return
		}
		select {
		case <-d.ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// showUnread prints what arrived in a chat while the console was elsewhere.
func (d *demo) showUnread(chatID int64) {
	if n := len(d.tg.SentTo(chatID)) - d.seen[chatID]; n > 0 {
		d.note(messages.DemoUnread(n))
	}
	d.show(chatID)
}

// show prints the bot's sends to chatID not shown yet and returns them.
func (d *demo) show(chatID int64) []telegramtest.Sent {
	all := d.tg.SentTo(chatID)
	fresh := all[min(d.seen[chatID], len(all)):]
	d.seen[chatID] = len(all)
	for _, s := range fresh {
		d.render(s)
	}
	return fresh
}

// noteOthers points at other chats that received messages since the last note.
func (d *demo) noteOthers() {
	here := d.chat().ID
	counts := map[int64]int{}
	var order []int64
	for _, s := range d.tg.Sent() {
		if counts[s.ChatID] == 0 {
			order = append(order, s.ChatID)
		}
		counts[s.ChatID]++
	}
	var parts []string
	for _, c := range order {
		n := counts[c]
		if c == here || n <= d.noted[c] || n <= d.seen[c] {
			continue
		}
		d.noted[c] = n
		parts = append(parts, fmt.Sprintf("%s (%d)", d.labelOf(c), n-d.seen[c]))
	}
	if len(parts) > 0 {
		d.note(messages.DemoOtherChats(parts))
	}
}

// labelOf names a chat as the console does.
func (d *demo) labelOf(chatID int64) string {
	for _, g := range d.groups {
		if g.chatted && chatID == g.chat.ID {
			return g.chatLabel(d.multi)
		}
	}
	for _, p := range d.order {
		if p.user.ID == chatID {
			return p.label
		}
	}
	return "chat " + strconv.FormatInt(chatID, 10)
}

// render prints one send or edit as a person would read it.
func (d *demo) render(s telegramtest.Sent) {
	var text string
	switch {
	case s.Method == "editMessageReplyMarkup":
		if m, ok := d.tg.Message(s.ChatID, s.MessageID); ok {
			text = m.Text
		}
	case strings.EqualFold(s.ParseMode, "html"):
		text = renderHTML(s.Text, d.color)
	default:
		text = s.Text
	}
	first := "🤖 "
	if strings.HasPrefix(s.Method, "edit") {
		first = "✏️ " + messages.DemoEdited + " "
	}
	var lines []string
	if s.FileName != "" || s.Method == "sendPhoto" {
		lines = append(lines, d.saveFile(s))
	}
	if text != "" {
		lines = append(lines, text)
	}
	lines = append(lines, renderKeyboard(s.ReplyMarkup, d.color)...)
	if s.ForceReply {
		d.forceReply[s.ChatID] = s.MessageID
		lines = append(lines, dim(messages.DemoForceReply, d.color))
	}
	if len(lines) == 0 {
		return
	}
	d.println(indent(strings.Join(lines, "\n"), first, 3))
}

// saveFile writes a sent document or photo under the files folder without overwriting.
func (d *demo) saveFile(s telegramtest.Sent) string {
	name := filepath.Base(s.FileName)
	if name == "." || name == "/" || name == "" {
		name = fmt.Sprintf("anh-%d.png", s.MessageID)
	}
	if err := os.MkdirAll(d.filesDir, 0o755); err != nil {
		return messages.DemoFileNotSaved(name, err)
	}
	ext := filepath.Ext(name)
	path := filepath.Join(d.filesDir, name)
	for i := 2; ; i++ {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			break
		}
		path = filepath.Join(d.filesDir, fmt.Sprintf("%s-%d%s", strings.TrimSuffix(name, ext), i, ext))
	}
	if err := os.WriteFile(path, s.File, 0o644); err != nil {
		return messages.DemoFileNotSaved(name, err)
	}
	return messages.DemoFileSaved(name, path)
}
