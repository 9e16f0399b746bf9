package store

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Plan is a working group's reporting plan: who reports on which model, and when.
// It is read from a YAML file whose keys must stay stable (users and other tools write them).
type Plan struct {
	// WorkingGroup says which group the plan is for; a file without it is the group
	// "default" (see GroupOrDefault).
	WorkingGroup   WorkingGroup `yaml:"working_group,omitempty"`
	Title          string       `yaml:"title"`
	Timezone       string       `yaml:"timezone"`
	StandingOffice string       `yaml:"standing_office"`
	Units          []Unit       `yaml:"units"`
	Models         []Model      `yaml:"models"`
	Reporting      Reporting    `yaml:"reporting"`

	derived *planDerived // assignments worked out once when the plan is read (see Assignments)
}

// planDerived caches what every update asks of the plan. It belongs to the Units and
// Models it was built from: a copy of the plan whose lists were replaced recomputes.
type planDerived struct {
	units  *Unit
	nUnits int
	models *Model
	nModel int
	assign []Assignment
	byUnit map[string][]Assignment // upper-cased unit code → its assignments by model
}

// derive fills p.derived; ParsePlan calls it once the plan is complete.
func (p *Plan) derive() {
	d := &planDerived{nUnits: len(p.Units), nModel: len(p.Models), byUnit: map[string][]Assignment{}}
	if len(p.Units) > 0 {
		d.units = &p.Units[0]
	}
	if len(p.Models) > 0 {
		d.models = &p.Models[0]
	}
	d.assign = p.assignments()
	for _, a := range d.assign {
		k := strings.ToUpper(a.Unit)
		d.byUnit[k] = append(d.byUnit[k], a)
	}
	for _, as := range d.byUnit {
		sort.Slice(as, func(i, j int) bool { return as[i].Model < as[j].Model })
	}
	p.derived = d
}

// cached is p.derived when it still describes p's lists.
func (p *Plan) cached() *planDerived {
	d := p.derived
	if d == nil || d.nUnits != len(p.Units) || d.nModel != len(p.Models) ||
		(len(p.Units) > 0 && d.units != &p.Units[0]) || (len(p.Models) > 0 && d.models != &p.Models[0]) {
		return nil
	}
	return d
}

// Unit is an organisation that names a focal point and reports.
type Unit struct {
	Code string   `yaml:"code"`
	Name string   `yaml:"name"`
	Tags []string `yaml:"tags,omitempty,flow"`
}

// Model is one of the plan's digital-transformation models (mô hình).
type Model struct {
	Number    int      `yaml:"number"`
	Group     string   `yaml:"group"`
	Title     string   `yaml:"title"`
	Short     string   `yaml:"short,omitempty"` // a few words for reminders and buttons; optional
	Lead      []string `yaml:"lead,flow"`
	Support   []string `yaml:"support,omitempty,flow"`
	Deadline  string   `yaml:"deadline,omitempty"`
	Due       Date     `yaml:"due,omitempty"`
	Platforms string   `yaml:"platforms,omitempty"`
	// Recurring models are reported every cycle even once done (e.g. monthly figures);
	// others carry "done" forward and are not asked for again.
	Recurring bool `yaml:"recurring,omitempty"`
	// Indicators are the model's numbers with targets (chỉ tiêu); see plan_indicators.go.
	Indicators []Indicator `yaml:"indicators,omitempty"`
}

// Reporting is the plan's reporting calendar. Cron specs have five fields and are
// read in the plan's timezone.
type Reporting struct {
	Weekly   Weekly  `yaml:"weekly"`
	Monthly  Monthly `yaml:"monthly"`
	Holidays []Date  `yaml:"holidays,omitempty,flow"`
	// Workdays are make-up working days (ngày làm bù): a Saturday worked in exchange for
	// a day off. With Monday–Friday minus Holidays they make the working days.
	Workdays []Date   `yaml:"workdays,omitempty,flow"`
	Blockers Blockers `yaml:"blockers,omitempty"`
}

// Blockers is how fast the standing office must take up a blocker: a ticket not
// acknowledged within AcknowledgeWithin working days is flagged.
type Blockers struct {
	AcknowledgeWithin int `yaml:"acknowledge_within,omitempty"`
}

// Weekly is the Monday report: due weekday, reminder and escalation specs, and when the
// compiled summary is posted.
type Weekly struct {
	Due      string   `yaml:"due"`
	Remind   []string `yaml:"remind,flow"`
	Escalate string   `yaml:"escalate"`
	Summary  string   `yaml:"summary,omitempty"`
}

