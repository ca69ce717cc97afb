package elastic

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/elastic/go-elasticsearch/v8/esutil"

	"github.com/huntflow/huntflow"
)

// EnsureTemplate installs (or updates) the index template for the store's
// index, so documents get the field types hunts rely on: @timestamp a date
// in nanoseconds, IDs, PIDs and other values that are numbers in one source
// and strings in another keywords (Security events write PIDs in hex), command lines
// wildcard fields for substring search with a text subfield for words.
// Call it before the first Write; it only affects indices created later.
func (s *Store) EnsureTemplate(ctx context.Context) error {
	body, err := json.Marshal(indexTemplate(s.cfg.Index))
	if err != nil {
		return fmt.Errorf("elastic: encode index template: %w", err)
	}
	res, err := s.client.Indices.PutIndexTemplate(s.cfg.Index, bytes.NewReader(body),
		s.client.Indices.PutIndexTemplate.WithContext(ctx))
	if err != nil {
		return s.redact(fmt.Errorf("elastic: put index template %s: %w", s.cfg.Index, err))
	}
	defer res.Body.Close()
	if res.IsError() {
		return s.redact(fmt.Errorf("elastic: put index template %s: %w", s.cfg.Index, responseError(res)))
	}
	s.logger.Info("index template installed", "template", s.cfg.Index)
	return nil
}

func indexTemplate(index string) map[string]any {
	// Beyond ignore_above a value is kept in _source but not indexed,
	// instead of failing the document: Lucene rejects terms over 32,766
	// bytes, and 8191 characters of up to four bytes each stay below that.
	keyword := map[string]any{"type": "keyword", "ignore_above": 8191}
	// Command lines are searched by substring ("*-enc*"), which wildcard
	// fields answer fast at any length; the text subfield serves word search.
	commandLine := map[string]any{"type": "wildcard", "fields": map[string]any{"text": map[string]any{"type": "text"}}}
	long := map[string]any{"type": "long"}
	props := map[string]any{
		// The event time as huntflow normalised it (document rewrites a raw
		// value that is not that time). Nanoseconds, as Sysmon and the
		// SQLite store keep them: with millisecond dates, bounds and order
		// within a millisecond would differ between the stores.
		"@timestamp": map[string]any{"type": "date_nanos"},
		// EventTime is local time without a zone: as a date it would be
		// taken for UTC.
		"EventTime":         keyword,
		"UtcTime":           keyword,
		"EventID":           map[string]any{"type": "integer"},
		"host_key":          keyword,
		"pid_key":           long, // Event.ProcessID: see document
		"Hostname":          keyword,
		"Computer":          keyword,
		"Channel":           keyword,
		"User":              keyword,
		"Image":             keyword,
		"ParentImage":       keyword,
		"TargetImage":       keyword,
		"SourceImage":       keyword,
		"ImageLoaded":       keyword,
		"TargetFilename":    keyword,
		"TargetObject":      keyword,
		"NewProcessName":    keyword,
		"ParentProcessName": keyword,
		"ProcessGuid":       keyword,
		"ParentProcessGuid": keyword,
		"ProcessId":         keyword,
		"ParentProcessId":   keyword,
		"NewProcessId":      keyword,
		// A number in nxlog's records (-9223372036854775808), a hex string
		// in other exports.
		"Keywords":          keyword,
		"CommandLine":       commandLine,
		"ParentCommandLine": commandLine,
		"ScriptBlockText":   commandLine,
		// No object is declared for the ECS names (event, host, process,
		// user, winlog): nxlog records carry "host" as a string (the
		// collector), and a declared object would reject every one of
		// them. The dynamic templates below type their fields wherever a
		// document does make them objects.
	}
	pathTemplate := func(name, path string, mapping map[string]any) map[string]any {
		return map[string]any{name: map[string]any{"path_match": path, "mapping": mapping}}
	}
	return map[string]any{
		"index_patterns": []string{index, index + "-*"},
		// Above the built-in logs-*-* templates (priority 100).
		"priority": 200,
		"template": map[string]any{
			"settings": map[string]any{
				// Sysmon, Security and PowerShell events together carry
				// several hundred distinct fields.
				"index.mapping.total_fields.limit": 5000,
			},
			"mappings": map[string]any{
				// Windows writes times in several formats and IDs as numbers
				// or hex strings: guessing types from the first document
				// seen would reject later ones.
				"date_detection":    false,
				"numeric_detection": false,
				"dynamic_templates": []any{
					// ECS fields of winlogbeat documents and of huntflow's
					// ECS copies (process.pid is the acting process, as
					// pid_key).
					pathTemplate("ecs_pid", "process.pid", long),
					pathTemplate("ecs_parent_pid", "process.parent.pid", long),
					pathTemplate("ecs_command_line", "process.command_line", commandLine),
					pathTemplate("ecs_parent_command_line", "process.parent.command_line", commandLine),
					// IDs (LogonId, ThreadId, …) are hex in some events and
					// decimal in others.
					map[string]any{"ids_as_keyword": map[string]any{
						"match":   "*Id",
						"mapping": map[string]any{"type": "keyword", "ignore_above": 1024},
					}},
					// Any other field may be a number in one source and a
					// string in another (Keywords, Task, ThreadID, …): a
					// keyword takes both, where a long would reject "0x…".
					map[string]any{"numbers_as_keyword": map[string]any{"match_mapping_type": "long", "mapping": keyword}},
					map[string]any{"decimals_as_keyword": map[string]any{"match_mapping_type": "double", "mapping": keyword}},
					map[string]any{"booleans_as_keyword": map[string]any{"match_mapping_type": "boolean", "mapping": keyword}},
					map[string]any{"strings_as_keyword": map[string]any{"match_mapping_type": "string", "mapping": keyword}},
				},
				"properties": props,
			},
		},
		"_meta": map[string]any{"managed_by": "huntflow"},
	}
}

