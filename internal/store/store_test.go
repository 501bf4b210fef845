package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"appencorrect/internal/testsvc"
)

// eachBackend runs fn against a fresh SQLite file and a fresh PostgreSQL
// schema: the same suite for both.
func eachBackend(t *testing.T, fn func(t *testing.T, s *Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		s, err := Open(context.Background(), Options{Path: filepath.Join(t.TempDir(), "data", "test.db")})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		fn(t, s)
	})
	t.Run("postgres", func(t *testing.T) {
		s, err := Open(context.Background(), Options{URL: testsvc.PostgresURL(t)})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		fn(t, s)
	})
}

func TestMigrations(t *testing.T) {
	eachBackend(t, func(t *testing.T, s *Store) {
		if s.SchemaVersion() != LatestSchemaVersion() {
			t.Fatalf("schema version %d, want %d", s.SchemaVersion(), LatestSchemaVersion())
		}
		// Running the migrations again changes nothing.
		v, err := s.migrate(context.Background())
		if err != nil || v != LatestSchemaVersion() {
			t.Fatalf("second migrate: %d, %v", v, err)
		}
		var n int
		if err := s.DB().QueryRow("SELECT COUNT(*) FROM schema_migrations").Scan(&n); err != nil || n != len(migrations) {
			t.Fatalf("schema_migrations has %d rows (%v), want %d", n, err, len(migrations))
		}
		if st, _ := s.Health(context.Background()); st != "ok" {
			t.Errorf("health %q", st)
		}
	})
}

// Replicas starting together migrate once and all start.
func TestConcurrentOpenPostgres(t *testing.T) {
	url := testsvc.PostgresURL(t)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Open(context.Background(), Options{URL: url})
			if err != nil {
				errs <- err
				return
			}
			s.Close()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestSQLiteExclusive(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	a, err := Open(context.Background(), Options{Path: path, Exclusive: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(context.Background(), Options{Path: path, Exclusive: true}); err == nil {
		t.Fatal("a second exclusive open of the same SQLite file succeeded")
	}
	// Tools (not exclusive) may still open it beside the server.
	b, err := Open(context.Background(), Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	a.Close()
	c, err := Open(context.Background(), Options{Path: path, Exclusive: true})
	if err != nil {
		t.Fatalf("reopen after close: %v", err)
	}
	c.Close()
}

func newKey(id, hash string) Key {
	return Key{ID: id, Hash: hash, Hint: "appencorrect_" + hash[:4] + "…", Name: "n-" + id, Scope: "check",
		RateLimitPerHour: 10, Active: true, CacheEnabled: true, CreatedBy: "test"}
}

func TestKeys(t *testing.T) {
	eachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		k, err := s.CreateKey(ctx, newKey("ak_1", "aaaa1111"))
		if err != nil {
			t.Fatal(err)
		}
		if k.Tenant != "ak_1" {
			t.Errorf("tenant %q, want the key id", k.Tenant)
		}
		if _, err := s.CreateKey(ctx, newKey("ak_2", "aaaa1111")); !errors.Is(err, ErrExists) {
			t.Errorf("duplicate hash: %v, want ErrExists", err)
		}
		if _, err := s.CreateKey(ctx, newKey("ak_1", "bbbb2222")); !errors.Is(err, ErrExists) {
			t.Errorf("duplicate id: %v, want ErrExists", err)
		}
		got, err := s.KeyByHash(ctx, "aaaa1111")
		if err != nil || got.ID != "ak_1" || !got.Active || got.RateLimitPerHour != 10 || got.LastUsedAt != nil {
			t.Fatalf("by hash: %+v %v", got, err)
		}
		if _, err := s.KeyByHash(ctx, "nope"); !errors.Is(err, ErrNotFound) {
			t.Errorf("unknown hash: %v", err)
		}
		if err := s.SetKeyActive(ctx, "ak_1", false); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.KeyByID(ctx, "ak_1"); got.Active {
			t.Error("still active after deactivation")
		}
		if err := s.SetKeyActive(ctx, "ak_404", false); !errors.Is(err, ErrNotFound) {
			t.Errorf("deactivate unknown: %v", err)
		}
		if err := s.RotateKey(ctx, "ak_1", "cccc3333", "appencorrect_cccc…"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.KeyByHash(ctx, "aaaa1111"); !errors.Is(err, ErrNotFound) {
			t.Error("old hash still finds the key after rotation")
		}
		if got, err := s.KeyByHash(ctx, "cccc3333"); err != nil || got.ID != "ak_1" {
			t.Errorf("new hash: %+v %v", got, err)
		}
		if err := s.SetKeyCache(ctx, "ak_1", false); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateKey(ctx, newKey("ak_2", "dddd4444")); err != nil {
			t.Fatal(err)
		}
		keys, err := s.ListKeys(ctx)
		if err != nil || len(keys) != 2 {
			t.Fatalf("list: %d keys, %v", len(keys), err)
		}
		for _, k := range keys {
			if k.ID == "ak_1" && k.CacheEnabled {
				t.Error("cache still enabled")
			}
		}
	})
}

func TestUsage(t *testing.T) {
	eachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		if _, err := s.CreateKey(ctx, newKey("ak_1", "aaaa1111")); err != nil {
			t.Fatal(err)
		}
		day := time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)
		var recs []UsageRecord
		for i := range 1203 { // more than one INSERT batch
			r := UsageRecord{Time: day.Add(time.Duration(i) * time.Second), Endpoint: "/check", Method: "POST",
				Status: 200, Latency: 12 * time.Millisecond, Characters: 10, RequestBytes: 40, ResponseBytes: 300,
				PromptTokens: 100, CompletionTokens: 20, Engine: "vllm", Model: "m"}
			switch {
			case i%3 == 0:
				r.KeyID = "ak_1"
			case i%3 == 1:
				r.KeyID, r.Endpoint, r.CacheHit, r.PromptTokens, r.CompletionTokens = "ak_1", "/check/spelling", true, 0, 0
			default:
				r.Status = 401
			}
			recs = append(recs, r)
		}
		if err := s.InsertUsage(ctx, recs); err != nil {
			t.Fatal(err)
		}
		n, err := s.CountUsage(ctx, "", day.Add(-time.Hour))
		if err != nil || n != 1203 {
			t.Fatalf("count %d %v", n, err)
		}
		k, _ := s.KeyByID(ctx, "ak_1")
		if k.UsageCount != 802 || k.LastUsedAt == nil || !k.LastUsedAt.Equal(recs[1201].Time) {
			t.Errorf("key usage %d last %v", k.UsageCount, k.LastUsedAt)
		}
		stats, err := s.UsageStats(ctx, "ak_1", day.Add(-time.Hour))
		if err != nil || len(stats) != 2 {
			t.Fatalf("stats %+v %v", stats, err)
		}
		if stats[0].Count != 401 || stats[0].AvgProcessingTime != 12 || stats[0].TotalRequestSize != 401*40 {
			t.Errorf("stats[0] %+v", stats[0])
		}
		all, err := s.UsageStats(ctx, "", day.Add(-time.Hour))
		if err != nil || len(all) != 2 || all[0].KeyID != "ak_1" || all[0].Count != 802 || all[1].KeyID != "" || all[1].Errors != 401 {
			t.Errorf("all stats %+v %v", all, err)
		}
		rows, err := s.CostRows(ctx, "ak_1", day.Add(-time.Hour))
		if err != nil || len(rows) != 2 {
			t.Fatalf("cost rows %+v %v", rows, err)
		}
		for _, r := range rows {
			if !r.Day.Equal(time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)) {
				t.Errorf("day %v", r.Day)
			}
			if !r.Cached && (r.PromptTokens != 401*100 || r.CompletionTokens != 401*20) {
				t.Errorf("fresh row %+v", r)
			}
			if r.Cached && r.PromptTokens != 0 {
				t.Errorf("cached row %+v", r)
			}
		}
		if n, _ := s.CountUsage(ctx, "ak_1", day.Add(time.Hour)); n != 0 {
			t.Errorf("since filter: %d", n)
		}
	})
}

