package loadtest

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// API is the request/response shape of the endpoint under test.
type API string

// The APIs the load tester speaks.
const (
	// Original is AppenCorrect's JSON API: /check, /demo/check,
	// /check/spelling, /check/grammar.
	Original API = "original"
	// LanguageTool is the LanguageTool HTTP API: /v2/check, form-encoded.
	LanguageTool API = "languagetool"
)

// endpoints are the check endpoints the load tester speaks to, by the
// end of the URL's path; where one path ends another (/demo/check and
// /check) the longer comes first.
var endpoints = []struct {
	path string
	api  API
}{
	{"/demo/check", Original},
	{"/v2/check", LanguageTool},
	{"/check/spelling", Original},
	{"/check/grammar", Original},
	{"/check", Original},
}

// parseEndpoint splits rawURL into the API's root (the URL less its
// endpoint's path, query and fragment) and the API the endpoint speaks.
func parseEndpoint(rawURL string) (*url.URL, API, error) {
	u, err := parseHTTP(rawURL)
	if err != nil {
		return nil, "", err
	}
	p := strings.TrimRight(u.Path, "/")
	for _, e := range endpoints {
		if root, ok := strings.CutSuffix(p, e.path); ok {
			r := *u
			r.Path, r.RawPath, r.RawQuery, r.ForceQuery, r.Fragment, r.RawFragment = root, "", "", false, "", ""
			return &r, e.api, nil
		}
	}
	return nil, "", fmt.Errorf("URL %q: the path must end in /demo/check, /check, /check/spelling, /check/grammar or /v2/check", redact(rawURL))
}

// parseHTTP parses rawURL, which must be http(s)://HOST[/PATH]. Its errors
// show the URL redacted.
func parseHTTP(rawURL string) (*url.URL, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		// url.Parse's error quotes the whole URL, and its reason may quote
		// the part that failed: a piece of the password, when there is one.
		shown := redact(rawURL)
		if shown != rawURL {
			return nil, fmt.Errorf("URL %q does not parse", shown)
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("URL %q: %w", shown, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("URL %q: want http(s)://HOST/PATH", redact(rawURL))
	}
	return u, nil
}

// redact is rawURL as the load test prints it: the password of its
// userinfo replaced by "xxxxx", as url.URL.Redacted does, also when
// rawURL does not parse (a password with a character a URL may not hold)
// or parses without a host ("user:pass@host/check", no scheme).
func redact(rawURL string) string {
	if u, err := url.Parse(rawURL); err == nil && u.User != nil {
		return u.Redacted()
	}
	prefix, rest := "", rawURL
	if i := strings.Index(rawURL, "://"); i >= 0 {
		prefix, rest = rawURL[:i+3], rawURL[i+3:]
	}
	authority := rest
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		authority = rest[:i]
	}
	at := strings.LastIndex(authority, "@")
	if at < 0 {
		return rawURL
	}
	colon := strings.Index(authority[:at], ":")
	if colon < 0 {
		return rawURL
	}
	return prefix + authority[:colon+1] + "xxxxx" + rest[at:]
}

// DetectAPI tells the API from the URL's path.
func DetectAPI(rawURL string) (API, error) {
	_, api, err := parseEndpoint(rawURL)
	return api, err
}

// HealthURL is the /health of the API whose check endpoint is checkURL:
// the endpoint's path (/demo/check, /check, /check/spelling,
// /check/grammar or /v2/check) replaced by /health, whatever comes before
// it kept, so http://host/prefix/demo/check has its health at
// http://host/prefix/health and http://host/v2/check at
// http://host/health.
func HealthURL(checkURL string) (string, error) {
	root, _, err := parseEndpoint(checkURL)
	if err != nil {
		return "", err
	}
	root.Path += "/health"
	return root.String(), nil
}

// Error kinds, the keys of errors_by_kind.
const (
	KindTimeout    = "timeout"
	KindConnection = "connection"
	KindHTTP429    = "http_429"
	KindHTTP4xx    = "http_4xx"
	KindHTTP5xx    = "http_5xx"
	KindBadJSON    = "bad_json"
	KindBadShape   = "bad_shape"
	KindWrongText  = "wrong_text" // the answer belongs to another request
	KindBadOffsets = "bad_offsets"
	KindOverload   = "client_overload" // open loop: too many in flight in the tester
)

// encode builds the request for text.
func encode(api API, target, text, language, apiKey string) (*http.Request, error) {
	var req *http.Request
	var err error
	switch api {
	case LanguageTool:
		lang := language
		if lang == "" {
			lang = "auto"
		}
		form := url.Values{"text": {text}, "language": {lang}}
		req, err = http.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
		if err == nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	default:
		body := map[string]string{"text": text}
		if language != "" {
			body["language"] = language
		}
		b, _ := json.Marshal(body)
		req, err = http.NewRequest(http.MethodPost, target, strings.NewReader(string(b)))
		if err == nil {
			req.Header.Set("Content-Type", "application/json")
		}
	}
	if err != nil {
		return nil, err
	}
	if apiKey != "" {
		req.Header.Set("X-API-Key", apiKey)
	}
	return req, nil
}

// outcome is a validated response: kind is "" for a good one.
type outcome struct {
	kind     string
	detail   string
	degraded bool
	ttfc     time.Duration // streamed: time to the first correction, 0 for none
	// found is the number of corrections (or LanguageTool matches).
	found int
}

func bad(kind, format string, a ...any) outcome {
	return outcome{kind: kind, detail: fmt.Sprintf(format, a...)}
}

