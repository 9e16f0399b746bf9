package messages

import (
	"fmt"
	"time"

	"github.com/tocongtac/tocongtac/store"
)

// The words of the command line: plain text, for office staff at a terminal.

// CLIUsage lists the subcommands.
const CLIUsage = `tocongtac — trợ lý báo cáo của Tổ công tác Đề án 06

Cách dùng:
  tocongtac [serve]            chạy bot (cần TELEGRAM_BOT_TOKEN)
  tocongtac demo               chạy thử toàn bộ bot trong cửa sổ dòng lệnh (không cần token)
  tocongtac plan check FILE    kiểm tra tệp kế hoạch
  tocongtac plan export        in kế hoạch đang dùng (YAML)
  tocongtac plan import FILE   thay kế hoạch trong cơ sở dữ liệu
  tocongtac report --cycle week|month|quarter [--at YYYY-MM-DD] --format text|xlsx|csv [--out FILE]
                               tổng hợp một kỳ báo cáo
  tocongtac roster import [--bot TÊN_BOT] [--out LINK.xlsx] FILE
                               nhập danh sách đầu mối (CSV/XLSX), tạo link mời
  tocongtac audit [-n N]       nhật ký thao tác (mời, nhận, rời đơn vị, quản trị)
  tocongtac backup FILE        sao lưu cơ sở dữ liệu khi bot đang chạy
  tocongtac version            phiên bản
`

// CLIBotFatherHint explains how to get a token.
const CLIBotFatherHint = `chưa có TELEGRAM_BOT_TOKEN.
Tạo bot: mở Telegram, nhắn @BotFather lệnh /newbot, đặt tên, rồi chép token nhận được:
  TELEGRAM_BOT_TOKEN=123456:ABC... tocongtac serve
Muốn xem thử không cần token: tocongtac demo`

// CLIHowTo is a subcommand's usage line.
func CLIHowTo(usage string) string { return "cách dùng: tocongtac " + usage }

// CLIUnknownCommand refuses a subcommand.
func CLIUnknownCommand(cmd string) string {
	return fmt.Sprintf("lệnh không rõ: %q\n%s", cmd, CLIUsage)
}

// CLIUnknownPlanCommand refuses a plan subcommand.
func CLIUnknownPlanCommand(sub string) string {
	return fmt.Sprintf("lệnh plan không rõ: %q (check, export, import)", sub)
}

// CLIBadFlag reports a flag the parser refused.
func CLIBadFlag(err error) string { return fmt.Sprintf("tham số không hợp lệ: %v", err) }

// CLIBadLogLevel refuses TOCONGTAC_LOG_LEVEL.
func CLIBadLogLevel(s string) string {
	return fmt.Sprintf("TOCONGTAC_LOG_LEVEL không hợp lệ: %q (dùng debug, info, warn hoặc error)", s)
}

// CLIBadAdminID refuses an entry of TOCONGTAC_ADMINS.
func CLIBadAdminID(s string) string {
	return fmt.Sprintf("TOCONGTAC_ADMINS phải là các id số của Telegram, cách nhau bởi dấu phẩy; %q không phải id số", s)
}

// CLICannotOpenDB reports a database that cannot be opened.
func CLICannotOpenDB(path string, err error) string {
	return fmt.Sprintf("không mở được cơ sở dữ liệu %s: %v", path, err)
}

// CLINoPlan reports a database without a plan.
func CLINoPlan(path string, err error) string {
	return fmt.Sprintf("cơ sở dữ liệu %s chưa có kế hoạch: %v", path, err)
}

// CLICannotRead reports a file that cannot be read.
func CLICannotRead(path string, err error) string {
	return fmt.Sprintf("không đọc được %s: %v", path, err)
}

// CLICannotReadPlan reports a plan file that cannot be read.
func CLICannotReadPlan(path string, err error) string {
	return fmt.Sprintf("không đọc được tệp kế hoạch %s: %v", path, err)
}

// CLIPlanHasProblems introduces the problems of a plan file.
func CLIPlanHasProblems(path string, pe *store.PlanError) string {
	return fmt.Sprintf("%s có lỗi:\n%s", path, PlanProblems(pe))
}

// CLIBadValue refuses a flag's value.
func CLIBadValue(flag, value, usage string) string {
	return fmt.Sprintf("%s %q không hợp lệ; %s", flag, value, CLIHowTo(usage))
}

