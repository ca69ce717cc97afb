// Package sigma is a Sigma rule engine: it parses Sigma (specification v2)
// detection, correlation and filter rules, compiles them once, and matches
// events against them without allocating.
//
// Events are anything with a Field method, so the package depends on no
// event type of its own. Field names are those the rules use: for Windows
// that is the Sysmon naming (Image, ParentImage, CommandLine, TargetObject,
// …) whatever channel an event came from, and Security 4688 events must
// answer to Image and ParentImage as well as to NewProcessName and
// ParentProcessName.
//
// Matching follows the specification: values compare case-insensitively
// unless |cased; * and ? are wildcards, escaped with a backslash; a map is
// an AND of its fields, a list an OR of its items, a list of values an OR
// (an AND with |all); null means absent or empty; numbers in rules compare
// numerically with event values that are numbers. Values produced by the
// encoding modifiers (base64, base64offset, utf16*) compare
// case-sensitively, as encoded text is. Regular expressions use Go's RE2
// syntax, which covers the subset the specification allows. The time
// modifiers (minute, hour, day, week, month, year) read that part of a
// YYYY-MM-DD[ hh:mm] date as written, without time zone conversion, and
// compare it as a number, alone or with lt, lte, gt, gte or neq. |expand
// and value_percentile correlations are refused with the reason.
//
// A RuleSet indexes rules by the Windows channels and event IDs their
// logsources cover (see Applies), so each event is tested only against
// rules that can apply to it. Within those, a prefilter derived from each
// rule's condition (the literal text or numbers the rule cannot match
// without) finds with one pass per field which rules can match at all;
// only those are evaluated, so thousands of rules cost little more than
// the few that an event comes close to. A Correlator evaluates correlation
// rules over the stream of matches.
package sigma
