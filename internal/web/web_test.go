package web

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"
)

const (
	secret1 = "test-secret-0123456789abcdef0123456789"
	secret2 = "another-secret-0123456789abcdef01234567"
)

func FuzzCSRFCookie(f *testing.F) {
	s := NewSite(Options{Secrets: []string{secret1, secret2}})
	tok := strings.Repeat("a", 64)
	f.Add(s.CSRFCookieValue(tok))
	f.Add(tok + "|" + SHA256Hex(tok+secret2))
	f.Add(tok + "%7c" + strings.Repeat("0", 64))
	f.Add("")
	f.Add("%7C")
	f.Add("|||")
	f.Fuzz(func(t *testing.T, v string) {
		got := s.ParseCSRFCookie(v)
		if got == "" {
			return
		}
		if !IsLowerHex(got, 64) {
			t.Fatalf("token %q is not 64 hex characters", got)
		}
		if !strings.Contains(v, SHA256Hex(got+secret1)) && !strings.Contains(v, SHA256Hex(got+secret2)) {
			t.Fatalf("accepted %q without a valid hash", v)
		}
	})
}

func FuzzParseBody(f *testing.F) {
	f.Add("application/x-www-form-urlencoded", "csrfToken=abc&callbackUrl=%2F&username=a")
	f.Add("application/json", `{"csrfToken":"abc","data":{"name":"x"},"n":1,"b":true}`)
	f.Add("application/json; charset=utf-8", `[]`)
	f.Add("", "data=%7B%7D")
	f.Add("text/plain", "x")
	f.Add("multipart/form-data; boundary=x", "--x--")
	f.Fuzz(func(t *testing.T, ct, body string) {
		form, data, err := ParseBody(ct, strings.NewReader(body))
		if err != nil {
			if form != nil || data != nil {
				t.Fatal("values returned with an error")
			}
			return
		}
		if form == nil {
			t.Fatal("nil form without an error")
		}
		if strings.HasPrefix(ct, "application/json") && form.Has("data") {
			t.Fatal("JSON data field leaked into the form")
		}
	})
}

func TestParseBody(t *testing.T) {
	tests := []struct {
		name, ct, body string
		form           url.Values
		data           string
		err            string
	}{
		{"form", "application/x-www-form-urlencoded", "a=1&b=x", url.Values{"a": {"1"}, "b": {"x"}}, "", ""},
		{"form data as JSON", "", `data=%7B%22k%22%3A1%7D`, url.Values{"data": {`{"k":1}`}}, `{"k":1}`, ""},
		{"form data not JSON", "", `data=hi`, url.Values{"data": {"hi"}}, `"hi"`, ""},
		{"JSON", "application/json", `{"csrfToken":"t","n":2,"ok":true,"o":{},"data":{"x":1}}`,
			url.Values{"csrfToken": {"t"}, "n": {"2"}, "ok": {"true"}}, `{"x":1}`, ""},
		{"empty JSON", "application/json", "  ", url.Values{}, "", ""},
		{"JSON array", "application/json", "[1]", nil, "", "the JSON body is not an object"},
		{"bad form", "", "a=%zz", nil, "", "not valid URL encoding"},
		{"other type", "text/plain", "x", nil, "", `unsupported Content-Type "text/plain"`},
		{"bad type", "a/b; c", "x", nil, "", "bad Content-Type"},
		{"too big", "", strings.Repeat("a", MaxBodyBytes+1), nil, "", "larger than 65536 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/", strings.NewReader(tt.body))
			r.Header.Set("Content-Type", tt.ct)
			rq := &Request{R: r, W: httptest.NewRecorder()}
			err := rq.ParseBody()
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || rq.Form.Encode() != tt.form.Encode() || string(rq.Data) != tt.data {
				t.Fatalf("form %v data %s err %v; want %v %s", rq.Form, rq.Data, err, tt.form, tt.data)
			}
		})
	}
}

