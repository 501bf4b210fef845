package llm

import (
	"context"
	"testing"
	"testing/synctest"
	"time"
)

// TestHealthyPollReadmitsEjectedEndpoint: an endpoint ejected after failed
// requests is probed by the next request as soon as its /health answers,
// not after its backoff of up to EjectMax, and /health stops reporting it
// down; the probe's success restores it.
func TestHealthyPollReadmitsEjectedEndpoint(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBalancer(BalancerConfig{EjectAfter: 2, EjectMin: 30 * time.Second, EjectMax: 30 * time.Second})
		e := &endpoint{name: "http://10.0.0.1:8000/v1"}
		b.setEndpoints("s", []*endpoint{e})
		for range 2 {
			got, err := b.acquire(context.Background())
			if err != nil || got != e {
				t.Fatalf("acquire: %v %v", got, err)
			}
			b.release(e, outcomeFail, "500 Internal Server Error")
		}
		if ok, _ := b.health(); ok {
			t.Fatal("not ejected after 2 failures")
		}
		if _, err := b.acquire(context.Background()); err != ErrUnavailable {
			t.Fatalf("acquire while ejected: %v, want ErrUnavailable", err)
		}
		// One poll interval later the server's /health answers.
		time.Sleep(time.Second)
		b.healthResult(e, true, false, "")
		if ok, detail := b.health(); !ok {
			t.Errorf("health after a good poll: down (%s)", detail)
		}
		got, err := b.acquire(context.Background())
		if err != nil || got != e {
			t.Fatalf("probe after a good poll: %v %v (waits for the 30 s backoff)", got, err)
		}
		// Only one probe at a time.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
		if _, err := b.acquire(ctx); err == nil {
			t.Error("a second request went to the endpoint while it was being probed")
		}
		cancel()
		b.release(e, outcomeOK, "")
		if ok, detail := b.health(); !ok || detail != "1 model endpoint(s) up (endpoint 0 http://10.0.0.1:8000/v1 up)" {
			t.Errorf("after the probe: %v %q", ok, detail)
		}
		if got, err := b.acquire(context.Background()); err != nil || got != e {
			t.Errorf("after the probe: %v %v", got, err)
		} else {
			b.release(e, outcomeOK, "")
		}
	})
}

// TestFailedProbeAfterReadmitBacksOff: a probe that fails after a good
// /health ejects again with the backoff.
func TestFailedProbeAfterReadmitBacksOff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBalancer(BalancerConfig{EjectAfter: 1, EjectMin: 5 * time.Second, EjectMax: 30 * time.Second})
		e := &endpoint{name: "e"}
		b.setEndpoints("s", []*endpoint{e})
		got, _ := b.acquire(context.Background())
		b.release(got, outcomeFail, "boom")
		b.healthResult(e, true, false, "")
		got, err := b.acquire(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		b.release(got, outcomeFail, "boom again")
		if ok, _ := b.health(); ok {
			t.Error("up after a failed probe")
		}
		if _, err := b.acquire(context.Background()); err != ErrUnavailable {
			t.Errorf("acquire right after a failed probe: %v, want ErrUnavailable", err)
		}
	})
}

// TestReadmissionReported: release and healthResult report a re-admission
// (which the client logs) exactly when an ejected endpoint is back in
// service: a good /health after it was unreachable, or a good answer to a
// probe request after failed requests; never for a healthy endpoint, a
// /health that only allows a probe, or a failed probe.
func TestReadmissionReported(t *testing.T) {
	type step struct {
		do   string // ok, fail, connect (a request and its outcome), health (a good poll), wait (the backoff)
		want bool   // reported re-admitted
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"healthy endpoint", []step{{"ok", false}, {"health", false}, {"ok", false}}},
		{"unreachable, then /health", []step{{"connect", false}, {"health", true}, {"health", false}, {"ok", false}}},
		{"unreachable, then a probe after the backoff", []step{{"connect", false}, {"wait", false}, {"ok", true}}},
		{"failed requests, /health, then a probe", []step{{"fail", false}, {"health", false}, {"ok", true}, {"ok", false}}},
		{"failed requests, failed probe", []step{{"fail", false}, {"health", false}, {"fail", false}, {"wait", false}, {"ok", true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				b := newBalancer(BalancerConfig{EjectAfter: 1, EjectMin: 5 * time.Second, EjectMax: 5 * time.Second})
				e := &endpoint{name: "e"}
				b.setEndpoints("s", []*endpoint{e})
				for i, s := range tt.steps {
					var got bool
					switch s.do {
					case "health":
						got = b.healthResult(e, true, false, "")
					case "wait":
						time.Sleep(5 * time.Second)
						continue
					default:
						if _, err := b.acquire(context.Background()); err != nil {
							t.Fatalf("step %d (%s): acquire: %v", i, s.do, err)
						}
						o := map[string]outcome{"ok": outcomeOK, "fail": outcomeFail, "connect": outcomeConnect}[s.do]
						got = b.release(e, o, "boom")
					}
					if got != s.want {
						t.Errorf("step %d (%s): re-admitted %v, want %v", i, s.do, got, s.want)
					}
				}
			})
		})
	}
}
