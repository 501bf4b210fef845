package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// ErrTooMany is returned when a tenant already has the most custom
// instructions allowed.
var ErrTooMany = errors.New("too many custom instructions")

// PutInstructions stores a tenant's instructions for a use case, replacing
// earlier ones. A tenant holds at most maxPerTenant use cases (0: no
// bound); a new one beyond that fails with ErrTooMany. created reports
// whether the use case is new.
func (s *Store) PutInstructions(ctx context.Context, tenant, useCase, text string, maxPerTenant int) (created bool, err error) {
	now := ms(s.now())
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var exists int
		err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM custom_instructions WHERE tenant = ? AND use_case = ?`),
			tenant, useCase).Scan(&exists)
		if err != nil {
			return fmt.Errorf("instructions: %w", err)
		}
		if exists > 0 {
			_, err = tx.ExecContext(ctx, s.q(`UPDATE custom_instructions SET instructions = ?, updated_at = ? WHERE tenant = ? AND use_case = ?`),
				text, now, tenant, useCase)
			if err != nil {
				return fmt.Errorf("update instructions: %w", err)
			}
			return nil
		}
		if maxPerTenant > 0 {
			var n int
			if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM custom_instructions WHERE tenant = ?`), tenant).Scan(&n); err != nil {
				return fmt.Errorf("instructions: %w", err)
			}
			if n >= maxPerTenant {
				return fmt.Errorf("tenant has %d use cases: %w", n, ErrTooMany)
			}
		}
		// ON CONFLICT covers a concurrent insert of the same use case
		// (PostgreSQL's default isolation lets two transactions both see
		// "absent").
		_, err = tx.ExecContext(ctx, s.q(`INSERT INTO custom_instructions (tenant, use_case, instructions, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant, use_case) DO UPDATE SET instructions = excluded.instructions, updated_at = excluded.updated_at`),
			tenant, useCase, text, now, now)
		if err != nil {
			return fmt.Errorf("insert instructions: %w", err)
		}
		created = true
		return nil
	})
	return created, err
}

// Instructions returns a tenant's instructions for a use case.
func (s *Store) Instructions(ctx context.Context, tenant, useCase string) (string, error) {
	var text string
	err := s.queryRow(ctx, `SELECT instructions FROM custom_instructions WHERE tenant = ? AND use_case = ?`, tenant, useCase).Scan(&text)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("instructions: %w", err)
	}
	return text, nil
}

// AllInstructions returns a tenant's instructions by use case.
func (s *Store) AllInstructions(ctx context.Context, tenant string) (map[string]string, error) {
	rows, err := s.query(ctx, `SELECT use_case, instructions FROM custom_instructions WHERE tenant = ? ORDER BY use_case`, tenant)
	if err != nil {
		return nil, fmt.Errorf("instructions: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var uc, text string
		if err := rows.Scan(&uc, &text); err != nil {
			return nil, fmt.Errorf("instructions: %w", err)
		}
		out[uc] = text
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("instructions: %w", err)
	}
	return out, nil
}

// DeleteInstructions removes a tenant's instructions for a use case and
// reports whether there were any.
func (s *Store) DeleteInstructions(ctx context.Context, tenant, useCase string) (bool, error) {
	res, err := s.exec(ctx, `DELETE FROM custom_instructions WHERE tenant = ? AND use_case = ?`, tenant, useCase)
	if err != nil {
		return false, fmt.Errorf("delete instructions: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("delete instructions: %w", err)
	}
	return n > 0, nil
}
