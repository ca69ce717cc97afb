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
// index, so documents get the field types hunts rely on: @timestamp a date,
// IDs and PIDs keywords (Security events write PIDs in hex), command lines
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
	keyword := map[string]any{"type": "keyword"}
	// Command lines are searched by substring ("*-enc*"), which wildcard
	// fields answer fast at any length; the text subfield serves word search.
	commandLine := map[string]any{"type": "wildcard", "fields": map[string]any{"text": map[string]any{"type": "text"}}}
	props := map[string]any{
		"@timestamp": map[string]any{"type": "date"},
		// EventTime is local time without a zone: as a date it would be
		// taken for UTC.
		"EventTime":         keyword,
		"UtcTime":           keyword,
		"EventID":           map[string]any{"type": "integer"},
		"host_key":          keyword,
		"pid_key":           map[string]any{"type": "long"}, // Event.ProcessID: see document
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
		"CommandLine":       commandLine,
		"ParentCommandLine": commandLine,
		"ScriptBlockText":   commandLine,
		// ECS copies, and the fields of winlogbeat documents.
		"event": map[string]any{"properties": map[string]any{"code": keyword, "provider": keyword}},
		"host":  map[string]any{"properties": map[string]any{"name": keyword}},
		"user":  map[string]any{"properties": map[string]any{"name": keyword, "domain": keyword}},
		"process": map[string]any{"properties": map[string]any{
			"pid": map[string]any{"type": "long"}, "entity_id": keyword, "executable": keyword, "command_line": commandLine,
			"parent": map[string]any{"properties": map[string]any{
				"pid": map[string]any{"type": "long"}, "entity_id": keyword, "executable": keyword, "command_line": commandLine,
			}},
		}},
		"winlog": map[string]any{"properties": map[string]any{
			"channel": keyword, "computer_name": keyword, "provider_name": keyword, "event_id": keyword,
		}},
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
					// IDs (LogonId, ThreadId, …) are hex in some events and
					// decimal in others.
					map[string]any{"ids_as_keyword": map[string]any{
						"match":   "*Id",
						"mapping": map[string]any{"type": "keyword", "ignore_above": 1024},
					}},
					map[string]any{"strings_as_keyword": map[string]any{
						"match_mapping_type": "string",
						// Beyond this a value is kept in _source but not
						// indexed, instead of failing the document (Lucene
						// rejects terms over 32 KB).
						"mapping": map[string]any{"type": "keyword", "ignore_above": 8191},
					}},
				},
				"properties": props,
			},
		},
		"_meta": map[string]any{"managed_by": "huntflow"},
	}
}

// ItemError is one event Elasticsearch did not index.
type ItemError struct {
	ID     string // the event ID, used as the document _id
	Status int    // HTTP status of the item; 0 when the request itself failed
	Type   string // Elasticsearch error type, e.g. mapper_parsing_exception
	Reason string
}

func (e ItemError) Error() string {
	if e.Type == "" {
		return fmt.Sprintf("event %s: status %d: %s", e.ID, e.Status, e.Reason)
	}
	return fmt.Sprintf("event %s: status %d: %s: %s", e.ID, e.Status, e.Type, e.Reason)
}

// BulkError reports the events of a batch that could not be indexed after
// retries. Duplicates are not errors.
type BulkError struct {
	Total  int // events in the batch
	Failed []ItemError
}

