package store

import (
	"bytes"
	_ "embed"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Asia/Ho_Chi_Minh must load in slim containers without zoneinfo.

	"github.com/robfig/cron/v3"
	"go.yaml.in/yaml/v3"
)

//go:embed plans/ngoclac-2024.yaml
var defaultPlanYAML []byte

// DefaultPlanYAML is the embedded 2024 Ngọc Lặc plan, as written.
func DefaultPlanYAML() []byte { return bytes.Clone(defaultPlanYAML) }

// DefaultPlan is the embedded 2024 Ngọc Lặc plan. Each call parses afresh so callers
// may change the result. It panics only if the embedded file is invalid, which a test
// rules out.
func DefaultPlan() Plan {
	p, err := ParsePlan(defaultPlanYAML)
	if err != nil {
		panic("store: embedded plan: " + err.Error())
	}
	return p
}

// ProblemKind says what is wrong with a plan file.
type ProblemKind string

// Kinds of plan problems.
const (
	ProblemSyntax                ProblemKind = "syntax"          // not YAML
	ProblemBadValue              ProblemKind = "bad_value"       // wrong shape: a list where a name belongs, a number that is not one
	ProblemMissing               ProblemKind = "missing"         // required field absent or empty
	ProblemDuplicateKey          ProblemKind = "duplicate_key"   // same key twice in one mapping
	ProblemDuplicateUnit         ProblemKind = "duplicate_unit"  // unit code defined twice (case-insensitive)
	ProblemDuplicateModel        ProblemKind = "duplicate_model" // model number defined twice
	ProblemBadCode               ProblemKind = "bad_code"        // unit code or tag with characters that break commands
	ProblemBadGroup              ProblemKind = "bad_group"       // group not I..V
	ProblemUnknownUnit           ProblemKind = "unknown_unit"    // lead/support names no unit
	ProblemUnknownTag            ProblemKind = "unknown_tag"     // lead/support @tag that no unit carries
	ProblemUnknownStandingOffice ProblemKind = "unknown_standing_office"
	ProblemBadTimezone           ProblemKind = "bad_timezone"
	ProblemBadCron               ProblemKind = "bad_cron"
	ProblemCronDays              ProblemKind = "cron_days" // day-of-month and day-of-week both restricted
	ProblemBadWeekday            ProblemKind = "bad_weekday"
	ProblemBadCutoff             ProblemKind = "bad_cutoff"
	ProblemBadDate               ProblemKind = "bad_date"
	ProblemBadRemindBefore       ProblemKind = "bad_remind_before"
	ProblemBadClock              ProblemKind = "bad_clock"
)

var problemText = map[ProblemKind]string{
	ProblemSyntax:                "YAML syntax error",
	ProblemBadValue:              "bad value",
	ProblemMissing:               "missing required field",
	ProblemDuplicateKey:          "duplicate key",
	ProblemDuplicateUnit:         "duplicate unit code",
	ProblemDuplicateModel:        "duplicate model number",
	ProblemBadCode:               "bad code",
	ProblemBadGroup:              "bad group (want I, II, III, IV or V)",
	ProblemUnknownUnit:           "unknown unit code",
	ProblemUnknownTag:            "no unit has tag",
	ProblemUnknownStandingOffice: "standing office is not a unit",
	ProblemBadTimezone:           "unknown timezone",
	ProblemBadCron:               "bad cron spec",
	ProblemCronDays:              "cron spec restricts both day of month and day of week",
	ProblemBadWeekday:            "bad weekday",
	ProblemBadCutoff:             "cutoff_day outside 1..28",
	ProblemBadDate:               "bad date (want yyyy-mm-dd)",
	ProblemBadRemindBefore:       "remind_before wants working days 1..20",
	ProblemBadClock:              "bad time of day (want hh:mm)",
	ProblemBadScope:              "bad scope (want unit or group)",
	ProblemBadRollup:             "bad rollup (want sum, average or share)",
	ProblemDuplicateIndicator:    "duplicate indicator key",
	ProblemDuplicateGroup:        "duplicate group code",
	ProblemUnknownGroup:          "unknown parent group",
	ProblemGroupCycle:            "group is its own ancestor",
	ProblemNoPlans:               "no *.yaml plan file in the folder",
}

