package main

import (
	"html/template"
	"net"
	"net/http"
	"time"

	"github.com/gatehouse-go/gatehouse"
	"github.com/gatehouse-go/gatehouse/providers/email"
)

// handler is the demo app: gatehouse under /api/auth, the home page, the
// protected page and, in email dev mode, the dev-only list of sign-in links.
func (d *demo) handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle(d.auth.BasePath()+"/", d.auth)
	mux.Handle("GET /{$}", d.auth.Middleware(http.HandlerFunc(d.home)))
	mux.Handle("GET /protected", d.auth.RequireSession(http.HandlerFunc(d.protected)))
	if d.email != nil && d.devHost != "" {
		mux.HandleFunc("GET /dev/emails", d.devEmails)
	}
	d.passkeyRoutes(mux)
	return d.canonicalHost(securityHeaders(mux))
}

// pageData is what the page template shows.
type pageData struct {
	Base      string // gatehouse's base path, "/api/auth"
	Title     string
	Session   *gatehouse.Session
	Protected bool
	DevLinks  []email.DevLink
	DevMode   bool
	Now       time.Time
}

func (d *demo) home(w http.ResponseWriter, r *http.Request) {
	s, _ := gatehouse.SessionFromContext(r.Context())
	d.render(w, pageData{Title: "Home", Session: s})
}

func (d *demo) protected(w http.ResponseWriter, r *http.Request) {
	s, _ := gatehouse.SessionFromContext(r.Context())
	d.render(w, pageData{Title: "Protected page", Session: s, Protected: true})
}

// devEmails lists the dev-mode sign-in links. The links are live
// credentials, so only the developer's own browser sees them
// (devEmailsRefused).
func (d *demo) devEmails(w http.ResponseWriter, r *http.Request) {
	if why := d.devEmailsRefused(r); why != "" {
		http.Error(w, why, http.StatusForbidden)
		return
	}
	links := d.email.DevLinks()
	// Newest first.
	for i, j := 0, len(links)-1; i < j; i, j = i+1, j-1 {
		links[i], links[j] = links[j], links[i]
	}
	w.Header().Set("Cache-Control", "no-store")
	d.render(w, pageData{Title: "Dev-mode emails", DevLinks: links, DevMode: true, Now: time.Now()})
}

func (d *demo) render(w http.ResponseWriter, p pageData) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	p.Base = d.auth.BasePath()
	if err := pageTemplate.Execute(w, p); err != nil {
		d.logger.Error("demo page", "err", err)
	}
}

// canonicalHost sends requests for another host name of the same server
// (localhost instead of 127.0.0.1) to the configured one, where the cookies
// and the CSRF origin check work.
func (d *demo) canonicalHost(next http.Handler) http.Handler {
	if d.canon == "" {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Host != d.canon && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			http.Redirect(w, r, "http://"+d.canon+r.URL.RequestURI(), http.StatusTemporaryRedirect)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

func isLoopback(remoteAddr string) bool {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} · gatehouse demo</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; color: #222; }
nav a { margin-right: 1rem; }
.card { border: 1px solid #ddd; border-radius: 8px; padding: 1rem 1.25rem; margin: 1.5rem 0; }
.muted { color: #666; }
code { background: #f4f4f4; padding: 0 .25rem; border-radius: 3px; word-break: break-all; }
.dev-link { overflow-wrap: anywhere; } .dev-link a { word-break: break-all; } /* long links and addresses wrap instead of scrolling sideways */
a.button { display: inline-block; background: #346df1; color: #fff; padding: .5rem 1rem; border-radius: 6px; text-decoration: none; }
</style>
</head>
<body>
<nav><a href="/">Home</a><a href="/protected">Protected page</a>{{if .Session}}<a href="{{.Base}}/signout?callbackUrl=%2F" id="signout">Sign out</a>{{else}}<a href="{{.Base}}/signin" id="signin">Sign in</a>{{end}}</nav>
<h1>{{.Title}}</h1>
{{- if .DevMode}}
<p class="muted">Sign-in links the email provider would have sent (dev mode, newest first). Only loopback clients see this page.</p>
{{- range .DevLinks}}
<div class="card dev-link"><p>To <strong>{{.Identifier}}</strong>, expires {{.Expires.UTC.Format "2006-01-02 15:04 UTC"}}</p><p><a href="{{.URL}}">{{.URL}}</a></p></div>
{{- else}}
<p id="no-links">No links yet: sign in with an email address first.</p>
{{- end}}
{{- else if .Session}}
<div class="card" id="session">
<p>Signed in as <strong id="user-name">{{with .Session.User.Name}}{{.}}{{else}}{{.Session.User.Email}}{{end}}</strong>{{with .Session.User.Email}} (<span id="user-email">{{.}}</span>){{end}}.</p>
<p class="muted">User id <code>{{.Session.User.ID}}</code>; the session expires {{.Session.Expires.UTC.Format "2006-01-02 15:04 UTC"}} unless used.</p>
</div>
{{- if .Protected}}<p id="protected">Only signed-in users see this page.</p>{{end}}
<p><a class="button" href="{{.Base}}/signout?callbackUrl=%2F">Sign out</a></p>
{{- else}}
<div class="card" id="anonymous"><p>You are not signed in.</p></div>
<p><a class="button" href="{{.Base}}/signin">Sign in</a></p>
{{- end}}
</body>
</html>
`))
