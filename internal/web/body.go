package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
)

// MaxBodyBytes bounds a POST body. Sign-in forms and session updates are
// small; anything larger is refused rather than buffered.
const MaxBodyBytes = 64 << 10

// ParseBody reads the POST body into Form and Data (see the function
// ParseBody), reading at most MaxBodyBytes.
func (rq *Request) ParseBody() error {
	body := http.MaxBytesReader(rq.W, rq.R.Body, MaxBodyBytes)
	form, data, err := ParseBody(rq.R.Header.Get("Content-Type"), body)
	if err != nil {
		return err
	}
	rq.Form, rq.Data = form, data
	return nil
}

// ParseBody parses a form-urlencoded or JSON request body. String fields of
// a JSON object become form values (numbers and booleans as their JSON
// text); the "data" field is kept as raw JSON for POST /session. A form's
// "data" field is kept as raw JSON when it is valid JSON and as a JSON
// string otherwise.
func ParseBody(contentType string, body io.Reader) (url.Values, json.RawMessage, error) {
	b, err := io.ReadAll(body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, nil, fmt.Errorf("request body is larger than %d bytes", MaxBodyBytes)
		}
		return nil, nil, fmt.Errorf("reading the request body: %w", err)
	}
	if len(b) > MaxBodyBytes {
		return nil, nil, fmt.Errorf("request body is larger than %d bytes", MaxBodyBytes)
	}
	mt := ""
	if contentType != "" {
		mt, _, err = mime.ParseMediaType(contentType)
		if err != nil {
			return nil, nil, fmt.Errorf("bad Content-Type %q: %v", contentType, err)
		}
	}
	switch mt {
	case "application/json":
		return parseJSONBody(b)
	case "application/x-www-form-urlencoded", "":
		form, err := url.ParseQuery(string(b))
		if err != nil {
			return nil, nil, fmt.Errorf("the form body is not valid URL encoding: %v", err)
		}
		var data json.RawMessage
		if d, ok := form["data"]; ok && len(d) > 0 {
			if json.Valid([]byte(d[0])) {
				data = json.RawMessage(d[0])
			} else {
				data, _ = json.Marshal(d[0])
			}
		}
		return form, data, nil
	}
	return nil, nil, fmt.Errorf("unsupported Content-Type %q: send application/x-www-form-urlencoded or application/json", mt)
}

func parseJSONBody(b []byte) (url.Values, json.RawMessage, error) {
	form := url.Values{}
	if len(bytes.TrimSpace(b)) == 0 {
		return form, nil, nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil {
		return nil, nil, fmt.Errorf("the JSON body is not an object: %v", err)
	}
	var data json.RawMessage
	for k, v := range obj {
		if k == "data" {
			data = v
			continue
		}
		var s string
		if err := json.Unmarshal(v, &s); err == nil {
			form.Set(k, s)
			continue
		}
		switch t := bytes.TrimSpace(v); {
		case len(t) > 0 && (t[0] == 't' || t[0] == 'f' || t[0] == '-' || (t[0] >= '0' && t[0] <= '9')):
			form.Set(k, string(t))
		}
	}
	return form, data, nil
}
