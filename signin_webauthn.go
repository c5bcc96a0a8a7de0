package gatehouse

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/internal/web"
	"github.com/gatehouse-go/gatehouse/jwt"
	"github.com/gatehouse-go/gatehouse/providers"
)

// CodeWebAuthnVerification is shown when a passkey ceremony fails: a
// response that does not verify (wrong origin or RP ID, bad signature,
// user verification missing), a missing, expired or replayed challenge, an
// unknown credential or a signature counter that went backwards. It is
// Auth.js's WebAuthnVerificationError.
const CodeWebAuthnVerification ErrorCode = "WebAuthnVerificationError"

// challengeMaxAge is how long a WebAuthn challenge cookie lives, as in
// Auth.js: 15 minutes.
const challengeMaxAge = 15 * time.Minute

// maxWebAuthnResponse bounds the credential JSON of a callback (the "data"
// field). Real attestations are a few kilobytes.
const maxWebAuthnResponse = 16 << 10

// The two WebAuthn actions, as Auth.js names them.
const (
	actionRegister     = "register"
	actionAuthenticate = "authenticate"
)

// webauthnKind is the passkey kind: GET /webauthn-options/{id} starts a
// ceremony, POST /callback/{id} finishes it.
type webauthnKind struct{}

func (webauthnKind) props() kindProps {
	return kindProps{iface: reflect.TypeFor[providers.WebAuthnProvider](), callbackCSRF: true, createUserCode: CodeWebAuthnVerification}
}

func (webauthnKind) check(cfg *Config) string {
	if !cfg.hasAdapter() {
		return "passkeys are stored in the adapter: set Config.Adapter or Config.Database (Auth.js requires an adapter too)"
	}
	if cfg.Adapter != nil {
		if _, ok := adapter.As[adapter.AuthenticatorStore](cfg.Adapter); !ok {
			return fmt.Sprintf("the adapter (%T) cannot store passkeys (it does not implement adapter.AuthenticatorStore): use one that does, such as adapters/memory or the SQL adapter with a preset that has an authenticators table", cfg.Adapter)
		}
	}
	return ""
}

// setup derives the challenge cookie's keys and checks that the adapter's
// schema has an authenticators table.
func (webauthnKind) setup(a *Auth) error {
	version := jwt.V5
	if a.cfg.Cookies.V4Names {
		version = jwt.V4
	}
	for i, names := range []*web.CookieNames{a.site.Names(false), a.site.Names(true)} {
		c, err := jwt.New(jwt.Options{Secrets: a.cfg.Secrets, Salt: names.Challenge, Version: version, MaxAge: challengeMaxAge, Now: a.now})
		if err != nil {
			return fmt.Errorf("gatehouse: the WebAuthn challenge cookie codec: %w", err)
		}
		a.webauthn.codecs[i] = c
	}
	if _, ok := adapter.As[adapter.AuthenticatorStore](a.cfg.Adapter); !ok {
		return fmt.Errorf("gatehouse: %w: a passkey provider needs an adapter with adapter.AuthenticatorStore", ErrInvalidConfig)
	}
	return nil
}

// checkPasskeyStore is called by New after the adapter's Init when a
// passkey provider is configured: an adapter whose schema has no
// authenticators table (the nextauth-v3 and authjs presets) answers ErrUnsupported, and
// New refuses the configuration saying so. Other errors (a table not
// migrated yet) are left to the first passkey request.
func (a *Auth) checkPasskeyStore(ctx context.Context) error {
	if !a.hasKind(webauthnKind{}) {
		return nil
	}
	store, _ := adapter.As[adapter.AuthenticatorStore](a.cfg.Adapter)
	if _, err := store.ListAuthenticators(ctx, "0"); errors.Is(err, adapter.ErrUnsupported) {
		return fmt.Errorf("gatehouse: %w: a passkey provider is configured but the adapter cannot store passkeys (%w); use a schema preset with an authenticators table (default or authjs-prisma)", ErrInvalidConfig, err)
	}
	return nil
}

