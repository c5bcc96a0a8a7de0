package main

import (
	"flag"
	"fmt"
	"io"
	"net"

	"github.com/gatehouse-go/gatehouse"
)

// trustOptions are serve's flags about a reverse proxy in front of it.
type trustOptions struct {
	trustHost      bool
	trustedProxies string
}

// addTrustFlags defines --trust-host and --trusted-proxies.
func addTrustFlags(fs *flag.FlagSet, t *trustOptions) {
	fs.BoolVar(&t.trustHost, "trust-host", false, "take the site's origin from the X-Forwarded-Host and X-Forwarded-Proto a proxy you control sets (as AUTH_TRUST_HOST=true)")
	fs.StringVar(&t.trustedProxies, "trusted-proxies", "", "comma-separated addresses or networks of the proxies whose X-Forwarded-For gives the client address (default $AUTH_TRUSTED_PROXIES; none: the peer is the client)")
}

// decideOrigin sets the site's origin from AUTH_URL, else (with
// AUTH_TRUST_HOST or --trust-host) from each request's forwarded headers,
// else from the loopback address serve listens on. Forwarded headers are
// never trusted unless the operator says so: a listener that is not
// loopback-only without AUTH_URL and without host trust is refused, since
// either the Host header of any client would decide the origin of emailed
// links, or the links would name an address other machines may not reach.
func (d *demo) decideOrigin(cfg *gatehouse.Config, addr *net.TCPAddr, t trustOptions, stderr io.Writer) error {
	if t.trustHost {
		cfg.TrustHost = true
	}
	if t.trustedProxies != "" {
		p, err := gatehouse.ParseTrustedProxies(t.trustedProxies)
		if err != nil {
			return fmt.Errorf("--trusted-proxies: %w", err)
		}
		cfg.TrustedProxies = p
	}
	d.loopbackListener = addr.IP.IsLoopback()
	switch {
	case cfg.URL != "":
		d.siteURL = origin(cfg.URL)
	case cfg.TrustHost:
		d.siteURL = "http://" + hostPort(addr)
		fmt.Fprintln(stderr, "warning: AUTH_TRUST_HOST is set without AUTH_URL: the site's origin (and so the host in emailed sign-in links) is taken from each request's X-Forwarded-Host; make sure the proxy in front sets it and drops any a client sends")
	case !d.loopbackListener:
		return fmt.Errorf("listening on %s, which other machines can reach, without AUTH_URL: set AUTH_URL to the site's public URL (such as AUTH_URL=https://auth.example.com/api/auth), or set AUTH_TRUST_HOST=true (or --trust-host) if a proxy you control sets X-Forwarded-Host and X-Forwarded-Proto", addr)
	default:
		// "localhost", not the IP: WebAuthn refuses IP addresses as the
		// relying party (serve_passkey.go).
		d.siteURL = "http://" + siteHost(addr)
		d.canon = siteHost(addr)
		cfg.URL = d.siteURL + gatehouse.DefaultBasePath
	}
	return nil
}
