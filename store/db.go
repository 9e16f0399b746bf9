package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver (pure Go)
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// ErrNotFound is returned when a looked-up row does not exist.
var ErrNotFound = errors.New("not found")

// DB is the bot's SQLite database: one writer connection (so writes never race for the
// lock) and a small pool of read-only connections that WAL lets run beside it.
type DB struct {
	path   string
	w      *sql.DB
	r      *sql.DB
	wStmts *stmtCache
	rStmts *stmtCache

	syncMu   sync.Mutex    // one fsync of the log at a time
	lazy     atomic.Uint64 // commits made without waiting for the disk
	lazySync atomic.Uint64 // how many of them an fsync has covered
	told     atomic.Uint64 // lazy commits through the last that is not bookkeeping

	// Now is the clock every transaction reads once; tests and the demo replace it.
	Now func() time.Time

	// only is the database's group while it has exactly one, 0 otherwise: transactions
	// start in it, so a single-group deployment never names its group. With several,
	// every transaction must choose one (Tx.In) before touching a group's rows.
	only atomic.Int64
}

// dsn puts the pragmas in the connection string so every pooled connection gets them:
// pragmas run with Exec would reach only one connection. The writer commits without an
// fsync of its own (synchronous NORMAL): Update syncs the log after its commit, and
// UpdateLazy lets several commits share one fsync (Sync).
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(wal)")
	q.Add("_pragma", "synchronous(normal)")
	q.Add("_pragma", "foreign_keys(1)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		// A read-then-write transaction that starts deferred fails with SQLITE_BUSY_SNAPSHOT
		// when another connection wrote in between; IMMEDIATE takes the write lock first.
		q.Set("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode()
}

// Open opens (creating if needed) the database at path and applies pending migrations.
func Open(ctx context.Context, path string) (*DB, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("create db dir: %w", err)
		}
	}
	if err := makePrivate(path); err != nil {
		return nil, fmt.Errorf("open db: %w", err)
	}
	w, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("open db: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	db := &DB{path: path, w: w, Now: time.Now}
	var mode string
	if err := w.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		w.Close()
		return nil, fmt.Errorf("open db %s: %w", path, err)
	}
	if !strings.EqualFold(mode, "wal") {
		w.Close()
		return nil, fmt.Errorf("open db %s: journal mode is %q, want wal", path, mode)
	}
	// Migrations read and write most pages of a new database once; in SQLite's default
	// 2 MiB page cache they would stay in memory in a bot that then mostly idles.
	if _, err := w.ExecContext(ctx, `PRAGMA cache_size = -128`); err != nil {
		w.Close()
		return nil, fmt.Errorf("open db %s: %w", path, err)
	}
	if err := db.migrate(ctx); err != nil {
		w.Close()
		return nil, err
	}
	if _, err := w.ExecContext(ctx, `PRAGMA cache_size = -2000`); err != nil {
		w.Close()
		return nil, fmt.Errorf("open db %s: %w", path, err)
	}
	if err := db.findOnlyGroup(ctx); err != nil {
		w.Close()
		return nil, err
	}
	r, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open db: %w", err)
	}
	r.SetMaxOpenConns(4)
	db.r = r
	db.wStmts, db.rStmts = newStmtCache(w), newStmtCache(r) // not for migrations, run once
	return db, nil
}

// CacheStatements turns the statement cache on or off (it starts on). A bot starting on a
// new database imports its plan with a few hundred inserts of a dozen kinds that never
// run again: prepared, they would stay in the memory of a bot that then mostly idles.
func (db *DB) CacheStatements(on bool) {
	db.wStmts.off.Store(!on)
	db.rStmts.off.Store(!on)
}

// Close closes both pools.
func (db *DB) Close() error {
	db.wStmts.close()
	db.rStmts.close()
	return errors.Join(db.r.Close(), db.w.Close())
}

// Path is the database file.
func (db *DB) Path() string { return db.path }

