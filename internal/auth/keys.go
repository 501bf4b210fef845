// Package auth authenticates API clients and administrators: API keys
// (generation, hashing, constant-time checks, scopes, a short-lived
// in-process cache), local accounts with argon2id passwords, sessions,
// CSRF tokens, lockout, and safe redirects.
//
// Why API keys are hashed with SHA-256 and not a slow password hash: a key
// is 128 bits from crypto/rand, so guessing it from its hash is as hard as
// guessing the key; a slow hash only helps low-entropy secrets such as
// passwords, and would cost CPU on every request. A plain (unsalted,
// unkeyed) SHA-256 is deterministic, so the hash is the database's unique
// lookup index, and it does not depend on SECRET_KEY, so rotating that
// secret does not invalidate every key. A stolen database yields hashes
// that cannot be used as keys.
package auth

import (
	"appencorrect/internal/textguard"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"appencorrect/internal/store"
)

// KeyPrefix starts every API key.
const KeyPrefix = "appencorrect_"

// Scopes a key may carry. An admin key may also check text.
const (
	ScopeCheck = "check"
	ScopeAdmin = "admin"
)

// Limits on keys created through the API or the shell.
const (
	MinRateLimit     = 1
	MaxRateLimit     = 1_000_000_000
	DefaultRateLimit = 1000
	MaxNameLength    = 100
	MaxDescLength    = 1000
)

// NewSecret returns a new API key: KeyPrefix and 32 lowercase hex digits
// (128 random bits).
func NewSecret() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("random key: %w", err)
	}
	return KeyPrefix + hex.EncodeToString(b[:]), nil
}

// NewKeyID returns a public key id ("ak_" and 16 hex digits).
func NewKeyID() (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("random key id: %w", err)
	}
	return "ak_" + hex.EncodeToString(b[:]), nil
}

// WellFormed reports whether raw has the shape of a key, so malformed
// input is refused without a database lookup.
func WellFormed(raw string) bool {
	if len(raw) != len(KeyPrefix)+32 || !strings.HasPrefix(raw, KeyPrefix) {
		return false
	}
	for _, c := range raw[len(KeyPrefix):] {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// HashSecret returns the stored form of a key: hex SHA-256.
func HashSecret(raw string) string {
	sum := sha256.Sum256([]byte(raw))
	return hex.EncodeToString(sum[:])
}

// Hint returns the part of a key shown in lists, enough to tell keys apart
// and far too little to use.
func Hint(raw string) string {
	if len(raw) < len(KeyPrefix)+4 {
		return KeyPrefix + "…"
	}
	return raw[:len(KeyPrefix)+4] + "…"
}

// Allows reports whether key k may use an endpoint needing scope.
func Allows(k store.Key, scope string) bool {
	return k.Scope == ScopeAdmin || k.Scope == scope
}

// FromRequest returns the key a request presents in X-API-Key or
// "Authorization: Bearer", or "".
func FromRequest(r *http.Request) string {
	if k := strings.TrimSpace(r.Header.Get("X-API-Key")); k != "" {
		return k
	}
	h := strings.TrimSpace(r.Header.Get("Authorization"))
	if len(h) > 7 && strings.EqualFold(h[:7], "Bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// KeyStore is the storage the key functions need.
type KeyStore interface {
	KeyByHash(ctx context.Context, hash string) (store.Key, error)
	CreateKey(ctx context.Context, k store.Key) (store.Key, error)
	KeyByID(ctx context.Context, id string) (store.Key, error)
	ListKeys(ctx context.Context) ([]store.Key, error)
	SetKeyActive(ctx context.Context, id string, active bool) error
	RotateKey(ctx context.Context, id, hash, hint string) error
}

// NewKey describes a key to create.
type NewKey struct {
	Name             string
	Description      string
	RateLimitPerHour int // 0 means DefaultRateLimit, unless Unlimited
	// Unlimited makes a service key with no hourly limit (stored as a
	// limit of 0): one key in front of many users, admitted by the
	// administrator who creates it.
	Unlimited bool
	Scope     string
	CreatedBy string
	Tenant    string // "" means the key's own id
}

// ValidationError is a bad value in a key request; its text says which.
type ValidationError struct{ Msg string }

func (e *ValidationError) Error() string { return e.Msg }

// Validate checks and normalises a key request.
func (n *NewKey) Validate() error {
	n.Name = strings.TrimSpace(n.Name)
	n.Description = strings.TrimSpace(n.Description)
	switch {
	case n.Name == "":
		return &ValidationError{"name is required"}
	case utf8.RuneCountInString(n.Name) > MaxNameLength:
		return &ValidationError{fmt.Sprintf("name has more than %d characters", MaxNameLength)}
	case utf8.RuneCountInString(n.Description) > MaxDescLength:
		return &ValidationError{fmt.Sprintf("description has more than %d characters", MaxDescLength)}
	}
	if err := textguard.Check("name", n.Name, textguard.Label); err != nil {
		return &ValidationError{err.Error()}
	}
	if err := textguard.Check("description", n.Description, textguard.Prose); err != nil {
		return &ValidationError{err.Error()}
	}
	switch {
	case n.Unlimited:
		n.RateLimitPerHour = 0
	case n.RateLimitPerHour == 0:
		n.RateLimitPerHour = DefaultRateLimit
	case n.RateLimitPerHour < MinRateLimit || n.RateLimitPerHour > MaxRateLimit:
		return &ValidationError{fmt.Sprintf("rate_limit_per_hour must be a whole number from %d to %d, or 0 for no limit", MinRateLimit, MaxRateLimit)}
	}
	if n.Scope == "" {
		n.Scope = ScopeCheck
	}
	if n.Scope != ScopeCheck && n.Scope != ScopeAdmin {
		return &ValidationError{fmt.Sprintf("scope %q: must be %q or %q", n.Scope, ScopeCheck, ScopeAdmin)}
	}
	return nil
}

// CreateKey validates n, generates a key and stores its hash. The
// returned secret is shown once and never stored.
func CreateKey(ctx context.Context, st KeyStore, n NewKey) (secret string, k store.Key, err error) {
	if err := n.Validate(); err != nil {
		return "", store.Key{}, err
	}
	for range 3 { // an id collision (2^-64) is retried
		id, err := NewKeyID()
		if err != nil {
			return "", store.Key{}, err
		}
		secret, err = NewSecret()
		if err != nil {
			return "", store.Key{}, err
		}
		k, err = st.CreateKey(ctx, store.Key{
			ID: id, Hash: HashSecret(secret), Hint: Hint(secret), Name: n.Name, Description: n.Description,
			Tenant: n.Tenant, Scope: n.Scope, RateLimitPerHour: n.RateLimitPerHour, Active: true,
			CacheEnabled: true, CreatedBy: n.CreatedBy,
		})
		if errors.Is(err, store.ErrExists) {
			continue
		}
		if err != nil {
			return "", store.Key{}, err
		}
		return secret, k, nil
	}
	return "", store.Key{}, errors.New("could not generate a unique key")
}

// RotateKey gives key id a new secret, returned once; the old one stops
// working.
func RotateKey(ctx context.Context, st KeyStore, id string) (string, error) {
	secret, err := NewSecret()
	if err != nil {
		return "", err
	}
	if err := st.RotateKey(ctx, id, HashSecret(secret), Hint(secret)); err != nil {
		return "", err
	}
	return secret, nil
}

// equalHash compares two hex hashes in constant time.
func equalHash(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
