package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Argon2Params are the argon2id cost parameters, stored in every hash so
// that they can be raised later without invalidating old hashes.
type Argon2Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
	KeyLen  uint32
	SaltLen uint32
}

// DefaultArgon2 is OWASP's recommended argon2id setting (19 MiB, 2
// passes, 1 lane): a login costs tens of milliseconds of one core and
// 19 MiB, which Hasher bounds in concurrency.
var DefaultArgon2 = Argon2Params{Memory: 19 * 1024, Time: 2, Threads: 1, KeyLen: 32, SaltLen: 16}

// Password length bounds, in bytes. The upper bound keeps hashing cost
// independent of what an attacker posts.
const (
	MinPasswordLen = 12
	MaxPasswordLen = 1024
)

// ErrMalformedHash is returned for a stored hash that cannot be parsed.
var ErrMalformedHash = errors.New("malformed password hash")

// Hasher hashes and verifies passwords with argon2id, running at most a few
// hashes at once (each takes Params.Memory) so a burst of logins cannot
// exhaust memory.
type Hasher struct {
	Params Argon2Params
	sem    chan struct{}
}

// NewHasher returns a hasher running at most concurrency hashes at once.
func NewHasher(p Argon2Params, concurrency int) *Hasher {
	return &Hasher{Params: p, sem: make(chan struct{}, max(concurrency, 1))}
}

func (h *Hasher) acquire(ctx context.Context) error {
	select {
	case h.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("waiting to hash a password: %w", ctx.Err())
	}
}

func (h *Hasher) release() { <-h.sem }

// Hash returns the PHC string of password:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>.
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	if err := CheckPasswordPolicy(password); err != nil {
		return "", err
	}
	salt := make([]byte, h.Params.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("salt: %w", err)
	}
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	defer h.release()
	p := h.Params
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// Verify reports whether password matches the PHC string encoded, in
// constant time.
func (h *Hasher) Verify(ctx context.Context, password, encoded string) (bool, error) {
	p, salt, want, err := parsePHC(encoded)
	if err != nil {
		return false, err
	}
	if len(password) > MaxPasswordLen {
		return false, nil
	}
	if err := h.acquire(ctx); err != nil {
		return false, err
	}
	defer h.release()
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

func parsePHC(s string) (Argon2Params, []byte, []byte, error) {
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return Argon2Params{}, nil, nil, ErrMalformedHash
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return Argon2Params{}, nil, nil, ErrMalformedHash
	}
	var p Argon2Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return Argon2Params{}, nil, nil, ErrMalformedHash
	}
	// Refuse parameters that would let a tampered row exhaust the server.
	if p.Memory < 8 || p.Memory > 1<<20 || p.Time < 1 || p.Time > 20 || p.Threads < 1 {
		return Argon2Params{}, nil, nil, ErrMalformedHash
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	key, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(salt) < 8 || len(key) < 16 {
		return Argon2Params{}, nil, nil, ErrMalformedHash
	}
	return p, salt, key, nil
}

// PolicyError is a password refused by the policy.
type PolicyError struct{ Msg string }

func (e *PolicyError) Error() string { return e.Msg }

// CheckPasswordPolicy refuses passwords that are too short or too long.
func CheckPasswordPolicy(pw string) error {
	switch {
	case len(pw) < MinPasswordLen:
		return &PolicyError{fmt.Sprintf("the password must have at least %d characters", MinPasswordLen)}
	case len(pw) > MaxPasswordLen:
		return &PolicyError{fmt.Sprintf("the password must have at most %d bytes", MaxPasswordLen)}
	}
	return nil
}
