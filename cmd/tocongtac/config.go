package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/rs/zerolog"
	"github.com/tocongtac/tocongtac/messages"
)

// config is the operator's configuration: each field is an env var with a matching flag.
type config struct {
	Token    string // secret: never logged or printed
	APIURL   string
	DB       string
	Admins   []int64
	Plan     string
	LogLevel zerolog.Level
	Now      func() time.Time // database clock; nil: time.Now (the demo sets its own before the plan is installed)
}

// usageError exits with code 2: the operator must change something.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// helpShown is -h: the usage text, printed to standard output with exit code 0.
type helpShown struct{ text string }

func (h helpShown) Error() string { return h.text }

// flagDefaults lists a flag set's flags as -h shows them.
func flagDefaults(fs *flag.FlagSet) string {
	var b strings.Builder
	fs.VisitAll(func(f *flag.Flag) {
		fmt.Fprintf(&b, "  -%s\n    \t%s", f.Name, f.Usage)
		if f.DefValue != "" {
			fmt.Fprintf(&b, " (mặc định: %s)", f.DefValue)
		}
		b.WriteString("\n")
	})
	return b.String()
}

func usageErrorf(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	fmt.Fprintln(stderr, "tocongtac:", err)
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

// flags registers the shared configuration flags, defaulting to the environment.
func (c *config) flags(fs *flag.FlagSet, getenv env) (admins, level *string) {
	def := func(key, fallback string) string {
		if v := getenv(key); v != "" {
			return v
		}
		return fallback
	}
	fs.StringVar(&c.Token, "token", getenv("TELEGRAM_BOT_TOKEN"), messages.CLIFlag("token"))
	fs.StringVar(&c.APIURL, "api-url", def("TELEGRAM_API_URL", "https://api.telegram.org"), messages.CLIFlag("api-url"))
	fs.StringVar(&c.DB, "db", def("TOCONGTAC_DB", "tocongtac.db"), messages.CLIFlag("db"))
	fs.StringVar(&c.Plan, "plan", getenv("TOCONGTAC_PLAN"), messages.CLIFlag("plan"))
	admins = fs.String("admins", getenv("TOCONGTAC_ADMINS"), messages.CLIFlag("admins"))
	level = fs.String("log-level", def("TOCONGTAC_LOG_LEVEL", "info"), messages.CLIFlag("log-level"))
	return admins, level
}

// parse reads flags over the environment and validates every value.
func parseConfig(name string, args []string, getenv env, extra func(fs *flag.FlagSet)) (config, []string, error) {
	var c config
	fs := flag.NewFlagSet("tocongtac "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	admins, level := c.flags(fs, getenv)
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return c, nil, helpShown{messages.CLIHelp(name, flagDefaults(fs))}
		}
		return c, nil, usageError{messages.CLIBadFlag(err)}
	}
	lv, err := parseLevel(*level)
	if err != nil {
		return c, nil, err
	}
	c.LogLevel = lv
	if c.Admins, err = parseAdmins(*admins); err != nil {
		return c, nil, err
	}
	c.APIURL = strings.TrimRight(c.APIURL, "/")
	return c, fs.Args(), nil
}

func parseLevel(s string) (zerolog.Level, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "debug":
		return zerolog.DebugLevel, nil
	case "info", "":
		return zerolog.InfoLevel, nil
	case "warn", "warning":
		return zerolog.WarnLevel, nil
	case "error":
		return zerolog.ErrorLevel, nil
	}
	return 0, usageError{messages.CLIBadLogLevel(s)}
}

func parseAdmins(s string) ([]int64, error) {
	var ids []int64
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil || id <= 0 {
			return nil, usageError{messages.CLIBadAdminID(f)}
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// newLogger writes JSON, or human-readable lines when stderr is a terminal.
func newLogger(w io.Writer, level zerolog.Level) zerolog.Logger {
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			w = zerolog.ConsoleWriter{Out: f, TimeFormat: "15:04:05"}
		}
	}
	return zerolog.New(w).Level(level).With().Timestamp().Logger()
}
