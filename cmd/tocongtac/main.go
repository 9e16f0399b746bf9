// Command tocongtac runs the reporting bot of a Project 06 working group and its
// command-line tools.
package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/tocongtac/tocongtac/messages"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// env reads configuration; tests pass their own.
type env func(string) string

// run is main without the process: the end-to-end tests call it too.
func run(ctx context.Context, args []string, getenv env, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "serve":
		err = runServe(ctx, args, getenv, stderr)
	case "demo":
		err = runDemo(ctx, args, getenv, stdin, stdout)
	case "plan":
		err = runPlan(ctx, args, getenv, stdout)
	case "report":
		err = runReport(ctx, args, getenv, stdout)
	case "backup":
		err = runBackup(ctx, args, getenv, stdout)
	case "audit":
		err = runAudit(ctx, args, getenv, stdout)
	case "roster":
		err = runRoster(ctx, args, getenv, stdout)
	case "version":
		_, err = io.WriteString(stdout, "tocongtac "+version+"\n")
	case "help", "-h", "--help":
		_, err = io.WriteString(stdout, messages.CLIUsage)
	default:
		err = usageError{messages.CLIUnknownCommand(cmd)}
	}
	if h, ok := err.(helpShown); ok {
		_, err = io.WriteString(stdout, h.text)
	}
	return exitCode(err, stderr)
}
