package metrics

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// Sample is one scraped series: its labels and value (a histogram's
// sample count).
type Sample struct {
	Labels map[string]string
	Value  float64
}

// Scrape reads a Prometheus text endpoint as a scraper would and returns
// its series by family name (for tests and checks of a running worker).
func Scrape(client *http.Client, url string) (map[string][]Sample, error) {
	resp, err := client.Get(url)
	if err != nil {
		return nil, fmt.Errorf("scrape %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return nil, fmt.Errorf("scrape %s: %s: %s", url, resp.Status, b)
	}
	p := expfmt.NewTextParser(model.LegacyValidation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("scrape %s: parse: %w", url, err)
	}
	out := map[string][]Sample{}
	for name, f := range fams {
		for _, m := range f.GetMetric() {
			s := Sample{Labels: map[string]string{}}
			for _, l := range m.GetLabel() {
				s.Labels[l.GetName()] = l.GetValue()
			}
			switch f.GetType() {
			case dto.MetricType_COUNTER:
				s.Value = m.GetCounter().GetValue()
			case dto.MetricType_GAUGE:
				s.Value = m.GetGauge().GetValue()
			case dto.MetricType_HISTOGRAM:
				s.Value = float64(m.GetHistogram().GetSampleCount())
			case dto.MetricType_UNTYPED:
				s.Value = m.GetUntyped().GetValue()
			case dto.MetricType_SUMMARY:
				s.Value = float64(m.GetSummary().GetSampleCount())
			}
			out[name] = append(out[name], s)
		}
	}
	return out, nil
}

// Sum adds the values of the samples whose labels include want.
func Sum(samples []Sample, want map[string]string) float64 {
	var t float64
	for _, s := range samples {
		match := true
		for k, v := range want {
			if s.Labels[k] != v {
				match = false
				break
			}
		}
		if match {
			t += s.Value
		}
	}
	return t
}

// Names lists scraped family names with a prefix, sorted.
func Names(fams map[string][]Sample, prefix string) []string {
	var out []string
	for n := range fams {
		if strings.HasPrefix(n, prefix) {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}
