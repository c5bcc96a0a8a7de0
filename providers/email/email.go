package email

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"regexp"
	"strings"
	"sync"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/gatehouse-go/gatehouse/providers"
)

// Defaults for Options.
const (
	DefaultID       = "email"
	DefaultName     = "Email"
	DefaultMaxAge   = 24 * time.Hour
	DefaultTimeout  = 15 * time.Second
	DefaultDevLinks = 20
)

// ErrSend is wrapped by the error SendVerificationRequest returns when the
// message could not be delivered to the SMTP server. The error also wraps
// the cause (a dial error, the server's refusal), and never contains the
// SMTP password.
var ErrSend = errors.New("email: sending the sign-in link failed")

// Options configure a Provider. Server and From are required unless
// SendVerificationRequest or DevMode replaces SMTP sending.
type Options struct {
	// ID is the provider id in URLs (/signin/{id}, /callback/{id}):
	// lowercase letters, digits, '-' and '_'. Default "email".
	ID string
	// Name is shown on the sign-in page. Default "Email".
	Name string
	// Server is the SMTP server URL, for example
	// smtp://user:password@smtp.example.com:587 (STARTTLS) or
	// smtps://user:password@smtp.example.com (implicit TLS, port 465); see
	// ParseServer for the format and the STARTTLS default. No default.
	Server string
	// From is the sender, an RFC 5322 address such as
	// "Example <no-reply@example.com>". No default.
	From string
	// SiteName names the application in the subject ("Sign in to
	// <SiteName>") and body. Default: the VerificationRequest's SiteName,
	// else the host of its SiteURL.
	SiteName string
	// MaxAge is how long a link stays valid. Default 24 hours.
	MaxAge time.Duration
	// Normalize turns what the user typed into the canonical address, or
	// returns an error saying what is wrong. Default NormalizeAddress. A
	// custom function can call NormalizeAddress and then apply its own rules
	// (an allowed domain list, removing "+tags").
	Normalize func(address string) (string, error)
	// SendVerificationRequest, when set, delivers the link instead of SMTP,
	// for example through an HTTP mail API; RenderMessage builds the
	// standard subject and bodies for it. Default nil: send with SMTP.
	SendVerificationRequest func(ctx context.Context, r providers.VerificationRequest) error
	// DevMode logs each link with Logger at Info level and keeps the most
	// recent ones for DevLinks instead of sending anything. It is for local
	// development only: the log then holds live sign-in links. Default
	// false.
	DevMode bool
	// DevLinksKept is how many links DevLinks keeps in dev mode. Default 20.
	DevLinksKept int
	// DevLinksPage is the path (or URL) of the application's page that
	// lists DevLinks, such as "/dev/emails". In dev mode the verify-request
	// page names it beside the server's log. Default none.
	DevLinksPage string
	// Logger receives dev-mode links. Default slog.Default().
	Logger *slog.Logger
	// TLSConfig is used for STARTTLS and implicit TLS, for example to trust
	// a test server's certificate. Its ServerName defaults to the server's
	// host. Default nil: the system roots and the server's host name.
	TLSConfig *tls.Config
	// Timeout bounds one whole SMTP send (connecting, TLS, AUTH and the
	// transfer), on top of the context's deadline. Default 15 seconds.
	Timeout time.Duration
}

// DevLink is a sign-in link recorded in dev mode.
type DevLink struct {
	// Identifier is the address the link was for.
	Identifier string
	// URL is the sign-in link.
	URL string
	// Expires is when the link stops working.
	Expires time.Time
	// Created is when the link was recorded.
	Created time.Time
}

// Provider is an email magic-link provider. It implements
// providers.EmailProvider and is safe for concurrent use.
type Provider struct {
	info      providers.Info
	maxAge    time.Duration
	normalize func(string) (string, error)
	send      func(context.Context, providers.VerificationRequest) error
	server    *Server
	from      *mail.Address
	siteName  string
	tlsConfig *tls.Config
	timeout   time.Duration
	logger    *slog.Logger

	devMode  bool
	devKeep  int
	devPage  string
	devMu    sync.Mutex
	devLinks []DevLink
}

