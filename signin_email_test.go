package gatehouse

import (
	"context"
	"errors"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
	"github.com/gatehouse-go/gatehouse/internal/smtptest"
	"github.com/gatehouse-go/gatehouse/internal/testutil"
	"github.com/gatehouse-go/gatehouse/internal/web"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/email"
)

// recordingProvider is the real email provider, recording every request it
// is asked to send (the raw token included) before sending it.
type recordingProvider struct {
	*email.Provider
	mu   sync.Mutex
	sent []providers.VerificationRequest
}

func (p *recordingProvider) SendVerificationRequest(ctx context.Context, r providers.VerificationRequest) error {
	p.mu.Lock()
	p.sent = append(p.sent, r)
	p.mu.Unlock()
	return p.Provider.SendVerificationRequest(ctx, r)
}

func (p *recordingProvider) requests() []providers.VerificationRequest {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]providers.VerificationRequest(nil), p.sent...)
}

// emailHarness is a harness with an email provider ("email") sending
// through a real in-process SMTP server.
type emailHarness struct {
	*harness
	smtp     *smtptest.Server
	provider *recordingProvider
}

// newEmailHarness starts an SMTP server (with smtpOpts) and a handler whose
// email provider sends to it, or to serverURL when it is not empty.
func newEmailHarness(t *testing.T, smtpOpts smtptest.Options, serverURL string, opts ...harnessOption) *emailHarness {
	t.Helper()
	srv := smtptest.Start(t, smtpOpts)
	if serverURL == "" {
		serverURL = srv.URL()
	}
	p, err := email.New(email.Options{
		Server:    serverURL,
		From:      "Example <no-reply@example.com>",
		TLSConfig: srv.ClientTLSConfig(),
		Timeout:   5 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	rp := &recordingProvider{Provider: p}
	all := append([]harnessOption{func(c *Config) {
		c.Providers = append(c.Providers, rp)
		c.Theme.SiteName = "Example"
	}}, opts...)
	return &emailHarness{harness: newHarness(t, all...), smtp: srv, provider: rp}
}

// requestLink posts the sign-in form for address.
func (h *emailHarness) requestLink(address, callbackURL string, headers ...string) *response {
	h.t.Helper()
	return h.post("/api/auth/signin/email", url.Values{"csrfToken": {h.csrf()}, "email": {address}, "callbackUrl": {callbackURL}}, headers...)
}

// mailedLink waits for the n-th message (1-based), checks it is addressed to
// to and returns the sign-in link in its text body.
func (h *emailHarness) mailedLink(n int, to string) string {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	msgs, err := h.smtp.Wait(ctx, n)
	if err != nil {
		h.t.Fatal(err)
	}
	m := msgs[n-1]
	if len(m.To) != 1 || m.To[0] != to {
		h.t.Fatalf("message %d is to %v, want %s", n, m.To, to)
	}
	parsed, err := m.Parse()
	if err != nil {
		h.t.Fatal(err)
	}
	link, err := smtptest.FindLink(parsed.Text, h.base+"/callback/email?")
	if err != nil {
		h.t.Fatalf("%v\ntext body:\n%s", err, parsed.Text)
	}
	if htmlLink, err := smtptest.FindLink(parsed.HTML, h.base+"/callback/email?"); err != nil || htmlLink != link {
		h.t.Errorf("HTML body link %q (%v), want the text body's %q", htmlLink, err, link)
	}
	return link
}

var hiddenInput = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)

// confirm opens link (GET), checks that it shows the confirmation page and
// returns the page's form fields.
func (h *emailHarness) confirm(link string) url.Values {
	h.t.Helper()
	res := h.get(strings.TrimPrefix(link, h.srv.URL))
	if res.StatusCode != http.StatusOK || !strings.Contains(res.body, "Finish signing in") {
		h.t.Fatalf("GET link: %d, want the confirmation page; body:\n%s", res.StatusCode, res.body)
	}
	if !strings.Contains(res.body, `action="`+h.base+`/callback/email"`) {
		h.t.Errorf("confirmation form does not post to the callback:\n%s", res.body)
	}
	form := url.Values{}
	for _, m := range hiddenInput.FindAllStringSubmatch(res.body, -1) {
		form.Set(m[1], html.UnescapeString(m[2]))
	}
	for _, k := range []string{"csrfToken", "token", "email"} {
		if form.Get(k) == "" {
			h.t.Fatalf("confirmation form lacks %s: %v", k, form)
		}
	}
	return form
}

// use posts the confirmation form.
func (h *emailHarness) use(form url.Values) *response {
	h.t.Helper()
	return h.post("/api/auth/callback/email", form)
}

func (h *emailHarness) userSessions(userID string) []*adapter.Session {
	h.t.Helper()
	s, err := h.mem.ListSessions(context.Background(), userID)
	if err != nil {
		h.t.Fatal(err)
	}
	return s
}

func wantErrorRedirect(t *testing.T, res *response, page, code string) {
	t.Helper()
	if res.StatusCode != http.StatusFound {
		t.Fatalf("status %d, want 302 to %s?error=%s; body %s", res.StatusCode, page, code, res.body)
	}
	u, err := url.Parse(res.location())
	if err != nil || !strings.HasSuffix(u.Path, page) || u.Query().Get("error") != code {
		t.Fatalf("redirect to %q, want %s?error=%s", res.location(), page, code)
	}
}

func TestEmailEndToEnd(t *testing.T) {
	var events []string
	var mu sync.Mutex
	record := func(s string) { mu.Lock(); events = append(events, s); mu.Unlock() }
	h := newEmailHarness(t, smtptest.Options{}, "", func(c *Config) {
		c.Events.CreateUser = func(_ context.Context, u *adapter.User) { record("createUser:" + u.Email) }
		c.Events.UpdateUser = func(_ context.Context, u *adapter.User) { record("updateUser:" + u.Email) }
		c.Events.SignIn = func(_ context.Context, e SignInEvent) {
			record("signIn:" + e.User.Email + ":" + map[bool]string{true: "new", false: "existing"}[e.IsNewUser])
		}
	})

	res := h.requestLink("  Bob@EXAMPLE.com ", "/welcome")
	if res.StatusCode != http.StatusFound || res.location() != h.base+"/verify-request?provider=email&type=email" {
		t.Fatalf("POST /signin/email: %d %q, want 302 to verify-request", res.StatusCode, res.location())
	}
	link := h.mailedLink(1, "bob@example.com")
	lu, _ := url.Parse(link)
	if q := lu.Query(); q.Get("email") != "bob@example.com" || q.Get("callbackUrl") != h.srv.URL+"/welcome" || !web.IsLowerHex(q.Get("token"), 64) {
		t.Fatalf("link query %v", q)
	}

	// The GET shows a page and uses nothing: a scanner opening it twice
	// changes nothing.
	form := h.confirm(link)
	h.confirm(link)
	if s := h.session(); s != nil {
		t.Fatalf("session after GET: %v", s)
	}
	if _, err := h.mem.GetUserByEmail(context.Background(), "bob@example.com"); !errors.Is(err, adapter.ErrNotFound) {
		t.Fatalf("user created by the GET: %v", err)
	}

	res = h.use(form)
	if res.StatusCode != http.StatusFound || res.location() != h.srv.URL+"/welcome" {
		t.Fatalf("POST link: %d %q, want 302 to /welcome; body %s", res.StatusCode, res.location(), res.body)
	}
	if h.sessionCookie() == "" {
		t.Fatal("no session cookie after the POST")
	}
	s := h.session()
	user, _ := s["user"].(map[string]any)
	if user["email"] != "bob@example.com" {
		t.Fatalf("GET /session = %v", s)
	}
	bob, err := h.mem.GetUserByEmail(context.Background(), "bob@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if bob.EmailVerified == nil || !bob.EmailVerified.Equal(h.clock.Now()) {
		t.Errorf("new user EmailVerified = %v, want %v", bob.EmailVerified, h.clock.Now())
	}
	if user["id"] != bob.ID || len(h.userSessions(bob.ID)) != 1 {
		t.Errorf("session user %v, stored sessions %d", user["id"], len(h.userSessions(bob.ID)))
	}

	// The same link again fails, and signs nobody in.
	h.jar.SetCookies(lu, []*http.Cookie{{Name: "authjs.session-token", Value: "", Path: "/", MaxAge: -1}})
	wantErrorRedirect(t, h.use(form), "/error", "Verification")
	if s := h.session(); s != nil {
		t.Fatalf("session after reusing the link: %v", s)
	}
	if n := len(h.userSessions(bob.ID)); n != 1 {
		t.Errorf("%d sessions after reuse, want 1", n)
	}
	if got := strings.Join(events, " "); got != "createUser:bob@example.com signIn:bob@example.com:new" {
		t.Errorf("events %q", got)
	}
	if strings.Contains(h.logs.String(), form.Get("token")) {
		t.Error("the log contains the raw token")
	}
}

// TestEmailExistingUser checks that an existing user is signed in, and
// marked verified only when not verified yet.
func TestEmailExistingUser(t *testing.T) {
	earlier := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name       string
		verified   *time.Time
		wantUpdate bool
	}{
		{"unverified gets EmailVerified", nil, true},
		{"verified keeps its date", &earlier, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var updates []string
			h := newEmailHarness(t, smtptest.Options{}, "", func(c *Config) {
				c.Events.UpdateUser = func(_ context.Context, u *adapter.User) { updates = append(updates, u.ID) }
			})
			ctx := context.Background()
			alice := h.alice.Clone()
			alice.EmailVerified = tt.verified
			alice.Extra = map[string]any{}
			if _, err := h.mem.UpdateUser(ctx, alice); err != nil {
				t.Fatal(err)
			}
			h.requestLink("alice@example.com", "/")
			h.store.Take()
			res := h.use(h.confirm(h.mailedLink(1, "alice@example.com")))
			if res.StatusCode != http.StatusFound || res.location() != h.srv.URL+"/" {
				t.Fatalf("POST link: %d %q", res.StatusCode, res.location())
			}
			calls := h.store.Take()
			got, _ := h.mem.GetUser(ctx, h.alice.ID)
			if tt.wantUpdate {
				if got.EmailVerified == nil || !got.EmailVerified.Equal(h.clock.Now()) || calls["UpdateUser"] != 1 || len(updates) != 1 {
					t.Errorf("EmailVerified %v, UpdateUser calls %d, events %v", got.EmailVerified, calls["UpdateUser"], updates)
				}
			} else if !got.EmailVerified.Equal(earlier) || calls["UpdateUser"] != 0 || len(updates) != 0 {
				t.Errorf("EmailVerified %v, UpdateUser calls %d, events %v", got.EmailVerified, calls["UpdateUser"], updates)
			}
			if got.Name != "Alice" || calls["CreateUser"] != 0 {
				t.Errorf("user %+v, CreateUser calls %d", got, calls["CreateUser"])
			}
			if n := len(h.sessions()); n != 1 {
				t.Errorf("%d sessions for alice, want 1", n)
			}
		})
	}
}

