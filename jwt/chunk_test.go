package jwt

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

func requestWith(cookies ...*http.Cookie) *http.Request {
	r := httptest.NewRequest("GET", "/", nil)
	for _, c := range cookies {
		r.AddCookie(c)
	}
	return r
}

func TestChunkCookieSizes(t *testing.T) {
	tests := []struct {
		size, chunkSize, want int
	}{
		{0, 0, 1}, {1, 0, 1}, {ChunkSizeV5, 0, 1}, {ChunkSizeV5 + 1, 0, 2},
		{3 * ChunkSizeV5, ChunkSizeV5, 3}, {3*ChunkSizeV5 + 1, ChunkSizeV5, 4},
		{ChunkSizeV5, ChunkSizeV4, 2}, {10, 3, 4},
	}
	for _, tt := range tests {
		value := strings.Repeat("abcdefghij", tt.size/10+1)[:tt.size]
		c := &http.Cookie{Name: SessionCookieV5, Value: value, Path: "/", HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode}
		got := ChunkCookie(c, tt.chunkSize)
		if len(got) != tt.want {
			t.Fatalf("size %d chunk %d: %d cookies, want %d", tt.size, tt.chunkSize, len(got), tt.want)
		}
		if tt.want == 1 && got[0] != c {
			t.Fatal("a value that fits must be returned as the cookie itself")
		}
		r := httptest.NewRequest("GET", "/", nil)
		for i, ck := range got {
			if tt.want > 1 && ck.Name != SessionCookieV5+"."+strconv.Itoa(i) {
				t.Fatalf("chunk %d named %s", i, ck.Name)
			}
			if !ck.HttpOnly || !ck.Secure || ck.Path != "/" || ck.SameSite != http.SameSiteLaxMode {
				t.Fatal("chunk lost the cookie attributes")
			}
			r.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
		}
		if tt.size > 0 && ReadChunked(r, SessionCookieV5) != value {
			t.Fatalf("size %d: reassembly differs", tt.size)
		}
	}
}

