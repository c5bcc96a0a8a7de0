package readme_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"golang.org/x/crypto/bcrypt"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"

	"github.com/gatehouse-go/gatehouse"
	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/adaptertest"
	"github.com/gatehouse-go/gatehouse/adapters"
	"github.com/gatehouse-go/gatehouse/adapters/gormadapter"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
	"github.com/gatehouse-go/gatehouse/adapters/redisadapter"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/jwt"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/credentials"
	"github.com/gatehouse-go/gatehouse/providers/email"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
	"github.com/gatehouse-go/gatehouse/providers/services"

	_ "modernc.org/sqlite"
)

// README: "Databases". The three forms configure the same adapter.
func Example_databases() {
	// 1. A connection URL, as NextAuth.js's `database: process.env.DATABASE_URL`:
	byURL := gatehouse.Config{Database: "sqlite:app.db?synchronize=true"}

	// 2. The same as a Config struct:
	byConfig := gatehouse.Config{Database: sqladapter.Config{Type: "sqlite", Database: "app.db", Synchronize: true}}

	// 3. The adapter itself: the default one, or the SQL adapter by name.
	byAdapter := gatehouse.Config{Adapter: adapters.Default(sqladapter.Config{Type: "sqlite", Database: "app.db", Synchronize: true})}
	explicit := gatehouse.Config{Adapter: sqladapter.New(sqladapter.Config{Type: "sqlite", Database: "app.db", Synchronize: true})}

	parsed, _ := sqladapter.ParseURL(byURL.Database.(string))
	fromConfig := byConfig.Database.(sqladapter.Config)
	fmt.Println(parsed.Type == fromConfig.Type, parsed.Database == fromConfig.Database, parsed.Synchronize == fromConfig.Synchronize)
	fmt.Printf("%T %T\n", byAdapter.Adapter, explicit.Adapter)
	// Output:
	// true true true
	// *sqladapter.Adapter *sqladapter.Adapter
}

// README: "Adapters".
func Example_adapters() {
	ctx := context.Background()

	// SQL (SQLite, PostgreSQL, MySQL/MariaDB) sharing an Auth.js database,
	// with the users table renamed:
	sqlStore := sqladapter.New(sqladapter.Config{
		URL:    os.Getenv("DATABASE_URL"), // postgres://user:pass@db:5432/app
		Preset: "authjs",                  // @auth/pg-adapter's tables and columns
		Tables: map[string]string{"user": "members"},
	})

	// GORM: your own *gorm.DB (NextAuth.js v3's Prisma adapter, for Go).
	db, err := gorm.Open(postgres.Open(os.Getenv("GORM_DSN")), &gorm.Config{})
	if err != nil {
		log.Fatal(err)
	}
	gormStore := gormadapter.New(db, gormadapter.Options{Preset: "nextauth-v3", AutoMigrate: true})

	// Redis: any redis.UniversalClient (single node, Sentinel, Cluster).
	rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379", ContextTimeoutEnabled: true}) // StoreTimeout bounds calls
	redisStore, err := redisadapter.New(rdb, redisadapter.Options{Prefix: "myapp:"})
	if err != nil {
		log.Fatal(err)
	}

	// Memory: tests and prototypes.
	memStore := memory.New()

	for _, store := range []adapter.Adapter{sqlStore, gormStore, redisStore, memStore} {
		if p, ok := adapter.As[adapter.Pinger](store); ok {
			fmt.Println(p.Ping(ctx))
		}
	}
}

