package openapi

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"appencorrect/web"
)

const testDoc = `{
 "openapi": "3.1.0",
 "info": {"title": "t", "version": "1"},
 "tags": [{"name": "a"}],
 "paths": {
  "/items/{id}": {"get": {"operationId": "getItem", "tags": ["a"], "security": [{}],
    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}},
                  "4XX": {"description": "error", "headers": {"Retry-After": {"required": true, "schema": {"type": "integer"}}, "X-Note": {"schema": {"type": "string"}}},
                          "content": {"text/plain": {"schema": {"type": "string", "pattern": "^Error: "}}}},
                  "304": {"description": "not modified"}}}},
  "/items/special": {"get": {"operationId": "special", "tags": ["a"], "security": [{}],
    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "integer"}}}}}}}
 },
 "components": {"schemas": {
  "Item": {"type": "object", "additionalProperties": false, "required": ["id", "span"],
    "properties": {
      "id": {"type": "string", "minLength": 1},
      "span": {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 2, "maxItems": 2},
      "kind": {"type": "string", "enum": ["a", "b"]},
      "note": {"type": ["string", "null"], "maxLength": 3},
      "when": {"type": "string", "format": "date-time"},
      "tags": {"type": "object", "additionalProperties": {"type": "integer"}},
      "either": {"oneOf": [{"type": "string"}, {"type": "integer"}]}
    }}
 }}
}`

func TestValidate(t *testing.T) {
	d, err := Parse([]byte(testDoc))
	if err != nil {
		t.Fatal(err)
	}
	if probs := d.Lint(); len(probs) > 0 {
		t.Fatalf("lint: %v", probs)
	}
	tests := []struct {
		name, path string
		status     int
		ctype      string
		body       string
		want       string // substring of the error; "" for valid
	}{
		{"valid", "/items/x", 200, "application/json", `{"id":"x","span":[1,2],"kind":"a","note":null,"when":"2024-01-02T03:04:05Z","tags":{"t":1},"either":3}`, ""},
		{"missing required", "/items/x", 200, "application/json", `{"id":"x"}`, `required property "span"`},
		{"undocumented property", "/items/x", 200, "application/json", `{"id":"x","span":[1,2],"extra":1}`, `"extra" is not documented`},
		{"wrong type", "/items/x", 200, "application/json", `{"id":5,"span":[1,2]}`, "not of type string"},
		{"float for integer", "/items/x", 200, "application/json", `{"id":"x","span":[1.5,2]}`, "not of type integer"},
		{"minimum", "/items/x", 200, "application/json", `{"id":"x","span":[-1,2]}`, "less than 0"},
		{"maxItems", "/items/x", 200, "application/json", `{"id":"x","span":[1,2,3]}`, "more than 2"},
		{"enum", "/items/x", 200, "application/json", `{"id":"x","span":[1,2],"kind":"c"}`, "not one of"},
		{"maxLength in code points", "/items/x", 200, "application/json", `{"id":"x","span":[1,2],"note":"ééé"}`, ""},
		{"maxLength", "/items/x", 200, "application/json", `{"id":"x","span":[1,2],"note":"abcd"}`, "more than 3"},
		{"minLength", "/items/x", 200, "application/json", `{"id":"","span":[1,2]}`, "fewer than 1"},
		{"date-time", "/items/x", 200, "application/json", `{"id":"x","span":[1,2],"when":"yesterday"}`, "date-time"},
		{"additionalProperties schema", "/items/x", 200, "application/json", `{"id":"x","span":[1,2],"tags":{"t":"x"}}`, "$.tags.t"},
		{"oneOf", "/items/x", 200, "application/json", `{"id":"x","span":[1,2],"either":true}`, "oneOf"},
		{"status range", "/items/x", 404, "text/plain; charset=utf-8", "Error: nope\n", ""},
		{"pattern", "/items/x", 404, "text/plain", "nope", "does not match"},
		{"undocumented status", "/items/x", 500, "application/json", `{}`, "status 500 is not documented"},
		{"undocumented content type", "/items/x", 200, "text/html", `<p>`, "text/html is not documented"},
		{"no body documented", "/items/x", 304, "", ``, ""},
		{"literal path wins", "/items/special", 200, "application/json", `7`, ""},
		{"unknown path", "/nothing", 200, "application/json", `{}`, "no operation"},
		{"not JSON", "/items/x", 200, "application/json", `{`, "not JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := d.ValidateResponse("GET", tt.path, tt.status, tt.ctype, []byte(tt.body))
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.want != "" && err == nil:
				t.Fatalf("no error, want one containing %q", tt.want)
			case tt.want != "" && !strings.Contains(err.Error(), tt.want):
				t.Fatalf("error %q does not contain %q", err, tt.want)
			}
		})
	}
}

