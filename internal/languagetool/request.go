package languagetool

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"appencorrect/internal/language"
	"appencorrect/internal/textguard"
)

// Error is a request that LanguageTool would refuse: Status is the HTTP
// status to answer and Message says what is wrong, for the client's log.
type Error struct {
	Status  int
	Message string
}

func (e *Error) Error() string { return e.Message }

func badRequest(format string, args ...any) *Error {
	return &Error{Status: http.StatusBadRequest, Message: fmt.Sprintf(format, args...)}
}

// ReadParams returns the parameters of a LanguageTool request: the URL
// query, overridden by the body's parameters. It is lenient as clients need
// it to be: the body is read as form data whatever its Content-Type says
// (LTeX labels a form body application/json; some clients send none),
// multipart/form-data is understood, and a body that is a JSON object of
// values is accepted too. Malformed percent escapes are kept as they are
// rather than dropping the parameter. At most maxBytes of body are read.
func ReadParams(r *http.Request, maxBytes int64) (url.Values, error) {
	v := parseForm(r.URL.RawQuery)
	if r.Body == nil || r.Method == http.MethodGet || r.Method == http.MethodHead {
		return v, nil
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "multipart/form-data" {
		r.Body = http.MaxBytesReader(nil, r.Body, maxBytes)
		if err := r.ParseMultipartForm(maxBytes); err != nil {
			return nil, bodyError(err, maxBytes)
		}
		for k, vals := range r.MultipartForm.Value {
			v[k] = vals
		}
		return v, nil
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBytes+1))
	if err != nil {
		return nil, bodyError(err, maxBytes)
	}
	if int64(len(body)) > maxBytes {
		return nil, bodyError(&http.MaxBytesError{Limit: maxBytes}, maxBytes)
	}
	if looksJSON(body) {
		// encoding/json would replace invalid UTF-8 and unpaired
		// surrogate escapes with U+FFFD: the text checked would not be
		// the one sent, and the offsets would not fit it.
		if off, what := textguard.InvalidJSONText(body); off >= 0 {
			return nil, badRequest("The request body holds %s at byte %d; send UTF-8 text (surrogate pairs escaped together)", what, off)
		}
	}
	bv, ok := parseJSONParams(body)
	if !ok {
		bv = parseForm(string(body))
	}
	for k, vals := range bv {
		v[k] = vals
	}
	return v, nil
}

func bodyError(err error, maxBytes int64) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return &Error{Status: http.StatusRequestEntityTooLarge,
			Message: fmt.Sprintf("The request body is over the limit of %d bytes", maxBytes)}
	}
	// A read error names the connection's addresses or the HTTP
	// library's complaint, not the client's content: fixed wording.
	return badRequest("Could not read the request body")
}

// parseForm parses application/x-www-form-urlencoded data leniently: pairs
// split on '&' only, and a value whose escapes are malformed is kept with
// only '+' decoded.
func parseForm(s string) url.Values {
	v := url.Values{}
	for s != "" {
		var pair string
		pair, s, _ = strings.Cut(s, "&")
		if pair == "" {
			continue
		}
		k, val, _ := strings.Cut(pair, "=")
		v.Add(unescape(k), unescape(val))
	}
	return v
}

func unescape(s string) string {
	u, err := url.QueryUnescape(s)
	if err != nil {
		return strings.ReplaceAll(s, "+", " ")
	}
	return u
}

// looksJSON reports whether body is meant as a JSON object.
func looksJSON(body []byte) bool {
	return strings.HasPrefix(strings.TrimSpace(string(body)), "{")
}

// parseJSONParams reads a body that is one JSON object of parameters
// (strings, numbers, booleans, or lists of them, joined with commas).
func parseJSONParams(body []byte) (url.Values, bool) {
	trimmed := strings.TrimSpace(string(body))
	if !strings.HasPrefix(trimmed, "{") {
		return nil, false
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(trimmed), &m); err != nil {
		return nil, false
	}
	v := url.Values{}
	for k, raw := range m {
		s, ok := scalarOrList(raw)
		if !ok {
			return nil, false
		}
		v.Set(k, s)
	}
	return v, true
}

