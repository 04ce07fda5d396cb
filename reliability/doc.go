// Package reliability holds tests that build the praxis binary and run it
// as an operator would, then treat it roughly: SIGKILL during writes, a
// PostgreSQL restart under load, SIGTERM during a slow upload and a soak
// under a mixed load. The four run in parallel in well under a minute; go
// test -short skips them. It has no code of its own.
package reliability