// webauthnState is what an Auth keeps for passkeys: the challenge cookie's
// codecs, [secure].
type webauthnState struct {
	codecs [2]*jwt.Codec
}

// signIn answers POST /signin/{id} as Auth.js does for a provider without
// a redirect: with the sign-in page, where the passkey button runs the
// ceremony.
func (webauthnKind) signIn(a *Auth, rq *web.Request, _ providers.Provider) {
	rq.Redirect(a.signInPageURL(rq) + "?" + url.Values{"callbackUrl": {a.callbackURL(rq)}}.Encode())
}

func (webauthnKind) callback(a *Auth, rq *web.Request, p providers.Provider) {
	if rq.R.Method != http.MethodPost {
		rq.W.Header().Set("Allow", "POST")
		web.WritePlain(rq.W, http.StatusMethodNotAllowed, "gatehouse: passkey responses are posted to "+rq.ActionURL("callback", p.Info().ID))
		return
	}
	a.webauthnCallback(rq, p.(providers.WebAuthnProvider))
}

// relyingParty is the default relying party of a request: the site's
// host and origin.
func relyingParty(rq *web.Request) providers.RelyingParty {
	host := rq.Origin
	if u, err := url.Parse(rq.Origin); err == nil {
		host = u.Host
	}
	id := host
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.HasSuffix(host, "]") {
		id = host[:i]
	}
	return providers.RelyingParty{ID: strings.Trim(id, "[]"), Name: host, Origins: []string{rq.Origin}}
}

// challenge is what the challenge cookie keeps between the two halves of a
// ceremony.
type challenge struct {
	action   string
	provider string
	state    []byte
	user     providers.WebAuthnUser // register only
}

func (a *Auth) challengeCodec(secure bool) *jwt.Codec {
	if secure {
		return a.webauthn.codecs[1]
	}
	return a.webauthn.codecs[0]
}

// challengeCookie returns the encrypted cookie that keeps c for 15 minutes.
func (a *Auth) challengeCookie(rq *web.Request, c *challenge) (*http.Cookie, error) {
	claims := jwt.Claims{
		"action":   c.action,
		"provider": c.provider,
		"state":    base64.RawURLEncoding.EncodeToString(c.state),
	}
	if c.action == actionRegister {
		claims["registerData"] = map[string]any{"id": c.user.ID, "email": c.user.Email, "name": c.user.Name}
	}
	token, err := a.challengeCodec(rq.Secure).Encode(claims)
	if err != nil {
		return nil, fmt.Errorf("encrypting the challenge cookie: %w", err)
	}
	return rq.Cookie(rq.Names.Challenge, token, a.now().Add(challengeMaxAge)), nil
}

// useChallenge reads the challenge cookie (the response clears it: a
// challenge is used once) and checks it belongs to provider and action.
func (a *Auth) useChallenge(rq *web.Request, provider, action string) (*challenge, error) {
	raw := web.ReadCookie(rq.R, rq.Names.Challenge)
	if raw == "" {
		return nil, newError(CodeWebAuthnVerification, "the WebAuthn challenge cookie is missing (used already, older than %v, or cookies blocked): request new options from /webauthn-options/%s", challengeMaxAge, provider)
	}
	rq.SetCookie(rq.ClearCookie(rq.Names.Challenge))
	claims, err := a.challengeCodec(rq.Secure).Decode(raw)
	if err != nil {
		return nil, &Error{Code: CodeWebAuthnVerification, Err: fmt.Errorf("the WebAuthn challenge cookie is invalid or expired: %w", err)}
	}
	c := &challenge{}
	c.action, _ = claims["action"].(string)
	c.provider, _ = claims["provider"].(string)
	st, _ := claims["state"].(string)
	if c.state, err = base64.RawURLEncoding.DecodeString(st); err != nil || len(c.state) == 0 {
		return nil, newError(CodeWebAuthnVerification, "the WebAuthn challenge cookie has no state")
	}
	if c.provider != provider || c.action != action {
		return nil, newError(CodeWebAuthnVerification, "the WebAuthn challenge was issued for %s with provider %q, not for %s with %q", c.action, c.provider, action, provider)
	}
	if rd, ok := claims["registerData"].(map[string]any); ok {
		c.user.ID, _ = rd["id"].(string)
		c.user.Email, _ = rd["email"].(string)
		c.user.Name, _ = rd["name"].(string)
	}
	return c, nil
}