// ItemError is one event Elasticsearch did not index.
type ItemError struct {
	Index  int    // the event's position in the batch given to Write
	ID     string // the event ID, used as the document _id
	Status int    // HTTP status of the item; 0 when the request itself failed or the event was not sent
	Type   string // Elasticsearch error type, e.g. mapper_parsing_exception
	Reason string
}

func (e ItemError) Error() string {
	return fmt.Sprintf("event %s: %s", e.ID, e.cause())
}

// cause is why the event was not indexed, without naming it.
func (e ItemError) cause() string {
	if e.Type == "" {
		return fmt.Sprintf("status %d: %s", e.Status, e.Reason)
	}
	return fmt.Sprintf("status %d: %s: %s", e.Status, e.Type, e.Reason)
}

// BulkError reports the events of a batch that could not be indexed after
// retries, for a reason other than their content: the cluster or the index
// failed, and the events may well be fine. Duplicates are not errors. When
// a batch has such failures, Failed also lists the events rejected for
// their content, so it names every event not indexed.
type BulkError struct {
	Total  int // events in the batch
	Failed []ItemError
}

func (e *BulkError) Error() string {
	return summarize(fmt.Sprintf("elastic: %d of %d events not indexed", len(e.Failed), e.Total), e.Failed)
}

// RejectedError reports the events of a batch that Elasticsearch refused
// because of what they hold (a value the index mapping cannot take, a
// malformed document), when nothing else failed: every other event of the
// batch was written, and sending the rejected ones again would fail again.
// A caller may count them as bad input and go on; any failure of the
// cluster or the index comes as a *BulkError instead.
type RejectedError struct {
	Total int         // events in the batch
	Items []ItemError // in batch order
}

func (e *RejectedError) Error() string {
	return summarize(fmt.Sprintf("elastic: %d of %d events rejected for their content (the others were written)", len(e.Items), e.Total), e.Items)
}

// EachRejected calls fn, in batch order, with the position in the batch
// given to Write and the reason of each rejected event. Its signature uses
// no type of this package, so a caller that cannot import it (ingest, which
// this package imports) can find it with errors.As on an interface:
//
//	var rj interface{ EachRejected(func(index int, reason string)) }
//	if errors.As(err, &rj) { … }
func (e *RejectedError) EachRejected(fn func(index int, reason string)) {
	for _, it := range e.Items {
		fn(it.Index, it.cause())
	}
}

