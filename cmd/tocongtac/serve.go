package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sync"
	"time"

	"github.com/tocongtac/tocongtac/bot"
	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
)

func runServe(ctx context.Context, args []string, getenv env, stderr io.Writer) error {
	cfg, _, err := parseConfig("serve", args, getenv, nil)
	if err != nil {
		return err
	}
	if cfg.Token == "" {
		return usageError{messages.CLIBotFatherHint}
	}
	log := newLogger(stderr, cfg.LogLevel)
	endStartup := startupGC()
	defer endStartup() // when start-up fails
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	b, err := bot.New(ctx, bot.Config{
		Token:  cfg.Token,
		APIURL: cfg.APIURL,
		Admins: cfg.Admins,
		Log:    log,
	}, db)
	if err != nil {
		return err
	}
	log.Info().Str("bot", "@"+b.Username()).Int("admins", len(cfg.Admins)).Str("db", cfg.DB).Msg("serving")
	db.CacheStatements(true)
	endStartup()
	err = b.Run(ctx)
	log.Info().Msg("stopped")
	return err
}

// openDB opens the database and gives a new one its plan: the configured file or the
// embedded default.
func openDB(ctx context.Context, cfg config) (*store.DB, error) {
	db, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return nil, usageError{messages.CLICannotOpenDB(cfg.DB, err)}
	}
	db.CacheStatements(false) // serve turns it on once started: see CacheStatements
	if cfg.Now != nil {
		db.Now = cfg.Now
	}
	if info, err := os.Stat(cfg.Plan); err == nil && info.IsDir() {
		if err := ensurePlans(ctx, db, cfg.Plan); err != nil {
			db.Close()
			return nil, err
		}
		return db, nil
	}
	yaml := store.DefaultPlanYAML()
	if cfg.Plan != "" {
		if yaml, err = os.ReadFile(cfg.Plan); err != nil {
			db.Close()
			return nil, usageError{messages.CLICannotReadPlan(cfg.Plan, err)}
		}
	}
	if _, err := db.EnsurePlan(ctx, yaml); err != nil {
		db.Close()
		var pe *store.PlanError
		if errors.As(err, &pe) {
			return nil, usageError{messages.CLIPlanHasProblems(cfg.Plan, pe)}
		}
		return nil, fmt.Errorf("nạp kế hoạch: %w", err)
	}
	return db, nil
}

func runBackup(ctx context.Context, args []string, getenv env, stdout io.Writer) error {
	cfg, rest, err := parseConfig("backup", args, getenv, nil)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{messages.CLIHowTo("backup FILE")}
	}
	db, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return usageError{messages.CLICannotOpenDB(cfg.DB, err)}
	}
	defer db.Close()
	start := time.Now()
	if err := db.Backup(ctx, rest[0]); err != nil {
		return errors.New(messages.CLIBackupFailed(rest[0], err))
	}
	fmt.Fprintln(stdout, messages.CLIBackupDone(cfg.DB, rest[0], time.Since(start)))
	return nil
}

// startupGC holds the collector off while the bot starts (migrations, the plan, GetMe),
// under a memory limit in case start-up ever needs more, and returns the func that ends
// start-up (once; later calls do nothing). Collected once at the end, start-up garbage
// leaves whole spans free, which go back to the system, instead of sharing spans with
// what stays: about 0.5 MiB less resident memory. A bot mostly idles, and idle memory
// is what a small shared server feels.
func startupGC() (end func()) {
	percent := debug.SetGCPercent(-1)
	limit := debug.SetMemoryLimit(startupMemoryLimit)
	return sync.OnceFunc(func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
		debug.FreeOSMemory()
	})
}

// startupMemoryLimit bounds the heap while start-up runs without collections (it
// allocates about 5 MiB on a new database).
const startupMemoryLimit = 64 << 20
