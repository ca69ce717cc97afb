package workflows

import (
	"encoding/json"
	"fmt"

	"github.com/huntflow/huntflow"
)

// Payload budgets. Temporal refuses payloads over 2 MB and warns from 256 KB;
// the result travels into three events (report input, save input, workflow
// result), and the save input carries the report beside it, JSON-escaped
// (up to 6 bytes for a '<'): result and report together stay under 256 KB.
const maxResultBytes = 100 << 10

func jsonLen(v any) int {
	b, err := json.Marshal(v)
	if err != nil {
		return 0
	}
	return len(b)
}

// fitResult trims the hunt result to the budget, cheapest context first:
// enrichment samples, then cited events per finding, then command lines.
// Counts are kept, so the report still says how much there was. It is pure
// and deterministic, so it is safe in workflow code.
func fitResult(res *huntflow.HuntResult, budget int) {
	res.Notes = compactNotes(res.Notes, maxNotes)
	if jsonLen(res) <= budget {
		return
	}
	for _, n := range []int{5, 2, 0} {
		for i := range res.Enrichments {
			en := &res.Enrichments[i]
			en.Process, en.Children, en.HostSample = huntflow.CapRefs(en.Process, n), huntflow.CapRefs(en.Children, n), huntflow.CapRefs(en.HostSample, n)
		}
		if jsonLen(res) <= budget {
			res.Notes = append(res.Notes, fmt.Sprintf("enrichment keeps at most %d sample events per list to keep the hunt's history small", n))
			return
		}
	}
	for _, n := range []int{5, 3, 1} {
		for i := range res.Findings {
			res.Findings[i].Events = huntflow.CapRefs(res.Findings[i].Events, n)
		}
		if jsonLen(res) <= budget {
			res.Notes = append(res.Notes, fmt.Sprintf("findings cite at most %d events each in the report; the log store holds the rest (see the hunting queries)", n))
			return
		}
	}
	for i := range res.Findings {
		f := &res.Findings[i]
		f.CommandLine = huntflow.Truncate(f.CommandLine, 160)
		f.Description = huntflow.Truncate(f.Description, 400)
		for j := range f.Events {
			f.Events[j].CommandLine = huntflow.Truncate(f.Events[j].CommandLine, 160)
		}
	}
	if jsonLen(res) <= budget {
		res.Notes = append(res.Notes, "command lines in the report are shortened to keep the hunt's history small; the log store holds the rest (see the hunting queries)")
		return
	}
	total := len(res.Findings)
	for len(res.Findings) > 1 && jsonLen(res) > budget {
		res.Findings = res.Findings[:len(res.Findings)*3/4]
	}
	res.Notes = append(res.Notes, fmt.Sprintf("the report covers the %d most severe of %d findings", len(res.Findings), total))
}

// maxNotes caps the notes a result carries: a note per window of a long
// hunt must not crowd out findings.
const maxNotes = 30

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
