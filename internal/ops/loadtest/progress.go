package loadtest

import (
	"fmt"
	"strings"
	"time"
)

// progress draws a one-line bar on cfg.Progress every 200 ms until the
// returned function is called.
func (r *runner) progress(rc *recorder, p phase, index, total int, start time.Time) func() {
	w := r.cfg.Progress
	if w == nil {
		return func() {}
	}
	label := fmt.Sprintf("c=%d", p.concurrency)
	if p.rate > 0 {
		label = fmt.Sprintf("rate=%g/s", p.rate)
	}
	draw := func(final bool) {
		el := time.Since(start)
		frac := min(el.Seconds()/p.duration.Seconds(), 1)
		if p.maxRequests > 0 {
			frac = max(frac, min(float64(rc.requests.Load())/float64(p.maxRequests), 1))
		}
		if final {
			frac = 1
		}
		const width = 24
		n := int(frac * width)
		bar := strings.Repeat("█", n) + strings.Repeat("░", width-n)
		fmt.Fprintf(w, "\r%-9s %d/%d %-11s %s %5.1fs  req %-6d err %-5d p95 %6.0fms ", p.name, index, total, label, bar,
			el.Seconds(), rc.requests.Load(), rc.errors.Load(), ms(rc.p95()))
		if final {
			fmt.Fprintln(w)
		}
	}
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				draw(true)
				return
			case <-t.C:
				draw(false)
			}
		}
	}()
	return func() {
		close(done)
		<-stopped
	}
}
