package detect

// RuleCount is how many rules the detector hunts with (detection and
// correlation rules), as the Web UI's hunt details show it.
func (d *Detector) RuleCount() int {
	return len(d.rules.Rules()) + len(d.rules.Correlations())
}