// Problem.Reason values, exported so messages can translate them; any other Reason is
// the cron parser's own message.
const (
	// HintQuoteTag explains the commonest syntax error: YAML reserves @ at the start of
	// a plain value, so tag references must be quoted.
	HintQuoteTag = `quote tag references: "@xa"`
	// ReasonCronDays explains ProblemCronDays.
	ReasonCronDays = "cron fires when either matches, so it would run on every listed day of the month and every listed weekday"
	// ReasonCronFields explains a spec without exactly five fields.
	ReasonCronFields = "want five fields: minute hour day-of-month month day-of-week"
	// ReasonCronNever explains a spec that matches no day ("0 8 30 2 *").
	ReasonCronNever = "never fires"
	// ReasonZoneLocal explains why "Local" is refused.
	ReasonZoneLocal = "name an IANA zone such as Asia/Ho_Chi_Minh, not the server's Local"

	ReasonWantMapping = "want a mapping of key: value"
	ReasonWantScalar  = "want a single value, not a list or mapping"
	ReasonWantList    = "want a list"
	ReasonWantNumber  = "want a positive whole number"
	ReasonWantBool    = "want true or false"
	ReasonCodeChars   = "use letters, digits, '-', '_' or '.'"
	ReasonTagChars    = "a tag is one word without '@' or ','"
	ReasonWeekday     = "want monday..sunday or thu2..thu7, chunhat"
)

// Problem is one thing wrong with a plan file.
type Problem struct {
	Line     int         // 1-based line of the offending node; 0 when the file has none
	Kind     ProblemKind // what is wrong
	Subject  string      // where: "title", "units[CAH].name", "models[9].lead", "models[#3].number", "reporting.weekly.remind"
	Detail   string      // the offending value as written, or the YAML parser's message for syntax errors
	Reason   string      // why, when the kind alone does not say (English)
	PrevLine int         // for duplicates: the line of the first definition
	File     string      // in a set of plans: the file the problem is in
	PrevFile string      // for a group code defined twice in a set: the file of the first definition
}

// String is the problem in compact English, for logs.
func (p Problem) String() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File + ": ")
	}
	if p.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", p.Line)
	}
	if p.Subject != "" {
		b.WriteString(p.Subject + ": ")
	}
	b.WriteString(problemText[p.Kind])
	if p.Detail != "" {
		if p.Kind == ProblemSyntax {
			b.WriteString(": " + p.Detail)
		} else {
			fmt.Fprintf(&b, " %q", p.Detail)
		}
	}
	if p.Reason != "" {
		b.WriteString(" (" + p.Reason + ")")
	}
	switch {
	case p.PrevFile != "":
		fmt.Fprintf(&b, " (first in %s at line %d)", p.PrevFile, p.PrevLine)
	case p.PrevLine > 0:
		fmt.Fprintf(&b, " (first at line %d)", p.PrevLine)
	}
	return b.String()
}

// PlanError lists every problem found in a plan file, ordered by line.
type PlanError struct {
	Problems []Problem
}

func (e *PlanError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.String()
	}
	noun := "problems"
	if len(parts) == 1 {
		noun = "problem"
	}
	return fmt.Sprintf("plan: %d %s: %s", len(parts), noun, strings.Join(parts, "; "))
}

// ParsePlan reads and validates a plan file and fills in calendar defaults. Any problem
// yields a *PlanError listing all of them.
func ParsePlan(data []byte) (Plan, error) {
	pp := &planParser{}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		pp.syntax(data, err)
		return Plan{}, pp.err()
	}
	var p Plan
	if len(doc.Content) == 0 {
		for _, k := range []string{"title", "units", "models"} {
			pp.problems = append(pp.problems, Problem{Kind: ProblemMissing, Subject: k})
		}
		return Plan{}, pp.err()
	}
	pp.plan(deref(doc.Content[0]), &p)
	if err := pp.err(); err != nil {
		return Plan{}, err
	}
	p = p.WithDefaults()
	p.derive()
	return p, nil
}

