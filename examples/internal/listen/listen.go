// Package listen gives the examples their listening address: --addr, else
// PORT (as hosting platforms set it), else localhost:3000.
package listen

import (
	"flag"
	"fmt"
	"net"
	"strconv"
)

// DefaultAddr is where an example listens without --addr or PORT.
const DefaultAddr = "localhost:3000"

// Addr parses args (the command's arguments, os.Args[1:]) for --addr and
// returns the address to listen on and the site's URL for a browser on
// this machine ("http://localhost:3000"). PORT, read through getenv, is the
// port when --addr is not given; it then listens on localhost only.
func Addr(name string, args []string, getenv func(string) string) (addr, site string, err error) {
	def := DefaultAddr
	if p := getenv("PORT"); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 0 || n > 65535 {
			return "", "", fmt.Errorf("PORT=%q is not a port number (0-65535)", p)
		}
		def = net.JoinHostPort("localhost", p)
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.StringVar(&addr, "addr", def, "address to listen on, HOST:PORT (default localhost:3000, or localhost:$PORT)")
	if err := fs.Parse(args); err != nil {
		return "", "", err
	}
	if fs.NArg() > 0 {
		return "", "", fmt.Errorf("unexpected argument %q: the only flag is --addr HOST:PORT", fs.Arg(0))
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", "", fmt.Errorf("--addr %q: %w (use HOST:PORT, such as localhost:4000)", addr, err)
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost" // every interface: browse it on this machine
	}
	return addr, "http://" + net.JoinHostPort(host, port), nil
}
