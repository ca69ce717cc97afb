//go:build race

package sigma

// raceEnabled is set when testing with the race detector, under which
// sync.Pool (used by regexp) drops items on purpose and so allocates.
const raceEnabled = true