// TestEmailLinkRefused covers links that must not sign anyone in.
func TestEmailLinkRefused(t *testing.T) {
	tests := []struct {
		name string
		// spoil changes the clock or the confirmation form before the POST.
		spoil func(h *emailHarness, form url.Values)
		// stillValid is whether the original link works afterwards.
		stillValid bool
	}{
		{"expired", func(h *emailHarness, _ url.Values) { h.clock.Advance(email.DefaultMaxAge + time.Second) }, false},
		{"expires exactly now", func(h *emailHarness, _ url.Values) { h.clock.Advance(email.DefaultMaxAge) }, false},
		{"other email", func(_ *emailHarness, f url.Values) { f.Set("email", "eve@example.com") }, true},
		{"other email, same after normalising", func(_ *emailHarness, f url.Values) { f.Set("email", "EVE@example.com") }, true},
		{"wrong token", func(_ *emailHarness, f url.Values) { f.Set("token", strings.Repeat("ab", 32)) }, true},
		{"hash of the token as the token", func(h *emailHarness, f url.Values) { f.Set("token", web.SHA256Hex(f.Get("token")+testSecret)) }, true},
		{"missing token", func(_ *emailHarness, f url.Values) { f.Del("token") }, true},
		{"token with spaces", func(_ *emailHarness, f url.Values) { f.Set("token", f.Get("token")+" x") }, true},
		{"bad email", func(_ *emailHarness, f url.Values) { f.Set("email", "bob") }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newEmailHarness(t, smtptest.Options{}, "")
			h.requestLink("bob@example.com", "/")
			form := h.confirm(h.mailedLink(1, "bob@example.com"))
			orig := url.Values{}
			for k, v := range form {
				orig[k] = append([]string(nil), v...)
			}
			tt.spoil(h, form)
			wantErrorRedirect(t, h.use(form), "/error", "Verification")
			if s := h.session(); s != nil {
				t.Fatalf("session: %v", s)
			}
			if _, err := h.mem.GetUserByEmail(context.Background(), "bob@example.com"); !errors.Is(err, adapter.ErrNotFound) {
				t.Fatalf("a user was created: %v", err)
			}
			res := h.use(orig)
			if tt.stillValid {
				if res.StatusCode != http.StatusFound || res.location() != h.srv.URL+"/" {
					t.Fatalf("the real link no longer works: %d %q", res.StatusCode, res.location())
				}
			} else {
				wantErrorRedirect(t, res, "/error", "Verification")
			}
		})
	}
}