// Tx is a transaction with the time it started, so every row it writes agrees on "now".
// Its methods are the only way to the database: the *sql.Tx stays inside the package.
type Tx struct {
	sql   *sql.Tx
	now   time.Time
	group int64      // the working group its group-owned reads and writes belong to
	stmts *stmtCache // prepared statements, shared by the copies In makes
	memo  *txMemo    // shared by the copies In makes too
}

// Now is the transaction's clock reading.
func (tx *Tx) Now() time.Time { return tx.now }

// In is the same transaction working in group id: every group-owned row it reads or
// writes is that group's.
func (tx *Tx) In(id int64) *Tx {
	c := *tx
	c.group = id
	return &c
}

// Group is the group the transaction works in, 0 when none was chosen.
func (tx *Tx) Group() int64 { return tx.group }

// g is the group for a group-owned query. Reaching one without a group is a bug that
// would mix groups' data, so it stops the handler (which rolls back) instead.
func (tx *Tx) g() int64 {
	if tx.group == 0 {
		panic("store: a working group's rows touched outside any group (Tx.In missing)")
	}
	return tx.group
}

func (tx *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	tx.memo.forget(q)
	if st := tx.stmt(ctx, q); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return tx.sql.ExecContext(ctx, q, args...)
}

func (tx *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	tx.memo.forget(q)
	if st := tx.stmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return tx.sql.QueryContext(ctx, q, args...)
}

func (tx *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	tx.memo.forget(q)
	if st := tx.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return tx.sql.QueryRowContext(ctx, q, args...)
}

// stmt is q's cached statement bound to the transaction, or nil when q is not cached
// yet (its cache prepares it meanwhile).
func (tx *Tx) stmt(ctx context.Context, q string) *sql.Stmt {
	st := tx.stmts.get(q)
	if st == nil {
		return nil
	}
	return tx.sql.StmtContext(ctx, st)
}

// Update runs fn in a write transaction and commits it if fn returns nil. The commit is
// on disk when Update returns.
func (db *DB) Update(ctx context.Context, fn func(tx *Tx) error) error {
	if err := db.run(ctx, db.w, false, fn); err != nil {
		return err
	}
	return db.syncLog()
}

// UpdateLazy is Update without waiting for the disk: the commit survives a crash of the
// process, and reaches the disk with the next Update or Sync. A power cut can lose the
// commits since then, so whatever a lazy commit tells the outside world must not be
// acknowledged before a Sync.
func (db *DB) UpdateLazy(ctx context.Context, fn func(tx *Tx) error) error {
	if err := db.UpdateBookkeeping(ctx, fn); err != nil {
		return err
	}
	// Through its own commit at least (a later one may have counted already).
	n := db.lazy.Load()
	for told := db.told.Load(); told < n && !db.told.CompareAndSwap(told, n); told = db.told.Load() {
	}
	return nil
}

// UpdateBookkeeping is UpdateLazy for commits nobody is told of (the sender marking its
// messages sending or sent): messages need not wait for them to reach the disk.
func (db *DB) UpdateBookkeeping(ctx context.Context, fn func(tx *Tx) error) error {
	if err := db.run(ctx, db.w, false, fn); err != nil {
		return err
	}
	db.lazy.Add(1)
	return nil
}

// Sync puts every commit made so far on disk: one fsync for all the lazy commits since
// the last one, none when there were none.
func (db *DB) Sync() error {
	if db.lazy.Load() == db.lazySync.Load() {
		return nil
	}
	return db.syncLog()
}

// Told counts the lazy commits through the last one whose effects may be told of (every
// commit but bookkeeping); one that has returned is counted. SyncThrough takes it.
func (db *DB) Told() uint64 { return db.told.Load() }

// SyncThrough puts the first seq lazy commits on disk, unless an fsync already did: a
// message that tells what a lazy commit did waits for it before it goes out. Several
// waiting together share one fsync, usually the one the poll loop has started already.
func (db *DB) SyncThrough(seq uint64) error {
	if db.lazySync.Load() >= seq {
		return nil
	}
	db.syncMu.Lock()
	synced := db.lazySync.Load() >= seq
	db.syncMu.Unlock()
	if synced {
		return nil
	}
	return db.syncLog()
}

