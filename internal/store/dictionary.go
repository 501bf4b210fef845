package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrTooManyWords is returned when adding would take a tenant over its
// limit of listed words.
var ErrTooManyWords = errors.New("too many words")

// bumpDictVersion increments a tenant's dictionary version inside tx.
func (s *Store) bumpDictVersion(ctx context.Context, tx *sql.Tx, tenant string) error {
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO dictionary_versions (tenant, version) VALUES (?, 1)
		ON CONFLICT (tenant) DO UPDATE SET version = dictionary_versions.version + 1`), tenant)
	if err != nil {
		return fmt.Errorf("dictionary version: %w", err)
	}
	return nil
}

// AddWords lists words (already normalized) in the tenant's dictionary
// dict ("" is the default one). Words already there are skipped. It fails
// with ErrTooManyWords, adding nothing, when the tenant would hold more
// than max words over all its dictionaries. It returns how many were new.
func (s *Store) AddWords(ctx context.Context, tenant, dict string, words []string, max int) (int, error) {
	added := 0
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if s.kind == Postgres {
			// Serialise a tenant's additions so that the count holds.
			if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(hashtext($1))", "dict:"+tenant); err != nil {
				return fmt.Errorf("dictionary lock: %w", err)
			}
		}
		var have int
		if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM dictionary_words WHERE tenant = ?`), tenant).Scan(&have); err != nil {
			return fmt.Errorf("count words: %w", err)
		}
		now := ms(s.now())
		for _, w := range words {
			res, err := tx.ExecContext(ctx, s.q(`INSERT INTO dictionary_words (tenant, dict, word, created_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (tenant, dict, word) DO NOTHING`), tenant, dict, w, now)
			if err != nil {
				return fmt.Errorf("add word: %w", err)
			}
			if n, _ := res.RowsAffected(); n > 0 {
				added++
			}
		}
		if have+added > max {
			return fmt.Errorf("%w: the tenant would hold %d words; the limit is %d", ErrTooManyWords, have+added, max)
		}
		if added > 0 {
			return s.bumpDictVersion(ctx, tx, tenant)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return added, nil
}

// DeleteWords removes words from the tenant's dictionary dict and returns
// how many were there.
func (s *Store) DeleteWords(ctx context.Context, tenant, dict string, words []string) (int, error) {
	deleted := 0
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, w := range words {
			res, err := tx.ExecContext(ctx, s.q(`DELETE FROM dictionary_words WHERE tenant = ? AND dict = ? AND word = ?`), tenant, dict, w)
			if err != nil {
				return fmt.Errorf("delete word: %w", err)
			}
			if n, _ := res.RowsAffected(); n > 0 {
				deleted++
			}
		}
		if deleted > 0 {
			return s.bumpDictVersion(ctx, tx, tenant)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return deleted, nil
}

// DictWord is one listed word.
type DictWord struct {
	Dict string
	Word string
}

// ListWords returns the tenant's words in dicts (every dictionary when
// dicts is empty), ordered by dictionary and word, from offset, at most
// limit, and the total.
func (s *Store) ListWords(ctx context.Context, tenant string, dicts []string, offset, limit int) ([]DictWord, int, error) {
	where := ` WHERE tenant = ?`
	args := []any{tenant}
	if len(dicts) > 0 {
		where += ` AND dict IN (?` + strings.Repeat(`, ?`, len(dicts)-1) + `)`
		for _, d := range dicts {
			args = append(args, d)
		}
	}
	var total int
	if err := s.queryRow(ctx, `SELECT COUNT(*) FROM dictionary_words`+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count words: %w", err)
	}
	rows, err := s.query(ctx, `SELECT dict, word FROM dictionary_words`+where+` ORDER BY dict, word LIMIT `+
		strconv.Itoa(limit)+` OFFSET `+strconv.Itoa(offset), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list words: %w", err)
	}
	defer rows.Close()
	var out []DictWord
	for rows.Next() {
		var w DictWord
		if err := rows.Scan(&w.Dict, &w.Word); err != nil {
			return nil, 0, fmt.Errorf("list words: %w", err)
		}
		out = append(out, w)
	}
	return out, total, rows.Err()
}

// DictVersion is the tenant's dictionary version: 0 before any change.
func (s *Store) DictVersion(ctx context.Context, tenant string) (int64, error) {
	var v int64
	err := s.queryRow(ctx, `SELECT version FROM dictionary_versions WHERE tenant = ?`, tenant).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("dictionary version: %w", err)
	}
	return v, nil
}

// TenantWords returns the tenant's words in dicts (every dictionary when
// dicts is nil) and the version they were read at, in one transaction.
func (s *Store) TenantWords(ctx context.Context, tenant string, dicts []string) ([]string, int64, error) {
	var words []string
	var version int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, s.q(`SELECT version FROM dictionary_versions WHERE tenant = ?`), tenant).Scan(&version)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("dictionary version: %w", err)
		}
		if version == 0 {
			return nil // never changed: nothing listed
		}
		q := `SELECT word FROM dictionary_words WHERE tenant = ?`
		args := []any{tenant}
		if dicts != nil {
			if len(dicts) == 0 {
				return nil
			}
			q += ` AND dict IN (?` + strings.Repeat(`, ?`, len(dicts)-1) + `)`
			for _, d := range dicts {
				args = append(args, d)
			}
		}
		rows, err := tx.QueryContext(ctx, s.q(q), args...)
		if err != nil {
			return fmt.Errorf("tenant words: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var w string
			if err := rows.Scan(&w); err != nil {
				return fmt.Errorf("tenant words: %w", err)
			}
			words = append(words, w)
		}
		return rows.Err()
	})
	return words, version, err
}