// handleWebAuthnOptions answers GET /webauthn-options/{id}?action=...&email=...
// as Auth.js does: {"action": "register"|"authenticate", "options": ...}
// with the challenge in the encrypted challenge cookie. Without action the
// decision is Auth.js's: signed in → nothing (refused); an email of a stored
// user → authenticate; a new email → register; no email → authenticate.
// action=register needs either a signed-in user or the email of a new user.
func (a *Auth) handleWebAuthnOptions(rq *web.Request, id string) {
	p, ok := a.providers[id].(providers.WebAuthnProvider)
	if !ok {
		web.WriteJSON(rq.W, http.StatusNotFound, map[string]string{"error": "unknown WebAuthn provider " + id})
		return
	}
	ctx := rq.R.Context()
	q := rq.R.URL.Query()
	action := q.Get("action")
	if action != "" && action != actionRegister && action != actionAuthenticate {
		web.WriteJSON(rq.W, http.StatusBadRequest, map[string]string{"error": "action must be \"register\" or \"authenticate\""})
		return
	}
	user, exists, loggedIn, err := a.webauthnUser(ctx, rq, q.Get("email"))
	if err != nil {
		a.optionsFail(rq, err)
		return
	}
	decision := inferWebAuthnAction(action, loggedIn, user, exists)
	store, _ := adapter.As[adapter.AuthenticatorStore](a.cfg.Adapter)
	rp := relyingParty(rq)
	c := &challenge{action: decision, provider: id}
	var options json.RawMessage
	switch decision {
	case actionRegister:
		var existing []*adapter.Authenticator
		if user.ID != "" {
			if existing, err = store.ListAuthenticators(ctx, user.ID); err != nil {
				a.optionsFail(rq, &Error{Code: CodeConfiguration, Err: fmt.Errorf("listing the user's passkeys: %w", err)})
				return
			}
		}
		c.user = *user
		options, c.state, err = p.BeginRegistration(ctx, rp, *user, existing)
	case actionAuthenticate:
		var allow []*adapter.Authenticator
		if user != nil && user.ID != "" && exists && !loggedIn {
			if allow, err = store.ListAuthenticators(ctx, user.ID); err != nil {
				a.optionsFail(rq, &Error{Code: CodeConfiguration, Err: fmt.Errorf("listing the user's passkeys: %w", err)})
				return
			}
		}
		options, c.state, err = p.BeginAuthentication(ctx, rp, allow)
	default:
		a.optionsFail(rq, newError(CodeWebAuthnVerification, "no WebAuthn action fits (action %q, signed in %v): sign-up needs the email of a new user (?email=), adding a passkey needs a signed-in user", action, loggedIn))
		return
	}
	if err != nil {
		a.optionsFail(rq, &Error{Code: CodeConfiguration, Err: fmt.Errorf("provider %q: starting the %s ceremony: %w", id, decision, err)})
		return
	}
	cookie, err := a.challengeCookie(rq, c)
	if err != nil {
		a.optionsFail(rq, &Error{Code: CodeConfiguration, Err: err})
		return
	}
	rq.SetCookie(cookie)
	rq.W.Header().Set("Cache-Control", "no-store")
	web.WriteJSON(rq.W, http.StatusOK, struct {
		Action  string          `json:"action"`
		Options json.RawMessage `json:"options"`
	}{decision, options})
}

// optionsFail answers a failed /webauthn-options request with JSON (the
// client fetches it), logging the cause.
func (a *Auth) optionsFail(rq *web.Request, err error) {
	code := codeOf(err)
	a.logError(rq.R, "WebAuthn options failed", err, "code", string(code))
	status := http.StatusBadRequest
	if code == CodeConfiguration {
		status = http.StatusInternalServerError
	}
	web.WriteJSON(rq.W, status, map[string]string{"error": string(code), "url": a.errorURL(rq, code)})
}