// syncLog fsyncs the write-ahead log, where every commit lives until a checkpoint (which
// syncs the database file itself). The file is opened by name each time: SQLite may
// remove and recreate it when its last connection closes.
func (db *DB) syncLog() error {
	db.syncMu.Lock()
	defer db.syncMu.Unlock()
	covered := db.lazy.Load()
	if err := fsyncFile(db.path + "-wal"); err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	if covered > db.lazySync.Load() {
		db.lazySync.Store(covered)
	}
	return nil
}

func fsyncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if errors.Is(err, os.ErrNotExist) {
		return nil // checkpointed into the database file and removed: already synced
	}
	if err != nil {
		return err
	}
	return errors.Join(syncData(f), f.Close())
}

// View runs fn in a read-only transaction on its own snapshot.
func (db *DB) View(ctx context.Context, fn func(tx *Tx) error) error {
	return db.run(ctx, db.r, true, fn)
}

func (db *DB) run(ctx context.Context, pool *sql.DB, readOnly bool, fn func(tx *Tx) error) error {
	stmts := db.wStmts
	if readOnly {
		stmts = db.rStmts
	}
	stx, err := pool.BeginTx(ctx, &sql.TxOptions{ReadOnly: readOnly})
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	tx := &Tx{sql: stx, now: db.Now(), group: db.only.Load(), stmts: stmts, memo: &txMemo{}}
	defer stx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := stx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// migrate applies each embedded migration not yet recorded, each in its own transaction.
func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		name TEXT PRIMARY KEY,
		applied_at INTEGER NOT NULL
	) STRICT`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	names, err := migrationFiles.ReadDir("migrations")
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	sort.Slice(names, func(i, j int) bool { return names[i].Name() < names[j].Name() })
	for _, e := range names {
		name := e.Name()
		body, err := migrationFiles.ReadFile("migrations/" + name)
		if err != nil {
			return fmt.Errorf("migrate %s: %w", name, err)
		}
		err = db.Update(ctx, func(tx *Tx) error {
			var n int
			if err := tx.queryRow(ctx, `SELECT count(*) FROM schema_migrations WHERE name = ?`, name).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.exec(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.exec(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`, name, tx.now.Unix())
			return err
		})
		if err != nil {
			return fmt.Errorf("migrate %s: %w", name, err)
		}
	}
	return nil
}

// SchemaVersion is the name of the last applied migration.
func (db *DB) SchemaVersion(ctx context.Context) (string, error) {
	var name string
	err := db.r.QueryRowContext(ctx, `SELECT coalesce(max(name), '') FROM schema_migrations`).Scan(&name)
	return name, err
}

// Backup writes a consistent copy of the live database to path (which must not exist),
// using VACUUM INTO so it is safe while the bot writes.
func (db *DB) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s already exists", path)
	}
	// Not on the read pool: query_only(1) refuses VACUUM INTO ("attempt to write a readonly
	// database"). Not on the writer either, which it would hold for the whole copy. A
	// connection of its own reads one WAL snapshot beside the bot's writes.
	c, err := sql.Open("sqlite", dsn(db.path, false))
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer c.Close()
	c.SetMaxOpenConns(1)
	// The copy is synced before VACUUM INTO returns only under synchronous FULL.
	if _, err := c.ExecContext(ctx, `PRAGMA synchronous = FULL`); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	// VACUUM INTO accepts an empty file: created 0600 first, the copy is never readable by
	// other local users, not even for a moment.
	if err := makePrivate(path); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := c.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		os.Remove(path)
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// IntegrityCheck runs PRAGMA integrity_check and returns its first line ("ok" when sound).
func (db *DB) IntegrityCheck(ctx context.Context) (string, error) {
	var res string
	err := db.r.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res)
	return res, err
}

func unix(t time.Time) int64 { return t.Unix() }

func fromUnix(s int64) time.Time {
	if s == 0 {
		return time.Time{}
	}
	return time.Unix(s, 0)
}

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}
