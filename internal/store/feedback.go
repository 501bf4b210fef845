package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Feedback is a user's verdict on one suggestion.
type Feedback struct {
	ID             int64
	Time           time.Time
	KeyID          string // empty for the demo endpoint
	Source         string // "api" or "demo"
	Original       string
	AISuggestion   string
	FeedbackType   string
	UserCorrection string
	CorrectionType string
	Confidence     *float64
	FullText       string
}

// InsertFeedback stores f and returns its id.
func (s *Store) InsertFeedback(ctx context.Context, f Feedback) (int64, error) {
	if f.Time.IsZero() {
		f.Time = s.now()
	}
	var conf sql.NullFloat64
	if f.Confidence != nil {
		conf = sql.NullFloat64{Float64: *f.Confidence, Valid: true}
	}
	var id int64
	err := s.queryRow(ctx, `INSERT INTO feedback (created_at, key_id, source, original, ai_suggestion, feedback_type,
		user_correction, correction_type, confidence, full_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		ms(f.Time), nullString(f.KeyID), f.Source, f.Original, f.AISuggestion, f.FeedbackType,
		f.UserCorrection, f.CorrectionType, conf, f.FullText).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert feedback: %w", err)
	}
	return id, nil
}

// FeedbackFilter selects feedback rows.
type FeedbackFilter struct {
	Since        time.Time
	FeedbackType string
	KeyID        string
	Limit        int // 0 means 500
}

// ListFeedback returns feedback, newest first, and the count of every
// matching row by feedback type (not only the returned ones).
func (s *Store) ListFeedback(ctx context.Context, f FeedbackFilter) ([]Feedback, map[string]int64, error) {
	where := ` WHERE created_at >= ?`
	args := []any{ms(f.Since)}
	if f.FeedbackType != "" {
		where += ` AND feedback_type = ?`
		args = append(args, f.FeedbackType)
	}
	if f.KeyID != "" {
		where += ` AND key_id = ?`
		args = append(args, f.KeyID)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 500
	}
	rows, err := s.query(ctx, `SELECT id, created_at, COALESCE(key_id, ''), source, original, ai_suggestion, feedback_type,
		user_correction, correction_type, confidence, full_text FROM feedback`+where+
		` ORDER BY created_at DESC, id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, nil, fmt.Errorf("list feedback: %w", err)
	}
	defer rows.Close()
	var out []Feedback
	for rows.Next() {
		var fb Feedback
		var t int64
		var conf sql.NullFloat64
		if err := rows.Scan(&fb.ID, &t, &fb.KeyID, &fb.Source, &fb.Original, &fb.AISuggestion, &fb.FeedbackType,
			&fb.UserCorrection, &fb.CorrectionType, &conf, &fb.FullText); err != nil {
			return nil, nil, fmt.Errorf("list feedback: %w", err)
		}
		fb.Time = fromMS(t)
		if conf.Valid {
			v := conf.Float64
			fb.Confidence = &v
		}
		out = append(out, fb)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("list feedback: %w", err)
	}
	counts := map[string]int64{}
	crows, err := s.query(ctx, `SELECT feedback_type, COUNT(*) FROM feedback`+where+` GROUP BY feedback_type`, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("feedback counts: %w", err)
	}
	defer crows.Close()
	for crows.Next() {
		var typ string
		var n int64
		if err := crows.Scan(&typ, &n); err != nil {
			return nil, nil, fmt.Errorf("feedback counts: %w", err)
		}
		counts[typ] = n
	}
	if err := crows.Err(); err != nil {
		return nil, nil, fmt.Errorf("feedback counts: %w", err)
	}
	return out, counts, nil
}
