package report

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/huntflow/huntflow"
)

// report.html: the same report as report.md, for a browser. One
// self-contained file: the style and the small sorting/filtering script are
// inline and pinned by hash in a Content-Security-Policy that forbids every
// network load, so the page works offline and a value that somehow got
// past escaping still could not run or fetch anything. html/template
// escapes every value by context; the diagrams are inline SVG laid out by
// svg.go.

//go:embed templates/report.html.tmpl templates/report.css templates/report.js
var templateFS embed.FS

type htmlAssets struct {
	tmpl   *template.Template
	style  string
	script string
	csp    string
}

func cspHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// parsedHTMLAssets parses the embedded template once: the parsed template
// is immutable and safe for concurrent use, like attack.Default's catalogue.
var parsedHTMLAssets = sync.OnceValues(loadHTMLAssets)

func loadHTMLAssets() (*htmlAssets, error) {
	css, err := templateFS.ReadFile("templates/report.css")
	if err != nil {
		return nil, err
	}
	js, err := templateFS.ReadFile("templates/report.js")
	if err != nil {
		return nil, err
	}
	t, err := template.ParseFS(templateFS, "templates/report.html.tmpl")
	if err != nil {
		return nil, fmt.Errorf("parse report template: %w", err)
	}
	a := &htmlAssets{tmpl: t, style: string(css), script: string(js)}
	a.csp = "default-src 'none'; style-src " + cspHash(a.style) + "; script-src " + cspHash(a.script) +
		"; img-src 'none'; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'"
	return a, nil
}

type kv struct {
	K, V string
	Code bool
}

type htmlSection struct{ ID, Title string }

type htmlEvent struct {
	Time, Host, Event, Image, PID, Detail, Ref, Findings string
}

type htmlTree struct {
	SVG   svgDiagram
	Procs int
}

type htmlDetection struct {
	Title, Rule, Severity, Events, Images, Techniques string
}

type htmlContext struct {
	Host, Window, ProcessEvents, HostEvents, Parent, TopIDs string
	Children                                                []string
}

type htmlFinding struct {
	Anchor, Label, Title, Description, Severity, SevClass string
	Facts                                                 []kv
	Tree                                                  *htmlTree
	Detections                                            []htmlDetection
	Command                                               string
	Events                                                []htmlEvent
	EventsNote                                            string
	Context                                               []htmlContext
}

type htmlAssetRow struct{ Name, Findings, Top, Extra string }

type htmlAssetTable struct {
	Title, Col, Extra string
	Rows              []htmlAssetRow
}

type htmlTechnique struct{ ID, Name, Tactics, Severity, Findings, Source string }

type htmlPage struct {
	CSP             string
	Style           template.CSS
	Script          template.JS
	HuntID          string
	Level           string
	LevelClass      string
	Reason          string
	LevelNote       string
	Facts           []kv
	Notes           []string
	Sections        []htmlSection
	Summary         []string
	Findings        []htmlFinding
	Chain           *svgDiagram
	Timeline        []htmlEvent
	TimelineNote    string
	Assets          []htmlAssetTable
	Techniques      []htmlTechnique
	TechNotes       []string
	Queries         []Query
	Recommendations []string
}

func (htmlPage) Plural(n int, one, many string) string { return plural(n, one, many) }
func (htmlPage) Inc(i int) int                         { return i + 1 }

// HTML renders the incident report of a hunt as one self-contained HTML
// page with the sections of the Markdown report, the process trees and
// the attack chain drawn as SVG, and sortable, filterable event tables.
// Like Markdown it depends on nothing but the result.
func HTML(r huntflow.HuntResult) ([]byte, error) {
	a, err := parsedHTMLAssets()
	if err != nil {
		return nil, err
	}
	v := newView(r)
	p := v.htmlPage()
	p.CSP, p.Style, p.Script = a.csp, template.CSS(a.style), template.JS(a.script)
	var b bytes.Buffer
	if err := a.tmpl.Execute(&b, p); err != nil {
		return nil, fmt.Errorf("html report for hunt %q: %w", r.HuntID, err)
	}
	return b.Bytes(), nil
}