// TestEmailConcurrentUse posts one link 20 times at once: exactly one
// succeeds.
func TestEmailConcurrentUse(t *testing.T) {
	h := newEmailHarness(t, smtptest.Options{}, "")
	h.requestLink("bob@example.com", "/")
	form := h.confirm(h.mailedLink(1, "bob@example.com"))
	const n = 20
	var wg sync.WaitGroup
	results := make([]*http.Response, n)
	errs := make([]error, n)
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			req, _ := http.NewRequest("POST", h.base+"/callback/email", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for _, c := range h.jar.Cookies(req.URL) {
				req.AddCookie(c)
			}
			client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			results[i], errs[i] = client.Do(req)
			if errs[i] == nil {
				results[i].Body.Close()
			}
		})
	}
	close(start)
	wg.Wait()
	ok, refused := 0, 0
	for i, res := range results {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		switch loc := res.Header.Get("Location"); {
		case loc == h.srv.URL+"/":
			ok++
			if !strings.Contains(strings.Join(res.Header.Values("Set-Cookie"), ";"), "authjs.session-token=") {
				t.Error("the successful POST set no session cookie")
			}
		case strings.HasSuffix(loc, "/error?error=Verification"):
			refused++
		default:
			t.Errorf("unexpected answer %d %q", res.StatusCode, loc)
		}
	}
	if ok != 1 || refused != n-1 {
		t.Fatalf("%d sign-ins and %d refusals, want 1 and %d", ok, refused, n-1)
	}
	bob, err := h.mem.GetUserByEmail(context.Background(), "bob@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if s := h.userSessions(bob.ID); len(s) != 1 {
		t.Fatalf("%d sessions stored, want 1", len(s))
	}
}

