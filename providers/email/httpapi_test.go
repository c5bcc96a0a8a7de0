package email

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
)

const testKey = "re_live_SECRETKEY0123456789"

// apiServer is an httptest server standing in for an HTTP mail API: it
// records each request and answers with status and body.
type apiServer struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []recorded
}

type recorded struct {
	method, path string
	header       http.Header
	body         []byte
}

func newAPIServer(t *testing.T, status int, body string) *apiServer {
	t.Helper()
	s := &apiServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.reqs = append(s.reqs, recorded{r.Method, r.URL.Path, r.Header.Clone(), b})
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *apiServer) only(t *testing.T) recorded {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.reqs) != 1 {
		t.Fatalf("the API got %d requests, want 1", len(s.reqs))
	}
	return s.reqs[0]
}

func jsonBody(t *testing.T, r recorded) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("request body %q: %v", r.body, err)
	}
	return m
}

// The request each API documents: Resend https://resend.com/docs/api-reference/emails/send-email,
// SendGrid https://www.twilio.com/docs/sendgrid/api-reference/mail-send/mail-send,
// Postmark https://postmarkapp.com/developer/api/email-api, Mailgun
// https://documentation.mailgun.com/docs/mailgun/api-reference/openapi-final/tag/Messages/,
// Loops https://loops.so/docs/api-reference/send-transactional-email. The
// error answers in testdata/httpapi/ are the examples of the same pages.
var apiCases = []struct {
	api      string
	sender   HTTPSender
	path     string
	auth     func(h http.Header) bool
	check    func(t *testing.T, r recorded, link string)
	errorMsg string
	status   int
}{
	{
		api: Resend, sender: HTTPSender{API: Resend, From: "Acme <no-reply@acme.example>"}, path: "/emails",
		auth: func(h http.Header) bool { return h.Get("Authorization") == "Bearer "+testKey },
		check: func(t *testing.T, r recorded, link string) {
			m := jsonBody(t, r)
			to, _ := m["to"].([]any)
			if m["from"] != "Acme <no-reply@acme.example>" || len(to) != 1 || to[0] != "user@example.com" ||
				m["subject"] != "Sign in to Acme Café" || !strings.Contains(m["text"].(string), link) || !strings.Contains(m["html"].(string), "href=") {
				t.Errorf("Resend body = %v", m)
			}
		},
		errorMsg: "validation_error; Invalid `from` field", status: 422,
	},
	{
		api: SendGrid, sender: HTTPSender{API: SendGrid, From: "Acme <no-reply@acme.example>"}, path: "/v3/mail/send",
		auth: func(h http.Header) bool { return h.Get("Authorization") == "Bearer "+testKey },
		check: func(t *testing.T, r recorded, link string) {
			var b struct {
				Personalizations []struct{ To []struct{ Email string } }
				From             struct{ Email, Name string }
				Subject          string
				Content          []struct{ Type, Value string }
			}
			if err := json.Unmarshal(r.body, &b); err != nil {
				t.Fatal(err)
			}
			if len(b.Personalizations) != 1 || len(b.Personalizations[0].To) != 1 || b.Personalizations[0].To[0].Email != "user@example.com" ||
				b.From.Email != "no-reply@acme.example" || b.From.Name != "Acme" || b.Subject != "Sign in to Acme Café" ||
				len(b.Content) != 2 || b.Content[0].Type != "text/plain" || !strings.Contains(b.Content[0].Value, link) || b.Content[1].Type != "text/html" {
				t.Errorf("SendGrid body = %s", r.body)
			}
		},
		errorMsg: "from: The from address does not match a verified Sender Identity", status: 403,
	},
	{
		api: Postmark, sender: HTTPSender{API: Postmark, From: "no-reply@acme.example"}, path: "/email",
		auth: func(h http.Header) bool {
			return h.Get("X-Postmark-Server-Token") == testKey && h.Get("Accept") == "application/json" && h.Get("Authorization") == ""
		},
		check: func(t *testing.T, r recorded, link string) {
			m := jsonBody(t, r)
			if m["From"] != "no-reply@acme.example" || m["To"] != "user@example.com" || m["MessageStream"] != "outbound" ||
				m["Subject"] != "Sign in to Acme Café" || !strings.Contains(m["TextBody"].(string), link) || m["HtmlBody"] == "" {
				t.Errorf("Postmark body = %v", m)
			}
		},
		errorMsg: "Invalid 'From' address", status: 422,
	},
	{
		api: Mailgun, sender: HTTPSender{API: Mailgun, From: "Acme <no-reply@mg.acme.example>"}, path: "/v3/mg.acme.example/messages",
		auth: func(h http.Header) bool {
			r := http.Request{Header: h}
			u, p, ok := r.BasicAuth()
			return ok && u == "api" && p == testKey
		},
		check: func(t *testing.T, r recorded, link string) {
			f, err := url.ParseQuery(string(r.body))
			if err != nil || r.header.Get("Content-Type") != "application/x-www-form-urlencoded" {
				t.Fatalf("Mailgun body %q (%s): %v", r.body, r.header.Get("Content-Type"), err)
			}
			if f.Get("from") != "Acme <no-reply@mg.acme.example>" || f.Get("to") != "user@example.com" || f.Get("subject") != "Sign in to Acme Café" ||
				!strings.Contains(f.Get("text"), link) || f.Get("html") == "" {
				t.Errorf("Mailgun form = %v", f)
			}
		},
		errorMsg: "Domain not found", status: 404,
	},
	{
		api: Loops, sender: HTTPSender{API: Loops, TransactionalID: "clfq6dinn000yl70fgwwyp82l"}, path: "/api/v1/transactional",
		auth: func(h http.Header) bool { return h.Get("Authorization") == "Bearer "+testKey },
		check: func(t *testing.T, r recorded, link string) {
			m := jsonBody(t, r)
			vars, _ := m["dataVariables"].(map[string]any)
			if m["transactionalId"] != "clfq6dinn000yl70fgwwyp82l" || m["email"] != "user@example.com" || vars["url"] != link {
				t.Errorf("Loops body = %v", m)
			}
		},
		errorMsg: "Transactional email not found", status: 404,
	},
}

