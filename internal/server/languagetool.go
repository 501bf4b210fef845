package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"unicode/utf8"

	"appencorrect/internal/apierror"
	"appencorrect/internal/language"
	"appencorrect/internal/languagetool"
	"appencorrect/internal/pipeline"
)

// LanguageToolDeps are the optional parts of the LanguageTool API. The zero
// value serves it: keys are not checked (every request is anonymous and
// limited per client address like the demo), detection is left to the
// pipeline, and rules are described by their correction type.
type LanguageToolDeps struct {
	// Auth checks the apiKey parameter (or an X-API-Key / Bearer header):
	// a valid key's tenant, hourly limit and cache setting apply, an
	// invalid one is answered 401. serve sets it to LTKeys over its API
	// key authenticator. Nil ignores keys (every request is anonymous)
	// and answers the word lists (/v2/words) 401.
	Auth LTAuthenticator
	// Detect guesses the language of language=auto texts before the check,
	// so that the client's preferredVariants (en-GB, ...) choose the
	// spelling. Nil leaves detection to the pipeline, without variants.
	Detect pipeline.Detector
	// Rules describe the engine's rules (ids, descriptions, categories)
	// for /v2/configinfo and the matches' rule descriptions.
	Rules []languagetool.RuleInfo
}

// LTAuthenticator maps LanguageTool's credentials to one of this service's
// API keys: apiKey is the raw key; username, which LanguageTool needs
// besides the key, is passed along and may be ignored.
type LTAuthenticator interface {
	AuthenticateLT(ctx context.Context, username, apiKey string) (LTPrincipal, error)
}

// LTPrincipal is an authenticated key.
type LTPrincipal struct {
	// KeyID identifies the key in rate limits and logs (never the key).
	KeyID string
	// Tenant isolates the key's cached results and instructions.
	Tenant string
	// RateLimitPerHour is the key's hourly limit; 0 means none here.
	RateLimitPerHour int
	// CacheEnabled is the key's result-cache setting.
	CacheEnabled bool
}

// ErrLTInvalidKey is returned by an LTAuthenticator for an unknown or
// inactive key; other errors mean the key store failed.
var ErrLTInvalidKey = errors.New("invalid API key")

// ltAPI serves LanguageTool's /v2 API over the pipeline.
type ltAPI struct {
	s    *Server
	deps LanguageToolDeps
	cat  *languagetool.Catalog
	info languagetool.ServerInfo
}

// languageToolRoutes registers /v2/check, /v2/languages, /v2/info,
// /v2/configinfo and /v2/maxtextlength, with CORS preflight answers (web
// clients such as Obsidian's plugin call from another origin).
func (s *Server) languageToolRoutes() {
	a := &ltAPI{s: s, deps: s.deps.LanguageTool,
		cat: languagetool.NewCatalog(s.deps.LanguageTool.Rules...), info: buildInfo(s.deps.Version)}
	routes := []struct {
		path    string
		methods []string
		h       http.HandlerFunc
	}{
		{"/v2/check", []string{"GET", "POST"}, a.check},
		{"/v2/languages", []string{"GET"}, a.languages},
		{"/v2/info", []string{"GET", "POST"}, a.softwareInfo},
		{"/v2/configinfo", []string{"GET", "POST"}, a.configInfo},
		{"/v2/maxtextlength", []string{"GET", "POST"}, a.maxTextLength},
		{"/v2/words", []string{"GET"}, a.words},
		{"/v2/words/add", []string{"POST"}, a.changeWords(true)},
		{"/v2/words/delete", []string{"POST"}, a.changeWords(false)},
	}
	for _, rt := range routes {
		for _, m := range rt.methods {
			s.handle(m+" "+rt.path, rt.h)
		}
		s.handle("OPTIONS "+rt.path, a.preflight)
	}
}

