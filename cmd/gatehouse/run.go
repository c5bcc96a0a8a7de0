package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// Exit statuses.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// env reads one environment variable; run gets os.Getenv, tests a map.
type env func(string) string

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer, getenv env) error
}

func commands() []command {
	return []command{
		{"serve", "run the demo app (embedded SQLite, dev-mode email, demo user)", runServe},
		{"migrate", "create or print the SQL schema of a database", runMigrate},
		{"cleanup", "delete expired sessions and verification tokens", runCleanup},
		{"secret", "print a new random secret for AUTH_SECRET", runSecret},
		{"version", "print the version of gatehouse this command was built from", runVersion},
	}
}

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// run is the whole program: it runs the subcommand args[0] and returns the
// exit status. Errors are written to stderr as one line.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv env) int {
	if len(args) == 0 {
		printUsage(stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help", "help":
		printUsage(stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name != name {
			continue
		}
		err := c.run(ctx, args[1:], stdout, stderr, getenv)
		switch {
		case err == nil:
			return exitOK
		case errors.Is(err, flag.ErrHelp):
			return exitOK
		}
		fmt.Fprintf(stderr, "gatehouse %s: %s\n", name, oneLine(err.Error()))
		var ue *usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(stderr, "Run 'gatehouse %s --help' for usage.\n", name)
			return exitUsage
		}
		return exitError
	}
	fmt.Fprintf(stderr, "gatehouse: unknown command %q; the commands are serve, migrate, cleanup, secret and version (see 'gatehouse --help')\n", name)
	return exitUsage
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "gatehouse: authentication for Go web apps, the NextAuth.js way.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: gatehouse <command> [flags]")
	fmt.Fprintln(w)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'gatehouse <command> --help' for a command's flags.")
}

// newFlagSet returns a FlagSet whose --help prints to stdout and whose
// parse errors come back as usage errors instead of being printed.
func newFlagSet(name, synopsis, about string, stdout io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fs.SetOutput(stdout)
		fmt.Fprintf(stdout, "Usage: %s\n\n%s\n", strings.TrimSpace("gatehouse "+name+" "+synopsis), about)
		if hasFlags(fs) {
			fmt.Fprintf(stdout, "\nFlags:\n")
			fs.PrintDefaults()
		} else {
			fmt.Fprintf(stdout, "\nIt takes no flags.\n")
		}
		fs.SetOutput(io.Discard)
	}
	return fs
}

// parse parses args with fs; --help yields flag.ErrHelp (exit 0), a bad flag a
// usage error, and stray arguments too.
func parse(fs *flag.FlagSet, args []string) error {
	// The flag package prints the usage on every parse error; print it for
	// --help only, so that a mistake is one line and a hint.
	usage := fs.Usage
	fs.Usage = func() {}
	err := fs.Parse(args)
	fs.Usage = usage
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage()
			return err
		}
		return flagError(fs, err)
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q: this command takes flags only", fs.Arg(0))
	}
	return nil
}

// oneLine folds a multi-line error (errors.Join, driver messages) into one
// line.
func oneLine(s string) string {
	var b strings.Builder
	for i, l := range strings.Split(strings.TrimSpace(s), "\n") {
		l = strings.TrimSpace(l)
		if i > 0 {
			if strings.HasSuffix(b.String(), ":") {
				b.WriteString(" ") // "cause:\n\tdetail" reads "cause: detail"
			} else {
				b.WriteString("; ")
			}
		}
		b.WriteString(l)
	}
	return b.String()
}
