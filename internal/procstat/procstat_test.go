package procstat

import (
	"runtime"
	"testing"
)

func TestCPUTimeGrowsWithWork(t *testing.T) {
	before, ok := CPUTime()
	if !ok {
		t.Skip("CPU time is not measured on " + runtime.GOOS)
	}
	x := 0
	for i := 0; i < 50_000_000; i++ {
		x += i % 7
	}
	after, _ := CPUTime()
	if after <= before || x == 0 {
		t.Errorf("CPU time did not grow: %s -> %s", before, after)
	}
	if PeakRSSMB() <= 0 {
		t.Error("no peak RSS")
	}
}
