package main

import (
	"encoding/base64"
	"strings"
	"testing"
)

func TestHelp(t *testing.T) {
	for _, args := range [][]string{
		{"--help"}, {"help"},
		{"serve", "--help"}, {"migrate", "--help"}, {"cleanup", "-h"}, {"secret", "--help"}, {"version", "--help"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			r := runCmd(t, nil, args...)
			if r.code != 0 {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			if !strings.Contains(r.stdout, "Usage: gatehouse") {
				t.Errorf("stdout has no usage:\n%s", r.stdout)
			}
			if len(args) == 2 && !strings.Contains(r.stdout, "gatehouse "+args[0]) {
				t.Errorf("usage does not name the subcommand %q:\n%s", args[0], r.stdout)
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
		code int // default exitUsage
	}{
		{"no command", nil, "", 0},
		{"unknown command", []string{"frobnicate"}, `unknown command "frobnicate"`, 0},
		{"unknown flag", []string{"migrate", "--frob"}, "unknown flag --frob; migrate's flags are --database, --dry-run, --schema", 0},
		{"port instead of addr", []string{"serve", "--port", "4000"}, "unknown flag --port; the port is part of --addr, such as --addr 127.0.0.1:4000; serve's flags are --access-log, --addr, --database", 0},
		{"flag of a command without flags", []string{"version", "--short"}, "unknown flag --short; version takes no flags", 0},
		{"stray argument", []string{"secret", "extra"}, `unexpected argument "extra"`, 0},
		{"no database", []string{"migrate"}, "give --database URL or set DATABASE_URL", 0},
		{"cleanup no database", []string{"cleanup"}, "give --database URL or set DATABASE_URL", 0},
		{"bad batch", []string{"cleanup", "--database", "sqlite::memory:", "--batch", "0"}, "--batch 0", 0},
		{"unknown schema", []string{"migrate", "--database", "sqlite::memory:", "--schema", "prisma2"}, `unknown schema "prisma2": use one of authjs, authjs-prisma, default, nextauth-v3`, 0},
		{"unknown schema in URL", []string{"cleanup", "--database", "sqlite::memory:?schema=nope"}, `unknown preset "nope"; use one of authjs`, exitError},
		{"bad URL", []string{"migrate", "--database", "oracle://scott@db/x"}, "oracle", exitError},
		{"URL without scheme", []string{"migrate", "--database", "gatehouse.db"}, "has no scheme; start it with sqlite:", exitError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCmd(t, nil, tt.args...)
			code := tt.code
			if code == 0 {
				code = exitUsage
			}
			if r.code != code {
				t.Fatalf("exit %d, want %d; stderr %q", r.code, code, r.stderr)
			}
			if tt.want != "" {
				oneLineErr(t, r, tt.want)
			}
			if tt.args != nil && r.stdout != "" {
				t.Errorf("a usage mistake printed to stdout (the usage belongs to --help):\n%s", r.stdout)
			}
		})
	}
}

func TestSecret(t *testing.T) {
	seen := map[string]bool{}
	for range 3 {
		r := runCmd(t, nil, "secret")
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		s := strings.TrimSpace(r.stdout)
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil || len(b) != 32 {
			t.Fatalf("secret %q: %d bytes, %v; want 32 bytes of base64", s, len(b), err)
		}
		if seen[s] {
			t.Fatalf("secret %q printed twice", s)
		}
		seen[s] = true
	}
}

func TestOneLine(t *testing.T) {
	if got := oneLine("a:\n\tb\r\nc\n"); got != "a: b; c" {
		t.Errorf("oneLine = %q", got)
	}
}
