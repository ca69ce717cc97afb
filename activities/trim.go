package activities

import (
	"encoding/json"
	"fmt"

	"github.com/huntflow/huntflow"
)

func jsonSize(v any) int {
	b, err := json.Marshal(v)
	if err != nil {
		return 0
	}
	return len(b)
}

// trimClassification shrinks a classification until it fits the budget:
// first fewer cited events per finding, then shorter command lines, then
// the least severe findings go. Each cut is noted so the report can say the
// hunt saw more than it carries.
func trimClassification(c *huntflow.Classification, budget int) {
	if jsonSize(c) <= budget {
		return
	}
	for _, perFinding := range []int{5, 3, 1} {
		for i := range c.Findings {
			if len(c.Findings[i].Events) > perFinding {
				c.Findings[i].Events = c.Findings[i].Events[:perFinding]
			}
		}
		if jsonSize(c) <= budget {
			c.Notes = append(c.Notes, fmt.Sprintf("findings cite at most %d events each to keep the hunt's history small", perFinding))
			return
		}
	}
	for i := range c.Findings {
		f := &c.Findings[i]
		f.CommandLine = huntflow.Truncate(f.CommandLine, 256)
		f.Description = huntflow.Truncate(f.Description, 512)
		for j := range f.Events {
			f.Events[j].CommandLine = huntflow.Truncate(f.Events[j].CommandLine, 256)
		}
	}
	if jsonSize(c) <= budget {
		return
	}
	huntflow.SortFindings(c.Findings)
	total := len(c.Findings)
	for len(c.Findings) > 1 && jsonSize(c) > budget {
		c.Findings = c.Findings[:len(c.Findings)*3/4]
	}
	c.Notes = append(c.Notes, fmt.Sprintf("%d of %d findings kept (the most severe); the rest were cut to keep the hunt's history small", len(c.Findings), total))
}
