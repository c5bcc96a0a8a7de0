package web

import (
	"encoding/json"
	"net/http"
)

// WritePlain writes a plain-text response: msg and a newline.
func WritePlain(w http.ResponseWriter, status int, msg string) {
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(msg + "\n"))
}

// WriteJSON writes v as JSON with Auth.js's no-cache headers.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	WriteJSONBytes(w, status, b, err)
}

// WriteJSONBytes is WriteJSON for a value already marshalled to b (with
// marshalling error err), so that a json.Marshaler's output is written as
// it is instead of being checked and compacted again by json.Marshal. It
// appends the newline to b (give b spare capacity to avoid a copy) and
// writes the body with one Write. With err set it answers 500
// {"error":"Configuration"}.
func WriteJSONBytes(w http.ResponseWriter, status int, b []byte, err error) {
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"Configuration"}`)
	}
	// Auth.js's no-cache headers. The values share one array (one
	// allocation instead of four); each slice's capacity is its length, so
	// a later Add to one of them copies instead of writing into the next.
	v := &[4]string{"application/json", "private, no-cache, no-store", "0", "no-cache"}
	h := w.Header()
	h["Content-Type"] = v[0:1:1]
	h["Cache-Control"] = v[1:2:2]
	h["Expires"] = v[2:3:3]
	h["Pragma"] = v[3:4:4]
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}
