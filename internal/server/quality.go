package server

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"appencorrect/internal/api"
	"appencorrect/internal/pipeline"
	"appencorrect/internal/quality"
)

type qualityBody struct {
	Comment                 *string `json:"comment"`
	RatingContext           string  `json:"rating_context"`
	EnableQualityAssessment *bool   `json:"enable_quality_assessment"`
}

// QualityResponse is the body of /assess/quality.
type QualityResponse struct {
	Status               string           `json:"status"`
	QualityScore         *int             `json:"quality_score"`
	QualityLevel         string           `json:"quality_level"`
	Assessment           string           `json:"assessment"`
	Factors              *quality.Factors `json:"factors"`
	Suggestions          []string         `json:"suggestions"`
	Strengths            []string         `json:"strengths"`
	CommentAnalysis      quality.Analysis `json:"comment_analysis"`
	OriginalComment      string           `json:"original_comment"`
	TechnicalCorrections []api.Correction `json:"technical_corrections"`
	// Additions: how the score was made.
	WeightedScore  float64            `json:"weighted_score"`
	ScoreCap       string             `json:"score_cap,omitempty"`
	Weights        map[string]float64 `json:"weights"`
	Scorer         string             `json:"scorer"`
	Degraded       bool               `json:"degraded"`
	DegradedReason string             `json:"degraded_reason,omitempty"`
	ProcessingTime string             `json:"processing_time"`
}

var qualityWeights = map[string]float64{
	"technical_quality": quality.WeightTechnical, "content_quality": quality.WeightContent,
	"length_appropriateness": quality.WeightLength, "rating_task_suitability": quality.WeightTask,
}

// assessQuality scores a rating comment: the engine finds its technical
// errors, the scorer (the model, or the built-in formula) scores the
// factors, and the server computes the weighted score and applies the caps.
// If the model fails, the built-in scorer answers and the result says so.
func (s *Server) assessQuality(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	var b qualityBody
	if err := decodeJSON(r, &b); err != nil {
		writeRequestError(w, err)
		return
	}
	if b.Comment == nil {
		writeError(w, http.StatusBadRequest, "Invalid request", "field \"comment\" is required")
		return
	}
	if err := checkLen("comment", *b.Comment, 1, 5000); err != nil {
		writeRequestError(w, err)
		return
	}
	if strings.TrimSpace(*b.Comment) == "" {
		writeError(w, http.StatusBadRequest, "Invalid request", "field \"comment\" is blank")
		return
	}
	if err := checkLen("rating_context", b.RatingContext, 0, 1000); err != nil {
		writeRequestError(w, err)
		return
	}
	comment := *b.Comment
	in := checkInput{req: pipeline.Request{Text: comment, Tenant: "demo"}}
	if p := principalFrom(r.Context()); p.key != nil {
		in.req.Tenant = p.key.Tenant
	}
	res := s.runCheck(w, r, in)
	if res == nil {
		return
	}
	a := quality.Analyze(comment, len(res.Corrections))
	out := QualityResponse{
		Status: "success", CommentAnalysis: a, OriginalComment: comment,
		TechnicalCorrections: api.Corrections(res.Text, res.Corrections), Weights: qualityWeights,
		Suggestions: []string{}, Strengths: []string{},
	}
	if b.EnableQualityAssessment != nil && !*b.EnableQualityAssessment {
		out.QualityLevel, out.Scorer = "not_assessed", "none"
		out.Assessment = "Quality assessment disabled by the request; technical corrections only."
		out.ProcessingTime = api.FormatDuration(time.Since(start))
		writeJSON(w, http.StatusOK, out)
		return
	}
	qin := quality.Input{Comment: comment, RatingContext: b.RatingContext, Analysis: a}
	for _, c := range res.Corrections {
		qin.Errors = append(qin.Errors, fmt.Sprintf("%q → %q (%s)", c.Original, c.Suggestion(), c.Type))
	}
	scorer := s.deps.Scorer
	if scorer == nil {
		scorer = quality.Builtin{}
	}
	j, err := scorer.Score(r.Context(), qin)
	noteTokens(r.Context(), scorer.Name(), j.Tokens.Prompt, j.Tokens.Completion)
	out.Scorer = scorer.Name()
	if err != nil {
		if r.Context().Err() != nil {
			s.fail(w, r, err)
			return
		}
		s.log.Warn("quality model failed; built-in scoring answers", "request_id", RequestID(r.Context()), "error", err)
		j, _ = quality.Builtin{}.Score(r.Context(), qin)
		out.Scorer, out.Degraded = "builtin", true
		out.DegradedReason = "the model could not score this comment; the built-in formula did"
	}
	fin := quality.Finalize(&j.Factors, a)
	score := fin.Score
	out.QualityScore, out.QualityLevel, out.WeightedScore, out.ScoreCap = &score, fin.Level, fin.Weighted, fin.Capped
	out.Assessment, out.Factors = j.Assessment, &j.Factors
	if j.Suggestions != nil {
		out.Suggestions = j.Suggestions
	}
	if j.Strengths != nil {
		out.Strengths = j.Strengths
	}
	out.ProcessingTime = api.FormatDuration(time.Since(start))
	writeJSON(w, http.StatusOK, out)
}
