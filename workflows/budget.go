package workflows

import (
	"fmt"

	"github.com/huntflow/huntflow"
)

// Payload budgets. Temporal refuses payloads over 2 MB and warns from 256 KB;
// the result travels into three events (report input, save input, workflow
// result), and the save input carries the report beside it, JSON-escaped
// (up to 6 bytes for a '<'): result and report together stay under 256 KB.
const maxResultBytes = 100 << 10

// fitResult trims the hunt result to the budget, cheapest context first:
// enrichment samples, then the findings (huntflow.FitFindings). Counts are
// kept, so the report still says how much there was. It is pure and
// deterministic, so it is safe in workflow code.
func fitResult(res *huntflow.HuntResult, budget int) {
	res.Notes = compactNotes(res.Notes, maxNotes)
	fits := func() bool { return huntflow.JSONSize(res) <= budget }
	if fits() {
		return
	}
	for _, n := range []int{5, 2, 0} {
		huntflow.CapSamples(res.Enrichments, n)
		if fits() {
			res.Notes = append(res.Notes, fmt.Sprintf("enrichment keeps at most %d sample events per list to keep the hunt's history small", n))
			return
		}
	}
	res.Notes = append(res.Notes, huntflow.FitFindings(&res.Findings, fits, 160, 400)...)
}

// maxNotes caps the notes a result carries (the LLM adds a few per window,
// and every one must reach the report): a note per window of a long
// hunt must not crowd out findings.
const maxNotes = 60

// compactNotes drops repeated notes and keeps the first max, saying how
// many more there were.
func compactNotes(notes []string, max int) []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range notes {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	if len(out) > max {
		more := len(out) - max
		out = append(out[:max], fmt.Sprintf("… and %d more notes", more))
	}
	return out
}
