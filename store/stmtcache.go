package store

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
)

// maxCachedStmts bounds each pool's cache: a query built with a varying number of
// placeholders must not grow it without end. Beyond it, queries are parsed each time.
const maxCachedStmts = 400

// stmtCache keeps each query prepared once per pool: SQLite parsing every statement
// again was a fifth of a status reply's CPU. database/sql prepares a cached statement
// on each connection of the pool the first time a transaction there uses it.
//
// A query a transaction misses is prepared by the cache's own goroutine, never by the
// transaction's caller: preparing takes a connection, and the writer pool's only one
// may be held by the sender for a while (the soak test saw the poll loop stall).
type stmtCache struct {
	pool *sql.DB
	work chan string
	done chan struct{}

	mu     sync.Mutex
	m      map[string]*sql.Stmt
	queued map[string]bool
	seen   map[string]bool // missed once: prepared at the second miss
	closed bool
	off    atomic.Bool // start-up: its queries run once, or in a loop that ends
}

func newStmtCache(pool *sql.DB) *stmtCache {
	c := &stmtCache{pool: pool, work: make(chan string, 64), done: make(chan struct{}),
		m: map[string]*sql.Stmt{}, queued: map[string]bool{}, seen: map[string]bool{}}
	go c.run()
	return c
}

// get is q's prepared statement, or nil: then q is queued to be prepared if it was
// missed before. A query run once (start-up's, a migration check's) is not worth the
// memory a prepared statement keeps on each connection of an idling bot.
func (c *stmtCache) get(q string) *sql.Stmt {
	if c == nil || c.off.Load() {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if st := c.m[q]; st != nil {
		return st
	}
	if c.closed || c.queued[q] || len(c.m)+len(c.queued) >= maxCachedStmts {
		return nil
	}
	if !c.seen[q] {
		if len(c.seen) >= 2*maxCachedStmts {
			clear(c.seen)
		}
		c.seen[q] = true
		return nil
	}
	select {
	case c.work <- q:
		c.queued[q] = true
	default: // busy: a later miss asks again
	}
	return nil
}

// run prepares the queued queries one at a time. A query that fails to prepare (a
// script, say) is dropped; it is parsed each time it runs.
func (c *stmtCache) run() {
	defer close(c.done)
	for q := range c.work {
		st, err := c.pool.PrepareContext(context.Background(), q)
		c.mu.Lock()
		delete(c.queued, q)
		switch {
		case err != nil:
		case c.closed:
			st.Close()
		default:
			c.m[q] = st
		}
		c.mu.Unlock()
	}
}

func (c *stmtCache) close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	c.closed = true
	close(c.work)
	c.mu.Unlock()
	<-c.done
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, st := range c.m {
		st.Close()
		delete(c.m, q)
	}
}