func summarize(head string, items []ItemError) string {
	const show = 5
	var b strings.Builder
	b.WriteString(head)
	for i, f := range items {
		if i == show {
			fmt.Fprintf(&b, "; and %d more", len(items)-show)
			break
		}
		b.WriteString("; ")
		b.WriteString(f.Error())
	}
	return b.String()
}

// itemResult is what became of one event in one bulk round.
type itemResult struct {
	done   bool
	status int
	typ    string
	reason string
	// transient: the whole request failed in a way a later attempt can
	// cure (no response, or 429/502/503/504 after the transport's retries).
	transient bool
}

// Write indexes a batch with the bulk API. Each event is created under its
// deterministic ID, so a re-ingested event is a version conflict (409) and
// counted as a duplicate, not an error. Items rejected because the cluster
// is overloaded (429), and items of a request that failed as a whole for a
// passing reason, are sent again with backoff, up to Config.MaxRetries
// rounds. added counts the events created.
//
// Events refused for their content (status 400: a mapping conflict, a
// malformed document) do not stop the batch: when they are the only
// failures, Write returns a *RejectedError naming them. Any other failure
// is reported, with its reason, in a *BulkError.
func (s *Store) Write(ctx context.Context, batch []huntflow.Event) (added int, err error) {
	start := time.Now()
	var (
		failed     []ItemError
		rejected   []ItemError
		duplicates int
		retried    int
	)
	// All documents live in one arena: one allocation per batch rather than
	// one per event.
	docs := make([][]byte, len(batch))
	pending := make([]int, 0, len(batch))
	size := 0
	for i := range batch {
		size += len(batch[i].Raw) + 512
	}
	arena := make([]byte, 0, size)
	for i := range batch {
		ev := &batch[i]
		if ev.ID == "" {
			// A caller's bug, not bad input.
			failed = append(failed, ItemError{Index: i, Reason: fmt.Sprintf("event %d of the batch has no ID", i)})
			continue
		}
		start := len(arena)
		doc, err := s.document(arena, ev)
		if err != nil {
			rejected = append(rejected, ItemError{Index: i, ID: ev.ID, Reason: "not sent: " + err.Error()})
			continue
		}
		// When the arena grew, earlier documents stay valid in the old
		// backing array.
		arena = doc
		docs[i] = arena[start:len(arena):len(arena)]
		pending = append(pending, i)
	}

	results := make([]itemResult, len(batch))
	for attempt := 0; len(pending) > 0; attempt++ {
		if attempt > 0 {
			retried += len(pending)
			t := time.NewTimer(s.cfg.backoff(attempt))
			select {
			case <-ctx.Done():
				t.Stop()
				return added, fmt.Errorf("elastic: bulk write to %s: %d events not sent: %w", s.cfg.Index, len(pending), ctx.Err())
			case <-t.C:
			}
		}
		flushErr := s.bulk(ctx, batch, docs, pending, results, len(arena))
		if ctx.Err() != nil {
			return added + countCreated(results, pending), fmt.Errorf("elastic: bulk write to %s: %w", s.cfg.Index, ctx.Err())
		}
		var retry []int
		for _, i := range pending {
			r := results[i]
			item := ItemError{Index: i, ID: batch[i].ID, Status: r.status, Type: r.typ, Reason: r.reason}
			switch {
			case !r.done:
				// No outcome at all (the indexer stopped before sending
				// it), so the item's fate is unknown.
				item.Reason = "no result for this item"
				if flushErr != nil {
					item.Reason = flushErr.Error()
				}
				failed = append(failed, item)
			case r.status == 200 || r.status == 201:
				added++
			case r.status == 409:
				duplicates++
			case retryable(r) && attempt < s.cfg.maxRetries():
				retry = append(retry, i)
			case rejectedForContent(r):
				rejected = append(rejected, item)
			default:
				failed = append(failed, item)
			}
			results[i] = itemResult{}
		}
		pending = retry
	}

	s.logger.Debug("bulk write", "index", s.cfg.Index, "events", len(batch), "added", added,
		"duplicates", duplicates, "retried", retried, "rejected", len(rejected), "failed", len(failed), "took", time.Since(start))
	byIndex := func(a, b ItemError) int { return a.Index - b.Index }
	switch {
	case len(failed) > 0:
		all := append(failed, rejected...)
		slices.SortStableFunc(all, byIndex)
		s.logger.Warn("events not indexed", "index", s.cfg.Index, "failed", len(failed), "rejected", len(rejected), "first", failed[0].Error())
		return added, &BulkError{Total: len(batch), Failed: all}
	case len(rejected) > 0:
		slices.SortStableFunc(rejected, byIndex)
		s.logger.Warn("events rejected for their content", "index", s.cfg.Index, "rejected", len(rejected), "first", rejected[0].Error())
		return added, &RejectedError{Total: len(batch), Items: rejected}
	}
	return added, nil
}

