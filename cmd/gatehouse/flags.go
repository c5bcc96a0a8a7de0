package main

import (
	"flag"
	"strings"
)

// flagHints suggest the flag meant for flags that other tools have.
var flagHints = map[string]string{
	"port":   "the port is part of --addr, such as --addr 127.0.0.1:4000",
	"host":   "the host is part of --addr, such as --addr 0.0.0.0:3000",
	"listen": "use --addr HOST:PORT",
	"db":     "use --database URL",
	"url":    "use --database URL for the database, AUTH_URL for the site",
	"secret": "set AUTH_SECRET in the environment",
}

// flagError turns a flag package error into a one-line usage error. An
// unknown flag is named with the command's flags and, for flags that other
// tools have (--port), what to use instead.
func flagError(fs *flag.FlagSet, err error) error {
	name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -")
	if !ok {
		return usagef("%v", err)
	}
	var known []string
	fs.VisitAll(func(f *flag.Flag) { known = append(known, "--"+f.Name) })
	msg := "unknown flag --" + name + "; "
	if h, ok := flagHints[strings.TrimLeft(name, "-")]; ok && hasFlag(fs, strings.Fields(h)) {
		msg += h + "; "
	}
	if len(known) == 0 {
		return usagef("%s%s takes no flags", msg, fs.Name())
	}
	return usagef("%s%s's flags are %s", msg, fs.Name(), strings.Join(known, ", "))
}

// hasFlags reports whether fs defines any flag.
func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// hasFlag reports whether a hint's words name a flag of fs ("--addr"), so
// that a hint is given only where it applies; hints that name none (an
// environment variable) always apply.
func hasFlag(fs *flag.FlagSet, words []string) bool {
	named := false
	for _, w := range words {
		if f, ok := strings.CutPrefix(w, "--"); ok {
			named = true
			if fs.Lookup(strings.TrimRight(f, ",;")) != nil {
				return true
			}
		}
	}
	return !named
}
