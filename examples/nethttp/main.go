// Command nethttp is gatehouse on the standard library's http.ServeMux: a
// page that requires a session, sign-in by email magic link (printed to the
// terminal in dev mode) and, when AUTH_GITHUB_ID and AUTH_GITHUB_SECRET are
// set, with GitHub. Users and sessions live in SQLite (app.db).
//
//	AUTH_SECRET=$(go run ./cmd/gatehouse secret) go run ./examples/nethttp [--addr localhost:3000]
//
// then open http://localhost:3000 (it listens on --addr, else
// localhost:$PORT, else localhost:3000).
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"

	"github.com/gatehouse-go/gatehouse"
	"github.com/gatehouse-go/gatehouse/examples/internal/listen"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/email"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
	"github.com/gatehouse-go/gatehouse/providers/services"

	_ "modernc.org/sqlite" // the database driver: SQLite, pure Go
)

func main() {
	addr, site, err := listen.Addr("nethttp", os.Args[1:], os.Getenv)
	if err != nil {
		log.Fatal(err)
	}
	magicLink, err := email.New(email.Options{DevMode: true}) // prints links instead of sending them
	if err != nil {
		log.Fatal(err)
	}
	signIn := []providers.Provider{magicLink}
	if os.Getenv("AUTH_GITHUB_ID") != "" {
		gh, err := services.GitHub.New(oauth.Options{Getenv: os.Getenv})
		if err != nil {
			log.Fatal(err)
		}
		signIn = append(signIn, gh)
	}
	app, err := newApp(site, signIn)
	if err != nil {
		log.Fatal(err)
	}
	log.Println("listening on " + site)
	log.Fatal(http.ListenAndServe(addr, app))
}

// newApp is the whole application: gatehouse under /api/auth and a home page
// that requires a session. The README shows it.
func newApp(site string, signIn []providers.Provider) (http.Handler, error) {
	auth, err := gatehouse.New(gatehouse.Config{
		Secrets:   []string{os.Getenv("AUTH_SECRET")},
		URL:       site + "/api/auth",
		Database:  "sqlite:app.db?synchronize=true",
		Providers: signIn,
	})
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/api/auth/", auth)
	mux.Handle("/{$}", auth.RequireSession(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, _ := gatehouse.SessionFromContext(r.Context())
		fmt.Fprintf(w, "Hello, %s! <a href=\"/api/auth/signout\">Sign out</a>", s.User.Email)
	})))
	return mux, nil
}