// TestEmailSendFailure covers an SMTP server that is down or refuses the
// recipient: EmailSignin, the cause in the log, and no usable token.
func TestEmailSendFailure(t *testing.T) {
	tests := []struct {
		name      string
		opts      smtptest.Options
		down      bool
		wantInLog string
	}{
		{"server down", smtptest.Options{}, true, "connection refused"},
		{"recipient refused", smtptest.Options{RejectRecipient: func(a string) error {
			return errors.New("no such mailbox here")
		}}, false, "no such mailbox here"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			server := ""
			if tt.down {
				server = "smtp://" + smtptest.UnusedAddr(t)
			}
			h := newEmailHarness(t, tt.opts, server)
			h.store.Take()
			res := h.requestLink("bob@example.com", "/")
			wantErrorRedirect(t, res, "/signin", "EmailSignin")
			logs := h.logs.String()
			if !strings.Contains(logs, tt.wantInLog) || !strings.Contains(logs, "EmailSignin") {
				t.Errorf("log lacks the cause %q:\n%s", tt.wantInLog, logs)
			}
			calls := h.store.Take()
			if calls["CreateVerificationToken"] != 1 || calls["UseVerificationToken"] != 1 {
				t.Errorf("adapter calls %v: want the token stored and deleted again", calls)
			}
			sent := h.provider.requests()
			if len(sent) != 1 {
				t.Fatalf("%d send attempts, want 1", len(sent))
			}
			if strings.Contains(logs, sent[0].Token) {
				t.Error("the log contains the raw token")
			}
			// The token that was not delivered does not work.
			form := url.Values{"csrfToken": {h.csrf()}, "token": {sent[0].Token}, "email": {"bob@example.com"}}
			wantErrorRedirect(t, h.use(form), "/error", "Verification")
			// A failed send does not count against the rate limit.
			wantErrorRedirect(t, h.requestLink("bob@example.com", "/"), "/signin", "EmailSignin")
			if len(h.smtp.Messages()) != 0 {
				t.Errorf("%d messages delivered", len(h.smtp.Messages()))
			}
			page := h.get("/api/auth/signin?error=EmailSignin")
			if !strings.Contains(page.body, "could not be sent") {
				t.Errorf("sign-in page does not explain EmailSignin:\n%s", page.body)
			}
		})
	}
}

