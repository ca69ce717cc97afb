package metrics

import (
	"context"
	"errors"
	"time"

	"github.com/huntflow/huntflow"
)

// Store wraps s so each query's latency, failures and returned events are
// recorded under the store's kind (sqlite, elasticsearch). What s can do
// beyond huntflow.Store (reading host clocks) the wrapper can do too, so
// the activities' type checks see the same store.
func (m *Metrics) Store(s huntflow.Store, kind string) huntflow.Store {
	w := &store{s: s, m: m, kind: kind}
	if cr, ok := s.(huntflow.ClockReader); ok {
		return &clockStore{store: w, cr: cr}
	}
	return w
}

type store struct {
	s    huntflow.Store
	m    *Metrics
	kind string
}

func (w *store) observe(op string, start time.Time, err error) {
	w.m.storeTime.WithLabelValues(w.kind, op).Observe(time.Since(start).Seconds())
	if err != nil {
		w.m.storeErrors.WithLabelValues(w.kind, op).Inc()
	}
}

// Search times the whole search, including the caller's fn: the store
// streams, so its time and the consumer's cannot be told apart. A search
// the caller stopped (fn's error) is not a store failure.
func (w *store) Search(ctx context.Context, q huntflow.Query, fn func(*huntflow.Event) error) error {
	start := time.Now()
	n := 0
	var stopped error
	err := w.s.Search(ctx, q, func(e *huntflow.Event) error {
		n++
		if err := fn(e); err != nil {
			stopped = err
			return err
		}
		return nil
	})
	w.m.storeEvents.WithLabelValues(w.kind).Add(float64(n))
	failed := err
	if stopped != nil && errors.Is(err, stopped) {
		failed = nil
	}
	w.observe("search", start, failed)
	return err
}

// SearchPages times each page's read (the time from asking for a page to
// getting it, leaving out the caller's work on the page before).
func (w *store) SearchPages(ctx context.Context, q huntflow.Query, size int, fn func([]*huntflow.Event) error) error {
	start := time.Now()
	n := 0
	var stopped error
	err := w.s.SearchPages(ctx, q, size, func(page []*huntflow.Event) error {
		w.observe("page", start, nil)
		n += len(page)
		if err := fn(page); err != nil {
			stopped = err
			return err
		}
		start = time.Now()
		return nil
	})
	w.m.storeEvents.WithLabelValues(w.kind).Add(float64(n))
	if err != nil && !(stopped != nil && errors.Is(err, stopped)) {
		w.observe("page", start, err)
	}
	return err
}

func (w *store) Stats(ctx context.Context, q huntflow.Query) (huntflow.Stats, error) {
	start := time.Now()
	st, err := w.s.Stats(ctx, q)
	w.observe("stats", start, err)
	return st, err
}

// Unwrap returns the decorated store.
func (w *store) Unwrap() huntflow.Store { return w.s }

type clockStore struct {
	*store
	cr huntflow.ClockReader
}

func (w *clockStore) HostClocks(ctx context.Context, host string) ([]huntflow.HostClock, error) {
	start := time.Now()
	c, err := w.cr.HostClocks(ctx, host)
	w.observe("clocks", start, err)
	return c, err
}