// webauthnUser finds who a ceremony is for: the signed-in user, else the
// user with the given email (exists), else a new user with that email; nil
// without a session and without an email.
func (a *Auth) webauthnUser(ctx context.Context, rq *web.Request, email string) (user *providers.WebAuthnUser, exists, loggedIn bool, err error) {
	current, cur, err := a.currentUser(ctx, rq)
	if err != nil {
		return nil, false, false, err
	}
	if current != "" {
		u, err := a.signedInUser(ctx, current, cur)
		if err != nil {
			return nil, false, false, err
		}
		return &providers.WebAuthnUser{ID: u.ID, Email: u.Email, Name: u.Name}, true, true, nil
	}
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" {
		return nil, false, false, nil
	}
	if len(email) > 320 || strings.Count(email, "@") != 1 || strings.HasPrefix(email, "@") || strings.HasSuffix(email, "@") {
		return nil, false, false, newError(CodeWebAuthnVerification, "%q is not an email address", email)
	}
	u, err := a.cfg.Adapter.GetUserByEmail(ctx, email)
	switch {
	case errors.Is(err, adapter.ErrNotFound):
		return &providers.WebAuthnUser{Email: email}, false, false, nil
	case err != nil:
		return nil, false, false, &Error{Code: CodeConfiguration, Err: fmt.Errorf("looking up the user by email: %w", err)}
	}
	return &providers.WebAuthnUser{ID: u.ID, Email: u.Email, Name: u.Name}, true, false, nil
}

// inferWebAuthnAction is Auth.js's inferWebAuthnOptions: the action to run,
// or "" when none fits.
func inferWebAuthnAction(requested string, loggedIn bool, user *providers.WebAuthnUser, exists bool) string {
	switch requested {
	case actionAuthenticate:
		return actionAuthenticate
	case actionRegister:
		if user != nil && loggedIn == exists {
			return actionRegister
		}
	case "":
		if !loggedIn {
			if user != nil && !exists {
				return actionRegister
			}
			return actionAuthenticate
		}
	}
	return ""
}

// webauthnResponse returns the callback's credential JSON: the "data"
// field, a JSON string as next-auth/webauthn posts it (form or JSON body),
// or an object in a JSON body.
func webauthnResponse(rq *web.Request) ([]byte, error) {
	data := []byte(rq.Form.Get("data"))
	if len(data) == 0 && len(rq.Data) > 0 {
		var s string
		if err := json.Unmarshal(rq.Data, &s); err == nil {
			data = []byte(s)
		} else {
			data = rq.Data
		}
	}
	if len(data) == 0 {
		return nil, newError(CodeWebAuthnVerification, "the callback has no \"data\" field with the credential")
	}
	if len(data) > maxWebAuthnResponse {
		return nil, newError(CodeWebAuthnVerification, "the credential is %d bytes, more than %d", len(data), maxWebAuthnResponse)
	}
	return data, nil
}

// credentialIDOf returns the credential ID a response names, in the form
// Auth.js stores it (standard base64), without verifying anything.
func credentialIDOf(data []byte) (string, error) {
	var r struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(data, &r); err != nil || r.ID == "" {
		return "", newError(CodeWebAuthnVerification, "the credential is not a JSON object with an \"id\"")
	}
	raw, err := decodeBase64Any(r.ID)
	if err != nil || len(raw) == 0 || len(raw) > 1023 {
		return "", newError(CodeWebAuthnVerification, "the credential id is not base64url of 1 to 1023 bytes")
	}
	return base64.StdEncoding.EncodeToString(raw), nil
}

// decodeBase64Any decodes base64 or base64url, padded or not, as Node's
// Buffer.from(s, "base64") (which Auth.js uses) does.
func decodeBase64Any(s string) ([]byte, error) {
	s = strings.TrimRight(s, "=")
	s = strings.NewReplacer("-", "+", "_", "/").Replace(s)
	return base64.RawStdEncoding.DecodeString(s)
}