func TestFeedback(t *testing.T) {
	eachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		conf := 0.75
		var last int64
		for i, typ := range []string{"positive", "negative", "positive"} {
			id, err := s.InsertFeedback(ctx, Feedback{Time: time.Unix(int64(1000+i), 0), KeyID: "ak_1", Source: "api",
				Original: "teh", AISuggestion: "the", FeedbackType: typ, Confidence: &conf})
			if err != nil {
				t.Fatal(err)
			}
			if id <= last {
				t.Errorf("ids not increasing: %d after %d", id, last)
			}
			last = id
		}
		list, counts, err := s.ListFeedback(ctx, FeedbackFilter{Limit: 2})
		if err != nil || len(list) != 2 || counts["positive"] != 2 || counts["negative"] != 1 {
			t.Fatalf("list %+v counts %v err %v", list, counts, err)
		}
		if list[0].ID != last || list[0].Confidence == nil || *list[0].Confidence != 0.75 || list[0].KeyID != "ak_1" {
			t.Errorf("newest %+v", list[0])
		}
		list, _, _ = s.ListFeedback(ctx, FeedbackFilter{FeedbackType: "negative"})
		if len(list) != 1 {
			t.Errorf("filter: %d rows", len(list))
		}
	})
}

func TestInstructions(t *testing.T) {
	eachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		created, err := s.PutInstructions(ctx, "A", "legal", "formal tone", 2)
		if err != nil || !created {
			t.Fatal(created, err)
		}
		if created, err = s.PutInstructions(ctx, "A", "legal", "very formal", 2); err != nil || created {
			t.Fatal(created, err)
		}
		if _, err := s.PutInstructions(ctx, "A", "chat", "casual", 2); err != nil {
			t.Fatal(err)
		}
		if _, err := s.PutInstructions(ctx, "A", "third", "x", 2); !errors.Is(err, ErrTooMany) {
			t.Errorf("third use case: %v, want ErrTooMany", err)
		}
		if _, err := s.PutInstructions(ctx, "A", "legal", "replaced at the cap", 2); err != nil {
			t.Errorf("replacing at the cap: %v", err)
		}
		if got, err := s.Instructions(ctx, "A", "legal"); err != nil || got != "replaced at the cap" {
			t.Errorf("get: %q %v", got, err)
		}
		// Tenant B sees none of A's.
		if _, err := s.Instructions(ctx, "B", "legal"); !errors.Is(err, ErrNotFound) {
			t.Errorf("B reads A's instructions: %v", err)
		}
		if all, _ := s.AllInstructions(ctx, "B"); len(all) != 0 {
			t.Errorf("B lists %v", all)
		}
		if ok, _ := s.DeleteInstructions(ctx, "B", "legal"); ok {
			t.Error("B deleted A's instructions")
		}
		all, err := s.AllInstructions(ctx, "A")
		if err != nil || len(all) != 2 || all["chat"] != "casual" {
			t.Errorf("all: %v %v", all, err)
		}
		if ok, err := s.DeleteInstructions(ctx, "A", "legal"); !ok || err != nil {
			t.Errorf("delete: %v %v", ok, err)
		}
		if ok, _ := s.DeleteInstructions(ctx, "A", "legal"); ok {
			t.Error("deleted twice")
		}
	})
}