func TestReadChunked(t *testing.T) {
	const n = SessionCookieV5
	ck := func(name, value string) *http.Cookie { return &http.Cookie{Name: name, Value: value} }
	tests := []struct {
		name    string
		cookies []*http.Cookie
		want    string
	}{
		{"none", nil, ""},
		{"plain", []*http.Cookie{ck(n, "abc")}, "abc"},
		{"chunks in order", []*http.Cookie{ck(n+".0", "a"), ck(n+".1", "b")}, "ab"},
		{"chunks reversed", []*http.Cookie{ck(n+".1", "b"), ck(n+".0", "a")}, "ab"},
		{"numeric not lexical order", []*http.Cookie{ck(n+".10", "K"), ck(n+".2", "c"), ck(n+".9", "J"), ck(n+".0", "a"), ck(n+".1", "b")}, "abcJK"},
		{"other cookies ignored", []*http.Cookie{ck("authjs.csrf-token", "x"), ck(n+"-other", "y"), ck(n+".x", "z"), ck("__Secure-"+n, "s"), ck(n, "v")}, "v"},
		{"empty skipped", []*http.Cookie{ck(n+".0", "a"), ck(n+".1", ""), ck(n+".2", "c")}, "ac"},
		{"stale plain cookie ignored when chunks exist", []*http.Cookie{ck(n, "old"), ck(n+".0", "a"), ck(n+".1", "b")}, "ab"},
		{"first of duplicate names", []*http.Cookie{ck(n, "first"), ck(n, "second")}, "first"},
		{"first of duplicate chunk names", []*http.Cookie{ck(n+".0", "a"), ck(n+".1", "b"), ck(n+".0", "x"), ck(n+".1", "y")}, "ab"},
		{"empty first of duplicate names", []*http.Cookie{ck(n, ""), ck(n, "second")}, ""},
		{"equal indexes keep request order", []*http.Cookie{ck(n+".1", "b"), ck(n+".01", "c"), ck(n+".0", "a")}, "abc"},
		{"percent-encoded", []*http.Cookie{ck(n, url.PathEscape("a|b"))}, "a|b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ReadChunked(requestWith(tt.cookies...), n); got != tt.want {
				t.Fatalf("ReadChunked = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestReplaceAndClearChunked(t *testing.T) {
	const n = SessionCookieV5
	tmpl := http.Cookie{Name: n, Path: "/", HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode, Expires: time.Now().Add(time.Hour)}
	big := strings.Repeat("x", 2*ChunkSizeV5+5)
	tests := []struct {
		name    string
		have    []string
		value   string
		deleted []string
		set     []string
	}{
		{"fresh small", nil, "small", nil, []string{n}},
		{"small over three chunks", []string{n + ".0", n + ".1", n + ".2"}, "small", []string{n + ".0", n + ".1", n + ".2"}, []string{n}},
		{"big over plain", []string{n}, big, []string{n}, []string{n + ".0", n + ".1", n + ".2"}},
		{"big over five chunks", []string{n + ".0", n + ".1", n + ".2", n + ".3", n + ".4"}, big, []string{n + ".3", n + ".4"}, []string{n + ".0", n + ".1", n + ".2"}},
		{"unrelated cookies untouched", []string{"other", n + "-x"}, "v", nil, []string{n}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			for _, h := range tt.have {
				r.AddCookie(&http.Cookie{Name: h, Value: "old"})
			}
			c := tmpl
			c.Value = tt.value
			var deleted, set []string
			w := httptest.NewRecorder()
			for _, ck := range ReplaceChunked(r, &c, ChunkSizeV5) {
				http.SetCookie(w, ck)
				if ck.MaxAge < 0 {
					deleted = append(deleted, ck.Name)
				} else {
					set = append(set, ck.Name)
				}
			}
			if strings.Join(deleted, ",") != strings.Join(tt.deleted, ",") || strings.Join(set, ",") != strings.Join(tt.set, ",") {
				t.Fatalf("deleted %v set %v, want %v %v", deleted, set, tt.deleted, tt.set)
			}
			for _, line := range w.Result().Header["Set-Cookie"] {
				if !strings.Contains(line, "Path=/") || !strings.Contains(line, "HttpOnly") || !strings.Contains(line, "Secure") {
					t.Fatalf("Set-Cookie lost attributes: %s", line)
				}
				if strings.Contains(line, "=old") {
					t.Fatal("old value rewritten")
				}
			}
			// The browser's jar after the response holds exactly the new value.
			jar := map[string]string{}
			for _, h := range tt.have {
				jar[h] = "old"
			}
			for _, ck := range w.Result().Cookies() {
				if ck.MaxAge < 0 {
					delete(jar, ck.Name)
				} else {
					jar[ck.Name] = ck.Value
				}
			}
			r2 := httptest.NewRequest("GET", "/", nil)
			for k, v := range jar {
				r2.AddCookie(&http.Cookie{Name: k, Value: v})
			}
			if got := ReadChunked(r2, n); got != tt.value {
				t.Fatalf("after the response the jar reads %d chars, want %d", len(got), len(tt.value))
			}
			// Clearing deletes every cookie of the session, nothing else.
			r3 := httptest.NewRequest("GET", "/", nil)
			for k, v := range jar {
				r3.AddCookie(&http.Cookie{Name: k, Value: v})
			}
			for _, ck := range ClearChunked(r3, &c) {
				if ck.MaxAge >= 0 || ck.Value != "" || !ck.Secure || ck.Path != "/" {
					t.Fatalf("bad deletion cookie %+v", ck)
				}
				if _, ok := chunkIndex(ck.Name, n); !ok {
					t.Fatalf("cleared unrelated cookie %s", ck.Name)
				}
				delete(jar, ck.Name)
			}
			for k := range jar {
				if _, ok := chunkIndex(k, n); ok {
					t.Fatalf("ClearChunked left %s", k)
				}
			}
		})
	}
}

func TestGetter(t *testing.T) {
	secrets := []string{"next-app-secret"}
	now := fixedClock(t0)
	secure := newCodec(t, Options{Secrets: secrets, Salt: SecureSessionCookieV5})
	plain := newCodec(t, Options{Secrets: secrets, Salt: SessionCookieV5})
	v4 := newCodec(t, Options{Secrets: secrets, Version: V4})
	secureTok := encode(t, secure, Claims{"sub": "secure"})
	plainTok := encode(t, plain, Claims{"sub": "plain"})
	v4Tok := encode(t, v4, Claims{"sub": "v4"})
	bigTok := encode(t, secure, Claims{"sub": "big", "blob": strings.Repeat("z", 9000)})

	ck := func(name, value string) *http.Cookie { return &http.Cookie{Name: name, Value: value} }
	tests := []struct {
		name    string
		opts    GetterOptions
		cookies []*http.Cookie
		auth    string
		want    string
		err     error
	}{
		{"secure cookie", GetterOptions{}, []*http.Cookie{ck(SecureSessionCookieV5, secureTok)}, "", "secure", nil},
		{"plain cookie", GetterOptions{}, []*http.Cookie{ck(SessionCookieV5, plainTok)}, "", "plain", nil},
		{"chunked secure cookie", GetterOptions{}, ChunkCookie(ck(SecureSessionCookieV5, bigTok), 0), "", "big", nil},
		{"token under the wrong name", GetterOptions{}, []*http.Cookie{ck(SessionCookieV5, secureTok)}, "", "", ErrDecryption},
		{"fixed cookie name", GetterOptions{CookieName: SessionCookieV5}, []*http.Cookie{ck(SecureSessionCookieV5, secureTok), ck(SessionCookieV5, plainTok)}, "", "plain", nil},
		{"bearer", GetterOptions{}, nil, "Bearer " + url.QueryEscape(plainTok), "plain", nil},
		{"bearer secure salt", GetterOptions{}, nil, "Bearer " + secureTok, "secure", nil},
		{"bearer ignored when cookie present", GetterOptions{}, []*http.Cookie{ck(SessionCookieV5, plainTok)}, "Bearer " + secureTok, "plain", nil},
		{"bearer disabled", GetterOptions{DisableBearer: true}, nil, "Bearer " + plainTok, "", ErrNoToken},
		{"bearer bad escape", GetterOptions{}, nil, "Bearer %zz", "", ErrMalformed},
		{"bearer garbage", GetterOptions{}, nil, "Bearer not-a-token", "", ErrMalformed},
		{"basic auth is not a token", GetterOptions{}, nil, "Basic dXNlcjpwYXNz", "", ErrNoToken},
		{"no token", GetterOptions{}, []*http.Cookie{ck("other", "x")}, "", "", ErrNoToken},
		{"v4 cookie", GetterOptions{Version: V4}, []*http.Cookie{ck(SessionCookieV4, v4Tok)}, "", "v4", nil},
		{"v4 getter ignores v5 cookie", GetterOptions{Version: V4}, []*http.Cookie{ck(SessionCookieV5, plainTok)}, "", "", ErrNoToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Secrets, tt.opts.Now = secrets, now
			g, err := NewGetter(tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			r := requestWith(tt.cookies...)
			if tt.auth != "" {
				r.Header.Set("Authorization", tt.auth)
			}
			claims, err := g.GetToken(r)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("GetToken = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil || claims.Subject() != tt.want {
				t.Fatalf("GetToken = %v, %v; want sub %q", claims, err, tt.want)
			}
			raw, err := g.RawToken(r)
			if err != nil || raw == "" {
				t.Fatalf("RawToken = %q, %v", raw, err)
			}
		})
	}
	if _, err := NewGetter(GetterOptions{}); err == nil {
		t.Fatal("NewGetter without secrets succeeded")
	}
}