func buildInfo(version string) languagetool.ServerInfo {
	info := languagetool.ServerInfo{Name: "AppenCorrect", Version: version}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, st := range bi.Settings {
			switch st.Key {
			case "vcs.revision":
				info.Commit = st.Value[:min(len(st.Value), 12)]
			case "vcs.time":
				info.BuildDate = st.Value
			}
		}
	}
	return info
}

// cors lets pages of any origin call the API: it uses no cookies, and keys
// travel in parameters or headers that the caller chose to send.
func cors(w http.ResponseWriter) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
}

func (a *ltAPI) preflight(w http.ResponseWriter, r *http.Request) {
	cors(w)
	h := w.Header()
	h.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
	if req := r.Header.Get("Access-Control-Request-Headers"); req != "" {
		h.Set("Access-Control-Allow-Headers", req)
	} else {
		h.Set("Access-Control-Allow-Headers", "Content-Type, Accept, Authorization, X-API-Key")
	}
	h.Set("Access-Control-Max-Age", "86400")
	w.WriteHeader(http.StatusNoContent)
}

// ltError answers as LanguageTool does: a plain-text "Error: ..." body.
func ltError(w http.ResponseWriter, status int, msg string) {
	cors(w)
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, "Error: "+msg+"\n")
}

// ltRequestError answers a request /v2 refused: a *languagetool.Error or a
// *requestError with its status and message, both of which say what is
// wrong with the client's input; anything else with fixed wording, since
// its text could come from anywhere (an address, a library's error).
func ltRequestError(w http.ResponseWriter, err error) {
	var e *languagetool.Error
	if errors.As(err, &e) {
		ltError(w, e.Status, e.Message)
		return
	}
	var re *requestError
	if errors.As(err, &re) {
		ltError(w, re.status, re.message)
		return
	}
	ltError(w, http.StatusBadRequest, "Invalid request")
}

// rawKey returns the key of a request: LanguageTool's apiKey parameter, else
// the original API's X-API-Key or Authorization: Bearer header.
func rawKey(r *http.Request, v url.Values) string {
	if k := strings.TrimSpace(v.Get("apiKey")); k != "" {
		return k
	}
	if k := strings.TrimSpace(r.Header.Get("X-API-Key")); k != "" {
		return k
	}
	if auth := r.Header.Get("Authorization"); len(auth) > 7 && strings.EqualFold(auth[:7], "bearer ") {
		return strings.TrimSpace(auth[7:])
	}
	return ""
}

// admit authenticates the request's key, or limits an anonymous client
// like the demo, and answers when the request may not go on.
func (a *ltAPI) admit(w http.ResponseWriter, r *http.Request, v url.Values) (ltPrincipal, bool) {
	s := a.s
	id := RequestID(r.Context())
	if key := rawKey(r, v); key != "" {
		if a.deps.Auth == nil {
			s.log.Debug("apiKey ignored: no authenticator configured", "request_id", id)
		} else {
			p, err := a.deps.Auth.AuthenticateLT(r.Context(), v.Get("username"), key)
			switch {
			case errors.Is(err, ErrLTInvalidKey):
				ltError(w, http.StatusUnauthorized, "Invalid API key: the apiKey parameter is not an active AppenCorrect API key")
				return ltPrincipal{}, false
			case err != nil:
				s.fail(w, r, apierror.Auth(err))
				return ltPrincipal{}, false
			}
			if !s.allow(w, r, s.keyLimit(p.KeyID, p.RateLimitPerHour)) {
				return ltPrincipal{}, false
			}
			return ltPrincipal{tenant: p.Tenant, noCache: !p.CacheEnabled}, true
		}
	}
	if !s.allow(w, r, s.demoLimit(r, "lt:")) {
		return ltPrincipal{}, false
	}
	return ltPrincipal{}, true
}

// ltPrincipal is who a /v2 request checks for: a key's tenant and its
// cache setting (POST /api/cache/toggle), or an anonymous client.
type ltPrincipal struct {
	tenant  string
	noCache bool
}

