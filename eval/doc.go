// Package eval measures the detector against a labelled attack corpus in
// the OTRF Security-Datasets layout (metadata/*.yaml naming the ATT&CK
// techniques each simulation exercised and its host log archives).
//
// Each simulation's host logs run through the detector as one window. The
// techniques the findings name are scored against the labels both ways:
// recall (labels found, at technique level and exactly) and precision (the
// share of distinct reported techniques that a label names, at technique
// level), so adding tags cannot raise the score on its own. The report also
// tallies each technique, lists the rules that fired in only one
// simulation or in none, and, with an LLM analyst, scores the rules and
// the LLM together without changing the rules' own score.
package eval
