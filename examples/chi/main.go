// Command chi is gatehouse behind a github.com/go-chi/chi/v5 router: the
// auth handler mounted at /api/auth, a route group that requires a session,
// and a JSON API that answers 401 without one. It stores data in the
// database named by DATABASE_URL (default: SQLite in memory) and signs in
// by email magic link, printed to the terminal in dev mode.
//
//	AUTH_SECRET=$(go run ./cmd/gatehouse secret) go run ./examples/chi [--addr localhost:3000]
//
// It listens on --addr, else localhost:$PORT, else localhost:3000.
package main

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"os"

	"github.com/go-chi/chi/v5"

	"github.com/gatehouse-go/gatehouse"
	"github.com/gatehouse-go/gatehouse/examples/internal/listen"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/email"

	_ "github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"
)

func main() {
	addr, site, err := listen.Addr("chi", os.Args[1:], os.Getenv)
	if err != nil {
		log.Fatal(err)
	}
	db := os.Getenv("DATABASE_URL")
	if db == "" {
		db = "sqlite::memory:?synchronize=true"
	}
	magicLink, err := email.New(email.Options{DevMode: true})
	if err != nil {
		log.Fatal(err)
	}
	cfg, err := gatehouse.ConfigFromEnv(os.Getenv) // AUTH_SECRET, AUTH_URL, AUTH_TRUST_HOST
	if err != nil {
		log.Fatal(err)
	}
	if cfg.URL == "" {
		cfg.URL = site + "/api/auth"
	}
	cfg.Database = db
	cfg.Providers = []providers.Provider{magicLink}
	r, err := newRouter(cfg)
	if err != nil {
		log.Fatal(err)
	}
	log.Println("listening on " + site)
	log.Fatal(http.ListenAndServe(addr, r))
}

// newRouter mounts gatehouse and the app's routes on a chi router.
func newRouter(cfg gatehouse.Config) (http.Handler, error) {
	auth, err := gatehouse.New(cfg)
	if err != nil {
		return nil, err
	}

	r := chi.NewRouter()
	r.Handle("/api/auth/*", auth)
	r.Group(func(r chi.Router) {
		r.Use(auth.Middleware) // the session, if any, for every page in the group
		r.Get("/", func(w http.ResponseWriter, r *http.Request) {
			if s, ok := gatehouse.SessionFromContext(r.Context()); ok {
				fmt.Fprintf(w, "Signed in as %s. <a href=\"/dashboard\">Dashboard</a>", s.User.Email)
				return
			}
			fmt.Fprint(w, `<a href="/api/auth/signin">Sign in</a>`)
		})
	})
	r.Group(func(r chi.Router) {
		r.Use(auth.RequireSession) // pages redirect to sign-in; API calls get 401
		r.Get("/dashboard", func(w http.ResponseWriter, r *http.Request) {
			s, _ := gatehouse.SessionFromContext(r.Context())
			fmt.Fprintf(w, "Dashboard of %s", s.User.Email)
		})
		r.Get("/api/me", func(w http.ResponseWriter, r *http.Request) {
			s, _ := gatehouse.SessionFromContext(r.Context())
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(s)
		})
	})
	return r, nil
}
