package activities

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/huntflow/huntflow"
)

// EnrichInput names the findings of one host to pivot on. Findings are
// grouped by host so the host's events are read once, not once per finding.
type EnrichInput struct {
	Host       string             `json:"host"`
	Findings   []huntflow.Finding `json:"findings"`
	Radius     time.Duration      `json:"radius"` // ± around each finding
	MaxRelated int                `json:"max_related"`
}

var errEnough = errors.New("enough")

// maxContextCommandLine caps command lines in enrichment samples: context
// needs the gist, the finding itself carries the full line.
const maxContextCommandLine = 200

// pivot is the enrichment of one finding while the host's events stream by.
type pivot struct {
	f          huntflow.Finding
	guid       string
	en         huntflow.Enrichment
	parentGUID string
	parentPID  int64
	sawCreate  bool
	created    time.Time // the process's creation, when seen
}

// EnrichFindings gathers context around findings on one host, as a hunter
// would pivot: everything on the host within ±radius of each finding, what
// the same process did (by GUID, else PID on the host), which processes it
// started, and where it came from.
func (a *Activities) EnrichFindings(ctx context.Context, in EnrichInput) ([]huntflow.Enrichment, error) {
	defer a.keepAlive(ctx)()
	radius := in.Radius
	if radius <= 0 {
		radius = huntflow.DefaultEnrichRadius
	}
	maxRel := in.MaxRelated
	if maxRel <= 0 {
		maxRel = huntflow.DefaultMaxRelated
	}
	if len(in.Findings) == 0 {
		return nil, nil
	}
	pivots := make([]*pivot, len(in.Findings))
	var union huntflow.Window
	for i, f := range in.Findings {
		if f.FirstSeen.IsZero() {
			return nil, nonRetryable(fmt.Errorf("finding %s has no time", f.ID))
		}
		if !strings.EqualFold(f.Host, in.Host) {
			return nil, nonRetryable(fmt.Errorf("finding %s is on host %q, not %q", f.ID, f.Host, in.Host))
		}
		last := f.LastSeen
		if last.Before(f.FirstSeen) {
			last = f.FirstSeen
		}
		w := huntflow.Window{Start: f.FirstSeen.Add(-radius), End: last.Add(radius)}
		if i == 0 || w.Start.Before(union.Start) {
			union.Start = w.Start
		}
		if i == 0 || w.End.After(union.End) {
			union.End = w.End
		}
		pivots[i] = &pivot{f: f, guid: strings.ToLower(f.ProcessGUID),
			en: huntflow.Enrichment{FindingID: f.ID, Host: f.Host, Window: w, TopEventIDs: map[int]int{}}}
	}

	n := 0
	err := a.Store.Search(ctx, huntflow.Query{Start: union.Start, End: union.End, Host: in.Host}, func(e *huntflow.Event) error {
		n++
		if n%5000 == 0 {
			recordHeartbeat(ctx, n)
		}
		for _, p := range pivots {
			p.observe(e, maxRel)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("enrich %d findings on host %s: %w", len(pivots), in.Host, err)
	}

	out := make([]huntflow.Enrichment, len(pivots))
	for i, p := range pivots {
		if err := a.findParent(ctx, p); err != nil {
			return nil, err
		}
		if len(p.en.TopEventIDs) > 20 {
			p.en.TopEventIDs = topCounts(p.en.TopEventIDs, 20)
		}
		for _, refs := range [][]huntflow.EventRef{p.en.Process, p.en.Children, p.en.HostSample} {
			for j := range refs {
				refs[j].CommandLine = huntflow.Truncate(refs[j].CommandLine, maxContextCommandLine)
				refs[j].Target = huntflow.Truncate(refs[j].Target, maxContextCommandLine)
			}
		}
		out[i] = p.en
	}
	trimEnrichments(out, MaxPayload)
	return out, nil
}

func (p *pivot) observe(e *huntflow.Event, maxRel int) {
	if e.Time.Before(p.en.Window.Start) || !e.Time.Before(p.en.Window.End) {
		return
	}
	en := &p.en
	en.HostEvents++
	en.TopEventIDs[e.EventID]++
	same := sameProcess(e, p.f, p.guid)
	if same {
		en.ProcessEvents++
		if len(en.Process) < maxRel {
			en.Process = append(en.Process, e.Ref())
		}
		if isProcessCreate(e) && !p.sawCreate {
			p.sawCreate, p.created = true, e.Time
			p.parentGUID, p.parentPID = strings.ToLower(e.ParentProcessGUID), e.ParentProcessID
		}
	}
	if isProcessCreate(e) && isChild(e, p.f, p.guid) && len(en.Children) < maxRel {
		en.Children = append(en.Children, e.Ref())
	}
	// The host sample favours process creations: they tell the story of the
	// minutes around a finding better than image loads do.
	if !same && isProcessCreate(e) && len(en.HostSample) < maxRel {
		en.HostSample = append(en.HostSample, e.Ref())
	}
}

// findParent finds the creation event of the finding's parent process. The
// process may have started long before the window, so its own creation is
// looked up without a time bound first.
func (a *Activities) findParent(ctx context.Context, p *pivot) error {
	if !p.sawCreate && p.guid == "" && p.f.ProcessID != 0 {
		// No GUID and no creation in the window: the latest creation of the
		// PID on the host before the finding (PIDs are reused).
		err := a.Store.Search(ctx, huntflow.Query{End: p.f.FirstSeen.Add(time.Nanosecond), Host: p.f.Host, ProcessID: p.f.ProcessID, EventIDs: []int{1, 4688}}, func(e *huntflow.Event) error {
			p.sawCreate, p.created = true, e.Time
			p.parentGUID, p.parentPID = strings.ToLower(e.ParentProcessGUID), e.ParentProcessID
			return nil
		})
		if err != nil {
			return fmt.Errorf("enrich finding %s: find process creation: %w", p.f.ID, err)
		}
	}
	if !p.sawCreate && p.guid != "" {
		err := a.Store.Search(ctx, huntflow.Query{ProcessGUID: p.guid, EventIDs: []int{1}, Limit: 1}, func(e *huntflow.Event) error {
			p.created = e.Time
			p.parentGUID, p.parentPID = strings.ToLower(e.ParentProcessGUID), e.ParentProcessID
			return errEnough
		})
		if err != nil && !errors.Is(err, errEnough) {
			return fmt.Errorf("enrich finding %s: find process creation: %w", p.f.ID, err)
		}
	}
	switch {
	case p.parentGUID != "":
		err := a.Store.Search(ctx, huntflow.Query{ProcessGUID: p.parentGUID, EventIDs: []int{1}, Limit: 1}, func(e *huntflow.Event) error {
			r := e.Ref()
			p.en.Parent = &r
			return errEnough
		})
		if err != nil && !errors.Is(err, errEnough) {
			return fmt.Errorf("enrich finding %s: find parent: %w", p.f.ID, err)
		}
	case p.parentPID != 0:
		// Security 4688 has no GUIDs: the parent is the latest creation of
		// that PID on the host before the finding (PIDs are reused).
		// The parent was created before its child: bound the search there,
		// or, without the child's creation, at the finding.
		before := p.f.FirstSeen
		if !p.created.IsZero() {
			before = p.created
		}
		err := a.Store.Search(ctx, huntflow.Query{End: before, Host: p.f.Host, ProcessID: p.parentPID, EventIDs: []int{1, 4688}}, func(e *huntflow.Event) error {
			r := e.Ref()
			p.en.Parent = &r
			return nil
		})
		if err != nil {
			return fmt.Errorf("enrich finding %s: find parent pid %d: %w", p.f.ID, p.parentPID, err)
		}
	}
	if p.en.Parent != nil {
		p.en.Parent.CommandLine = huntflow.Truncate(p.en.Parent.CommandLine, maxContextCommandLine)
	}
	return nil
}

// trimEnrichments shrinks sample lists until the batch fits the budget;
// counts are never touched.
func trimEnrichments(ens []huntflow.Enrichment, budget int) {
	for _, n := range []int{5, 2, 0} {
		if huntflow.JSONSize(ens) <= budget {
			return
		}
		huntflow.CapSamples(ens, n)
	}
}

func isProcessCreate(e *huntflow.Event) bool { return e.EventID == 1 || e.EventID == 4688 }

func sameProcess(e *huntflow.Event, f huntflow.Finding, guid string) bool {
	if guid != "" {
		return strings.EqualFold(e.ProcessGUID, guid)
	}
	return f.ProcessID != 0 && e.ProcessID == f.ProcessID && strings.EqualFold(e.Host, f.Host)
}

func isChild(e *huntflow.Event, f huntflow.Finding, guid string) bool {
	if guid != "" && e.ParentProcessGUID != "" {
		return strings.EqualFold(e.ParentProcessGUID, guid)
	}
	// Security 4688 carries no GUIDs: its creator PID on the same host.
	return f.ProcessID != 0 && e.ParentProcessID == f.ProcessID && strings.EqualFold(e.Host, f.Host)
}

func topCounts(m map[int]int, n int) map[int]int {
	type kv struct{ k, v int }
	all := make([]kv, 0, len(m))
	for k, v := range m {
		all = append(all, kv{k, v})
	}
	// Sort by count, then ID, so the cut is deterministic.
	sort.Slice(all, func(i, j int) bool {
		if all[i].v != all[j].v {
			return all[i].v > all[j].v
		}
		return all[i].k < all[j].k
	})
	out := make(map[int]int, n)
	for _, p := range all[:n] {
		out[p.k] = p.v
	}
	return out
}
