package detect

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/sigma"
)

// Session classifies one window whose events arrive in pages (see
// huntflow.DetectSession).
//
// Rule matching, the costly part, runs on every core: each page is split
// into blocks that workers match in parallel, each event's matches kept in
// the rule set's order. Everything stateful (process identities and trees,
// per-rule aggregates, correlations, stacking) then consumes the matches in
// event order on one goroutine, so findings, IDs and order are the same
// whatever the number of cores.
//
// A session keeps no page: events are held back only for launchSlack, so
// that a Security record of a launch can be paired with a Sysmon record
// logged just after it, and what stays is per-process context, counters
// and capped samples.
type Session struct {
	d       *Detector
	w       huntflow.Window
	workers int
	scanned int

	ids     *launches
	tree    *procTree
	aggs    map[aggKey]*agg
	order   []*agg
	corr    *sigma.Correlator
	emitHit func(sigma.Hit)
	hits    []huntflow.Finding // correlation findings, made as hits come
	stack   *stacker
	pending []item
	newest  time.Time // the latest event added
	// processed is the time of the latest event processed; later
	// events are never earlier, as pages come in time order.
	processed time.Time
	finished  bool
}

// item is an event with what the parallel stage found in it.
type item struct {
	ev       *huntflow.Event
	rules    []*sigma.Rule // matching rules, in rule-set order
	creation bool
	shape    string // runShape, when stacking
}

// matchBlock is how many events a worker takes at a time: small enough to
// balance events of very different cost, large enough to make the hand-off
// negligible.
const matchBlock = 64

// detectPage is the page size Detect feeds its session with.
const detectPage = 4096

// NewSession starts classifying window w.
func (d *Detector) NewSession(w huntflow.Window) huntflow.DetectSession {
	return d.newSession(w)
}

func (d *Detector) newSession(w huntflow.Window) *Session {
	workers := d.opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	s := &Session{
		d: d, w: w, workers: workers,
		ids: newLaunches(), tree: newProcTree(), aggs: map[aggKey]*agg{},
		corr: sigma.NewCorrelator(d.rules),
	}
	s.emitHit = func(h sigma.Hit) { s.hits = append(s.hits, hitFinding(h)) }
	if !d.opts.DisableStacking {
		s.stack = newStacker()
	}
	return s
}

// Add feeds the next page of the window.
func (s *Session) Add(ctx context.Context, events []*huntflow.Event) error {
	if s.finished {
		return fmt.Errorf("detect %s: session already finished", s.w)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("detect %s: %w", s.w, err)
	}
	s.scanned += len(events)
	events = inTimeOrder(events)
	items := make([]item, 0, len(events))
	for _, ev := range events {
		if ev != nil {
			items = append(items, item{ev: ev})
		}
	}
	if err := s.match(ctx, items); err != nil {
		return fmt.Errorf("detect %s: %w", s.w, err)
	}
	for i := range items {
		it := &items[i]
		if it.creation && strings.Contains(it.ev.Channel, "Sysmon") {
			s.ids.register(it.ev, s.processed)
		}
		if it.ev.Time.After(s.newest) {
			s.newest = it.ev.Time
		}
	}
	s.pending = append(s.pending, items...)
	// Hold back what a launch logged a little later could still pair with.
	horizon := s.newest.Add(-launchSlack)
	n := 0
	for n < len(s.pending) && s.pending[n].ev.Time.Before(horizon) {
		n++
	}
	if err := s.process(ctx, s.pending[:n]); err != nil {
		return err
	}
	rest := copy(s.pending, s.pending[n:])
	clear(s.pending[rest:])
	s.pending = s.pending[:rest]
	return nil
}

// match runs the rules over items on s.workers goroutines.
func (s *Session) match(ctx context.Context, items []item) error {
	workers := min(s.workers, (len(items)+matchBlock-1)/matchBlock)
	if workers <= 1 {
		s.matchRange(items)
		return ctx.Err()
	}
	var (
		next     atomic.Int64
		wg       sync.WaitGroup
		panicked atomic.Value
	)
	for range workers {
		wg.Go(func() {
			defer func() {
				// A panic on a worker goroutine would kill the process;
				// report it like the caller's own goroutine would.
				if r := recover(); r != nil {
					panicked.CompareAndSwap(nil, fmt.Sprint(r))
				}
			}()
			for ctx.Err() == nil {
				i := int(next.Add(matchBlock)) - matchBlock
				if i >= len(items) {
					return
				}
				s.matchRange(items[i:min(i+matchBlock, len(items))])
			}
		})
	}
	wg.Wait()
	if p := panicked.Load(); p != nil {
		return fmt.Errorf("rule matching panicked: %v", p)
	}
	return ctx.Err()
}

func (s *Session) matchRange(items []item) {
	var buf []*sigma.Rule
	collect := func(r *sigma.Rule) { buf = append(buf, r) }
	for i := range items {
		it := &items[i]
		ev := it.ev
		buf = buf[:0]
		s.d.rules.Match(ev, ev.Channel, ev.EventID, collect)
		if len(buf) > 0 {
			it.rules = slices.Clone(buf)
		}
		it.creation = isProcessCreation(ev)
		if it.creation && s.stack != nil {
			it.shape = runShape(ev)
		}
	}
}

