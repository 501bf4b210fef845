// Package openapi reads the service's OpenAPI 3.1 document and checks HTTP
// responses against it, so that a test can keep the document true to what
// the server answers.
//
// It implements the subset of JSON Schema the document uses (type, enum,
// const, properties, required, additionalProperties, items, minItems,
// maxItems, minimum, maximum, minLength, maxLength, pattern, format
// date-time and date, oneOf, anyOf, allOf and local $ref) and refuses
// schemas with any other validation keyword, so that nothing written in the
// document goes unchecked.
package openapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// methods returns the HTTP methods an OpenAPI path item may hold.
func methods() []string {
	return []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}
}

// Document is a parsed OpenAPI document. It is safe for concurrent use.
type Document struct {
	root  map[string]any
	paths []pathEntry

	mu sync.Mutex
	// patterns caches compiled schema patterns.
	patterns map[string]*regexp.Regexp
}

type pathEntry struct {
	template string
	segments []string // "{name}" for parameters
	item     map[string]any
}

// Operation is one documented method and path.
type Operation struct {
	Method string // upper case
	Path   string // the template, e.g. /api/keys/{key_id}/rotate
	ID     string // operationId
	op     map[string]any
}

// Parse reads an OpenAPI document. It checks that the document is an
// OpenAPI 3 object with paths; Lint checks more.
func Parse(b []byte) (*Document, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var root map[string]any
	if err := dec.Decode(&root); err != nil {
		return nil, fmt.Errorf("openapi: parsing the document: %w", err)
	}
	v, _ := root["openapi"].(string)
	if !strings.HasPrefix(v, "3.") {
		return nil, fmt.Errorf("openapi: version %q is not OpenAPI 3", v)
	}
	paths, ok := root["paths"].(map[string]any)
	if !ok {
		return nil, errors.New("openapi: the document has no paths object")
	}
	d := &Document{root: root, patterns: map[string]*regexp.Regexp{}}
	for tmpl, it := range paths {
		item, ok := it.(map[string]any)
		if !ok || !strings.HasPrefix(tmpl, "/") {
			return nil, fmt.Errorf("openapi: path %q is malformed", tmpl)
		}
		d.paths = append(d.paths, pathEntry{template: tmpl, segments: strings.Split(strings.Trim(tmpl, "/"), "/"), item: item})
	}
	// Literal segments win over parameters: sort so that the most literal
	// template of equal length is tried first.
	sort.Slice(d.paths, func(i, j int) bool {
		a, b := d.paths[i], d.paths[j]
		if la, lb := literalCount(a.segments), literalCount(b.segments); la != lb {
			return la > lb
		}
		return a.template < b.template
	})
	return d, nil
}

func literalCount(segs []string) int {
	n := 0
	for _, s := range segs {
		if !isParam(s) {
			n++
		}
	}
	return n
}

