package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/reminders"
	"github.com/tocongtac/tocongtac/store"
)

const reportUsage = "report [--group MÃ] --cycle week|month|quarter|half-year|year [--at YYYY-MM-DD] --format text|xlsx|csv|docx [--template FILE] --out FILE"

// runReport compiles a cycle from the database, as /tonghop and /xuat do. It only reads
// (in a read transaction), so it is safe beside the running bot: WAL lets both work.
func runReport(ctx context.Context, args []string, getenv env, stdout io.Writer) error {
	var cycle, at, format, out, tmplFile, group string
	cfg, rest, err := parseConfig("report", args, getenv, func(fs *flag.FlagSet) {
		fs.StringVar(&cycle, "cycle", "week", messages.CLIFlag("report.cycle"))
		fs.StringVar(&at, "at", "", messages.CLIFlag("report.at"))
		fs.StringVar(&format, "format", "text", messages.CLIFlag("report.format"))
		fs.StringVar(&tmplFile, "template", "", messages.CLIFlag("report.template"))
		fs.StringVar(&out, "out", "", messages.CLIFlag("report.out"))
		fs.StringVar(&group, "group", "", messages.CLIFlag("group"))
	})
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return usageError{messages.CLIHowTo(reportUsage)}
	}
	kind, ok := reminders.ParseKind(cycle)
	if !ok {
		return usageError{messages.CLIBadValue("--cycle", cycle, reportUsage)}
	}
	if format != "text" && format != "xlsx" && format != "csv" && format != "docx" {
		return usageError{messages.CLIBadValue("--format", format, reportUsage)}
	}
	if format != "text" && out == "" {
		return usageError{messages.CLINeedsOut(format)}
	}
	tmpl, err := reportTemplate(format, tmplFile)
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return usageError{messages.CLICannotOpenDB(cfg.DB, err)}
	}
	defer db.Close()
	g, plan, err := groupPlan(ctx, db, group)
	if errors.Is(err, store.ErrNotFound) {
		return usageError{messages.CLINoPlan(cfg.DB, err)}
	}
	if err != nil {
		return usageError{err.Error()}
	}
	cal, err := reminders.NewCalendar(plan)
	if err != nil {
		return err
	}
	now := time.Now()
	when := now
	if at != "" {
		d, err := time.ParseInLocation(time.DateOnly, at, cal.Location())
		if err != nil {
			return usageError{messages.CLIBadDay("--at", at)}
		}
		when = d.Add(12 * time.Hour)
	}
	cy := reminders.SelectCycle(cal, kind, when, false)
	var rep messages.Report
	err = db.View(ctx, func(tx *store.Tx) error {
		var err error
		if rep, err = reminders.BuildReport(ctx, tx.In(g.ID), plan, cal, cy, now); err != nil {
			return err
		}
		kids, err := childPlans(ctx, db, g)
		if err != nil {
			return err
		}
		return reminders.AddGroups(ctx, tx, &rep, kids, now)
	})
	var data []byte
	if err == nil {
		data, err = messages.RenderWith(rep, format, tmpl)
	}
	if err != nil {
		return fmt.Errorf("tổng hợp %s: %w", cy.ID, err)
	}
	if out == "" || out == "-" {
		_, err = stdout.Write(data)
		return err
	}
	return os.WriteFile(out, data, 0o644)
}

// reportTemplate reads the docx wording: the file given, or the embedded default.
func reportTemplate(format, file string) (messages.ReportTemplate, error) {
	if format != "docx" || file == "" {
		return messages.DefaultReportTemplate(), nil
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return messages.ReportTemplate{}, usageError{err.Error()}
	}
	t, err := messages.ParseReportTemplate(data)
	if err != nil {
		return t, usageError{err.Error()}
	}
	return t, nil
}

// groupPlan is the group a command names (--group), or the database's only group.
func groupPlan(ctx context.Context, db *store.DB, code string) (store.Group, store.Plan, error) {
	groups, err := db.Groups(ctx)
	if err != nil {
		return store.Group{}, store.Plan{}, err
	}
	var g store.Group
	var codes []string
	for _, x := range groups {
		codes = append(codes, x.Code)
	}
	switch {
	case code != "":
		for _, x := range groups {
			if x.Code == strings.ToLower(strings.TrimSpace(code)) {
				g = x
			}
		}
		if g.ID == 0 {
			return g, store.Plan{}, errors.New(messages.CLIUnknownGroup(code, codes))
		}
	case len(groups) == 1:
		g = groups[0]
	case len(groups) == 0:
		return g, store.Plan{}, store.ErrNotFound
	default:
		return g, store.Plan{}, errors.New(messages.CLINeedGroup(codes))
	}
	p, _, _, err := db.LoadGroupPlan(ctx, g.ID)
	return g, p, err
}

// childPlans are the plans of the groups right below g, for its roll-up.
func childPlans(ctx context.Context, db *store.DB, g store.Group) ([]reminders.Current, error) {
	groups, err := db.Groups(ctx)
	if err != nil {
		return nil, err
	}
	var out []reminders.Current
	for _, c := range groups {
		if c.Parent != g.ID {
			continue
		}
		p, _, _, err := db.LoadGroupPlan(ctx, c.ID)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		cal, err := reminders.NewCalendar(p)
		if err != nil {
			return nil, err
		}
		out = append(out, reminders.Current{Group: c, Plan: p, Cal: cal})
	}
	return out, nil
}
