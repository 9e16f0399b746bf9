package store

import (
	"context"
	"database/sql"
	"sync"
	"time"
)

// maxCachedStmts bounds each pool's cache: a query built with a varying number of
// placeholders must not grow it without end. Beyond it, queries are parsed each time.
const maxCachedStmts = 400

// stmtCache keeps each query prepared once per pool: SQLite parsing every statement
// again was a fifth of a status reply's CPU. database/sql prepares a cached statement
// on each connection of the pool the first time a transaction there uses it.
type stmtCache struct {
	pool *sql.DB
	mu   sync.Mutex
	m    map[string]*sql.Stmt
}

func newStmtCache(pool *sql.DB) *stmtCache {
	return &stmtCache{pool: pool, m: map[string]*sql.Stmt{}}
}

func (c *stmtCache) get(q string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[q]
}

// prepare caches the queries a transaction missed. It runs after the transaction ended:
// preparing on the pool takes a connection, and the writer pool has only the one the
// transaction held. A query that fails to prepare (a script, say) is parsed each time.
func (c *stmtCache) prepare(queries []string) {
	for _, q := range queries {
		c.mu.Lock()
		_, have := c.m[q]
		full := len(c.m) >= maxCachedStmts
		c.mu.Unlock()
		if have || full {
			continue
		}
		// Bounded: another transaction may hold the writer for a while; the query is then
		// prepared on a later miss.
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		st, err := c.pool.PrepareContext(ctx, q)
		cancel()
		if err != nil {
			continue
		}
		c.mu.Lock()
		if _, have := c.m[q]; have || len(c.m) >= maxCachedStmts {
			st.Close()
		} else {
			c.m[q] = st
		}
		c.mu.Unlock()
	}
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, st := range c.m {
		st.Close()
		delete(c.m, q)
	}
}
