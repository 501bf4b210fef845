package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"appencorrect/internal/api"
	"appencorrect/internal/language"
	"appencorrect/internal/pipeline"
)

// checkBody is the request body of the check endpoints. Pointers tell a
// missing field from an empty one.
type checkBody struct {
	Text     *string        `json:"text"`
	Language *string        `json:"language"`
	UseCase  *string        `json:"use_case"`
	Options  map[string]any `json:"options"`
}

// checkInput is a validated check request.
type checkInput struct {
	req     pipeline.Request
	useCase string
	aiFirst bool
}

const maxUseCase = 100

// parseCheck reads and validates a check request body.
func (s *Server) parseCheck(r *http.Request) (checkInput, error) {
	var body checkBody
	if err := decodeJSON(r, &body); err != nil {
		return checkInput{}, err
	}
	if body.Text == nil {
		return checkInput{}, badRequest("field \"text\" is required")
	}
	text := *body.Text
	if !utf8.ValidString(text) {
		return checkInput{}, badRequest("field \"text\" is not valid UTF-8")
	}
	n := utf8.RuneCountInString(text)
	if n == 0 {
		return checkInput{}, badRequest("field \"text\" is empty; send 1 to %d characters", s.cfg.MaxTextLength)
	}
	if n > s.cfg.MaxTextLength {
		return checkInput{}, &requestError{http.StatusRequestEntityTooLarge, "Text too long",
			fmt.Sprintf("field \"text\" has %d characters; the limit is %d", n, s.cfg.MaxTextLength)}
	}
	in := checkInput{req: pipeline.Request{Text: text}, aiFirst: true}
	if body.Language != nil {
		tag, err := language.Parse(*body.Language)
		if err != nil {
			return checkInput{}, badRequest("field \"language\": %v", err)
		}
		in.req.Language = tag
	}
	if body.UseCase != nil {
		uc := strings.TrimSpace(*body.UseCase)
		if utf8.RuneCountInString(uc) > maxUseCase {
			return checkInput{}, badRequest("field \"use_case\" has more than %d characters", maxUseCase)
		}
		in.useCase = uc
	}
	for k, v := range body.Options {
		switch k {
		case "ai_first_mode":
			b, ok := v.(bool)
			if !ok {
				return checkInput{}, badRequest("option \"ai_first_mode\" must be true or false")
			}
			in.aiFirst = b
		}
	}
	return in, nil
}

// runCheck runs the pipeline under the request deadline and answers errors;
// it returns nil when it already answered.
func (s *Server) runCheck(w http.ResponseWriter, r *http.Request, in checkInput) *pipeline.Result {
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
	defer cancel()
	res, err := s.deps.Pipeline.Check(ctx, in.req)
	if err != nil {
		s.writeCheckError(w, r, err)
		return nil
	}
	return res
}

// writeCheckError answers a failed check: never a 200 that looks clean.
func (s *Server) writeCheckError(w http.ResponseWriter, r *http.Request, err error) {
	status, body, retryAfter := s.checkFailure(r, err)
	if retryAfter != "" {
		w.Header().Set("Retry-After", retryAfter)
	}
	writeJSON(w, status, body)
}

// checkFailure maps a failed check to its answer: the status, the error
// body and the Retry-After value ("" for none). It logs the failure.
func (s *Server) checkFailure(r *http.Request, err error) (status int, body ErrorBody, retryAfter string) {
	id := RequestID(r.Context())
	e := func(short, message string) ErrorBody {
		return ErrorBody{Status: "error", Error: short, Message: message}
	}
	switch {
	case r.Context().Err() != nil:
		// The client went away; nobody reads this answer.
		s.log.Info("client gone", "request_id", id, "error", err)
		return 499, e("Client closed request", "the request was cancelled"), ""
	case errors.Is(err, context.DeadlineExceeded):
		s.log.Warn("check timed out", "request_id", id, "error", err)
		return http.StatusGatewayTimeout, e("Timeout", fmt.Sprintf("the check did not finish within %s", s.cfg.RequestTimeout)), ""
	}
	if d, busy := pipeline.RetryAfter(err); busy {
		// Every model endpoint is at capacity: come back later.
		secs := max(1, int((d+time.Second-1)/time.Second))
		s.log.Warn("model endpoints saturated", "request_id", id, "error", err)
		return http.StatusServiceUnavailable, e("Service busy",
			fmt.Sprintf("every model server is busy; nothing was corrected. Retry after %d s.", secs)), strconv.Itoa(secs)
	}
	s.log.Error("check failed", "request_id", id, "error", err)
	return http.StatusServiceUnavailable, e("Check failed", "the correction engine failed on this text; nothing was corrected. Retry later."), ""
}

func (s *Server) demoCheck(w http.ResponseWriter, r *http.Request) {
	in, err := s.parseCheck(r)
	if err != nil {
		writeRequestError(w, err)
		return
	}
	res := s.runCheck(w, r, in)
	if res == nil {
		return
	}
	writeJSON(w, http.StatusOK, api.NewCheckResponse(res, in.aiFirst))
}
