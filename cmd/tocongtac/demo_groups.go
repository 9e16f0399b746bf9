package main

import (
	"context"
	"flag"
	"os"
	"slices"
	"strings"

	"github.com/tocongtac/tocongtac/bot/telegramtest"
	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/reminders"
	"github.com/tocongtac/tocongtac/store"
)

// The demo on a folder of plans: a province's working group and its communes'. /la
// names the group ("/la ngoclac VP", "/la ngoclac quantri"); labels carry its code.

// demoGroup is one working group the demo serves.
type demoGroup struct {
	store.Group
	index   int // parents first; identities and chat ids derive from it
	plan    store.Plan
	sched   *reminders.Schedule
	chat    telegramtest.Chat // its group chat, once added
	chatted bool              // the bot was added to the chat and /nhom registered it
}

func loadDemoGroups(ctx context.Context, db *store.DB) ([]*demoGroup, error) {
	gs, err := db.Groups(ctx)
	if err != nil {
		return nil, err
	}
	var out []*demoGroup
	for _, g := range gs {
		p, _, _, err := db.LoadGroupPlan(ctx, g.ID)
		if err != nil {
			return nil, err
		}
		sched, err := reminders.NewSchedule(p, nil)
		if err != nil {
			return nil, err
		}
		out = append(out, &demoGroup{Group: g, index: len(out), plan: p, sched: sched})
	}
	return out, nil
}

// officeName is the standing office's name, e.g. "Công an xã Ngọc Lặc".
func (g *demoGroup) officeName() string {
	if u, ok := g.plan.Unit(g.plan.StandingOffice); ok {
		return u.Name
	}
	return g.plan.StandingOffice
}

func (g *demoGroup) chatID() int64 { return demoGroupID - int64(g.index) }

func (g *demoGroup) chatTitle(multi bool) string {
	if multi {
		return g.Name
	}
	return messages.DemoGroupTitle
}

func (g *demoGroup) chatLabel(multi bool) string {
	if multi {
		return messages.DemoGroupChatOf(g.Code)
	}
	return messages.DemoGroupChat
}

// personaKey names a persona: a unit's focal point, or (unit "") the group's admin.
func personaKey(g *demoGroup, unit string) string { return g.Code + "/" + strings.ToUpper(unit) }

// groupList is the banner's list of groups: "thanhhoa (Tổ công tác … tỉnh Thanh Hóa)",
// then its children's codes.
func (d *demo) groupList() []string {
	var out []string
	for _, g := range d.groups {
		if g.Parent == 0 {
			s := g.Code + " (" + g.Name + ")"
			var kids []string
			for _, c := range d.groups {
				if c.Parent == g.ID {
					kids = append(kids, c.Code)
				}
			}
			if len(kids) > 0 {
				s += messages.DemoChildGroups(kids)
			}
			out = append(out, s)
		}
	}
	return out
}

// tryFirst is the banner's example: a child group and one of its units.
func (d *demo) tryFirst() (group, unit, unitName string) {
	g := d.groups[len(d.groups)-1]
	for _, c := range d.groups {
		if c.Parent != 0 {
			g = c
			break
		}
	}
	for _, u := range g.plan.Units {
		if u.Code != g.plan.StandingOffice {
			return g.Code, u.Code, u.Name
		}
	}
	return g.Code, "", ""
}

func (d *demo) groupByCode(code string) *demoGroup {
	for _, g := range d.groups {
		if strings.EqualFold(g.Code, code) {
			return g
		}
	}
	return nil
}

func isAdminWord(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "quantri", "quảntrị", "quản trị", "admin":
		return true
	}
	return false
}

// become switches to a group's admin or to a unit's focal point, inviting them first.
func (d *demo) become(arg string) {
	if arg == "" {
		d.println(messages.DemoNeedArg("/la <mã đơn vị> hoặc /la quantri"))
		return
	}
	if isAdminWord(arg) || !d.multi {
		d.becomeIn(d.groups[0], arg)
		return
	}
	fields := strings.Fields(arg)
	if g := d.groupByCode(fields[0]); g != nil {
		if len(fields) == 1 {
			d.println(messages.DemoGroupOnly(g.Code, g.Name))
			return
		}
		d.becomeIn(g, strings.Join(fields[1:], " "))
		return
	}
	code := strings.ToUpper(arg)
	var have, all []string
	var in *demoGroup
	for _, g := range d.groups {
		all = append(all, g.Code)
		if _, ok := g.plan.Unit(code); ok {
			have, in = append(have, g.Code), g
		}
	}
	switch len(have) {
	case 0:
		d.println(messages.DemoUnknownUnitInGroups(code, all))
	case 1:
		d.becomeIn(in, code)
	default:
		d.println(messages.DemoUnitInSeveralGroups(code, have))
	}
}

