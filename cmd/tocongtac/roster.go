package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/workgroup"
)

// runRoster is `roster import FILE --bot NAME --out LINKS.xlsx|csv`: the whole roster or
// nothing, and the links for the empty seats in a file to send by other channels.
func runRoster(ctx context.Context, args []string, getenv env, stdout io.Writer) error {
	const usage = "roster import [--group MÃ] [--bot TÊN_BOT] [--out LINK.xlsx|LINK.csv] FILE"
	if len(args) == 0 || args[0] != "import" {
		return usageError{messages.CLIHowTo(usage)}
	}
	var botName, out, group string
	cfg, rest, err := parseConfig("roster import", args[1:], getenv, func(fs *flag.FlagSet) {
		fs.StringVar(&botName, "bot", getenv("TOCONGTAC_BOT_USERNAME"), "the bot's @username, for the links")
		fs.StringVar(&out, "out", "", "where to write the links (.xlsx or .csv; default: beside FILE)")
		fs.StringVar(&group, "group", "", messages.CLIFlag("group"))
	})
	if err != nil {
		return err
	}
	if len(rest) != 1 || strings.TrimPrefix(botName, "@") == "" {
		return usageError{messages.CLIHowTo(usage)}
	}
	botName = strings.TrimPrefix(botName, "@")
	data, err := os.ReadFile(rest[0])
	if err != nil {
		return usageError{messages.CLICannotRead(rest[0], err)}
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if groups, err := db.Groups(ctx); err != nil {
		return err
	} else if len(groups) == 0 {
		if _, err := db.EnsurePlan(ctx, store.DefaultPlanYAML()); err != nil {
			return err
		}
	}
	g, p, err := groupPlan(ctx, db, group)
	if err != nil {
		return usageError{err.Error()}
	}
	rows, probs := workgroup.ParseRoster(data, p)
	if len(probs) > 0 {
		return usageError{messages.RosterProblemsPlain(probs)}
	}
	var ivs []workgroup.IssuedInvite
	if err := db.Update(ctx, func(tx *store.Tx) error {
		ivs, err = workgroup.ImportRoster(ctx, tx.In(g.ID), p, rows, 0, tx.Now())
		return err
	}); err != nil {
		return err
	}
	links := make([]messages.InviteLink, 0, len(ivs))
	n := 0
	for _, iv := range ivs {
		u, _ := p.Unit(iv.Unit)
		l := messages.InviteLink{Invite: iv, Unit: u}
		if iv.Token != "" {
			l.Link, n = "https://t.me/"+botName+"?start="+iv.Token, n+1
		}
		links = append(links, l)
	}
	if out == "" {
		out = strings.TrimSuffix(rest[0], ".xlsx")
		out = strings.TrimSuffix(out, ".csv") + "-link-moi.xlsx"
	}
	var file []byte
	if strings.HasSuffix(strings.ToLower(out), ".csv") {
		file = messages.InviteLinksCSV(links, p.Location())
	} else if file, err = messages.InviteLinksXLSX(links, p.Location()); err != nil {
		return err
	}
	// The links are secrets until used: only the invitee's admin should read the file.
	if err := os.WriteFile(out, file, 0o600); err != nil {
		return err
	}
	_, err = fmt.Fprintln(stdout, messages.RosterImportedCLI(len(rows), n, out))
	return err
}