func isParam(seg string) bool { return strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") }

// Operations returns every documented operation, sorted by path and method.
func (d *Document) Operations() []Operation {
	var out []Operation
	for _, p := range d.paths {
		for _, m := range methods() {
			if op, ok := p.item[m].(map[string]any); ok {
				id, _ := op["operationId"].(string)
				out = append(out, Operation{Method: strings.ToUpper(m), Path: p.template, ID: id, op: op})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Method < out[j].Method
	})
	return out
}

// Find returns the operation serving method and a concrete path (without
// query), and the path parameters' values.
func (d *Document) Find(method, path string) (Operation, map[string]string, bool) {
	if path != "/" {
		path = strings.TrimSuffix(path, "/")
	}
	segs := strings.Split(strings.Trim(path, "/"), "/")
	m := strings.ToLower(method)
	if m == "head" {
		m = "get"
	}
	for _, p := range d.paths {
		if len(p.segments) != len(segs) {
			continue
		}
		params := map[string]string{}
		ok := true
		for i, s := range p.segments {
			switch {
			case isParam(s):
				if segs[i] == "" {
					ok = false
				}
				params[s[1:len(s)-1]] = segs[i]
			case s != segs[i]:
				ok = false
			}
			if !ok {
				break
			}
		}
		if !ok {
			continue
		}
		if op, found := p.item[m].(map[string]any); found {
			id, _ := op["operationId"].(string)
			return Operation{Method: strings.ToUpper(m), Path: p.template, ID: id, op: op}, params, true
		}
	}
	return Operation{}, nil, false
}

// resolve follows local $refs ("#/components/...").
func (d *Document) resolve(v any) (map[string]any, error) {
	for range 32 {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("expected an object, found %T", v)
		}
		ref, ok := m["$ref"].(string)
		if !ok {
			return m, nil
		}
		target, err := d.pointer(ref)
		if err != nil {
			return nil, err
		}
		v = target
	}
	return nil, errors.New("$ref chain too long")
}

func (d *Document) pointer(ref string) (any, error) {
	if !strings.HasPrefix(ref, "#/") {
		return nil, fmt.Errorf("$ref %q: only local references are supported", ref)
	}
	var cur any = d.root
	for _, part := range strings.Split(ref[2:], "/") {
		part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("$ref %q does not resolve", ref)
		}
		if cur, ok = m[part]; !ok {
			return nil, fmt.Errorf("$ref %q does not resolve", ref)
		}
	}
	return cur, nil
}

// ResponseError lists what is wrong with one response.
type ResponseError struct {
	Method, Path string
	Status       int
	Problems     []string
}

func (e *ResponseError) Error() string {
	return fmt.Sprintf("%s %s → %d does not match the OpenAPI document:\n  %s", e.Method, e.Path, e.Status, strings.Join(e.Problems, "\n  "))
}

// ValidateResponse checks a response to method and path (without query)
// against the document: the status must be documented for the operation,
// the content type must be one it lists, and a JSON body must match its
// schema. It returns a *ResponseError or nil.
func (d *Document) ValidateResponse(method, path string, status int, contentType string, body []byte) error {
	fail := func(format string, args ...any) error {
		return &ResponseError{Method: method, Path: path, Status: status, Problems: []string{fmt.Sprintf(format, args...)}}
	}
	resp, err := d.response(method, path, status)
	if err != nil {
		return fail("%v", err)
	}
	content, _ := resp["content"].(map[string]any)
	if len(content) == 0 {
		if len(bytes.TrimSpace(body)) > 0 && status != 303 {
			return fail("status %d is documented without a body, but the server sent %d bytes", status, len(body))
		}
		return nil
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return fail("malformed Content-Type %q", contentType)
	}
	media, ok := content[mt].(map[string]any)
	if !ok {
		media, ok = content["*/*"].(map[string]any)
	}
	if !ok {
		var listed []string
		for k := range content {
			listed = append(listed, k)
		}
		sort.Strings(listed)
		return fail("Content-Type %s is not documented (documented: %s)", mt, strings.Join(listed, ", "))
	}
	schema, hasSchema := media["schema"]
	if !hasSchema {
		return nil
	}
	var value any
	if mt == "application/json" || strings.HasSuffix(mt, "+json") {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		if err := dec.Decode(&value); err != nil {
			return fail("the body is not JSON: %v", err)
		}
	} else {
		if !utf8.Valid(body) && strings.HasPrefix(mt, "text/") {
			return fail("the %s body is not UTF-8", mt)
		}
		value = string(body)
	}
	if probs := d.Validate(schema, value); len(probs) > 0 {
		return &ResponseError{Method: method, Path: path, Status: status, Problems: probs}
	}
	return nil
}