// MarshalPlan writes p in the plan file layout: one unit per line, one holiday per line.
func MarshalPlan(p Plan) ([]byte, error) {
	var n yaml.Node
	if err := n.Encode(p); err != nil {
		return nil, err
	}
	if units := mappingValue(&n, "units"); units != nil {
		for _, u := range units.Content {
			u.Style = yaml.FlowStyle
		}
	}
	if h := mappingValue(mappingValue(&n, "reporting"), "holidays"); h != nil {
		h.Style = 0 // block: a flow list of 30 dates is one unreadable line
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&n); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// cronStar is robfig's marker for a "*" field (its unexported starBit); a day field
// without it is restricted.
const cronStar = 1 << 63

// CronError says why a cron spec is refused: Kind is ProblemBadCron or ProblemCronDays,
// Reason one of the Reason* constants or the cron parser's own message.
type CronError struct {
	Kind   ProblemKind
	Reason string
}

func (e *CronError) Error() string { return problemText[e.Kind] + ": " + e.Reason }

// ParseCron is the one cron check of the plan, used by the plan file's validation and by
// the reminders' schedule alike: five fields, no descriptor or TZ= prefix (specs are read
// in the plan's timezone, loc), not both day fields restricted, and a fire time within a
// few years. The error is a *CronError.
func ParseCron(spec string, loc *time.Location) (sched *cron.SpecSchedule, err error) {
	spec = strings.TrimSpace(spec)
	if len(strings.Fields(spec)) != 5 || strings.HasPrefix(spec, "@") || strings.Contains(spec, "TZ=") {
		return nil, &CronError{ProblemBadCron, ReasonCronFields}
	}
	// robfig/cron v3.0.1 panics on some malformed input (issues #554, #470); plans are user-written.
	defer func() {
		if r := recover(); r != nil {
			sched, err = nil, &CronError{ProblemBadCron, fmt.Sprint(r)}
		}
	}()
	s, err := cron.ParseStandard("CRON_TZ=" + loc.String() + " " + spec)
	if err != nil {
		return nil, &CronError{ProblemBadCron, err.Error()}
	}
	ss, ok := s.(*cron.SpecSchedule)
	if !ok {
		return nil, &CronError{ProblemBadCron, ReasonCronFields}
	}
	if ss.Dom&cronStar == 0 && ss.Dow&cronStar == 0 {
		return nil, &CronError{ProblemCronDays, ReasonCronDays}
	}
	if ss.Next(time.Date(2024, time.January, 1, 0, 0, 0, 0, loc)).IsZero() {
		return nil, &CronError{ProblemBadCron, ReasonCronNever}
	}
	return ss, nil
}

// LoadZone is the one timezone check of the plan: an IANA name ("" is the default). "Local"
// is refused: it would follow the server's TZ, which is exactly what the calendar must not do.
func LoadZone(name string) (*time.Location, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		name = DefaultTimezone
	}
	if name == "Local" {
		return nil, fmt.Errorf("timezone %q: %s", name, ReasonZoneLocal)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("timezone %q: %v", name, err)
	}
	return loc, nil
}

// MaxCutoffDay is the largest monthly cutoff_day: every month has the day, so each monthly
// cycle ends on its own cutoff.
const MaxCutoffDay = 28

// maxRemindBefore bounds remind_before: a month has about 20 working days.
const maxRemindBefore = 20

var (
	codeRE    = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
	yamlLine  = regexp.MustCompile(`^yaml: line (\d+): `)
	bareAtTag = regexp.MustCompile(`(^|[\[{,:\s-])@`)
)

type planParser struct {
	problems []Problem
}

func (pp *planParser) add(n *yaml.Node, kind ProblemKind, subject, detail string) *Problem {
	line := 0
	if n != nil {
		line = n.Line
	}
	pp.problems = append(pp.problems, Problem{Line: line, Kind: kind, Subject: subject, Detail: detail})
	return &pp.problems[len(pp.problems)-1]
}