func sectionID(title string) string { return githubSlug(strings.ReplaceAll(title, "&", "")) }

func (v *view) htmlPage() htmlPage {
	r := v.r
	p := htmlPage{
		HuntID:     orDefault(sanitize(r.HuntID), "unnamed hunt"),
		Level:      upper(v.level),
		LevelClass: strings.ToLower(upper(v.level)),
		Reason:     capitalize(sanitize(v.reason)) + ".",
		Notes:      sanitizeAll(v.otherNotes),
		TechNotes:  sanitizeAll(v.techNotes),
	}
	if rl := clampSeverity(r.ThreatLevel); rl != huntflow.SeverityNone && rl != v.level {
		p.LevelNote = fmt.Sprintf("The hunt itself recorded %s; this report derives the level from the findings.", upper(rl))
	}
	for _, s := range Sections {
		p.Sections = append(p.Sections, htmlSection{ID: sectionID(s), Title: s})
	}
	start, end := v.span()
	p.Facts = append(p.Facts, kv{K: "Generated by", V: "huntflow (analyst: " + orDefault(sanitize(r.Analyst), "unknown") + ")"})
	if len(r.Windows) > 0 {
		p.Facts = append(p.Facts, kv{K: "Hunt windows (UTC)", V: fmt.Sprintf("%s from %s to %s", plural(len(r.Windows), "window", "windows"), fmtTime(start), fmtTime(end))})
	}
	if h := sanitize(r.Request.Host); h != "" {
		p.Facts = append(p.Facts, kv{K: "Scope", V: h, Code: true})
	}
	conf := fmt.Sprintf("%.2f", r.Confidence)
	if c := sanitize(r.Category); c != "" {
		conf += " (category: " + c + ")"
	}
	p.Facts = append(p.Facts,
		kv{K: "Iterations", V: strconv.Itoa(r.Iterations)},
		kv{K: "Events scanned", V: thousands(r.Events)},
		kv{K: "Confidence", V: conf},
		kv{K: "Findings", V: v.severityBreakdown()},
	)
	p.Summary = v.htmlSummary()
	for i, f := range v.findings {
		p.Findings = append(p.Findings, v.htmlFinding(i, f))
	}
	if c := v.chain(); len(c.steps) > 0 {
		d := v.chainSVG(c)
		p.Chain = &d
	}
	for _, row := range v.timeline[:min(len(v.timeline), maxTimelineRows)] {
		var fs []string
		for _, i := range row.findings {
			fs = append(fs, label(i))
		}
		ev := htmlEventRow(row.ev)
		ev.Findings = strings.Join(fs, ", ")
		p.Timeline = append(p.Timeline, ev)
	}
	if n := len(v.timeline); n > maxTimelineRows {
		p.TimelineNote = fmt.Sprintf("Showing the first %d of %d cited events; every cited event is listed under its finding.", maxTimelineRows, n)
	}
	hosts := htmlAssetTable{Title: "Hosts", Col: "Host", Extra: "First – last seen (UTC)"}
	for _, a := range v.hosts[:min(len(v.hosts), maxAssetRows)] {
		hosts.Rows = append(hosts.Rows, htmlAssetRow{Name: sanitize(a.name), Findings: findingLabels(a.findings), Top: upper(a.top), Extra: fmtTime(a.first) + " – " + fmtTime(a.last)})
	}
	p.Assets = append(p.Assets, hosts)
	for _, t := range []struct {
		title, col string
		list       []asset
	}{{"Users", "User", v.users}, {"Process images", "Image", v.images}} {
		tab := htmlAssetTable{Title: t.title, Col: t.col, Extra: "Hosts"}
		for _, a := range t.list[:min(len(t.list), maxAssetRows)] {
			tab.Rows = append(tab.Rows, htmlAssetRow{Name: sanitize(a.name), Findings: findingLabels(a.findings), Top: upper(a.top), Extra: sanitize(strings.Join(a.hosts, ", "))})
		}
		p.Assets = append(p.Assets, tab)
	}
	for _, t := range v.techniques {
		fs := findingLabels(t.findings)
		if len(t.unknown) > 0 {
			fs = strings.TrimPrefix(fs+", "+strings.Join(t.unknown, ", "), ", ")
		}
		p.Techniques = append(p.Techniques, htmlTechnique{ID: sanitize(t.id), Name: orDefault(sanitize(t.name), "—"), Tactics: orDefault(sanitize(strings.Join(t.tactics, ", ")), "—"),
			Severity: upper(t.severity), Findings: orDefault(sanitize(fs), "—"), Source: orDefault(sanitize(strings.Join(t.sources, ", ")), "—")})
	}
	p.Queries = v.queries()
	p.Recommendations = sanitizeAll(v.recommendations())
	return p
}

