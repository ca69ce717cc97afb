package metrics

import (
	"math"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.temporal.io/sdk/client"
)

// timerBuckets span what the SDK times: RPCs and poll latencies of a few
// milliseconds up to hunts' long LLM steps.
var timerBuckets = []float64{.001, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 300, 900}

// sdkCollector holds the Temporal SDK's metrics and exposes them to
// Prometheus. The SDK names a metric once but tags it with different label
// sets from different places (a request with or without an operation, a
// worker with or without a task queue); a Prometheus family needs one label
// set, so each family is exposed with the union of the labels it was given,
// absent ones empty. Names follow the SDK's cross-language Prometheus
// convention: counters end in _total, timers in _seconds.
type sdkCollector struct {
	mu       sync.Mutex
	families map[string]*family
}

type kind int

const (
	counterKind kind = iota
	gaugeKind
	timerKind
)

type family struct {
	name   string
	kind   kind
	series map[string]*series // by canonical label string
}

type series struct {
	labels map[string]string
	// counter: value as int64; gauge: float64 bits.
	value atomic.Int64
	mu    sync.Mutex // timer
	count uint64
	sum   float64
	bkts  []uint64
}

func newSDKCollector() *sdkCollector {
	return &sdkCollector{families: map[string]*family{}}
}

func (c *sdkCollector) series(name string, k kind, tags map[string]string) *series {
	name = sanitize(name)
	switch k {
	case counterKind:
		if !strings.HasSuffix(name, "_total") {
			name += "_total"
		}
	case timerKind:
		name += "_seconds"
	}
	labels := make(map[string]string, len(tags))
	for k, v := range tags {
		labels[sanitize(k)] = v
	}
	key := labelKey(labels)
	c.mu.Lock()
	defer c.mu.Unlock()
	f, ok := c.families[name]
	if !ok {
		f = &family{name: name, kind: k, series: map[string]*series{}}
		c.families[name] = f
	}
	s, ok := f.series[key]
	if !ok {
		s = &series{labels: labels}
		if k == timerKind {
			s.bkts = make([]uint64, len(timerBuckets))
		}
		f.series[key] = s
	}
	return s
}

func labelKey(labels map[string]string) string {
	keys := make([]string, 0, len(labels))
	for k := range labels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k)
		b.WriteByte('\x00')
		b.WriteString(labels[k])
		b.WriteByte('\x00')
	}
	return b.String()
}

// sanitize makes a Prometheus-legal metric or label name.
func sanitize(s string) string {
	b := []byte(s)
	for i, c := range b {
		ok := c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9'
		if !ok {
			b[i] = '_'
		}
	}
	return string(b)
}

// Describe sends nothing: the collector is unchecked, its families appear
// as the SDK creates them.
func (c *sdkCollector) Describe(chan<- *prometheus.Desc) {}

func (c *sdkCollector) Collect(ch chan<- prometheus.Metric) {
	c.mu.Lock()
	fams := make([]*family, 0, len(c.families))
	for _, f := range c.families {
		fams = append(fams, f)
	}
	c.mu.Unlock()
	for _, f := range fams {
		c.mu.Lock()
		all := make([]*series, 0, len(f.series))
		union := map[string]bool{}
		for _, s := range f.series {
			all = append(all, s)
			for k := range s.labels {
				union[k] = true
			}
		}
		c.mu.Unlock()
		names := make([]string, 0, len(union))
		for k := range union {
			names = append(names, k)
		}
		sort.Strings(names)
		desc := prometheus.NewDesc(f.name, "Temporal SDK metric "+f.name, names, nil)
		for _, s := range all {
			values := make([]string, len(names))
			for i, n := range names {
				values[i] = s.labels[n]
			}
			var m prometheus.Metric
			var err error
			switch f.kind {
			case counterKind:
				m, err = prometheus.NewConstMetric(desc, prometheus.CounterValue, float64(s.value.Load()), values...)
			case gaugeKind:
				m, err = prometheus.NewConstMetric(desc, prometheus.GaugeValue, math.Float64frombits(uint64(s.value.Load())), values...)
			case timerKind:
				s.mu.Lock()
				buckets := make(map[float64]uint64, len(timerBuckets))
				var cum uint64
				for i, ub := range timerBuckets {
					cum += s.bkts[i]
					buckets[ub] = cum
				}
				count, sum := s.count, s.sum
				s.mu.Unlock()
				m, err = prometheus.NewConstHistogram(desc, count, sum, buckets, values...)
			}
			if err == nil {
				ch <- m
			}
		}
	}
}

// sdkHandler is the SDK's metrics.Handler over an sdkCollector.
type sdkHandler struct {
	c    *sdkCollector
	tags map[string]string
}

var _ client.MetricsHandler = sdkHandler{}

func (h sdkHandler) WithTags(tags map[string]string) client.MetricsHandler {
	merged := make(map[string]string, len(h.tags)+len(tags))
	for k, v := range h.tags {
		merged[k] = v
	}
	for k, v := range tags {
		merged[k] = v
	}
	return sdkHandler{c: h.c, tags: merged}
}

func (h sdkHandler) Counter(name string) client.MetricsCounter {
	s := h.c.series(name, counterKind, h.tags)
	return counterFunc(func(d int64) { s.value.Add(d) })
}

func (h sdkHandler) Gauge(name string) client.MetricsGauge {
	s := h.c.series(name, gaugeKind, h.tags)
	return gaugeFunc(func(v float64) { s.value.Store(int64(math.Float64bits(v))) })
}

func (h sdkHandler) Timer(name string) client.MetricsTimer {
	s := h.c.series(name, timerKind, h.tags)
	return timerFunc(func(d time.Duration) {
		v := d.Seconds()
		s.mu.Lock()
		defer s.mu.Unlock()
		s.count++
		s.sum += v
		for i, ub := range timerBuckets {
			if v <= ub {
				s.bkts[i]++
				break
			}
		}
	})
}

type counterFunc func(int64)

func (f counterFunc) Inc(d int64) { f(d) }

type gaugeFunc func(float64)

func (f gaugeFunc) Update(v float64) { f(v) }

type timerFunc func(time.Duration)

func (f timerFunc) Record(d time.Duration) { f(d) }