var _ providers.EmailProvider = (*Provider)(nil)

var idPattern = regexp.MustCompile(`^[a-z0-9_-]+$`)

// New checks the options and returns a Provider. Errors say which option is
// wrong and how to fix it; a bad Server setting wraps ErrInvalidServer.
func New(opts Options) (*Provider, error) {
	p := &Provider{
		info: providers.Info{
			ID:   opts.ID,
			Name: opts.Name,
		},
		maxAge:    opts.MaxAge,
		normalize: opts.Normalize,
		send:      opts.SendVerificationRequest,
		siteName:  opts.SiteName,
		timeout:   opts.Timeout,
		logger:    opts.Logger,
		devMode:   opts.DevMode,
		devKeep:   opts.DevLinksKept,
		devPage:   opts.DevLinksPage,
	}
	if p.info.ID == "" {
		p.info.ID = DefaultID
	}
	if !idPattern.MatchString(p.info.ID) {
		return nil, fmt.Errorf("email: ID %q must be lowercase letters, digits, '-' and '_'", p.info.ID)
	}
	if p.info.Name == "" {
		p.info.Name = DefaultName
	}
	switch {
	case p.maxAge == 0:
		p.maxAge = DefaultMaxAge
	case p.maxAge < 0:
		return nil, fmt.Errorf("email: MaxAge %v is negative; leave it 0 for the default of %v", p.maxAge, DefaultMaxAge)
	case p.maxAge < time.Minute:
		return nil, fmt.Errorf("email: MaxAge %v is too short for anyone to open the mail; use at least one minute", p.maxAge)
	}
	if p.normalize == nil {
		p.normalize = NormalizeAddress
	}
	if p.timeout == 0 {
		p.timeout = DefaultTimeout
	} else if p.timeout < 0 {
		return nil, fmt.Errorf("email: Timeout %v is negative; leave it 0 for the default of %v", p.timeout, DefaultTimeout)
	}
	if p.logger == nil {
		p.logger = slog.Default()
	}
	if p.devKeep == 0 {
		p.devKeep = DefaultDevLinks
	} else if p.devKeep < 0 {
		return nil, fmt.Errorf("email: DevLinksKept %d is negative; leave it 0 for the default of %d", p.devKeep, DefaultDevLinks)
	}
	if opts.TLSConfig != nil {
		p.tlsConfig = opts.TLSConfig.Clone()
	}

	smtpNeeded := p.send == nil && !p.devMode
	if opts.Server != "" || smtpNeeded {
		s, err := ParseServer(opts.Server)
		if err != nil {
			if opts.Server == "" {
				return nil, fmt.Errorf("email: Server is required to send links by SMTP (or set SendVerificationRequest, or DevMode for local development): %w", err)
			}
			return nil, fmt.Errorf("email: Server: %w", err)
		}
		p.server = s
	}
	if opts.From != "" || smtpNeeded {
		if opts.From == "" {
			return nil, errors.New("email: From is required to send links by SMTP; set it to an address such as \"Example <no-reply@example.com>\"")
		}
		from, err := mail.ParseAddress(opts.From)
		if err != nil {
			return nil, fmt.Errorf("email: From %q is not an email address (%w); write it as no-reply@example.com or \"Example <no-reply@example.com>\"", opts.From, err)
		}
		p.from = from
	}
	return p, nil
}

// Info returns the provider's id, name and type (providers.TypeEmail).
func (p *Provider) Info() providers.Info { return p.info }

// MaxAge returns how long a link stays valid.
func (p *Provider) MaxAge() time.Duration { return p.maxAge }

// NormalizeIdentifier returns the canonical form of an address a user typed,
// using Options.Normalize (NormalizeAddress by default).
func (p *Provider) NormalizeIdentifier(address string) (string, error) {
	return p.normalize(address)
}