func (pp *planParser) err() error {
	if len(pp.problems) == 0 {
		return nil
	}
	sort.SliceStable(pp.problems, func(i, j int) bool { return pp.problems[i].Line < pp.problems[j].Line })
	return &PlanError{Problems: pp.problems}
}

func (pp *planParser) syntax(data []byte, err error) {
	msg := err.Error()
	p := Problem{Kind: ProblemSyntax, Detail: strings.TrimPrefix(msg, "yaml: ")}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		p.Line, _ = strconv.Atoi(m[1])
		p.Detail = msg[len(m[0]):]
		lines := strings.Split(string(data), "\n")
		if p.Line <= len(lines) && bareAtTag.MatchString(lines[p.Line-1]) {
			p.Reason = HintQuoteTag
		}
	}
	pp.problems = append(pp.problems, p)
}

func mappingValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// keyed is a mapping's values by key, with the mapping node for "missing" lines.
type keyed struct {
	node   *yaml.Node
	values map[string]*yaml.Node
}

func (k keyed) get(key string) *yaml.Node { return k.values[key] }

// mapping reads a mapping node, reporting duplicate keys. ok is false (and the problem
// reported) when n is not a mapping.
func (pp *planParser) mapping(n *yaml.Node, subject string) (keyed, bool) {
	n = deref(n)
	k := keyed{node: n, values: map[string]*yaml.Node{}}
	if n.Kind != yaml.MappingNode {
		if !isNull(n) {
			pp.add(n, ProblemBadValue, subject, n.Value).Reason = ReasonWantMapping
		}
		return k, false
	}
	lines := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key := n.Content[i].Value
		if prev, dup := lines[key]; dup {
			pp.add(n.Content[i], ProblemDuplicateKey, join(subject, key), key).PrevLine = prev
			continue
		}
		lines[key] = n.Content[i].Line
		k.values[key] = deref(n.Content[i+1])
	}
	return k, true
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

func join(subject, key string) string {
	if subject == "" {
		return key
	}
	return subject + "." + key
}

// str reads a scalar; null reads as "".
func (pp *planParser) str(n *yaml.Node, subject string) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		pp.add(n, ProblemBadValue, subject, "").Reason = ReasonWantScalar
		return "", false
	}
	if isNull(n) {
		return "", true
	}
	return strings.TrimSpace(n.Value), true
}

// required reads a non-empty scalar, reporting it missing at the parent's line if absent.
func (pp *planParser) required(k keyed, key, subject string) (string, *yaml.Node) {
	n := k.get(key)
	if n == nil {
		pp.add(k.node, ProblemMissing, join(subject, key), "")
		return "", nil
	}
	s, ok := pp.str(n, join(subject, key))
	if ok && s == "" {
		pp.add(n, ProblemMissing, join(subject, key), "")
	}
	return s, n
}

// list reads a sequence of scalars; a single scalar is a list of one, null is empty.
func (pp *planParser) list(n *yaml.Node, subject string) []*yaml.Node {
	switch {
	case isNull(n):
		return nil
	case n.Kind == yaml.ScalarNode:
		return []*yaml.Node{n}
	case n.Kind != yaml.SequenceNode:
		pp.add(n, ProblemBadValue, subject, "").Reason = ReasonWantList
		return nil
	}
	var out []*yaml.Node
	for _, it := range n.Content {
		it = deref(it)
		if it.Kind != yaml.ScalarNode {
			pp.add(it, ProblemBadValue, subject, "").Reason = ReasonWantScalar
			continue
		}
		out = append(out, it)
	}
	return out
}

