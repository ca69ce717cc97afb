//go:build unix

package detect

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used, user and system. Rates
// per CPU second hold steady on a loaded machine, where wall-clock rates
// measure the neighbours as much as the code.
func cpuTime() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
