package server

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"appencorrect/internal/dictionary"
	"appencorrect/internal/store"
)

// Dictionaries: words a tenant teaches the checker, through our API
// (/dictionary with the key) and LanguageTool's (/v2/words with username
// and apiKey). Named lists ("dict") hold a team's or a use case's words;
// "" is the tenant's default list. A check uses every list of the tenant
// unless the request names some ("dicts"), and then those and the default
// one. Words a client sends with a check ("dictionary", at most
// maxRequestWords, e.g. the demo page's words kept in the browser) are
// added to them for that check only.

const (
	maxRequestWords = 500 // words sent with one check
	maxWordsPerCall = 1000
	maxListLimit    = 10000
	maxDictName     = 100
)

// dictName checks a dictionary's name: "" (the default) or a label.
func dictName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if err := checkLen("dict", name, 0, maxDictName); err != nil {
		return "", err
	}
	if strings.ContainsAny(name, ",") {
		return "", badRequest("field \"dict\" must not contain a comma")
	}
	return name, nil
}

// normalizeWords checks words for listing.
func normalizeWords(words []string, max int) ([]string, error) {
	if len(words) == 0 {
		return nil, badRequest("no words given")
	}
	if len(words) > max {
		return nil, badRequest("%d words in one request; at most %d", len(words), max)
	}
	out := make([]string, 0, len(words))
	for _, w := range words {
		n, err := dictionary.Normalize(w)
		if err != nil {
			return nil, badRequest("%v", err)
		}
		out = append(out, n)
	}
	return out, nil
}

// dictionaryFull is the message of an addition refused by the tenant's
// limit, the same on /dictionary and /v2/words/add: fixed wording, not the
// store's error.
var dictionaryFull = fmt.Sprintf("the limit is %d words over all of a key's dictionaries; delete words first", dictionary.MaxWordsOfTenant)

// maxCachedWords bounds the tenants' words a replica keeps in memory
// (dictionary.Lists): ten full lists.
const maxCachedWords = 10 * dictionary.MaxWordsOfTenant

// checkWords returns the listed words for a check of tenant: the tenant's
// lists (all, or the default and those named in dicts) plus the words sent
// with the request. The lists' version is read from the store for each
// check (their words only when it changed), so a change made on any
// replica applies to the next check everywhere. It answers and returns ok
// false when the store fails.
func (s *Server) checkWords(w http.ResponseWriter, r *http.Request, tenant string, dicts []string, sent []string) (*dictionary.Words, bool) {
	var words *dictionary.Words
	if tenant != "" && s.wordLists != nil {
		var names []string
		if dicts != nil {
			names = append([]string{""}, dicts...)
		}
		ws, err := s.wordLists.Get(r.Context(), tenant, names)
		if err != nil {
			s.storeError(w, r, err)
			return nil, false
		}
		// The set's version names the lists chosen too (Lists.Get): a
		// result computed with "team" never answers a check without it.
		words = ws
	}
	if len(sent) > 0 {
		// The sent words are part of the cache key through the version.
		version := "0"
		if words != nil {
			version = words.Version
		}
		words = words.With(sent, version+"+"+strings.Join(sent, "\x00"))
	}
	return words, true
}

// parseDicts reads a comma-separated dicts parameter (LanguageTool's
// form); nil when absent.
func parseDicts(v string, present bool) ([]string, error) {
	if !present {
		return nil, nil
	}
	out := []string{}
	for _, d := range strings.Split(v, ",") {
		n, err := dictName(d)
		if err != nil {
			return nil, err
		}
		if n != "" {
			out = append(out, n)
		}
	}
	return out, nil
}

type dictionaryBody struct {
	Words []string `json:"words"`
	Dict  string   `json:"dict"`
}

// DictionaryWord is one listed word in /dictionary's answer.
type DictionaryWord struct {
	Word string `json:"word"`
	Dict string `json:"dict"`
}

// DictionaryList is GET /dictionary's answer.
type DictionaryList struct {
	Success bool             `json:"success"`
	Words   []DictionaryWord `json:"words"`
	Total   int              `json:"total"`
	Offset  int              `json:"offset"`
	Limit   int              `json:"limit"`
	Version int64            `json:"version"`
}

// DictionaryChange is the answer of POST and DELETE /dictionary.
type DictionaryChange struct {
	Success bool   `json:"success"`
	Dict    string `json:"dict"`
	Added   *int   `json:"added,omitempty"`
	Deleted *int   `json:"deleted,omitempty"`
	Total   int    `json:"total"`
	Version int64  `json:"version"`
}