// README: "Providers".
func Example_providers() {
	// The built-in OAuth / OpenID Connect services are values in
	// providers/services. Given Getenv they read AUTH_GITHUB_ID and
	// AUTH_GITHUB_SECRET (AUTH_<ID>_...); or take the credentials in code.
	gh, err := services.GitHub.New(oauth.Options{Getenv: os.Getenv})
	if err != nil {
		log.Fatal(err)
	}
	goog, err := services.Google.New(oauth.Options{ClientID: "…", ClientSecret: "…"})
	if err != nil {
		log.Fatal(err)
	}

	// Email magic links by SMTP: EMAIL_SERVER=smtp://user:pass@smtp.example.com:587
	magic, err := email.New(email.Options{Server: os.Getenv("EMAIL_SERVER"), From: os.Getenv("EMAIL_FROM")})
	if err != nil {
		log.Fatal(err)
	}

	// Credentials: your own check; return a stored user, or nil for "wrong".
	var store adapter.Adapter = memory.New()
	login, err := credentials.New(credentials.Options{
		Authorize: func(ctx context.Context, c map[string]string, r *http.Request) (*adapter.User, error) {
			user, err := store.GetUserByEmail(ctx, c["username"])
			if errors.Is(err, adapter.ErrNotFound) {
				return nil, nil
			}
			if err != nil {
				return nil, err
			}
			if bcrypt.CompareHashAndPassword(passwordHash(user), []byte(c["password"])) != nil {
				return nil, nil
			}
			return user, nil
		},
	})
	if err != nil {
		log.Fatal(err)
	}

	_, err = gatehouse.New(gatehouse.Config{
		Secrets:   []string{os.Getenv("AUTH_SECRET")},
		Adapter:   store,
		Providers: []providers.Provider{gh, goog, magic, login},
	})
	fmt.Println(err != nil)
}

// passwordHash stands for wherever the application keeps password hashes.
func passwordHash(u *adapter.User) []byte {
	h, _ := u.Extra["password_hash"].(string)
	return []byte(h)
}

// README: "Sessions".
func Example_sessions() {
	auth, err := gatehouse.New(gatehouse.Config{
		Secrets:  []string{os.Getenv("AUTH_SECRET")},
		URL:      "https://example.com/api/auth",
		Database: os.Getenv("DATABASE_URL"),
		Session: gatehouse.SessionConfig{
			Strategy:  gatehouse.StrategyDatabase, // or StrategyJWT: an encrypted cookie, no table
			MaxAge:    7 * 24 * time.Hour,         // idle sessions end after a week
			UpdateAge: time.Hour,                  // extend at most once an hour
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/api/auth/", auth)
	mux.Handle("/", auth.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s, ok := gatehouse.SessionFromContext(r.Context()); ok {
			fmt.Fprintf(w, "Hello, %s (user %s)", s.User.Name, s.User.ID)
			return
		}
		http.Redirect(w, r, "/api/auth/signin", http.StatusFound)
	})))
	mux.Handle("/api/orders", auth.RequireSession(ordersAPI)) // 401 JSON for programs
}

var ordersAPI http.Handler = http.NotFoundHandler()

// README: "Sharing a database with NextAuth.js / Auth.js".
func Example_shareDatabase() {
	auth, err := gatehouse.New(gatehouse.Config{
		Secrets: []string{os.Getenv("AUTH_SECRET")}, // the Next.js app's AUTH_SECRET
		URL:     "https://example.com/api/auth",
		Adapter: sqladapter.New(sqladapter.Config{
			URL:    os.Getenv("DATABASE_URL"),
			Preset: "authjs", // or "authjs-prisma", "nextauth-v3"
		}),
		Session: gatehouse.SessionConfig{RawTokens: true}, // store session tokens as Auth.js does
	})
	fmt.Println(auth != nil, err)
}

// README: "Reading a Next.js (Auth.js) session from a Go API".
func Example_readNextAuthJWT() {
	getter, err := jwt.NewGetter(jwt.GetterOptions{Secrets: strings.Split(os.Getenv("AUTH_SECRET"), ",")})
	if err != nil {
		log.Fatal(err)
	}
	http.HandleFunc("/api/me", func(w http.ResponseWriter, r *http.Request) {
		claims, err := getter.GetToken(r)
		if errors.Is(err, jwt.ErrNoToken) {
			http.Error(w, "not signed in", http.StatusUnauthorized)
			return
		}
		if err != nil {
			http.Error(w, "bad session", http.StatusUnauthorized)
			return
		}
		fmt.Fprintf(w, "hello %s <%s>", claims.Subject(), claims.Email())
	})
}

// README: "Writing an adapter". The README tells readers to replace
// memory.New() with their adapter; here the suite runs on the memory adapter.
func TestMyAdapter(t *testing.T) {
	adaptertest.Run(t, func(t *testing.T) adapter.Adapter { return memory.New() })
}