func sanitizeAll(ss []string) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		out = append(out, sanitize(s))
	}
	return out
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// htmlSummary states the executive summary's facts as plain sentences.
func (v *view) htmlSummary() []string {
	if len(v.findings) == 0 {
		return []string{fmt.Sprintf("No suspicious activity found. The hunt scanned %s%s and neither the detection rules nor the analyst flagged anything. The overall threat level is %s.", plural(v.r.Events, "event", "events"), v.period(), upper(v.level))}
	}
	// html/template escapes on output: values are only sanitized here.
	out := v.summaryLead(func(s string) string { return s }, sanitize, func(hosts []string) string {
		var hs []string
		for _, h := range hosts[:min(len(hosts), 5)] {
			hs = append(hs, sanitize(h))
		}
		return strings.Join(hs, ", ")
	})
	if len(v.tactics) > 0 {
		out = append(out, fmt.Sprintf("The activity spans %s: %s.", plural(len(v.tactics), "tactic", "tactics"), sanitize(strings.Join(v.tactics, ", "))))
	}
	out = append(out, fmt.Sprintf("The overall threat level is %s: %s.", upper(v.level), sanitize(v.reason)))
	if recs := v.recommendations(); len(recs) > 0 {
		out = append(out, "Priority action: "+sanitize(recs[0]))
	}
	return out
}

func htmlEventRow(e huntflow.EventRef) htmlEvent {
	return htmlEvent{Time: fmtTime(e.Time), Host: sanitize(e.Host), Event: eventLabel(e), Image: clipLeft(sanitize(e.Image), imageLen),
		PID: pid(e.ProcessID), Detail: clip(sanitize(detail(e)), 2*excerptLen), Ref: sanitize(e.ID)}
}

