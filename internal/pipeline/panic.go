package pipeline

import (
	"errors"
	"fmt"
	"runtime/debug"
)

// ErrPanic marks a model call, alignment or classification that panicked.
// The panic is recovered where it happened and becomes the chunk's error,
// so the fallback answers that chunk and the process lives on.
var ErrPanic = errors.New("engine panicked")

// PanicError is a recovered panic with the stack where it happened.
type PanicError struct {
	Value any
	Stack []byte
}

func (e *PanicError) Error() string { return fmt.Sprintf("engine panicked: %v", e.Value) }

// Unwrap makes errors.Is(err, ErrPanic) true.
func (e *PanicError) Unwrap() error { return ErrPanic }

// recovered turns a panic in progress into *PanicError in *err. Use it
// deferred, directly: defer recovered(&err).
func recovered(err *error) {
	if v := recover(); v != nil {
		*err = &PanicError{Value: v, Stack: debug.Stack()}
	}
}

// callSafely runs fn and returns its result, or a *PanicError if it
// panicked.
func callSafely[T any](fn func() (T, error)) (out T, err error) {
	defer recovered(&err)
	return fn()
}
