// Package procstat reads what the process has used so far: CPU time and
// peak memory. Benchmarks report cost per CPU second with it, a figure that
// holds up on a busy machine, where wall-clock rates measure the
// neighbours as much as the code.
package procstat
