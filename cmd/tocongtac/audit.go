package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
)

// runAudit prints the audit log: invitations, bindings, role changes, admin actions.
func runAudit(ctx context.Context, args []string, getenv env, stdout io.Writer) error {
	var limit int
	cfg, rest, err := parseConfig("audit", args, getenv, func(fs *flag.FlagSet) {
		fs.IntVar(&limit, "n", 0, messages.CLIFlag("audit.n"))
	})
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return usageError{messages.CLIHowTo("audit [-n SỐ_MỤC]")}
	}
	db, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return usageError{messages.CLICannotOpenDB(cfg.DB, err)}
	}
	defer db.Close()
	p := store.DefaultPlan()
	if stored, _, _, err := db.LoadPlan(ctx); err == nil {
		p = stored
	}
	loc := p.Location()
	groups, err := db.Groups(ctx)
	if err != nil {
		return err
	}
	printed := 0
	for _, g := range groups {
		var entries []store.AuditEntry
		if err := db.View(ctx, func(tx *store.Tx) error {
			entries, err = tx.In(g.ID).AuditLog(ctx, limit)
			return err
		}); err != nil {
			return err
		}
		if len(entries) > 0 && len(groups) > 1 {
			if _, err := fmt.Fprintln(stdout, messages.CLIGroupHeading(g.Code, g.Name)); err != nil {
				return err
			}
		}
		for _, e := range entries {
			if _, err := fmt.Fprintln(stdout, messages.AuditLine(e, loc)); err != nil {
				return err
			}
		}
		printed += len(entries)
	}
	if printed == 0 {
		_, err := fmt.Fprintln(stdout, messages.AuditEmpty())
		return err
	}
	return nil
}