// TestEmailTokenStore checks that gatehouse stores sha256hex(token+secret)
// as Auth.js does, with one secret and with JoinSecrets.
func TestEmailTokenStore(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(*Config)
		secret string
	}{
		{"one secret", func(*Config) {}, testSecret},
		{"rotation: first secret", func(c *Config) { c.Secrets = []string{testSecret2, testSecret} }, testSecret2},
		{"JoinSecrets", func(c *Config) { c.Secrets = []string{testSecret2, testSecret}; c.Email.JoinSecrets = true }, testSecret2 + "," + testSecret},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newEmailHarness(t, smtptest.Options{}, "", tt.edit)
			h.requestLink("bob@example.com", "/")
			h.mailedLink(1, "bob@example.com")
			req := h.provider.requests()[0]
			if !web.IsLowerHex(req.Token, 64) {
				t.Fatalf("token %q, want 32 random bytes as hex", req.Token)
			}
			vt, err := h.mem.UseVerificationToken(context.Background(), "bob@example.com", web.SHA256Hex(req.Token+tt.secret))
			if err != nil {
				t.Fatalf("no row holds sha256hex(token+%q): %v", tt.secret, err)
			}
			if want := h.clock.Now().Add(email.DefaultMaxAge); !vt.Expires.Equal(want) || !req.Expires.Equal(want) {
				t.Errorf("expires %v (request %v), want %v", vt.Expires, req.Expires, want)
			}
		})
	}
}

// TestEmailAuthJSToken signs in with token rows written as Auth.js writes
// them, straight through the adapter.
func TestEmailAuthJSToken(t *testing.T) {
	const token = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
	tests := []struct {
		name      string
		secrets   []string
		hashedFor string // the secret the Auth.js app hashed with
		ok        bool
	}{
		{"single secret", []string{testSecret}, testSecret, true},
		{"Auth.js array secret (comma-joined)", []string{testSecret, testSecret2}, testSecret + "," + testSecret2, true},
		{"made before a rotation", []string{testSecret2, testSecret}, testSecret, true},
		{"unknown secret", []string{testSecret}, testSecret2, false},
		{"raw token stored", []string{testSecret}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newEmailHarness(t, smtptest.Options{}, "", func(c *Config) { c.Secrets = tt.secrets })
			stored := token
			if tt.hashedFor != "" {
				stored = web.SHA256Hex(token + tt.hashedFor)
			}
			err := h.mem.CreateVerificationToken(context.Background(), &adapter.VerificationToken{
				Identifier: "carol@example.com", Token: stored, Expires: h.clock.Now().Add(time.Hour),
			})
			if err != nil {
				t.Fatal(err)
			}
			link := h.base + "/callback/email?" + url.Values{"callbackUrl": {h.srv.URL + "/home"}, "token": {token}, "email": {"carol@example.com"}}.Encode()
			res := h.use(h.confirm(link))
			if !tt.ok {
				wantErrorRedirect(t, res, "/error", "Verification")
				return
			}
			if res.StatusCode != http.StatusFound || res.location() != h.srv.URL+"/home" {
				t.Fatalf("POST: %d %q", res.StatusCode, res.location())
			}
			if s := h.session(); s == nil || s["user"].(map[string]any)["email"] != "carol@example.com" {
				t.Fatalf("session %v", s)
			}
		})
	}
}

func TestEmailConsumeOnGet(t *testing.T) {
	h := newEmailHarness(t, smtptest.Options{}, "", func(c *Config) { c.Email.ConsumeOnGet = true })
	h.requestLink("bob@example.com", "/inbox")
	link := h.mailedLink(1, "bob@example.com")
	res := h.get(strings.TrimPrefix(link, h.srv.URL))
	if res.StatusCode != http.StatusFound || res.location() != h.srv.URL+"/inbox" {
		t.Fatalf("GET link: %d %q, want 302 to /inbox", res.StatusCode, res.location())
	}
	if s := h.session(); s == nil {
		t.Fatal("no session after GET with ConsumeOnGet")
	}
	wantErrorRedirect(t, h.get(strings.TrimPrefix(link, h.srv.URL)), "/error", "Verification")
}

