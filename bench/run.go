package bench

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Process is a server the harness started as a subprocess, in its own
// process group (so that a Node cluster's workers stop with it).
type Process struct {
	// URL is the server's origin, from its "listening" line.
	URL    string
	cmd    *exec.Cmd
	stderr *tailBuffer
	waited chan error
}

// Pid is the server's process id.
func (p *Process) Pid() int { return p.cmd.Process.Pid }

// StartProcess runs argv with env added to this process's environment and
// waits (up to timeout) for it to print "listening <url>" on stdout.
func StartProcess(ctx context.Context, argv []string, env []string, dir string, timeout time.Duration) (*Process, error) {
	if len(argv) == 0 {
		return nil, errors.New("bench: empty command")
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Dir = dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	p := &Process{cmd: cmd, stderr: &tailBuffer{max: 4096}, waited: make(chan error, 1)}
	cmd.Stderr = p.stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("bench: starting %s: %w", argv[0], err)
	}
	urlc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		sent := false
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "listening "); ok && !sent {
				urlc <- strings.TrimSpace(u)
				sent = true
			}
		}
		_, _ = io.Copy(io.Discard, out)
		p.waited <- cmd.Wait()
	}()
	select {
	case p.URL = <-urlc:
		return p, nil
	case err := <-p.waited:
		return nil, fmt.Errorf("bench: %s exited before listening (%v): %s", strings.Join(argv, " "), err, p.stderr)
	case <-time.After(timeout):
	case <-ctx.Done():
	}
	p.Stop()
	return nil, fmt.Errorf("bench: %s did not start listening within %s: %s", strings.Join(argv, " "), timeout, p.stderr)
}

// Stop ends the server's process group (SIGTERM, then SIGKILL after 5 s).
func (p *Process) Stop() {
	pgid := p.cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-p.waited:
	case <-time.After(5 * time.Second):
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		<-p.waited
	}
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = t.b[len(t.b)-t.max:]
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(bytes.TrimSpace(t.b))
}

// Row is one measured configuration.
type Row struct {
	// Name says what was measured, for example "postgres gatehouse".
	Name string
	Result
	// RSS is the largest resident set of the server's process tree seen
	// during the run (warm-up included), in bytes.
	RSS int64
	// ServerCPU and LoadCPU are the CPU time used by the server's process
	// tree and by the load generator (this process) during the measured
	// window.
	ServerCPU, LoadCPU time.Duration
}

// Measure runs Load against a started server and records its resident set
// and the CPU time both sides used while requests were measured.
func Measure(ctx context.Context, name string, p *Process, lc LoadConfig) (Row, error) {
	if err := lc.defaults(); err != nil {
		return Row{}, err
	}
	pid := p.Pid()
	s := sampleRSS(pid, 200*time.Millisecond)
	var cpu0, self0 time.Duration
	var wg sync.WaitGroup
	wg.Go(func() {
		select {
		case <-time.After(lc.Warmup):
		case <-ctx.Done():
		}
		cpu0, self0 = treeCPU(pid), selfCPU()
	})
	res, err := Load(ctx, lc)
	cpu1, self1 := treeCPU(pid), selfCPU()
	wg.Wait()
	return Row{Name: name, Result: res, RSS: s.Max(), ServerCPU: cpu1 - cpu0, LoadCPU: self1 - self0}, err
}

// Header is the column header matching Row.Format.
const Header = "configuration                         req/s      p50      p99   errors  RSS MB  server cores  µs CPU/req  loadgen cores"

// Format formats the row under Header. Cores are CPU time over the measured
// window; µs CPU/req is the server's CPU time per good response, a figure
// that holds up better than req/s on a machine other work shares.
func (r Row) Format() string {
	win := max(r.Duration.Seconds(), 1e-9)
	perReq := 0.0
	if r.Requests > 0 {
		perReq = float64(r.ServerCPU.Microseconds()) / float64(r.Requests)
	}
	return fmt.Sprintf("%-32s %10.0f %8s %8s %8d %7.1f %13.2f %11.0f %14.2f", r.Name, r.RPS(), fmtDur(r.P50), fmtDur(r.P99), r.Errors,
		float64(r.RSS)/(1<<20), r.ServerCPU.Seconds()/win, perReq, r.LoadCPU.Seconds()/win)
}
