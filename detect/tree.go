package detect

import (
	"path"
	"strings"
)

// procTree links processes of a window into trees through the parent/child
// links of process-creation events, so findings of one intrusion chain can
// be told apart from unrelated ones on the same host.
//
// Links to shells, service hosts and session managers are not followed:
// everything a user starts descends from explorer.exe and every service from
// services.exe, and joining through them would make one tree of the whole
// host. A program started from one of them is the root of its own tree.
//
// Processes are named as launches resolves them, so a process seen by both
// Sysmon and Security is one node.
type procTree struct {
	parent map[string]string
}

// treeBoundaries are images whose children start new trees.
var treeBoundaries = map[string]bool{
	"explorer.exe": true, "services.exe": true, "svchost.exe": true, "wininit.exe": true,
	"winlogon.exe": true, "userinit.exe": true, "smss.exe": true, "csrss.exe": true,
	"system": true, "wmiprvse.exe": true, "dllhost.exe": true, "taskhostw.exe": true,
	"taskeng.exe": true, "runtimebroker.exe": true, "sihost.exe": true, "lsass.exe": true,
}

func newProcTree() *procTree {
	return &procTree{parent: map[string]string{}}
}

// observe records the link a process-creation record carries: child was
// started by parent, whose image is parentImage.
func (t *procTree) observe(child, parent, parentImage string) {
	if child == "" || parent == "" || treeBoundaries[baseName(parentImage)] {
		return
	}
	// Keys are cloned: a key sliced from an event's field block would keep
	// the whole block alive for the rest of the window.
	t.union(strings.Clone(child), strings.Clone(parent))
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
