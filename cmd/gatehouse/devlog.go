package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
)

// linkPrinter is the slog.Handler of the dev-mode email provider: it prints
// each sign-in link on a line of its own, ready to copy, instead of a log
// line with the link quoted inside it.
type linkPrinter struct {
	mu *sync.Mutex
	w  io.Writer
}

func newLinkPrinter(w io.Writer) *linkPrinter { return &linkPrinter{mu: &sync.Mutex{}, w: w} }

// Enabled implements slog.Handler: Info and above.
func (p *linkPrinter) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelInfo }

// Handle implements slog.Handler.
func (p *linkPrinter) Handle(_ context.Context, r slog.Record) error {
	var to, link string
	r.Attrs(func(a slog.Attr) bool {
		switch a.Key {
		case "to":
			to = a.Value.String()
		case "url":
			link = a.Value.String()
		}
		return true
	})
	p.mu.Lock()
	defer p.mu.Unlock()
	var err error
	if link == "" {
		_, err = fmt.Fprintf(p.w, "email: %s\n", r.Message)
	} else {
		_, err = fmt.Fprintf(p.w, "email (dev mode, not sent): sign-in link for %s:\n  %s\n", to, link)
	}
	return err
}

// WithAttrs implements slog.Handler; the provider logs no shared attributes.
func (p *linkPrinter) WithAttrs([]slog.Attr) slog.Handler { return p }

// WithGroup implements slog.Handler.
func (p *linkPrinter) WithGroup(string) slog.Handler { return p }