func TestOriginOf(t *testing.T) {
	tests := []struct {
		name    string
		fixed   string
		tls     bool
		host    string
		headers map[string]string
		want    string // "" = an error
	}{
		{"fixed origin wins", "https://example.com", false, "evil.example", map[string]string{"X-Forwarded-Host": "evil.example"}, "https://example.com"},
		{"plain host", "", false, "Site.Example:8080", nil, "http://site.example:8080"},
		{"TLS", "", true, "site.example", nil, "https://site.example"},
		{"proxy headers", "", false, "internal:80", map[string]string{"X-Forwarded-Proto": "https, http", "X-Forwarded-Host": "public.example"}, "https://public.example"},
		{"bad proto", "", false, "site.example", map[string]string{"X-Forwarded-Proto": "gopher"}, ""},
		{"bad host", "", false, "site.example", map[string]string{"X-Forwarded-Host": "a b"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewSite(Options{Origin: tt.fixed, BasePath: "/api/auth", Secrets: []string{secret1}})
			r := httptest.NewRequest("GET", "/api/auth/session", nil)
			r.Host = tt.host
			if tt.tls {
				r.TLS = &tls.ConnectionState{}
			}
			for k, v := range tt.headers {
				r.Header.Set(k, v)
			}
			rq, err := s.NewRequest(httptest.NewRecorder(), r)
			if tt.want == "" {
				if err == nil {
					t.Fatalf("origin %q, want an error", rq.Origin)
				}
				return
			}
			if err != nil || rq.Origin != tt.want || rq.Secure != strings.HasPrefix(tt.want, "https:") {
				t.Fatalf("origin %q secure %v err %v, want %q", rq.Origin, rq.Secure, err, tt.want)
			}
			if rq.BaseURL() != tt.want+"/api/auth" || rq.Names != s.Names(rq.Secure) {
				t.Fatalf("base URL %q, names %+v", rq.BaseURL(), rq.Names)
			}
		})
	}
}

