package server

import (
	"appencorrect/internal/textguard"
	"errors"
	"net/http"
	"strings"

	"appencorrect/internal/store"
)

// Bounds on custom instructions: per use case, and use cases per tenant.
const (
	maxInstructions        = 10000
	maxUseCasesPerTenant   = 100
	instructionsNotFoundFn = "No custom instructions found for use case: "
)

type instructionsBody struct {
	UseCase      *string `json:"use_case"`
	Instructions *string `json:"instructions"`
}

// validUseCase checks a use case name: 1..100 characters, no control
// characters.
func validUseCase(uc string) error {
	if err := checkLen("use_case", uc, 1, maxUseCase); err != nil {
		return err
	}
	if err := textguard.Check("use_case", uc, textguard.Label); err != nil {
		return badRequest("%v", err)
	}
	return nil
}

// validInstructions checks instructions: 1..10000 characters of text
// (tabs and line breaks allowed, other control characters not). They are
// stored as given and the prompt builder treats them as data.
func validInstructions(text string) error {
	if strings.TrimSpace(text) == "" {
		return badRequest("field \"instructions\" is empty")
	}
	if err := checkLen("instructions", text, 1, maxInstructions); err != nil {
		return err
	}
	if err := textguard.Check("instructions", text, textguard.Prose); err != nil {
		return badRequest("%v", err)
	}
	return nil
}

func (s *Server) putInstructions(w http.ResponseWriter, r *http.Request) {
	var b instructionsBody
	if err := decodeJSON(r, &b); err != nil {
		writeRequestError(w, err)
		return
	}
	switch {
	case b.UseCase == nil:
		writeError(w, http.StatusBadRequest, "Invalid request", "field \"use_case\" is required")
		return
	case b.Instructions == nil:
		writeError(w, http.StatusBadRequest, "Invalid request", "field \"instructions\" is required")
		return
	}
	uc := strings.TrimSpace(*b.UseCase)
	if err := validUseCase(uc); err != nil {
		writeRequestError(w, err)
		return
	}
	if err := validInstructions(*b.Instructions); err != nil {
		writeRequestError(w, err)
		return
	}
	k := principalFrom(r.Context()).key
	_, err := s.deps.Store.PutInstructions(r.Context(), k.Tenant, uc, *b.Instructions, maxUseCasesPerTenant)
	if errors.Is(err, store.ErrTooMany) {
		writeError(w, http.StatusConflict, "Too many use cases", "this key already has the most use cases allowed (100); delete one first")
		return
	}
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "success", "message": "Custom instructions set for use case: " + uc, "use_case": uc})
}

// useCaseParam reads the use_case query parameter; ok is false when it
// answered a malformed one.
func useCaseParam(w http.ResponseWriter, r *http.Request) (uc string, present, ok bool) {
	if !r.URL.Query().Has("use_case") {
		return "", false, true
	}
	uc = strings.TrimSpace(r.URL.Query().Get("use_case"))
	if err := validUseCase(uc); err != nil {
		writeRequestError(w, err)
		return "", true, false
	}
	return uc, true, true
}

func (s *Server) getInstructions(w http.ResponseWriter, r *http.Request) {
	k := principalFrom(r.Context()).key
	uc, present, ok := useCaseParam(w, r)
	if !ok {
		return
	}
	if !present {
		all, err := s.deps.Store.AllInstructions(r.Context(), k.Tenant)
		if err != nil {
			s.storeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"status": "success", "custom_instructions": all})
		return
	}
	text, err := s.deps.Store.Instructions(r.Context(), k.Tenant, uc)
	if errors.Is(err, store.ErrNotFound) {
		writeJSON(w, http.StatusNotFound, map[string]any{"status": "not_found", "message": instructionsNotFoundFn + uc,
			"use_case": uc, "instructions": nil})
		return
	}
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "success", "use_case": uc, "instructions": text})
}

func (s *Server) deleteInstructions(w http.ResponseWriter, r *http.Request) {
	k := principalFrom(r.Context()).key
	uc, present, ok := useCaseParam(w, r)
	if !ok {
		return
	}
	if !present {
		writeError(w, http.StatusBadRequest, "Invalid request", "use_case parameter is required")
		return
	}
	removed, err := s.deps.Store.DeleteInstructions(r.Context(), k.Tenant, uc)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	if !removed {
		writeJSON(w, http.StatusNotFound, map[string]any{"status": "not_found", "message": instructionsNotFoundFn + uc, "use_case": uc})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "success", "message": "Custom instructions removed for use case: " + uc, "use_case": uc})
}
