package eval

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
)

// WriteTable prints the report as a fixed-width table. When an LLM analyst
// ran, each row gains the rules+LLM columns (found, recall, exact, LLM
// calls, failed calls) and the totals a rules+LLM section, with every
// failed call listed by simulation. verbose lists every rule that never
// fired rather than the first few.
func (r Report) WriteTable(w io.Writer, verbose bool) error {
	var b bytes.Buffer
	withLLM := r.Totals.LLM != nil
	llmHead, llmRow := "", func(SimResult) string { return "" }
	if withLLM {
		llmHead = fmt.Sprintf(" | %5s %6s %6s %5s %4s", "+llm", "recall", "exact", "calls", "fail")
		llmRow = func(s SimResult) string {
			if s.LLM == nil {
				return fmt.Sprintf(" | %5s %6s %6s %5d %4d", "-", "-", "-", 0, 0)
			}
			l := s.LLM
			return fmt.Sprintf(" | %5d %6.2f %6.2f %5d %4d", len(l.Found), l.Recall, l.ExactRecall, l.Calls, l.Failures)
		}
	}
	fmt.Fprintf(&b, "%-24s %7s %5s %5s %6s %6s %5s %8s %9s%s  %s\n", "simulation", "events", "label", "found", "recall", "exact", "prec", "find/10k", "events/s", llmHead, "missed")
	for _, s := range r.Simulations {
		if s.Skipped != "" {
			fmt.Fprintf(&b, "%-24s skipped: %s\n", s.Name, s.Skipped)
			continue
		}
		fmt.Fprintf(&b, "%-24s %7d %5d %5d %6.2f %6.2f %5s %8.1f %9.0f%s  %s\n", s.Name, s.Events, len(s.Labelled), len(s.Found),
			s.Recall, s.ExactRecall, precisionCell(s), s.Per10k, s.EventsPerSec, llmRow(s), strings.Join(s.Missed, " "))
	}
	t := r.Totals
	fmt.Fprintf(&b, "\nsimulations: %d evaluated, %d skipped, %d with a correct technique\n", t.Evaluated, t.Skipped, t.SimsWithHit)
	fmt.Fprintf(&b, "technique recall: %.3f (%d/%d); exact sub-technique recall: %.3f (%d/%d)\n", t.Recall, t.Hits, t.Labelled, t.ExactRecall, t.ExactHits, t.Labelled)
	fmt.Fprintf(&b, "technique recall excluding pre-compromise (TA0042/TA0043) labels: %.3f\n", t.RecallHostOnly)
	fmt.Fprintf(&b, "technique precision: %.3f (%d/%d reported techniques labelled); technique F1: %.3f\n", t.Precision, t.Correct, t.Reported, t.F1)
	fmt.Fprintf(&b, "events: %d (%d bad lines); findings: %d (%.1f per 10,000 events); detection %.0f events/s; rules %d, correlations %d\n",
		t.Events, t.BadLines, t.Findings, t.Per10k, t.EventsPerSec, t.RulesLoaded, t.CorrelationsRun)
	r.writeTechniques(&b)
	r.writeRuleUses(&b, verbose)
	if withLLM {
		l := t.LLM
		fmt.Fprintf(&b, "\nrules+LLM (%s): %d simulations with a correct technique\n", l.Analyst, l.SimsWithHit)
		fmt.Fprintf(&b, "rules+LLM technique recall: %.3f (%d/%d); exact sub-technique recall: %.3f (%d/%d); excluding pre-compromise: %.3f\n",
			l.Recall, l.Hits, t.Labelled, l.ExactRecall, l.ExactHits, t.Labelled, l.RecallHostOnly)
		fmt.Fprintf(&b, "LLM: %d calls, %d failed (in %d simulations); %d findings; %d technique ID(s) dropped by ATT&CK validation; %.1f s\n",
			l.Calls, l.Failures, l.SimsWithFailure, l.Findings, l.Dropped, l.Seconds)
		for _, s := range r.Simulations {
			if s.LLM == nil {
				continue
			}
			if len(s.LLM.Dropped) > 0 {
				fmt.Fprintf(&b, "  %s: dropped %s\n", s.Name, strings.Join(s.LLM.Dropped, " "))
			}
			for _, e := range s.LLM.Errors {
				fmt.Fprintf(&b, "  %s: LLM failed: %s\n", s.Name, e)
			}
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// precisionCell is a simulation's precision, or "-" when its findings
// named no technique (precision is undefined, not 0).
func precisionCell(s SimResult) string {
	if len(s.Reported) == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", s.Precision)
}

// writeTechniques prints the per-technique table: techniques missed most
// first, then those reported without a label most, then by ID, so the
// rows a rule author acts on come first.
func (r Report) writeTechniques(b *bytes.Buffer) {
	if len(r.Techniques) == 0 {
		return
	}
	rows := slices.Clone(r.Techniques)
	slices.SortStableFunc(rows, func(a, b TechniqueScore) int {
		return cmp.Or(cmp.Compare(b.Missed, a.Missed), cmp.Compare(b.Unlabelled, a.Unlabelled), cmp.Compare(a.Technique, b.Technique))
	})
	fmt.Fprintf(b, "\n%-10s %8s %6s %7s %10s\n", "technique", "labelled", "found", "missed", "unlabelled")
	for _, t := range rows {
		fmt.Fprintf(b, "%-10s %8d %6d %7d %10d\n", t.Technique, t.Labelled, t.Found, t.Missed, t.Unlabelled)
	}
}

// maxNeverFired caps the rules that never fired listed without verbose.
const maxNeverFired = 20

func (r Report) writeRuleUses(b *bytes.Buffer, verbose bool) {
	fmt.Fprintf(b, "\nrules fired in exactly one simulation: %d\n", len(r.FiredOnce))
	for _, u := range r.FiredOnce {
		fmt.Fprintf(b, "  %s  %s  (%s)\n", u.Rule, oneLine(u.Title, 80), strings.Join(u.Simulations, ", "))
	}
	fmt.Fprintf(b, "rules that never fired: %d\n", len(r.NeverFired))
	n := len(r.NeverFired)
	if !verbose {
		n = min(n, maxNeverFired)
	}
	for _, u := range r.NeverFired[:n] {
		fmt.Fprintf(b, "  %s  %s\n", u.Rule, oneLine(u.Title, 80))
	}
	if n < len(r.NeverFired) {
		fmt.Fprintf(b, "  … %d more (-v lists them all; eval.json has them)\n", len(r.NeverFired)-n)
	}
}
