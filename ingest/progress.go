package ingest

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// progressInterval is how often progress is reported: often enough to look
// live, rarely enough to cost nothing.
const progressInterval = 100 * time.Millisecond

const barWidth = 30

// startProgress reports progress until the returned stop is called, which
// reports once more and ends the bar's line.
func (p *pipeline) startProgress(total int64, start time.Time) (stop func()) {
	fn, w := p.opts.Progress, p.opts.ProgressBar
	if fn == nil && w == nil {
		return func() {}
	}
	report := func(final bool) {
		done := p.read.Load()
		if fn != nil {
			fn(done, total)
		}
		if w != nil {
			line := renderBar(done, total, p.events.Load(), time.Since(start))
			end := ""
			if final {
				end = "\n"
			}
			// A failed write to the terminal is no reason to stop ingesting.
			_, _ = io.WriteString(w, "\r"+line+end)
		}
	}
	quit := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(progressInterval)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				report(false)
			case <-quit:
				report(true)
				return
			}
		}
	})
	return func() {
		close(quit)
		wg.Wait()
	}
}

// renderBar draws one line: bar, percentage and megabytes of input read,
// events so far and the event rate. Its width does not vary, so a redraw
// over the previous line leaves nothing behind.
func renderBar(done, total, events int64, elapsed time.Duration) string {
	frac := 0.0
	if total > 0 {
		frac = min(1, float64(done)/float64(total))
	}
	filled := int(frac * barWidth)
	rate := 0.0
	if elapsed > 0 {
		rate = float64(events) / elapsed.Seconds()
	}
	return fmt.Sprintf("[%s%s] %3.0f%% %7.1f/%.1f MB %9d events %7.0f events/s",
		strings.Repeat("#", filled), strings.Repeat(".", barWidth-filled),
		100*frac, float64(done)/1e6, float64(total)/1e6, events, rate)
}
