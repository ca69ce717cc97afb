// Package ingest reads Windows security-event logs — JSON lines, JSON
// documents (EVTX records rendered as pretty-printed JSON, arrays) and
// Windows .evtx files, plain, gzip, zip, tar.gz, or directories of them —
// normalises each event into a huntflow.Event and writes the events to a
// huntflow.Sink. EVTX records are rendered as the JSON EVTX dumpers write
// and normalised like it, so a log and its JSON rendering give the same
// fields.
//
// Inputs are streamed: files are never held in memory whole. Lines are
// parsed in parallel and written in batches in file order, with parsing of
// the next lines overlapping the sink's writes. A malformed line or an
// unreadable file is counted and named in the Summary and ingest goes on;
// only a failing sink, a cancelled context or reading nothing at all stop
// it with an error.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/huntflow/huntflow"
)

// DefaultBatchSize is how many events go to the sink in one Write.
const DefaultBatchSize = 2000

// MaxBatchBytes caps the raw bytes of the events in one Write: a batch goes
// to the sink when it holds BatchSize events or this many bytes of lines
// (and of the sink's encoding, for a huntflow.Preparer), whichever comes
// first, so a file of huge lines cannot fill memory with one batch.
const MaxBatchBytes = 32 << 20

// MaxBadLines caps the bad lines a Summary names; all are counted.
const MaxBadLines = 100

// ErrNothingRead is returned (wrapped) when no event at all could be read.
var ErrNothingRead = errors.New("no events could be read")

// Options tune Files. Zero values take the defaults.
type Options struct {
	// BatchSize is how many events go to the sink in one Write
	// (DefaultBatchSize when zero); a batch goes sooner when its lines
	// reach MaxBatchBytes.
	BatchSize int
	// Workers is how many goroutines parse lines (GOMAXPROCS when zero).
	Workers int
	// Progress, when set, is called about ten times a second, from another
	// goroutine, with the bytes of input read so far (compressed bytes for
	// archives) and the total size of the inputs, and once more at the end.
	Progress func(done, total int64)
	// ProgressBar, when set, receives a one-line progress bar redrawn in
	// place with carriage returns. Set it only for a terminal.
	ProgressBar io.Writer
	// Logger logs per-file progress and unreadable files; nil logs nothing.
	Logger *slog.Logger

	// chunkLines overrides the lines per unit of parallel work (tests).
	chunkLines int
	// batchBytes overrides MaxBatchBytes (tests).
	batchBytes int
	// parseHook, when set, runs on each line before it is parsed (tests).
	parseHook func(line []byte)
	// evtxLibrary reads every EVTX chunk with the EVTX library, the
	// reference our BinXML decoder is compared with (tests).
	evtxLibrary bool
}

func (o Options) withDefaults() Options {
	if o.BatchSize <= 0 {
		o.BatchSize = DefaultBatchSize
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.chunkLines <= 0 {
		o.chunkLines = chunkLines
	}
	if o.batchBytes <= 0 {
		o.batchBytes = MaxBatchBytes
	}
	return o
}

// BadLine names a line that could not be made into an event, or a damaged
// part of an EVTX file: a chunk (Offset set), or one record of it (Record
// set too).
type BadLine struct {
	File string `json:"file"` // archive members are named archive:member
	Line int    `json:"line"` // from 1; 0 for EVTX
	// Chunk is the EVTX chunk's index, Offset its offset in the file.
	Chunk  int   `json:"chunk,omitempty"`
	Offset int64 `json:"offset,omitempty"`
	// Record is the EVTX event record number.
	Record int64  `json:"record,omitempty"`
	Reason string `json:"reason"`
}

func (b BadLine) String() string {
	if b.Offset > 0 {
		if b.Record > 0 {
			return fmt.Sprintf("%s: chunk %d (offset %#x) record %d: %s", b.File, b.Chunk, b.Offset, b.Record, b.Reason)
		}
		return fmt.Sprintf("%s: chunk %d (offset %#x): %s", b.File, b.Chunk, b.Offset, b.Reason)
	}
	return fmt.Sprintf("%s:%d: %s", b.File, b.Line, b.Reason)
}

// Summary reports what an ingest read and wrote.
type Summary struct {
	// Files counts the streams read (JSON lines, JSON documents, EVTX):
	// plain files and archive members.
	Files int `json:"files"`
	// Lines counts the non-blank lines (JSON values, EVTX records) read and
	// the EVTX chunks found damaged: Events + Bad.
	Lines int `json:"lines"`
	// Events counts the lines normalised into events: Added those the sink
	// took as new, Duplicates those it already held, and Unwritten those it
	// never confirmed because ingest stopped (the sink failed or the context
	// was cancelled): the rest of a failed batch and any events after it.
	Events     int `json:"events"`
	Added      int `json:"added"`
	Duplicates int `json:"duplicates"`
	Unwritten  int `json:"unwritten,omitempty"`
	// Bad counts malformed lines and damaged EVTX chunks (CorruptChunks of
	// them); BadLines names the first MaxBadLines.
	Bad           int `json:"bad"`
	CorruptChunks int `json:"corrupt_chunks,omitempty"`
	// EVTXFallbacks counts the EVTX chunks our BinXML decoder left to the
	// EVTX library (damaged or unusual ones); the events are the same.
	EVTXFallbacks int           `json:"evtx_fallbacks,omitempty"`
	BadLines      []BadLine     `json:"bad_lines,omitempty"`
	FileErrors    []FileError   `json:"file_errors,omitempty"`
	Hosts         []string      `json:"hosts,omitempty"` // sorted, distinct
	First         time.Time     `json:"first"`           // earliest event time
	Last          time.Time     `json:"last"`            // latest event time
	Elapsed       time.Duration `json:"elapsed"`
}

// EventsPerSecond is the ingest rate over the whole run.
func (s Summary) EventsPerSecond() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Events) / s.Elapsed.Seconds()
}

