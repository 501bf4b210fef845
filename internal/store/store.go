// Package store keeps AppenCorrect's state: API keys, usage records,
// feedback, custom instructions, local accounts, sessions and settings.
//
// Two backends share one implementation over database/sql: SQLite (pure Go,
// modernc.org/sqlite) for one process on one machine, and PostgreSQL
// (jackc/pgx) for several replicas. Queries are written once with "?"
// placeholders and rewritten for PostgreSQL; timestamps are stored as Unix
// milliseconds so both backends compare and group them the same way.
// Versioned migrations are applied by Open.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	_ "modernc.org/sqlite"             // registers the "sqlite" database/sql driver
)

// Kind names a backend.
type Kind string

// The backends.
const (
	SQLite   Kind = "sqlite"
	Postgres Kind = "postgres"
)

// ErrNotFound is returned when a looked-up row does not exist.
var ErrNotFound = errors.New("not found")

// ErrExists is returned when a row with the same unique name exists.
var ErrExists = errors.New("already exists")

// Options select and tune a backend.
type Options struct {
	// URL, when set, is a PostgreSQL connection string (postgres://...) and
	// selects PostgreSQL.
	URL string
	// Path is the SQLite database file used when URL is empty. Its
	// directory is created when missing.
	Path string
	// Exclusive makes an SQLite store take an exclusive lock on a file
	// beside the database, so that a second server process on the same
	// file fails at start instead of sharing it (several replicas need
	// PostgreSQL). Short-lived tools (keys, accounts) leave it false.
	Exclusive bool
	// MaxOpenConns bounds the connection pool; 0 means a default.
	MaxOpenConns int
}

// Store is the state of the service. It is safe for concurrent use.
type Store struct {
	db     *sql.DB
	kind   Kind
	now    func() time.Time
	unlock func()
	// version is the schema version after migrations.
	version int
}

// Open connects to the backend chosen by opts and applies pending
// migrations.
func Open(ctx context.Context, opts Options) (*Store, error) {
	if opts.URL != "" {
		return openPostgres(ctx, opts)
	}
	return openSQLite(ctx, opts)
}

func openPostgres(ctx context.Context, opts Options) (*Store, error) {
	db, err := sql.Open("pgx", opts.URL)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	n := opts.MaxOpenConns
	if n <= 0 {
		n = 16
	}
	db.SetMaxOpenConns(n)
	db.SetMaxIdleConns(n)
	db.SetConnMaxIdleTime(5 * time.Minute)
	s := &Store{db: db, kind: Postgres, now: time.Now, unlock: func() {}}
	if err := s.start(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return s, nil
}

func openSQLite(ctx context.Context, opts Options) (*Store, error) {
	path := opts.Path
	if path == "" {
		return nil, errors.New("sqlite: no database path (set DATABASE_PATH, or DATABASE_URL for PostgreSQL)")
	}
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("sqlite: database path %q must not contain '?' or '#'", path)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("sqlite: creating %s: %w", dir, err)
		}
	}
	unlock := func() {}
	if opts.Exclusive {
		u, err := lockFile(path + ".lock")
		if err != nil {
			return nil, fmt.Errorf("sqlite: %s is in use by another appencorrect server (%w); one SQLite file serves one process: use PostgreSQL (DATABASE_URL) for several replicas", path, err)
		}
		unlock = u
	}
	// WAL lets readers run beside the writer; busy_timeout makes writers
	// wait for each other instead of failing; immediate transactions take
	// the write lock at BEGIN, so read-then-write transactions never
	// deadlock on lock upgrades.
	dsn := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		unlock()
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	n := opts.MaxOpenConns
	if n <= 0 {
		n = 4
	}
	db.SetMaxOpenConns(n)
	db.SetMaxIdleConns(n)
	s := &Store{db: db, kind: SQLite, now: time.Now, unlock: unlock}
	if err := s.start(ctx); err != nil {
		db.Close()
		unlock()
		return nil, fmt.Errorf("sqlite %s: %w", path, err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		db.Close()
		unlock()
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	return s, nil
}

func (s *Store) start(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	v, err := s.migrate(ctx)
	if err != nil {
		return err
	}
	s.version = v
	return nil
}

// Close closes the connections and releases the SQLite lock.
func (s *Store) Close() error {
	err := s.db.Close()
	s.unlock()
	return err
}

// Kind reports the backend.
func (s *Store) Kind() Kind { return s.kind }

// SchemaVersion is the schema version after Open's migrations.
func (s *Store) SchemaVersion() int { return s.version }

// Name implements the server's health component.
func (s *Store) Name() string { return "database" }

// Health pings the database: "ok" with the backend, or "down" with why.
func (s *Store) Health(ctx context.Context) (status, detail string) {
	if err := s.db.PingContext(ctx); err != nil {
		return "down", string(s.kind) + ": " + err.Error()
	}
	return "ok", string(s.kind)
}

// DB exposes the connection pool for tests and tools.
func (s *Store) DB() *sql.DB { return s.db }

// SetClock replaces time.Now, for tests.
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// q rewrites "?" placeholders to PostgreSQL's "$n". Queries in this
// package hold no literal question marks.
func (s *Store) q(query string) string {
	if s.kind != Postgres {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}

func (s *Store) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return s.db.ExecContext(ctx, s.q(query), args...)
}

func (s *Store) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, s.q(query), args...)
}

func (s *Store) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return s.db.QueryRowContext(ctx, s.q(query), args...)
}

// inTx runs fn in a transaction, committing when it returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// ms converts a time to stored Unix milliseconds.
func ms(t time.Time) int64 { return t.UnixMilli() }

// fromMS converts stored Unix milliseconds to a UTC time.
func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

// optTime converts a nullable stored time.
func optTime(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMS(v.Int64)
	return &t
}

// nullString maps "" to NULL.
func nullString(s string) sql.NullString {
	return sql.NullString{String: s, Valid: s != ""}
}

// isUniqueViolation reports whether err is a unique-constraint failure on
// either backend.
func isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || // SQLite
		strings.Contains(msg, "SQLSTATE 23505") || // PostgreSQL
		strings.Contains(msg, "duplicate key value")
}