func countCreated(results []itemResult, pending []int) int {
	n := 0
	for _, i := range pending {
		if results[i].done && (results[i].status == 200 || results[i].status == 201) {
			n++
		}
	}
	return n
}

// retryable reports item failures that a later attempt can cure: an
// overloaded node (429), a shard that is moving or not yet allocated, or a
// request that failed as a whole for such a reason.
func retryable(r itemResult) bool {
	switch r.status {
	case 429, 502, 503, 504:
		return true
	}
	return r.transient || r.typ == "es_rejected_execution_exception"
}

// transientRequestError reports whether a request-level failure from the
// bulk indexer may pass: no response at all (a dropped connection, an
// unreadable answer), or an HTTP status that says "later". Creates with
// fixed IDs are idempotent, so sending a request whose fate is unknown
// again costs at most a few duplicates (409).
func transientRequestError(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	// The indexer words an error response "flush: [429 Too Many
	// Requests] {…}", and a failed round trip "flush: <cause>".
	msg := strings.TrimPrefix(err.Error(), "flush: ")
	if len(msg) < 5 || msg[0] != '[' || msg[4] != ' ' {
		return true
	}
	status, convErr := strconv.Atoi(msg[1:4])
	if convErr != nil {
		return true
	}
	switch status {
	case 429, 502, 503, 504:
		return true
	}
	return false
}

// rejectedForContent reports item failures caused by the document itself:
// it cannot be indexed as it is however often it is sent, while the index
// and the rest of the batch are fine. Other 400s (a closed index, an alias
// without a write index, a missing pipeline) fail every document alike and
// stay errors.
func rejectedForContent(r itemResult) bool {
	if r.status != 400 {
		return false
	}
	switch r.typ {
	case "document_parsing_exception", "mapper_parsing_exception", "strict_dynamic_mapping_exception",
		"x_content_parse_exception", "json_parse_exception", "parse_exception":
		return true
	case "illegal_argument_exception":
		for _, p := range documentProblems {
			if strings.Contains(r.reason, p) {
				return true
			}
		}
	}
	return false
}

// documentProblems are phrases of illegal_argument_exception reasons that
// concern one document.
var documentProblems = []string{
	"immense term",           // a keyword over 32,766 bytes
	"Limit of total fields",  // the document adds more fields than the index allows
	"Limit of mapping depth", // nested too deep
	"cannot be changed from type",
	"failed to parse",
	"Duplicate field",
}

