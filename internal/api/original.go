// Package api holds the JSON shapes of the original AppenCorrect API
// (ORIGINAL_API.md) and their construction from a pipeline result, shared by
// the HTTP server and the command line.
package api

import (
	"fmt"
	"time"

	"appencorrect/internal/correction"
	"appencorrect/internal/pipeline"
)

// Correction is one correction as the original API returns it. Position is
// [start, end) in Unicode code points of the original text; the other
// fields after Source are additions of this service.
type Correction struct {
	Type        string   `json:"type"`
	Position    [2]int   `json:"position"`
	Original    string   `json:"original"`
	Suggestion  string   `json:"suggestion"`
	Source      string   `json:"source"`
	Suggestions []string `json:"suggestions"`
	Message     string   `json:"message,omitempty"`
	RuleID      string   `json:"rule_id,omitempty"`
	// PositionUTF16 is the same span in UTF-16 code units, for browsers.
	PositionUTF16 [2]int `json:"position_utf16"`
}

// Statistics is the "statistics" object of a check response.
type Statistics struct {
	TotalErrors       int     `json:"total_errors"`
	SpellingErrors    int     `json:"spelling_errors"`
	GrammarErrors     int     `json:"grammar_errors"`
	PunctuationErrors int     `json:"punctuation_errors"`
	StyleSuggestions  int     `json:"style_suggestions"`
	TextLength        int     `json:"text_length"`
	WasChunked        bool    `json:"was_chunked"`
	NumChunks         *int    `json:"num_chunks"`
	ProcessingTime    string  `json:"processing_time"`
	APIAvailable      bool    `json:"api_available"`
	APIType           string  `json:"api_type"`
	AIFirstMode       bool    `json:"ai_first_mode"`
	DetectedLanguage  *string `json:"detected_language"`
}

// CheckResponse is the body of a successful /check or /demo/check.
type CheckResponse struct {
	Status        string       `json:"status"`
	OriginalText  string       `json:"original_text"`
	Corrections   []Correction `json:"corrections"`
	ProcessedText string       `json:"processed_text"`
	Statistics    Statistics   `json:"statistics"`
	// Degraded is true when a fallback engine answered because the
	// configured one failed; DegradedReason says why.
	Degraded       bool   `json:"degraded"`
	DegradedReason string `json:"degraded_reason,omitempty"`
	Language       string `json:"language"`
}

// Corrections converts corrections with byte offsets into text to the API
// shape, in order, with an empty (not null) list when there are none.
func Corrections(text string, cs []correction.Correction) []Correction {
	out := make([]Correction, 0, len(cs))
	if len(cs) == 0 {
		return out
	}
	off := correction.NewOffsets(text)
	for _, c := range cs {
		sugg := c.Suggestions
		if sugg == nil {
			sugg = []string{}
		}
		out = append(out, Correction{
			Type:          string(c.Type),
			Position:      [2]int{off.Runes(c.Start), off.Runes(c.End)},
			PositionUTF16: [2]int{off.UTF16(c.Start), off.UTF16(c.End)},
			Original:      c.Original,
			Suggestion:    c.Suggestion(),
			Source:        c.Engine,
			Suggestions:   sugg,
			Message:       c.Message,
			RuleID:        c.RuleID,
		})
	}
	return out
}

// Count returns the statistics counters of cs.
func Count(cs []correction.Correction) (s Statistics) {
	for _, c := range cs {
		switch c.Type {
		case correction.Spelling:
			s.SpellingErrors++
		case correction.Grammar:
			s.GrammarErrors++
		case correction.Punctuation:
			s.PunctuationErrors++
		case correction.Style:
			s.StyleSuggestions++
		}
	}
	s.TotalErrors = len(cs)
	return s
}

// FormatDuration renders a processing time as the original did ("0.002s").
func FormatDuration(d time.Duration) string {
	return fmt.Sprintf("%.3fs", d.Seconds())
}

// NewCheckResponse builds the response for res; aiFirst echoes the
// request's ai_first_mode option.
func NewCheckResponse(res *pipeline.Result, aiFirst bool) CheckResponse {
	st := Count(res.Corrections)
	st.TextLength = correction.NewOffsets(res.Text).RuneCount()
	st.WasChunked = res.Chunks > 1
	if st.WasChunked {
		n := res.Chunks
		st.NumChunks = &n
	}
	st.ProcessingTime = FormatDuration(res.Elapsed)
	st.APIAvailable = !res.Degraded
	st.APIType = res.Engine
	st.AIFirstMode = aiFirst
	if res.Detected {
		code := res.Language.String()
		st.DetectedLanguage = &code
	}
	return CheckResponse{
		Status:         "success",
		OriginalText:   res.Text,
		Corrections:    Corrections(res.Text, res.Corrections),
		ProcessedText:  res.Corrected,
		Statistics:     st,
		Degraded:       res.Degraded,
		DegradedReason: res.Reason,
		Language:       res.Language.String(),
	}
}
