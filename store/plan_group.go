package store

import (
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Problem kinds of a plan's working_group section and of a set of plans.
const (
	ProblemDuplicateGroup ProblemKind = "duplicate_group" // two files of a set name the same group code
	ProblemUnknownGroup   ProblemKind = "unknown_group"   // parent names no group of the set
	ProblemGroupCycle     ProblemKind = "group_cycle"     // a group is its own parent, or an ancestor of its parent
	ProblemNoPlans        ProblemKind = "no_plans"        // a folder without any *.yaml plan file
)

// Reasons of working-group problems.
const (
	ReasonGroupCodeChars = "a group code is 2 to 32 lowercase letters a-z, digits or '-'"
	ReasonGroupInFolder  = "every plan file of a folder names its working group"
)

var groupCodeRE = regexp.MustCompile(`^[a-z0-9-]{2,32}$`)

// GroupOrDefault is the working group the plan is for: its working_group section, or the
// group "default" named after the plan's title when the file has none.
func (p Plan) GroupOrDefault() WorkingGroup {
	if p.WorkingGroup.Code != "" {
		return p.WorkingGroup
	}
	return WorkingGroup{Code: DefaultGroupCode, Name: p.Title}
}

// workingGroup reads the working_group section: code and name are required, parent names
// another group, admins are Telegram user ids.
func (pp *planParser) workingGroup(n *yaml.Node, wg *WorkingGroup) {
	const subject = "working_group"
	k, ok := pp.mapping(n, subject)
	if !ok {
		if isNull(n) {
			pp.add(n, ProblemMissing, subject+".code", "")
		}
		return
	}
	code, cn := pp.required(k, "code", subject)
	if code != "" && !groupCodeRE.MatchString(code) {
		pp.add(cn, ProblemBadCode, subject+".code", code).Reason = ReasonGroupCodeChars
	}
	wg.Code = code
	wg.Name, _ = pp.required(k, "name", subject)
	if pn := k.get("parent"); pn != nil {
		if parent, ok := pp.str(pn, subject+".parent"); ok && parent != "" {
			switch {
			case !groupCodeRE.MatchString(parent):
				pp.add(pn, ProblemBadCode, subject+".parent", parent).Reason = ReasonGroupCodeChars
			case parent == code:
				pp.add(pn, ProblemGroupCycle, subject+".parent", parent)
			}
			wg.Parent = parent
		}
	}
	if an := k.get("admins"); an != nil {
		for _, it := range pp.list(an, subject+".admins") {
			s := strings.TrimSpace(it.Value)
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil || id <= 0 {
				pp.add(it, ProblemBadValue, subject+".admins", s).Reason = ReasonWantNumber
				continue
			}
			wg.Admins = append(wg.Admins, id)
		}
	}
}

// WithWorkingGroup is a plan file's YAML that names its group: data as written when it
// has a working_group section, else with the section for wg put on top (so that a plan
// of the default group can join a folder). Comments and layout are kept.
func WithWorkingGroup(data []byte, wg WorkingGroup) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if len(doc.Content) > 0 && mappingValue(deref(doc.Content[0]), "working_group") != nil {
		return data, nil
	}
	section, err := yaml.Marshal(map[string]WorkingGroup{"working_group": wg})
	if err != nil {
		return nil, err
	}
	return append(append(section, '\n'), data...), nil
}
