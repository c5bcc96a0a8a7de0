package pages

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strings"
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
	styles, styleAttrs, images, forms, scripts, connects []string
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
	for _, el := range scanHTML(string(body)) {
		switch el.name {
		case "style":
			add(&p.styles, Hash(el.text))
		case "script":
			// An inline script runs only if the template wrote it as it
			// is rendered: its hash must be one of the template's.
			if _, src := el.attrs["src"]; !src {
				if h := Hash(strings.ReplaceAll(el.text, "\r\n", "\n")); slices.Contains(scripts, h) {
					add(&p.scripts, h)
				}
			}
		case "img", "source":
			if v, ok := el.attrs["src"]; ok {
				add(&p.images, urlSource(v))
			}
		case "form":
			if v, ok := el.attrs["action"]; ok {
				add(&p.forms, urlSource(v))
			} else {
				add(&p.forms, "'self'")
			}
			// A passkey form's script fetches its options from this URL.
			if v, ok := el.attrs["data-options"]; ok {
				add(&p.connects, urlSource(v))
			}
		}
		if v, ok := el.attrs["formaction"]; ok {
			add(&p.forms, urlSource(v))
		}
		if v, ok := el.attrs["style"]; ok {
			add(&p.styleAttrs, Hash(v))
		}
	}
	for _, s := range formRedirects {
		if s != "" {
			add(&p.forms, urlSource(s))
		}
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
	directive("connect-src", p.connects...)
	b.WriteString("; frame-ancestors 'none'; base-uri 'none'")
	return b.String()
}

// element is a start tag found by scanHTML: its lowercase name, its
// attributes (lowercase names, entity-decoded values; the first of a name
// wins, as in browsers) and, for <style>, its text.
type element struct {
	name  string
	attrs map[string]string
	text  string
}

// scanHTML finds the start tags of a page as the HTML tokenizer does for
// what matters to the policy: tag names, attributes (quoted, unquoted or
// bare), comments skipped, and raw text elements (script, style, textarea,
// title) skipped to their end tag, with a style element's text kept (CR LF
// and lone CR turned into LF, as the browser's input stream does before it
// hashes). It reads a page the renderer made, not arbitrary input; it
// never fails, and what it cannot read it skips.
func scanHTML(s string) []element {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	var out []element
	for i := 0; i < len(s); {
		lt := strings.IndexByte(s[i:], '<')
		if lt < 0 {
			break
		}
		i += lt + 1
		switch {
		case strings.HasPrefix(s[i:], "!--"):
			end := strings.Index(s[i+3:], "-->")
			if end < 0 {
				return out
			}
			i += 3 + end + 3
			continue
		case i < len(s) && (s[i] == '!' || s[i] == '?' || s[i] == '/'):
			gt := strings.IndexByte(s[i:], '>')
			if gt < 0 {
				return out
			}
			i += gt + 1
			continue
		case i >= len(s) || !isASCIILetter(s[i]):
			continue
		}
		el, next := scanTag(s, i)
		i = next
		switch el.name {
		case "script", "style", "textarea", "title":
			end := indexFold(s[i:], "</"+el.name)
			if end < 0 {
				end = len(s) - i
			}
			if el.name == "style" || el.name == "script" {
				el.text = s[i : i+end]
			}
			i += end
		}
		out = append(out, el)
	}
	return out
}

// scanTag reads the start tag whose name begins at s[i] and returns it and
// the index after its '>'.
func scanTag(s string, i int) (element, int) {
	el := element{attrs: map[string]string{}}
	j := i
	for j < len(s) && !isSpace(s[j]) && s[j] != '/' && s[j] != '>' {
		j++
	}
	el.name = strings.ToLower(s[i:j])
	for j < len(s) {
		for j < len(s) && (isSpace(s[j]) || s[j] == '/') {
			j++
		}
		if j >= len(s) {
			break
		}
		if s[j] == '>' {
			return el, j + 1
		}
		k := j
		for k < len(s) && !isSpace(s[k]) && s[k] != '/' && s[k] != '>' && s[k] != '=' {
			k++
		}
		if k == j { // a stray '=' before a name
			k++
		}
		name := strings.ToLower(s[j:k])
		j = k
		for j < len(s) && isSpace(s[j]) {
			j++
		}
		val := ""
		if j < len(s) && s[j] == '=' {
			j++
			for j < len(s) && isSpace(s[j]) {
				j++
			}
			if j < len(s) && (s[j] == '"' || s[j] == '\'') {
				q := s[j]
				end := strings.IndexByte(s[j+1:], q)
				if end < 0 {
					end = len(s) - j - 1
				}
				val = s[j+1 : j+1+end]
				j += end + 2
			} else {
				k := j
				for k < len(s) && !isSpace(s[k]) && s[k] != '>' {
					k++
				}
				val = s[j:k]
				j = k
			}
		}
		if _, dup := el.attrs[name]; !dup {
			el.attrs[name] = html.UnescapeString(val)
		}
	}
	return el, len(s)
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

// indexFold is strings.Index ignoring ASCII case.
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
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
