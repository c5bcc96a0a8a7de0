package main

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"

	"github.com/gatehouse-go/gatehouse"
	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/credentials"
	"github.com/gatehouse-go/gatehouse/providers/email"
)

// Defaults of serve.
const (
	defaultAddr     = "127.0.0.1:3000"
	defaultDatabase = "sqlite:gatehouse.db"
	demoUserName    = "demo"
	demoUserEmail   = "demo@example.com"
)

// serveOptions are serve's flags.
type serveOptions struct {
	addr         string
	database     string
	synchronize  optBool
	demoUser     optBool
	demoPassword string
	nextAuthV4   bool
	trust        trustOptions
	http         httpOptions
	db           dbOptions
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer, getenv env) error {
	fs := newFlagSet("serve", "[--addr HOST:PORT] [--database URL]",
		"Serve runs the gatehouse demo app: a home page showing the session, a protected\n"+
			"page, and sign-in/sign-out through gatehouse's pages. With no flags and no\n"+
			"environment it uses SQLite in ./gatehouse.db, a generated secret, email sign-in\n"+
			"in dev mode (links printed here and listed at /dev/emails) and a demo user.\n\n"+
			"Environment: DATABASE_URL, AUTH_SECRET, AUTH_URL, AUTH_TRUST_HOST, AUTH_NEXTAUTH_V4,\n"+
			"EMAIL_SERVER, EMAIL_FROM, and AUTH_<ID>_ID/_SECRET/_ISSUER for the built-in\n"+
			"providers, whose ids are:\n"+builtinIDs(78)+"\n"+
			"(AUTH_OIDC_ISSUER/_ID/_SECRET add a generic OpenID Connect provider, id \"oidc\").\n"+
			httpEmailHelp, stdout)
	var o serveOptions
	fs.StringVar(&o.addr, "addr", defaultAddr, "address to listen on (port 0 picks a free port)")
	fs.StringVar(&o.database, "database", "", "database URL, such as sqlite::memory: or postgres://user:pass@localhost/app (default $DATABASE_URL, else "+defaultDatabase+")")
	fs.Var(&o.synchronize, "synchronize", "create missing tables, columns and indexes at start-up, never dropping anything (default: true on the embedded default or sqlite::memory:, else the URL's ?synchronize=, else false)")
	fs.Var(&o.demoUser, "demo-user", "store a demo user (name \""+demoUserName+"\") and offer a credentials sign-in for it (default: true on the embedded default or sqlite::memory:, else false)")
	fs.StringVar(&o.demoPassword, "demo-password", "", "the demo user's password (default: a random one, printed at start-up)")
	fs.BoolVar(&o.nextAuthV4, "nextauth-v4", false, "NextAuth.js v4 mode, for a front end on next-auth 4: v4 cookie names, {} for no session, v4 JWTs (default $AUTH_NEXTAUTH_V4)")
	addTrustFlags(fs, &o.trust)
	o.http.register(fs)
	o.db.register(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := errors.Join(o.http.check(), o.db.check()); err != nil {
		return err
	}

	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w (choose another with --addr)", o.addr, err)
	}
	defer ln.Close()

	d, err := newDemo(ctx, o, ln.Addr().(*net.TCPAddr), stdout, stderr, getenv)
	if err != nil {
		return err
	}
	defer d.close()

	return o.http.serveHTTP(ctx, ln, d.handler(), d.auth, d.logger, stdout,
		fmt.Sprintf("gatehouse demo: listening on %s (Ctrl-C to stop)", d.siteURL))
}

// demo is the running demo app.
type demo struct {
	auth     *gatehouse.Auth
	store    demoStore
	redis    io.Closer       // the REDIS_URL client, or nil
	email    *email.Provider // nil unless in dev mode
	siteURL  string          // "http://127.0.0.1:3000"
	canon    string          // host requests are redirected to, or "" (any host)
	logger   *slog.Logger
	provider []providers.Provider

	// loopbackListener is whether serve listens on a loopback address only.
	loopbackListener bool
	// devHost is the Host /dev/emails answers (devmode.go), or "" when it
	// is off.
	devHost string
	devNote string // the email provider's note in the start-up output
}

