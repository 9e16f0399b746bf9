package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/reminders"
	"github.com/tocongtac/tocongtac/store"
)

const planCheckUsage = `plan check [--at "yyyy-mm-dd hh:mm"] FILE`

func runPlan(ctx context.Context, args []string, getenv env, stdout io.Writer) error {
	if len(args) == 0 {
		return usageError{messages.CLIHowTo("plan check FILE | plan export | plan import FILE")}
	}
	sub, args := args[0], args[1:]
	var at string
	var extra func(fs *flag.FlagSet)
	if sub == "check" {
		extra = func(fs *flag.FlagSet) {
			fs.StringVar(&at, "at", "", `list the scheduled slots after this time, "yyyy-mm-dd [hh:mm]" (default: now)`)
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
		p, err := readPlan(rest[0])
		if err != nil {
			return err
		}
		from := time.Now()
		if at != "" {
			layout := "2006-01-02 15:04"
			if len(at) == len(time.DateOnly) {
				layout = time.DateOnly
			}
			if from, err = time.ParseInLocation(layout, at, p.Location()); err != nil {
				return usageError{messages.CLIBadValue("--at", at, planCheckUsage)}
			}
		}
		next, err := nextSlots(p, from, 10)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, messages.PlanSummary(p))
		fmt.Fprintln(stdout, next)
		return nil
	case "export":
		db, err := openDB(ctx, cfg)
		if err != nil {
			return err
		}
		defer db.Close()
		_, yaml, _, err := db.LoadPlan(ctx)
		if err != nil {
			return err
		}
		_, err = stdout.Write(yaml)
		return err
	case "import":
		if len(rest) != 1 {
			return usageError{messages.CLIHowTo("plan import FILE")}
		}
		data, err := os.ReadFile(rest[0])
		if err != nil {
			return usageError{messages.CLICannotRead(rest[0], err)}
		}
		if _, err := checkPlan(rest[0], data); err != nil {
			return err
		}
		db, err := openDB(ctx, cfg)
		if err != nil {
			return err
		}
		defer db.Close()
		p, err := db.ImportPlan(ctx, data)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, messages.PlanImported(p))
		return nil
	}
	return usageError{messages.CLIUnknownPlanCommand(sub)}
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

func readPlan(path string) (store.Plan, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return store.Plan{}, usageError{messages.CLICannotRead(path, err)}
	}
	return checkPlan(path, data)
}

// checkPlan validates a plan file; every problem is reported with its line.
func checkPlan(path string, data []byte) (store.Plan, error) {
	p, err := store.ParsePlan(data)
	var pe *store.PlanError
	if errors.As(err, &pe) {
		return p, usageError{messages.CLIPlanHasProblems(path, pe)}
	}
	return p, err
}
