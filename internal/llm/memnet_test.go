package llm_test

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"syscall"
	"testing"

	"appencorrect/internal/sim"
)

// memNet is an in-memory network of simulators keyed by host:port, for
// tests inside a synctest bubble, where real sockets cannot be used: the
// client's Transport serves each request with the handler of its host, or
// fails to dial like a closed port.
type memNet struct {
	mu    sync.Mutex
	hosts map[string]http.Handler
}

func newMemNet() *memNet { return &memNet{hosts: map[string]http.Handler{}} }

// start serves a new simulator at host ("10.0.0.1:8000") and returns its
// URL and a function that takes it down (later requests are refused).
func (n *memNet) start(t testing.TB, host string, cfg sim.Config) (string, func()) {
	t.Helper()
	s := sim.New(cfg)
	n.mu.Lock()
	n.hosts[host] = s.Handler()
	n.mu.Unlock()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			n.mu.Lock()
			delete(n.hosts, host)
			n.mu.Unlock()
			s.Close()
		})
	}
	t.Cleanup(stop)
	return "http://" + host, stop
}

// RoundTrip implements http.RoundTripper.
func (n *memNet) RoundTrip(r *http.Request) (*http.Response, error) {
	n.mu.Lock()
	h := n.hosts[r.URL.Host]
	n.mu.Unlock()
	if h == nil {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	}
	rec := httptest.NewRecorder()
	if dropped := serve(h, rec, r); dropped {
		return nil, io.ErrUnexpectedEOF // the server closed the connection
	}
	if err := r.Context().Err(); err != nil {
		return nil, err
	}
	return rec.Result(), nil
}

// serve runs h; a handler that aborts (http.ErrAbortHandler: the
// simulator dropping the connection) reports dropped.
func serve(h http.Handler, w http.ResponseWriter, r *http.Request) (dropped bool) {
	defer func() {
		if v := recover(); v != nil {
			if v != http.ErrAbortHandler {
				panic(v)
			}
			dropped = true
		}
	}()
	h.ServeHTTP(w, r)
	return false
}
