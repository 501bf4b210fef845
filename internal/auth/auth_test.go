package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"appencorrect/internal/store"
	"appencorrect/internal/store/storetest"
)

func TestSecretShape(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		s, err := NewSecret()
		if err != nil {
			t.Fatal(err)
		}
		if !WellFormed(s) || seen[s] {
			t.Fatalf("bad or repeated key %q", s)
		}
		seen[s] = true
	}
	tests := []struct {
		in   string
		want bool
	}{
		{"appencorrect_0123456789abcdef0123456789abcdef", true},
		{"appencorrect_0123456789ABCDEF0123456789abcdef", false},
		{"appencorrect_0123456789abcdef0123456789abcde", false},
		{"appencorrect_0123456789abcdef0123456789abcdef0", false},
		{"xppencorrect_0123456789abcdef0123456789abcdef", false},
		{"appencorrect_0123456789abcdef0123456789abcdeg", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := WellFormed(tt.in); got != tt.want {
			t.Errorf("WellFormed(%q) = %v", tt.in, got)
		}
	}
}

func TestFromRequest(t *testing.T) {
	tests := []struct {
		headers map[string]string
		want    string
	}{
		{map[string]string{"X-API-Key": "k1"}, "k1"},
		{map[string]string{"Authorization": "Bearer k2"}, "k2"},
		{map[string]string{"Authorization": "bearer  k3 "}, "k3"},
		{map[string]string{"Authorization": "Basic abc"}, ""},
		{map[string]string{"X-API-Key": "k1", "Authorization": "Bearer k2"}, "k1"},
		{nil, ""},
	}
	for _, tt := range tests {
		r, _ := httpRequest(tt.headers)
		if got := FromRequest(r); got != tt.want {
			t.Errorf("%v: got %q, want %q", tt.headers, got, tt.want)
		}
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		n       NewKey
		wantErr string
	}{
		{NewKey{Name: "a"}, ""},
		{NewKey{Name: " "}, "name is required"},
		{NewKey{Name: strings.Repeat("n", 101)}, "name has more"},
		{NewKey{Name: "a", RateLimitPerHour: 54000}, ""},
		{NewKey{Name: "a", Unlimited: true}, ""},
		{NewKey{Name: "a", RateLimitPerHour: MaxRateLimit + 1}, "rate_limit_per_hour"},
		{NewKey{Name: "a\u202e"}, "U+202E"},
		{NewKey{Name: "a", RateLimitPerHour: -1}, "rate_limit_per_hour"},
		{NewKey{Name: "a", Scope: "root"}, "scope"},
		{NewKey{Name: "a", Scope: "admin"}, ""},
	}
	for _, tt := range tests {
		err := tt.n.Validate()
		if (err == nil) != (tt.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("%+v: %v, want %q", tt.n, err, tt.wantErr)
		}
	}
}

// Keys are hashed at rest: no column of api_keys holds the secret or any
// 8 characters of its random part beyond the 4-character hint.
func TestKeysHashedAtRest(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		secret, k, err := CreateKey(ctx, st, NewKey{Name: "n", Description: "d", RateLimitPerHour: 5, CreatedBy: "test"})
		if err != nil {
			t.Fatal(err)
		}
		if !WellFormed(secret) || k.Hash != HashSecret(secret) || k.RateLimitPerHour != 5 || k.Scope != ScopeCheck {
			t.Fatalf("created %+v", k)
		}
		rows, err := st.DB().Query("SELECT * FROM api_keys")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		random := secret[len(KeyPrefix):]
		for rows.Next() {
			vals := make([]sql.RawBytes, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				for j := 4; j+8 <= len(random); j++ {
					if strings.Contains(string(v), random[j:j+8]) {
						t.Errorf("column %s holds part of the secret: %q", cols[i], v)
					}
				}
			}
		}
		a := NewAuthenticator(st, time.Second)
		got, err := a.Authenticate(ctx, secret)
		if err != nil || got.ID != k.ID {
			t.Fatalf("authenticate: %+v %v", got, err)
		}
		// Rotation: the old secret stops, the new one works, same id.
		newSecret, err := RotateKey(ctx, st, k.ID)
		if err != nil {
			t.Fatal(err)
		}
		a.Forget(k.ID)
		if _, err := a.Authenticate(ctx, secret); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("old secret after rotation: %v", err)
		}
		if got, err := a.Authenticate(ctx, newSecret); err != nil || got.ID != k.ID {
			t.Errorf("new secret: %v", err)
		}
	})
}

// countingStore counts lookups.
type countingStore struct {
	KeyStore
	lookups int
}

func (c *countingStore) KeyByHash(ctx context.Context, h string) (store.Key, error) {
	c.lookups++
	return c.KeyStore.KeyByHash(ctx, h)
}