// bulk sends the pending items through a BulkIndexer and records each
// item's outcome in results. It returns the indexer's first request-level
// error, which explains items left without a result.
func (s *Store) bulk(ctx context.Context, batch []huntflow.Event, docs [][]byte, pending []int, results []itemResult, size int) error {
	var (
		mu       sync.Mutex
		flushErr error
	)
	workers := min(runtime.GOMAXPROCS(0), 4)
	// Each worker allocates its whole buffer up front: for a small batch,
	// a buffer the size of its share (plus action lines) is enough.
	flushBytes := min(s.flushBytes(), max(64<<10, (size+len(pending)*96)/workers*5/4))
	bi, err := esutil.NewBulkIndexer(esutil.BulkIndexerConfig{
		Client:     s.client,
		Index:      s.cfg.Index,
		NumWorkers: workers,
		FlushBytes: flushBytes,
		// Only what the outcome of an item needs: decoding the full
		// response (shards, versions, sequence numbers) costs more than
		// building the request.
		FilterPath: bulkFilterPath,
		OnError: func(_ context.Context, err error) {
			mu.Lock()
			defer mu.Unlock()
			if flushErr == nil {
				flushErr = s.redact(err)
			}
		},
	})
	if err != nil {
		return fmt.Errorf("elastic: create bulk indexer: %w", err)
	}
	for _, i := range pending {
		res := &results[i]
		err := bi.Add(ctx, esutil.BulkIndexerItem{
			Action:     "create",
			DocumentID: batch[i].ID,
			Body:       bytes.NewReader(docs[i]),
			// Each item writes only its own slot, and Close waits for the
			// workers, so the results are complete when bulk returns.
			OnSuccess: func(_ context.Context, _ esutil.BulkIndexerItem, r esutil.BulkIndexerResponseItem) {
				*res = itemResult{done: true, status: r.Status}
			},
			OnFailure: func(_ context.Context, _ esutil.BulkIndexerItem, r esutil.BulkIndexerResponseItem, err error) {
				*res = itemResult{done: true, status: r.Status, typ: r.Error.Type, reason: r.Error.Reason}
				if err != nil && r.Status == 0 {
					// The request failed as a whole; every item of it
					// gets this call.
					res.transient = transientRequestError(err)
				}
				if err != nil && res.reason == "" {
					res.reason = s.redact(err).Error()
				}
				if c := r.Error.Cause; c.Reason != "" && c.Reason != r.Error.Reason {
					res.reason += " (caused by " + c.Type + ": " + c.Reason + ")"
				}
			},
		})
		if err != nil {
			break // the context ended; the rest are left without a result
		}
	}
	if err := bi.Close(ctx); err != nil {
		mu.Lock()
		if flushErr == nil {
			flushErr = s.redact(err)
		}
		mu.Unlock()
	}
	return flushErr
}

// defaultFlushBytes is the size of one bulk request; Elasticsearch
// recommends 5-15 MB.
const defaultFlushBytes = 5 << 20

func (s *Store) flushBytes() int {
	if s.bulkFlushBytes > 0 {
		return s.bulkFlushBytes
	}
	return defaultFlushBytes
}

var bulkFilterPath = []string{"errors", "items.*._id", "items.*.status", "items.*.error"}

// ecsObjects are the top-level objects the ECS copies go into. There is no
// host object: nxlog records carry "host" as a string (the collector), and
// in an index holding both, whichever came first would make the other
// unindexable. The host is in winlog.computer_name, where the ECS mapping
// looks first.
var ecsObjects = [...]string{"event", "process", "user", "winlog"}

// originalTimestamp keeps a raw @timestamp that document replaced.
const originalTimestamp = "@timestamp_original"

