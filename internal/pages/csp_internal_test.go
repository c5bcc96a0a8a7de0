package pages

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// tokenized is what golang.org/x/net/html's tokenizer finds in a document:
// the reference scanHTML is compared with.
func tokenized(doc string) []element {
	var out []element
	z := html.NewTokenizer(strings.NewReader(doc))
	var raw *element
	for {
		switch z.Next() {
		case html.ErrorToken:
			if raw != nil {
				out = append(out, *raw)
			}
			return out
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			el := element{name: tok.Data, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				if _, dup := el.attrs[a.Key]; !dup {
					el.attrs[a.Key] = a.Val
				}
			}
			if el.name == "style" || el.name == "script" {
				raw = &el
				continue
			}
			out = append(out, el)
		case html.TextToken:
			if raw != nil {
				raw.text += string(z.Text())
			}
		case html.EndTagToken:
			if raw != nil {
				out = append(out, *raw)
				raw = nil
			}
		}
	}
}

func sameElements(a, b []element) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].name != b[i].name || a[i].text != b[i].text || len(a[i].attrs) != len(b[i].attrs) {
			return false
		}
		for k, v := range a[i].attrs {
			if w, ok := b[i].attrs[k]; !ok || w != v {
				return false
			}
		}
	}
	return true
}

var scanSeeds = []string{
	`<!doctype html><html><head><style>body{color:red}</style></head><body><img src="/a.png" alt=""></body></html>`,
	"<style>\r\na{b:c}\r</style><p class=x>t</p>",
	`<form method=post action='https://x.example/a?b=1&amp;c=2'><input name=q value="a&quot;b"><button formaction="/f">x</button></form>`,
	`<!-- <img src="/hidden.png"> --><IMG SRC="/UPPER.png"><img src=/bare.png alt>`,
	`<script>if (a < b) { document.write("<img src=/no.png>") }</script><img src="/yes.png">`,
	`<title>a <img src=/t.png></title><textarea><form action=/x></textarea><div style="color: red" style="color: blue">`,
	`<img src="data:image/png;base64,AAAA" ><a href="/x">y</a><br/><img/src="/slash.png">`,
}

// TestScanHTML compares scanHTML with x/net/html's tokenizer on pages like
// the renderer's (tag names, attributes, style and script text).
func TestScanHTML(t *testing.T) {
	for _, doc := range scanSeeds {
		got, want := scanHTML(doc), tokenized(strings.ReplaceAll(strings.ReplaceAll(doc, "\r\n", "\n"), "\r", "\n"))
		if !sameElements(got, want) {
			t.Errorf("scanHTML(%q)\n got %+v\nwant %+v", doc, got, want)
		}
	}
}

// FuzzScanHTML: scanHTML and pagePolicy never panic or loop on any input
// (a custom template may produce anything), and every element found has a
// name.
func FuzzScanHTML(f *testing.F) {
	for _, s := range scanSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		els := scanHTML(doc)
		_ = pagePolicy([]byte(doc), nil, nil)
		for _, el := range els {
			if el.name == "" {
				t.Fatalf("an element without a name in %q", doc)
			}
		}
	})
}
