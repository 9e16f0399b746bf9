package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// PlanFile is one working group's plan in a set: the file it came from, the plan, and
// its YAML as written (stored as is, comments and all).
type PlanFile struct {
	Path string
	Plan Plan
	YAML []byte
}

// PlanSet is the plans of a province and its communes, one group per file, parents
// before children: roots first, then each level by group code. Every Plan.WorkingGroup
// is set (a single file without the section is the group "default").
type PlanSet []PlanFile

// LoadPlanSet reads a plan file (one group, as before groups) or a folder whose every
// *.yaml file is one group's plan. Problems of every file and of the set come in one
// *PlanError, each naming its file; an unreadable path is a plain error.
func LoadPlanSet(path string) (PlanSet, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		return parsePlanSet(map[string][]byte{path: data}, false)
	}
	names, err := filepath.Glob(filepath.Join(path, "*.yaml"))
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for _, name := range names {
		if files[name], err = os.ReadFile(name); err != nil {
			return nil, err
		}
	}
	if len(files) == 0 {
		return nil, &PlanError{Problems: []Problem{{File: path, Kind: ProblemNoPlans}}}
	}
	return parsePlanSet(files, true)
}

// ParsePlanSet checks plan files given by name: each file on its own, then the set: no
// group code twice, every parent a group of the set, no cycle. A set of one file is a
// single plan file, whose working_group section is optional and whose parent may be a
// group already in the database; in a set of several, every file names its group.
func ParsePlanSet(files map[string][]byte) (PlanSet, error) {
	if len(files) == 0 {
		return nil, &PlanError{Problems: []Problem{{Kind: ProblemNoPlans}}}
	}
	return parsePlanSet(files, len(files) > 1)
}

// groupLines are the lines of a plan's working_group code and parent, for set problems.
type groupLines struct{ code, parent int }

func parsePlanSet(files map[string][]byte, folder bool) (PlanSet, error) {
	paths := make([]string, 0, len(files))
	for path := range files {
		paths = append(paths, path)
	}
	sort.Strings(paths)

	var problems []Problem
	var set PlanSet
	lines := map[string]groupLines{} // path → lines
	for _, path := range paths {
		p, err := ParsePlan(files[path])
		var pe *PlanError
		if errors.As(err, &pe) {
			for _, pr := range pe.Problems {
				pr.File = path
				problems = append(problems, pr)
			}
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if p.WorkingGroup.Code == "" {
			if folder {
				problems = append(problems, Problem{File: path, Kind: ProblemMissing, Subject: "working_group", Reason: ReasonGroupInFolder})
				continue
			}
			p.WorkingGroup = p.GroupOrDefault()
		}
		lines[path] = workingGroupLines(files[path])
		set = append(set, PlanFile{Path: path, Plan: p, YAML: files[path]})
	}
	if len(problems) == 0 {
		problems = set.check(lines, folder)
	}
	if len(problems) > 0 {
		sort.SliceStable(problems, func(i, j int) bool {
			if problems[i].File != problems[j].File {
				return problems[i].File < problems[j].File
			}
			return problems[i].Line < problems[j].Line
		})
		return nil, &PlanError{Problems: problems}
	}
	set.sort()
	return set, nil
}

// check finds the set's own problems: a group code twice, a parent that is not in the
// set (in a folder; a single file's parent may already be in the database), a cycle.
func (set PlanSet) check(lines map[string]groupLines, folder bool) []Problem {
	var problems []Problem
	byCode := map[string]PlanFile{}
	for _, f := range set {
		code := f.Plan.WorkingGroup.Code
		if first, dup := byCode[code]; dup {
			problems = append(problems, Problem{File: f.Path, Line: lines[f.Path].code, Kind: ProblemDuplicateGroup,
				Subject: "working_group.code", Detail: code, PrevFile: first.Path, PrevLine: lines[first.Path].code})
			continue
		}
		byCode[code] = f
	}
	if len(problems) > 0 {
		return problems // parents and cycles are unclear while a code means two groups
	}
	for _, f := range set {
		wg := f.Plan.WorkingGroup
		if _, known := byCode[wg.Parent]; wg.Parent != "" && !known && folder {
			problems = append(problems, Problem{File: f.Path, Line: lines[f.Path].parent, Kind: ProblemUnknownGroup,
				Subject: "working_group.parent", Detail: wg.Parent})
		}
	}
	// A cycle is reported once, at the file of its smallest code; a group that is its own
	// parent was reported by the file's own check.
	for _, f := range set {
		start := f.Plan.WorkingGroup.Code
		chain := []string{start}
		code := f.Plan.WorkingGroup.Parent
		for code != "" && code != start && len(chain) <= len(set) {
			chain = append(chain, code)
			code = byCode[code].Plan.WorkingGroup.Parent
		}
		if code == start && len(chain) > 1 && start == minString(chain) {
			problems = append(problems, Problem{File: f.Path, Line: lines[f.Path].parent, Kind: ProblemGroupCycle,
				Subject: "working_group.parent", Detail: strings.Join(append(chain, start), " → ")})
		}
	}
	return problems
}

func minString(ss []string) string {
	m := ss[0]
	for _, s := range ss[1:] {
		m = min(m, s)
	}
	return m
}

// sort puts parents before children: roots first, then each level by code. It runs on a
// checked set, so every chain of parents ends.
func (set PlanSet) sort() {
	parent := map[string]string{}
	for _, f := range set {
		parent[f.Plan.WorkingGroup.Code] = f.Plan.WorkingGroup.Parent
	}
	depth := func(code string) int {
		d := 0
		for p, ok := parent[code]; ok && p != ""; p, ok = parent[p] {
			d++
		}
		return d
	}
	sort.SliceStable(set, func(i, j int) bool {
		a, b := set[i].Plan.WorkingGroup.Code, set[j].Plan.WorkingGroup.Code
		if da, db := depth(a), depth(b); da != db {
			return da < db
		}
		return a < b
	})
}

// workingGroupLines finds the lines of working_group.code and .parent in a plan that
// parsed, so that set problems point at them.
func workingGroupLines(data []byte) groupLines {
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return groupLines{}
	}
	wg := deref(mappingValue(deref(doc.Content[0]), "working_group"))
	var l groupLines
	if wg == nil {
		return l
	}
	l.code, l.parent = wg.Line, wg.Line
	if n := mappingValue(wg, "code"); n != nil {
		l.code = n.Line
	}
	if n := mappingValue(wg, "parent"); n != nil {
		l.parent = n.Line
	}
	return l
}