func pageParams(q url.Values) (offset, limit int, err error) {
	offset, limit = 0, 1000
	if v := q.Get("offset"); v != "" {
		if offset, err = strconv.Atoi(v); err != nil || offset < 0 {
			return 0, 0, badRequest("parameter \"offset\" must be a whole number, 0 or more")
		}
	}
	if v := q.Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > maxListLimit {
			return 0, 0, badRequest("parameter \"limit\" must be a whole number from 1 to %d", maxListLimit)
		}
	}
	return offset, limit, nil
}

// dictTenant is whose words a dictionary request reads or changes: the
// key's tenant on /dictionary; on /api/keys/{key_id}/dictionary (the
// management page) that key's tenant, for an administrator.
func (s *Server) dictTenant(w http.ResponseWriter, r *http.Request) (string, bool) {
	id := r.PathValue("key_id")
	if id == "" {
		return principalFrom(r.Context()).key.Tenant, true
	}
	if !validKeyID(id) {
		writeError(w, http.StatusBadRequest, "Invalid request", "the key id in the path is malformed")
		return "", false
	}
	k, err := s.deps.Store.KeyByID(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		writeError(w, http.StatusNotFound, "Not found", "no API key "+id)
		return "", false
	}
	if err != nil {
		s.storeError(w, r, err)
		return "", false
	}
	return k.Tenant, true
}

// listDictionary answers GET /dictionary[?dict=NAME&offset=&limit=].
func (s *Server) listDictionary(w http.ResponseWriter, r *http.Request) {
	tenant, ok := s.dictTenant(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	offset, limit, err := pageParams(q)
	if err != nil {
		writeRequestError(w, err)
		return
	}
	if q.Get("format") == "txt" && !q.Has("limit") {
		limit = dictionary.MaxWordsOfTenant // the export: the whole list
	}
	var dicts []string
	if q.Has("dict") {
		name, err := dictName(q.Get("dict"))
		if err != nil {
			writeRequestError(w, err)
			return
		}
		dicts = []string{name}
	}
	list, total, err := s.deps.Store.ListWords(r.Context(), tenant, dicts, offset, limit)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	v, err := s.deps.Store.DictVersion(r.Context(), tenant)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	switch q.Get("format") {
	case "", "json":
	case "txt":
		// The export: one word a line, as `check --dictionary` and the
		// management page's import read it.
		var b strings.Builder
		for _, d := range list {
			b.WriteString(d.Word)
			b.WriteByte('\n')
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="dictionary.txt"`)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		_, _ = w.Write([]byte(b.String()))
		return
	default:
		writeError(w, http.StatusBadRequest, "Invalid request", fmt.Sprintf("parameter \"format\" must be json or txt, not %q", q.Get("format")))
		return
	}
	out := DictionaryList{Success: true, Words: make([]DictionaryWord, 0, len(list)), Total: total, Offset: offset, Limit: limit, Version: v}
	for _, d := range list {
		out.Words = append(out.Words, DictionaryWord{Word: d.Word, Dict: d.Dict})
	}
	writeJSON(w, http.StatusOK, out)
}

// changeDictionary answers POST /dictionary (add) and DELETE /dictionary
// (remove) with {"words": [...], "dict": "NAME"}.
func (s *Server) changeDictionary(add bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tenant, ok := s.dictTenant(w, r)
		if !ok {
			return
		}
		var b dictionaryBody
		if err := decodeJSON(r, &b); err != nil {
			writeRequestError(w, err)
			return
		}
		dict, err := dictName(b.Dict)
		if err != nil {
			writeRequestError(w, err)
			return
		}
		words, err := normalizeWords(b.Words, maxWordsPerCall)
		if err != nil {
			writeRequestError(w, err)
			return
		}
		out := DictionaryChange{Success: true, Dict: dict}
		status := http.StatusOK
		if add {
			n, err := s.deps.Store.AddWords(r.Context(), tenant, dict, words, dictionary.MaxWordsOfTenant)
			if errors.Is(err, store.ErrTooManyWords) {
				writeError(w, http.StatusUnprocessableEntity, "Dictionary full", dictionaryFull)
				return
			}
			if err != nil {
				s.storeError(w, r, err)
				return
			}
			out.Added = &n
			if n > 0 {
				status = http.StatusCreated
			}
		} else {
			n, err := s.deps.Store.DeleteWords(r.Context(), tenant, dict, words)
			if err != nil {
				s.storeError(w, r, err)
				return
			}
			out.Deleted = &n
		}
		if _, out.Total, err = s.deps.Store.ListWords(r.Context(), tenant, nil, 0, 1); err != nil {
			s.storeError(w, r, err)
			return
		}
		if out.Version, err = s.deps.Store.DictVersion(r.Context(), tenant); err != nil {
			s.storeError(w, r, err)
			return
		}
		writeJSON(w, status, out)
	}
}
