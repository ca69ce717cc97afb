package activities

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/huntflow/huntflow"
)

// EnrichInput names the finding to pivot on.
type EnrichInput struct {
	Finding    huntflow.Finding `json:"finding"`
	Radius     time.Duration    `json:"radius"` // ± around the finding
	MaxRelated int              `json:"max_related"`
}

var errEnough = errors.New("enough")

// maxContextCommandLine caps command lines in enrichment samples: context
// needs the gist, the finding itself carries the full line.
const maxContextCommandLine = 200

// EnrichFinding gathers context around a finding, as a hunter would pivot:
// everything on the same host within ±radius, what the same process did,
// which processes it started, and where it came from.
func (a *Activities) EnrichFinding(ctx context.Context, in EnrichInput) (huntflow.Enrichment, error) {
	f := in.Finding
	if f.FirstSeen.IsZero() {
		return huntflow.Enrichment{}, nonRetryable(fmt.Errorf("finding %s has no time", f.ID))
	}
	radius := in.Radius
	if radius <= 0 {
		radius = huntflow.DefaultEnrichRadius
	}
	maxRel := in.MaxRelated
	if maxRel <= 0 {
		maxRel = huntflow.DefaultMaxRelated
	}
	last := f.LastSeen
	if last.Before(f.FirstSeen) {
		last = f.FirstSeen
	}
	w := huntflow.Window{Start: f.FirstSeen.Add(-radius), End: last.Add(radius)}
	en := huntflow.Enrichment{FindingID: f.ID, Host: f.Host, Window: w, TopEventIDs: map[int]int{}}

	guid := strings.ToLower(f.ProcessGUID)
	var parentGUID string
	var parentPID int64
	var hostSample []huntflow.EventRef
	n := 0
	err := a.Store.Search(ctx, huntflow.Query{Start: w.Start, End: w.End, Host: f.Host}, func(e *huntflow.Event) error {
		n++
		if n%5000 == 0 {
			recordHeartbeat(ctx, n)
		}
		en.HostEvents++
		en.TopEventIDs[e.EventID]++
		same := sameProcess(e, f, guid)
		if same {
			en.ProcessEvents++
			if len(en.Process) < maxRel {
				en.Process = append(en.Process, e.Ref())
			}
			if isProcessCreate(e) && parentGUID == "" && parentPID == 0 {
				parentGUID, parentPID = strings.ToLower(e.ParentProcessGUID), e.ParentProcessID
			}
		}
		if isProcessCreate(e) && isChild(e, f, guid) && len(en.Children) < maxRel {
			en.Children = append(en.Children, e.Ref())
		}
		// The host sample favours process creations: they tell the story of
		// the minutes around a finding better than image loads do.
		if !same && isProcessCreate(e) && len(hostSample) < maxRel {
			hostSample = append(hostSample, e.Ref())
		}
		return nil
	})
	if err != nil {
		return huntflow.Enrichment{}, fmt.Errorf("enrich finding %s on host %s: %w", f.ID, f.Host, err)
	}
	en.HostSample = hostSample
	for _, refs := range [][]huntflow.EventRef{en.Process, en.Children, en.HostSample} {
		for i := range refs {
			refs[i].CommandLine = huntflow.Truncate(refs[i].CommandLine, maxContextCommandLine)
			refs[i].Target = huntflow.Truncate(refs[i].Target, maxContextCommandLine)
		}
	}

	// The process may have started long before the window: look its creation
	// up without a time bound to learn its parent.
	if parentGUID == "" && parentPID == 0 && guid != "" {
		err := a.Store.Search(ctx, huntflow.Query{ProcessGUID: guid, EventIDs: []int{1}, Limit: 1}, func(e *huntflow.Event) error {
			parentGUID, parentPID = strings.ToLower(e.ParentProcessGUID), e.ParentProcessID
			return errEnough
		})
		if err != nil && !errors.Is(err, errEnough) {
			return huntflow.Enrichment{}, fmt.Errorf("enrich finding %s: find process creation: %w", f.ID, err)
		}
	}
	if parentGUID != "" {
		err := a.Store.Search(ctx, huntflow.Query{ProcessGUID: parentGUID, EventIDs: []int{1}, Limit: 1}, func(e *huntflow.Event) error {
			r := e.Ref()
			en.Parent = &r
			return errEnough
		})
		if err != nil && !errors.Is(err, errEnough) {
			return huntflow.Enrichment{}, fmt.Errorf("enrich finding %s: find parent: %w", f.ID, err)
		}
	}
	if parentGUID == "" && parentPID != 0 {
		// Security 4688 has no GUIDs: the parent is the latest creation of
		// that PID on the host before the finding (PIDs are reused).
		err := a.Store.Search(ctx, huntflow.Query{End: f.FirstSeen, Host: f.Host, ProcessID: parentPID, EventIDs: []int{1, 4688}}, func(e *huntflow.Event) error {
			r := e.Ref()
			en.Parent = &r
			return nil
		})
		if err != nil {
			return huntflow.Enrichment{}, fmt.Errorf("enrich finding %s: find parent pid %d: %w", f.ID, parentPID, err)
		}
	}
	if len(en.TopEventIDs) > 20 {
		en.TopEventIDs = topCounts(en.TopEventIDs, 20)
	}
	return en, nil
}

func isProcessCreate(e *huntflow.Event) bool { return e.EventID == 1 || e.EventID == 4688 }

func sameProcess(e *huntflow.Event, f huntflow.Finding, guid string) bool {
	if guid != "" {
		return strings.EqualFold(e.ProcessGUID, guid)
	}
	return f.ProcessID != 0 && e.ProcessID == f.ProcessID && strings.EqualFold(e.Host, f.Host)
}

func isChild(e *huntflow.Event, f huntflow.Finding, guid string) bool {
	if guid != "" {
		return strings.EqualFold(e.ParentProcessGUID, guid)
	}
	return f.ProcessID != 0 && e.ParentProcessID == f.ProcessID
}

func topCounts(m map[int]int, n int) map[int]int {
	type kv struct{ k, v int }
	all := make([]kv, 0, len(m))
	for k, v := range m {
		all = append(all, kv{k, v})
	}
	// Sort by count, then ID, so the cut is deterministic.
	for i := 1; i < len(all); i++ {
		for j := i; j > 0 && (all[j].v > all[j-1].v || all[j].v == all[j-1].v && all[j].k < all[j-1].k); j-- {
			all[j], all[j-1] = all[j-1], all[j]
		}
	}
	out := make(map[int]int, n)
	for _, p := range all[:n] {
		out[p.k] = p.v
	}
	return out
}