func (pp *planParser) plan(n *yaml.Node, p *Plan) {
	top, ok := pp.mapping(n, "")
	if !ok {
		if isNull(n) {
			for _, k := range []string{"title", "units", "models"} {
				pp.add(n, ProblemMissing, k, "")
			}
		}
		return
	}
	if gn := top.get("working_group"); gn != nil {
		pp.workingGroup(gn, &p.WorkingGroup)
	}
	p.Title, _ = pp.required(top, "title", "")
	if tn := top.get("timezone"); tn != nil {
		if tz, ok := pp.str(tn, "timezone"); ok && tz != "" {
			if _, err := LoadZone(tz); err != nil {
				pr := pp.add(tn, ProblemBadTimezone, "timezone", tz)
				if tz == "Local" {
					pr.Reason = ReasonZoneLocal
				}
			}
			p.Timezone = tz
		}
	}

	units := pp.units(top, p)
	if sn := top.get("standing_office"); sn != nil {
		if code, ok := pp.str(sn, "standing_office"); ok && code != "" {
			if _, known := units.codes[strings.ToUpper(code)]; !known && units.ok {
				pp.add(sn, ProblemUnknownStandingOffice, "standing_office", code)
			}
			p.StandingOffice = code
		}
	}
	pp.models(top, p, units)
	if rn := top.get("reporting"); rn != nil {
		pp.reporting(rn, &p.Reporting)
	}
}

// unitIndex is what references are checked against: upper-cased codes and tags.
type unitIndex struct {
	codes map[string]int // code → line
	tags  map[string]bool
	ok    bool // false when the units section is unusable: skip reference checks, they would all fail
}

func (pp *planParser) units(top keyed, p *Plan) unitIndex {
	idx := unitIndex{codes: map[string]int{}, tags: map[string]bool{}}
	n := top.get("units")
	if n == nil || isNull(n) || (n.Kind == yaml.SequenceNode && len(n.Content) == 0) {
		at := top.node
		if n != nil {
			at = n
		}
		pp.add(at, ProblemMissing, "units", "")
		return idx
	}
	if n.Kind != yaml.SequenceNode {
		pp.add(n, ProblemBadValue, "units", "").Reason = ReasonWantList
		return idx
	}
	idx.ok = true
	for i, item := range n.Content {
		subj := fmt.Sprintf("units[#%d]", i+1)
		m, ok := pp.mapping(item, subj)
		if !ok {
			continue
		}
		var u Unit
		code, cn := pp.required(m, "code", subj)
		if code != "" {
			if !codeRE.MatchString(code) {
				pp.add(cn, ProblemBadCode, subj+".code", code).Reason = ReasonCodeChars
			}
			subj = "units[" + code + "]"
			if prev, dup := idx.codes[strings.ToUpper(code)]; dup {
				pp.add(cn, ProblemDuplicateUnit, subj, code).PrevLine = prev
			} else {
				idx.codes[strings.ToUpper(code)] = cn.Line
			}
		}
		u.Code = code
		u.Name, _ = pp.required(m, "name", subj)
		if tn := m.get("tags"); tn != nil {
			for _, t := range pp.list(tn, subj+".tags") {
				tag := strings.TrimSpace(t.Value)
				// Known even when bad, so references to it do not pile up more problems.
				idx.tags[strings.ToUpper(strings.TrimPrefix(tag, "@"))] = true
				if tag == "" || strings.ContainsAny(tag, "@, \t") {
					pp.add(t, ProblemBadCode, subj+".tags", tag).Reason = ReasonTagChars
					continue
				}
				u.Tags = append(u.Tags, tag)
			}
		}
		p.Units = append(p.Units, u)
	}
	return idx
}

var groups = map[string]bool{"I": true, "II": true, "III": true, "IV": true, "V": true}