// webauthnCallback finishes a ceremony: POST /callback/{id} with action
// and data (CSRF already checked).
func (a *Auth) webauthnCallback(rq *web.Request, p providers.WebAuthnProvider) {
	action := rq.Form.Get("action")
	if action != actionRegister && action != actionAuthenticate {
		a.fail(rq, newError(CodeWebAuthnVerification, "the action field is %q: it must be \"register\" or \"authenticate\"", action))
		return
	}
	var si *signIn
	var err error
	if action == actionRegister {
		si, err = a.webauthnRegister(rq, p)
	} else {
		si, err = a.webauthnAuthenticate(rq, p)
	}
	if err != nil {
		a.fail(rq, err)
		return
	}
	if a.signInCallbackAnswered(rq, SignInParams{User: si.user, Account: si.account, Provider: si.provider}) {
		return
	}
	a.completeSignIn(rq, si)
}

// webauthnRegister verifies a new passkey and returns the sign-in that
// stores it: a new user (sign-up) or the signed-in user (a passkey added).
func (a *Auth) webauthnRegister(rq *web.Request, p providers.WebAuthnProvider) (*signIn, error) {
	ctx := rq.R.Context()
	info := p.Info()
	data, err := webauthnResponse(rq)
	if err != nil {
		return nil, err
	}
	c, err := a.useChallenge(rq, info.ID, actionRegister)
	if err != nil {
		return nil, err
	}
	if c.user.Email == "" && c.user.ID == "" {
		return nil, newError(CodeWebAuthnVerification, "the challenge cookie has no user to register")
	}
	current, cur, err := a.currentUser(ctx, rq)
	if err != nil {
		return nil, err
	}
	if current != c.user.ID {
		return nil, newError(CodeWebAuthnVerification, "the signed-in user changed between the options and the registration")
	}
	au, err := p.FinishRegistration(ctx, relyingParty(rq), c.state, data)
	if err != nil {
		return nil, &Error{Code: CodeWebAuthnVerification, Err: fmt.Errorf("provider %q: registration refused: %w", info.ID, err)}
	}
	au.ProviderAccountID = au.CredentialID
	account := &adapter.Account{Type: string(providers.TypeWebAuthn), Provider: info.ID, ProviderAccountID: au.CredentialID}
	si := &signIn{provider: info, kind: webauthnKind{}, account: account, linkAccount: true, authenticator: au, callbackURL: a.callbackURL(rq)}
	if current != "" {
		u, err := a.signedInUser(ctx, current, cur)
		if err != nil {
			return nil, err
		}
		si.user, si.keepSession = u, true
		return si, nil
	}
	// Sign-up, as Auth.js: a new user with the address typed, not
	// verified; an address that belongs to a user is refused (that user
	// signs in first and adds a passkey).
	if _, err := a.cfg.Adapter.GetUserByEmail(ctx, c.user.Email); err == nil {
		return nil, newError(CodeWebAuthnVerification, "a user with this email exists: sign in and add a passkey instead")
	} else if !errors.Is(err, adapter.ErrNotFound) {
		return nil, &Error{Code: CodeConfiguration, Err: fmt.Errorf("looking up the user by email: %w", err)}
	}
	si.user, si.newUser = &adapter.User{Email: c.user.Email, Name: c.user.Name}, true
	return si, nil
}

