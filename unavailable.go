package gatehouse

import (
	"context"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gatehouse-go/gatehouse/internal/logfold"
	"github.com/gatehouse-go/gatehouse/internal/web"
)

// unavailableRetryAfter is the Retry-After, in seconds, of a 503 answered
// while the store is unavailable.
const unavailableRetryAfter = "5"

// CodeUnavailable is the "error" of a JSON 503 answer: the store could
// not be reached or did not answer in time. It is not one of Auth.js's
// codes; Auth.js's client treats any non-2xx answer to /session as no
// session and logs it, and keeps working when the store is back.
const CodeUnavailable ErrorCode = "ServiceUnavailable"

var unavailablePage = template.Must(template.New("503").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Temporarily unavailable</title></head>
<body><main><h1>Temporarily unavailable</h1>
<p>{{.}} cannot reach its sign-in storage right now. Nothing is wrong with your account: please try again in a few seconds.</p>
</main></body></html>
`))

// answerUnavailable answers 503 with Retry-After when err says the store
// is unavailable, as JSON ({"error": "ServiceUnavailable"}) or as a
// "temporarily unavailable, try again" page, and reports whether it did.
func (a *Auth) answerUnavailable(w http.ResponseWriter, r *http.Request, asJSON bool, err error) bool {
	if !errors.Is(err, ErrStoreUnavailable) {
		return false
	}
	a.watchOf(err).lost(r.Context(), a.logger(), a.unwrapUnavailable(err))
	h := w.Header()
	h.Set("Retry-After", unavailableRetryAfter)
	h.Set("Cache-Control", "no-store")
	if asJSON {
		web.WriteJSON(w, http.StatusServiceUnavailable, map[string]string{"error": string(CodeUnavailable)})
		return true
	}
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusServiceUnavailable)
	site := a.cfg.Theme.SiteName
	if site == "" {
		site = "This site"
	}
	_ = unavailablePage.Execute(w, site)
	return true
}

// clientGone reports whether err is only the client having hung up (its
// request's context ended): nothing is answered or logged as an error
// then, since nobody is there to read it.
func (a *Auth) clientGone(r *http.Request, err error) bool {
	if r.Context().Err() == nil || !(errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		return false
	}
	a.logger().DebugContext(r.Context(), "gatehouse: client went away", "method", r.Method, "path", r.URL.Path)
	return true
}

// RequestIDHeader is the request header whose value gatehouse adds to its
// log lines as request_id (set it in a middleware or at the proxy; gatehouse
// serve does).
const RequestIDHeader = "X-Request-Id"

// logFoldInterval is how long identical warnings and errors are folded
// into one line (see internal/logfold).
const logFoldInterval = time.Minute

// foldedLogger is cfg.Logger with repeated identical warnings and errors
// folded: the first per minute is logged, the next one after the minute
// says how many were left out. With Config.Debug nothing is folded.
func foldedLogger(cfg Config) *slog.Logger {
	if cfg.Debug || cfg.Logger == nil {
		return cfg.Logger
	}
	return slog.New(logfold.New(cfg.Logger.Handler(), slog.LevelWarn, logFoldInterval, nil))
}

func (a *Auth) logger() *slog.Logger {
	if a.log == nil {
		return slog.Default()
	}
	return a.log
}

// watchOf returns the watch of the store whose unavailability err
// reports: the rate limit store's own, or the adapter's.
func (a *Auth) watchOf(err error) *storeWatch {
	var se *storeUnavailableError
	if errors.As(err, &se) && se.watch != nil {
		return se.watch
	}
	return a.storeWatch
}

// unwrapUnavailable returns the store's failure in err, without the
// wrapping that names a code.
func (a *Auth) unwrapUnavailable(err error) error {
	var se *storeUnavailableError
	if errors.As(err, &se) {
		return se
	}
	return err
}

// storeWatch logs one line when a store is lost and one when it is back,
// instead of an ERROR line per failing request during an outage. The
// adapter and a configured rate limit store have one each, so that an
// outage of one does not read as the other's, and their lines do not
// alternate while one is down and the other answers.
type storeWatch struct {
	name   string      // in the log lines: "store" (the adapter) or "rate limit store"
	isDown atomic.Bool // read without the lock on every successful call
	mu     sync.Mutex
	down   bool
	since  time.Time
	fails  int
	log    *slog.Logger
}

// lost records a failure to reach the store; the first of an outage is
// logged at ERROR, the others at DEBUG.
func (s *storeWatch) lost(ctx context.Context, log *slog.Logger, err error) {
	s.mu.Lock()
	first := !s.down
	if first {
		s.down, s.since, s.fails, s.log = true, time.Now(), 0, log
		s.isDown.Store(true)
	}
	s.fails++
	s.mu.Unlock()
	if first {
		log.ErrorContext(ctx, "gatehouse: "+s.label()+" lost: answering 503 until it is back", "err", err)
		return
	}
	log.DebugContext(ctx, "gatehouse: "+s.label()+" still unavailable", "err", err)
}

// ok records a store call that succeeded; the first after an outage logs
// that the store is back.
func (s *storeWatch) ok() {
	if s == nil || !s.isDown.Load() {
		return
	}
	s.mu.Lock()
	if !s.down {
		s.mu.Unlock()
		return
	}
	s.down = false
	s.isDown.Store(false)
	since, fails, log := s.since, s.fails, s.log
	s.mu.Unlock()
	log.Info("gatehouse: "+s.label()+" back", "down_for", time.Since(since).Round(time.Millisecond), "requests_refused", fails)
}

// label names the store in log lines.
func (s *storeWatch) label() string {
	if s.name == "" {
		return "store"
	}
	return s.name
}