func TestMissingHeaders(t *testing.T) {
	d, err := Parse([]byte(testDoc))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		status int
		h      http.Header
		want   string
	}{
		{"required header missing", 429, http.Header{"X-Note": {"x"}}, "Retry-After"},
		{"required header sent", 429, http.Header{"Retry-After": {"3"}}, ""},
		{"none required", 200, http.Header{}, ""},
		{"undocumented status", 500, http.Header{}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := strings.Join(d.MissingHeaders("GET", "/items/x", tc.status, tc.h), ","); got != tc.want {
				t.Errorf("missing %q, want %q", got, tc.want)
			}
		})
	}
}

func TestLintFindsProblems(t *testing.T) {
	bad := strings.NewReplacer(
		`"operationId": "special"`, `"operationId": "getItem"`,
		`"minLength": 1`, `"minLength": 1, "uniqueItems": true`,
		`"name": "id", "in": "path"`, `"name": "other", "in": "path"`,
		`{"$ref": "#/components/schemas/Item"}`, `{"$ref": "#/components/schemas/Nope"}`,
	).Replace(testDoc)
	d, err := Parse([]byte(bad))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(d.Lint(), "\n")
	for _, want := range []string{`operationId "getItem" is also used`, `"uniqueItems" is not supported`,
		`path parameter "other" is not in the path`, `path parameter "id" is not declared`, `"#/components/schemas/Nope" does not resolve`} {
		if !strings.Contains(got, want) {
			t.Errorf("lint did not report %q; it reported:\n%s", want, got)
		}
	}
}

// TestServiceDocument lints the document the server serves.
func TestServiceDocument(t *testing.T) {
	b := web.OpenAPI()
	if !json.Valid(b) {
		t.Fatal("web/openapi.json is not valid JSON")
	}
	d, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range d.Lint() {
		t.Error(p)
	}
	// Every example in a JSON request or response must match its schema:
	// the docs page offers them as runnable requests.
	for _, op := range d.Operations() {
		if rb, ok := op.op["requestBody"].(map[string]any); ok {
			checkExample(t, d, op.Method+" "+op.Path+" request", rb)
		}
		resps, _ := op.op["responses"].(map[string]any)
		for code, r := range resps {
			rr, err := d.resolve(r)
			if err != nil {
				t.Errorf("%s %s %s: %v", op.Method, op.Path, code, err)
				continue
			}
			checkExample(t, d, op.Method+" "+op.Path+" "+code, rr)
		}
	}
	comps, _ := d.root["components"].(map[string]any)
	schemas, _ := comps["schemas"].(map[string]any)
	for name, s := range schemas {
		sm, _ := s.(map[string]any)
		if ex, ok := sm["example"]; ok && sm["type"] == "object" {
			checkExample(t, d, "schema "+name, map[string]any{"content": map[string]any{
				"application/json": map[string]any{"schema": s, "example": ex}}})
		}
	}
}

func checkExample(t *testing.T, d *Document, where string, holder map[string]any) {
	t.Helper()
	content, _ := holder["content"].(map[string]any)
	for ct, m := range content {
		media, _ := m.(map[string]any)
		ex, ok := media["example"]
		if !ok || ct != "application/json" {
			continue
		}
		// Re-decode with UseNumber, as responses are.
		raw, _ := json.Marshal(ex)
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		for _, p := range d.Validate(media["schema"], v) {
			t.Errorf("%s example: %s", where, p)
		}
	}
}