func scalarOrList(raw json.RawMessage) (string, bool) {
	var x any
	if err := json.Unmarshal(raw, &x); err != nil {
		return "", false
	}
	switch t := x.(type) {
	case string:
		return t, true
	case bool, float64:
		return strings.TrimSpace(string(raw)), true
	case []any:
		parts := make([]string, 0, len(t))
		for _, e := range t {
			s, ok := e.(string)
			if !ok {
				return "", false
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, ","), true
	case map[string]any:
		// `data` sent as a nested object rather than a JSON string.
		return string(raw), true
	}
	return "", false
}

// Request is a parsed /v2/check request.
type Request struct {
	// Text is the document: a plain `text`, or the annotated `data`.
	Text *AnnotatedText
	// Language is the requested language; its Code is language.Auto for
	// "auto".
	Language language.Tag
	// PreferredVariants are the variants to use when the language is
	// detected ("en-GB"); variants of languages this service does not
	// check are ignored.
	PreferredVariants []language.Tag
	// MotherTongue is accepted and, having no false-friend rules, unused.
	MotherTongue string
	// Rule and category selection, as LanguageTool applies it.
	EnabledRules, DisabledRules           Set
	EnabledCategories, DisabledCategories Set
	EnabledOnly                           bool
	// Picky is level=picky: style suggestions are reported too.
	Picky bool
	// TextLevelOnly is mode=textLevelOnly: only rules that read several
	// paragraphs at once run; this service has none, so nothing is found.
	TextLevelOnly bool
	// Username and APIKey are LanguageTool's credentials; APIKey is one of
	// this service's API keys and Username is not needed.
	Username, APIKey string
}

// Set is a set of rule or category ids, compared case-insensitively.
type Set map[string]bool

// NewSet returns the set of the given ids.
func NewSet(ids ...string) Set {
	s := Set{}
	for _, id := range ids {
		if id = strings.TrimSpace(id); id != "" {
			s[strings.ToUpper(id)] = true
		}
	}
	return s
}

// Has reports whether id is in s.
func (s Set) Has(id string) bool { return s[strings.ToUpper(id)] }

func commaSet(v string) Set { return NewSet(strings.Split(v, ",")...) }

// ParseRequest validates the parameters of a check. maxChars is the longest
// plain text accepted, in code points. The errors are *Error values worded
// like LanguageTool's.
func ParseRequest(v url.Values, maxChars int) (*Request, error) {
	req := &Request{}
	_, hasText := v["text"]
	_, hasData := v["data"]
	switch {
	case hasText && hasData:
		return nil, badRequest("Set only 'text' or 'data' parameter, not both")
	case hasText:
		req.Text = PlainText(v.Get("text"))
	case hasData:
		at, err := ParseData(v.Get("data"))
		if err != nil {
			return nil, err
		}
		req.Text = at
	default:
		return nil, badRequest("Missing 'text' or 'data' parameter")
	}
	if off := req.Text.invalidUTF8(); off >= 0 {
		return nil, badRequest("The text is not valid UTF-8: an invalid byte at byte %d; send UTF-8 text", off)
	}
	if err := textguard.NoNUL("text", req.Text.Plain()); err != nil {
		return nil, badRequest("%s", capitalize(err.Error()))
	}
	if n := utf8.RuneCountInString(req.Text.Plain()); n > maxChars {
		return nil, &Error{Status: http.StatusRequestEntityTooLarge,
			Message: fmt.Sprintf("Your text exceeds the limit of %d characters (it's %d characters). Please submit a shorter text.", maxChars, n)}
	}

	lang := strings.TrimSpace(v.Get("language"))
	if lang == "" {
		lang = "auto"
	}
	tag, err := language.Parse(lang)
	if err != nil {
		return nil, badRequest("'language' parameter: %v", err)
	}
	req.Language = tag
	if tag.Code == language.Auto {
		// LanguageTool refuses preferredVariants without language=auto;
		// some clients send them anyway, so they are ignored then.
		for _, pv := range strings.Split(v.Get("preferredVariants"), ",") {
			if pv = strings.TrimSpace(pv); pv == "" {
				continue
			}
			if !strings.ContainsAny(pv, "-_") {
				return nil, badRequest("Invalid format for 'preferredVariants', expected a dash as in 'en-GB': '%s'", pv)
			}
			t, err := language.Parse(pv)
			if err != nil {
				base, _, _ := strings.Cut(strings.ReplaceAll(pv, "_", "-"), "-")
				if _, berr := language.Parse(base); berr != nil {
					continue // a language this service does not check
				}
				return nil, badRequest("Invalid 'preferredVariants', no such language/variant found: '%s'", pv)
			}
			req.PreferredVariants = append(req.PreferredVariants, t)
		}
	}
	req.MotherTongue = strings.TrimSpace(v.Get("motherTongue"))

	req.EnabledRules = commaSet(v.Get("enabledRules"))
	req.DisabledRules = commaSet(v.Get("disabledRules"))
	req.EnabledCategories = commaSet(v.Get("enabledCategories"))
	req.DisabledCategories = commaSet(v.Get("disabledCategories"))
	eo := strings.ToLower(strings.TrimSpace(v.Get("enabledOnly")))
	req.EnabledOnly = eo == "true" || eo == "yes"
	if req.EnabledOnly {
		if len(req.DisabledRules) > 0 || len(req.DisabledCategories) > 0 {
			return nil, badRequest("You cannot specify disabled rules or categories using enabledOnly=true")
		}
		if len(req.EnabledRules) == 0 && len(req.EnabledCategories) == 0 {
			return nil, badRequest("You must specify enabled rules or categories when using enabledOnly=true")
		}
	}
	req.Picky = strings.EqualFold(strings.TrimSpace(v.Get("level")), "picky")
	req.TextLevelOnly = strings.EqualFold(strings.TrimSpace(v.Get("mode")), "textLevelOnly")
	req.Username = v.Get("username")
	req.APIKey = strings.TrimSpace(v.Get("apiKey"))
	return req, nil
}

// capitalize starts s with a capital letter, as LanguageTool's messages do.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// ResolveVariant applies the preferred variants to a detected language: the
// first preferred variant of the same base language wins.
func (r *Request) ResolveVariant(detected language.Code) language.Tag {
	t := language.Tag{Code: detected}
	for _, pv := range r.PreferredVariants {
		if pv.Code == detected {
			return pv
		}
	}
	return t
}
