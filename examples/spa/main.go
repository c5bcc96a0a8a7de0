// Command spa serves a single-page app that signs in through gatehouse's
// REST API the way the next-auth/react client does: GET /api/auth/csrf,
// GET /api/auth/providers, POST /api/auth/signin/{provider} and
// /api/auth/signout with the X-Auth-Return-Redirect header (answered with
// JSON {"url": ...}), and GET /api/auth/session. The page (static/index.html)
// uses plain fetch instead of bundling next-auth/react, so it needs no
// JavaScript build step; the calls and their shapes are the client's.
//
// The page and the API share one origin here, as they do behind one reverse
// proxy; for an SPA on another origin add it to Config.TrustedOrigins and
// answer CORS preflights with credentials allowed.
//
//	AUTH_SECRET=$(go run ./cmd/gatehouse secret) go run ./examples/spa [--addr localhost:3000]
//
// It listens on --addr, else localhost:$PORT, else localhost:3000.
package main

import (
	"embed"
	"io/fs"
	"log"
	"net/http"
	"os"

	"github.com/gatehouse-go/gatehouse"
	"github.com/gatehouse-go/gatehouse/examples/internal/listen"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/email"

	_ "modernc.org/sqlite"
)

//go:embed static
var static embed.FS

func main() {
	addr, site, err := listen.Addr("spa", os.Args[1:], os.Getenv)
	if err != nil {
		log.Fatal(err)
	}
	magicLink, err := email.New(email.Options{DevMode: true}) // links are printed, not sent
	if err != nil {
		log.Fatal(err)
	}
	app, err := newApp(gatehouse.Config{
		Secrets:   []string{os.Getenv("AUTH_SECRET")},
		URL:       site + "/api/auth",
		Database:  "sqlite::memory:?synchronize=true",
		Providers: []providers.Provider{magicLink},
	})
	if err != nil {
		log.Fatal(err)
	}
	log.Println("listening on " + site)
	log.Fatal(http.ListenAndServe(addr, app))
}

// newApp serves the page at / and gatehouse under /api/auth.
func newApp(cfg gatehouse.Config) (http.Handler, error) {
	auth, err := gatehouse.New(cfg)
	if err != nil {
		return nil, err
	}
	page, err := fs.Sub(static, "static")
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/api/auth/", auth)
	mux.Handle("/", http.FileServerFS(page))
	return mux, nil
}
