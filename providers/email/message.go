package email

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"net/url"
	"strings"
	texttemplate "text/template"

	"github.com/gatehouse-go/gatehouse/providers"
)

// Message is the content of a sign-in email.
type Message struct {
	// Subject is the subject line: "Sign in to <site>".
	Subject string
	// Text is the text/plain body. The link stands alone on its own line so
	// mail clients turn it into a link.
	Text string
	// HTML is the text/html body; every value in it is HTML-escaped.
	HTML string
}

// siteName picks the name used in the message: the configured one, else the
// request's, else the host of the site URL or of the link.
func siteName(configured string, r providers.VerificationRequest) string {
	for _, s := range []string{configured, r.SiteName} {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	for _, raw := range []string{r.SiteURL, r.URL} {
		if u, err := url.Parse(raw); err == nil && u.Host != "" {
			return u.Host
		}
	}
	return "the site"
}

type messageData struct {
	Site    string
	URL     string
	Expires string
	Address string
}

var textBody = texttemplate.Must(texttemplate.New("text").Parse(`Sign in to {{.Site}}

Open this link to sign in as {{.Address}}:

{{.URL}}

The link can be used once and expires at {{.Expires}}.

If you did not ask to sign in, you can ignore this email.
`))

var htmlBody = htmltemplate.Must(htmltemplate.New("html").Parse(`<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Sign in to {{.Site}}</title></head>
<body style="font-family: -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; color: #222; background: #f6f6f6; padding: 24px;">
<table role="presentation" width="100%" cellspacing="0" cellpadding="0" style="max-width: 480px; margin: 0 auto; background: #fff; border-radius: 8px; padding: 24px;">
<tr><td>
<h1 style="font-size: 20px; margin: 0 0 16px;">Sign in to {{.Site}}</h1>
<p style="margin: 0 0 16px;">Click the button to sign in as <strong>{{.Address}}</strong>.</p>
<p style="margin: 0 0 24px;"><a href="{{.URL}}" style="display: inline-block; background: #346df1; color: #fff; text-decoration: none; padding: 10px 20px; border-radius: 6px; font-weight: bold;">Sign in</a></p>
<p style="margin: 0 0 8px; font-size: 13px; color: #555;">Or paste this link into your browser:</p>
<p style="margin: 0 0 16px; font-size: 13px; word-break: break-all;"><a href="{{.URL}}">{{.URL}}</a></p>
<p style="margin: 0 0 8px; font-size: 13px; color: #555;">The link can be used once and expires at {{.Expires}}.</p>
<p style="margin: 0; font-size: 13px; color: #555;">If you did not ask to sign in, you can ignore this email.</p>
</td></tr>
</table>
</body>
</html>
`))

// expiryLayout formats the expiry in the message, always in UTC.
const expiryLayout = "Mon, 2 Jan 2006 15:04 MST"

// RenderMessage builds the sign-in email for r: subject "Sign in to
// <site>", and text and HTML bodies with the link, the address, the site
// name and the expiry time (in UTC). site overrides the site name; when
// empty, r.SiteName is used, else the host of r.SiteURL or r.URL.
//
// The link must be an http or https URL; anything else is refused rather
// than put into the HTML.
func RenderMessage(site string, r providers.VerificationRequest) (Message, error) {
	u, err := url.Parse(r.URL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return Message{}, fmt.Errorf("email: the sign-in link must be an absolute http(s) URL")
	}
	if strings.ContainsAny(r.URL, " \t\r\n\"'<>") {
		return Message{}, fmt.Errorf("email: the sign-in link contains white space, quotes or angle brackets; percent-encode them")
	}
	if r.Expires.IsZero() {
		return Message{}, fmt.Errorf("email: the verification request has no expiry time")
	}
	d := messageData{
		Site:    strings.Join(strings.Fields(siteName(site, r)), " "),
		URL:     r.URL,
		Expires: r.Expires.UTC().Format(expiryLayout),
		Address: r.Identifier,
	}
	var text, html bytes.Buffer
	if err := textBody.Execute(&text, d); err != nil {
		return Message{}, fmt.Errorf("email: render text body: %w", err)
	}
	if err := htmlBody.Execute(&html, htmlData(d)); err != nil {
		return Message{}, fmt.Errorf("email: render HTML body: %w", err)
	}
	return Message{
		Subject: "Sign in to " + d.Site,
		Text:    text.String(),
		HTML:    html.String(),
	}, nil
}

// htmlData marks the link as a URL that has already been checked (absolute
// http or https, no characters that need quoting) so html/template keeps it
// exactly instead of re-encoding it; the template still HTML-escapes it
// (& becomes &amp;) in attributes and text.
func htmlData(d messageData) any {
	return struct {
		Site    string
		URL     htmltemplate.URL
		Expires string
		Address string
	}{d.Site, htmltemplate.URL(d.URL), d.Expires, d.Address}
}
