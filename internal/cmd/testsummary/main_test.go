package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// goTestJSON runs the real `go test -json` on testdata/sample (a module of
// its own: passing, skipping, failing tests) and returns its output.
func goTestJSON(t *testing.T, args ...string) []byte {
	t.Helper()
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	cmd := exec.Command(gobin, append([]string{"test", "-json", "-count=1"}, append(args, "./...")...)...)
	cmd.Dir = filepath.Join("testdata", "sample")
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=")
	out, err := cmd.Output()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatalf("go test -json: %v", err)
	}
	return out
}

func TestSummarizeRealGoTest(t *testing.T) {
	cases := []struct {
		name       string
		args       []string
		wantFailed bool
		want       []string
		notWant    []string
	}{
		{"failures and skips", nil, true,
			[]string{"--- FAIL: TestFails", "the failure message", "printed by the failing test", "FAIL\texample.com/sample",
				"== skipped tests: 2",
				"SKIP example.com/sample TestSkips: sample_test.go:10: needs the moon",
				"SKIP example.com/sample TestSubtests/skips: sample_test.go:14: service redis unavailable"},
			[]string{"=== RUN", "quiet when passing", "--- PASS", "--- SKIP"}},
		{"skips only", []string{"-short"}, false,
			[]string{"ok  \texample.com/sample", "== skipped tests: 2", "needs the moon"},
			[]string{"FAIL", "=== RUN", "quiet when passing"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			failed, err := summarize(bytes.NewReader(goTestJSON(t, c.args...)), &out)
			if err != nil {
				t.Fatal(err)
			}
			if failed != c.wantFailed {
				t.Errorf("failed = %v, want %v", failed, c.wantFailed)
			}
			for _, w := range c.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
			for _, w := range c.notWant {
				if strings.Contains(out.String(), w) {
					t.Errorf("output has %q, which plain go test does not print:\n%s", w, out.String())
				}
			}
		})
	}
}

func TestSummarizeStream(t *testing.T) {
	cases := []struct {
		name       string
		in         string
		wantFailed bool
		want       string
	}{
		{"go command message passes through", "go: downloading example.com/x v1.0.0\n", false, "go: downloading example.com/x v1.0.0\n== skipped tests: none\n"},
		{"build failure", `{"ImportPath":"p [p.test]","Action":"build-output","Output":"p/x.go:1:1: syntax error\n"}` + "\n" +
			`{"ImportPath":"p [p.test]","Action":"build-fail"}` + "\n" +
			`{"Action":"start","Package":"p"}` + "\n" +
			`{"Action":"output","Package":"p","Output":"FAIL\tp [build failed]\n"}` + "\n" +
			`{"Action":"fail","Package":"p","FailedBuild":"p [p.test]"}` + "\n",
			true, "p/x.go:1:1: syntax error\nFAIL\tp [build failed]\n== skipped tests: none\n"},
		{"skip without a reason", `{"Action":"run","Package":"p","Test":"TestX"}` + "\n" +
			`{"Action":"output","Package":"p","Test":"TestX","Output":"--- SKIP: TestX (0.00s)\n"}` + "\n" +
			`{"Action":"skip","Package":"p","Test":"TestX"}` + "\n" +
			`{"Action":"skip","Package":"q"}` + "\n",
			false, "== skipped tests: 1\nSKIP p TestX: (no reason given)\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			failed, err := summarize(strings.NewReader(c.in), &out)
			if err != nil || failed != c.wantFailed || out.String() != c.want {
				t.Fatalf("summarize = %v, %v, output:\n%q\nwant failed=%v, output:\n%q", failed, err, out.String(), c.wantFailed, c.want)
			}
		})
	}
}