// TestEmailEndsOtherUsersSession: using a link while someone else is signed
// in on the browser ends their session first; the same user's session is
// replaced by a new one (every sign-in rotates the token).
func TestEmailEndsOtherUsersSession(t *testing.T) {
	h := newEmailHarness(t, smtptest.Options{}, "")
	h.signIn(alicePass)
	if n := len(h.sessions()); n != 1 {
		t.Fatalf("%d sessions for alice", n)
	}
	h.requestLink("bob@example.com", "/")
	res := h.use(h.confirm(h.mailedLink(1, "bob@example.com")))
	if res.StatusCode != http.StatusFound {
		t.Fatalf("POST: %d %q", res.StatusCode, res.location())
	}
	if n := len(h.sessions()); n != 0 {
		t.Errorf("alice still has %d sessions", n)
	}
	if s := h.session(); s["user"].(map[string]any)["email"] != "bob@example.com" {
		t.Errorf("session %v", s)
	}
	bob, _ := h.mem.GetUserByEmail(context.Background(), "bob@example.com")

	// Bob again, while signed in as bob: still one session, under a new
	// token.
	h.clock.Advance(time.Minute)
	before := h.sessionCookie()
	h.requestLink("bob@example.com", "/")
	h.use(h.confirm(h.mailedLink(2, "bob@example.com")))
	if n := len(h.userSessions(bob.ID)); n != 1 || h.sessionCookie() == before {
		t.Errorf("bob has %d sessions (cookie rotated: %t), want 1 under a new token", n, h.sessionCookie() != before)
	}
}

func TestEmailSignInCallback(t *testing.T) {
	t.Run("refuses sending", func(t *testing.T) {
		var seen SignInParams
		h := newEmailHarness(t, smtptest.Options{}, "", func(c *Config) {
			c.Callbacks.SignIn = func(_ context.Context, p SignInParams) (string, error) {
				seen = p
				return "", errors.New("not on the guest list")
			}
		})
		h.store.Take()
		wantErrorRedirect(t, h.requestLink("bob@example.com", "/"), "/error", "AccessDenied")
		if !seen.VerificationRequest || seen.User.Email != "bob@example.com" || seen.Account == nil || seen.Account.ProviderAccountID != "bob@example.com" || seen.Account.Type != "email" {
			t.Errorf("callback saw %+v (account %+v)", seen, seen.Account)
		}
		if calls := h.store.Take(); calls["CreateVerificationToken"] != 0 || len(h.provider.requests()) != 0 {
			t.Errorf("token stored or mail sent for a refused address: %v", calls)
		}
	})
	t.Run("refuses the link", func(t *testing.T) {
		h := newEmailHarness(t, smtptest.Options{}, "", func(c *Config) {
			c.Callbacks.SignIn = func(_ context.Context, p SignInParams) (string, error) {
				if p.VerificationRequest {
					return "", nil
				}
				return "", errors.New("blocked since")
			}
		})
		h.requestLink("bob@example.com", "/")
		wantErrorRedirect(t, h.use(h.confirm(h.mailedLink(1, "bob@example.com"))), "/error", "AccessDenied")
		if s := h.session(); s != nil {
			t.Fatalf("session %v", s)
		}
		if _, err := h.mem.GetUserByEmail(context.Background(), "bob@example.com"); !errors.Is(err, adapter.ErrNotFound) {
			t.Fatalf("user created: %v", err)
		}
	})
}

func TestEmailBadInput(t *testing.T) {
	tests := []struct{ name, address string }{
		{"empty", ""},
		{"no at", "bob"},
		{"two ats", "bob@x@example.com"},
		{"quote", `"bob"@example.com`},
		{"huge", strings.Repeat("a", 2000) + "@example.com"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newEmailHarness(t, smtptest.Options{}, "")
			wantErrorRedirect(t, h.requestLink(tt.address, "/"), "/signin", "EmailSignin")
			if n := len(h.provider.requests()); n != 0 {
				t.Errorf("%d sends", n)
			}
		})
	}
}

