package store

import (
	"sync"
	"time"
)

// Clock is a settable clock for DB.Now and the bot (the demo's /gio, the tests). A stopped
// clock stays where it was set; a running one moves at real speed from there, so retries
// and timeouts still come due.
type Clock struct {
	mu      sync.Mutex
	at      time.Time // the time it was set to
	setAt   time.Time // the real time it was set
	running bool
}

// NewClock is a clock at t that runs at real speed.
func NewClock(t time.Time) *Clock { return &Clock{at: t, setAt: time.Now(), running: true} }

// NewStoppedClock is a clock at t that moves only when set.
func NewStoppedClock(t time.Time) *Clock { return &Clock{at: t} }

// Now reads the clock.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.running {
		return c.at
	}
	return c.at.Add(time.Since(c.setAt))
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.at, c.setAt = t, time.Now()
	c.mu.Unlock()
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.at = c.at.Add(d)
	c.mu.Unlock()
}
