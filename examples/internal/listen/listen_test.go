package listen

import (
	"strings"
	"testing"
)

func TestAddr(t *testing.T) {
	cases := []struct {
		name       string
		args       []string
		port       string
		addr, site string
		err        string
	}{
		{"default", nil, "", "localhost:3000", "http://localhost:3000", ""},
		{"PORT", nil, "4000", "localhost:4000", "http://localhost:4000", ""},
		{"--addr wins over PORT", []string{"--addr", "127.0.0.1:5000"}, "4000", "127.0.0.1:5000", "http://127.0.0.1:5000", ""},
		{"every interface", []string{"--addr", ":8080"}, "", ":8080", "http://localhost:8080", ""},
		{"bad PORT", nil, "http", "", "", `PORT="http" is not a port number`},
		{"no port", []string{"--addr", "localhost"}, "", "", "", "use HOST:PORT"},
		{"stray argument", []string{"extra"}, "", "", "", `unexpected argument "extra"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			addr, site, err := Addr("example", c.args, func(k string) string {
				if k == "PORT" {
					return c.port
				}
				return ""
			})
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("Addr: %v, want an error containing %q", err, c.err)
				}
				return
			}
			if err != nil || addr != c.addr || site != c.site {
				t.Fatalf("Addr = %q, %q, %v; want %q, %q", addr, site, err, c.addr, c.site)
			}
		})
	}
}
