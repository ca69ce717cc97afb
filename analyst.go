package huntflow

import "context"

// Detector is the deterministic analyst: a detection engine that turns a
// window of events into findings. It needs no network and always runs.
type Detector interface {
	Detect(ctx context.Context, w Window, events []*Event) (Classification, error)
	// NewSession starts classifying a window whose events arrive in pages,
	// so a window far larger than memory can be streamed from the store.
	// Fed the same events, a session finds what Detect finds.
	NewSession(w Window) DetectSession
}

// DetectSession classifies one window fed page by page. It keeps only
// what the verdict needs (per-process context, counters, capped samples),
// never the pages themselves. It is not safe for concurrent use.
type DetectSession interface {
	// Add feeds the next page. Pages must follow each other in time order
	// (as stores return them); a page itself may be unsorted. Add does not
	// keep the slice.
	Add(ctx context.Context, events []*Event) error
	// Finish ends the window and returns its classification. The session
	// cannot be used afterwards.
	Finish(ctx context.Context) (Classification, error)
}

// Reasoner reviews a window of events on top of the detector. Everything it
// reads from events is attacker-controlled data; what it returns is
// validated and never replaces the detector's findings.
type Reasoner interface {
	Name() string
	// Classify reviews a window: the events (projected, capped) and the
	// findings the detector already made. It returns additional findings and
	// its own category and confidence.
	Classify(ctx context.Context, in ClassifyInput) (Classification, error)
}

// LLMAnalyst is the whole LLM analyst of a hunt: it reviews windows,
// proposes ATT&CK techniques with the evidence for them, and writes the
// prose of the report. It never writes facts: findings, events, assets,
// techniques and the threat level are rendered from typed results.
type LLMAnalyst interface {
	Reasoner
	// ProposeTechniques proposes ATT&CK techniques for findings, each tied
	// to the findings and events it rests on.
	ProposeTechniques(ctx context.Context, findings []Finding) (TechniqueProposal, error)
	// WriteProse writes the report's prose: summary, analysis of the attack
	// chain, severity reasoning and recommendations, each paragraph citing
	// the findings it speaks of.
	WriteProse(ctx context.Context, result HuntResult) (ReportProse, error)
}

// ClassifyInput is what the LLM analyst sees of one window.
type ClassifyInput struct {
	Window   Window     `json:"window"`
	Events   []EventRef `json:"events"`
	Total    int        `json:"total"` // events in the window; Events may be a sample
	Findings []Finding  `json:"findings"`
}

// TechniqueProposal is what the LLM proposes for the hunt's ATT&CK picture:
// hits that cite findings and events, and notes on what it proposed without
// evidence.
type TechniqueProposal struct {
	Hits  []TechniqueHit `json:"hits"`
	Notes []string       `json:"notes,omitempty"`
	Usage LLMUsage       `json:"usage"`
}

// ReportProse is the part of a report an LLM writes: prose only, each
// paragraph tied to the findings it speaks of. It is rendered escaped, under
// the facts the templates render, and can neither remove nor hide them.
type ReportProse struct {
	ExecutiveSummary  []Paragraph `json:"executive_summary,omitempty"`
	AttackChain       []Paragraph `json:"attack_chain,omitempty"`
	SeverityReasoning []Paragraph `json:"severity_reasoning,omitempty"`
	Recommendations   []Paragraph `json:"recommendations,omitempty"`
	Author            string      `json:"author,omitempty"`
	Notes             []string    `json:"notes,omitempty"`
	Usage             LLMUsage    `json:"usage"`
}

// Empty reports whether p has no paragraph.
func (p ReportProse) Empty() bool {
	return len(p.ExecutiveSummary)+len(p.AttackChain)+len(p.SeverityReasoning)+len(p.Recommendations) == 0
}

// Paragraph is one paragraph of LLM prose and the IDs of the findings it
// cites.
type Paragraph struct {
	Text     string   `json:"text"`
	Findings []string `json:"findings"`
}

// LLMUsage counts the tokens of LLM calls: the API's usage figures, or the
// tokenizer's estimate where the endpoint gave none (Estimated).
type LLMUsage struct {
	Calls            int  `json:"calls"`
	PromptTokens     int  `json:"prompt_tokens"`
	CompletionTokens int  `json:"completion_tokens"`
	Estimated        bool `json:"estimated,omitempty"`
}

// Total is prompt plus completion tokens.
func (u LLMUsage) Total() int { return u.PromptTokens + u.CompletionTokens }

// Add adds o to u.
func (u *LLMUsage) Add(o LLMUsage) {
	u.Calls += o.Calls
	u.PromptTokens += o.PromptTokens
	u.CompletionTokens += o.CompletionTokens
	u.Estimated = u.Estimated || o.Estimated
}

// StepUsage is the LLM usage of one step of a hunt.
type StepUsage struct {
	Step string `json:"step"`
	LLMUsage
}

// HuntUsage is what a hunt spent on the LLM: per step and in all, the
// optional budget and, with a price per 1,000 tokens, the estimated cost.
type HuntUsage struct {
	Steps            []StepUsage `json:"steps,omitempty"`
	PromptTokens     int         `json:"prompt_tokens"`
	CompletionTokens int         `json:"completion_tokens"`
	Estimated        bool        `json:"estimated,omitempty"`
	// Budget is the hunt's token budget (0: none); LLM steps are skipped
	// once the hunt has spent it.
	Budget        int     `json:"budget,omitempty"`
	PricePer1K    float64 `json:"price_per_1k,omitempty"`
	EstimatedCost float64 `json:"estimated_cost,omitempty"`
}

// Total is prompt plus completion tokens.
func (u HuntUsage) Total() int { return u.PromptTokens + u.CompletionTokens }

// Add records a step's usage. It is deterministic, so workflow code may
// call it.
func (u *HuntUsage) Add(step string, s LLMUsage) {
	u.Steps = append(u.Steps, StepUsage{Step: step, LLMUsage: s})
	u.PromptTokens += s.PromptTokens
	u.CompletionTokens += s.CompletionTokens
	u.Estimated = u.Estimated || s.Estimated
	if u.PricePer1K > 0 {
		u.EstimatedCost = float64(u.Total()) / 1000 * u.PricePer1K
	}
}
