package languagetool

import (
	"bytes"
	"errors"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"appencorrect/internal/language"
)

func TestReadParams(t *testing.T) {
	multipartBody := func() (string, string) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		_ = mw.WriteField("text", "teh cat")
		_ = mw.WriteField("language", "en-GB")
		_ = mw.Close()
		return buf.String(), mw.FormDataContentType()
	}
	mpBody, mpType := multipartBody()
	tests := []struct {
		name, method, target, contentType, body string
		want                                    map[string]string
	}{
		{name: "form", method: "POST", target: "/v2/check", contentType: "application/x-www-form-urlencoded",
			body: "text=teh+cat%21&language=en-US", want: map[string]string{"text": "teh cat!", "language": "en-US"}},
		{name: "form labelled JSON (LTeX)", method: "POST", target: "/v2/check", contentType: "application/json",
			body: "language=en-US&data=%7B%22text%22%3A%22a%22%7D", want: map[string]string{"language": "en-US", "data": `{"text":"a"}`}},
		{name: "no content type", method: "POST", target: "/v2/check", body: "text=hi", want: map[string]string{"text": "hi"}},
		{name: "text/plain", method: "POST", target: "/v2/check", contentType: "text/plain", body: "text=hi", want: map[string]string{"text": "hi"}},
		{name: "query only POST", method: "POST", target: "/v2/check?text=hi%20there&language=auto",
			want: map[string]string{"text": "hi there", "language": "auto"}},
		{name: "GET", method: "GET", target: "/v2/check?text=%F0%9F%98%80+teh&language=en-US",
			want: map[string]string{"text": "😀 teh", "language": "en-US"}},
		{name: "body overrides query", method: "POST", target: "/v2/check?language=fr&level=picky", contentType: "application/x-www-form-urlencoded",
			body: "language=en-US&text=x", want: map[string]string{"language": "en-US", "level": "picky", "text": "x"}},
		{name: "malformed escape kept", method: "POST", target: "/v2/check", contentType: "application/x-www-form-urlencoded",
			body: "text=50%+off;+now&language=en-US", want: map[string]string{"text": "50% off; now", "language": "en-US"}},
		{name: "JSON object body", method: "POST", target: "/v2/check", contentType: "application/json",
			body: `{"text":"teh","language":"en-US","disabledRules":["A","B"],"enabledOnly":false}`,
			want: map[string]string{"text": "teh", "language": "en-US", "disabledRules": "A,B", "enabledOnly": "false"}},
		{name: "JSON data object", method: "POST", target: "/v2/check", contentType: "application/json",
			body: `{"data":{"text":"x"},"language":"en-US"}`, want: map[string]string{"data": `{"text":"x"}`, "language": "en-US"}},
		{name: "multipart", method: "POST", target: "/v2/check", contentType: mpType, body: mpBody,
			want: map[string]string{"text": "teh cat", "language": "en-GB"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, tt.target, strings.NewReader(tt.body))
			if tt.contentType != "" {
				r.Header.Set("Content-Type", tt.contentType)
			}
			v, err := ReadParams(r, 1<<20)
			if err != nil {
				t.Fatal(err)
			}
			for k, want := range tt.want {
				if got := v.Get(k); got != want {
					t.Errorf("%s = %q, want %q", k, got, want)
				}
			}
		})
	}
}

// TestReadParamsRefusesReplacedText: a JSON body whose strings would be
// decoded with U+FFFD in place of what was sent (invalid UTF-8, an
// unpaired surrogate escape) is refused with the byte offset.
func TestReadParamsRefusesReplacedText(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"unpaired surrogate", `{"text":"ab\ud800 teh","language":"en-US"}`, "unpaired UTF-16 surrogate escape at byte 11"},
		{"lone low surrogate", `{"text":"\udc00"}`, "unpaired UTF-16 surrogate escape at byte 9"},
		{"invalid UTF-8", "{\"text\":\"ab\xff teh\"}", "invalid UTF-8 at byte 11"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/v2/check", strings.NewReader(tc.body))
			r.Header.Set("Content-Type", "application/json")
			_, err := ReadParams(r, 1<<20)
			var e *Error
			if !errors.As(err, &e) || e.Status != http.StatusBadRequest || !strings.Contains(e.Message, tc.want) {
				t.Errorf("error %v, want a 400 saying %q", err, tc.want)
			}
		})
	}
	// A surrogate pair is one character, and fine.
	r := httptest.NewRequest("POST", "/v2/check", strings.NewReader(`{"text":"\ud83d\ude00 teh"}`))
	if v, err := ReadParams(r, 1<<20); err != nil || v.Get("text") != "😀 teh" {
		t.Errorf("a surrogate pair: %v %q", err, v.Get("text"))
	}
}

func TestReadParamsTooLarge(t *testing.T) {
	r := httptest.NewRequest("POST", "/v2/check", strings.NewReader("text="+strings.Repeat("a", 100)))
	_, err := ReadParams(r, 50)
	var e *Error
	if !errors.As(err, &e) || e.Status != http.StatusRequestEntityTooLarge {
		t.Fatalf("error %v, want a 413", err)
	}
}

