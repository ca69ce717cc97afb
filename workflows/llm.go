package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/activities"
)

// llmHardeningChange versions the hardened LLM steps (bounded steps,
// circuit breaker, token budget, prose as a step of its own).
const llmHardeningChange = "llm-hardening"

// llmGate decides whether a hunt's next LLM step runs. Once one LLM step
// has given up (its retries spent within the step's time bound) or the
// hunt's token budget is spent, the remaining LLM steps are skipped, so a
// dead or hung endpoint costs a hunt one step's time bound and the hunt
// finishes on the rules' verdict. It is plain workflow state: every
// decision rests on activity results recorded in history.
type llmGate struct {
	enabled     bool
	stepTimeout time.Duration
	skipped     string
	usage       huntflow.HuntUsage
}

func newLLMGate(s activities.Setup, hardened bool) *llmGate {
	g := &llmGate{enabled: hardened && s.LLM, stepTimeout: s.LLMPolicy.StepTimeout}
	if g.stepTimeout <= 0 {
		g.stepTimeout = activities.DefaultLLMStepTimeout
	}
	g.usage.Budget = s.LLMPolicy.Budget
	g.usage.PricePer1K = s.LLMPolicy.PricePer1K
	return g
}

// allow reports whether the next LLM step may run. For hunts that predate
// the gate it always may.
func (g *llmGate) allow(res *huntflow.HuntResult) bool {
	if !g.enabled {
		return true
	}
	if g.skipped == "" && g.usage.Budget > 0 && g.usage.Total() >= g.usage.Budget {
		g.skipped = fmt.Sprintf("the hunt's LLM token budget of %d was spent (%d tokens used)", g.usage.Budget, g.usage.Total())
		res.Notes = append(res.Notes, g.skipped+"; the remaining LLM steps were skipped and the rules' verdict stands")
	}
	return g.skipped == ""
}

// fail opens the breaker after an LLM step gave up.
func (g *llmGate) fail(res *huntflow.HuntResult, step string) {
	if !g.enabled || g.skipped != "" {
		return
	}
	g.skipped = "the LLM gave up on " + step
	res.Notes = append(res.Notes, g.skipped+"; the hunt's remaining LLM steps were skipped and the rules' verdict stands")
}

// spent records a step's usage.
func (g *llmGate) spent(step string, u *huntflow.LLMUsage) {
	if g.enabled && u != nil {
		g.usage.Add(step, *u)
	}
}

func (g *llmGate) report(p *Progress) {
	p.LLMPromptTokens, p.LLMCompletionTokens, p.LLMSkipped = g.usage.PromptTokens, g.usage.CompletionTokens, g.skipped
}

// ctx bounds an LLM step: its attempts together get stepTimeout, after
// which the step gives up. Temporal owns the retries (a 429's Retry-After
// sets the next delay); bad keys and unknown models fail at once.
func (g *llmGate) ctx(ctx workflow.Context) workflow.Context {
	if !g.enabled {
		return llmCtx(ctx)
	}
	return workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		ScheduleToCloseTimeout: g.stepTimeout,
		StartToCloseTimeout:    g.stepTimeout,
		HeartbeatTimeout:       30 * time.Second,
		RetryPolicy:            llmRetry,
	})
}

// mapTechniques maps the findings to ATT&CK: with the LLM's proposals while
// the gate allows, else — or when the LLM gives up — with the rules alone.
func mapTechniques(ctx workflow.Context, g *llmGate, res *huntflow.HuntResult) (activities.MapResult, error) {
	var a *activities.Activities
	var mapped activities.MapResult
	if g.allow(res) {
		in := activities.MapInput{Findings: withEvidence(res.Findings), UseLLM: true, LLMErrors: true}
		err := workflow.ExecuteActivity(g.ctx(ctx), a.MapTechniques, in).Get(ctx, &mapped)
		if err == nil {
			g.spent("map techniques", mapped.Usage)
			return mapped, nil
		}
		res.Notes = append(res.Notes, fmt.Sprintf("LLM technique mapping failed, rule mapping kept: %v", err))
		g.fail(res, "the technique mapping")
	}
	if err := workflow.ExecuteActivity(storeCtx(ctx), a.MapTechniques, activities.MapInput{Findings: slim(res.Findings)}).Get(ctx, &mapped); err != nil {
		return mapped, fmt.Errorf("map techniques: %w", err)
	}
	return mapped, nil
}

// withEvidence is slim findings with the first few events each: what the
// LLM's technique proposals must cite. Trimmed to stay small in history.
func withEvidence(fs []huntflow.Finding) []huntflow.Finding {
	out := slim(fs)
	for _, n := range []int{3, 1} {
		for i, f := range fs {
			refs := huntflow.CapRefs(f.Events, n)
			out[i].Events = make([]huntflow.EventRef, len(refs))
			for j, e := range refs {
				e.CommandLine = huntflow.Truncate(e.CommandLine, 256)
				e.Target = huntflow.Truncate(e.Target, 256)
				out[i].Events[j] = e
			}
		}
		if huntflow.JSONSize(out) <= activities.MaxPayload/2 {
			break
		}
	}
	return out
}

// proseInput is the result as the prose step needs it: the prompt shows a
// few events per finding, so the rest stays out of this step's input in
// history. Copies: res is not changed.
func proseInput(res huntflow.HuntResult) huntflow.HuntResult {
	in := res
	in.Findings = make([]huntflow.Finding, len(res.Findings))
	for i, f := range res.Findings {
		f.Events = huntflow.CapRefs(f.Events, 5)
		in.Findings[i] = f
	}
	in.Enrichments = make([]huntflow.Enrichment, len(res.Enrichments))
	copy(in.Enrichments, res.Enrichments)
	huntflow.CapSamples(in.Enrichments, 3)
	return in
}