func (a *ltAPI) check(w http.ResponseWriter, r *http.Request) {
	s := a.s
	cors(w)
	v, err := languagetool.ReadParams(r, s.cfg.MaxBodyBytes)
	if err != nil {
		ltRequestError(w, err)
		return
	}
	who, ok := a.admit(w, r, v)
	if !ok {
		return
	}
	req, err := languagetool.ParseRequest(v, s.cfg.MaxTextLength)
	if err != nil {
		ltRequestError(w, err)
		return
	}
	plain := req.Text.Plain()
	tag, detected := req.Language, false
	if tag.Code == language.Auto && a.deps.Detect != nil {
		if code := a.deps.Detect(plain); code != language.Auto {
			tag, detected = req.ResolveVariant(code), true
		}
	}

	var res *pipeline.Result
	if strings.TrimSpace(plain) == "" || req.TextLevelOnly {
		// Nothing to check: no engine call, an empty result.
		res = &pipeline.Result{Text: plain, Language: tag}
	} else {
		ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
		defer cancel()
		dicts, err := parseDicts(v.Get("dicts"), v.Has("dicts"))
		if err != nil {
			ltRequestError(w, err)
			return
		}
		words, ok := s.checkWords(w, r, who.tenant, dicts, nil)
		if !ok {
			return
		}
		got, err := s.deps.Pipeline.Check(ctx, pipeline.Request{Text: plain, Language: tag, Tenant: who.tenant, NoCache: who.noCache, Words: words})
		noteCheck(r.Context(), utf8.RuneCountInString(plain), got)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		cp := *got // the pipeline may share results (cache): never mutate them
		res = &cp
	}
	if detected {
		res.Detected = true
	}
	resp, st := languagetool.NewCheckResponse(req, res, a.cat, a.info)
	if res.Degraded {
		w.Header().Set("X-AppenCorrect-Degraded", "true")
	}
	s.log.LogAttrs(r.Context(), slog.LevelDebug, "languagetool check",
		slog.String("request_id", RequestID(r.Context())),
		slog.String("language", res.Language.String()),
		slog.Int("matches", len(resp.Matches)),
		slog.Int("filtered", st.Filtered),
		slog.Int("misplaced", st.Misplaced),
		slog.Bool("degraded", res.Degraded),
	)
	writeJSON(w, http.StatusOK, resp)
}

func (a *ltAPI) languages(w http.ResponseWriter, r *http.Request) {
	cors(w)
	writeJSON(w, http.StatusOK, languagetool.Languages())
}

func (a *ltAPI) softwareInfo(w http.ResponseWriter, r *http.Request) {
	cors(w)
	writeJSON(w, http.StatusOK, a.info.Info())
}

func (a *ltAPI) maxTextLength(w http.ResponseWriter, r *http.Request) {
	cors(w)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = io.WriteString(w, strconv.Itoa(a.s.cfg.MaxTextLength))
}

// configInfo answers /v2/configinfo?language=xx, which the LibreOffice
// extension (through LanguageTool's Java HTTP client) POSTs before checking.
func (a *ltAPI) configInfo(w http.ResponseWriter, r *http.Request) {
	cors(w)
	v, err := languagetool.ReadParams(r, a.s.cfg.MaxBodyBytes)
	if err != nil {
		ltRequestError(w, err)
		return
	}
	lang := strings.TrimSpace(v.Get("language"))
	if lang == "" {
		ltError(w, http.StatusBadRequest, "'language' parameter missing")
		return
	}
	tag, err := language.Parse(lang)
	if err != nil || tag.Code == language.Auto {
		ltError(w, http.StatusBadRequest, fmt.Sprintf("'language' parameter: unsupported language %q", lang))
		return
	}
	writeJSON(w, http.StatusOK, a.info.ConfigInfo(tag, a.cat, a.s.cfg.MaxTextLength))
}