func (pp *planParser) models(top keyed, p *Plan, idx unitIndex) {
	n := top.get("models")
	if n == nil || isNull(n) || (n.Kind == yaml.SequenceNode && len(n.Content) == 0) {
		at := top.node
		if n != nil {
			at = n
		}
		pp.add(at, ProblemMissing, "models", "")
		return
	}
	if n.Kind != yaml.SequenceNode {
		pp.add(n, ProblemBadValue, "models", "").Reason = ReasonWantList
		return
	}
	seen := map[int]int{}
	for i, item := range n.Content {
		subj := fmt.Sprintf("models[#%d]", i+1)
		k, ok := pp.mapping(item, subj)
		if !ok {
			continue
		}
		var m Model
		if num, nn := pp.required(k, "number", subj); num != "" {
			v, err := strconv.Atoi(num)
			if err != nil || v <= 0 {
				pp.add(nn, ProblemBadValue, subj+".number", num).Reason = ReasonWantNumber
			} else {
				m.Number = v
				subj = fmt.Sprintf("models[%d]", v)
				if prev, dup := seen[v]; dup {
					pp.add(nn, ProblemDuplicateModel, subj, num).PrevLine = prev
				} else {
					seen[v] = nn.Line
				}
			}
		}
		if g, gn := pp.required(k, "group", subj); g != "" {
			m.Group = strings.ToUpper(g)
			if !groups[m.Group] {
				pp.add(gn, ProblemBadGroup, subj+".group", g)
			}
		}
		m.Title, _ = pp.required(k, "title", subj)
		m.Lead = pp.refs(k, "lead", subj, idx)
		if m.Lead == nil {
			at := k.node
			if ln := k.get("lead"); ln != nil {
				at = ln
			}
			pp.add(at, ProblemMissing, subj+".lead", "")
		}
		m.Support = pp.refs(k, "support", subj, idx)
		if dn := k.get("deadline"); dn != nil {
			m.Deadline, _ = pp.str(dn, subj+".deadline")
		}
		if sn := k.get("short"); sn != nil {
			m.Short, _ = pp.str(sn, subj+".short")
		}
		if pn := k.get("platforms"); pn != nil {
			m.Platforms, _ = pp.str(pn, subj+".platforms")
		}
		if dn := k.get("due"); dn != nil {
			m.Due = pp.date(dn, subj+".due")
		}
		if rn := k.get("recurring"); rn != nil {
			if v, ok := pp.str(rn, subj+".recurring"); ok {
				b, err := strconv.ParseBool(v)
				if err != nil {
					pp.add(rn, ProblemBadValue, subj+".recurring", v).Reason = ReasonWantBool
				}
				m.Recurring = b
			}
		}
		if in := k.get("indicators"); in != nil {
			m.Indicators = pp.indicators(in, subj+".indicators")
		}
		p.Models = append(p.Models, m)
	}
}

// refs reads a lead/support list, checking each code and @tag against the units.
func (pp *planParser) refs(k keyed, key, subject string, idx unitIndex) []string {
	n := k.get(key)
	if n == nil {
		return nil
	}
	subject += "." + key
	var out []string
	for _, it := range pp.list(n, subject) {
		r := strings.TrimSpace(it.Value)
		switch {
		case r == "":
			continue
		case !idx.ok:
		case strings.HasPrefix(r, "@"):
			if !idx.tags[strings.ToUpper(r[1:])] {
				pp.add(it, ProblemUnknownTag, subject, r)
			}
		default:
			if _, ok := idx.codes[strings.ToUpper(r)]; !ok {
				pp.add(it, ProblemUnknownUnit, subject, r)
			}
		}
		out = append(out, r)
	}
	return out
}

func (pp *planParser) date(n *yaml.Node, subject string) Date {
	s, ok := pp.str(n, subject)
	if !ok || s == "" {
		return Date{}
	}
	d, err := ParseDate(s)
	if err != nil {
		pp.add(n, ProblemBadDate, subject, s)
	}
	return d
}

func (pp *planParser) cron(n *yaml.Node, subject string) string {
	s, ok := pp.str(n, subject)
	if !ok || s == "" {
		return ""
	}
	if _, err := ParseCron(s, time.UTC); err != nil {
		ce := err.(*CronError)
		pp.add(n, ce.Kind, subject, s).Reason = ce.Reason
	}
	return s
}

