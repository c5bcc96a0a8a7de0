package gatehouse

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/providers/email"
)

// TestEmailHTTPSenderFailure: an HTTP mail API refusing the message (here
// Resend's documented 403 for an unverified domain) shows EmailSignin, and
// the log holds the API's message but not the API key.
func TestEmailHTTPSenderFailure(t *testing.T) {
	const key = "re_123456789_SECRET"
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+key {
			t.Errorf("Authorization = %q", r.Header.Get("Authorization"))
		}
		io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `{"statusCode":403,"name":"validation_error","message":"The example.com domain is not verified. Please, add and verify your domain on https://resend.com/domains"}`)
	}))
	t.Cleanup(api.Close)
	sender := &email.HTTPSender{API: email.Resend, Key: key, From: "Example <no-reply@example.com>", Endpoint: api.URL, HTTPClient: api.Client()}
	p, err := email.New(email.Options{ID: "resend", Name: "Resend", SendVerificationRequest: sender.Send})
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, func(c *Config) { c.Providers = append(c.Providers, p) })
	res := h.post("/api/auth/signin/resend", url.Values{"csrfToken": {h.csrf()}, "email": {"bob@example.com"}, "callbackUrl": {"/"}})
	wantErrorRedirect(t, res, "/signin", "EmailSignin")
	logs := h.logs.String()
	if !strings.Contains(logs, "domain is not verified") || !strings.Contains(logs, "Resend answered 403") {
		t.Errorf("log lacks the API's error:\n%s", logs)
	}
	if strings.Contains(logs, key) {
		t.Errorf("log contains the API key:\n%s", logs)
	}
}
