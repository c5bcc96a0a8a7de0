package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/gatehouse-go/gatehouse"
)

// devEmailsOff says why /dev/emails is not served for a configuration, or
// returns "" when it is: only when serve listens on loopback alone, trusts
// no proxy (no AUTH_TRUST_HOST, no trusted proxies) and the site's origin
// is a loopback one. The page lists live sign-in links; behind a proxy or
// on a public origin anyone who reaches it could sign in as anyone.
func (d *demo) devEmailsOff(cfg *gatehouse.Config) string {
	u, err := url.Parse(d.siteURL)
	switch {
	case cfg.TrustHost:
		return "AUTH_TRUST_HOST is set, so the demo may be behind a proxy"
	case len(cfg.TrustedProxies) > 0:
		return "trusted proxies are set, so the demo is behind a proxy"
	case !d.loopbackListener:
		return "the demo listens on an address other machines can reach"
	case err != nil || !loopbackHost(u.Hostname()):
		return "the site's origin " + d.siteURL + " is not a loopback one"
	}
	return ""
}

// setupDevMode decides whether /dev/emails is served (d.devHost) and says
// on stdout what dev mode does and how to turn it off.
func (d *demo) setupDevMode(cfg *gatehouse.Config, stdout io.Writer) {
	if why := d.devEmailsOff(cfg); why != "" {
		d.devNote = " (dev mode: links are printed here; /dev/emails is off: " + why + ")"
	} else {
		u, _ := url.Parse(d.siteURL)
		d.devHost = strings.ToLower(u.Host)
		d.devNote = " (dev mode: links are printed here and listed at " + d.siteURL + "/dev/emails)"
	}
	fmt.Fprintln(stdout, "email dev mode: sign-in links are not sent but printed here, and anyone who reads them can sign in as that address; set EMAIL_SERVER and EMAIL_FROM to send them by SMTP and turn dev mode off")
}

// loopbackHost reports whether a URL's host name is loopback: localhost or
// a loopback IP.
func loopbackHost(h string) bool {
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// proxyHeaders are headers a proxy adds; a request carrying one did not
// come straight from the developer's browser.
var proxyHeaders = []string{"Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Real-Ip", "Via"}

// devEmailsRefused returns why a request for /dev/emails is refused, or "".
// It must come from a loopback peer, name the configured loopback origin's
// host in its Host header (a page on another name that resolves to
// 127.0.0.1, DNS rebinding, is refused) and carry no proxy headers.
func (d *demo) devEmailsRefused(r *http.Request) string {
	switch {
	case !isLoopback(r.RemoteAddr):
		return "The dev-mode email list is only served to loopback clients."
	case !strings.EqualFold(r.Host, d.devHost):
		return "The dev-mode email list is only served at " + d.siteURL + "/dev/emails (the Host header names another site)."
	}
	for _, h := range proxyHeaders {
		if r.Header.Get(h) != "" {
			return "The dev-mode email list is not served through a proxy (the request has " + h + ")."
		}
	}
	return ""
}