// webauthnAuthenticate verifies an assertion, updates the credential's
// counter and returns the sign-in of its user.
func (a *Auth) webauthnAuthenticate(rq *web.Request, p providers.WebAuthnProvider) (*signIn, error) {
	ctx := rq.R.Context()
	info := p.Info()
	data, err := webauthnResponse(rq)
	if err != nil {
		return nil, err
	}
	c, err := a.useChallenge(rq, info.ID, actionAuthenticate)
	if err != nil {
		return nil, err
	}
	credID, err := credentialIDOf(data)
	if err != nil {
		return nil, err
	}
	store, _ := adapter.As[adapter.AuthenticatorStore](a.cfg.Adapter)
	stored, err := store.GetAuthenticator(ctx, credID)
	switch {
	case errors.Is(err, adapter.ErrNotFound):
		return nil, newError(CodeWebAuthnVerification, "unknown passkey %s", credID)
	case err != nil:
		return nil, &Error{Code: CodeConfiguration, Err: fmt.Errorf("reading the passkey: %w", err)}
	}
	counter, err := p.FinishAuthentication(ctx, relyingParty(rq), c.state, data, stored)
	if err != nil {
		return nil, &Error{Code: CodeWebAuthnVerification, Err: fmt.Errorf("provider %q: sign-in refused: %w", info.ID, err)}
	}
	// A counter that does not grow means a cloned authenticator, unless
	// the authenticator keeps no counter (always 0), as WebAuthn §6.1.1.
	if (counter != 0 || stored.Counter != 0) && counter <= stored.Counter {
		return nil, newError(CodeWebAuthnVerification, "passkey %s: signature counter %d is not above the stored %d (a cloned authenticator?)", credID, counter, stored.Counter)
	}
	if counter != stored.Counter {
		if _, err := store.UpdateAuthenticatorCounter(ctx, credID, counter); err != nil {
			return nil, &Error{Code: CodeConfiguration, Err: fmt.Errorf("updating the passkey's counter: %w", err)}
		}
	}
	user, err := a.cfg.Adapter.GetUserByAccount(ctx, info.ID, stored.ProviderAccountID)
	switch {
	case errors.Is(err, adapter.ErrNotFound):
		return nil, newError(CodeWebAuthnVerification, "passkey %s has no %s account", credID, info.ID)
	case err != nil:
		return nil, &Error{Code: CodeConfiguration, Err: fmt.Errorf("reading the passkey's user: %w", err)}
	}
	if user.ID != stored.UserID {
		return nil, newError(CodeWebAuthnVerification, "passkey %s belongs to another user than its account", credID)
	}
	// The linking rule of OAuth: a credential of another user than the
	// signed-in one is refused; the signed-in user's own keeps the session.
	current, err := a.currentUserID(ctx, rq)
	if err != nil {
		return nil, err
	}
	if current != "" && current != user.ID {
		return nil, newError(CodeOAuthAccountNotLinked, "passkey %s belongs to another user than the signed-in one", credID)
	}
	account := &adapter.Account{Type: string(providers.TypeWebAuthn), Provider: info.ID, ProviderAccountID: stored.ProviderAccountID, UserID: user.ID}
	return &signIn{provider: info, kind: webauthnKind{}, user: user, account: account, keepSession: current != "", callbackURL: a.callbackURL(rq)}, nil
}

// storeAuthenticator stores si's new passkey for the user.
func (w *signInWrite) storeAuthenticator(ctx context.Context, store adapter.Adapter, si *signIn) error {
	as, ok := adapter.As[adapter.AuthenticatorStore](store)
	if !ok {
		return newError(CodeConfiguration, "the adapter (%T) cannot store passkeys", store)
	}
	au := *si.authenticator
	au.UserID = w.user.ID
	if err := as.CreateAuthenticator(ctx, &au); err != nil {
		code := CodeConfiguration
		if errors.Is(err, adapter.ErrConflict) {
			code = CodeWebAuthnVerification
		}
		return &Error{Code: code, Err: fmt.Errorf("storing the passkey: %w", err)}
	}
	return nil
}

// signedInUser returns the signed-in user with ID id: u when the session
// read already returned it, else read from the adapter.
func (a *Auth) signedInUser(ctx context.Context, id string, u *adapter.User) (*adapter.User, error) {
	if u != nil && u.ID == id {
		return u, nil
	}
	u, err := a.cfg.Adapter.GetUser(ctx, id)
	if err != nil {
		return nil, &Error{Code: CodeConfiguration, Err: fmt.Errorf("reading the signed-in user: %w", err)}
	}
	return u, nil
}
