// Package metrics exposes a worker's metrics to Prometheus: the Temporal
// SDK's own (workflow and activity task latencies, polls, failures, ...)
// and huntflow's — hunts by threat level, windows and events classified,
// findings by severity, LLM tokens, and the log store's query latency
// through a Store decorator. Nothing is global: a worker makes one Metrics
// and serves Handler on its --metrics-addr.
package metrics

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.temporal.io/sdk/client"

	"github.com/huntflow/huntflow"
)

// Metrics is one worker's registry.
type Metrics struct {
	reg *prometheus.Registry
	sdk *sdkCollector

	hunts       *prometheus.CounterVec
	windows     prometheus.Counter
	events      prometheus.Counter
	findings    *prometheus.CounterVec
	llmTokens   *prometheus.CounterVec
	storeTime   *prometheus.HistogramVec
	storeErrors *prometheus.CounterVec
	storeEvents *prometheus.CounterVec
}

// New makes a registry with the process's and Go runtime's collectors,
// huntflow's series and room for the SDK's.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		sdk: newSDKCollector(),
		hunts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "huntflow_hunts_total", Help: "Hunts whose report was saved, by threat level.",
		}, []string{"threat_level"}),
		windows: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "huntflow_windows_total", Help: "Windows the detection engine classified.",
		}),
		events: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "huntflow_window_events_total", Help: "Events read from the store into classified windows.",
		}),
		findings: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "huntflow_findings_total", Help: "Findings in saved hunt reports, by severity.",
		}, []string{"severity"}),
		llmTokens: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "huntflow_llm_tokens_total", Help: "Tokens used by the LLM analyst, by kind (prompt, completion).",
		}, []string{"kind"}),
		storeTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "huntflow_store_query_seconds",
			Help:    "Log store query latency, by store and operation (search, stats, clocks).",
			Buckets: []float64{.001, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"store", "op"}),
		storeErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "huntflow_store_query_errors_total", Help: "Log store queries that failed, by store and operation.",
		}, []string{"store", "op"}),
		storeEvents: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "huntflow_store_events_read_total", Help: "Events the log store returned to searches (windows, enrichment, queries).",
		}, []string{"store"}),
	}
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.sdk,
		m.hunts, m.windows, m.events, m.findings, m.llmTokens,
		m.storeTime, m.storeErrors, m.storeEvents,
	)
	// Every threat level and kind shows from the start, at zero, so
	// dashboards and alerts see the series before the first hunt.
	for s := huntflow.SeverityNone; s <= huntflow.SeverityCritical; s++ {
		m.hunts.WithLabelValues(s.String())
		m.findings.WithLabelValues(s.String())
	}
	m.llmTokens.WithLabelValues("prompt")
	m.llmTokens.WithLabelValues("completion")
	return m
}

// Handler serves the registry in Prometheus' text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Registry is the underlying registry, for callers that add collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Temporal is the SDK metrics handler to put in client.Options.
func (m *Metrics) Temporal() client.MetricsHandler { return sdkHandler{c: m.sdk} }

// WindowClassified counts a classified window and its events.
func (m *Metrics) WindowClassified(events int) {
	m.windows.Inc()
	m.events.Add(float64(events))
}

// HuntReported counts a hunt by threat level and its findings by severity.
func (m *Metrics) HuntReported(threatLevel huntflow.Severity, findings []huntflow.Finding) {
	m.hunts.WithLabelValues(threatLevel.String()).Inc()
	for _, f := range findings {
		m.findings.WithLabelValues(f.Severity.String()).Inc()
	}
}

// LLMTokens counts the tokens of one LLM call.
func (m *Metrics) LLMTokens(prompt, completion int) {
	if prompt > 0 {
		m.llmTokens.WithLabelValues("prompt").Add(float64(prompt))
	}
	if completion > 0 {
		m.llmTokens.WithLabelValues("completion").Add(float64(completion))
	}
}