// String gives the summary in one line.
func (s Summary) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "ingested %d events (%d new, %d duplicates, ", s.Events, s.Added, s.Duplicates)
	if s.Unwritten > 0 {
		fmt.Fprintf(&b, "%d not written, ", s.Unwritten)
	}
	fmt.Fprintf(&b, "%d bad lines", s.Bad)
	if s.CorruptChunks > 0 {
		fmt.Fprintf(&b, ", %s", plural(s.CorruptChunks, "damaged EVTX chunk"))
	}
	if s.EVTXFallbacks > 0 {
		fmt.Fprintf(&b, ", %s read by the EVTX library", plural(s.EVTXFallbacks, "EVTX chunk"))
	}
	fmt.Fprintf(&b, ") from %s, %s", plural(s.Files, "file"), plural(len(s.Hosts), "host"))
	if !s.First.IsZero() {
		fmt.Fprintf(&b, ", %s..%s", s.First.UTC().Format(time.RFC3339), s.Last.UTC().Format(time.RFC3339))
	}
	fmt.Fprintf(&b, ", %.0f events/s", s.EventsPerSecond())
	if n := len(s.FileErrors); n > 0 {
		fmt.Fprintf(&b, ", %s", plural(n, "unreadable file"))
	}
	return b.String()
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// Files reads every path (files, archives, directories) and writes the
// events to sink. It returns an error only when the sink fails (events are
// never dropped silently), ctx is cancelled, or no event could be read at
// all (ErrNothingRead); the Summary is filled in either way.
func Files(ctx context.Context, sink huntflow.Sink, paths []string, opts Options) (Summary, error) {
	start := time.Now()
	opts = opts.withDefaults()
	ins, ferrs := expand(paths)
	for _, fe := range ferrs {
		opts.Logger.Warn("cannot read input", "file", fe.File, "err", fe.Reason)
	}
	var total int64
	for _, in := range ins {
		total += in.size
	}

	parent := ctx
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	p := &pipeline{
		opts:    opts,
		work:    make(chan *chunk, 2*opts.Workers),
		ordered: make(chan *chunk, orderedDepth(opts)),
	}
	if pr, ok := sink.(huntflow.Preparer); ok {
		p.prepare = pr.Prepare
	}
	stopProgress := p.startProgress(total, start)

	var wg sync.WaitGroup
	wg.Go(func() { p.readInputs(ctx, ins) })
	for range opts.Workers {
		wg.Go(func() { p.parse(ctx) })
	}
	sum, sinkErr := p.write(ctx, cancel, sink)
	wg.Wait()
	stopProgress()

	sum.FileErrors = append(ferrs, sum.FileErrors...)
	sum.Unwritten = sum.Events - sum.Added - sum.Duplicates
	sum.Elapsed = time.Since(start)
	switch {
	case parent.Err() != nil:
		return sum, fmt.Errorf("ingest: %w", context.Cause(parent))
	case sinkErr != nil:
		return sum, fmt.Errorf("ingest: write to sink: %w", sinkErr)
	case sum.Events == 0:
		return sum, fmt.Errorf("ingest: %w from %s (%s, %d bad lines)",
			ErrNothingRead, plural(len(paths), "path"), plural(len(sum.FileErrors), "unreadable file"), sum.Bad)
	}
	opts.Logger.Debug("ingest done", "events", sum.Events, "added", sum.Added, "bad", sum.Bad, "elapsed", sum.Elapsed)
	return sum, nil
}

