package main

import (
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionCommand(t *testing.T) {
	r := runCmd(t, nil, "version")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "gatehouse ") || !strings.Contains(r.stdout, runtime.Version()) {
		t.Fatalf("gatehouse version: exit %d, stdout %q; want a line naming the version and %s", r.code, r.stdout, runtime.Version())
	}
}

func TestVersionLine(t *testing.T) {
	cases := []struct {
		name string
		bi   *debug.BuildInfo
		want string
	}{
		{"no build info", nil, "gatehouse (unknown version: built without module information)"},
		{"workspace build", &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "(devel)"}}, "gatehouse (devel) (go1.26.0, no commit recorded: build with -buildvcs=true)"},
		{"released", &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "v1.2.3"}}, "gatehouse v1.2.3 (go1.26.0)"},
		{"checkout", &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.time", Value: "2026-12-03T06:00:00Z"}, {Key: "vcs.modified", Value: "true"},
		}}, "gatehouse (devel) (go1.26.0, commit 0123456789ab, 2026-12-03T06:00:00Z, modified)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := versionLine(c.bi); got != c.want {
				t.Fatalf("versionLine = %q, want %q", got, c.want)
			}
		})
	}
}

// TestSecretHelp checks that a command without flags still prints a real
// usage line, and says it takes no flags instead of an empty list.
func TestSecretHelp(t *testing.T) {
	r := runCmd(t, nil, "secret", "--help")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "Usage: gatehouse secret\n") || strings.Contains(r.stdout, "Flags:") || !strings.Contains(r.stdout, "It takes no flags.") {
		t.Fatalf("secret --help: exit %d:\n%s", r.code, r.stdout)
	}
}
