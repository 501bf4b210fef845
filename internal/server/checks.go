package server

import (
	"errors"
	"net/http"

	"appencorrect/internal/api"
	"appencorrect/internal/correction"
	"appencorrect/internal/pipeline"
	"appencorrect/internal/store"
)

// keyedCheck runs a check for the request's key: its tenant isolates the
// cached results, and the stored instructions of the request's use_case
// (only the tenant's own) steer the model. It returns nil when it
// answered.
func (s *Server) keyedCheck(w http.ResponseWriter, r *http.Request) (*checkInput, *pipeline.Result) {
	in, ok := s.keyedInput(w, r)
	if !ok {
		return nil, nil
	}
	res := s.runCheck(w, r, in)
	if res == nil {
		return nil, nil
	}
	return &in, res
}

// keyedInput reads a check request for the request's key; it answers and
// returns false when the request is bad or the store fails.
func (s *Server) keyedInput(w http.ResponseWriter, r *http.Request) (checkInput, bool) {
	in, err := s.parseCheck(r)
	if err != nil {
		writeRequestError(w, err)
		return in, false
	}
	k := principalFrom(r.Context()).key
	in.req.Tenant = k.Tenant
	in.req.NoCache = !k.CacheEnabled // POST /api/cache/toggle
	if in.useCase != "" {
		text, err := s.deps.Store.Instructions(r.Context(), k.Tenant, in.useCase)
		switch {
		case err == nil:
			in.req.Instructions = text
		case errors.Is(err, store.ErrNotFound):
			// Like the original: an unknown use case checks without
			// instructions.
		default:
			s.storeError(w, r, err)
			return in, false
		}
	}
	return in, true
}

func (s *Server) checkFull(w http.ResponseWriter, r *http.Request) {
	in, res := s.keyedCheck(w, r)
	if res == nil {
		return
	}
	writeJSON(w, http.StatusOK, api.NewCheckResponse(res, in.aiFirst))
}

// filtered keeps the corrections of the given types and the text they
// produce.
func filtered(res *pipeline.Result, types ...correction.Type) ([]correction.Correction, string, error) {
	var keep []correction.Correction
	for _, c := range res.Corrections {
		for _, t := range types {
			if c.Type == t {
				keep = append(keep, c)
				break
			}
		}
	}
	text, err := correction.Apply(res.Text, keep)
	return keep, text, err
}

// PartialStatistics are the statistics of /check/spelling and
// /check/grammar, as the original returned them, plus the punctuation
// count this service adds.
type PartialStatistics struct {
	TotalCorrections       int     `json:"total_corrections"`
	SpellingCorrections    int     `json:"spelling_corrections"`
	GrammarCorrections     int     `json:"grammar_corrections"`
	PunctuationCorrections int     `json:"punctuation_corrections"`
	StyleSuggestions       int     `json:"style_suggestions"`
	TotalErrors            int     `json:"total_errors"`
	SpellingErrors         int     `json:"spelling_errors"`
	GrammarErrors          int     `json:"grammar_errors"`
	ProcessingTime         string  `json:"processing_time"`
	DetectedLanguage       *string `json:"detected_language"`
	APIType                string  `json:"api_type"`
	APIAvailable           bool    `json:"api_available"`
}

// PartialResponse is the body of /check/spelling and /check/grammar: the
// check response without "status", with only some corrections.
type PartialResponse struct {
	OriginalText   string            `json:"original_text"`
	ProcessedText  string            `json:"processed_text"`
	Corrections    []api.Correction  `json:"corrections"`
	Statistics     PartialStatistics `json:"statistics"`
	Degraded       bool              `json:"degraded"`
	DegradedReason string            `json:"degraded_reason,omitempty"`
	Language       string            `json:"language"`
}

func (s *Server) partial(w http.ResponseWriter, r *http.Request, types ...correction.Type) {
	_, res := s.keyedCheck(w, r)
	if res == nil {
		return
	}
	keep, text, err := filtered(res, types...)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c := api.Count(keep)
	st := PartialStatistics{
		TotalCorrections: len(keep), SpellingCorrections: c.SpellingErrors, GrammarCorrections: c.GrammarErrors,
		PunctuationCorrections: c.PunctuationErrors, StyleSuggestions: c.StyleSuggestions, TotalErrors: len(keep),
		SpellingErrors: c.SpellingErrors, GrammarErrors: c.GrammarErrors,
		ProcessingTime: api.FormatDuration(res.Elapsed), APIType: res.Engine, APIAvailable: !res.Degraded,
	}
	if res.Detected {
		code := res.Language.String()
		st.DetectedLanguage = &code
	}
	writeJSON(w, http.StatusOK, PartialResponse{
		OriginalText: res.Text, ProcessedText: text, Corrections: api.Corrections(res.Text, keep), Statistics: st,
		Degraded: res.Degraded, DegradedReason: res.Reason, Language: res.Language.String(),
	})
}

// checkSpelling answers only spelling corrections.
func (s *Server) checkSpelling(w http.ResponseWriter, r *http.Request) {
	s.partial(w, r, correction.Spelling)
}

// checkGrammar answers grammar corrections, punctuation included (the
// original counted punctuation errors as grammar; their type says which).
func (s *Server) checkGrammar(w http.ResponseWriter, r *http.Request) {
	s.partial(w, r, correction.Grammar, correction.Punctuation)
}