func TestConcurrentInstructions(t *testing.T) {
	eachBackend(t, func(t *testing.T, s *Store) {
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := s.PutInstructions(context.Background(), "A", "same", fmt.Sprint(i), 100); err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
	})
}

func TestAccounts(t *testing.T) {
	eachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		s.SetClock(func() time.Time { return now })
		u, err := s.CreateUser(ctx, "ada", "$argon2id$x", "admin")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateUser(ctx, "ada", "h", "admin"); !errors.Is(err, ErrExists) {
			t.Errorf("duplicate user: %v", err)
		}
		// Throttle per (user name, address): the lock of one pair does
		// not touch another, and each further lock doubles.
		for lock, want := range []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 5 * time.Minute} {
			for i := 1; i <= 2; i++ {
				until, err := s.RecordThrottledFailure(ctx, "ada", "192.0.2.1", 3, time.Minute, 5*time.Minute)
				if err != nil || !until.IsZero() {
					t.Fatalf("lock %d, failure %d: locked until %v, %v", lock, i, until, err)
				}
			}
			until, err := s.RecordThrottledFailure(ctx, "ada", "192.0.2.1", 3, time.Minute, 5*time.Minute)
			if err != nil || !until.Equal(now.Add(want)) {
				t.Fatalf("lock %d: until %v (%v), want now+%v", lock, until, err, want)
			}
			if got, err := s.LoginLockedUntil(ctx, "ada", "192.0.2.1"); err != nil || !got.Equal(until) {
				t.Fatalf("LoginLockedUntil: %v %v", got, err)
			}
			if got, err := s.LoginLockedUntil(ctx, "ada", "198.51.100.7"); err != nil || !got.IsZero() {
				t.Fatalf("another address is locked: %v %v", got, err)
			}
		}
		if err := s.ClearLoginThrottle(ctx, "ada", ""); err != nil {
			t.Fatal(err)
		}
		if got, err := s.LoginLockedUntil(ctx, "ada", "192.0.2.1"); err != nil || !got.IsZero() {
			t.Fatalf("after clearing: %v %v", got, err)
		}
		if err := s.RecordLoginSuccess(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.UserByName(ctx, "ada"); !got.LockedUntil.IsZero() || got.LastLoginAt == nil {
			t.Errorf("after success: %+v", got)
		}
		sess := Session{TokenHash: "th1", UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
		if err := s.CreateSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
		if _, su, err := s.SessionUser(ctx, "th1"); err != nil || su.Username != "ada" {
			t.Fatalf("session: %+v %v", su, err)
		}
		now = now.Add(2 * time.Hour)
		if _, _, err := s.SessionUser(ctx, "th1"); !errors.Is(err, ErrNotFound) {
			t.Errorf("expired session: %v", err)
		}
		sess = Session{TokenHash: "th2", UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
		if err := s.CreateSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
		if err := s.SetPassword(ctx, "ada", "new"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.SessionUser(ctx, "th2"); !errors.Is(err, ErrNotFound) {
			t.Errorf("session survives a password change: %v", err)
		}
		if err := s.SetUserActive(ctx, "nobody", false); !errors.Is(err, ErrNotFound) {
			t.Errorf("disable unknown: %v", err)
		}
		if users, err := s.ListUsers(ctx); err != nil || len(users) != 1 {
			t.Errorf("users %v %v", users, err)
		}
	})
}

func TestSettings(t *testing.T) {
	eachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		v, err := s.EnsureSetting(ctx, "secret", "first")
		if err != nil || v != "first" {
			t.Fatal(v, err)
		}
		if v, _ := s.EnsureSetting(ctx, "secret", "second"); v != "first" {
			t.Errorf("setting replaced: %q", v)
		}
	})
}