// Chunks cut the input into units of parallel work; their size trades
// scheduling overhead against memory in flight.
const (
	chunkLines = 512
	chunkBytes = 1 << 20
)

// orderedDepth is how many chunks may be read ahead of the one the writer
// takes next: the workers' own, plus a batch's worth (up to
// maxAheadChunks), so parsing goes on while the sink writes a batch. With
// the workers' own alone, they stalled on every write of a single-writer
// sink (SQLite): a depth of 4 chunks ingested LSASS_campaign_01 3-5 %
// slower than 8.
func orderedDepth(opts Options) int {
	return 2*opts.Workers + 2 + min(maxAheadChunks, (opts.BatchSize+opts.chunkLines-1)/opts.chunkLines)
}

// maxAheadChunks bounds the read-ahead a large BatchSize asks for; a
// chunk is up to chunkBytes of lines.
const maxAheadChunks = 8

// RejectedItems is implemented by a sink's error when the sink stored a
// batch except some events it refused as bad input (the Elasticsearch store's
// RejectedError): fn gets each refused event's index in the batch and why.
// Ingest counts and names those events as bad lines and goes on; any other
// sink error stops it.
type RejectedItems interface {
	error
	EachRejected(fn func(index int, reason string))
}

// chunk is a run of consecutive lines of one stream, parsed by a worker and
// consumed in order by the writer. A chunk may instead carry a file error.
type chunk struct {
	name      string
	newStream bool // the first chunk of a stream
	buf       []byte
	lines     []lineSpan
	fileErr   *FileError

	// evtx, when set, is an EVTX chunk (whose records the worker renders
	// into buf and lines); evtxIndex and evtxOffset locate it in its file.
	evtx       []byte
	evtxIndex  int
	evtxOffset int64

	// Set by the worker before done is closed.
	events  []huntflow.Event
	lineNos []int // the line (EVTX: record) of each event, to name events a sink refuses
	bad     []BadLine
	corrupt int // damaged EVTX chunks among bad
	// fallback: the EVTX library, not our decoder, read the chunk.
	fallback bool
	done     chan struct{}
}

// badAt names the i-th event of the chunk.
func (c *chunk) badAt(i int) BadLine {
	if c.evtxOffset > 0 {
		return BadLine{File: c.name, Chunk: c.evtxIndex, Offset: c.evtxOffset, Record: int64(c.lineNos[i])}
	}
	return BadLine{File: c.name, Line: c.lineNos[i]}
}

type lineSpan struct {
	start, end int
	n          int  // line number
	tooLong    bool // dropped: over MaxLineBytes
}

type pipeline struct {
	opts Options
	// prepare is the sink's Prepare, when it has one; workers run it on
	// each chunk's events.
	prepare func([]huntflow.Event)
	// lineBufs recycles the line buffers of chunks whose events no longer
	// point into them (prepared events drop Raw): a hundred megabytes of
	// lines need not be a hundred megabytes of garbage.
	lineBufs sync.Pool   // of *[]byte
	work     chan *chunk // to the workers, any order
	ordered  chan *chunk // to the writer, in file order
	read     atomic.Int64
	events   atomic.Int64
	panics   atomic.Int64 // lines on which the normaliser panicked
}

// maxPanicsLogged caps the log lines for lines the normaliser panicked on,
// which a hostile file could otherwise repeat by the million.
const maxPanicsLogged = 10

// errReported stops reading a file whose error has already been sent.
var errReported = errors.New("reported")

// readInputs is the one goroutine reading input: decompression is sequential per
// file, and reading in one place keeps the chunks in file order.
func (p *pipeline) readInputs(ctx context.Context, ins []input) {
	defer close(p.work)
	defer close(p.ordered)
	for _, in := range ins {
		if ctx.Err() != nil {
			return
		}
		p.opts.Logger.Debug("reading", "file", in.path, "bytes", in.size)
		err := walkFile(in, &p.read, func(s stream) error { return p.readStream(ctx, s) })
		if err != nil && !errors.Is(err, errReported) && ctx.Err() == nil {
			p.fileError(ctx, in.path, err)
		}
	}
}

