package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tocongtac/tocongtac/bot/telegramtest"
)

// BenchmarkStartup starts the built binary on a new database (migrations and the
// embedded plan included) and times it to its first getUpdates; the last run also
// reports the resident memory after five idle seconds. Its baseline is the same binary
// printing its version, measured in the same run.
func BenchmarkStartup(b *testing.B) {
	bin := buildBinary(b)
	var rss int
	b.Run("version", func(b *testing.B) {
		for b.Loop() {
			if out, err := exec.Command(bin, "version").CombinedOutput(); err != nil {
				b.Fatalf("%v: %s", err, out)
			}
		}
	})
	b.Run("serve-to-first-poll", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			tg := telegramtest.New()
			cmd := exec.Command(bin, "serve")
			cmd.Env = append(os.Environ(), "TELEGRAM_BOT_TOKEN="+tg.Token(), "TELEGRAM_API_URL="+tg.URL(),
				"TOCONGTAC_DB="+filepath.Join(b.TempDir(), "s.db"), "TOCONGTAC_LOG_LEVEL=warn")
			b.StartTimer()
			if err := cmd.Start(); err != nil {
				b.Fatal(err)
			}
			for tg.GetUpdatesCalls() == 0 {
				time.Sleep(200 * time.Microsecond)
			}
			b.StopTimer()
			time.Sleep(5 * time.Second)
			rss = vmRSS(cmd.Process.Pid)
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			tg.Close()
			b.StartTimer()
		}
		b.ReportMetric(float64(rss), "idle-RSS-KiB")
	})
}

func vmRSS(pid int) int {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return n
		}
	}
	return 0
}