// becomeIn switches to group g's admin (arg "quantri") or to its unit arg's focal point.
func (d *demo) becomeIn(g *demoGroup, arg string) {
	if isAdminWord(arg) {
		d.cur, d.inGroup = d.groupAdmin(g), false
		d.println(messages.DemoSwitched(d.cur.label, ""))
		d.showUnread(d.cur.user.ID)
		return
	}
	code := strings.ToUpper(arg)
	unit, ok := g.plan.Unit(code)
	if !ok {
		var some []string
		for _, u := range g.plan.Units {
			if len(some) < 8 {
				some = append(some, u.Code)
			}
		}
		d.println(messages.DemoUnknownUnit(code, some, d.admin.user.LastName))
		return
	}
	p := d.personas[personaKey(g, code)]
	if p == nil {
		i := slices.IndexFunc(g.plan.Units, func(u store.Unit) bool { return u.Code == code })
		p = &persona{
			user:  telegramtest.User{ID: demoFocalBase + demoGroupStride*int64(g.index) + int64(i), FirstName: messages.DemoFocalFirstName, LastName: unit.Name},
			label: d.labelIn(messages.DemoFocalLabel(code), g),
			group: g,
			unit:  code,
		}
		d.addPersona(p)
	}
	if !p.bound {
		d.bind(p)
	}
	d.cur, d.inGroup = p, false
	d.println(messages.DemoSwitched(p.label, unit.Name))
	d.showUnread(p.user.ID)
	d.noteOthers()
}

func (d *demo) labelIn(label string, g *demoGroup) string {
	if d.multi {
		return messages.DemoLabelIn(label, g.Code)
	}
	return label
}

func (d *demo) addPersona(p *persona) {
	d.personas[personaKey(p.group, p.unit)] = p
	d.order = append(d.order, p)
}

// groupAdmin is the admin of group g: the configured admin for a top-level group, or a
// demo officer of its standing office, made the group's admin directly the first time
// (a real deployment lists them in the plan file's working_group.admins).
func (d *demo) groupAdmin(g *demoGroup) *persona {
	if g.Parent == 0 {
		return d.admin
	}
	key := personaKey(g, "")
	if p := d.personas[key]; p != nil {
		return p
	}
	p := &persona{
		user:  telegramtest.User{ID: demoAdminID + int64(g.index), FirstName: messages.DemoAdminFirstName, LastName: g.officeName()},
		label: d.labelIn(messages.DemoOfficerLabel(g.plan.StandingOffice), g),
		group: g,
		bound: true,
	}
	d.addPersona(p)
	err := d.db.Update(d.ctx, func(tx *store.Tx) error {
		tx = tx.In(g.ID)
		u := p.user
		if err := tx.SaveUser(d.ctx, store.User{ID: u.ID, FirstName: u.FirstName, LastName: u.LastName}); err != nil {
			return err
		}
		added, err := tx.AddAdmin(d.ctx, u.ID, d.admin.user.ID)
		if err != nil || !added { // a kept --db remembers earlier runs
			return err
		}
		return tx.Audit(d.ctx, d.admin.user.ID, "demo-admin", "", u.ID, "tocongtac demo")
	})
	if err != nil {
		d.println("⚠ " + err.Error())
		return p
	}
	d.note(messages.DemoAdminBound(p.label, g.Name))
	// Telegram's Start button: the admin's chat opens with the bot's greeting.
	d.note(messages.DemoBackstage(p.label, "/start"))
	d.tg.SendText(p.user, d.tg.Private(p.user), "/start")
	d.settle()
	d.show(p.user.ID)
	return p
}

// alsoServe is /kiemnhiem <group> <unit>: the current person opens an invite link of a
// unit of another group too, and so serves two groups (the bot then asks which group a
// report is for).
func (d *demo) alsoServe(arg string) {
	fields := strings.Fields(arg)
	var g *demoGroup
	switch {
	case len(fields) == 2:
		g = d.groupByCode(fields[0])
	case len(fields) == 1 && !d.multi:
		g, fields = d.groups[0], []string{"", fields[0]}
	}
	if g == nil || d.inGroup {
		d.println(messages.DemoNeedArg("/kiemnhiem <mã Tổ> <mã đơn vị>, ví dụ /kiemnhiem thanhhoa X-NGOCLAC"))
		return
	}
	code := strings.ToUpper(fields[1])
	unit, ok := g.plan.Unit(code)
	if !ok {
		d.println(messages.DemoUnknownUnit(code, nil, d.admin.user.LastName))
		return
	}
	if d.personas[personaKey(g, code)] != nil {
		d.println(messages.DemoSwitched(d.personas[personaKey(g, code)].label, unit.Name))
		return
	}
	p := &persona{user: d.cur.user, label: d.labelIn(messages.DemoFocalLabel(code), g), group: g, unit: code}
	if token := d.inviteToken(g, code); token != "" {
		d.note(messages.DemoBackstage(d.cur.label, "/start "+token))
		d.tg.SendText(p.user, d.tg.Private(p.user), "/start "+token)
		d.settle()
		d.show(p.user.ID)
		p.bound = true
	}
	d.addPersona(p)
	d.println(messages.DemoAlsoServes(unit.Name, g.Name, "/la "+g.Code+" "+code))
}

func isDir(path string) bool {
	info, err := os.Stat(path)
	return path != "" && err == nil && info.IsDir()
}

// flagSet reports whether the flag was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
