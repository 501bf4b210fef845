package auth

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"appencorrect/internal/store"
)

// Login errors.
var (
	// ErrBadCredentials is the one answer for an unknown user, a wrong
	// password and a disabled account.
	ErrBadCredentials = errors.New("invalid username or password")
	// ErrNoSession is returned for a missing, unknown or expired session.
	ErrNoSession = errors.New("no valid session")
)

// LockedError is returned while an account is locked after repeated
// failures.
type LockedError struct{ Until time.Time }

func (e *LockedError) Error() string {
	return "too many failed logins: the account is locked until " + e.Until.UTC().Format(time.RFC3339)
}

// AccountOptions tune logins.
type AccountOptions struct {
	SessionTTL  time.Duration // default 12h
	MaxFailures int           // failed logins before a lockout; default 5
	LockFor     time.Duration // default 15m
	// Hasher hashes and verifies passwords; default argon2id with
	// DefaultArgon2, 2 at once.
	Hasher PasswordHasher
}

// PasswordHasher hashes and verifies passwords; *Hasher (argon2id) is the
// one the service uses.
type PasswordHasher interface {
	Hash(ctx context.Context, password string) (string, error)
	Verify(ctx context.Context, password, encoded string) (bool, error)
}

// Accounts manages local accounts and their sessions.
type Accounts struct {
	st     *store.Store
	secret []byte
	opts   AccountOptions
	now    func() time.Time

	dummyMu sync.Mutex
	dummy   atomic.Pointer[string]
}

// NewAccounts returns the account manager; secret keys the CSRF tokens.
func NewAccounts(st *store.Store, secret []byte, opts AccountOptions) *Accounts {
	if opts.SessionTTL <= 0 {
		opts.SessionTTL = 12 * time.Hour
	}
	if opts.MaxFailures <= 0 {
		opts.MaxFailures = 5
	}
	if opts.LockFor <= 0 {
		opts.LockFor = 15 * time.Minute
	}
	if opts.Hasher == nil {
		opts.Hasher = NewHasher(DefaultArgon2, 2)
	}
	return &Accounts{st: st, secret: secret, opts: opts, now: time.Now}
}

// SessionTTL is how long a session lasts.
func (a *Accounts) SessionTTL() time.Duration { return a.opts.SessionTTL }

// NormalizeUsername lower-cases and checks a user name: 1 to 64 of
// a-z 0-9 . _ @ -.
func NormalizeUsername(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" || len(s) > 64 {
		return "", &ValidationError{"the username must have 1 to 64 characters"}
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '@' || c == '-') {
			return "", &ValidationError{"the username may hold only letters, digits and . _ @ -"}
		}
	}
	return s, nil
}

// CreateUser creates an account with a hashed password.
func (a *Accounts) CreateUser(ctx context.Context, username, password, role string) (store.User, error) {
	name, err := NormalizeUsername(username)
	if err != nil {
		return store.User{}, err
	}
	if role == "" {
		role = ScopeAdmin
	}
	hash, err := a.opts.Hasher.Hash(ctx, password)
	if err != nil {
		return store.User{}, err
	}
	return a.st.CreateUser(ctx, name, hash, role)
}

// SetPassword replaces a password, clears the lockout and ends sessions.
func (a *Accounts) SetPassword(ctx context.Context, username, password string) error {
	name, err := NormalizeUsername(username)
	if err != nil {
		return err
	}
	hash, err := a.opts.Hasher.Hash(ctx, password)
	if err != nil {
		return err
	}
	if err := a.st.SetPassword(ctx, name, hash); err != nil {
		return err
	}
	return a.st.ClearLoginThrottle(ctx, name, "")
}

// Login is a successful login: the session token for the cookie and the
// CSRF token the pages send back on changes.
type Login struct {
	Token   string
	CSRF    string
	Expires time.Time
	User    store.User
}

// MaxLockout caps the doubling lockout of one (user name, address).
const MaxLockout = 24 * time.Hour