// response returns the documented response of method and path for
// status (an exact status, a range such as 4XX, or the default).
func (d *Document) response(method, path string, status int) (map[string]any, error) {
	op, _, ok := d.Find(method, path)
	if !ok {
		return nil, fmt.Errorf("no operation is documented for %s %s", method, path)
	}
	resps, _ := op.op["responses"].(map[string]any)
	code := strconv.Itoa(status)
	r, ok := resps[code]
	if !ok {
		r, ok = resps[code[:1]+"XX"]
	}
	if !ok {
		r, ok = resps["default"]
	}
	if !ok {
		return nil, fmt.Errorf("status %d is not documented for %s (%s)", status, op.Path, op.ID)
	}
	resp, err := d.resolve(r)
	if err != nil {
		return nil, fmt.Errorf("response %s: %w", code, err)
	}
	return resp, nil
}

// MissingHeaders returns the headers the document marks required
// ("required": true) for method, path and status that h lacks, sorted; an
// undocumented response has none.
func (d *Document) MissingHeaders(method, path string, status int, h http.Header) []string {
	resp, err := d.response(method, path, status)
	if err != nil {
		return nil
	}
	hs, _ := resp["headers"].(map[string]any)
	var missing []string
	for name, v := range hs {
		hdr, err := d.resolve(v)
		if err != nil {
			continue
		}
		if req, _ := hdr["required"].(bool); req && h.Get(name) == "" {
			missing = append(missing, name)
		}
	}
	sort.Strings(missing)
	return missing
}

// Validate checks value (decoded with json.Decoder.UseNumber, or a string)
// against schema and returns the problems found, each prefixed by the JSON
// path of the value at fault.
func (d *Document) Validate(schema any, value any) []string {
	var probs []string
	d.validate(schema, value, "$", &probs, 0)
	return probs
}

func (d *Document) validate(sch any, v any, at string, probs *[]string, depth int) {
	add := func(format string, args ...any) { *probs = append(*probs, at+": "+fmt.Sprintf(format, args...)) }
	if depth > 64 {
		add("schema nesting too deep")
		return
	}
	if b, ok := sch.(bool); ok {
		if !b {
			add("no value is allowed here")
		}
		return
	}
	s, err := d.resolve(sch)
	if err != nil {
		add("schema: %v", err)
		return
	}
	if t, ok := s["type"]; ok && !typeMatches(t, v) {
		add("%s is not of type %v", kindOf(v), t)
		return
	}
	if e, ok := s["enum"].([]any); ok && !inEnum(e, v) {
		add("%s is not one of %v", short(v), e)
	}
	if c, ok := s["const"]; ok && !jsonEqual(c, v) {
		add("%s is not %v", short(v), c)
	}
	for _, kw := range []string{"allOf", "anyOf", "oneOf"} {
		list, ok := s[kw].([]any)
		if !ok {
			continue
		}
		passed := 0
		var first []string
		for _, sub := range list {
			var p []string
			d.validate(sub, v, at, &p, depth+1)
			if len(p) == 0 {
				passed++
			} else if first == nil {
				first = p
			}
		}
		switch {
		case kw == "allOf" && passed != len(list):
			*probs = append(*probs, first...)
		case kw == "anyOf" && passed == 0:
			add("matches none of anyOf: %s", strings.Join(first, "; "))
		case kw == "oneOf" && passed != 1:
			add("matches %d of oneOf's %d schemas, not exactly one", passed, len(list))
		}
	}
	switch x := v.(type) {
	case map[string]any:
		d.validateObject(s, x, at, probs, depth)
	case []any:
		if n, ok := intKeyword(s, "minItems"); ok && len(x) < n {
			add("%d items, fewer than %d", len(x), n)
		}
		if n, ok := intKeyword(s, "maxItems"); ok && len(x) > n {
			add("%d items, more than %d", len(x), n)
		}
		if items, ok := s["items"]; ok {
			for i, it := range x {
				d.validate(items, it, fmt.Sprintf("%s[%d]", at, i), probs, depth+1)
			}
		}
	case string:
		n := utf8.RuneCountInString(x)
		if m, ok := intKeyword(s, "minLength"); ok && n < m {
			add("%d characters, fewer than %d", n, m)
		}
		if m, ok := intKeyword(s, "maxLength"); ok && n > m {
			add("%d characters, more than %d", n, m)
		}
		if p, ok := s["pattern"].(string); ok {
			re, err := d.pattern(p)
			if err != nil {
				add("schema pattern %q: %v", p, err)
			} else if !re.MatchString(x) {
				add("%s does not match %s", short(x), p)
			}
		}
		switch s["format"] {
		case "date-time":
			if _, err := time.Parse(time.RFC3339, x); err != nil {
				add("%s is not an RFC 3339 date-time", short(x))
			}
		case "date":
			if _, err := time.Parse(time.DateOnly, x); err != nil {
				add("%s is not a date (YYYY-MM-DD)", short(x))
			}
		}
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			add("%s is not a number", x)
			return
		}
		if m, ok := numKeyword(s, "minimum"); ok && f < m {
			add("%s is less than %v", x, m)
		}
		if m, ok := numKeyword(s, "maximum"); ok && f > m {
			add("%s is more than %v", x, m)
		}
	}
}

