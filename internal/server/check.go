package server

import (
	"appencorrect/internal/textguard"
	"context"
	"fmt"
	"net/http"
	"strings"
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
	// Dicts names the key's dictionaries to use (besides the default
	// one); absent: every one. Dictionary are words for this check only.
	Dicts      []string `json:"dicts"`
	Dictionary []string `json:"dictionary"`
}

// checkInput is a validated check request.
type checkInput struct {
	req     pipeline.Request
	useCase string
	aiFirst bool
	// dicts and words: the dictionaries named, and the words sent.
	dicts []string
	words []string
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
	if err := textguard.NoNUL("text", text); err != nil {
		return checkInput{}, badRequest("%v", err)
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
	if body.Dicts != nil {
		in.dicts = []string{}
		for _, d := range body.Dicts {
			n, err := dictName(d)
			if err != nil {
				return checkInput{}, err
			}
			in.dicts = append(in.dicts, n)
		}
	}
	if len(body.Dictionary) > 0 {
		ws, err := normalizeWords(body.Dictionary, maxRequestWords)
		if err != nil {
			return checkInput{}, badRequest("field \"dictionary\": %v", err)
		}
		in.words = ws
	}
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
		if err := textguard.Check("use_case", uc, textguard.Label); err != nil {
			return checkInput{}, badRequest("%v", err)
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
	if !s.prepareCheck(w, r, &in) {
		return nil
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
	defer cancel()
	res, err := s.deps.Pipeline.Check(ctx, in.req)
	noteCheck(r.Context(), utf8.RuneCountInString(in.req.Text), res)
	if err != nil {
		s.fail(w, r, err)
		return nil
	}
	return res
}

// prepareCheck completes in for the pipeline (the words of its
// dictionaries, the tenant's); it answers and returns false on failure.
// Shared by runCheck and the check stream.
func (s *Server) prepareCheck(w http.ResponseWriter, r *http.Request, in *checkInput) bool {
	tenant := ""
	if p := principalFrom(r.Context()); p.key != nil {
		tenant = p.key.Tenant
	}
	words, ok := s.checkWords(w, r, tenant, in.dicts, in.words)
	if !ok {
		return false
	}
	in.req.Words = words
	return true
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