// document builds the body indexed for an event: its raw JSON as read, with
// the fields queries rely on appended where the raw event lacks them
// (@timestamp, host_key, pid_key, the Sysmon names of the typed fields
// and, for the ECS mapping, ECS copies). Appending to the raw bytes,
// rather than decoding and re-encoding, keeps the original field order and
// spelling and costs a single scan.
//
// Two raw values are replaced rather than kept: an @timestamp that is not
// the event time huntflow read (null, "", year 1, "2020-05-02 02:55:56"
// without the T a date field needs, while the time came from UtcTime), so
// that time queries and ordering see the event where huntflow does; the
// value replaced is kept in @timestamp_original. And an EventID that is not
// the event ID as a number ("" beside an event_id), which the integer field
// would index as nothing.
func (s *Store) document(buf []byte, ev *huntflow.Event) ([]byte, error) {
	raw := bytes.TrimSpace(ev.Raw)
	if len(raw) == 0 {
		raw = []byte("{}")
	}
	// A bulk body is NDJSON: a document must be one line.
	if bytes.IndexByte(raw, '\n') >= 0 || bytes.IndexByte(raw, '\r') >= 0 {
		var c bytes.Buffer
		if err := json.Compact(&c, raw); err != nil {
			return nil, fmt.Errorf("raw event is not valid JSON: %w", err)
		}
		raw = c.Bytes()
	}
	var sc rawScan
	if err := scanTopLevelKeys(raw, &sc); err != nil {
		return nil, err
	}
	have := &sc.have
	body := raw[:len(raw)-1]
	var (
		edits        [2]rawEdit
		nEdits       int
		oldTimestamp []byte
	)
	if ts := sc.timestamp; ts.found && !ev.Time.IsZero() && !isTime(body[ts.start:ts.end], ev.Time) {
		edits[nEdits] = rawEdit{ts, appendString(nil, esTime(ev.Time))}
		nEdits++
		if v := body[ts.start:ts.end]; len(v) > 0 && (v[0] == '"' || v[0] == '-' || v[0] >= '0' && v[0] <= '9') {
			oldTimestamp = v
		}
	}
	if id := sc.eventID; id.found && ev.EventID != 0 && !isEventID(body[id.start:id.end], ev.EventID) {
		edits[nEdits] = rawEdit{id, strconv.AppendInt(nil, int64(ev.EventID), 10)}
		nEdits++
	}
	if nEdits == 2 && edits[1].start < edits[0].start {
		edits[0], edits[1] = edits[1], edits[0]
	}
	pos := 0
	for _, e := range edits[:nEdits] {
		buf = append(buf, body[pos:e.start]...)
		buf = append(buf, e.value...)
		pos = e.end
	}
	buf = append(buf, body[pos:]...)
	empty := sc.n == 0
	add := func(key string) bool {
		if !have.add(key) {
			return false
		}
		if !empty {
			buf = append(buf, ',')
		}
		empty = false
		buf = appendString(buf, key)
		buf = append(buf, ':')
		return true
	}
	str := func(key, v string) {
		if v != "" && add(key) {
			buf = appendString(buf, v)
		}
	}
	num := func(key string, v int64) {
		if v != 0 && add(key) {
			buf = strconv.AppendInt(buf, v, 10)
		}
	}
	if !ev.Time.IsZero() && add("@timestamp") {
		buf = appendString(buf, esTime(ev.Time))
	}
	if oldTimestamp != nil && add(originalTimestamp) {
		buf = append(buf, oldTimestamp...)
	}
	str("host_key", strings.ToLower(ev.Host))
	// PID queries read pid_key: the raw ProcessId is not the acting
	// process in every event (a 4688's is its creator; Sysmon 8 and 10
	// name the source process SourceProcessId). No ProcessId is added
	// either: in a 4688 whose fields are nested (winlogbeat's event_data)
	// a top-level ProcessId would be read back as the creator.
	num("pid_key", ev.ProcessID)
	num("EventID", int64(ev.EventID))
	str("Hostname", ev.Host)
	str("Channel", ev.Channel)
	str("User", ev.User)
	str("ProcessGuid", ev.ProcessGUID)
	str("Image", ev.Image)
	str("CommandLine", ev.CommandLine)
	str("ParentProcessGuid", ev.ParentProcessGUID)
	num("ParentProcessId", ev.ParentProcessID)
	str("ParentImage", ev.ParentImage)
	str("ParentCommandLine", ev.ParentCommandLine)
	if s.cfg.ECSCopies || s.mapping.Name == ECSMapping.Name {
		appendECS(ev, func(key string, obj []byte) {
			if add(key) {
				buf = append(buf, obj...)
			}
		})
	}
	// Events built in code, without a raw line, carry their other fields
	// in Fields.
	if len(ev.Raw) == 0 {
		for _, k := range slices.Sorted(maps.Keys(ev.Fields)) {
			if !strings.Contains(k, ".") {
				str(k, ev.Fields[k])
			}
		}
	}
	return append(buf, '}'), nil
}

// rawEdit replaces the value of a raw top-level member.
type rawEdit struct {
	span
	value []byte
}

// isTime reports whether a raw @timestamp value is t, written so that a
// date field reads it as t: an RFC 3339 string.
func isTime(v []byte, t time.Time) bool {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return false
	}
	s := v[1 : len(v)-1]
	if bytes.IndexByte(s, '\\') >= 0 || bytes.IndexByte(s, ',') >= 0 {
		return false
	}
	p, err := time.Parse(time.RFC3339Nano, string(s))
	return err == nil && p.Equal(t)
}

