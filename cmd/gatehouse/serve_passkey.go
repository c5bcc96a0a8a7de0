package main

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gatehouse-go/gatehouse"
	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/passkey"
)

// siteHost is the host:port the demo names itself by when it listens on
// addr without AUTH_URL: localhost for a loopback address, because WebAuthn
// refuses an IP address as relying party ID, so passkeys work out of the box.
func siteHost(addr *net.TCPAddr) string {
	if addr.IP.IsLoopback() {
		return net.JoinHostPort("localhost", strconv.Itoa(addr.Port))
	}
	return addr.String()
}

// passkeyProviders returns the demo's passkey provider, or none (saying
// why) when the site's host is an IP address or the database's schema has
// no authenticators table.
func passkeyProviders(store adapter.Adapter, siteURL string, stdout io.Writer) ([]providers.Provider, error) {
	u, err := url.Parse(siteURL)
	if err != nil {
		return nil, fmt.Errorf("passkeys: the site URL %q: %w", siteURL, err)
	}
	if net.ParseIP(u.Hostname()) != nil {
		fmt.Fprintf(stdout, "passkeys: off: the site's host %s is an IP address and WebAuthn needs a domain name (use localhost or set AUTH_URL)\n", u.Hostname())
		return nil, nil
	}
	if as, ok := adapter.As[adapter.AuthenticatorStore](store); ok {
		ctx, cancel := context.WithTimeout(context.Background(), connectTimeout)
		defer cancel()
		if _, err := as.ListAuthenticators(ctx, "0"); errors.Is(err, adapter.ErrUnsupported) {
			fmt.Fprintln(stdout, "passkeys: off: the database's schema preset has no authenticators table")
			return nil, nil
		}
	}
	p, err := passkey.New(passkey.Config{})
	if err != nil {
		return nil, err
	}
	return []providers.Provider{p}, nil
}

// passkeysPage lists the signed-in user's passkeys with a button to remove
// each: the demo of Auth.Passkeys and Auth.RemovePasskey.
var passkeysPage = template.Must(template.New("passkeys").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Your passkeys – gatehouse demo</title></head>
<body><main>
<h1>Your passkeys</h1>
<p>Signed in as <span id="user-email">{{.Email}}</span>. <a id="add-passkey" href="{{.Base}}/signin?callbackUrl=/passkeys">Add a passkey</a> · <a href="/">Home</a></p>
<ul id="passkeys">
{{- range .Passkeys}}
<li class="passkey"><code>{{.CredentialID}}</code> {{.CredentialDeviceType}}, used {{.Counter}} times
<form method="post" action="/passkeys/remove"><input type="hidden" name="id" value="{{.CredentialID}}"><button type="submit">Remove</button></form></li>
{{- else}}
<li id="no-passkeys">No passkeys yet.</li>
{{- end}}
</ul>
</main></body></html>
`))

// passkeyRoutes adds the passkeys page to the demo when a passkey provider
// is configured.
func (d *demo) passkeyRoutes(mux *http.ServeMux) {
	has := false
	for _, p := range d.provider {
		has = has || providers.TypeOf(p) == providers.TypeWebAuthn
	}
	if !has {
		return
	}
	mux.Handle("GET /passkeys", d.auth.RequireSession(http.HandlerFunc(d.passkeys)))
	mux.Handle("POST /passkeys/remove", http.NewCrossOriginProtection().Handler(d.auth.RequireSession(http.HandlerFunc(d.removePasskey))))
}

func (d *demo) passkeys(w http.ResponseWriter, r *http.Request) {
	s, _ := gatehouse.SessionFromContext(r.Context())
	list, err := d.auth.Passkeys(r.Context(), s.User.ID)
	if err != nil {
		d.logger.Error("listing passkeys", "err", err)
		http.Error(w, "Could not list the passkeys.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := passkeysPage.Execute(w, map[string]any{"Base": d.auth.BasePath(), "Email": s.User.Email, "Passkeys": list}); err != nil {
		d.logger.Error("passkeys page", "err", err)
	}
}

func (d *demo) removePasskey(w http.ResponseWriter, r *http.Request) {
	s, _ := gatehouse.SessionFromContext(r.Context())
	err := d.auth.RemovePasskey(r.Context(), s.User.ID, r.PostFormValue("id"))
	switch {
	case errors.Is(err, gatehouse.ErrPasskeyNotFound):
		http.Error(w, "You have no such passkey.", http.StatusNotFound)
		return
	case err != nil:
		d.logger.Error("removing a passkey", "err", err)
		http.Error(w, "Could not remove the passkey.", http.StatusInternalServerError)
		return
	}
	http.Redirect(w, r, "/passkeys", http.StatusSeeOther)
}
