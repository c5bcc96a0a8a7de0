package faultproxy_test

import (
	"bufio"
	"fmt"
	"net"
	"time"

	"github.com/gatehouse-go/gatehouse/internal/faultproxy"
)

// echoServer answers each line it reads with the same line.
func echoServer() net.Listener {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				r := bufio.NewReader(c)
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					c.Write([]byte(line))
				}
			}()
		}
	}()
	return ln
}

// ask sends line through the proxy and reports the answer or the failure.
func ask(addr, line string) string {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return "dial failed"
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(200 * time.Millisecond))
	if _, err := c.Write([]byte(line + "\n")); err != nil {
		return "write failed"
	}
	got, err := bufio.NewReader(c).ReadString('\n')
	if err, ok := err.(net.Error); ok && err.Timeout() {
		return "no answer in time"
	}
	if err != nil {
		return "connection closed"
	}
	return "answer " + got[:len(got)-1]
}

func Example() {
	server := echoServer()
	defer server.Close()
	p, err := faultproxy.New(server.Addr().String())
	if err != nil {
		panic(err)
	}
	defer p.Close()

	fmt.Println(ask(p.Addr(), "one"))
	p.Stall()
	fmt.Println(ask(p.Addr(), "two"))
	p.Cut()
	fmt.Println(ask(p.Addr(), "three"))
	p.Restore()
	fmt.Println(ask(p.Addr(), "four"))
	// Output:
	// answer one
	// no answer in time
	// connection closed
	// answer four
}