func (pp *planParser) crons(n *yaml.Node, subject string) []string {
	var out []string
	for _, it := range pp.list(n, subject) {
		if s := pp.cron(it, subject); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (pp *planParser) reporting(n *yaml.Node, r *Reporting) {
	k, ok := pp.mapping(n, "reporting")
	if !ok {
		return
	}
	if wn := k.get("weekly"); wn != nil {
		if w, ok := pp.mapping(wn, "reporting.weekly"); ok {
			if dn := w.get("due"); dn != nil {
				if s, ok := pp.str(dn, "reporting.weekly.due"); ok && s != "" {
					if d, ok := ParseWeekday(s); ok {
						r.Weekly.Due = strings.ToLower(d.String())
					} else {
						pp.add(dn, ProblemBadWeekday, "reporting.weekly.due", s).Reason = ReasonWeekday
					}
				}
			}
			pp.calendar(w, "reporting.weekly", &r.Weekly.Remind, &r.Weekly.Escalate, &r.Weekly.Summary)
		}
	}
	if mn := k.get("monthly"); mn != nil {
		if m, ok := pp.mapping(mn, "reporting.monthly"); ok {
			if cn := m.get("cutoff_day"); cn != nil {
				if s, ok := pp.str(cn, "reporting.monthly.cutoff_day"); ok && s != "" {
					if d, err := strconv.Atoi(s); err != nil || d < 1 || d > MaxCutoffDay {
						pp.add(cn, ProblemBadCutoff, "reporting.monthly.cutoff_day", s)
					} else {
						r.Monthly.CutoffDay = d
					}
				}
			}
			pp.calendar(m, "reporting.monthly", &r.Monthly.Remind, &r.Monthly.Escalate, &r.Monthly.Summary)
			if bn := m.get("remind_before"); bn != nil {
				for _, it := range pp.list(bn, "reporting.monthly.remind_before") {
					if d, err := strconv.Atoi(strings.TrimSpace(it.Value)); err != nil || d < 1 || d > maxRemindBefore {
						pp.add(it, ProblemBadRemindBefore, "reporting.monthly.remind_before", it.Value)
					} else {
						r.Monthly.RemindBefore = append(r.Monthly.RemindBefore, d)
					}
				}
			}
			if an := m.get("remind_at"); an != nil {
				if s, ok := pp.str(an, "reporting.monthly.remind_at"); ok && s != "" {
					if _, _, ok := ParseClock(s); !ok {
						pp.add(an, ProblemBadClock, "reporting.monthly.remind_at", s)
					}
					r.Monthly.RemindAt = s
				}
			}
		}
	}
	if bn := k.get("blockers"); bn != nil {
		if b, ok := pp.mapping(bn, "reporting.blockers"); ok {
			if an := b.get("acknowledge_within"); an != nil {
				const subject = "reporting.blockers.acknowledge_within"
				if s, ok := pp.str(an, subject); ok && s != "" {
					if d, err := strconv.Atoi(s); err != nil || d < 1 || d > 30 {
						pp.add(an, ProblemBadValue, subject, s).Reason = ReasonWantNumber
					} else {
						r.Blockers.AcknowledgeWithin = d
					}
				}
			}
		}
	}
	if hn := k.get("holidays"); hn != nil {
		for _, it := range pp.list(hn, "reporting.holidays") {
			if d := pp.date(it, "reporting.holidays"); !d.IsZero() {
				r.Holidays = append(r.Holidays, d)
			}
		}
	}
	if wn := k.get("workdays"); wn != nil {
		for _, it := range pp.list(wn, "reporting.workdays") {
			if d := pp.date(it, "reporting.workdays"); !d.IsZero() {
				r.Workdays = append(r.Workdays, d)
			}
		}
	}
}

func (pp *planParser) calendar(k keyed, subject string, remind *[]string, escalate, summary *string) {
	if n := k.get("remind"); n != nil {
		*remind = pp.crons(n, subject+".remind")
	}
	if n := k.get("escalate"); n != nil {
		*escalate = pp.cron(n, subject+".escalate")
	}
	if n := k.get("summary"); n != nil {
		*summary = pp.cron(n, subject+".summary")
	}
}