func (p *pipeline) fileError(ctx context.Context, name string, err error) {
	p.opts.Logger.Warn("cannot read input", "file", name, "err", err)
	_ = p.send(ctx, &chunk{name: name, fileErr: &FileError{File: name, Reason: err.Error()}})
}

func (p *pipeline) readStream(ctx context.Context, s stream) error {
	if s.err != nil {
		p.fileError(ctx, s.name, s.err)
		return errReported
	}
	lr := newLineReader(s.r)
	head, _ := lr.r.Peek(readBufferSize)
	var rr recordReader = lr
	switch {
	case isEVTX(head):
		return p.readEVTX(ctx, s.name, lr.r)
	case isJSONDocument(head):
		rr = newDocReader(lr.r)
	}
	c := &chunk{name: s.name, newStream: true}
	for {
		line, n, tooLong, err := rr.next()
		if tooLong {
			c.lines = append(c.lines, lineSpan{n: n, tooLong: true})
		} else if len(trimLine(line)) > 0 {
			start := len(c.buf)
			c.buf = rr.appendRecord(c.buf, line)
			c.lines = append(c.lines, lineSpan{start: start, end: len(c.buf), n: n})
		}
		if len(c.lines) >= p.opts.chunkLines || len(c.buf) >= chunkBytes || err != nil {
			// Sized before sending: c belongs to the workers after that.
			next := min(2*len(c.buf), chunkBytes+chunkBytes/4)
			if serr := p.send(ctx, c); serr != nil {
				return serr
			}
			c = &chunk{name: s.name, buf: p.lineBuf(next)}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			p.fileError(ctx, s.name, err)
			return errReported
		}
	}
}

// send queues c for the writer and, when it has lines, for a worker.
func (p *pipeline) send(ctx context.Context, c *chunk) error {
	c.done = make(chan struct{})
	select {
	case p.ordered <- c:
	case <-ctx.Done():
		return ctx.Err()
	}
	if len(c.lines) == 0 && c.evtx == nil {
		close(c.done)
		return nil
	}
	select {
	case p.work <- c:
		return nil
	case <-ctx.Done():
		close(c.done) // no worker will see it
		return ctx.Err()
	}
}

// lineBuf returns an empty buffer for a chunk's lines with room for n bytes.
func (p *pipeline) lineBuf(n int) []byte {
	if b, ok := p.lineBufs.Get().(*[]byte); ok && cap(*b) >= n {
		return *b
	}
	return make([]byte, 0, n)
}

// holdLines reports whether any of events points into its chunk's lines.
func holdLines(events []huntflow.Event) bool {
	for i := range events {
		if events[i].Raw != nil {
			return true
		}
	}
	return false
}

// parse is a worker: it normalises the lines of each chunk it receives.
func (p *pipeline) parse(ctx context.Context) {
	var n normalizer
	var maps []map[string]string
	for c := range p.work {
		if ctx.Err() == nil {
			if c.evtx != nil {
				p.parseEVTXChunk(&n, c)
				c.evtx = nil
			} else {
				p.normalizeLines(&n, c)
			}
			if p.prepare != nil && len(c.events) > 0 {
				maps = maps[:0]
				for i := range c.events {
					maps = append(maps, c.events[i].Fields)
				}
				p.prepare(c.events)
				n.recycle(c.events, maps)
				clear(maps)
			}
		}
		// The events hold what they still need of the lines (nothing, once
		// prepared); the chunk may wait in the writer's queue a while.
		if c.buf != nil && !holdLines(c.events) {
			buf := c.buf[:0]
			p.lineBufs.Put(&buf)
		}
		c.buf, c.lines = nil, nil
		close(c.done)
	}
}

