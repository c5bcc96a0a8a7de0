// Command testsummary reads `go test -json` on standard input, prints what
// plain `go test` prints (each package's result line, and the output of
// failing tests), and ends with a list of the skipped tests and why each
// was skipped, so that a skip in CI is never silent. It exits 1 when a
// test, a package or a build failed.
//
//	go test -json work | go run ./internal/cmd/testsummary
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

func main() {
	failed, err := summarize(os.Stdin, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testsummary:", err)
		os.Exit(2)
	}
	if failed {
		os.Exit(1)
	}
}

// event is one line of `go test -json` (cmd/test2json's TestEvent), or of
// the build output the go command interleaves with it.
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
	// ImportPath is set on build events ("build-output", "build-fail").
	ImportPath string
}

// skip is a skipped test and its reason.
type skip struct {
	pkg, test, reason string
}

// testKey names a test within the stream.
type testKey struct{ pkg, test string }

// maxLineBytes bounds one line of input; test output lines can be long
// (a dumped page), but not this long.
const maxLineBytes = 16 << 20

// summarize copies the plain-`go test` view of the events on in to out,
// then the skipped tests. failed reports any failure.
func summarize(in io.Reader, out io.Writer) (failed bool, err error) {
	w := bufio.NewWriter(out)
	defer w.Flush()
	pending := map[testKey][]string{} // output of running tests
	var skips []skip
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64<<10), maxLineBytes)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &e) != nil || e.Action == "" {
			// Not an event (the go command's own messages): as is.
			fmt.Fprintf(w, "%s\n", line)
			continue
		}
		k := testKey{e.Package, e.Test}
		switch e.Action {
		case "build-output":
			io.WriteString(w, e.Output)
		case "build-fail":
			failed = true
		case "output":
			if e.Test == "" {
				if e.Output != "PASS\n" && !framing(e.Output) {
					io.WriteString(w, e.Output)
				}
				continue
			}
			pending[k] = append(pending[k], e.Output)
		case "fail":
			failed = true
			if e.Test != "" {
				for _, o := range pending[k] {
					if !framing(o) {
						io.WriteString(w, o)
					}
				}
			}
			delete(pending, k)
		case "skip":
			if e.Test != "" {
				skips = append(skips, skip{e.Package, e.Test, reason(pending[k])})
			}
			delete(pending, k)
		case "pass":
			delete(pending, k)
		}
	}
	if err := sc.Err(); err != nil {
		return failed, fmt.Errorf("reading go test -json: %w", err)
	}
	writeSkips(w, skips)
	return failed, nil
}

// framing reports whether an output line is go test's own framing of a
// test (=== RUN, === PAUSE, ...), which plain go test does not print.
func framing(line string) bool {
	return strings.HasPrefix(line, "=== ")
}

// reason is why a test was skipped: its output without go test's framing
// and the "--- SKIP" line, one line.
func reason(output []string) string {
	var parts []string
	for _, o := range output {
		o = strings.TrimSpace(o)
		if o == "" || framing(o) || strings.HasPrefix(o, "--- SKIP") {
			continue
		}
		parts = append(parts, o)
	}
	if len(parts) == 0 {
		return "(no reason given)"
	}
	return strings.Join(parts, " | ")
}

// writeSkips lists the skipped tests by package and name.
func writeSkips(w io.Writer, skips []skip) {
	if len(skips) == 0 {
		fmt.Fprintln(w, "== skipped tests: none")
		return
	}
	sort.Slice(skips, func(i, j int) bool {
		if skips[i].pkg != skips[j].pkg {
			return skips[i].pkg < skips[j].pkg
		}
		return skips[i].test < skips[j].test
	})
	fmt.Fprintf(w, "== skipped tests: %d\n", len(skips))
	for _, s := range skips {
		fmt.Fprintf(w, "SKIP %s %s: %s\n", s.pkg, s.test, s.reason)
	}
}
