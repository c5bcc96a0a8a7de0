package main

import (
	"net"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
)

func TestSummarize(t *testing.T) {
	tests := []struct {
		plan []string
		want string
	}{
		{[]string{"CREATE TABLE a (x int)"}, "1 table created"},
		{[]string{"create table a (x int)", "CREATE TABLE IF NOT EXISTS b (x int)", "CREATE UNIQUE INDEX i ON a (x)", "CREATE INDEX j ON b (x)"}, "2 tables created, 2 indexes created"},
		{[]string{`ALTER TABLE "users" ADD COLUMN "role" TEXT`, "ALTER  TABLE\n users\n ADD x int"}, "2 columns added"},
		{[]string{"CREATE TABLE a (x int)", `ALTER TABLE a ADD COLUMN y int`, "CREATE INDEX i ON a (y)", "COMMENT ON TABLE a IS 'x'"}, "1 table created, 1 column added, 1 index created, 1 other statement"},
	}
	for _, tt := range tests {
		if got := summarize(tt.plan); got != tt.want {
			t.Errorf("summarize(%q) = %q, want %q", tt.plan, got, tt.want)
		}
	}
}

func TestOrigin(t *testing.T) {
	tests := map[string]string{
		"https://example.com/api/auth":     "https://example.com",
		"http://127.0.0.1:3000/api/auth":   "http://127.0.0.1:3000",
		"https://example.com":              "https://example.com",
		"https://example.com:8443/a/b?c=d": "https://example.com:8443",
	}
	for in, want := range tests {
		if got := origin(in); got != want {
			t.Errorf("origin(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHostPort(t *testing.T) {
	tests := []struct {
		addr *net.TCPAddr
		want string
	}{
		{&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 3000}, "127.0.0.1:3000"},
		{&net.TCPAddr{IP: net.IPv4zero, Port: 3000}, "localhost:3000"},
		{&net.TCPAddr{IP: net.IPv6unspecified, Port: 80}, "localhost:80"},
		{&net.TCPAddr{IP: net.IPv6loopback, Port: 3000}, "[::1]:3000"},
	}
	for _, tt := range tests {
		if got := hostPort(tt.addr); got != tt.want {
			t.Errorf("hostPort(%v) = %q, want %q", tt.addr, got, tt.want)
		}
	}
}

func TestDescribeDatabaseHidesPassword(t *testing.T) {
	for _, raw := range []string{
		"postgres://app:s3cr3t-pw@db.internal:5433/auth",
		"mysql://root:s3cr3t-pw@127.0.0.1/auth",
		"sqlite:///var/data/auth.db",
	} {
		cfg, err := sqladapter.ParseURL(raw)
		if err != nil {
			t.Fatal(err)
		}
		got := describeDatabase(cfg)
		if strings.Contains(got, "s3cr3t") {
			t.Errorf("describeDatabase(%s) = %q shows the password", raw, got)
		}
		if !strings.Contains(got, "auth") {
			t.Errorf("describeDatabase(%s) = %q does not name the database", raw, got)
		}
	}
}
