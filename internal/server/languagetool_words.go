package server

import (
	"errors"
	"net/http"
	"net/url"

	"appencorrect/internal/dictionary"
	"appencorrect/internal/languagetool"
	"appencorrect/internal/store"
)

// LanguageTool's word lists: GET /v2/words (offset, limit, dicts), POST
// /v2/words/add and /v2/words/delete (word, dict), each with username and
// apiKey, answered {"words": [...]}, {"added": true}, {"deleted": true} as
// LanguageTool's server does. The lists are the key's tenant's, the same
// as /dictionary's.

// wordsOwner authenticates a /v2/words request: an API key is required.
func (a *ltAPI) wordsOwner(w http.ResponseWriter, r *http.Request) (url.Values, string, bool) {
	s := a.s
	cors(w)
	v, err := languagetool.ReadParams(r, s.cfg.MaxBodyBytes)
	if err != nil {
		ltRequestError(w, err)
		return nil, "", false
	}
	if rawKey(r, v) == "" || a.deps.Auth == nil || s.deps.Store == nil {
		ltError(w, http.StatusUnauthorized, "Word lists need 'username' and 'apiKey' (an AppenCorrect API key)")
		return nil, "", false
	}
	who, ok := a.admit(w, r, v)
	if !ok {
		return nil, "", false
	}
	return v, who.tenant, true
}

func (a *ltAPI) words(w http.ResponseWriter, r *http.Request) {
	v, tenant, ok := a.wordsOwner(w, r)
	if !ok {
		return
	}
	offset, limit, err := pageParams(v)
	if err != nil {
		ltRequestError(w, err)
		return
	}
	dicts, err := parseDicts(v.Get("dicts"), v.Has("dicts"))
	if err != nil {
		ltRequestError(w, err)
		return
	}
	if dicts != nil {
		dicts = append([]string{""}, dicts...)
	}
	list, _, err := a.s.deps.Store.ListWords(r.Context(), tenant, dicts, offset, limit)
	if err != nil {
		a.s.storeError(w, r, err)
		return
	}
	out := struct {
		Words []string `json:"words"`
	}{Words: make([]string, 0, len(list))}
	for _, d := range list {
		out.Words = append(out.Words, d.Word)
	}
	writeJSON(w, http.StatusOK, out)
}

func (a *ltAPI) changeWords(add bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, tenant, ok := a.wordsOwner(w, r)
		if !ok {
			return
		}
		word, err := dictionary.Normalize(v.Get("word"))
		if err != nil {
			ltError(w, http.StatusBadRequest, "Invalid 'word' parameter: "+err.Error())
			return
		}
		dict, err := dictName(v.Get("dict"))
		if err != nil {
			ltRequestError(w, err)
			return
		}
		st := a.s.deps.Store
		if add {
			n, err := st.AddWords(r.Context(), tenant, dict, []string{word}, dictionary.MaxWordsOfTenant)
			if errors.Is(err, store.ErrTooManyWords) {
				ltError(w, http.StatusUnprocessableEntity, dictionaryFull)
				return
			}
			if err != nil {
				a.s.storeError(w, r, err)
				return
			}
			writeJSON(w, http.StatusOK, map[string]bool{"added": n > 0})
			return
		}
		n, err := st.DeleteWords(r.Context(), tenant, dict, []string{word})
		if err != nil {
			a.s.storeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]bool{"deleted": n > 0})
	}
}