// newDemo configures gatehouse from the options and the environment, prints
// what it chose, and opens the database.
func newDemo(ctx context.Context, o serveOptions, addr *net.TCPAddr, stdout, stderr io.Writer, getenv env) (*demo, error) {
	d := &demo{logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))}
	cfg, err := gatehouse.ConfigFromEnv(getenv)
	if err != nil {
		return nil, err
	}
	cfg.Logger = d.logger
	cfg.Theme.SiteName = "gatehouse demo"
	if o.nextAuthV4 {
		cfg.Cookies.V4Names = true
	}

	if len(cfg.Secrets) == 0 {
		cfg.Secrets = []string{newSecret()}
		fmt.Fprintln(stderr, "warning: AUTH_SECRET is not set; using a generated secret, so sessions end when the demo stops (set AUTH_SECRET=$(gatehouse secret) to keep them)")
	}

	// The site's origin: AUTH_URL, else the request's host behind a trusted
	// proxy, else the loopback address we listen on (serve_trust.go).
	if err := d.decideOrigin(&cfg, addr, o.trust, stderr); err != nil {
		return nil, err
	}

	// Database.
	db, err := chooseServeDB(o, getenv)
	if err != nil {
		return nil, err
	}
	o.db.apply(&db.cfg)
	if d.store, err = db.open(stdout); err != nil {
		return nil, err
	}
	cfg.Adapter = d.store
	fail := func(err error) (*demo, error) {
		d.close()
		return nil, err
	}
	db.describe(stdout)
	if err := o.db.initStore(ctx, d.store.Init, connectTimeout, stdout); err != nil {
		return fail(db.initError(err))
	}

	// Providers: the demo user, email, then OAuth/OIDC from the environment.
	if db.demoUser {
		p, password, err := demoCredentials(ctx, d.store, o.demoPassword)
		if err != nil {
			return fail(err)
		}
		cfg.Providers = append(cfg.Providers, p)
		fmt.Fprintf(stdout, "demo user: name %q, password %q\n", demoUserName, password)
	}
	ep, err := emailProvider(getenv, stdout)
	if err != nil {
		return fail(err)
	}
	if ep.dev {
		d.email = ep.p
		d.setupDevMode(&cfg, stdout)
	}
	cfg.Providers = append(cfg.Providers, ep.p)
	oauths, err := envProviders(getenv)
	if err != nil {
		return fail(err)
	}
	cfg.Providers = append(cfg.Providers, oauths...)
	passkeys, err := passkeyProviders(d.store, d.siteURL, stdout)
	if err != nil {
		return fail(err)
	}
	cfg.Providers = append(cfg.Providers, passkeys...)
	d.provider = cfg.Providers

	cfg.Metrics = o.http.metricsHook()
	o.http.observePool(d.store, db.cfg.Type)
	cfg.StoreTimeout = o.db.storeTimeout
	if d.redis, err = useRedis(ctx, getenv, &cfg, d.store, stdout, stderr); err != nil {
		return fail(err)
	}
	d.auth, err = gatehouse.New(cfg)
	if err != nil {
		return fail(err)
	}

	fmt.Fprintln(stdout, "providers:")
	for _, p := range cfg.Providers {
		info := p.Info()
		note := ""
		switch {
		case providers.TypeOf(p) == providers.TypeEmail && ep.dev:
			note = d.devNote
		case providers.TypeOf(p) == providers.TypeEmail:
			note = " (sent by " + ep.sentBy() + " from " + ep.from + ")"
		case providers.TypeOf(p) == providers.TypeCredentials:
			note = " (the demo user)"
		}
		fmt.Fprintf(stdout, "  %-20s %s%s\n", info.ID, info.Name, note)
	}
	return d, nil
}

// close closes the stores, once the server has shut down.
func (d *demo) close() {
	if d.redis != nil {
		d.redis.Close()
	}
	d.store.Close()
}

// emailChoice is the email provider and how it delivers.
type emailChoice struct {
	p    *email.Provider
	dev  bool
	from string
	via  string // the HTTP mail API, or "" for SMTP
}

// emailProvider sends through an HTTP mail API when its key is set, else by
// SMTP when EMAIL_SERVER is set, and otherwise runs in
// dev mode, printing each link to stdout.
func emailProvider(getenv env, stdout io.Writer) (emailChoice, error) {
	if c, ok, err := httpEmailChoice(getenv); ok {
		return c, err
	}
	server := strings.TrimSpace(getenv("EMAIL_SERVER"))
	from := strings.TrimSpace(getenv("EMAIL_FROM"))
	if server == "" {
		p, err := email.New(email.Options{
			DevMode:      true,
			DevLinksPage: "/dev/emails", // named on the verify-request page
			Logger:       slog.New(newLinkPrinter(stdout)),
		})
		return emailChoice{p: p, dev: true}, err
	}
	if from == "" {
		return emailChoice{}, errors.New("EMAIL_SERVER is set but EMAIL_FROM is not: set EMAIL_FROM to the sender address, such as \"Demo <no-reply@example.com>\"")
	}
	p, err := email.New(email.Options{Server: server, From: from})
	if err != nil {
		return emailChoice{}, fmt.Errorf("EMAIL_SERVER: %w", err)
	}
	return emailChoice{p: p, from: from}, nil
}

// demoCredentials stores the demo user (once) and returns a credentials
// provider that signs it in with its name and password.
func demoCredentials(ctx context.Context, store adapter.Adapter, password string) (providers.Provider, string, error) {
	if password == "" {
		password = strings.TrimRight(newSecret()[:16], "=")
	}
	user, err := store.GetUserByEmail(ctx, demoUserEmail)
	if errors.Is(err, adapter.ErrNotFound) {
		user, err = store.CreateUser(ctx, &adapter.User{Name: "Demo User", Email: demoUserEmail})
	}
	if err != nil {
		return nil, "", fmt.Errorf("creating the demo user: %w", err)
	}
	p, err := credentials.New(credentials.Options{
		Name: "Demo user",
		Authorize: func(ctx context.Context, c map[string]string, r *http.Request) (*adapter.User, error) {
			nameOK := subtle.ConstantTimeCompare([]byte(c["username"]), []byte(demoUserName))
			passOK := subtle.ConstantTimeCompare([]byte(c["password"]), []byte(password))
			if nameOK&passOK != 1 {
				return nil, nil
			}
			return user, nil
		},
	})
	return p, password, err
}

// origin returns the scheme and host of u ("https://example.com").
func origin(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		if j := strings.IndexByte(u[i+3:], '/'); j >= 0 {
			return u[:i+3+j]
		}
	}
	return u
}

// hostPort names a listening address for a browser: "localhost:3000" for
// an unspecified IP.
func hostPort(a *net.TCPAddr) string {
	if a.IP.IsUnspecified() {
		return net.JoinHostPort("localhost", fmt.Sprint(a.Port))
	}
	return a.String()
}

// describeDatabase names a database without its password.
func describeDatabase(c sqladapter.Config) string {
	if c.Type == "sqlite" {
		return c.Database
	}
	host := c.Host
	if host == "" {
		host = "localhost"
	}
	if c.Port != 0 {
		host = net.JoinHostPort(host, fmt.Sprint(c.Port))
	}
	return fmt.Sprintf("database %q on %s", c.Database, host)
}