// TestEmailJSONRedirect: the next-auth client's signIn("email") asks for
// JSON redirects.
func TestEmailJSONRedirect(t *testing.T) {
	h := newEmailHarness(t, smtptest.Options{}, "")
	res := h.requestLink("bob@example.com", "/", "X-Auth-Return-Redirect", "1")
	var v struct{ URL string }
	res.json(t, &v)
	if res.StatusCode != http.StatusOK || v.URL != h.base+"/verify-request?provider=email&type=email" {
		t.Fatalf("%d %q", res.StatusCode, v.URL)
	}
	res = h.requestLink("bob@example.com", "/", "X-Auth-Return-Redirect", "1")
	res.json(t, &v)
	if u, _ := url.Parse(v.URL); u.Query().Get("error") != "EmailRateLimited" {
		t.Fatalf("second request: %q", v.URL)
	}
}

// TestEmailCustomVerifyRequestPage sends the user to Pages.VerifyRequest.
func TestEmailCustomVerifyRequestPage(t *testing.T) {
	h := newEmailHarness(t, smtptest.Options{}, "", func(c *Config) { c.Pages.VerifyRequest = "/check-mail" })
	res := h.requestLink("bob@example.com", "/")
	if res.location() != h.srv.URL+"/check-mail?provider=email&type=email" {
		t.Fatalf("redirect %q", res.location())
	}
}

func TestEmailConfigValidation(t *testing.T) {
	p, err := email.New(email.Options{DevMode: true, Logger: discardLogger()})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"no adapter", Config{Secrets: []string{testSecret}, URL: "https://example.com/api/auth", Providers: []providers.Provider{p}},
			"email sign-in keeps its one-time tokens in the adapter"},
		{"negative rate limit", Config{Secrets: []string{testSecret}, URL: "https://example.com/api/auth", Adapter: memory.New(),
			Providers: []providers.Provider{p}, Email: EmailConfig{RateLimit: RateLimit{Identifier: -1}}}, "Config.Email.RateLimit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.cfg)
			if !errors.Is(err, ErrInvalidConfig) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("New: %v, want %q", err, tt.want)
			}
		})
	}
}

// TestEmailAdapterFailures fails each adapter call of the flow in turn: the
// user sees the right code, and no session or half-made user is left.
func TestEmailAdapterFailures(t *testing.T) {
	tests := []struct {
		name    string
		tx      bool
		address string // alice@example.com exists and is unverified
		failAt  string // "send" or "use": when the failure starts
		method  string
		page    string
		code    string
	}{
		{"send: GetUserByEmail", false, "bob@example.com", "send", "GetUserByEmail", "/error", "Configuration"},
		{"send: CreateVerificationToken", false, "bob@example.com", "send", "CreateVerificationToken", "/signin", "EmailSignin"},
		{"use: UseVerificationToken", false, "bob@example.com", "use", "UseVerificationToken", "/error", "Configuration"},
		{"use: GetUserByEmail", false, "bob@example.com", "use", "GetUserByEmail", "/error", "Configuration"},
		{"use: CreateUser", false, "bob@example.com", "use", "CreateUser", "/signin", "EmailCreateAccount"},
		{"use: CreateSession, new user", false, "bob@example.com", "use", "CreateSession", "/signin", "EmailCreateAccount"},
		{"use: CreateSession, new user, in a transaction", true, "bob@example.com", "use", "CreateSession", "/signin", "EmailCreateAccount"},
		{"use: UpdateUser", false, "alice@example.com", "use", "UpdateUser", "/error", "Configuration"},
		{"use: UpdateUser, in a transaction", true, "alice@example.com", "use", "UpdateUser", "/error", "Configuration"},
		{"use: CreateSession, existing user, in a transaction", true, "alice@example.com", "use", "CreateSession", "/error", "Configuration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newEmailHarness(t, smtptest.Options{}, "", func(c *Config) {
				if tt.tx {
					c.Adapter = c.Adapter.(*testutil.Faulty).WithTx()
				}
			})
			if tt.failAt == "send" {
				h.store.Fail(tt.method)
				wantErrorRedirect(t, h.requestLink(tt.address, "/"), tt.page, tt.code)
				if n := len(h.smtp.Messages()); n != 0 {
					t.Errorf("%d messages sent", n)
				}
				return
			}
			h.requestLink(tt.address, "/")
			form := h.confirm(h.mailedLink(1, tt.address))
			h.store.Fail(tt.method)
			wantErrorRedirect(t, h.use(form), tt.page, tt.code)
			h.store.Fail("")
			if s := h.session(); s != nil {
				t.Fatalf("session %v", s)
			}
			if tt.address == "bob@example.com" {
				if _, err := h.mem.GetUserByEmail(context.Background(), tt.address); !errors.Is(err, adapter.ErrNotFound) {
					t.Errorf("half-made user left behind: %v", err)
				}
			} else if u, _ := h.mem.GetUser(context.Background(), h.alice.ID); tt.tx && u.EmailVerified != nil {
				t.Errorf("EmailVerified written by a rolled-back transaction")
			}
			if n := len(h.sessions()); n != 0 {
				t.Errorf("alice has %d sessions", n)
			}
		})
	}
}