// Monthly is the report due before the 15th: the last day it covers, reminder and
// escalation specs, and when the compiled summary is posted.
type Monthly struct {
	CutoffDay int      `yaml:"cutoff_day"`
	Remind    []string `yaml:"remind,omitempty,flow"`
	// RemindBefore are reminders N working days before the cut-off day, at RemindAt
	// ("08:00"): [4, 1] is the 10th and the 13th of a month whose 10th–14th are working days.
	RemindBefore []int  `yaml:"remind_before,omitempty,flow"`
	RemindAt     string `yaml:"remind_at,omitempty"`
	Escalate     string `yaml:"escalate"`
	Summary      string `yaml:"summary,omitempty"`
}

// Defaults of the reporting calendar, used where a plan leaves a field empty.
const (
	DefaultTimezone        = "Asia/Ho_Chi_Minh"
	DefaultWeeklyDue       = "monday"
	DefaultWeeklyEscalate  = "0 8 * * TUE"
	DefaultWeeklySummary   = "0 8 * * TUE"
	DefaultMonthlyCutoff   = 14
	DefaultMonthlyEscalate = "0 8 15 * *"
	DefaultMonthlySummary  = "0 9 15 * *"
	DefaultAcknowledgeDays = 2
	DefaultMonthlyRemindAt = "08:00"
)

var (
	defaultWeeklyRemind = []string{"30 7 * * MON", "0 14 * * MON"}
	// 4 and 1 working days before the cut-off: the 10th and 13th in an ordinary month.
	defaultMonthlyRemindBefore = []int{4, 1}
)

// WithDefaults returns the plan with empty calendar fields filled in.
func (p Plan) WithDefaults() Plan {
	if p.Timezone == "" {
		p.Timezone = DefaultTimezone
	}
	r := &p.Reporting
	if r.Weekly.Due == "" {
		r.Weekly.Due = DefaultWeeklyDue
	}
	if len(r.Weekly.Remind) == 0 {
		r.Weekly.Remind = append([]string(nil), defaultWeeklyRemind...)
	}
	if r.Weekly.Escalate == "" {
		r.Weekly.Escalate = DefaultWeeklyEscalate
	}
	if r.Weekly.Summary == "" {
		r.Weekly.Summary = DefaultWeeklySummary
	}
	if r.Monthly.CutoffDay == 0 {
		r.Monthly.CutoffDay = DefaultMonthlyCutoff
	}
	if len(r.Monthly.Remind) == 0 && len(r.Monthly.RemindBefore) == 0 {
		r.Monthly.RemindBefore = append([]int(nil), defaultMonthlyRemindBefore...)
	}
	if len(r.Monthly.RemindBefore) > 0 && r.Monthly.RemindAt == "" {
		r.Monthly.RemindAt = DefaultMonthlyRemindAt
	}
	if r.Monthly.Escalate == "" {
		r.Monthly.Escalate = DefaultMonthlyEscalate
	}
	if r.Monthly.Summary == "" {
		r.Monthly.Summary = DefaultMonthlySummary
	}
	if r.Blockers.AcknowledgeWithin == 0 {
		r.Blockers.AcknowledgeWithin = DefaultAcknowledgeDays
	}
	return p
}

// ParseClock reads a time of day "08:00" (or "8:00", "8h00") as hour and minute.
func ParseClock(s string) (hour, minute int, ok bool) {
	s = strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "h", ":")
	hs, ms, found := strings.Cut(s, ":")
	if !found {
		return 0, 0, false
	}
	h, err1 := strconv.Atoi(hs)
	m, err2 := strconv.Atoi(ms)
	if err1 != nil || err2 != nil || len(ms) != 2 || h < 0 || h > 23 || m < 0 || m > 59 {
		return 0, 0, false
	}
	return h, m, true
}

