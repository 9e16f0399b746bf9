// Command tocongtac runs the reporting bot of a Project 06 working group and its
// command-line tools.
package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"
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
	case "version":
		_, err = io.WriteString(stdout, "tocongtac "+version+"\n")
	case "help", "-h", "--help":
		_, err = io.WriteString(stdout, usage)
	default:
		err = usageErrorf("lệnh không rõ: %q\n%s", cmd, usage)
	}
	return exitCode(err, stderr)
}

const usage = `tocongtac — trợ lý báo cáo của Tổ công tác Đề án 06

Cách dùng:
  tocongtac [serve]            chạy bot (cần TELEGRAM_BOT_TOKEN)
  tocongtac demo               thử toàn bộ bot trong máy, không cần token (--script, --plan, --db, --files, --at)
  tocongtac plan check FILE    kiểm tra tệp kế hoạch
  tocongtac plan export        in kế hoạch đang dùng (YAML)
  tocongtac plan import FILE   thay kế hoạch trong cơ sở dữ liệu
  tocongtac report --cycle week|month|quarter [--at YYYY-MM-DD] --format text|xlsx|csv [--out FILE]
                               bảng tổng hợp một kỳ báo cáo
  tocongtac backup FILE        sao lưu cơ sở dữ liệu khi bot đang chạy
  tocongtac audit [-n SỐ]      nhật ký mời, nhận vai trò, thay đổi quyền
  tocongtac version            phiên bản
`
