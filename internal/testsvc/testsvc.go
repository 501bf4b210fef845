// Package testsvc gives tests the real services they need: a PostgreSQL
// database and a Redis server, named by environment variables.
//
//	APPENCORRECT_TEST_POSTGRES_URL  postgres://postgres@127.0.0.1:55432/postgres
//	APPENCORRECT_TEST_REDIS_URL     redis://127.0.0.1:56379/0
//
// A test whose service is not configured is skipped, unless
// APPENCORRECT_REQUIRE_SERVICES=1 (set by CI), where it fails.
package testsvc

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // "pgx" driver
)

// Env names.
const (
	PostgresEnv = "APPENCORRECT_TEST_POSTGRES_URL"
	RedisEnv    = "APPENCORRECT_TEST_REDIS_URL"
	RequireEnv  = "APPENCORRECT_REQUIRE_SERVICES"
)

func need(t testing.TB, env, what string) string {
	t.Helper()
	v := os.Getenv(env)
	if v != "" {
		return v
	}
	if os.Getenv(RequireEnv) == "1" {
		t.Fatalf("%s is required (%s=1) but %s is not set", what, RequireEnv, env)
	}
	t.Skipf("%s not set: skipping the %s test", env, what)
	return ""
}

// Suffix returns a random name part for isolating a test's data.
func Suffix() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// PostgresURL returns a connection string for a fresh, empty schema that
// is dropped when the test ends. Every connection made with it uses that
// schema (search_path), so tests never see each other's tables.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := need(t, PostgresEnv, "PostgreSQL")
	schema := "t_" + Suffix()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("postgres at %s: create schema: %v", redact(base), err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		db, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer db.Close()
		_, _ = db.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE")
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// RedisURL returns the test Redis server's URL.
func RedisURL(t testing.TB) string {
	t.Helper()
	return need(t, RedisEnv, "Redis")
}

func redact(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

// SharedDataEnv overrides where SharedData looks.
const SharedDataEnv = "APPENCORRECT_SHARED_DATA"

// SharedData returns the project's development data directory,
// ../shared/data beside the repository (found by walking up from the
// test's directory to go.mod), or $APPENCORRECT_SHARED_DATA, joined with
// sub. When it is absent the test is skipped, or fails under
// APPENCORRECT_REQUIRE_SERVICES=1 (CI), where the data must be there.
func SharedData(t testing.TB, sub ...string) string {
	t.Helper()
	dir := os.Getenv(SharedDataEnv)
	if dir == "" {
		dir = sharedDataBesideRepo()
	}
	p := filepath.Join(append([]string{dir}, sub...)...)
	if dir != "" {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if os.Getenv(RequireEnv) == "1" {
		t.Fatalf("the shared development data %s is required (%s=1) but absent; it lives in ../shared/data beside the repository, or set %s",
			filepath.Join(sub...), RequireEnv, SharedDataEnv)
	}
	t.Skipf("shared development data %s not found beside the repository (set %s)", filepath.Join(sub...), SharedDataEnv)
	return ""
}

// sharedDataBesideRepo finds the module root above the working directory
// and returns its sibling shared/data, or "".
func sharedDataBesideRepo() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && strings.HasPrefix(string(b), "module appencorrect\n") {
				return filepath.Join(filepath.Dir(dir), "shared", "data")
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}
