// Package conformance holds tests that hold huntflow to outside references:
// SigmaHQ's own regression data, read through huntflow's ingest (the .evtx
// logs and their JSON renderings) and matched with huntflow's Sigma engine,
// as SigmaHQ's runner does, and SigmaHQ's Windows rule set, which the
// engine must load.
//
// The material lives in ../shared/sigma (SigmaHQ rules and regression data,
// Detection Rule License 1.1) and is not committed; the tests skip when it
// is absent and fail when CI=true.
package conformance