// Login checks a password and opens a session. Failures are counted per
// (user name, client address): MaxFailures of them lock that pair for
// LockFor, doubled at each further lock up to MaxLockout, so an attacker
// locks out only himself, never the administrator logging in from
// elsewhere. Unknown user names are counted and locked like known ones
// and cost the same password hash, so neither the answer nor its timing
// tells which accounts exist.
func (a *Accounts) Login(ctx context.Context, username, password, client string) (Login, error) {
	name, err := NormalizeUsername(username)
	if err != nil {
		name = "" // never a real account; throttled like one
	}
	// The hash verified for unknown names is made by the first attempt,
	// whichever name it is for, so that making it does not single out the
	// first unknown name.
	dummy, err := a.dummyHash(ctx)
	if err != nil {
		return Login{}, err
	}
	if until, err := a.st.LoginLockedUntil(ctx, name, client); err != nil {
		return Login{}, err
	} else if !until.IsZero() {
		return Login{}, &LockedError{Until: until}
	}
	var u store.User
	found := false
	if name != "" {
		u, err = a.st.UserByName(ctx, name)
		switch {
		case err == nil:
			found = true
		case !errors.Is(err, store.ErrNotFound):
			return Login{}, err
		}
	}
	hash := u.PasswordHash
	if !found {
		hash = dummy
	}
	ok, err := a.opts.Hasher.Verify(ctx, password, hash)
	if err != nil && !errors.Is(err, ErrMalformedHash) {
		return Login{}, err
	}
	if !found || !ok || !u.Active {
		until, err := a.st.RecordThrottledFailure(ctx, name, client, a.opts.MaxFailures, a.opts.LockFor, MaxLockout)
		if err != nil {
			return Login{}, err
		}
		if !until.IsZero() {
			return Login{}, &LockedError{Until: until}
		}
		return Login{}, ErrBadCredentials
	}
	if err := a.st.ClearLoginThrottle(ctx, name, client); err != nil {
		return Login{}, err
	}
	if err := a.st.RecordLoginSuccess(ctx, u.ID); err != nil {
		return Login{}, err
	}
	token, err := randomToken()
	if err != nil {
		return Login{}, err
	}
	now := a.now()
	exp := now.Add(a.opts.SessionTTL)
	if err := a.st.CreateSession(ctx, store.Session{TokenHash: hashToken(token), UserID: u.ID, CreatedAt: now, ExpiresAt: exp}); err != nil {
		return Login{}, err
	}
	return Login{Token: token, CSRF: a.CSRFToken(token), Expires: exp, User: u}, nil
}

// dummyHash is the hash of a random password, verified for unknown users
// so that they cost what known ones do: every login attempt that is not
// locked makes exactly one verification, whether the user exists or not.
// It is made once; an attempt whose hash failed (its context ended) leaves
// it to the next, so a user name is never checked against nothing.
func (a *Accounts) dummyHash(ctx context.Context) (string, error) {
	if h := a.dummy.Load(); h != nil {
		return *h, nil
	}
	a.dummyMu.Lock()
	defer a.dummyMu.Unlock()
	if h := a.dummy.Load(); h != nil {
		return *h, nil
	}
	pw, err := randomToken()
	if err != nil {
		return "", err
	}
	h, err := a.opts.Hasher.Hash(ctx, pw)
	if err != nil {
		return "", fmt.Errorf("the hash for unknown user names: %w", err)
	}
	a.dummy.Store(&h)
	return h, nil
}

// Session returns the user of a session token.
func (a *Accounts) Session(ctx context.Context, token string) (store.User, error) {
	if token == "" || len(token) > 128 {
		return store.User{}, ErrNoSession
	}
	_, u, err := a.st.SessionUser(ctx, hashToken(token))
	if errors.Is(err, store.ErrNotFound) {
		return store.User{}, ErrNoSession
	}
	if err != nil {
		return store.User{}, err
	}
	return u, nil
}

// Logout ends a session.
func (a *Accounts) Logout(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	return a.st.DeleteSession(ctx, hashToken(token))
}

// CSRFToken is the session's CSRF token: an HMAC of the session token
// under the server secret, so it needs no storage and is worthless
// without the cookie it belongs to.
func (a *Accounts) CSRFToken(sessionToken string) string {
	m := hmac.New(sha256.New, a.secret)
	m.Write([]byte("csrf\x00"))
	m.Write([]byte(sessionToken))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// ValidCSRF compares a presented CSRF token in constant time.
func (a *Accounts) ValidCSRF(sessionToken, presented string) bool {
	if sessionToken == "" || presented == "" {
		return false
	}
	return hmac.Equal([]byte(a.CSRFToken(sessionToken)), []byte(presented))
}

func randomToken() (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("random token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}

func hashToken(t string) string {
	sum := sha256.Sum256([]byte(t))
	return hex.EncodeToString(sum[:])
}

// SafeRedirect returns next when it is a path on this site, else def: no
// scheme, no host, no "//" or "/\" (which browsers treat as another
// host), no control characters. It closes the open redirect.
func SafeRedirect(next, def string) string {
	if next == "" || len(next) > 2048 || next[0] != '/' {
		return def
	}
	if len(next) > 1 && (next[1] == '/' || next[1] == '\\') {
		return def
	}
	for _, c := range next {
		if c < 0x20 || c == 0x7f || c == '\\' {
			return def
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return def
	}
	return next
}

// SecretSetting is the settings row holding a generated SECRET_KEY.
const SecretSetting = "secret_key"

// MinSecretLen is the shortest SECRET_KEY accepted.
const MinSecretLen = 32

// LoadSecret returns the server secret: SECRET_KEY when configured (at
// least MinSecretLen characters), else a random one generated once and
// persisted in the store, shared by every replica. There is no default.
func LoadSecret(ctx context.Context, st *store.Store, configured string) (secret []byte, generated bool, err error) {
	if configured != "" {
		if len(configured) < MinSecretLen {
			return nil, false, fmt.Errorf("SECRET_KEY has %d characters; use at least %d random ones (or unset it to have one generated)", len(configured), MinSecretLen)
		}
		return []byte(configured), false, nil
	}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, false, fmt.Errorf("random secret: %w", err)
	}
	v, err := st.EnsureSetting(ctx, SecretSetting, hex.EncodeToString(b[:]))
	if err != nil {
		return nil, false, err
	}
	return []byte(v), true, nil
}
