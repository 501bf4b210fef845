package launcher

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// ErrNotInstalled is returned when no vllm executable is found.
var ErrNotInstalled = errors.New("vLLM is not installed")

// InstallHint says how to get vLLM, and what to use without a GPU.
const InstallHint = "install vLLM on a machine with an NVIDIA GPU: " +
	"`pip install vllm` in a Python 3.10+ virtualenv, or run the vllm/vllm-openai:v0.24.0 image (CUDA 13.0: NVIDIA driver 580 or later; " +
	"the -cu129 tag needs 575); " +
	"without a GPU, `appencorrect sim` serves the same OpenAI API for tests and demos"

// LookPath finds an executable in the PATH that getenv returns (not the
// process's own, so tests can point it at fakes).
func LookPath(name string, getenv func(string) string) (string, error) {
	if strings.ContainsRune(name, '/') {
		if isExecutable(name) {
			return name, nil
		}
		return "", fmt.Errorf("%s: %w", name, exec.ErrNotFound)
	}
	for _, dir := range filepath.SplitList(getenv("PATH")) {
		if dir == "" {
			dir = "."
		}
		p := filepath.Join(dir, name)
		if isExecutable(p) {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s: %w", name, exec.ErrNotFound)
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0
}

// ServeOptions are the process's surroundings.
type ServeOptions struct {
	Getenv func(string) string
	// Env is the child's environment (os.Environ() in main).
	Env            []string
	Stdout, Stderr io.Writer
	// StopTimeout is how long vLLM gets after SIGTERM before it is killed.
	StopTimeout time.Duration
}

// Serve runs vllm serve with Args(c) until it exits or ctx is done; then it
// sends SIGTERM and, after StopTimeout, kills it.
func Serve(ctx context.Context, c Config, o ServeOptions) error {
	if err := c.Validate(); err != nil {
		return err
	}
	bin, err := LookPath("vllm", o.Getenv)
	if err != nil {
		return fmt.Errorf("%w (no `vllm` on PATH): %s", ErrNotInstalled, InstallHint)
	}
	cmd := exec.CommandContext(ctx, bin, append([]string{"serve"}, Args(c)...)...)
	cmd.Env = o.Env
	cmd.Stdout, cmd.Stderr = o.Stdout, o.Stderr
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = o.StopTimeout
	if cmd.WaitDelay <= 0 {
		cmd.WaitDelay = 30 * time.Second
	}
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil // stopped on request
		}
		return fmt.Errorf("vllm serve: %w", err)
	}
	return nil
}