func TestAuthenticatorCache(t *testing.T) {
	st := storetest.SQLite(t)
	ctx := context.Background()
	secret, k, err := CreateKey(ctx, st, NewKey{Name: "n"})
	if err != nil {
		t.Fatal(err)
	}
	cs := &countingStore{KeyStore: st}
	a := NewAuthenticator(cs, time.Hour) // capped at MaxCacheTTL
	now := time.Unix(1000, 0)
	a.now = func() time.Time { return now }
	tests := []struct {
		name    string
		raw     string
		wantErr error
	}{
		{"empty", "", ErrNoKey},
		{"malformed", "appencorrect_xyz", ErrInvalidKey},
		{"unknown", "appencorrect_00000000000000000000000000000000", ErrInvalidKey},
		{"valid", secret, nil},
	}
	for _, tt := range tests {
		if _, err := a.Authenticate(ctx, tt.raw); !errors.Is(err, tt.wantErr) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.wantErr)
		}
	}
	if cs.lookups != 2 {
		t.Errorf("%d lookups, want 2 (malformed and empty keys never reach the store)", cs.lookups)
	}
	// Deactivated elsewhere: still cached for at most MaxCacheTTL.
	if err := st.SetKeyActive(ctx, k.ID, false); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Authenticate(ctx, secret); err != nil {
		t.Errorf("within the cache TTL: %v", err)
	}
	now = now.Add(MaxCacheTTL)
	if _, err := a.Authenticate(ctx, secret); !errors.Is(err, ErrInvalidKey) {
		t.Errorf("after %s: %v, want ErrInvalidKey", MaxCacheTTL, err)
	}
	// Reactivated here: Forget makes it immediate.
	if err := st.SetKeyActive(ctx, k.ID, true); err != nil {
		t.Fatal(err)
	}
	a.Forget(k.ID)
	if _, err := a.Authenticate(ctx, secret); !errors.Is(err, ErrInvalidKey) {
		// The negative entry is keyed by hash with no id; it expires.
		now = now.Add(MaxCacheTTL)
		if _, err := a.Authenticate(ctx, secret); err != nil {
			t.Errorf("after reactivation: %v", err)
		}
	}
}

func TestAuthenticatorStoreDown(t *testing.T) {
	st := storetest.SQLite(t)
	secret, _, err := CreateKey(context.Background(), st, NewKey{Name: "n"})
	if err != nil {
		t.Fatal(err)
	}
	a := NewAuthenticator(st, 0)
	st.Close()
	_, err = a.Authenticate(context.Background(), secret)
	if err == nil || errors.Is(err, ErrInvalidKey) {
		t.Fatalf("store down: %v, want a lookup error (not 'invalid key')", err)
	}
}

var fastHasher = NewHasher(Argon2Params{Memory: 256, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16}, 2)

