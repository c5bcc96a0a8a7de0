package main

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

func runVersion(_ context.Context, args []string, stdout, _ io.Writer, _ env) error {
	fs := newFlagSet("version", "", "Version prints the gatehouse module version the command was built from, the Go\nversion, and the commit when built from a checkout.", stdout)
	if err := parse(fs, args); err != nil {
		return err
	}
	bi, _ := debug.ReadBuildInfo()
	fmt.Fprintln(stdout, versionLine(bi))
	return nil
}

// versionLine describes a build: "gatehouse v1.2.3 (go1.26.0)", or for a
// build from a checkout "gatehouse (devel) (go1.26.0, commit 0123abcd4567,
// 2026-12-03T06:00:00Z, modified)".
func versionLine(bi *debug.BuildInfo) string {
	if bi == nil {
		return "gatehouse (unknown version: built without module information)"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	details := []string{bi.GoVersion}
	settings := map[string]string{}
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	if rev := settings["vcs.revision"]; rev != "" {
		details = append(details, "commit "+rev[:min(12, len(rev))])
		if t := settings["vcs.time"]; t != "" {
			details = append(details, t)
		}
		if settings["vcs.modified"] == "true" {
			details = append(details, "modified")
		}
	} else if v == "(devel)" {
		// go build in a workspace (go.work) records no commit by default.
		details = append(details, "no commit recorded: build with -buildvcs=true")
	}
	return fmt.Sprintf("gatehouse %s (%s)", v, strings.Join(details, ", "))
}