// SendVerificationRequest delivers the sign-in link: in dev mode it checks,
// logs and records it; with Options.SendVerificationRequest it calls that; otherwise
// it sends a text and HTML message through the SMTP server. An SMTP failure
// wraps ErrSend and the cause.
func (p *Provider) SendVerificationRequest(ctx context.Context, r providers.VerificationRequest) error {
	switch {
	case p.devMode:
		return p.record(ctx, r)
	case p.send != nil:
		return p.send(ctx, r)
	default:
		return p.sendSMTP(ctx, r)
	}
}

// DevMode reports whether the provider is in dev mode (links are logged,
// not sent) and the page that lists them (Options.DevLinksPage, or "").
// The handler's verify-request page uses it to say where the link went.
func (p *Provider) DevMode() (on bool, linksPage string) {
	return p.devMode, p.devPage
}

// DevLinks returns the links recorded in dev mode, oldest first, at most
// Options.DevLinksKept of them. It returns nil when dev mode is off. It is
// meant for a development-only page that lists the links.
func (p *Provider) DevLinks() []DevLink {
	p.devMu.Lock()
	defer p.devMu.Unlock()
	return append([]DevLink(nil), p.devLinks...)
}

func (p *Provider) record(ctx context.Context, r providers.VerificationRequest) error {
	// Reject what SMTP sending would reject, so dev mode does not hide a
	// bad link until production.
	if _, err := RenderMessage(p.siteName, r); err != nil {
		return err
	}
	p.logger.LogAttrs(ctx, slog.LevelInfo, "email dev mode: sign-in link not sent",
		slog.String("provider", p.info.ID),
		slog.String("to", r.Identifier),
		slog.String("url", r.URL),
		slog.Time("expires", r.Expires),
	)
	p.devMu.Lock()
	defer p.devMu.Unlock()
	p.devLinks = append(p.devLinks, DevLink{
		Identifier: r.Identifier,
		URL:        r.URL,
		Expires:    r.Expires,
		Created:    time.Now(),
	})
	if extra := len(p.devLinks) - p.devKeep; extra > 0 {
		p.devLinks = append(p.devLinks[:0], p.devLinks[extra:]...)
	}
	return nil
}

func (p *Provider) sendSMTP(ctx context.Context, r providers.VerificationRequest) error {
	if p.server == nil || p.from == nil {
		// Only reachable for a zero Provider not made by New.
		return errors.New("email: provider not configured for SMTP; create it with New")
	}
	content, err := RenderMessage(p.siteName, r)
	if err != nil {
		return err
	}
	// No User-Agent/X-Mailer: the library and version are nobody's business.
	m := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	m.FromMailAddress(p.from)
	if _, err := mail.ParseAddress(r.Identifier); err != nil {
		// Neither the address nor the parser's message (which quotes parts
		// of it) goes into the error: errors end up in logs.
		return fmt.Errorf("email: the recipient is not an address net/mail can parse; check that Options.Normalize returns plain addresses: %w", ErrInvalidAddress)
	}
	if err := m.To(r.Identifier); err != nil {
		return fmt.Errorf("email: the recipient address was refused by the message builder: %w", redact(err, r.Identifier))
	}
	m.Subject(content.Subject)
	m.SetDate()
	m.SetMessageIDWithValue(messageID(p.from.Address))
	m.SetGenHeader("Auto-Submitted", "auto-generated")
	m.SetBodyString(gomail.TypeTextPlain, content.Text)
	m.AddAlternativeString(gomail.TypeTextHTML, content.HTML)

	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	c, err := p.client(ctx)
	if err != nil {
		return fmt.Errorf("%w: via %s: %w", ErrSend, p.server, err)
	}
	if err := c.DialAndSendWithContext(ctx, m); err != nil {
		// go-mail lists the "affected recipient(s)" and servers echo the
		// address in RCPT TO replies; keep it out of the message.
		err = redact(err, r.Identifier)
		if cerr := ctx.Err(); cerr != nil {
			return fmt.Errorf("%w: via %s: %w: %w", ErrSend, p.server, cerr, err)
		}
		return fmt.Errorf("%w: via %s: %w", ErrSend, p.server, err)
	}
	return nil
}