// Location is the plan's timezone. The plan was validated, so the name is known.
func (p *Plan) Location() *time.Location {
	name := p.Timezone
	if name == "" {
		name = DefaultTimezone
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Unit returns the unit with the code, compared without regard to case.
func (p *Plan) Unit(code string) (Unit, bool) {
	for _, u := range p.Units {
		if strings.EqualFold(u.Code, code) {
			return u, true
		}
	}
	return Unit{}, false
}

// UnitRef names a unit in a button's callback data: its code, or "~<index>" in the plan
// when the code is too long for Telegram's 64 bytes of callback data.
func (p *Plan) UnitRef(code string) string {
	if len(code) <= 32 {
		return code
	}
	for i, u := range p.Units {
		if u.Code == code {
			return "~" + strconv.Itoa(i)
		}
	}
	return code
}

// UnitFromRef reads what UnitRef wrote: the unit's code.
func (p *Plan) UnitFromRef(ref string) (string, bool) {
	if i, ok := strings.CutPrefix(ref, "~"); ok {
		n, err := strconv.Atoi(i)
		if err != nil || n < 0 || n >= len(p.Units) {
			return "", false
		}
		return p.Units[n].Code, true
	}
	u, ok := p.Unit(ref)
	return u.Code, ok
}

// Model returns the model with the number.
func (p *Plan) Model(number int) (Model, bool) {
	for _, m := range p.Models {
		if m.Number == number {
			return m, true
		}
	}
	return Model{}, false
}

// Role is a unit's part in a model.
type Role string

// Roles of a unit in a model.
const (
	RoleLead    Role = "lead"
	RoleSupport Role = "support"
)

// Assignment says that a unit takes part in a model.
type Assignment struct {
	Model int
	Unit  string
	Role  Role
}

// Assignments expands tags ("@xa") into unit codes and returns every (model, unit) pair,
// ordered by model then unit as listed. A unit named as both lead and support is lead,
// except that naming a unit by code beats reaching it by tag: plans say "lead: every
// district office (@huyen); support: Công an huyện (CAH)" and mean CAH supports.
func (p *Plan) Assignments() []Assignment {
	if d := p.cached(); d != nil {
		return append([]Assignment(nil), d.assign...)
	}
	return p.assignments()
}

func (p *Plan) assignments() []Assignment {
	x := p.expander()
	var out []Assignment
	for _, m := range p.Models {
		namedLead, namedSupport := namedCodes(m.Lead), namedCodes(m.Support)
		seen := map[string]bool{}
		add := func(refs []string, role Role) {
			for _, code := range x.expand(refs) {
				if seen[code] {
					continue
				}
				k := strings.ToUpper(code)
				if role == RoleLead && namedSupport[k] && !namedLead[k] {
					continue // only tagged as lead, named as support
				}
				seen[code] = true
				out = append(out, Assignment{Model: m.Number, Unit: code, Role: role})
			}
		}
		add(m.Lead, RoleLead)
		add(m.Support, RoleSupport)
	}
	return out
}

// namedCodes is the set of upper-cased unit codes given directly (not as @tags) in refs.
func namedCodes(refs []string) map[string]bool {
	out := map[string]bool{}
	for _, r := range refs {
		if !strings.HasPrefix(r, "@") {
			out[strings.ToUpper(strings.TrimSpace(r))] = true
		}
	}
	return out
}

// ExpandRefs turns unit codes and @tags into unit codes, in plan order, without repeats.
func (p *Plan) ExpandRefs(refs []string) []string {
	return p.expander().expand(refs)
}

// refExpander indexes the plan's units by upper-cased code and @TAG once, so expanding
// every model of a province-sized plan does not re-case every unit's tags each time.
type refExpander struct {
	units []Unit
	index map[string][]int // "CODE" or "@TAG" → unit positions, in plan order
}

func (p *Plan) expander() refExpander {
	x := refExpander{units: p.Units, index: make(map[string][]int, 2*len(p.Units))}
	for i, u := range p.Units {
		k := strings.ToUpper(u.Code)
		x.index[k] = append(x.index[k], i)
		for _, t := range u.Tags {
			k := "@" + strings.ToUpper(t)
			if n := len(x.index[k]); n == 0 || x.index[k][n-1] != i {
				x.index[k] = append(x.index[k], i)
			}
		}
	}
	return x
}

func (x refExpander) expand(refs []string) []string {
	picked := make([]bool, len(x.units))
	for _, r := range refs {
		for _, i := range x.index[strings.ToUpper(r)] {
			picked[i] = true
		}
	}
	var out []string
	for i, ok := range picked {
		if ok {
			out = append(out, x.units[i].Code)
		}
	}
	return out
}

// UnitModels returns the models a unit takes part in, ordered by number.
func (p *Plan) UnitModels(code string) []Assignment {
	if d := p.cached(); d != nil {
		return append([]Assignment(nil), d.byUnit[strings.ToUpper(code)]...)
	}
	var out []Assignment
	for _, a := range p.Assignments() {
		if strings.EqualFold(a.Unit, code) {
			out = append(out, a)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Model < out[j].Model })
	return out
}

// Date is a calendar day without a time, written yyyy-mm-dd.
type Date struct{ time.Time }

// ParseDate reads yyyy-mm-dd.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return Date{}, fmt.Errorf("date %q: want yyyy-mm-dd", s)
	}
	return Date{t}, nil
}

// String formats the date as yyyy-mm-dd, or "" when unset.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(time.DateOnly)
}

// In returns midnight of the day in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc)
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d.Time.IsZero() }

// MarshalYAML writes the date as yyyy-mm-dd.
func (d Date) MarshalYAML() (any, error) { return d.String(), nil }

// UnmarshalYAML reads yyyy-mm-dd.
func (d *Date) UnmarshalYAML(n *yaml.Node) error {
	v, err := ParseDate(n.Value)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// GroupRank orders the plan's groups of models I–VI (Roman numerals, as in the plan's
// appendix); any other group comes last.
func GroupRank(g string) int {
	switch strings.ToUpper(strings.TrimSpace(g)) {
	case "I":
		return 1
	case "II":
		return 2
	case "III":
		return 3
	case "IV":
		return 4
	case "V":
		return 5
	case "VI":
		return 6
	}
	return 100
}
