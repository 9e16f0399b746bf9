package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

// buildBinary compiles cmd/tocongtac once per test run; every process test shares it.
func buildBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tocongtac-bin")
		if err != nil {
			buildErr = err
			return
		}
		builtBin = filepath.Join(dir, "tocongtac")
		cmd := exec.Command("go", "build", "-o", builtBin, ".")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

// botProcess is the bot binary running as a child; it notices when the bot dies by itself.
type botProcess struct {
	cmd    *exec.Cmd
	log    *os.File
	exited chan struct{}
	err    error
	ending atomic.Bool // set before we signal it
}

func startBotProcess(t *testing.T, bin string, env []string, logPath string, crashed func(error)) *botProcess {
	t.Helper()
	f, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "serve")
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &botProcess{cmd: cmd, log: f, exited: make(chan struct{})}
	go func() {
		c.err = cmd.Wait()
		close(c.exited)
		if !c.ending.Load() {
			crashed(fmt.Errorf("pid %d exited by itself: %v", cmd.Process.Pid, c.err))
		}
	}()
	return c
}

// peakRSS is the process's high-water resident set (VmHWM), in KiB.
func (c *botProcess) peakRSS() int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", c.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return n
		}
	}
	return 0
}

func (c *botProcess) kill9() {
	c.ending.Store(true)
	_ = c.cmd.Process.Signal(syscall.SIGKILL)
	<-c.exited
	c.log.Close()
}

func (c *botProcess) term() error {
	c.ending.Store(true)
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.exited:
	case <-time.After(30 * time.Second):
		c.kill9()
		return errors.New("bot did not stop within 30 s of SIGTERM")
	}
	c.log.Close()
	return c.err
}
