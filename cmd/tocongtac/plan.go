package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/reminders"
	"github.com/tocongtac/tocongtac/store"
)

const (
	planCheckUsage  = `plan check [--at "yyyy-mm-dd hh:mm"] FILE|FOLDER`
	planExportUsage = "plan export [--group MÃ] [--out THƯ_MỤC]"
	planImportUsage = "plan import FILE|FOLDER"
)

func runPlan(ctx context.Context, args []string, getenv env, stdout io.Writer) error {
	if len(args) == 0 {
		return usageError{messages.CLIHowTo(planCheckUsage + " | " + planExportUsage + " | " + planImportUsage)}
	}
	sub, args := args[0], args[1:]
	var at, group, out string
	var extra func(fs *flag.FlagSet)
	switch sub {
	case "check":
		extra = func(fs *flag.FlagSet) { fs.StringVar(&at, "at", "", messages.CLIFlag("plan.at")) }
	case "export":
		extra = func(fs *flag.FlagSet) {
			fs.StringVar(&group, "group", "", messages.CLIFlag("plan.group"))
			fs.StringVar(&out, "out", "", messages.CLIFlag("plan.out"))
		}
	}
	cfg, rest, err := parseConfig("plan "+sub, args, getenv, extra)
	if err != nil {
		return err
	}
	switch sub {
	case "check":
		if len(rest) != 1 {
			return usageError{messages.CLIHowTo(planCheckUsage)}
		}
		return planCheck(rest[0], at, stdout)
	case "export":
		if len(rest) != 0 {
			return usageError{messages.CLIHowTo(planExportUsage)}
		}
		db, err := openDB(ctx, cfg)
		if err != nil {
			return err
		}
		defer db.Close()
		return planExport(ctx, db, group, out, stdout)
	case "import":
		if len(rest) != 1 {
			return usageError{messages.CLIHowTo(planImportUsage)}
		}
		set, err := loadPlanSet(rest[0])
		if err != nil {
			return err
		}
		// Not openDB: a new database takes the plans imported, not the embedded default too.
		db, err := store.Open(ctx, cfg.DB)
		if err != nil {
			return usageError{messages.CLICannotOpenDB(cfg.DB, err)}
		}
		defer db.Close()
		return planImport(ctx, db, set, stdout)
	}
	return usageError{messages.CLIUnknownPlanCommand(sub)}
}

// planCheck validates a plan file, or a folder of them and the set they make, and lists
// each group's next ten scheduled slots.
func planCheck(path, at string, stdout io.Writer) error {
	set, err := loadPlanSet(path)
	if err != nil {
		return err
	}
	for i, f := range set {
		from := time.Now()
		if at != "" {
			layout := "2006-01-02 15:04"
			if len(at) == len(time.DateOnly) {
				layout = time.DateOnly
			}
			if from, err = time.ParseInLocation(layout, at, f.Plan.Location()); err != nil {
				return usageError{messages.CLIBadValue("--at", at, planCheckUsage)}
			}
		}
		next, err := nextSlots(f.Plan, from, 10)
		if err != nil {
			return err
		}
		if len(set) == 1 {
			fmt.Fprintln(stdout, messages.PlanSummary(f.Plan))
		} else {
			if i > 0 {
				fmt.Fprintln(stdout)
			}
			fmt.Fprintln(stdout, messages.PlanGroupHeadline(f.Plan))
		}
		fmt.Fprintln(stdout, next)
	}
	if len(set) > 1 {
		fmt.Fprintln(stdout, "\n"+messages.PlanSetChecked(path, len(set)))
	}
	return nil
}

// planImport stores every group's plan of the set; groups the set leaves out stay as
// they are.
func planImport(ctx context.Context, db *store.DB, set store.PlanSet, stdout io.Writer) error {
	if _, err := db.ImportPlans(ctx, set); err != nil {
		return err
	}
	if len(set) == 1 {
		fmt.Fprintln(stdout, messages.PlanImported(set[0].Plan))
		return nil
	}
	for _, f := range set {
		fmt.Fprintln(stdout, messages.PlanGroupImported(f.Plan.WorkingGroup.Code, f.Plan))
	}
	fmt.Fprintln(stdout, messages.PlanSetImported(len(set)))
	return nil
}

// planExport prints one group's plan as stored, or writes every group's to a folder
// that plan import takes back.
func planExport(ctx context.Context, db *store.DB, group, out string, stdout io.Writer) error {
	groups, err := db.Groups(ctx)
	if err != nil {
		return err
	}
	codes := make([]string, len(groups))
	byID := map[int64]store.Group{}
	for i, g := range groups {
		codes[i] = g.Code
		byID[g.ID] = g
	}
	if group != "" {
		_, yaml, err := db.GroupPlan(ctx, group)
		if errors.Is(err, store.ErrNotFound) {
			return usageError{messages.CLIUnknownGroup(group, codes)}
		}
		if err != nil {
			return err
		}
		_, err = stdout.Write(yaml)
		return err
	}
	if out == "" {
		if len(groups) != 1 {
			return usageError{messages.CLIPickGroup(codes)}
		}
		_, yaml, err := db.GroupPlan(ctx, groups[0].Code)
		if err != nil {
			return err
		}
		_, err = stdout.Write(yaml)
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return usageError{messages.CLICannotRead(out, err)}
	}
	for _, g := range groups {
		_, yaml, err := db.GroupPlan(ctx, g.Code)
		if err != nil {
			return err
		}
		// A plan stored without its working_group section (the default group of a
		// database made before groups) gets one, so that the folder imports back.
		wg := store.WorkingGroup{Code: g.Code, Name: g.Name, Parent: byID[g.Parent].Code}
		if yaml, err = store.WithWorkingGroup(yaml, wg); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(out, g.Code+".yaml"), yaml, 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintln(stdout, messages.CLIPlansExported(out, len(groups)))
	return nil
}

// nextSlots lists the plan's next n scheduled slots after now, as serve would run them.
func nextSlots(p store.Plan, now time.Time, n int) (string, error) {
	sched, err := reminders.NewSchedule(p, nil)
	if err != nil {
		return "", err // ParsePlan checks everything the schedule needs; this is a bug
	}
	now = now.In(p.Location())
	var lines []messages.SlotLine
	for _, sl := range sched.Next(now, n) {
		lines = append(lines, messages.SlotLine{At: sl.At, Job: string(sl.Job), Kind: string(sl.Cycle.Kind),
			ID: sl.Cycle.ID, Start: sl.Cycle.Start, End: sl.Cycle.End})
	}
	return messages.PlanNextSlots(now, lines), nil
}

// loadPlanSet reads and checks a plan file or folder; every problem is reported with its
// file and line.
func loadPlanSet(path string) (store.PlanSet, error) {
	set, err := store.LoadPlanSet(path)
	var pe *store.PlanError
	switch {
	case errors.As(err, &pe):
		return nil, usageError{messages.CLIPlanSetHasProblems(pe)}
	case err != nil:
		return nil, usageError{messages.CLICannotRead(path, err)}
	}
	return set, nil
}

// ensurePlans loads a folder of group plans into a database that has no group yet, as
// serve does with a single plan file.
func ensurePlans(ctx context.Context, db *store.DB, folder string) error {
	set, err := loadPlanSet(folder)
	if err != nil {
		return err
	}
	groups, err := db.Groups(ctx)
	if err != nil || len(groups) > 0 {
		return err
	}
	_, err = db.ImportPlans(ctx, set)
	return err
}
