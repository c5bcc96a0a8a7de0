package jwt

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Chunk sizes: the most value characters Auth.js puts in one cookie, 4096
// minus its estimate of an empty cookie's size (160 in v5, 163 in v4).
const (
	ChunkSizeV5 = 3936
	ChunkSizeV4 = 3933
)

// ChunkSize returns the chunk size of version v.
func ChunkSize(v Version) int {
	if v == V4 {
		return ChunkSizeV4
	}
	return ChunkSizeV5
}

// ChunkCookie returns the cookies that store c.Value under c.Name: c itself
// when the value is at most size bytes, otherwise copies of c named
// c.Name+".0", c.Name+".1", … each holding at most size bytes of the value,
// as Auth.js's SessionStore writes them. A size of zero or less means
// ChunkSizeV5. The value must be ASCII (a JWE is), as cookie values are.
func ChunkCookie(c *http.Cookie, size int) []*http.Cookie {
	if size <= 0 {
		size = ChunkSizeV5
	}
	if len(c.Value) <= size {
		return []*http.Cookie{c}
	}
	n := (len(c.Value) + size - 1) / size
	out := make([]*http.Cookie, 0, n)
	for i := 0; i < n; i++ {
		chunk := *c
		chunk.Name = c.Name + "." + strconv.Itoa(i)
		chunk.Value = c.Value[i*size : min((i+1)*size, len(c.Value))]
		out = append(out, &chunk)
	}
	return out
}

// chunkIndex reports whether cookie name belongs to base: it is base
// itself (index -1) or base + "." + a decimal index.
func chunkIndex(name, base string) (int, bool) {
	if name == base {
		return -1, true
	}
	rest, ok := strings.CutPrefix(name, base+".")
	if !ok || rest == "" || len(rest) > 6 {
		return 0, false
	}
	for _, r := range rest {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	i, err := strconv.Atoi(rest)
	return i, err == nil
}

type namedChunk struct {
	name  string
	index int
	value string
}

// requestChunks returns r's non-empty cookies that belong to base, the
// first of each name only, sorted by index (the unsuffixed cookie first).
func requestChunks(r *http.Request, base string) []namedChunk {
	var out []namedChunk
	// The names taken so far: first alone while there is one (the usual
	// single cookie allocates no set), then the set.
	var first string
	var seen map[string]bool
	n := 0
	for _, ck := range r.Cookies() {
		i, ok := chunkIndex(ck.Name, base)
		if !ok {
			continue
		}
		switch {
		case n == 0:
			first = ck.Name
		case seen == nil && ck.Name == first, seen[ck.Name]:
			continue
		default:
			if seen == nil {
				seen = map[string]bool{first: true}
			}
			seen[ck.Name] = true
		}
		n++
		if ck.Value == "" {
			continue
		}
		out = append(out, namedChunk{name: ck.Name, index: i, value: ck.Value})
	}
	if len(out) > 1 {
		slices.SortStableFunc(out, func(a, b namedChunk) int { return cmp.Compare(a.index, b.index) })
	}
	return out
}

// ReadChunked returns the value stored under cookie name in r: the
// concatenation of the chunks name.0, name.1, … in index order, or the
// cookie name itself when there are no chunks. Empty cookies are skipped
// (as Auth.js v5 does) and percent-encoded values are decoded (as the
// cookie parser Auth.js uses does). Unlike Auth.js, which takes every
// cookie whose name merely starts with name, only name and name.<digits>
// count. It returns "" when there is no such cookie.
func ReadChunked(r *http.Request, name string) string {
	chunks := requestChunks(r, name)
	if len(chunks) == 0 {
		return ""
	}
	// Chunks win over a stale unsuffixed cookie.
	if len(chunks) > 1 && chunks[0].index == -1 {
		chunks = chunks[1:]
	}
	if len(chunks) == 1 && !strings.Contains(chunks[0].value, "%") {
		return chunks[0].value
	}
	var b strings.Builder
	for _, ck := range chunks {
		v := ck.value
		if strings.Contains(v, "%") {
			if u, err := url.PathUnescape(v); err == nil {
				v = u
			}
		}
		b.WriteString(v)
	}
	return b.String()
}

// deletion returns a cookie that deletes name, with c's Path, Domain and
// flags.
func deletion(c *http.Cookie, name string) *http.Cookie {
	return &http.Cookie{
		Name: name, Value: "", Path: c.Path, Domain: c.Domain, MaxAge: -1,
		Secure: c.Secure, HttpOnly: c.HttpOnly, SameSite: c.SameSite, Partitioned: c.Partitioned,
	}
}

// ReplaceChunked returns the cookies to set so that the browser holds
// c.Value under c.Name and nothing else: a deletion (Max-Age=0, with c's
// Path, Domain and flags) for every cookie of r belonging to c.Name that
// the new set does not overwrite, followed by [ChunkCookie](c, size). Set
// them all, e.g. with http.SetCookie.
func ReplaceChunked(r *http.Request, c *http.Cookie, size int) []*http.Cookie {
	fresh := ChunkCookie(c, size)
	written := make(map[string]bool, len(fresh))
	for _, f := range fresh {
		written[f.Name] = true
	}
	var out []*http.Cookie
	for _, ck := range existingNames(r, c.Name) {
		if !written[ck] {
			out = append(out, deletion(c, ck))
		}
	}
	return append(out, fresh...)
}

// ClearChunked returns deletion cookies (Max-Age=0, with c's Path, Domain
// and flags) for every cookie of r that belongs to c.Name: the name itself
// and its chunks. c's Value is ignored.
func ClearChunked(r *http.Request, c *http.Cookie) []*http.Cookie {
	var out []*http.Cookie
	for _, name := range existingNames(r, c.Name) {
		out = append(out, deletion(c, name))
	}
	return out
}

// MaxChunkDeletions bounds the deletion cookies ReplaceChunked and
// ClearChunked return for one request: browsers keep at most about 180
// cookies per site, so a request with more chunks than that is not a
// browser's, and answering each with a Set-Cookie would let one request
// make a response of any size. The lowest-numbered chunks are deleted.
const MaxChunkDeletions = 180

// existingNames lists the names of r's cookies that belong to base,
// including empty ones, once each, in index order, at most
// MaxChunkDeletions.
func existingNames(r *http.Request, base string) []string {
	type ni struct {
		name string
		i    int
	}
	var found []ni
	seen := map[string]bool{}
	for _, ck := range r.Cookies() {
		if i, ok := chunkIndex(ck.Name, base); ok && !seen[ck.Name] {
			seen[ck.Name] = true
			found = append(found, ni{ck.Name, i})
		}
	}
	sort.Slice(found, func(a, b int) bool { return found[a].i < found[b].i })
	found = found[:min(len(found), MaxChunkDeletions)]
	names := make([]string, len(found))
	for i, f := range found {
		names[i] = f.name
	}
	return names
}
