package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"
)

// UsageRecord is one request as recorded for usage and cost accounting.
type UsageRecord struct {
	Time             time.Time
	KeyID            string // empty for unauthenticated requests
	Endpoint         string
	Method           string
	Status           int
	Latency          time.Duration
	Characters       int
	RequestBytes     int64
	ResponseBytes    int64
	PromptTokens     int
	CompletionTokens int
	CacheHit         bool
	Engine           string
	Model            string
	RequestID        string
}

const usageColumns = `created_at, key_id, endpoint, method, status, latency_ms, characters, request_bytes,
	response_bytes, prompt_tokens, completion_tokens, cache_hit, engine, model, request_id`

// usageBatch bounds the rows of one INSERT (15 parameters each), under
// SQLite's and PostgreSQL's parameter limits.
const usageBatch = 500

// InsertUsage writes records in one transaction and adds them to their
// keys' usage_count and last_used_at.
func (s *Store) InsertUsage(ctx context.Context, recs []UsageRecord) error {
	if len(recs) == 0 {
		return nil
	}
	type keyUse struct {
		n    int64
		last int64
	}
	perKey := map[string]*keyUse{}
	for _, r := range recs {
		if r.KeyID == "" {
			continue
		}
		u := perKey[r.KeyID]
		if u == nil {
			u = &keyUse{}
			perKey[r.KeyID] = u
		}
		u.n++
		u.last = max(u.last, ms(r.Time))
	}
	ids := make([]string, 0, len(perKey))
	for id := range perKey {
		ids = append(ids, id)
	}
	sort.Strings(ids) // a fixed order: concurrent writers lock rows alike
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for start := 0; start < len(recs); start += usageBatch {
			part := recs[start:min(start+usageBatch, len(recs))]
			var b strings.Builder
			b.WriteString("INSERT INTO usage_records (" + usageColumns + ") VALUES ")
			args := make([]any, 0, len(part)*15)
			for i, r := range part {
				if i > 0 {
					b.WriteByte(',')
				}
				b.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
				args = append(args, ms(r.Time), nullString(r.KeyID), r.Endpoint, r.Method, r.Status,
					float64(r.Latency.Microseconds())/1000, r.Characters, r.RequestBytes, r.ResponseBytes,
					r.PromptTokens, r.CompletionTokens, r.CacheHit, r.Engine, r.Model, r.RequestID)
			}
			if _, err := tx.ExecContext(ctx, s.q(b.String()), args...); err != nil {
				return fmt.Errorf("insert usage: %w", err)
			}
		}
		for _, id := range ids {
			u := perKey[id]
			if _, err := tx.ExecContext(ctx, s.q(`UPDATE api_keys SET usage_count = usage_count + ?,
				last_used_at = CASE WHEN last_used_at IS NULL OR last_used_at < ? THEN ? ELSE last_used_at END
				WHERE key_id = ?`), u.n, u.last, u.last, id); err != nil {
				return fmt.Errorf("key usage %s: %w", id, err)
			}
		}
		return nil
	})
}

// CountUsage returns the number of usage records, for keyID when it is
// not empty, since the given time.
func (s *Store) CountUsage(ctx context.Context, keyID string, since time.Time) (int64, error) {
	where, args := usageWhere(keyID, since)
	var n int64
	if err := s.queryRow(ctx, `SELECT COUNT(*) FROM usage_records`+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count usage: %w", err)
	}
	return n, nil
}

func usageWhere(keyID string, since time.Time) (string, []any) {
	where := ` WHERE created_at >= ?`
	args := []any{ms(since)}
	if keyID != "" {
		where += ` AND key_id = ?`
		args = append(args, keyID)
	}
	return where, args
}

