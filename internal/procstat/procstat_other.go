//go:build !unix

package procstat

import "time"

// CPUTime is not measured on this platform.
func CPUTime() (time.Duration, bool) { return 0, false }

// PeakRSSMB is not measured on this platform.
func PeakRSSMB() float64 { return 0 }