func TestParseRequest(t *testing.T) {
	en := language.Tag{Code: language.English}
	gb := language.Tag{Code: language.English, Variant: language.GB}
	tests := []struct {
		name       string
		params     string
		wantStatus int // 0: success
		wantErr    string
		check      func(t *testing.T, r *Request)
	}{
		{name: "missing text", params: "language=en-US", wantStatus: 400, wantErr: "Missing 'text' or 'data'"},
		{name: "text and data", params: "text=a&data=%7B%7D", wantStatus: 400, wantErr: "not both"},
		{name: "bad data", params: "data=nope", wantStatus: 400, wantErr: "Could not parse JSON"},
		{name: "too long", params: "text=" + strings.Repeat("é", 11), wantStatus: 413, wantErr: "exceeds the limit of 10 characters (it's 11"},
		{name: "ten characters fit", params: "text=" + strings.Repeat("é", 10)},
		{name: "invalid UTF-8", params: "text=ab%FF%FE", wantStatus: 400, wantErr: "not valid UTF-8: an invalid byte at byte 2"},
		{name: "NUL", params: "text=ab%00cd", wantStatus: 400, wantErr: "NUL character at character 2"},
		{name: "data with an unpaired surrogate", params: "data=" + url.QueryEscape(`{"text":"ab\ud800"}`), wantStatus: 400,
			wantErr: "unpaired UTF-16 surrogate escape at byte 11"},
		{name: "data with invalid UTF-8", params: "data=" + url.QueryEscape("{\"annotation\":[{\"text\":\"a\xffb\"}]}"), wantStatus: 400,
			wantErr: "invalid UTF-8 at byte 25"},
		{name: "data with a surrogate pair", params: "data=" + url.QueryEscape(`{"text":"\ud83d\ude00"}`), check: func(t *testing.T, r *Request) {
			if r.Text.Plain() != "😀" {
				t.Errorf("text %q", r.Text.Plain())
			}
		}},
		{name: "bidi controls are text", params: "text=" + url.QueryEscape("a \u202eb\u202c \u200fש"), check: func(t *testing.T, r *Request) {
			if r.Text.Plain() != "a \u202eb\u202c \u200fש" {
				t.Errorf("text %q", r.Text.Plain())
			}
		}},
		{name: "unsupported language", params: "text=a&language=de-DE", wantStatus: 400, wantErr: "'language' parameter"},
		{name: "language defaults to auto", params: "text=a", check: func(t *testing.T, r *Request) {
			if r.Language.Code != language.Auto {
				t.Errorf("language %v, want auto", r.Language)
			}
		}},
		{name: "en-GB", params: "text=a&language=en-GB", check: func(t *testing.T, r *Request) {
			if r.Language != gb {
				t.Errorf("language %v", r.Language)
			}
		}},
		{name: "preferred variants", params: "text=a&language=auto&preferredVariants=de-AT,en-GB,pt-BR", check: func(t *testing.T, r *Request) {
			if len(r.PreferredVariants) != 1 || r.PreferredVariants[0] != gb {
				t.Errorf("variants %v", r.PreferredVariants)
			}
			if got := r.ResolveVariant(language.English); got != gb {
				t.Errorf("ResolveVariant(en) = %v", got)
			}
			if got := r.ResolveVariant(language.French); got != (language.Tag{Code: language.French}) {
				t.Errorf("ResolveVariant(fr) = %v", got)
			}
		}},
		{name: "preferred variants without dash", params: "text=a&language=auto&preferredVariants=en", wantStatus: 400, wantErr: "expected a dash"},
		{name: "unknown variant", params: "text=a&language=auto&preferredVariants=en-XX", wantStatus: 400, wantErr: "no such language/variant"},
		{name: "preferred variants ignored without auto", params: "text=a&language=en&preferredVariants=en-GB", check: func(t *testing.T, r *Request) {
			if r.Language != en || len(r.PreferredVariants) != 0 {
				t.Errorf("language %v variants %v", r.Language, r.PreferredVariants)
			}
		}},
		{name: "rules", params: "text=a&enabledRules=A,+b&disabledRules=C&enabledCategories=TYPOS&disabledCategories=style&level=picky&mode=textLevelOnly&motherTongue=fr&username=u&apiKey=k",
			check: func(t *testing.T, r *Request) {
				if !r.EnabledRules.Has("a") || !r.EnabledRules.Has("B") || !r.DisabledRules.Has("c") ||
					!r.EnabledCategories.Has("TYPOS") || !r.DisabledCategories.Has("STYLE") {
					t.Errorf("sets %v %v %v %v", r.EnabledRules, r.DisabledRules, r.EnabledCategories, r.DisabledCategories)
				}
				if !r.Picky || !r.TextLevelOnly || r.MotherTongue != "fr" || r.Username != "u" || r.APIKey != "k" || r.EnabledOnly {
					t.Errorf("request %+v", r)
				}
			}},
		{name: "enabledOnly with disabled", params: "text=a&enabledOnly=true&enabledRules=A&disabledRules=B", wantStatus: 400, wantErr: "cannot specify disabled"},
		{name: "enabledOnly without enabled", params: "text=a&enabledOnly=yes", wantStatus: 400, wantErr: "must specify enabled"},
		{name: "enabledOnly", params: "text=a&enabledOnly=yes&enabledCategories=TYPOS", check: func(t *testing.T, r *Request) {
			if !r.EnabledOnly {
				t.Error("enabledOnly not set")
			}
		}},
		{name: "enabledOnly=false", params: "text=a&enabledOnly=false&disabledRules=B"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := url.ParseQuery(tt.params)
			if err != nil {
				t.Fatal(err)
			}
			r, err := ParseRequest(v, 10)
			if tt.wantStatus != 0 {
				var e *Error
				if !errors.As(err, &e) || e.Status != tt.wantStatus || !strings.Contains(e.Message, tt.wantErr) {
					t.Fatalf("error %v, want %d containing %q", err, tt.wantStatus, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.check != nil {
				tt.check(t, r)
			}
		})
	}
}
