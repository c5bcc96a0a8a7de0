package email

import (
	"html"
	"strings"
	"testing"
	"time"

	xhtml "golang.org/x/net/html"

	"github.com/gatehouse-go/gatehouse/providers"
)

// longLink is a realistic callback link, far longer than a 76-character mail
// line, with characters that transfer encodings and HTML treat specially
// ('=', '&', '%').
var longLink = "https://app.example.com/api/auth/callback/email?callbackUrl=https%3A%2F%2Fapp.example.com%2Fdashboard%3Ftab%3Dsettings%26x%3D1&token=" +
	strings.Repeat("0123456789abcdef", 4) + "&email=ann%2Bnews%40example.com"

func TestRenderMessage(t *testing.T) {
	expires := time.Date(2026, 3, 4, 5, 6, 0, 0, time.FixedZone("CET", 3600))
	tests := []struct {
		name        string
		site        string
		req         providers.VerificationRequest
		wantSubject string
		wantText    []string // substrings of the text body
		wantHTML    []string // substrings of the raw HTML body
		notHTML     []string
		wantErr     string
	}{
		{
			name:        "configured site",
			site:        "Acme",
			req:         providers.VerificationRequest{Identifier: "ann+news@example.com", URL: longLink, Expires: expires, SiteName: "ignored"},
			wantSubject: "Sign in to Acme",
			wantText:    []string{"Sign in to Acme", "\n" + longLink + "\n", "Wed, 4 Mar 2026 04:06 UTC", "ann+news@example.com"},
			wantHTML:    []string{`href="` + html.EscapeString(longLink) + `"`, "Wed, 4 Mar 2026 04:06 UTC"},
		},
		{
			name:        "site from request",
			req:         providers.VerificationRequest{Identifier: "a@example.com", URL: "https://x.example/cb?token=t", Expires: expires, SiteName: "Shop"},
			wantSubject: "Sign in to Shop",
		},
		{
			name:        "site from SiteURL host",
			req:         providers.VerificationRequest{Identifier: "a@example.com", URL: "https://x.example/cb?token=t", Expires: expires, SiteURL: "https://shop.example:8443/"},
			wantSubject: "Sign in to shop.example:8443",
		},
		{
			name:        "site from link host",
			req:         providers.VerificationRequest{Identifier: "a@example.com", URL: "https://x.example/cb?token=t", Expires: expires},
			wantSubject: "Sign in to x.example",
		},
		{
			name:        "html escaped and header safe",
			site:        "<b>Tom & \"Jerry\"</b>\r\nBcc: eve@evil.test",
			req:         providers.VerificationRequest{Identifier: "a&b@example.com", URL: "https://x.example/cb?a=1&b=2", Expires: expires},
			wantSubject: "Sign in to <b>Tom & \"Jerry\"</b> Bcc: eve@evil.test",
			wantHTML:    []string{"&lt;b&gt;Tom &amp; &#34;Jerry&#34;&lt;/b&gt;", "a&amp;b@example.com", `href="https://x.example/cb?a=1&amp;b=2"`},
			notHTML:     []string{"<b>Tom", "a&b@"},
		},
		{name: "javascript link", req: providers.VerificationRequest{URL: "javascript:alert(1)", Expires: expires}, wantErr: "absolute http(s) URL"},
		{name: "relative link", req: providers.VerificationRequest{URL: "/api/auth/callback/email?token=t", Expires: expires}, wantErr: "absolute http(s) URL"},
		{name: "quote in link", req: providers.VerificationRequest{URL: `https://x.example/"onmouseover="x`, Expires: expires}, wantErr: "quotes"},
		{name: "no expiry", req: providers.VerificationRequest{URL: "https://x.example/cb"}, wantErr: "no expiry"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := RenderMessage(tt.site, tt.req)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if m.Subject != tt.wantSubject {
				t.Errorf("Subject = %q, want %q", m.Subject, tt.wantSubject)
			}
			for _, s := range tt.wantText {
				if !strings.Contains(m.Text, s) {
					t.Errorf("text body lacks %q:\n%s", s, m.Text)
				}
			}
			for _, s := range tt.wantHTML {
				if !strings.Contains(m.HTML, s) {
					t.Errorf("HTML body lacks %q:\n%s", s, m.HTML)
				}
			}
			for _, s := range tt.notHTML {
				if strings.Contains(m.HTML, s) {
					t.Errorf("HTML body contains unescaped %q", s)
				}
			}
			if strings.ContainsAny(m.Subject, "\r\n") {
				t.Errorf("Subject contains a line break: %q", m.Subject)
			}
		})
	}
}

// TestRenderMessageHTMLEscapes parses the HTML as a browser would and checks
// that hostile values come out as text, never as markup.
func TestRenderMessageHTMLEscapes(t *testing.T) {
	site := `<script>alert(1)</script><img src=x onerror=alert(2)>`
	addr := `a<b>&"c"@example.com`
	m, err := RenderMessage(site, providers.VerificationRequest{
		Identifier: addr,
		URL:        "https://x.example/cb?a=1&b=<2>",
		Expires:    time.Now(),
	})
	if err == nil {
		t.Fatalf("link with '<' accepted:\n%s", m.HTML)
	}
	m, err = RenderMessage(site, providers.VerificationRequest{Identifier: addr, URL: "https://x.example/cb?a=1&b=2", Expires: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := xhtml.Parse(strings.NewReader(m.HTML))
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	for n := range doc.Descendants() {
		switch {
		case n.Type == xhtml.ElementNode && (n.Data == "script" || n.Data == "img" || n.Data == "b"):
			t.Errorf("hostile value became a <%s> element", n.Data)
		case n.Type == xhtml.TextNode:
			text.WriteString(n.Data)
		}
	}
	for _, want := range []string{"Sign in to " + site, addr} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("page text lacks %q", want)
		}
	}
}
