package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
)

func runPlan(ctx context.Context, args []string, getenv env, stdout io.Writer) error {
	if len(args) == 0 {
		return usageError{messages.CLIHowTo("plan check FILE | plan export | plan import FILE")}
	}
	sub, args := args[0], args[1:]
	cfg, rest, err := parseConfig("plan "+sub, args, getenv, nil)
	if err != nil {
		return err
	}
	switch sub {
	case "check":
		if len(rest) != 1 {
			return usageError{messages.CLIHowTo("plan check FILE")}
		}
		p, err := readPlan(rest[0])
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, messages.PlanSummary(p))
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
