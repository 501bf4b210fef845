package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Key is an API key's record. The secret itself is never stored: only
// its hash (Hash) and a short hint for people to recognise it.
type Key struct {
	ID          string
	Hash        string // hex SHA-256 of the secret; see package auth
	Hint        string // e.g. "appencorrect_3f9a…"
	Name        string
	Description string
	// Tenant owns the key's custom instructions and cached results.
	Tenant           string
	Scope            string // "check" or "admin"
	RateLimitPerHour int
	Active           bool
	CacheEnabled     bool
	CreatedAt        time.Time
	CreatedBy        string
	UpdatedAt        time.Time
	LastUsedAt       *time.Time
	UsageCount       int64
}

const keyColumns = `key_id, key_hash, key_hint, name, description, tenant, scope, rate_limit_per_hour,
	is_active, cache_enabled, created_at, created_by, updated_at, last_used_at, usage_count`

func scanKey(sc interface{ Scan(...any) error }) (Key, error) {
	var k Key
	var created, updated int64
	var last sql.NullInt64
	err := sc.Scan(&k.ID, &k.Hash, &k.Hint, &k.Name, &k.Description, &k.Tenant, &k.Scope, &k.RateLimitPerHour,
		&k.Active, &k.CacheEnabled, &created, &k.CreatedBy, &updated, &last, &k.UsageCount)
	if err != nil {
		return Key{}, err
	}
	k.CreatedAt, k.UpdatedAt, k.LastUsedAt = fromMS(created), fromMS(updated), optTime(last)
	return k, nil
}

// CreateKey stores a new key. CreatedAt and UpdatedAt are set to now;
// Tenant defaults to the key's id.
func (s *Store) CreateKey(ctx context.Context, k Key) (Key, error) {
	now := s.now().UTC().Truncate(time.Millisecond)
	k.CreatedAt, k.UpdatedAt = now, now
	if k.Tenant == "" {
		k.Tenant = k.ID
	}
	_, err := s.exec(ctx, `INSERT INTO api_keys (`+keyColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		k.ID, k.Hash, k.Hint, k.Name, k.Description, k.Tenant, k.Scope, k.RateLimitPerHour,
		k.Active, k.CacheEnabled, ms(now), k.CreatedBy, ms(now), nil, int64(0))
	if isUniqueViolation(err) {
		return Key{}, fmt.Errorf("key %s: %w", k.ID, ErrExists)
	}
	if err != nil {
		return Key{}, fmt.Errorf("create key: %w", err)
	}
	return k, nil
}

// KeyByHash returns the key whose secret hashes to hash, active or not.
func (s *Store) KeyByHash(ctx context.Context, hash string) (Key, error) {
	k, err := scanKey(s.queryRow(ctx, `SELECT `+keyColumns+` FROM api_keys WHERE key_hash = ?`, hash))
	if errors.Is(err, sql.ErrNoRows) {
		return Key{}, ErrNotFound
	}
	if err != nil {
		return Key{}, fmt.Errorf("key by hash: %w", err)
	}
	return k, nil
}

// KeyByID returns the key with id.
func (s *Store) KeyByID(ctx context.Context, id string) (Key, error) {
	k, err := scanKey(s.queryRow(ctx, `SELECT `+keyColumns+` FROM api_keys WHERE key_id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Key{}, ErrNotFound
	}
	if err != nil {
		return Key{}, fmt.Errorf("key %s: %w", id, err)
	}
	return k, nil
}

// ListKeys returns every key, newest first.
func (s *Store) ListKeys(ctx context.Context) ([]Key, error) {
	rows, err := s.query(ctx, `SELECT `+keyColumns+` FROM api_keys ORDER BY created_at DESC, key_id`)
	if err != nil {
		return nil, fmt.Errorf("list keys: %w", err)
	}
	defer rows.Close()
	var out []Key
	for rows.Next() {
		k, err := scanKey(rows)
		if err != nil {
			return nil, fmt.Errorf("list keys: %w", err)
		}
		out = append(out, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list keys: %w", err)
	}
	return out, nil
}

// SetKeyActive activates or deactivates a key.
func (s *Store) SetKeyActive(ctx context.Context, id string, active bool) error {
	return s.updateKey(ctx, id, `is_active = ?`, active)
}

// SetKeyCache turns result caching on or off for a key.
func (s *Store) SetKeyCache(ctx context.Context, id string, enabled bool) error {
	return s.updateKey(ctx, id, `cache_enabled = ?`, enabled)
}

// RotateKey replaces a key's secret hash and hint; the old secret stops
// working, the id, tenant and settings stay.
func (s *Store) RotateKey(ctx context.Context, id, hash, hint string) error {
	err := s.updateKey(ctx, id, `key_hash = ?, key_hint = ?`, hash, hint)
	if isUniqueViolation(err) {
		return fmt.Errorf("rotate key %s: %w", id, ErrExists)
	}
	return err
}

func (s *Store) updateKey(ctx context.Context, id, set string, args ...any) error {
	args = append(args, ms(s.now()), id)
	res, err := s.exec(ctx, `UPDATE api_keys SET `+set+`, updated_at = ? WHERE key_id = ?`, args...)
	if err != nil {
		return fmt.Errorf("update key %s: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("update key %s: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("key %s: %w", id, ErrNotFound)
	}
	return nil
}
