package email

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/mail"
	"net/url"
	"strings"

	"github.com/gatehouse-go/gatehouse/providers"
)

// The HTTP mail APIs HTTPSender speaks, by the id of Auth.js's provider for
// each.
const (
	Resend   = "resend"
	SendGrid = "sendgrid"
	Postmark = "postmark"
	Mailgun  = "mailgun"
	Loops    = "loops"
)

// HTTPAPIs returns the HTTP mail APIs, in the order SenderFromEnv looks
// for their keys.
func HTTPAPIs() []string { return []string{Resend, SendGrid, Postmark, Mailgun, Loops} }

// apiNames are the services' display names.
var apiNames = map[string]string{Resend: "Resend", SendGrid: "SendGrid", Postmark: "Postmark", Mailgun: "Mailgun", Loops: "Loops"}

// HTTPSender delivers the sign-in message through an HTTP mail API instead
// of SMTP, as Auth.js's Resend, SendGrid, Postmark, Mailgun and Loops
// providers do. Give its Send as Options.SendVerificationRequest. A failed
// send wraps ErrSend with the API's status and error message; the key is
// never part of it.
type HTTPSender struct {
	// API is one of Resend, SendGrid, Postmark, Mailgun or Loops. Required.
	API string
	// Key is the API key (Postmark: the server token). Required.
	Key string
	// From is the sender, "Name <address>" or an address. Required except
	// for Loops, whose template holds it. Mailgun sends from the domain of
	// this address.
	From string
	// SiteName overrides the site name in the message, as Options.SiteName.
	// Default: the request's.
	SiteName string
	// Region is Mailgun's region, "US" or "EU". Default "US".
	Region string
	// TransactionalID is the id of the Loops transactional email to send;
	// it receives the link as the data variable "url". Required for Loops.
	TransactionalID string
	// Endpoint replaces the API's base URL (https://api.resend.com, ...),
	// for a proxy or a test server. Default: the API's own.
	Endpoint string
	// HTTPClient makes the requests. Default http.DefaultClient.
	HTTPClient *http.Client
}

// Name returns the API's display name ("Resend"), or its id when unknown.
func (s *HTTPSender) Name() string {
	if n, ok := apiNames[s.API]; ok {
		return n
	}
	return s.API
}

// Check reports what is missing or wrong in s, naming the setting to fix.
func (s *HTTPSender) Check() error {
	if _, ok := apiNames[s.API]; !ok {
		return fmt.Errorf("email: unknown HTTP mail API %q: use one of %s", s.API, strings.Join(HTTPAPIs(), ", "))
	}
	if s.Key == "" {
		return fmt.Errorf("email: %s needs an API key (AUTH_%s_KEY)", s.Name(), strings.ToUpper(s.API))
	}
	switch {
	case s.API == Loops && s.TransactionalID == "":
		return fmt.Errorf("email: Loops needs the id of a transactional email with a \"url\" data variable (AUTH_LOOPS_TRANSACTIONAL_ID)")
	case s.API != Loops && s.From == "":
		return fmt.Errorf("email: %s needs a sender address (EMAIL_FROM), such as \"Example <no-reply@example.com>\"", s.Name())
	case s.API == Mailgun && s.Region != "" && s.Region != "US" && s.Region != "EU":
		return fmt.Errorf("email: Mailgun region %q: use US or EU (AUTH_MAILGUN_REGION)", s.Region)
	}
	if s.From != "" {
		if _, err := mail.ParseAddress(s.From); err != nil {
			return fmt.Errorf("email: sender %q is not an address such as \"Example <no-reply@example.com>\": %w", s.From, err)
		}
	}
	return nil
}

// Send renders the sign-in message (RenderMessage) and posts it to the
// API. Its signature is Options.SendVerificationRequest's.
func (s *HTTPSender) Send(ctx context.Context, r providers.VerificationRequest) error {
	if err := s.Check(); err != nil {
		return fmt.Errorf("%w: %w", ErrSend, err)
	}
	msg, err := RenderMessage(s.SiteName, r)
	if err != nil {
		return err
	}
	req, err := s.request(ctx, r, msg)
	if err != nil {
		return fmt.Errorf("%w: %s: %w", ErrSend, s.Name(), err)
	}
	client := s.HTTPClient
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("%w: %s: %w", ErrSend, s.Name(), s.scrub(err, r.Identifier))
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode/100 == 2 {
		return nil
	}
	return fmt.Errorf("%w: %s answered %s: %s", ErrSend, s.Name(), resp.Status, s.scrubText(apiError(body), r.Identifier))
}

