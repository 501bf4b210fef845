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
