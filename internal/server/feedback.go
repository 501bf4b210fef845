package server

import (
	"appencorrect/internal/textguard"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"appencorrect/internal/store"
)

// Feedback types and correction types the API accepts.
var (
	feedbackTypes   = []string{"positive", "negative", "manual_correction", "missing_error", "text_confirmed_clean"}
	correctionTypes = []string{"spelling", "grammar", "style", "punctuation", "missed_error", "general"}
)

type feedbackBody struct {
	Original       *string  `json:"original"`
	AISuggestion   *string  `json:"ai_suggestion"`
	FeedbackType   *string  `json:"feedback_type"`
	UserCorrection string   `json:"user_correction"`
	CorrectionType string   `json:"correction_type"`
	Confidence     *float64 `json:"confidence"`
	FullText       string   `json:"full_text"`
}

func oneOf(v string, set []string) bool {
	for _, s := range set {
		if v == s {
			return true
		}
	}
	return false
}

// checkLen checks a field's length in characters.
func checkLen(name, v string, lo, hi int) error {
	if !utf8.ValidString(v) {
		return badRequest("field %q is not valid UTF-8", name)
	}
	n := utf8.RuneCountInString(v)
	if n < lo || n > hi {
		if lo > 0 {
			return badRequest("field %q must have %d to %d characters, not %d", name, lo, hi, n)
		}
		return badRequest("field %q must have at most %d characters, not %d", name, hi, n)
	}
	return nil
}

func (b *feedbackBody) validate() error {
	switch {
	case b.Original == nil:
		return badRequest("field \"original\" is required")
	case b.AISuggestion == nil:
		return badRequest("field \"ai_suggestion\" is required")
	case b.FeedbackType == nil:
		return badRequest("field \"feedback_type\" is required")
	case !oneOf(*b.FeedbackType, feedbackTypes):
		return badRequest("field \"feedback_type\" must be one of %v", feedbackTypes)
	case b.CorrectionType != "" && !oneOf(b.CorrectionType, correctionTypes):
		return badRequest("field \"correction_type\" must be one of %v", correctionTypes)
	case b.Confidence != nil && (*b.Confidence < 0 || *b.Confidence > 1):
		return badRequest("field \"confidence\" must be between 0 and 1")
	}
	for _, f := range []struct {
		name   string
		v      string
		lo, hi int
	}{
		{"original", *b.Original, 1, 1000},
		{"ai_suggestion", *b.AISuggestion, 1, 1000},
		{"user_correction", b.UserCorrection, 0, 1000},
		{"full_text", b.FullText, 0, 10000},
	} {
		if err := checkLen(f.name, f.v, f.lo, f.hi); err != nil {
			return err
		}
		if f.v != "" && strings.TrimSpace(f.v) == "" {
			return badRequest("field %q is only white space", f.name)
		}
		if err := textguard.Check(f.name, f.v, textguard.Prose); err != nil {
			return badRequest("%v", err)
		}
	}
	return nil
}

// submitFeedback stores feedback from a key's client (/feedback) or the
// demo page (/demo/feedback).
func (s *Server) submitFeedback(w http.ResponseWriter, r *http.Request) {
	var b feedbackBody
	if err := decodeJSON(r, &b); err != nil {
		writeRequestError(w, err)
		return
	}
	if err := b.validate(); err != nil {
		writeRequestError(w, err)
		return
	}
	fb := store.Feedback{Source: "demo", Original: *b.Original, AISuggestion: *b.AISuggestion, FeedbackType: *b.FeedbackType,
		UserCorrection: b.UserCorrection, CorrectionType: b.CorrectionType, Confidence: b.Confidence, FullText: b.FullText}
	if p := principalFrom(r.Context()); p.key != nil {
		fb.Source, fb.KeyID = "api", p.key.ID
	}
	id, err := s.deps.Store.InsertFeedback(r.Context(), fb)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "success", "message": "Feedback received successfully",
		"feedback_id": "fb_" + strconv.FormatInt(id, 10)})
}

// FeedbackEntry is one item of GET /api/feedback.
type FeedbackEntry struct {
	ID             string   `json:"id"`
	Timestamp      string   `json:"timestamp"`
	Original       string   `json:"original"`
	AISuggestion   string   `json:"ai_suggestion"`
	UserCorrection string   `json:"user_correction"`
	FeedbackType   string   `json:"feedback_type"`
	CorrectionType string   `json:"correction_type"`
	Confidence     *float64 `json:"confidence"`
	FullText       string   `json:"full_text"`
	Source         string   `json:"source"`
	KeyID          string   `json:"key_id,omitempty"`
}

func (s *Server) listFeedback(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	days, err := parseDays(r, 365)
	if err != nil {
		writeRequestError(w, err)
		return
	}
	f := store.FeedbackFilter{Since: time.Now().AddDate(0, 0, -days), FeedbackType: q.Get("feedback_type"), Limit: 500}
	if f.FeedbackType != "" && !oneOf(f.FeedbackType, feedbackTypes) {
		writeError(w, http.StatusBadRequest, "Invalid request", fmt.Sprintf("parameter \"feedback_type\" must be one of %v", feedbackTypes))
		return
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 5000 {
			writeError(w, http.StatusBadRequest, "Invalid request", "parameter \"limit\" must be a whole number from 1 to 5000")
			return
		}
		f.Limit = n
	}
	list, counts, err := s.deps.Store.ListFeedback(r.Context(), f)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	out := make([]FeedbackEntry, 0, len(list))
	for _, fb := range list {
		out = append(out, FeedbackEntry{ID: "fb_" + strconv.FormatInt(fb.ID, 10), Timestamp: fb.Time.Format(time.RFC3339),
			Original: fb.Original, AISuggestion: fb.AISuggestion, UserCorrection: fb.UserCorrection, FeedbackType: fb.FeedbackType,
			CorrectionType: fb.CorrectionType, Confidence: fb.Confidence, FullText: fb.FullText, Source: fb.Source, KeyID: fb.KeyID})
	}
	stats := map[string]int64{"total": 0}
	for _, t := range feedbackTypes {
		stats[t] = counts[t]
		stats["total"] += counts[t]
	}
	writeJSON(w, http.StatusOK, map[string]any{"success": true, "feedback": out, "stats": stats})
}
