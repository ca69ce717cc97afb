package detect

import (
	"path"
	"strconv"
	"strings"

	"github.com/huntflow/huntflow"
)

// procTree links processes of a window into trees through the parent/child
// links of process-creation events, so findings of one intrusion chain can
// be told apart from unrelated ones on the same host.
//
// Links to shells, service hosts and session managers are not followed:
// everything a user starts descends from explorer.exe and every service from
// services.exe, and joining through them would make one tree of the whole
// host. A program started from one of them is the root of its own tree.
type procTree struct {
	parent map[string]string
	// alias maps the host/PID name of a process to its Sysmon GUID, so a
	// process seen by both Sysmon and Security has one identity.
	alias map[string]string
}

// treeBoundaries are images whose children start new trees.
var treeBoundaries = map[string]bool{
	"explorer.exe": true, "services.exe": true, "svchost.exe": true, "wininit.exe": true,
	"winlogon.exe": true, "userinit.exe": true, "smss.exe": true, "csrss.exe": true,
	"system": true, "wmiprvse.exe": true, "dllhost.exe": true, "taskhostw.exe": true,
	"taskeng.exe": true, "runtimebroker.exe": true, "sihost.exe": true, "lsass.exe": true,
}

func newProcTree() *procTree {
	return &procTree{parent: map[string]string{}, alias: map[string]string{}}
}

// observe records the links a process-creation event carries.
func (t *procTree) observe(ev *huntflow.Event) {
	child := ev.ProcessKey()
	if child == "" {
		return
	}
	host := strings.ToLower(ev.Host)
	// Sysmon names a process by GUID and Security 4688 by PID; tie the two
	// names of one process together.
	if ev.ProcessGUID != "" && ev.ProcessID != 0 {
		pidKey := host + "/" + strconv.FormatInt(ev.ProcessID, 10)
		t.alias[pidKey] = child
		t.union(child, pidKey)
	}
	if treeBoundaries[baseName(ev.ParentImage)] {
		return
	}
	var par string
	switch {
	case ev.ParentProcessGUID != "":
		par = strings.ToLower(ev.ParentProcessGUID)
	case ev.ParentProcessID != 0:
		par = host + "/" + strconv.FormatInt(ev.ParentProcessID, 10)
	default:
		return
	}
	t.union(child, par)
}

func (t *procTree) find(k string) string {
	root := k
	for {
		p, ok := t.parent[root]
		if !ok || p == root {
			break
		}
		root = p
	}
	// Path compression keeps later lookups short.
	for k != root {
		next := t.parent[k]
		t.parent[k] = root
		k = next
	}
	return root
}

// union joins two processes' trees. The lexically smaller root wins so the
// result does not depend on the order links are seen in.
func (t *procTree) union(a, b string) {
	ra, rb := t.find(a), t.find(b)
	if ra == rb {
		if _, ok := t.parent[ra]; !ok {
			t.parent[ra] = ra
		}
		return
	}
	if rb < ra {
		ra, rb = rb, ra
	}
	t.parent[ra] = ra
	t.parent[rb] = ra
}

// root names the tree of a process key.
func (t *procTree) root(k string) string { return t.find(k) }

// baseName is the lower-case file name of a Windows path.
func baseName(p string) string {
	if i := strings.LastIndexAny(p, `\/`); i >= 0 {
		p = p[i+1:]
	}
	return strings.ToLower(path.Clean(p))
}

// identity is the canonical name of a process key: its GUID when Sysmon
// named the process, else the key itself.
func (t *procTree) identity(k string) string {
	if g, ok := t.alias[k]; ok {
		return g
	}
	return k
}