// FuzzEmailCallback sends arbitrary link parameters to the callback (GET
// and POST): nothing but a stored token may ever start a session, and the
// handler answers every request without a server error.
func FuzzEmailCallback(f *testing.F) {
	p, err := email.New(email.Options{DevMode: true, Logger: discardLogger()})
	if err != nil {
		f.Fatal(err)
	}
	store := memory.New()
	a, err := New(Config{
		Secrets: []string{testSecret}, URL: "https://example.com/api/auth", Adapter: store,
		Providers: []providers.Provider{p}, Logger: discardLogger(),
	})
	if err != nil {
		f.Fatal(err)
	}
	csrf := strings.Repeat("c", 64)
	csrfCookie := &http.Cookie{Name: "__Host-authjs.csrf-token", Value: a.site.CSRFCookieValue(csrf)}
	f.Add(strings.Repeat("ab", 32), "bob@example.com", "/", false)
	f.Add("", "", "", true)
	f.Add("x y", "a@b@c", "//evil.example", true)
	f.Add("%00", "\u212A@example.com", "javascript:alert(1)", false)
	f.Fuzz(func(t *testing.T, token, addr, callback string, post bool) {
		q := url.Values{"token": {token}, "email": {addr}, "callbackUrl": {callback}}
		var req *http.Request
		if post {
			q.Set("csrfToken", csrf)
			req = httptest.NewRequest("POST", "https://example.com/api/auth/callback/email", strings.NewReader(q.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", "https://example.com")
		} else {
			req = httptest.NewRequest("GET", "https://example.com/api/auth/callback/email?"+q.Encode(), nil)
		}
		req.AddCookie(csrfCookie)
		w := newRecorder()
		a.ServeHTTP(w, req)
		if w.Code >= 500 {
			t.Fatalf("status %d: %s", w.Code, w.Body.String())
		}
		for _, c := range w.Result().Cookies() {
			if strings.Contains(c.Name, "session-token") && c.Value != "" {
				t.Fatalf("a session was started without a stored token: %v", c)
			}
		}
		if loc := w.Header().Get("Location"); loc != "" && !strings.HasPrefix(loc, "https://example.com/") {
			t.Fatalf("redirect off the site: %q", loc)
		}
	})
}

// TestEmailCSRF: both POSTs of the flow need the CSRF token.
func TestEmailCSRF(t *testing.T) {
	h := newEmailHarness(t, smtptest.Options{}, "")
	res := h.post("/api/auth/signin/email", url.Values{"email": {"bob@example.com"}})
	wantErrorRedirect(t, res, "/signin", "MissingCSRF")
	if n := len(h.provider.requests()); n != 0 {
		t.Fatalf("%d sends without CSRF", n)
	}
	h.requestLink("bob@example.com", "/")
	form := h.confirm(h.mailedLink(1, "bob@example.com"))
	forged := url.Values{"token": form["token"], "email": form["email"], "csrfToken": {strings.Repeat("0", 64)}}
	wantErrorRedirect(t, h.use(forged), "/signin", "MissingCSRF")
	if res := h.use(form); res.StatusCode != http.StatusFound || res.location() != h.srv.URL+"/" {
		t.Fatalf("the link does not work after a refused forgery: %d %q", res.StatusCode, res.location())
	}
}
