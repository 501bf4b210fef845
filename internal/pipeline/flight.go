package pipeline

import (
	"context"
	"sync"
)

// flight coalesces identical concurrent model calls: the first caller
// starts the call, later callers with the same key wait for its result.
// The call runs on a context detached from any one caller's cancellation
// (with the first caller's deadline), and is cancelled when every caller
// has given up.
type flight struct {
	mu sync.Mutex
	m  map[string]*call
}

type call struct {
	key     string
	done    chan struct{}
	out     ModelOutput
	err     error
	waiters int
	cancel  context.CancelFunc
}

// do runs fn once per key at a time; shared reports that another caller's
// call answered.
func (g *flight) do(ctx context.Context, key string, fn func(context.Context) (ModelOutput, error)) (ModelOutput, bool, error) {
	g.mu.Lock()
	if c, ok := g.m[key]; ok {
		c.waiters++
		g.mu.Unlock()
		out, err := g.wait(ctx, c)
		return out, true, err
	}
	cctx := context.WithoutCancel(ctx)
	var cancel context.CancelFunc
	if dl, ok := ctx.Deadline(); ok {
		cctx, cancel = context.WithDeadline(cctx, dl)
	} else {
		cctx, cancel = context.WithCancel(cctx)
	}
	c := &call{key: key, done: make(chan struct{}), waiters: 1, cancel: cancel}
	g.m[key] = c
	g.mu.Unlock()
	go func() {
		defer cancel()
		// A panic in the call becomes its error (the fallback answers);
		// unrecovered, it would end the process.
		c.out, c.err = callSafely(func() (ModelOutput, error) { return fn(cctx) })
		g.mu.Lock()
		if g.m[key] == c {
			delete(g.m, key)
		}
		g.mu.Unlock()
		close(c.done)
	}()
	out, err := g.wait(ctx, c)
	return out, false, err
}

func (g *flight) wait(ctx context.Context, c *call) (ModelOutput, error) {
	select {
	case <-c.done:
		return c.out, c.err
	case <-ctx.Done():
		g.mu.Lock()
		c.waiters--
		if c.waiters == 0 {
			// Nobody waits: stop the call, and let a new caller start
			// afresh rather than join a cancelled call.
			c.cancel()
			if g.m[c.key] == c {
				delete(g.m, c.key)
			}
		}
		g.mu.Unlock()
		return ModelOutput{}, ctx.Err()
	}
}