func TestPasswordHash(t *testing.T) {
	ctx := context.Background()
	h, err := fastHasher.Hash(ctx, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=256,t=1,p=1$") {
		t.Errorf("hash %q", h)
	}
	h2, _ := fastHasher.Hash(ctx, "correct horse battery")
	if h == h2 {
		t.Error("two hashes of one password are equal: no salt")
	}
	for pw, want := range map[string]bool{"correct horse battery": true, "correct horse batterx": false, "": false} {
		ok, err := fastHasher.Verify(ctx, pw, h)
		if err != nil || ok != want {
			t.Errorf("verify %q: %v %v", pw, ok, err)
		}
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=256,t=1,p=1$c2FsdHNhbHQ$aGFzaA", "$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA"} {
		if _, err := fastHasher.Verify(ctx, "x", bad); !errors.Is(err, ErrMalformedHash) {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if _, err := fastHasher.Hash(ctx, "short"); err == nil {
		t.Error("short password accepted")
	}
}

// The default parameters cost what we say (reported, not asserted).
func TestDefaultArgon2Cost(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	h := NewHasher(DefaultArgon2, 1)
	start := time.Now()
	if _, err := h.Hash(context.Background(), "a password of decent length"); err != nil {
		t.Fatal(err)
	}
	t.Logf("argon2id %+v: %s per hash", DefaultArgon2, time.Since(start).Round(time.Millisecond))
}

func TestLoginLockoutSessionsCSRF(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		acc := NewAccounts(st, []byte(strings.Repeat("s", 32)), AccountOptions{Hasher: fastHasher, MaxFailures: 3, LockFor: time.Minute})
		now := time.Now()
		acc.now = func() time.Time { return now }
		if _, err := acc.CreateUser(ctx, "Ada@Example.com", "a long enough password", ""); err != nil {
			t.Fatal(err)
		}
		if _, err := acc.CreateUser(ctx, "ada@example.com", "a long enough password", ""); !errors.Is(err, store.ErrExists) {
			t.Errorf("case-insensitive duplicate: %v", err)
		}
		if _, err := acc.CreateUser(ctx, "bad name!", "a long enough password", ""); err == nil {
			t.Error("bad username accepted")
		}
		if _, err := acc.Login(ctx, "nobody", "whatever password", "192.0.2.1"); !errors.Is(err, ErrBadCredentials) {
			t.Errorf("unknown user: %v", err)
		}
		l, err := acc.Login(ctx, "ADA@example.com", "a long enough password", "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		if u, err := acc.Session(ctx, l.Token); err != nil || u.Username != "ada@example.com" {
			t.Fatalf("session: %+v %v", u, err)
		}
		if !acc.ValidCSRF(l.Token, l.CSRF) || acc.ValidCSRF(l.Token, l.CSRF+"x") || acc.ValidCSRF("other", l.CSRF) || acc.ValidCSRF(l.Token, "") {
			t.Error("CSRF check wrong")
		}
		for i := 1; i <= 2; i++ {
			if _, err := acc.Login(ctx, "ada@example.com", "wrong password!", "192.0.2.1"); !errors.Is(err, ErrBadCredentials) {
				t.Fatalf("failure %d: %v", i, err)
			}
		}
		var locked *LockedError
		if _, err := acc.Login(ctx, "ada@example.com", "wrong password!", "192.0.2.1"); !errors.As(err, &locked) {
			t.Fatalf("third failure: %v, want a lockout", err)
		}
		// Locked: even the right password is refused until the lock ends.
		if _, err := acc.Login(ctx, "ada@example.com", "a long enough password", "192.0.2.1"); !errors.As(err, &locked) {
			t.Errorf("right password while locked: %v", err)
		}
		st.SetClock(func() time.Time { return now.Add(2 * time.Minute) })
		acc.now = func() time.Time { return now.Add(2 * time.Minute) }
		if _, err := acc.Login(ctx, "ada@example.com", "a long enough password", "192.0.2.1"); err != nil {
			t.Errorf("after the lock: %v", err)
		}
		if err := acc.Logout(ctx, l.Token); err != nil {
			t.Fatal(err)
		}
		if _, err := acc.Session(ctx, l.Token); !errors.Is(err, ErrNoSession) {
			t.Errorf("after logout: %v", err)
		}
	})
}

func TestSafeRedirect(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/api-management", "/api-management"},
		{"/a?b=c#d", "/a?b=c#d"},
		{"", "/home"},
		{"//evil.example", "/home"},
		{"/\\evil.example", "/home"},
		{"https://evil.example/", "/home"},
		{"javascript:alert(1)", "/home"},
		{"/\t/evil.example", "/home"},
		{"/a\\b", "/home"},
		{"evil.example", "/home"},
	}
	for _, tt := range tests {
		if got := SafeRedirect(tt.in, "/home"); got != tt.want {
			t.Errorf("SafeRedirect(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLoadSecret(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, gen, err := LoadSecret(ctx, st, "")
		if err != nil || !gen || len(a) < MinSecretLen {
			t.Fatalf("generated: %d bytes %v %v", len(a), gen, err)
		}
		b, _, _ := LoadSecret(ctx, st, "")
		if string(a) != string(b) {
			t.Error("the generated secret is not persisted: a second load differs")
		}
		if _, _, err := LoadSecret(ctx, st, "short"); err == nil {
			t.Error("short SECRET_KEY accepted")
		}
		c, gen, err := LoadSecret(ctx, st, strings.Repeat("k", 40))
		if err != nil || gen || string(c) != strings.Repeat("k", 40) {
			t.Errorf("configured: %v %v", gen, err)
		}
	})
}

func ExampleHashSecret() {
	fmt.Println(HashSecret("appencorrect_00000000000000000000000000000000")[:16])
	// Output: 7c422659bd695df5
}

func httpRequest(h map[string]string) (*http.Request, error) {
	r := httptest.NewRequest("GET", "/", nil)
	for k, v := range h {
		r.Header.Set(k, v)
	}
	return r, nil
}

// countingHasher counts the argon2id computations of logins: hashes
// made, and verifications against a well-formed hash (a malformed one
// costs nothing, which would tell an unknown user apart).
type countingHasher struct {
	h                *Hasher
	hashes, verifies atomic.Int64
}

func (c *countingHasher) Hash(ctx context.Context, pw string) (string, error) {
	c.hashes.Add(1)
	return c.h.Hash(ctx, pw)
}

