package email

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// ErrInvalidServer is wrapped by the errors New returns for a bad
// Options.Server setting.
var ErrInvalidServer = errors.New("invalid email Server setting")

// StartTLS is the STARTTLS policy of an smtp:// server.
type StartTLS string

// The STARTTLS policies, as written in the server URL's starttls parameter.
const (
	// StartTLSRequired upgrades with STARTTLS and fails when the server does
	// not offer it.
	StartTLSRequired StartTLS = "required"
	// StartTLSOpportunistic upgrades when the server offers STARTTLS and
	// otherwise sends in clear text.
	StartTLSOpportunistic StartTLS = "opportunistic"
	// StartTLSOff never upgrades.
	StartTLSOff StartTLS = "off"
)

// Auth is the SMTP AUTH mechanism, as written in the server URL's auth
// parameter.
type Auth string

// The AUTH mechanisms.
const (
	AuthPlain   Auth = "plain"
	AuthLogin   Auth = "login"
	AuthCRAMMD5 Auth = "cram-md5"
)

// Server is a parsed Options.Server setting.
type Server struct {
	// Host and Port address the server. Port defaults to 587 for smtp://
	// and 465 for smtps://.
	Host string
	Port int
	// ImplicitTLS is true for smtps://: TLS from the first byte.
	ImplicitTLS bool
	// StartTLS is the policy for smtp://; empty for smtps://.
	StartTLS StartTLS
	// Username and Password authenticate with Auth when Username is set.
	Username, Password string
	// Auth is the AUTH mechanism; AuthPlain unless the URL says otherwise.
	Auth Auth
}

// String returns the server as a URL with the password left out, safe for
// logs and error messages.
func (s *Server) String() string {
	u := url.URL{Scheme: "smtp", Host: net.JoinHostPort(s.Host, strconv.Itoa(s.Port))}
	if s.ImplicitTLS {
		u.Scheme = "smtps"
	}
	if s.Username != "" {
		u.User = url.User(s.Username)
	}
	return u.String()
}

// ParseServer parses an SMTP server URL:
//
//	smtp://[user[:password]@]host[:port][?starttls=required|opportunistic|off][&auth=plain|login|cram-md5]
//	smtps://[user[:password]@]host[:port][?auth=…]
//
// smtp:// defaults to port 587 and smtps:// (implicit TLS) to 465. The user
// name and password are percent-decoded, so a password containing '@', ':'
// or '/' must be written %40, %3A, %2F.
//
// The STARTTLS policy for smtp:// defaults to "opportunistic" when the host
// is loopback (localhost, 127.0.0.0/8, ::1: local mail catchers such as
// Mailpit rarely speak TLS and the traffic never leaves the machine) and to
// "required" for every other host, so that neither the password nor the
// sign-in links, which are bearer credentials, cross a network in clear
// text unless the setting says starttls=off.
//
// Errors wrap ErrInvalidServer, say what to fix, and never contain the
// password.
func ParseServer(raw string) (*Server, error) {
	if strings.TrimSpace(raw) == "" {
		return nil, fmt.Errorf("%w: it is empty; set it to smtp://user:password@host:port or smtps://…", ErrInvalidServer)
	}
	u, err := url.Parse(raw)
	if err != nil {
		// *url.Error repeats the whole URL, password included; keep only
		// its cause.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("%w: not a URL (%w); percent-encode special characters in the user name and password", ErrInvalidServer, err)
	}
	s := &Server{Auth: AuthPlain}
	switch u.Scheme {
	case "smtp":
		s.Port = 587
	case "smtps":
		s.Port, s.ImplicitTLS = 465, true
	case "":
		return nil, fmt.Errorf("%w: missing scheme; start it with smtp:// or smtps://", ErrInvalidServer)
	default:
		return nil, fmt.Errorf("%w: unsupported scheme %q; use smtp:// (STARTTLS) or smtps:// (implicit TLS)", ErrInvalidServer, u.Scheme)
	}
	if u.Opaque != "" {
		return nil, fmt.Errorf("%w: write the scheme with two slashes, as in %s://host:port", ErrInvalidServer, u.Scheme)
	}
	s.Host = u.Hostname()
	if s.Host == "" {
		return nil, fmt.Errorf("%w: missing host; write %s://host:port", ErrInvalidServer, u.Scheme)
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("%w: port %q is not a number from 1 to 65535", ErrInvalidServer, p)
		}
		s.Port = n
	} else if strings.HasSuffix(u.Host, ":") {
		return nil, fmt.Errorf("%w: empty port after ':'; give a port or leave out the ':'", ErrInvalidServer)
	}
	if u.Path != "" && u.Path != "/" {
		return nil, fmt.Errorf("%w: unexpected path %q; the URL is only scheme://user:password@host:port", ErrInvalidServer, u.Path)
	}
	if u.User != nil {
		s.Username = u.User.Username()
		s.Password, _ = u.User.Password()
		if s.Username == "" {
			return nil, fmt.Errorf("%w: a password is given without a user name", ErrInvalidServer)
		}
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return nil, fmt.Errorf("%w: query: %w", ErrInvalidServer, err)
	}
	for key, vals := range q {
		v := strings.ToLower(vals[len(vals)-1])
		switch key {
		case "starttls":
			if s.ImplicitTLS {
				return nil, fmt.Errorf("%w: starttls does not apply to smtps:// (TLS from the start); remove it or use smtp://", ErrInvalidServer)
			}
			switch StartTLS(v) {
			case StartTLSRequired, StartTLSOpportunistic, StartTLSOff:
				s.StartTLS = StartTLS(v)
			default:
				return nil, fmt.Errorf("%w: starttls=%q; use required, opportunistic or off", ErrInvalidServer, v)
			}
		case "auth":
			switch Auth(v) {
			case AuthPlain, AuthLogin, AuthCRAMMD5:
				s.Auth = Auth(v)
			default:
				return nil, fmt.Errorf("%w: auth=%q; use plain, login or cram-md5", ErrInvalidServer, v)
			}
		default:
			return nil, fmt.Errorf("%w: unknown parameter %q; known ones are starttls and auth", ErrInvalidServer, key)
		}
	}
	if !s.ImplicitTLS && s.StartTLS == "" {
		s.StartTLS = StartTLSRequired
		if isLoopback(s.Host) {
			s.StartTLS = StartTLSOpportunistic
		}
	}
	return s, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
