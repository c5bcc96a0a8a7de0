package sqladapter

import "strings"

// connectError is a failed connection, reported once. Drivers may repeat
// a cause: pgx with sslmode=prefer (the default) tries TLS and then plain
// TCP and lists both identical dial errors, one per line. The message
// keeps each line once; errors.Is and errors.As still see the driver's
// error.
type connectError struct {
	msg string
	err error
}

func (e *connectError) Error() string { return e.msg }
func (e *connectError) Unwrap() error { return e.err }

// newConnectError wraps a failed ping of the database at where.
func newConnectError(where string, err error) error {
	return &connectError{msg: "sqladapter: connect to " + where + ": " + dedupeLines(err.Error()), err: err}
}

// dedupeLines drops the lines of s that repeat an earlier line (compared
// without surrounding white space).
func dedupeLines(s string) string {
	lines := strings.Split(s, "\n")
	seen := make(map[string]bool, len(lines))
	out := lines[:0]
	for _, l := range lines {
		k := strings.TrimSpace(l)
		if k != "" && seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}