func (c *countingHasher) Verify(ctx context.Context, pw, encoded string) (bool, error) {
	ok, err := c.h.Verify(ctx, pw, encoded)
	if !errors.Is(err, ErrMalformedHash) {
		c.verifies.Add(1)
	}
	return ok, err
}

// cost is the argon2id computations since the last call.
func (c *countingHasher) cost() (hashes, verifies int64) {
	return c.hashes.Swap(0), c.verifies.Swap(0)
}

// TestLoginThrottleByUserAndAddress: an attacker's failures lock only his
// own (user name, address) pair, and an unknown user name is answered
// exactly as a known one with a wrong password, at the same cost.
func TestLoginThrottleByUserAndAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		h := &countingHasher{h: fastHasher}
		acc := NewAccounts(st, []byte(strings.Repeat("s", 32)), AccountOptions{Hasher: h, MaxFailures: 3, LockFor: time.Minute})
		if _, err := acc.CreateUser(ctx, "admin", "the right password", ""); err != nil {
			t.Fatal(err)
		}
		h.cost()
		const attacker, office = "203.0.113.9", "198.51.100.4"
		// outcomes of 7 wrong attempts and the hashes they cost.
		outcomes := func(user string) ([]string, int64) {
			var got []string
			for range 7 {
				_, err := acc.Login(ctx, user, "wrong password", attacker)
				var locked *LockedError
				switch {
				case errors.Is(err, ErrBadCredentials):
					got = append(got, "bad")
				case errors.As(err, &locked):
					got = append(got, "locked")
				default:
					t.Fatalf("%s: %v", user, err)
				}
			}
			made, verified := h.cost()
			if made != 0 {
				t.Errorf("%s: %d hashes made by failed logins after the first login", user, made)
			}
			return got, verified
		}
		// The first login of the process, whoever it is for, makes the
		// hash unknown names are verified against: it must not single out
		// the first unknown name.
		if _, err := acc.Login(ctx, "admin", "wrong password", office); !errors.Is(err, ErrBadCredentials) {
			t.Fatal(err)
		}
		if made, verified := h.cost(); made != 1 || verified != 1 {
			t.Fatalf("first login: %d hashes made, %d verified; want 1 and 1", made, verified)
		}
		known, knownCost := outcomes("admin")
		unknown, unknownCost := outcomes("no-such-user")
		invalid, invalidCost := outcomes("not a user name!")
		want := []string{"bad", "bad", "locked", "locked", "locked", "locked", "locked"}
		if !slices.Equal(known, want) || !slices.Equal(unknown, want) || !slices.Equal(invalid, want) {
			t.Errorf("known user: %v; unknown user: %v; invalid name: %v; want each %v", known, unknown, invalid, want)
		}
		if knownCost != 3 || unknownCost != 3 || invalidCost != 3 {
			t.Errorf("password verifications: known %d, unknown %d, invalid name %d; want 3 each (one per attempt not locked)",
				knownCost, unknownCost, invalidCost)
		}
		// The administrator, from another address, is not locked out.
		if _, err := acc.Login(ctx, "admin", "the right password", office); err != nil {
			t.Fatalf("admin from another address after the attack: %v", err)
		}
		// Even the right password is refused from the locked pair.
		var locked *LockedError
		if _, err := acc.Login(ctx, "admin", "the right password", attacker); !errors.As(err, &locked) {
			t.Errorf("right password from the locked address: %v", err)
		}
	})
}

// TestUnknownNameHashSurvivesACanceledFirstLogin: when the first login's
// context ends before the hash for unknown names is made, that login
// fails, and the next one makes it: an unknown name is never checked
// against no hash (which would answer at once).
func TestUnknownNameHashSurvivesACanceledFirstLogin(t *testing.T) {
	st := storetest.SQLite(t)
	h := &countingHasher{h: fastHasher}
	acc := NewAccounts(st, []byte(strings.Repeat("s", 32)), AccountOptions{Hasher: h})
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	// The hasher's slots are all taken, so the canceled login cannot hash.
	for range cap(fastHasher.sem) {
		fastHasher.sem <- struct{}{}
	}
	_, err := acc.Login(canceled, "nobody", "wrong password", "192.0.2.1")
	for range cap(fastHasher.sem) {
		<-fastHasher.sem
	}
	if err == nil || errors.Is(err, ErrBadCredentials) {
		t.Fatalf("first login with a canceled context: %v, want an error that is not a verdict", err)
	}
	h.cost()
	if _, err := acc.Login(context.Background(), "nobody", "wrong password", "192.0.2.1"); !errors.Is(err, ErrBadCredentials) {
		t.Fatalf("second login: %v", err)
	}
	if _, verified := h.cost(); verified != 1 {
		t.Errorf("unknown name verified %d times against a real hash, want 1", verified)
	}
}