func (e *BulkError) Error() string {
	const show = 5
	var b strings.Builder
	fmt.Fprintf(&b, "elastic: %d of %d events not indexed", len(e.Failed), e.Total)
	for i, f := range e.Failed {
		if i == show {
			fmt.Fprintf(&b, "; and %d more", len(e.Failed)-show)
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
}

// Write indexes a batch with the bulk API. Each event is created under its
// deterministic ID, so a re-ingested event is a version conflict (409) and
// counted as a duplicate, not an error. Items rejected because the cluster
// is overloaded (429) are sent again with backoff; any other failure is
// reported, with its reason, in a *BulkError. added counts the events
// created.
func (s *Store) Write(ctx context.Context, batch []huntflow.Event) (added int, err error) {
	start := time.Now()
	var (
		failed     []ItemError
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
			failed = append(failed, ItemError{Reason: fmt.Sprintf("event %d of the batch has no ID", i)})
			continue
		}
		start := len(arena)
		doc, err := s.document(arena, ev)
		if err != nil {
			failed = append(failed, ItemError{ID: ev.ID, Reason: err.Error()})
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
			switch {
			case !r.done:
				// The request failed as a whole (after the transport's
				// own retries), so the item's fate is unknown.
				reason := "no result for this item"
				if flushErr != nil {
					reason = flushErr.Error()
				}
				failed = append(failed, ItemError{ID: batch[i].ID, Reason: reason})
			case r.status == 200 || r.status == 201:
				added++
			case r.status == 409:
				duplicates++
			case retryable(r) && attempt < s.cfg.maxRetries():
				retry = append(retry, i)
			default:
				failed = append(failed, ItemError{ID: batch[i].ID, Status: r.status, Type: r.typ, Reason: r.reason})
			}
			results[i] = itemResult{}
		}
		pending = retry
	}

	s.logger.Debug("bulk write", "index", s.cfg.Index, "events", len(batch), "added", added,
		"duplicates", duplicates, "retried", retried, "failed", len(failed), "took", time.Since(start))
	if len(failed) > 0 {
		s.logger.Warn("events not indexed", "index", s.cfg.Index, "failed", len(failed), "first", failed[0].Error())
		return added, &BulkError{Total: len(batch), Failed: failed}
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
// overloaded node (429) or a shard that is moving or not yet allocated.
func retryable(r itemResult) bool {
	switch r.status {
	case 429, 502, 503, 504:
		return true
	}
	return r.typ == "es_rejected_execution_exception"
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

// ecsObjects are the top-level objects the ECS copies go into.
var ecsObjects = [...]string{"event", "host", "process", "user", "winlog"}

// document builds the body indexed for an event: its raw JSON as read, with
// the fields queries rely on appended where the raw event lacks them
// (@timestamp, host_key, pid_key, the Sysmon names of the typed fields
// and, for the ECS mapping, ECS copies). Appending to the raw bytes,
// rather than decoding and re-encoding, keeps the original field order and
// spelling and costs a single scan.
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
	var have keySet
	n, err := scanTopLevelKeys(raw, &have)
	if err != nil {
		return nil, err
	}
	buf = append(buf, raw[:len(raw)-1]...)
	empty := n == 0
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
	str("host_key", strings.ToLower(ev.Host))
	// PID queries read pid_key: the raw ProcessId is not the acting
	// process in every event (a 4688's is its creator; Sysmon 8 and 10
	// name the source process SourceProcessId).
	num("pid_key", ev.ProcessID)
	num("EventID", int64(ev.EventID))
	str("Hostname", ev.Host)
	str("Channel", ev.Channel)
	str("User", ev.User)
	str("ProcessGuid", ev.ProcessGUID)
	num("ProcessId", ev.ProcessID)
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

// appendECS adds the ECS objects the raw event lacks. A raw event that has
// one (a winlogbeat document) already says all there is in its own words.
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
		case "host":
			o.str("name", ev.Host)
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
	keys := []string{"@timestamp", "host_key", "pid_key", "EventID", "Hostname", "Channel", "User", "ProcessGuid", "ProcessId",
		"Image", "CommandLine", "ParentProcessGuid", "ParentProcessId", "ParentImage", "ParentCommandLine"}
	keys = append(keys, ecsObjects[:]...)
	m := make(map[string]uint, len(keys))
	for i, k := range keys {
		m[k] = uint(i)
	}
	return m
}()

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

// scanTopLevelKeys records the top-level keys of a JSON object in have and
// returns how many there are. It checks structure only as far as it needs
// to; Elasticsearch validates the rest and reports a malformed document as
// that item's failure.
func scanTopLevelKeys(b []byte, have *keySet) (int, error) {
	if len(b) < 2 || b[0] != '{' || b[len(b)-1] != '}' {
		return 0, errNotObject
	}
	n, depth := 0, 0
	expectKey := false
	for i := 0; i < len(b); i++ {
		switch c := b[i]; c {
		case '{', '[':
			depth++
			expectKey = depth == 1 && c == '{'
		case '}', ']':
			depth--
			if depth < 0 {
				return 0, errNotObject
			}
		case ',':
			expectKey = depth == 1
		case '"':
			end, escaped := stringEnd(b, i+1)
			if end < 0 {
				return 0, fmt.Errorf("%w: unterminated string", errNotObject)
			}
			if expectKey {
				n++
				if escaped {
					var key string
					if err := json.Unmarshal(b[i:end+1], &key); err != nil {
						return 0, fmt.Errorf("%w: bad key: %v", errNotObject, err)
					}
					have.add(key)
				} else if idx, ok := addedKeys[string(b[i+1:end])]; ok {
					have.bits |= 1 << idx
				}
				expectKey = false
			}
			i = end
		}
	}
	if depth != 0 {
		return 0, fmt.Errorf("%w: unbalanced braces", errNotObject)
	}
	return n, nil
}

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
