// Command passwords is sign-up, sign-in and sign-out with passwords: the
// app's own registration form stores a bcrypt hash in an extra column of the
// users table and signs the new user in from Go code (Auth.SignIn); the
// credentials provider checks the hash through the adapter gatehouse made
// from Config.Database (Auth.Adapter); a form of the app signs out
// (Auth.SignOut). Data lives in DATABASE_URL (default: SQLite in
// passwords.db, tables created at start-up).
//
//	AUTH_SECRET=$(go run ./cmd/gatehouse secret) go run ./examples/passwords [--addr localhost:3000]
//
// It listens on --addr, else localhost:$PORT, else localhost:3000.
package main

import (
	"context"
	"errors"
	"fmt"
	"html"
	"log"
	"net/http"
	"os"
	"strings"

	"golang.org/x/crypto/bcrypt"

	"github.com/gatehouse-go/gatehouse"
	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/schema"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/examples/internal/listen"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/credentials"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"
)

func main() {
	addr, site, err := listen.Addr("passwords", os.Args[1:], os.Getenv)
	if err != nil {
		log.Fatal(err)
	}
	db := os.Getenv("DATABASE_URL")
	if db == "" {
		db = "sqlite:passwords.db?synchronize=true"
	}
	app, auth, err := newApp(site, db)
	if err != nil {
		log.Fatal(err)
	}
	defer auth.Close()
	log.Println("listening on " + site)
	log.Fatal(http.ListenAndServe(addr, app))
}

// newApp is the whole application. The README shows it.
func newApp(site, database string) (http.Handler, *gatehouse.Auth, error) {
	cfg, err := gatehouse.ConfigFromEnv(os.Getenv) // AUTH_SECRET, AUTH_URL, AUTH_TRUST_HOST
	if err != nil {
		return nil, nil, err
	}
	if cfg.URL == "" {
		cfg.URL = site + "/api/auth"
	}
	// The password hash is a column of the users table, declared here; it
	// round-trips through adapter.User.Extra["password_hash"].
	cfg.Database = sqladapter.Config{
		URL:              database,
		ExtraUserColumns: []schema.Column{{Field: "password_hash", Kind: schema.String}},
	}
	var auth *gatehouse.Auth // set below, before any request
	login, err := credentials.New(credentials.Options{
		Fields: []providers.Field{{Name: "email", Label: "Email", Type: "email"}, {Name: "password", Label: "Password", Type: "password"}},
		Authorize: func(ctx context.Context, c map[string]string, _ *http.Request) (*adapter.User, error) {
			user, err := auth.Adapter().GetUserByEmail(ctx, strings.ToLower(c["email"]))
			if errors.Is(err, adapter.ErrNotFound) {
				return nil, nil // unknown address: "wrong credentials"
			}
			if err != nil {
				return nil, err
			}
			hash, _ := user.Extra["password_hash"].(string)
			if bcrypt.CompareHashAndPassword([]byte(hash), []byte(c["password"])) != nil {
				return nil, nil
			}
			return user, nil
		},
	})
	if err != nil {
		return nil, nil, err
	}
	cfg.Providers = []providers.Provider{login}
	if auth, err = gatehouse.New(cfg); err != nil {
		return nil, nil, err
	}

	mux := http.NewServeMux()
	mux.Handle("/api/auth/", auth)
	mux.Handle("POST /register", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		email, password := strings.ToLower(strings.TrimSpace(r.FormValue("email"))), r.FormValue("password")
		if !strings.Contains(email, "@") || len(password) < 8 || len(password) > 72 {
			http.Error(w, "give an email address and a password of 8 to 72 bytes", http.StatusBadRequest)
			return
		}
		hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
		if err != nil {
			http.Error(w, "could not register", http.StatusInternalServerError)
			return
		}
		user, err := auth.Adapter().CreateUser(r.Context(), &adapter.User{Email: email, Extra: map[string]any{"password_hash": string(hash)}})
		if errors.Is(err, adapter.ErrConflict) {
			http.Error(w, "that address is registered already: sign in instead", http.StatusConflict)
			return
		}
		if err == nil {
			err = auth.SignIn(w, r, user) // the session cookie goes on this response
		}
		if err != nil {
			log.Printf("register: %v", err)
			http.Error(w, "could not register", http.StatusInternalServerError)
			return
		}
		http.Redirect(w, r, "/", http.StatusSeeOther)
	}))
	mux.Handle("POST /logout", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := auth.SignOut(w, r); err != nil {
			log.Printf("logout: %v", err)
		}
		http.Redirect(w, r, "/", http.StatusSeeOther)
	}))
	mux.Handle("GET /{$}", auth.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s, ok := gatehouse.SessionFromContext(r.Context()); ok {
			fmt.Fprintf(w, `Hello, %s! <form method="post" action="/logout"><button>Sign out</button></form>`, html.EscapeString(s.User.Email))
			return
		}
		fmt.Fprint(w, `<form method="post" action="/register"><input name="email" type="email"> <input name="password" type="password"> <button>Register</button></form> or <a href="/api/auth/signin">sign in</a>`)
	})))
	// The app's own forms are protected against cross-site posts as
	// gatehouse's are.
	return http.NewCrossOriginProtection().Handler(mux), auth, nil
}