func (d *Document) validateObject(s map[string]any, x map[string]any, at string, probs *[]string, depth int) {
	props, _ := s["properties"].(map[string]any)
	if req, ok := s["required"].([]any); ok {
		for _, r := range req {
			name, _ := r.(string)
			if _, ok := x[name]; !ok {
				*probs = append(*probs, fmt.Sprintf("%s: required property %q is missing", at, name))
			}
		}
	}
	keys := make([]string, 0, len(x))
	for k := range x {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		child := at + "." + k
		if p, ok := props[k]; ok {
			d.validate(p, x[k], child, probs, depth+1)
			continue
		}
		switch ap := s["additionalProperties"].(type) {
		case nil:
			// JSON Schema's default: anything goes.
		case bool:
			if !ap {
				*probs = append(*probs, fmt.Sprintf("%s: property %q is not documented", at, k))
			}
		default:
			d.validate(ap, x[k], child, probs, depth+1)
		}
	}
}

func (d *Document) pattern(p string) (*regexp.Regexp, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if re, ok := d.patterns[p]; ok {
		return re, nil
	}
	re, err := regexp.Compile(p)
	if err != nil {
		return nil, err
	}
	d.patterns[p] = re
	return re, nil
}

func typeMatches(t any, v any) bool {
	switch tt := t.(type) {
	case string:
		return oneType(tt, v)
	case []any:
		for _, x := range tt {
			if s, ok := x.(string); ok && oneType(s, v) {
				return true
			}
		}
	}
	return false
}

func oneType(t string, v any) bool {
	switch t {
	case "null":
		return v == nil
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "number":
		_, ok := v.(json.Number)
		return ok
	case "integer":
		n, ok := v.(json.Number)
		if !ok {
			return false
		}
		if _, err := n.Int64(); err == nil {
			return true
		}
		f, err := n.Float64()
		return err == nil && f == float64(int64(f))
	}
	return false
}

func kindOf(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case string:
		return "string " + short(x)
	case json.Number:
		return "number " + x.String()
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

func short(v any) string {
	s := fmt.Sprintf("%q", fmt.Sprint(v))
	if len(s) > 60 {
		s = s[:57] + `…"`
	}
	return s
}

func inEnum(e []any, v any) bool {
	for _, x := range e {
		if jsonEqual(x, v) {
			return true
		}
	}
	return false
}

func jsonEqual(a, b any) bool {
	na, aNum := a.(json.Number)
	nb, bNum := b.(json.Number)
	if aNum && bNum {
		fa, _ := na.Float64()
		fb, _ := nb.Float64()
		return fa == fb
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}

func intKeyword(s map[string]any, k string) (int, bool) {
	f, ok := numKeyword(s, k)
	return int(f), ok
}

func numKeyword(s map[string]any, k string) (float64, bool) {
	n, ok := s[k].(json.Number)
	if !ok {
		return 0, false
	}
	f, err := n.Float64()
	return f, err == nil
}
