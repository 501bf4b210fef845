package httpx

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestMethodLabel(t *testing.T) {
	for in, want := range map[string]string{
		"GET": "GET", "POST": "POST", "PATCH": "PATCH", "OPTIONS": "OPTIONS",
		"get": "OTHER", "BREW": "OTHER", "": "OTHER", "PROPFIND": "OTHER",
	} {
		if got := MethodLabel(in); got != want {
			t.Errorf("MethodLabel(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStatusWriter(t *testing.T) {
	tests := []struct {
		name   string
		handle func(w http.ResponseWriter)
		code   int
		bytes  int
	}{
		{"nothing written", func(http.ResponseWriter) {}, 200, 0},
		{"body only", func(w http.ResponseWriter) { w.Write([]byte("hello")) }, 200, 5},
		{"status then body", func(w http.ResponseWriter) { w.WriteHeader(404); w.Write([]byte("no")) }, 404, 2},
		{"first status wins", func(w http.ResponseWriter) { w.WriteHeader(503); w.WriteHeader(200) }, 503, 0},
		{"early hints are not the status", func(w http.ResponseWriter) {
			w.WriteHeader(http.StatusEarlyHints)
			w.WriteHeader(http.StatusNotFound)
		}, 404, 0},
		{"flush streams", func(w http.ResponseWriter) {
			w.Write([]byte("data: 1\n\n"))
			if err := http.NewResponseController(w).Flush(); err != nil {
				panic(err)
			}
		}, 200, 9},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		sw := NewStatusWriter(rec)
		tt.handle(sw)
		if sw.Code() != tt.code || sw.Bytes != tt.bytes {
			t.Errorf("%s: code %d bytes %d, want %d %d", tt.name, sw.Code(), sw.Bytes, tt.code, tt.bytes)
		}
		if tt.name == "flush streams" && !rec.Flushed {
			t.Errorf("%s: not flushed through the writer", tt.name)
		}
	}
}

// failingFlusher is a writer whose flush fails, as when the client left.
type failingFlusher struct{ http.ResponseWriter }

func (failingFlusher) FlushError() error { return errClientGone }

var errClientGone = errors.New("client gone")

// TestFlushErrorReachesTheHandler: a streaming handler flushing through
// http.ResponseController learns that the flush failed, and one without a
// flushable writer underneath is told so instead of silently buffering.
func TestFlushErrorReachesTheHandler(t *testing.T) {
	sw := NewStatusWriter(failingFlusher{httptest.NewRecorder()})
	if err := http.NewResponseController(sw).Flush(); !errors.Is(err, errClientGone) {
		t.Errorf("flush through the status writer: %v, want %v", err, errClientGone)
	}
	if sw.Code() != http.StatusOK {
		t.Errorf("status after a flush: %d, want 200", sw.Code())
	}
	plain := NewStatusWriter(struct{ http.ResponseWriter }{httptest.NewRecorder()})
	if err := http.NewResponseController(plain).Flush(); !errors.Is(err, http.ErrNotSupported) {
		t.Errorf("flush over a writer that cannot: %v, want http.ErrNotSupported", err)
	}
	// Other controls pass through Unwrap.
	rec := httptest.NewRecorder()
	if err := http.NewResponseController(NewStatusWriter(rec)).SetWriteDeadline(time.Now()); !errors.Is(err, http.ErrNotSupported) {
		t.Errorf("SetWriteDeadline on a recorder: %v, want http.ErrNotSupported (reached through Unwrap)", err)
	}
}
