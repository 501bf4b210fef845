//go:build unix

package spell

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time the process has used: on a machine shared
// with other work, timings by the wall clock mislead.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