// request builds the API call for the message.
func (s *HTTPSender) request(ctx context.Context, r providers.VerificationRequest, m Message) (*http.Request, error) {
	var (
		target string
		body   []byte
		ctype  = "application/json"
		err    error
	)
	switch s.API {
	case Resend:
		target = s.base("https://api.resend.com") + "/emails"
		body, err = json.Marshal(map[string]any{"from": s.From, "to": []string{r.Identifier}, "subject": m.Subject, "html": m.HTML, "text": m.Text})
	case SendGrid:
		from, _ := mail.ParseAddress(s.From)
		sender := map[string]string{"email": from.Address}
		if from.Name != "" {
			sender["name"] = from.Name
		}
		target = s.base("https://api.sendgrid.com") + "/v3/mail/send"
		body, err = json.Marshal(map[string]any{
			"personalizations": []any{map[string]any{"to": []any{map[string]string{"email": r.Identifier}}}},
			"from":             sender, "subject": m.Subject,
			"content": []any{map[string]string{"type": "text/plain", "value": m.Text}, map[string]string{"type": "text/html", "value": m.HTML}},
		})
	case Postmark:
		target = s.base("https://api.postmarkapp.com") + "/email"
		body, err = json.Marshal(map[string]string{"From": s.From, "To": r.Identifier, "Subject": m.Subject,
			"TextBody": m.Text, "HtmlBody": m.HTML, "MessageStream": "outbound"})
	case Mailgun:
		from, _ := mail.ParseAddress(s.From)
		domain := from.Address[strings.LastIndexByte(from.Address, '@')+1:]
		host := "https://api.mailgun.net"
		if s.Region == "EU" {
			host = "https://api.eu.mailgun.net"
		}
		target = s.base(host) + "/v3/" + url.PathEscape(domain) + "/messages"
		body = []byte(url.Values{"from": {s.From}, "to": {r.Identifier}, "subject": {m.Subject}, "text": {m.Text}, "html": {m.HTML}}.Encode())
		ctype = "application/x-www-form-urlencoded"
	case Loops:
		target = s.base("https://app.loops.so") + "/api/v1/transactional"
		body, err = json.Marshal(map[string]any{"transactionalId": s.TransactionalID, "email": r.Identifier,
			"dataVariables": map[string]string{"url": r.URL}})
	}
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Accept", "application/json")
	switch s.API {
	case Postmark:
		req.Header.Set("X-Postmark-Server-Token", s.Key)
	case Mailgun:
		req.SetBasicAuth("api", s.Key)
	default:
		req.Header.Set("Authorization", "Bearer "+s.Key)
	}
	return req, nil
}

func (s *HTTPSender) base(def string) string {
	if s.Endpoint != "" {
		return strings.TrimRight(s.Endpoint, "/")
	}
	return def
}

// apiError picks the error message out of an API's error answer: Resend's,
// Mailgun's and Loops' "message", Postmark's "Message", SendGrid's
// "errors[].message"; else the body as text.
func apiError(body []byte) string {
	var e struct {
		Message  string `json:"message"`
		Message2 string `json:"Message"`
		Name     string `json:"name"`
		Errors   []struct {
			Message string `json:"message"`
			Field   string `json:"field"`
		} `json:"errors"`
	}
	if json.Unmarshal(body, &e) == nil {
		var parts []string
		for _, m := range []string{e.Name, e.Message, e.Message2} {
			if m != "" {
				parts = append(parts, m)
			}
		}
		for _, x := range e.Errors {
			if x.Field != "" {
				parts = append(parts, x.Field+": "+x.Message)
			} else {
				parts = append(parts, x.Message)
			}
		}
		if len(parts) > 0 {
			return strings.Join(parts, "; ")
		}
	}
	text := strings.Join(strings.Fields(string(body)), " ")
	if len(text) > 300 {
		text = text[:300] + "..."
	}
	return text
}

// scrubText removes the key and the recipient's address from text that
// came from the API or the network.
func (s *HTTPSender) scrubText(text, recipient string) string {
	if s.Key != "" {
		text = strings.ReplaceAll(text, s.Key, "[key]")
	}
	return redact(&redactedError{msg: text}, recipient).Error()
}

// scrub is scrubText for an error, which it still wraps.
func (s *HTTPSender) scrub(err error, recipient string) error {
	msg := s.scrubText(err.Error(), recipient)
	if msg == err.Error() {
		return err
	}
	return &redactedError{msg: msg, err: err}
}

// SenderFromEnv returns the HTTP sender whose key is set in the
// environment, as Auth.js names the keys (AUTH_RESEND_KEY,
// AUTH_SENDGRID_KEY, AUTH_POSTMARK_KEY, AUTH_MAILGUN_KEY, AUTH_LOOPS_KEY),
// with the sender from EMAIL_FROM, Mailgun's region from
// AUTH_MAILGUN_REGION and the Loops email from AUTH_LOOPS_TRANSACTIONAL_ID.
// It returns nil and no error when no key is set, and an error when more
// than one is or a setting is missing.
func SenderFromEnv(getenv func(string) string) (*HTTPSender, error) {
	var found []string
	for _, api := range HTTPAPIs() {
		if strings.TrimSpace(getenv("AUTH_"+strings.ToUpper(api)+"_KEY")) != "" {
			found = append(found, "AUTH_"+strings.ToUpper(api)+"_KEY")
		}
	}
	switch len(found) {
	case 0:
		return nil, nil
	case 1:
	default:
		return nil, fmt.Errorf("email: %s are all set: set the key of one HTTP mail API only", strings.Join(found, ", "))
	}
	api := strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(found[0], "AUTH_"), "_KEY"))
	s := &HTTPSender{
		API:             api,
		Key:             strings.TrimSpace(getenv(found[0])),
		From:            strings.TrimSpace(getenv("EMAIL_FROM")),
		Region:          strings.ToUpper(strings.TrimSpace(getenv("AUTH_MAILGUN_REGION"))),
		TransactionalID: strings.TrimSpace(getenv("AUTH_LOOPS_TRANSACTIONAL_ID")),
	}
	if err := s.Check(); err != nil {
		return nil, err
	}
	return s, nil
}
