package pages

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The pages' Content-Security-Policy (CSP Level 3, https://www.w3.org/TR/CSP3/)
// starts from default-src 'none' and allows only what the rendered page
// itself contains, computed at each Render:
//
//   - style-src: the SHA-256 hash of each inline <style> element (the
//     theme's colours are in it, so the hash follows the theme), and of
//     each style attribute with 'unsafe-hashes' (only custom templates use
//     them; the built-in ones do not);
//   - img-src: the sources of the page's images (the theme's and the
//     providers' logos): 'self' for a path, data: for a data: URL, the
//     origin of an http(s) URL;
//   - form-action: the origins the page's forms post to, plus each OAuth
//     sign-in form's FormRedirects (browsers check form-action on the
//     redirect that follows a POST too);
//   - script-src: the hashes of the inline scripts written in the
//     templates themselves (scriptHashes, computed in New from the template
//     sources, never from the rendered page, so that nothing data puts in a
//     page can become an allowed script);
//   - frame-ancestors 'none', base-uri 'none'.
//
// Adding a script to a page: write it as a fixed inline <script> in the
// page's template; New hashes it and every Render of that page allows it.
// A script whose text has template actions is refused by New (pass data in
// a data- attribute or a <script type="application/json"> block, which is
// not executed and needs no hash).

// Hash returns the CSP source expression of the SHA-256 hash of an inline
// script or style's text: 'sha256-<base64>'.
func Hash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// policy collects the sources of one directive, without duplicates, in the
// order first seen.
type policy struct {
	styles, styleAttrs, images, forms, scripts []string
}

func add(list *[]string, s string) {
	if s != "" && !slices.Contains(*list, s) {
		*list = append(*list, s)
	}
}

// sourceRE is what a host source taken from a URL may look like: no
// spaces, quotes, semicolons or commas that would end or change a
// directive.
var sourceRE = regexp.MustCompile(`^https?://[A-Za-z0-9.\-\[\]:]+$`)

// urlSource returns the CSP source that allows u: 'self' for a URL on this
// site (no scheme and no host), data: for a data: URL, the origin of an
// http(s) URL; "" for anything else.
func urlSource(u string) string {
	u = strings.TrimSpace(u)
	if u == "https:" {
		return u // any https target (an OAuth provider whose endpoint is unknown)
	}
	if u == "" {
		return "'self'" // a form without an action posts to the page
	}
	if strings.HasPrefix(strings.ToLower(u), "data:") {
		return "data:"
	}
	p, err := url.Parse(u)
	switch {
	case err != nil:
		return ""
	case p.Scheme == "" && p.Host == "":
		return "'self'"
	case (p.Scheme == "http" || p.Scheme == "https") && p.Host != "":
		if s := p.Scheme + "://" + p.Host; sourceRE.MatchString(s) {
			return s
		}
	}
	return ""
}

// pagePolicy returns the Content-Security-Policy of a rendered page: body is
// the page, scripts the hashes of its template's inline scripts and
// formRedirects the further form-action sources of the page.
func pagePolicy(body []byte, scripts, formRedirects []string) string {
	var p policy
	z := html.NewTokenizer(bytes.NewReader(body))
	var inStyle bool
	var style strings.Builder
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			for _, a := range tok.Attr {
				if a.Namespace != "" {
					continue
				}
				switch {
				case a.Key == "style":
					add(&p.styleAttrs, Hash(a.Val))
				case a.Key == "src" && (tok.DataAtom == atom.Img || tok.DataAtom == atom.Source):
					add(&p.images, urlSource(a.Val))
				case a.Key == "action" && tok.DataAtom == atom.Form, a.Key == "formaction":
					add(&p.forms, urlSource(a.Val))
				}
			}
			if tok.DataAtom == atom.Form && !slices.ContainsFunc(tok.Attr, func(a html.Attribute) bool { return a.Key == "action" }) {
				add(&p.forms, "'self'")
			}
			if tok.DataAtom == atom.Style && tt == html.StartTagToken {
				inStyle = true
				style.Reset()
			}
		case html.TextToken:
			if inStyle {
				style.Write(z.Text())
			}
		case html.EndTagToken:
			if inStyle {
				if name, _ := z.TagName(); string(name) == "style" {
					add(&p.styles, Hash(style.String()))
					inStyle = false
				}
			}
		}
	}
	for _, s := range formRedirects {
		if s != "" {
			add(&p.forms, urlSource(s))
		}
	}
	for _, s := range scripts {
		add(&p.scripts, s)
	}
	var b strings.Builder
	b.WriteString("default-src 'none'")
	directive := func(name string, srcs ...string) {
		if len(srcs) == 0 {
			return
		}
		b.WriteString("; " + name)
		for _, s := range srcs {
			b.WriteString(" " + s)
		}
	}
	styles := p.styles
	if len(p.styleAttrs) > 0 {
		styles = append(append(append([]string(nil), styles...), "'unsafe-hashes'"), p.styleAttrs...)
	}
	directive("style-src", styles...)
	directive("img-src", p.images...)
	directive("script-src", p.scripts...)
	directive("form-action", p.forms...)
	b.WriteString("; frame-ancestors 'none'; base-uri 'none'")
	return b.String()
}

// scriptRE finds the inline scripts of a template source: the text of a
// <script> element without a src attribute (and not a data block).
var scriptRE = regexp.MustCompile(`(?is)<script(\s[^>]*)?>(.*?)</script\s*>`)

// dataScriptRE matches the attributes of a script that is not executed
// (a data block) or is loaded from a URL.
var dataScriptRE = regexp.MustCompile(`(?i)\bsrc\s*=|\btype\s*=\s*["']?application/(ld\+)?json`)

// templateScripts returns the hashes of the inline scripts in a template's
// source, or an error for a script whose text the template computes.
func templateScripts(origin, name, src string) ([]string, error) {
	var hashes []string
	for _, m := range scriptRE.FindAllStringSubmatch(src, -1) {
		if dataScriptRE.MatchString(m[1]) {
			continue
		}
		if strings.Contains(m[2], "{{") {
			return nil, fmt.Errorf("pages: %s template %s has an inline <script> with template actions; the pages' Content-Security-Policy allows only fixed scripts (by hash): pass data in a data- attribute or a <script type=\"application/json\"> block", origin, name)
		}
		// The browser hashes the text after the HTML parser turned CR LF
		// and lone CR into LF.
		text := strings.ReplaceAll(strings.ReplaceAll(m[2], "\r\n", "\n"), "\r", "\n")
		hashes = append(hashes, Hash(text))
	}
	return hashes, nil
}

// formRedirects returns the further form-action sources of a page: where
// its forms' POSTs may redirect the browser: the callback URL (after a
// sign-in, a sign-out or a confirmed email link) and the OAuth providers'
// FormRedirects.
func formRedirects(pg any) []string {
	v := reflect.ValueOf(pg)
	if v.Kind() == reflect.Pointer && !v.IsNil() {
		pg = v.Elem().Interface()
	}
	switch p := pg.(type) {
	case SignIn:
		out := []string{p.CallbackURL}
		for _, b := range p.Providers {
			out = append(out, b.FormRedirects...)
		}
		return out
	case SignOut:
		return []string{p.CallbackURL}
	case EmailConfirm:
		return []string{p.CallbackURL}
	}
	return nil
}