func TestHTTPSenders(t *testing.T) {
	for _, tc := range apiCases {
		t.Run(tc.api+"/sent", func(t *testing.T) {
			srv := newAPIServer(t, http.StatusOK, `{"id":"49a3999c-0ce1-4ea6-ab68-afcd6dc2e794"}`)
			s := tc.sender
			s.Key, s.Endpoint, s.HTTPClient = testKey, srv.URL, srv.Client()
			p, err := New(Options{ID: s.API, Name: s.Name(), SendVerificationRequest: s.Send})
			if err != nil {
				t.Fatal(err)
			}
			req := newRequest(t, "user@example.com")
			if err := p.SendVerificationRequest(context.Background(), req); err != nil {
				t.Fatalf("send: %v", err)
			}
			r := srv.only(t)
			if r.method != http.MethodPost || r.path != tc.path || !tc.auth(r.header) {
				t.Errorf("request %s %s with headers %v: want POST %s with %s's authentication", r.method, r.path, r.header, tc.path, tc.api)
			}
			tc.check(t, r, req.URL)
		})
		t.Run(tc.api+"/error", func(t *testing.T) {
			body, err := os.ReadFile("testdata/httpapi/" + tc.api + "-error.json")
			if err != nil {
				t.Fatal(err)
			}
			// The API echoing the key and address must not put them in the error.
			srv := newAPIServer(t, tc.status, strings.Replace(string(body), "}", `,"echo":"`+testKey+` user@example.com"}`, 1))
			s := tc.sender
			s.Key, s.Endpoint, s.HTTPClient = testKey, srv.URL, srv.Client()
			err = s.Send(context.Background(), newRequest(t, "user@example.com"))
			if !errors.Is(err, ErrSend) || !strings.Contains(err.Error(), tc.errorMsg) || !strings.Contains(err.Error(), s.Name()) {
				t.Fatalf("error = %v, want ErrSend naming %s and %q", err, s.Name(), tc.errorMsg)
			}
			if strings.Contains(err.Error(), testKey) || strings.Contains(err.Error(), "user@example.com") {
				t.Errorf("error %q shows the key or the recipient", err)
			}
		})
	}
}

