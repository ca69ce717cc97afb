package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/huntflow/huntflow"
)

func TestPrintSummaryPaths(t *testing.T) {
	base := huntflow.HuntResult{ReportPath: "/r/h/report.md", JSONPath: "/r/h/result.json", LayerPath: "/r/h/attack-layer.json"}
	withHTML := base
	withHTML.HTMLPath = "/r/h/report.html"
	for _, c := range []struct {
		name     string
		res      huntflow.HuntResult
		want     []string
		wantNone string
	}{
		{"html written", withHTML, []string{"Report:       /r/h/report.md", "HTML report:  /r/h/report.html", "Result JSON:  /r/h/result.json", "Web UI:       http://ui/x"}, ""},
		{"no html", base, []string{"Report:       /r/h/report.md", "Web UI:       http://ui/x"}, "HTML report"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			printSummary(&b, c.res, "http://ui/x")
			for _, w := range c.want {
				if !strings.Contains(b.String(), w+"\n") {
					t.Errorf("summary lacks %q:\n%s", w, b.String())
				}
			}
			if c.wantNone != "" && strings.Contains(b.String(), c.wantNone) {
				t.Errorf("summary names %q:\n%s", c.wantNone, b.String())
			}
		})
	}
}

func TestHTMLBeside(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"report.md", "report.html"},
		{"/tmp/out/hunt.md", "/tmp/out/hunt.html"},
		{"report", "report.html"},
		{"report.html", "report.html.html"}, // never the Markdown copy itself
	} {
		if got := htmlBeside(c.in); got != c.want {
			t.Errorf("htmlBeside(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
