package activities

import (
	"github.com/huntflow/huntflow"
)

// trimClassification shrinks a classification until it fits the budget,
// noting each cut so the report can say the hunt saw more than it carries.
func trimClassification(c *huntflow.Classification, budget int) {
	notes := huntflow.FitFindings(&c.Findings, func() bool { return huntflow.JSONSize(c) <= budget }, 256, 512)
	c.Notes = append(c.Notes, notes...)
}