func TestHTTPSenderUnreachable(t *testing.T) {
	srv := newAPIServer(t, 200, "{}")
	srv.Close()
	s := HTTPSender{API: Resend, Key: testKey, From: "a@b.example", Endpoint: srv.URL}
	if err := s.Send(context.Background(), newRequest(t, "user@example.com")); !errors.Is(err, ErrSend) || strings.Contains(err.Error(), testKey) {
		t.Errorf("error = %v, want ErrSend without the key", err)
	}
}

func TestMailgunRegion(t *testing.T) {
	for region, want := range map[string]string{"": "https://api.mailgun.net/v3/acme.example/messages", "EU": "https://api.eu.mailgun.net/v3/acme.example/messages"} {
		s := HTTPSender{API: Mailgun, Key: testKey, From: "x@acme.example", Region: region}
		req, err := s.request(context.Background(), newRequest(t, "user@example.com"), Message{})
		if err != nil || req.URL.String() != want {
			t.Errorf("region %q: URL = %v (%v), want %s", region, req.URL, err, want)
		}
	}
}

func TestSenderFromEnv(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		wantAPI string
		wantErr string
	}{
		{"none", map[string]string{"EMAIL_FROM": "a@b.example"}, "", ""},
		{"resend", map[string]string{"AUTH_RESEND_KEY": "k", "EMAIL_FROM": "a@b.example"}, Resend, ""},
		{"sendgrid", map[string]string{"AUTH_SENDGRID_KEY": "k", "EMAIL_FROM": "a@b.example"}, SendGrid, ""},
		{"postmark", map[string]string{"AUTH_POSTMARK_KEY": "k", "EMAIL_FROM": "a@b.example"}, Postmark, ""},
		{"mailgun eu", map[string]string{"AUTH_MAILGUN_KEY": "k", "EMAIL_FROM": "a@b.example", "AUTH_MAILGUN_REGION": "eu"}, Mailgun, ""},
		{"loops", map[string]string{"AUTH_LOOPS_KEY": "k", "AUTH_LOOPS_TRANSACTIONAL_ID": "t"}, Loops, ""},
		{"no sender", map[string]string{"AUTH_RESEND_KEY": "k"}, "", "EMAIL_FROM"},
		{"loops without template", map[string]string{"AUTH_LOOPS_KEY": "k"}, "", "AUTH_LOOPS_TRANSACTIONAL_ID"},
		{"bad region", map[string]string{"AUTH_MAILGUN_KEY": "k", "EMAIL_FROM": "a@b.example", "AUTH_MAILGUN_REGION": "asia"}, "", "AUTH_MAILGUN_REGION"},
		{"two keys", map[string]string{"AUTH_RESEND_KEY": "k", "AUTH_POSTMARK_KEY": "k", "EMAIL_FROM": "a@b.example"}, "", "one HTTP mail API only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := SenderFromEnv(func(k string) string { return tt.env[k] })
			switch {
			case tt.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || strings.Contains(err.Error(), "=k") {
					t.Errorf("err = %v, want one naming %s", err, tt.wantErr)
				}
			case err != nil:
				t.Fatalf("err = %v", err)
			case tt.wantAPI == "" && s != nil, tt.wantAPI != "" && (s == nil || s.API != tt.wantAPI || s.Key != "k"):
				t.Errorf("sender = %+v, want API %q", s, tt.wantAPI)
			}
		})
	}
}

// TestHTTPSenderTextError: an API answering in plain text (Mailgun's 401
// is "Forbidden") that echoes the key and the address.
func TestHTTPSenderTextError(t *testing.T) {
	srv := newAPIServer(t, http.StatusUnauthorized, "Forbidden: key "+testKey+" may not send to USER@example.com")
	s := HTTPSender{API: Mailgun, Key: testKey, From: "a@b.example", Endpoint: srv.URL, HTTPClient: srv.Client()}
	err := s.Send(context.Background(), newRequest(t, "user@example.com"))
	if !errors.Is(err, ErrSend) || !strings.Contains(err.Error(), "401") || !strings.Contains(err.Error(), "Forbidden: key [key] may not send to [recipient]") {
		t.Errorf("error = %v, want the API's text with key and recipient removed", err)
	}
}