// UsageStat aggregates usage records by one dimension (the endpoint for
// one key, the key otherwise).
type UsageStat struct {
	KeyID             string  `json:"key_id,omitempty"`
	Endpoint          string  `json:"endpoint,omitempty"`
	Count             int64   `json:"count"`
	AvgProcessingTime float64 `json:"avg_processing_time"`
	TotalRequestSize  int64   `json:"total_request_size"`
	TotalResponseSize int64   `json:"total_response_size"`
	Errors            int64   `json:"errors"`
	CacheHits         int64   `json:"cache_hits"`
	Characters        int64   `json:"characters"`
	PromptTokens      int64   `json:"input_tokens"`
	CompletionTokens  int64   `json:"output_tokens"`
}

// UsageStats aggregates usage since a time: by endpoint for keyID, or by
// key (requests without a key under "") when keyID is empty. Rows are
// ordered by count, largest first.
func (s *Store) UsageStats(ctx context.Context, keyID string, since time.Time) ([]UsageStat, error) {
	where, args := usageWhere(keyID, since)
	group := "COALESCE(key_id, '')"
	if keyID != "" {
		group = "endpoint"
	}
	rows, err := s.query(ctx, `SELECT `+group+`, COUNT(*), AVG(latency_ms), SUM(request_bytes), SUM(response_bytes),
		SUM(CASE WHEN status >= 400 THEN 1 ELSE 0 END), SUM(CASE WHEN cache_hit THEN 1 ELSE 0 END),
		SUM(characters), SUM(prompt_tokens), SUM(completion_tokens)
		FROM usage_records`+where+` GROUP BY `+group+` ORDER BY COUNT(*) DESC, `+group, args...)
	if err != nil {
		return nil, fmt.Errorf("usage stats: %w", err)
	}
	defer rows.Close()
	out := []UsageStat{}
	for rows.Next() {
		var u UsageStat
		var dim string
		if err := rows.Scan(&dim, &u.Count, &u.AvgProcessingTime, &u.TotalRequestSize, &u.TotalResponseSize,
			&u.Errors, &u.CacheHits, &u.Characters, &u.PromptTokens, &u.CompletionTokens); err != nil {
			return nil, fmt.Errorf("usage stats: %w", err)
		}
		if keyID != "" {
			u.Endpoint = dim
		} else {
			u.KeyID = dim
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("usage stats: %w", err)
	}
	return out, nil
}

// CostRow aggregates usage by key, UTC day, endpoint, model and whether
// the model ran (cache hits and built-in answers use no model tokens).
type CostRow struct {
	KeyID            string
	Day              time.Time
	Endpoint         string
	Model            string
	Cached           bool
	Requests         int64
	PromptTokens     int64
	CompletionTokens int64
	AvgLatencyMS     float64
}

// CostRows returns usage since a time grouped for cost analytics,
// newest day first; keyID empty means every key.
func (s *Store) CostRows(ctx context.Context, keyID string, since time.Time) ([]CostRow, error) {
	where, args := usageWhere(keyID, since)
	const day = "(created_at / 86400000)"
	rows, err := s.query(ctx, `SELECT COALESCE(key_id, ''), `+day+`, endpoint, model, cache_hit, COUNT(*),
		SUM(prompt_tokens), SUM(completion_tokens), AVG(latency_ms)
		FROM usage_records`+where+`
		GROUP BY COALESCE(key_id, ''), `+day+`, endpoint, model, cache_hit
		ORDER BY `+day+` DESC, COALESCE(key_id, ''), endpoint, model, cache_hit`, args...)
	if err != nil {
		return nil, fmt.Errorf("cost rows: %w", err)
	}
	defer rows.Close()
	var out []CostRow
	for rows.Next() {
		var c CostRow
		var d int64
		if err := rows.Scan(&c.KeyID, &d, &c.Endpoint, &c.Model, &c.Cached, &c.Requests,
			&c.PromptTokens, &c.CompletionTokens, &c.AvgLatencyMS); err != nil {
			return nil, fmt.Errorf("cost rows: %w", err)
		}
		c.Day = time.Unix(d*86400, 0).UTC()
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("cost rows: %w", err)
	}
	return out, nil
}