// validate reads resp and checks it answers the request that sent text,
// which carries nonce.
func validate(api API, resp *http.Response, text, nonce string) outcome {
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return bad(KindConnection, "reading the body: %v", err)
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return bad(KindHTTP429, "HTTP 429: %s", snippet(body))
	case resp.StatusCode >= 500:
		return bad(KindHTTP5xx, "HTTP %d: %s", resp.StatusCode, snippet(body))
	case resp.StatusCode != http.StatusOK:
		return bad(KindHTTP4xx, "HTTP %d: %s", resp.StatusCode, snippet(body))
	}
	if api == LanguageTool {
		return validateLT(body, text)
	}
	return validateOriginal(body, text, nonce)
}

type originalResponse struct {
	Status        *string `json:"status"`
	OriginalText  *string `json:"original_text"`
	ProcessedText *string `json:"processed_text"`
	Corrections   *[]struct {
		Position *[2]int `json:"position"`
		Original string  `json:"original"`
		Type     string  `json:"type"`
	} `json:"corrections"`
	Statistics *struct {
		TotalErrors *int `json:"total_errors"`
	} `json:"statistics"`
	Degraded bool `json:"degraded"`
}

func validateOriginal(body []byte, text, nonce string) outcome {
	var r originalResponse
	if err := json.Unmarshal(body, &r); err != nil {
		return bad(KindBadJSON, "%v: %s", err, snippet(body))
	}
	switch {
	case r.Status != nil && *r.Status != "success":
		return bad(KindBadShape, "status %q", *r.Status)
	case r.Corrections == nil:
		return bad(KindBadShape, "no corrections array")
	case r.ProcessedText == nil:
		return bad(KindBadShape, "no processed_text")
	case r.Statistics == nil || r.Statistics.TotalErrors == nil:
		return bad(KindBadShape, "no statistics.total_errors")
	case *r.Statistics.TotalErrors != len(*r.Corrections):
		return bad(KindBadShape, "statistics.total_errors %d but %d corrections", *r.Statistics.TotalErrors, len(*r.Corrections))
	}
	if r.OriginalText != nil && *r.OriginalText != text {
		return bad(KindWrongText, "original_text is not the text sent")
	}
	if !strings.Contains(*r.ProcessedText, nonce) {
		return bad(KindWrongText, "processed_text lacks this request's marker %s: %s", nonce, snippet([]byte(*r.ProcessedText)))
	}
	runes := []rune(text)
	for i, c := range *r.Corrections {
		if c.Position == nil {
			return bad(KindBadShape, "correction %d has no position", i)
		}
		s, e := c.Position[0], c.Position[1]
		if s < 0 || e < s || e > len(runes) {
			return bad(KindBadOffsets, "correction %d: position [%d,%d) outside the text (%d characters)", i, s, e, len(runes))
		}
		if got := string(runes[s:e]); got != c.Original {
			return bad(KindBadOffsets, "correction %d: text at [%d,%d) is %q, not %q", i, s, e, got, c.Original)
		}
	}
	return outcome{degraded: r.Degraded, found: len(*r.Corrections)}
}

func validateLT(body []byte, text string) outcome {
	var r struct {
		Language *json.RawMessage `json:"language"`
		Matches  *[]struct {
			Offset *int `json:"offset"`
			Length *int `json:"length"`
		} `json:"matches"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return bad(KindBadJSON, "%v: %s", err, snippet(body))
	}
	if r.Matches == nil {
		return bad(KindBadShape, "no matches array")
	}
	n := len(utf16.Encode([]rune(text)))
	for i, m := range *r.Matches {
		if m.Offset == nil || m.Length == nil {
			return bad(KindBadShape, "match %d lacks offset or length", i)
		}
		if *m.Offset < 0 || *m.Length < 0 || *m.Offset+*m.Length > n {
			return bad(KindBadOffsets, "match %d: [%d, +%d) outside the text (%d UTF-16 units)", i, *m.Offset, *m.Length, n)
		}
	}
	return outcome{found: len(*r.Matches)}
}

func snippet(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 160 {
		s = s[:160]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
		s += "…"
	}
	return s
}

// validateStream reads a check's event stream: it notes when the first
// correction arrives and validates the result event as validate does a
// whole answer.
func validateStream(api API, resp *http.Response, text, nonce string, start time.Time) outcome {
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		return validate(api, resp, text, nonce)
	}
	var ttfc time.Duration
	var out *outcome
	err := Events(io.LimitReader(resp.Body, 8<<20), func(event, data string) bool {
		switch event {
		case "corrections":
			if ttfc == 0 && !strings.Contains(data, `"corrections":[]`) {
				ttfc = time.Since(start)
			}
		case "error":
			o := bad(KindHTTP5xx, "error event: %s", snippet([]byte(data)))
			out = &o
			return true
		case "result":
			o := validate(api, &http.Response{StatusCode: http.StatusOK, Body: io.NopCloser(strings.NewReader(data))}, text, nonce)
			o.ttfc = ttfc
			out = &o
			return true
		}
		return false
	})
	if out != nil {
		return *out
	}
	if err != nil {
		return bad(KindConnection, "reading the stream: %v", err)
	}
	return bad(KindBadShape, "the stream ended without a result event")
}

// Events reads a server-sent event stream and calls fn with each event's
// name and data line until fn returns true or the stream ends.
func Events(r io.Reader, fn func(event, data string) (stop bool)) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 4<<20)
	event := ""
	for sc.Scan() {
		line := sc.Text()
		if name, ok := strings.CutPrefix(line, "event: "); ok {
			event = name
			continue
		}
		if data, ok := strings.CutPrefix(line, "data: "); ok && fn(event, data) {
			return nil
		}
	}
	return sc.Err()
}