// normalizeLines makes events of the chunk's lines.
func (p *pipeline) normalizeLines(n *normalizer, c *chunk) {
	c.events = make([]huntflow.Event, 0, len(c.lines))
	for _, l := range c.lines {
		if l.tooLong {
			c.bad = append(c.bad, BadLine{File: c.name, Line: l.n, Reason: fmt.Sprintf("line longer than %d MiB", MaxLineBytes>>20)})
			continue
		}
		// Raw shares c.buf, which is never reused.
		ev, err := n.safeNormalize(c.buf[l.start:l.end:l.end], false, p.opts.parseHook)
		if err != nil {
			if errors.Is(err, errInternal) && p.panics.Add(1) <= maxPanicsLogged {
				p.opts.Logger.Error("bug: panic parsing a line, counted as bad", "file", c.name, "line", l.n, "err", err)
			}
			b := BadLine{File: c.name, Line: l.n, Reason: err.Error()}
			if c.evtxOffset > 0 {
				b = BadLine{File: c.name, Chunk: c.evtxIndex, Offset: c.evtxOffset, Record: int64(l.n), Reason: err.Error()}
			}
			c.bad = append(c.bad, b)
			continue
		}
		c.events = append(c.events, ev)
		c.lineNos = append(c.lineNos, l.n)
	}
}

// write takes chunks in order, batches their events and writes the batches
// to the sink. It runs in Files' goroutine and is the only one to touch the
// summary.
func (p *pipeline) write(ctx context.Context, cancel context.CancelCauseFunc, sink huntflow.Sink) (Summary, error) {
	var (
		sum        Summary
		hosts      = make(map[string]struct{})
		batch      = make([]huntflow.Event, 0, p.opts.BatchSize)
		at         = make([]BadLine, 0, p.opts.BatchSize) // where each batched event came from
		batchBytes int
		sinkErr    error
		rejected   int
	)
	// flush writes the batch. Added and Duplicates count what the sink
	// confirmed; events it did not are left for Files to count as
	// Unwritten.
	flush := func() {
		if len(batch) == 0 || sinkErr != nil || ctx.Err() != nil {
			return
		}
		added, err := sink.Write(ctx, batch)
		sum.Added += added // a failing sink may still have added some
		refused := 0
		var rj RejectedItems
		if err != nil && errors.As(err, &rj) {
			// The sink stored the rest and refused these as bad input (a
			// mapping conflict, an oversized value): bad lines, named like
			// any other, not an outage.
			rj.EachRejected(func(i int, reason string) {
				refused++
				if i >= 0 && i < len(at) && len(sum.BadLines) < MaxBadLines {
					b := at[i]
					b.Reason = "rejected by the store: " + reason
					sum.BadLines = append(sum.BadLines, b)
				}
			})
			err = nil
		}
		if err != nil {
			sinkErr = err
			cancel(err)
			return
		}
		rejected += refused
		sum.Duplicates += len(batch) - added - refused
		clear(batch) // drop references so written events can be collected
		batch = batch[:0]
		at = at[:0]
		batchBytes = 0
	}
	for c := range p.ordered {
		<-c.done
		if sinkErr != nil || ctx.Err() != nil {
			continue // drain so the reader and workers can finish
		}
		if c.newStream {
			sum.Files++
		}
		if c.fileErr != nil {
			sum.FileErrors = append(sum.FileErrors, *c.fileErr)
			continue
		}
		sum.Bad += len(c.bad)
		sum.CorruptChunks += c.corrupt
		if c.fallback {
			sum.EVTXFallbacks++
		}
		if room := MaxBadLines - len(sum.BadLines); room > 0 {
			sum.BadLines = append(sum.BadLines, c.bad[:min(room, len(c.bad))]...)
		}
		for i := range c.events {
			ev := &c.events[i]
			if ev.Host != "" {
				if _, ok := hosts[ev.Host]; !ok {
					hosts[strings.Clone(ev.Host)] = struct{}{}
				}
			}
			if sum.First.IsZero() || ev.Time.Before(sum.First) {
				sum.First = ev.Time
			}
			if ev.Time.After(sum.Last) {
				sum.Last = ev.Time
			}
			batch = append(batch, *ev)
			at = append(at, c.badAt(i))
			batchBytes += len(ev.Raw) + len(ev.Encoded)
			if len(batch) >= p.opts.BatchSize || batchBytes >= p.opts.batchBytes {
				flush()
			}
		}
		sum.Events += len(c.events)
		p.events.Store(int64(sum.Events))
		c.events = nil
	}
	flush()
	sum.Lines = sum.Events + sum.Bad
	// Refused events were read but not stored: they count as bad lines.
	sum.Events -= rejected
	sum.Bad += rejected
	for h := range hosts {
		sum.Hosts = append(sum.Hosts, h)
	}
	slices.Sort(sum.Hosts)
	return sum, sinkErr
}