// process consumes matched items in event order.
func (s *Session) process(ctx context.Context, items []item) error {
	for i := range items {
		if i&1023 == 1023 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("detect %s: %w", s.w, err)
			}
		}
		s.consume(&items[i])
	}
	return nil
}

func (s *Session) consume(it *item) {
	ev := it.ev
	if ev.Time.After(s.processed) {
		s.processed = ev.Time
	}
	if !it.creation && len(it.rules) == 0 {
		return // most events: nothing matched, nothing to learn
	}
	p := s.ids.resolve(ev, it.creation)
	// A launch Security repeats has been (or will be) linked and stacked
	// from Sysmon's record, which names the parent by GUID where Security
	// names it by a PID that may have been reused.
	if it.creation && !p.paired {
		s.tree.observe(p.id, s.ids.parent(ev), ev.ParentImage)
		if s.stack != nil {
			s.stack.observe(ev, strings.Clone(p.id), it.shape)
		}
	}
	for _, r := range it.rules {
		s.corr.Observe(r, ev, ev.Time, s.emitHit)
		if !s.d.standalone[r] {
			continue
		}
		key := aggKey{rule: r, proc: p.id}
		a := s.aggs[key]
		if a == nil {
			key.proc = strings.Clone(key.proc)
			a = &agg{rule: r, proc: key.proc, first: slimRef(ev), firstT: ev.Time, lastT: ev.Time, order: len(s.order)}
			s.aggs[key] = a
			s.order = append(s.order, a)
		} else if a.first.ProcessGUID == "" && ev.ProcessGUID != "" {
			// Describe the process from the richer record: Sysmon names
			// the GUID, image and parent where Security may not.
			a.first = slimRef(ev)
		}
		// One launch logged by Sysmon and Security is one occurrence.
		if p.unit == "" || p.unit != a.lastUnit {
			a.count++
		}
		if p.unit != "" {
			a.lastUnit = strings.Clone(p.unit)
		}
		if ev.Time.Before(a.firstT) {
			a.firstT = ev.Time
		}
		if ev.Time.After(a.lastT) {
			a.lastT = ev.Time
		}
		if len(a.refs) < huntflow.MaxFindingEvents {
			a.refs = append(a.refs, slimRef(ev))
		}
	}
}

// Finish processes what was held back, closes the correlations and returns
// the window's classification.
func (s *Session) Finish(ctx context.Context) (huntflow.Classification, error) {
	cls := huntflow.Classification{Window: s.w, EventsScanned: s.scanned, Analyst: AnalystName, Category: "benign"}
	if s.finished {
		return cls, fmt.Errorf("detect %s: session already finished", s.w)
	}
	s.finished = true
	if err := ctx.Err(); err != nil {
		return cls, fmt.Errorf("detect %s: %w", s.w, err)
	}
	if err := s.process(ctx, s.pending); err != nil {
		return cls, err
	}
	s.pending = nil
	s.corr.Flush(s.emitHit)

	d := s.d
	covered := map[string]bool{}
	for _, a := range s.order {
		a.treeRoot = s.tree.root(a.proc)
		covered[a.proc] = true
	}
	trees := treeMembers(s.order)
	perRule := make([]huntflow.Finding, 0, len(s.order))
	for _, a := range s.order {
		perRule = append(perRule, d.ruleFinding(a, trees[a.treeRoot]))
	}
	extra := s.hits
	if s.stack != nil {
		extra = append(extra, s.stack.findings(covered, s.tree, d.opts.MaxStackingFindings)...)
	}
	// The verdict weighs each rule as its own evidence, before trees merge.
	cls.Category, cls.Confidence = verdict(append(slices.Clone(perRule), extra...))
	findings := make([]huntflow.Finding, 0, len(perRule)+len(extra))
	if d.opts.SeparateRules {
		findings = append(findings, perRule...)
	} else {
		findings = append(findings, mergeTrees(s.order, perRule)...)
	}
	findings = append(findings, extra...)
	sortFindings(findings)
	cls.Findings = findings
	if n := len(findings); n > 0 {
		d.log.Debug("detect", "window", s.w.String(), "events", s.scanned, "findings", n, "category", cls.Category)
	}
	return cls, nil
}

// slimRef is ev's reference with its strings copied: a value sliced from
// an event's field block (as stores decode them) would otherwise keep the
// whole block, and so the page, alive for the rest of the window.
func slimRef(ev *huntflow.Event) huntflow.EventRef {
	r := ev.Ref()
	r.ID = strings.Clone(r.ID)
	r.Host = strings.Clone(r.Host)
	r.Channel = strings.Clone(r.Channel)
	r.ProcessGUID = strings.Clone(r.ProcessGUID)
	r.Image = strings.Clone(r.Image)
	r.CommandLine = strings.Clone(r.CommandLine)
	r.ParentImage = strings.Clone(r.ParentImage)
	r.User = strings.Clone(r.User)
	r.Target = strings.Clone(r.Target)
	return r
}