func TestClientIP(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8:ffff::/48")}
	tests := []struct {
		name    string
		proxies []netip.Prefix
		remote  string
		xff     []string
		want    string
	}{
		{"peer", nil, "203.0.113.9:5555", nil, "203.0.113.9"},
		{"forwarded ignored without trusted proxies", nil, "10.0.0.1:1", []string{"198.51.100.7"}, "10.0.0.1"},
		{"forwarded ignored from an untrusted peer", proxies, "203.0.113.9:1", []string{"198.51.100.7"}, "203.0.113.9"},
		{"last entry of the last header", proxies, "10.0.0.1:1", []string{"1.1.1.1", "6.6.6.6, 198.51.100.7"}, "198.51.100.7"},
		{"trusted hops skipped", proxies, "10.0.0.1:1", []string{"6.6.6.6, 198.51.100.7, 10.1.2.3", "10.9.9.9"}, "198.51.100.7"},
		{"a client's own header stays left of the proxy's entry", proxies, "10.0.0.1:1", []string{"1.2.3.4, 198.51.100.7"}, "198.51.100.7"},
		{"all hops trusted: the left-most", proxies, "10.0.0.1:1", []string{"10.0.0.5, 10.0.0.6"}, "10.0.0.5"},
		{"garbage stops at the last good hop", proxies, "10.0.0.1:1", []string{"not-an-ip"}, "10.0.0.1"},
		{"garbage left of a trusted hop", proxies, "10.0.0.1:1", []string{"6.6.6.6, garbage, 10.0.0.7"}, "10.0.0.7"},
		{"IPv6 normalised", proxies, "10.0.0.1:1", []string{"2001:DB8::1"}, "2001:db8::1"},
		{"IPv6 proxy", proxies, "[2001:db8:ffff::1]:1", []string{"198.51.100.7"}, "198.51.100.7"},
		{"IPv4-mapped peer", proxies, "[::ffff:10.0.0.1]:1", []string{"198.51.100.7"}, "198.51.100.7"},
		{"no header from a trusted proxy", proxies, "10.0.0.1:1", nil, "10.0.0.1"},
		{"peer without port", nil, "pipe", nil, "pipe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewSite(Options{Origin: "https://site.example", TrustedProxies: tt.proxies})
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tt.remote
			for _, v := range tt.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			rq, _ := s.NewRequest(nil, r)
			if got := rq.ClientIP(); got != tt.want {
				t.Fatalf("ClientIP = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCookieNames(t *testing.T) {
	for _, tt := range []struct {
		v4, secure    bool
		session, csrf string
	}{
		{false, false, "authjs.session-token", "authjs.csrf-token"},
		{false, true, "__Secure-authjs.session-token", "__Host-authjs.csrf-token"},
		{true, false, "next-auth.session-token", "next-auth.csrf-token"},
		{true, true, "__Secure-next-auth.session-token", "__Host-next-auth.csrf-token"},
	} {
		n := NewCookieNames(tt.v4, tt.secure)
		if n.SessionToken != tt.session || n.CSRFToken != tt.csrf {
			t.Errorf("v4=%v secure=%v: %s %s", tt.v4, tt.secure, n.SessionToken, n.CSRFToken)
		}
	}
}

func TestCookies(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, origin := range []string{"http://site.example", "https://site.example"} {
		s := NewSite(Options{Origin: origin, CookieDomain: "site.example", SameSite: http.SameSiteLaxMode, Now: func() time.Time { return now }})
		rq, _ := s.NewRequest(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
		secure := rq.Secure
		c := rq.Cookie("a", "v", now.Add(90*time.Second))
		if c.MaxAge != 90 || !c.Expires.Equal(now.Add(90*time.Second)) || c.Secure != secure || !c.HttpOnly || c.Path != "/" ||
			c.Domain != "site.example" || c.SameSite != http.SameSiteLaxMode {
			t.Errorf("%s: Cookie = %+v", origin, c)
		}
		if c := rq.Cookie("a", "v", now.Add(-time.Hour)); c.MaxAge != -1 {
			t.Errorf("%s: a past expiry gives Max-Age %d, want -1", origin, c.MaxAge)
		}
		if c := rq.ClearCookie("a"); c.MaxAge != -1 || c.Value != "" {
			t.Errorf("%s: ClearCookie = %+v", origin, c)
		}
		wantSameSite := http.SameSiteLaxMode
		if secure {
			wantSameSite = http.SameSiteNoneMode
		}
		if c := rq.CrossSiteCookie("a", "v", time.Time{}); c.SameSite != wantSameSite || c.MaxAge != 0 {
			t.Errorf("%s: CrossSiteCookie = %+v", origin, c)
		}
	}
}

// TestCSRF: the token minted is the one the cookie verifies, a submitted
// token must equal it, and a cookie signed with a secret of the site's is
// accepted while one signed otherwise is not.
func TestCSRF(t *testing.T) {
	s := NewSite(Options{Origin: "https://site.example", Secrets: []string{secret1, secret2}})
	w := httptest.NewRecorder()
	rq, _ := s.NewRequest(w, httptest.NewRequest("GET", "/", nil))
	tok := rq.CSRFToken()
	set := w.Result().Cookies()
	if len(set) != 1 || set[0].Name != "__Host-authjs.csrf-token" || set[0].Domain != "" || !set[0].Secure {
		t.Fatalf("minted cookies %v", set)
	}
	if got := s.ParseCSRFCookie(set[0].Value); got != tok {
		t.Fatalf("the minted cookie holds %q, want %q", got, tok)
	}
	other := NewSite(Options{Secrets: []string{strings.Repeat("x", 40)}})
	tests := []struct {
		name, cookie, submitted string
		ok                      bool
	}{
		{"same token", set[0].Value, tok, true},
		{"old secret", tok + "|" + SHA256Hex(tok+secret2), tok, true},
		{"other token", set[0].Value, strings.Repeat("b", 64), false},
		{"short token", set[0].Value, tok[:10], false},
		{"no cookie", "", tok, false},
		{"unknown secret", other.CSRFCookieValue(tok), tok, false},
		{"no hash", tok, tok, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/", nil)
			if tt.cookie != "" {
				r.AddCookie(&http.Cookie{Name: "__Host-authjs.csrf-token", Value: tt.cookie})
			}
			rq, _ := s.NewRequest(httptest.NewRecorder(), r)
			if got := rq.CSRFValid(tt.submitted); got != tt.ok {
				t.Fatalf("CSRFValid = %v, want %v", got, tt.ok)
			}
		})
	}
}

func TestSameOriginURL(t *testing.T) {
	const origin = "https://site.example"
	tests := []struct{ target, want string }{
		{"/a?b#c", origin + "/a?b#c"},
		{"https://SITE.example:443/x", origin + "/x"},
		{"https://site.example", origin + "/"},
		{"//evil.example", ""},
		{"/\\evil.example", ""},
		{"/%2F%2Fevil.example", ""},
		{"/%252F%252Fevil.example", ""},
		{"https:evil.example", ""},
		{"https://evil.example/", ""},
		{"https://user@site.example/", ""},
		{"javascript:alert(1)", ""},
		{"/a b", ""},
		{"/" + strings.Repeat("a", MaxRedirectURL), ""},
	}
	for _, tt := range tests {
		got, ok := SameOriginURL(tt.target, origin)
		if ok != (tt.want != "") || got != tt.want {
			t.Errorf("SameOriginURL(%q) = %q, %v; want %q", tt.target, got, ok, tt.want)
		}
	}
}

func TestLocalOrAbsolute(t *testing.T) {
	for u, want := range map[string]bool{
		"/login": true, "https://id.example/login": true, "http://x.example": true,
		"//evil.example": false, "login": false, "javascript:x": false, "https:///x": false, "/a\tb": false, "/a\\b": false,
	} {
		if got := LocalOrAbsolute(u); got != want {
			t.Errorf("LocalOrAbsolute(%q) = %v, want %v", u, got, want)
		}
	}
}

func TestRedirect(t *testing.T) {
	for _, tt := range []struct {
		name, header, form string
		json               bool
	}{
		{"302", "", "", false},
		{"v5 header", "1", "", true},
		{"v4 field", "", "true", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := NewSite(Options{Origin: "https://site.example"})
			r := httptest.NewRequest("POST", "/", nil)
			if tt.header != "" {
				r.Header.Set("X-Auth-Return-Redirect", tt.header)
			}
			w := httptest.NewRecorder()
			rq, _ := s.NewRequest(w, r)
			rq.Form = url.Values{"json": {tt.form}}
			rq.Redirect("https://site.example/next")
			if tt.json {
				if w.Code != 200 || w.Body.String() != `{"url":"https://site.example/next"}`+"\n" || w.Header().Get("Cache-Control") == "" {
					t.Fatalf("%d %q", w.Code, w.Body)
				}
				return
			}
			if w.Code != http.StatusFound || w.Header().Get("Location") != "https://site.example/next" {
				t.Fatalf("%d %q", w.Code, w.Header().Get("Location"))
			}
		})
	}
}

func TestRandom(t *testing.T) {
	if a, b := RandomHex(32), RandomHex(32); !IsLowerHex(a, 64) || a == b {
		t.Errorf("RandomHex: %q, %q", a, b)
	}
	if a, b := RandomToken(), RandomToken(); len(a) != 43 || a == b || strings.ContainsAny(a, "+/=") {
		t.Errorf("RandomToken: %q, %q", a, b)
	}
	if got := SHA256Hex("abc"); got != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("SHA256Hex(abc) = %s", got)
	}
}