// isEventID reports whether a raw EventID value is id, as a number or a
// string of its digits.
func isEventID(v []byte, id int) bool {
	want := strconv.Itoa(id)
	s := string(v)
	return s == want || s == `"`+want+`"`
}

// appendECS adds the ECS objects the raw event lacks: only where the raw
// event has no member of that name, whatever its type. A raw event that
// has one (a winlogbeat document) already says all there is in its own
// words.
func appendECS(ev *huntflow.Event, put func(key string, obj []byte)) {
	var o objWriter
	for _, key := range ecsObjects {
		o.buf, o.open = o.buf[:0], false
		switch key {
		case "event":
			if ev.EventID != 0 {
				o.str("code", strconv.Itoa(ev.EventID))
			}
			o.str("provider", ev.Provider)
		case "process":
			o.num("pid", ev.ProcessID)
			o.str("entity_id", ev.ProcessGUID)
			o.str("executable", ev.Image)
			o.str("command_line", ev.CommandLine)
			var p objWriter
			p.num("pid", ev.ParentProcessID)
			p.str("entity_id", ev.ParentProcessGUID)
			p.str("executable", ev.ParentImage)
			p.str("command_line", ev.ParentCommandLine)
			if p.open {
				o.key("parent")
				o.buf = append(append(o.buf, p.buf...), '}')
			}
		case "user":
			domain, name, ok := strings.Cut(ev.User, `\`)
			if !ok {
				name, domain = ev.User, ""
			}
			o.str("name", name)
			o.str("domain", domain)
		case "winlog":
			o.str("channel", ev.Channel)
			o.str("computer_name", ev.Host)
			o.str("provider_name", ev.Provider)
			if ev.EventID != 0 {
				o.str("event_id", strconv.Itoa(ev.EventID))
			}
		}
		if o.open {
			put(key, append(o.buf, '}'))
		}
	}
}

// objWriter appends a JSON object's members, opening it at the first one.
type objWriter struct {
	buf  []byte
	open bool
}

func (o *objWriter) key(k string) {
	if o.open {
		o.buf = append(o.buf, ',')
	} else {
		o.buf = append(o.buf, '{')
		o.open = true
	}
	o.buf = appendString(o.buf, k)
	o.buf = append(o.buf, ':')
}

func (o *objWriter) str(k, v string) {
	if v != "" {
		o.key(k)
		o.buf = appendString(o.buf, v)
	}
}

func (o *objWriter) num(k string, v int64) {
	if v != 0 {
		o.key(k)
		o.buf = strconv.AppendInt(o.buf, v, 10)
	}
}

var errNotObject = errors.New("raw event is not a JSON object")

// addedKeys are the top-level keys document may add. Knowing which of them
// a raw event has is all document needs, so the scan records them in a bit
// set instead of collecting every key.
var addedKeys = func() map[string]uint {
	keys := []string{"@timestamp", originalTimestamp, "host_key", "pid_key", "EventID", "Hostname", "Channel", "User", "ProcessGuid",
		"Image", "CommandLine", "ParentProcessGuid", "ParentProcessId", "ParentImage", "ParentCommandLine"}
	keys = append(keys, ecsObjects[:]...)
	m := make(map[string]uint, len(keys))
	for i, k := range keys {
		m[k] = uint(i)
	}
	return m
}()

// The keys whose raw values document may replace.
var timestampKey, eventIDKey = addedKeys["@timestamp"], addedKeys["EventID"]

// keySet is the set of top-level keys of a document being built.
type keySet struct {
	bits  uint64
	other map[string]bool // keys outside addedKeys, for events without raw
}

// add records key and reports whether it was new.
func (k *keySet) add(key string) bool {
	if i, ok := addedKeys[key]; ok {
		if k.bits&(1<<i) != 0 {
			return false
		}
		k.bits |= 1 << i
		return true
	}
	if k.other[key] {
		return false
	}
	if k.other == nil {
		k.other = make(map[string]bool)
	}
	k.other[key] = true
	return true
}

// scanTopLevelKeys records the top-level keys of a JSON object, how many
// there are, and where the values of @timestamp and EventID lie. It checks
// structure only as far as it needs to; Elasticsearch validates the rest
// and reports a malformed document as that item's failure.
func scanTopLevelKeys(b []byte, sc *rawScan) error {
	if len(b) < 2 || b[0] != '{' || b[len(b)-1] != '}' {
		return errNotObject
	}
	depth := 0
	expectKey := false
	var value *span // the member whose value is being read, if tracked
	endValue := func(i int) {
		if value != nil {
			for i > value.start && isJSONSpace(b[i-1]) {
				i--
			}
			value.end = i
			value = nil
		}
	}
	for i := 0; i < len(b); i++ {
		switch c := b[i]; c {
		case '{', '[':
			depth++
			expectKey = depth == 1 && c == '{'
		case '}', ']':
			depth--
			if depth < 0 {
				return errNotObject
			}
			if depth == 0 {
				endValue(i)
			}
		case ',':
			expectKey = depth == 1
			if depth == 1 {
				endValue(i)
			}
		case '"':
			end, escaped := stringEnd(b, i+1)
			if end < 0 {
				return fmt.Errorf("%w: unterminated string", errNotObject)
			}
			if expectKey {
				sc.n++
				idx, known := uint(0), false
				if escaped {
					var key string
					if err := json.Unmarshal(b[i:end+1], &key); err != nil {
						return fmt.Errorf("%w: bad key: %v", errNotObject, err)
					}
					sc.have.add(key)
					idx, known = addedKeys[key]
				} else if idx, known = addedKeys[string(b[i+1:end])]; known {
					sc.have.bits |= 1 << idx
				}
				switch {
				case known && idx == timestampKey:
					value = &sc.timestamp
				case known && idx == eventIDKey:
					value = &sc.eventID
				}
				if value != nil {
					// The value starts after the colon.
					j := end + 1
					for j < len(b) && (isJSONSpace(b[j]) || b[j] == ':') {
						j++
					}
					*value = span{start: j, end: j, found: true}
				}
				expectKey = false
			}
			i = end
		}
	}
	if depth != 0 {
		return fmt.Errorf("%w: unbalanced braces", errNotObject)
	}
	return nil
}

// rawScan is what document needs to know of a raw event.
type rawScan struct {
	have keySet
	n    int // top-level keys
	// The values of the members document may replace.
	timestamp, eventID span
}

// span is the value of a top-level member, b[start:end].
type span struct {
	start, end int
	found      bool
}

func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// stringEnd returns the index of the quote closing the JSON string whose
// body starts at b[i], and whether the string has escapes; -1 if it is
// unterminated.
func stringEnd(b []byte, i int) (int, bool) {
	escaped := false
	for {
		j := bytes.IndexByte(b[i:], '"')
		if j < 0 {
			return -1, escaped
		}
		j += i
		// The quote is escaped when an odd number of backslashes precede it.
		k := j
		for k > i && b[k-1] == '\\' {
			k--
		}
		if k < j {
			escaped = true
		}
		if (j-k)%2 == 0 {
			if !escaped && bytes.IndexByte(b[i:j], '\\') >= 0 {
				escaped = true
			}
			return j, escaped
		}
		i = j + 1
	}
}

// appendString appends s as a JSON string. Invalid UTF-8 becomes U+FFFD, as
// encoding/json does, since Elasticsearch rejects it.
func appendString(buf []byte, s string) []byte {
	const hex = "0123456789abcdef"
	buf = append(buf, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			buf = append(buf, s[start:i]...)
			switch c {
			case '"', '\\':
				buf = append(buf, '\\', c)
			case '\n':
				buf = append(buf, '\\', 'n')
			case '\r':
				buf = append(buf, '\\', 'r')
			case '\t':
				buf = append(buf, '\\', 't')
			default:
				buf = append(buf, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			buf = append(buf, s[start:i]...)
			buf = append(buf, `\ufffd`...)
			i += size
			start = i
			continue
		}
		i += size
	}
	buf = append(buf, s[start:]...)
	return append(buf, '"')
}