func (v *view) htmlFinding(i int, f huntflow.Finding) htmlFinding {
	h := htmlFinding{
		Anchor: strings.ToLower(label(i)), Label: label(i), Title: orDefault(clip(sanitize(f.Title), 2*titleLen), "Untitled finding"),
		Description: sanitize(f.Description), Severity: upper(f.Severity), SevClass: strings.ToLower(upper(f.Severity)),
	}
	techs := findingTechniques(f)
	var tparts []string
	for _, id := range techs {
		s := id
		for _, t := range v.techniques {
			if t.id == id && t.name != "" {
				s += " (" + t.name + ")"
			}
		}
		tparts = append(tparts, sanitize(s))
	}
	proc := sanitize(f.Image)
	if f.ProcessID != 0 {
		proc += " (PID " + strconv.FormatInt(f.ProcessID, 10) + ")"
	}
	total := max(f.EventCount, len(f.Events))
	h.Facts = []kv{
		{K: "Finding ID", V: sanitize(f.ID), Code: true},
		{K: "Confidence", V: fmt.Sprintf("%.2f", f.Confidence)},
		{K: "Source", V: sanitize(strings.TrimSpace(f.Source + " " + f.RuleID + " " + f.RuleTitle))},
		{K: "ATT&CK techniques", V: orDefault(strings.Join(tparts, "; "), "none mapped")},
		{K: "Tactics", V: orDefault(sanitize(strings.Join(findingTactics(f), ", ")), "—")},
		{K: "Host", V: orDefault(sanitize(f.Host), "—"), Code: true},
		{K: "Process", V: orDefault(proc, "—"), Code: true},
		{K: "Process GUID", V: orDefault(sanitize(f.ProcessGUID), "—"), Code: true},
		{K: "User", V: orDefault(sanitize(f.User), "—"), Code: true},
		{K: "First / last seen", V: fmtTime(firstSeen(f)) + " / " + fmtTime(lastSeen(f))},
		{K: "Events", V: fmt.Sprintf("%s in all, %d cited", thousands(total), len(f.Events))},
	}
	if t := buildTree(f, v.enrich[f.ID]); t.processes() > 0 {
		h.Tree = &htmlTree{SVG: treeSVG(t), Procs: t.processes()}
	}
	for _, d := range f.Detections {
		h.Detections = append(h.Detections, htmlDetection{Title: orDefault(clip(sanitize(d.Title), titleLen), "untitled"), Rule: sanitize(d.RuleID), Severity: upper(d.Severity),
			Events: thousands(d.EventCount), Images: sanitize(strings.Join(d.Images, ", ")), Techniques: sanitize(strings.Join(d.Techniques, ", "))})
	}
	cmd := f.CommandLine
	for _, e := range f.Events {
		if cmd != "" {
			break
		}
		cmd = e.CommandLine
	}
	h.Command = sanitize(cmd)
	for _, e := range byTime(f.Events) {
		h.Events = append(h.Events, htmlEventRow(e))
	}
	if total > len(f.Events) && len(f.Events) > 0 {
		h.EventsNote = fmt.Sprintf("Showing %d of %s events; the rest are in the event store.", len(f.Events), thousands(total))
	}
	for _, e := range v.enrich[f.ID] {
		c := htmlContext{Host: sanitize(e.Host), Window: fmtTime(e.Window.Start) + " to " + fmtTime(e.Window.End),
			ProcessEvents: thousands(e.ProcessEvents), HostEvents: thousands(e.HostEvents)}
		if pr := e.Parent; pr != nil {
			c.Parent = procLine(*pr)
		}
		for _, ch := range e.Children[:min(len(e.Children), maxChildren)] {
			c.Children = append(c.Children, fmtTime(ch.Time)+" "+procLine(ch))
		}
		if n := len(e.Children) - maxChildren; n > 0 {
			c.Children = append(c.Children, fmt.Sprintf("and %d more", n))
		}
		ids := make([]int, 0, len(e.TopEventIDs))
		for id := range e.TopEventIDs {
			ids = append(ids, id)
		}
		slices.SortFunc(ids, func(a, b int) int {
			if c := e.TopEventIDs[b] - e.TopEventIDs[a]; c != 0 {
				return c
			}
			return a - b
		})
		var parts []string
		for _, id := range ids[:min(len(ids), maxTopEventIDs)] {
			parts = append(parts, fmt.Sprintf("%d ×%s", id, thousands(e.TopEventIDs[id])))
		}
		c.TopIDs = strings.Join(parts, ", ")
		h.Context = append(h.Context, c)
	}
	return h
}

func procLine(e huntflow.EventRef) string {
	s := sanitize(e.Image)
	if e.ProcessID != 0 {
		s += " (PID " + strconv.FormatInt(e.ProcessID, 10) + ")"
	}
	if c := sanitize(e.CommandLine); c != "" {
		s += " " + clip(c, excerptLen)
	}
	return s
}
