package store

import (
	"context"
	"fmt"
)

// EnsureSetting stores value under name unless a value is already stored,
// and returns the stored one. Replicas racing to create the same setting
// all end up with the first writer's value.
func (s *Store) EnsureSetting(ctx context.Context, name, value string) (string, error) {
	if _, err := s.exec(ctx, `INSERT INTO settings (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING`,
		name, value, ms(s.now())); err != nil {
		return "", fmt.Errorf("setting %s: %w", name, err)
	}
	var v string
	if err := s.queryRow(ctx, `SELECT value FROM settings WHERE name = ?`, name).Scan(&v); err != nil {
		return "", fmt.Errorf("setting %s: %w", name, err)
	}
	return v, nil
}