// CLIExtraArgument refuses an argument nobody asked for.
func CLIExtraArgument(arg string) string { return fmt.Sprintf("thừa tham số %q", arg) }

// CLINeedsOut asks for --out with a binary format.
func CLINeedsOut(format string) string {
	return fmt.Sprintf("định dạng %s cần --out FILE", format)
}

// CLIBadDay refuses a day that is not YYYY-MM-DD.
func CLIBadDay(flag, value string) string {
	return fmt.Sprintf("%s %q: cần dạng YYYY-MM-DD", flag, value)
}

// CLIBackupDone confirms `tocongtac backup`.
func CLIBackupDone(db, file string, took time.Duration) string {
	return fmt.Sprintf("đã sao lưu %s → %s (%v)", db, file, took.Round(time.Millisecond))
}

// PlanImported confirms `tocongtac plan import`.
func PlanImported(p store.Plan) string {
	return fmt.Sprintf("Đã nạp kế hoạch «%s»: %d đơn vị, %d mô hình. Bot đang chạy sẽ dùng kế hoạch mới trong vòng một phút; đầu mối và báo cáo của các đơn vị, mô hình còn trong kế hoạch được giữ nguyên.",
		p.Title, len(p.Units), len(p.Models))
}

// cliFlags describes the command line's flags ("command.flag", or "flag" for the
// configuration shared by every command).
var cliFlags = map[string]string{
	"token":         "token của bot do @BotFather cấp (biến môi trường TELEGRAM_BOT_TOKEN)",
	"api-url":       "máy chủ Bot API (biến môi trường TELEGRAM_API_URL)",
	"db":            "tệp cơ sở dữ liệu SQLite (biến môi trường TOCONGTAC_DB)",
	"plan":          "tệp kế hoạch cho cơ sở dữ liệu mới; mặc định: kế hoạch Ngọc Lặc 2024 có sẵn (biến môi trường TOCONGTAC_PLAN)",
	"admins":        "mã người dùng Telegram của cán bộ Cơ quan thường trực, cách nhau bằng dấu phẩy (biến môi trường TOCONGTAC_ADMINS)",
	"log-level":     "mức ghi nhật ký: debug|info|warn|error (biến môi trường TOCONGTAC_LOG_LEVEL)",
	"audit.n":       "chỉ in N mục cuối (0: tất cả)",
	"report.cycle":  "kỳ báo cáo: week|month|quarter|half-year|year (tuan|thang|quy|6thang|nam)",
	"report.at":     "một ngày trong kỳ, YYYY-MM-DD (mặc định: hôm nay)",
	"report.format": "định dạng: text|xlsx|csv",
	"report.out":    "tệp kết quả (mặc định với text: in ra màn hình)",
	"group":         "mã Tổ công tác (khi cơ sở dữ liệu có nhiều Tổ)",
	"plan.at":       "liệt kê lịch gửi từ thời điểm này, \"yyyy-mm-dd [hh:mm]\" (mặc định: bây giờ)",
	"plan.group":    "mã tổ công tác cần in kế hoạch",
	"plan.out":      "ghi kế hoạch của mỗi tổ công tác vào thư mục này, mỗi tổ một tệp",
	"demo.plan":     "tệp kế hoạch, hoặc thư mục kế hoạch của nhiều Tổ công tác (mặc định: kế hoạch Ngọc Lặc 2024 có sẵn)",
	"demo.db":       "giữ cơ sở dữ liệu trong tệp này (mặc định: một tệp tạm)",
	"demo.script":   "chạy lần lượt các dòng trong tệp này rồi thoát",
	"demo.files":    "thư mục lưu tài liệu và ảnh bot gửi",
	"demo.at":       "giờ bắt đầu của đồng hồ demo, yyyy-mm-dd hh:mm theo múi giờ của kế hoạch",
}

// CLIFlag is the description of a flag ("report.cycle", or "db" for a shared one).
func CLIFlag(key string) string { return cliFlags[key] }

// CLIHelp is what -h prints: how to call the command, then its flags.
func CLIHelp(cmd, flags string) string {
	return "cách dùng: tocongtac " + cmd + " [tham số]\n\nTham số:\n" + flags
}

// CLIBackupFailed says the backup could not be written.
func CLIBackupFailed(file string, err error) string {
	return fmt.Sprintf("không sao lưu được vào %s (chi tiết: %v)", file, err)
}
