// Package storetest opens real stores for tests of other packages: a
// fresh SQLite file and a fresh PostgreSQL schema (see package testsvc).
package storetest

import (
	"context"
	"path/filepath"
	"testing"

	"appencorrect/internal/store"
	"appencorrect/internal/testsvc"
)

// SQLite opens a store on a new file in the test's temporary directory.
func SQLite(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), store.Options{Path: filepath.Join(t.TempDir(), "appencorrect.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Postgres opens a store on a new schema of the test PostgreSQL server,
// skipping (or failing under APPENCORRECT_REQUIRE_SERVICES=1) without one.
func Postgres(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), store.Options{URL: testsvc.PostgresURL(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Each runs fn as two subtests, "sqlite" and "postgres", each on a fresh
// store.
func Each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}
