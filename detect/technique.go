package detect

import "strings"

// ParentTechnique cuts a sub-technique to its technique: T1003.001 → T1003.
func ParentTechnique(id string) string {
	id, _, _ = strings.Cut(strings.ToUpper(id), ".")
	return id
}