// redactedError is an error whose message has the recipient's address
// replaced by "[recipient]"; it unwraps to the original error, so errors.Is
// and errors.As still see the cause.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// redact returns err with every case-insensitive occurrence of addr in its
// message replaced by "[recipient]".
func redact(err error, addr string) error {
	msg := err.Error()
	if addr == "" {
		return err
	}
	re := regexp.MustCompile("(?i)" + regexp.QuoteMeta(addr))
	if !re.MatchString(msg) {
		return err
	}
	return &redactedError{msg: re.ReplaceAllLiteralString(msg, "[recipient]"), err: err}
}

// messageID returns a unique Message-ID in the sender's domain (rather than
// the sending machine's name, which receivers may not resolve).
func messageID(from string) string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	domain := "localhost"
	if i := strings.LastIndexByte(from, '@'); i >= 0 && i+1 < len(from) {
		domain = from[i+1:]
	}
	return hex.EncodeToString(b[:]) + "@" + domain
}

// client builds a go-mail client for one send; a Client holds one
// connection, so a fresh one per message keeps concurrent sends apart.
//
// go-mail applies the context only while dialling; once connected it waits
// for the server for its own timeout. So the client dials through
// p.dial, which closes the connection as soon as ctx ends, making a hung
// server give up at ctx's deadline or cancellation.
func (p *Provider) client(ctx context.Context) (*gomail.Client, error) {
	s := p.server
	opts := []gomail.Option{
		gomail.WithPort(s.Port),
		// go-mail's own per-operation timeout is only a backstop: the
		// context (with p.timeout) ends first and closes the connection,
		// so a timeout always reports context.DeadlineExceeded.
		gomail.WithTimeout(p.timeout + time.Second),
	}
	tlsCfg := p.tlsConfig
	if tlsCfg == nil {
		tlsCfg = &tls.Config{MinVersion: tls.VersionTLS12}
	} else {
		tlsCfg = tlsCfg.Clone()
	}
	if tlsCfg.ServerName == "" {
		tlsCfg.ServerName = s.Host
	}
	opts = append(opts,
		gomail.WithTLSConfig(tlsCfg),
		gomail.WithDialContextFunc(p.dialer(ctx, tlsCfg)),
	)
	if s.ImplicitTLS {
		opts = append(opts, gomail.WithSSL())
	} else {
		policy := map[StartTLS]gomail.TLSPolicy{
			StartTLSRequired:      gomail.TLSMandatory,
			StartTLSOpportunistic: gomail.TLSOpportunistic,
			StartTLSOff:           gomail.NoTLS,
		}[s.StartTLS]
		opts = append(opts, gomail.WithTLSPolicy(policy))
	}
	if s.Username != "" {
		auth := map[Auth]gomail.SMTPAuthType{
			AuthPlain:   gomail.SMTPAuthPlain,
			AuthLogin:   gomail.SMTPAuthLogin,
			AuthCRAMMD5: gomail.SMTPAuthCramMD5,
		}[s.Auth]
		opts = append(opts,
			gomail.WithSMTPAuth(auth),
			gomail.WithUsername(s.Username),
			gomail.WithPassword(s.Password),
		)
	}
	return gomail.NewClient(s.Host, opts...)
}

// dialer returns a dial function that connects (with TLS for smtps://) and
// closes the connection when sendCtx ends. go-mail derives the context it
// passes from sendCtx and cancels it when dialling is done, so the watch is
// on sendCtx itself.
func (p *Provider) dialer(sendCtx context.Context, tlsCfg *tls.Config) gomail.DialContextFunc {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		var (
			conn net.Conn
			err  error
		)
		nd := &net.Dialer{}
		if p.server.ImplicitTLS {
			conn, err = (&tls.Dialer{NetDialer: nd, Config: tlsCfg}).DialContext(ctx, network, addr)
		} else {
			conn, err = nd.DialContext(ctx, network, addr)
		}
		if err != nil {
			return nil, err
		}
		context.AfterFunc(sendCtx, func() { _ = conn.Close() })
		return conn, nil
	}
}
