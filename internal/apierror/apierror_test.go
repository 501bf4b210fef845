package apierror

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"log/slog"
	"net/http"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"appencorrect/internal/pipeline"
	"appencorrect/web"
)

type saturated struct{ d time.Duration }

func (s saturated) Error() string                     { return "all endpoints at capacity (http://10.1.2.3:8000/v1)" }
func (s saturated) RetryAfterDuration() time.Duration { return s.d }

func TestFrom(t *testing.T) {
	secret := errors.New(`Post "http://10.1.2.3:8000/v1/chat/completions": dial tcp: connection refused`)
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name   string
		ctx    context.Context
		err    error
		status int
		retry  string
		code   Code
		level  slog.Level
	}{
		{"client gone", gone, secret, StatusClientClosed, "", Cancelled, slog.LevelInfo},
		{"busy", context.Background(), fmt.Errorf("chunk 2: %w", saturated{1200 * time.Millisecond}), 503, "2", Busy, slog.LevelWarn},
		{"busy under a second", context.Background(), saturated{10 * time.Millisecond}, 503, "1", Busy, slog.LevelWarn},
		{"model down, no fallback", context.Background(), secret, 503, "5", EngineFailed, slog.LevelError},
		{"deadline", context.Background(), fmt.Errorf("model: %w", context.DeadlineExceeded), 504, "", Timeout, slog.LevelWarn},
		{"inconsistent", context.Background(), fmt.Errorf("llm engine: %w: %w", pipeline.ErrInconsistent, secret), 502, "", BadEngineAnswer, slog.LevelError},
		{"database", context.Background(), Storage(secret), 503, "5", StorageUnavailable, slog.LevelError},
		{"key store", context.Background(), Auth(secret), 503, "5", AuthUnavailable, slog.LevelError},
		{"key store wrapped twice", context.Background(), fmt.Errorf("login: %w", Auth(Storage(secret))), 503, "5", AuthUnavailable, slog.LevelError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := From(tc.ctx, tc.err)
			h := http.Header{}
			f.SetHeaders(h)
			if f.Status != tc.status || h.Get("Retry-After") != tc.retry || f.Code != tc.code || f.Level() != tc.level {
				t.Errorf("%d Retry-After %q code %q level %v, want %d %q %q %v", f.Status, h.Get("Retry-After"), f.Code, f.Level(),
					tc.status, tc.retry, tc.code, tc.level)
			}
			if f.Title == "" || f.Message == "" {
				t.Errorf("no title or message: %+v", f)
			}
			if strings.Contains(f.Message, "10.1.2.3") || strings.Contains(f.Message, "refused") {
				t.Errorf("the message shows the error's text: %q", f.Message)
			}
			if tc.retry != "" && !strings.HasSuffix(f.Message, "Retry after "+tc.retry+" s.") {
				t.Errorf("the message does not say when to retry: %q", f.Message)
			}
		})
	}
}

func TestRateLimitAndLoginLock(t *testing.T) {
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name    string
		f       Failure
		retry   string
		code    Code
		message string
	}{
		{"per hour", RateLimit(54000, time.Hour, 1500*time.Millisecond), "2", RateLimited, "Rate limit of 54000 requests per hour exceeded"},
		{"per minute", RateLimit(30, time.Minute, 59*time.Second), "59", RateLimited, "Rate limit of 30 requests per minute exceeded"},
		{"window already over", RateLimit(30, time.Minute, 0), "1", RateLimited, "Rate limit of 30 requests per minute exceeded"},
		{"login lock", LoginLock(now.Add(15*time.Minute), now), "900", LoginLocked,
			"too many failed logins for this user name from this address; try again after 2026-12-04T10:15:00Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			tc.f.SetHeaders(h)
			if tc.f.Status != http.StatusTooManyRequests || h.Get("Retry-After") != tc.retry || tc.f.Code != tc.code || tc.f.Message != tc.message {
				t.Errorf("%d Retry-After %q code %q %q, want 429 %q %q %q", tc.f.Status, h.Get("Retry-After"), tc.f.Code, tc.f.Message,
					tc.retry, tc.code, tc.message)
			}
		})
	}
}

func TestNotReady(t *testing.T) {
	f := NotReady()
	h := http.Header{}
	f.SetHeaders(h)
	if f.Status != http.StatusServiceUnavailable || h.Get("Retry-After") != "1" || f.Code != Starting ||
		f.Message != "the service is starting. Retry after 1 s." {
		t.Errorf("%+v, Retry-After %q", f, h.Get("Retry-After"))
	}
}

func TestNoRetryAfterWithoutWait(t *testing.T) {
	h := http.Header{}
	Failure{Status: http.StatusBadRequest, Title: "Invalid request", Message: "x"}.SetHeaders(h)
	if len(h) != 0 {
		t.Errorf("headers %v for a failure without a wait", h)
	}
}

// undocumentedCodes are the codes the OpenAPI document leaves out of the
// Error schema's code enum on purpose, each with the reason.
var undocumentedCodes = map[Code]string{
	Cancelled: "answered (499) only to a client that has closed the request: nobody reads it",
}

// TestCodesInOpenAPI: every Code constant declared in this package (read
// from its source, so a new one cannot be forgotten here) is in the code
// enum of web/openapi.json's Error schema, unless undocumentedCodes says
// why not; and the enum holds no code that does not exist.
func TestCodesInOpenAPI(t *testing.T) {
	codes := declaredCodes(t)
	if len(codes) == 0 {
		t.Fatal("no Code constants found in the package's source")
	}
	var doc struct {
		Components struct {
			Schemas struct {
				Error struct {
					Properties struct {
						Code struct {
							Enum []Code `json:"enum"`
						} `json:"code"`
					} `json:"properties"`
				} `json:"Error"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(web.OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	enum := doc.Components.Schemas.Error.Properties.Code.Enum
	for _, c := range codes {
		documented := slices.Contains(enum, c)
		why, exempt := undocumentedCodes[c]
		switch {
		case !documented && !exempt:
			t.Errorf("code %q is not in openapi.json's Error code enum %v: document it, or list it in undocumentedCodes with the reason", c, enum)
		case documented && exempt:
			t.Errorf("code %q is in the enum but listed as undocumented (%s)", c, why)
		}
	}
	for _, c := range enum {
		if !slices.Contains(codes, c) {
			t.Errorf("openapi.json's Error code enum has %q, which is no Code constant", c)
		}
	}
	for c := range undocumentedCodes {
		if !slices.Contains(codes, c) {
			t.Errorf("undocumentedCodes lists %q, which is no Code constant", c)
		}
	}
}

// declaredCodes returns the values of the constants of type Code declared
// in the package's (non-test) source files.
func declaredCodes(t *testing.T) []Code {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var codes []Code
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Code" {
					continue
				}
				for _, v := range vs.Values {
					lit, ok := v.(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						t.Fatalf("%s: a Code constant that is not a string literal: %T", fset.Position(v.Pos()), v)
					}
					s, err := strconv.Unquote(lit.Value)
					if err != nil {
						t.Fatal(err)
					}
					codes = append(codes, Code(s))
				}
			}
		}
	}
	return codes
}
