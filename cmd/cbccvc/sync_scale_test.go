//go:build unix

package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/ndxp/ndxptest"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

// TestSyncScale measures cbccvc sync as a process of its own, the sandbox
// in the test's: a first sync of CBCCVC_SYNC_SCALE people, then a second
// with one in a hundred changed, reporting each run's time, CPU time and
// peak resident memory (BenchmarkSync in hrsync measures the bytes sent). It runs only
// when asked, for the figures of the guide's performance page:
//
//	CBCCVC_SYNC_SCALE=100000 go test ./cmd/cbccvc -run TestSyncScale -v -timeout 2h
func TestSyncScale(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("CBCCVC_SYNC_SCALE"))
	if n <= 0 {
		t.Skip("set CBCCVC_SYNC_SCALE to a number of people to measure cbccvc sync at that scale")
	}
	bin := cbccvcBinary(t)
	s := newSandboxFiles(t, ndxptest.Config{})
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "hr.db")
	db, err := sql.Open("sqlite", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := s.srv.Now() // one clock for both fills: the generator's people depend on it
	fill := func(changed bool) {
		tx, _ := db.Begin()
		tx.Exec(`CREATE TABLE IF NOT EXISTS nhan_su (khoa TEXT PRIMARY KEY, ho_so TEXT NOT NULL, quyet_dinh TEXT)`)
		g := packettest.New(packettest.Options{Seed: 41, Sender: sendAgency, Now: now})
		cg := packettest.New(packettest.Options{Seed: 42, Sender: sendAgency, Now: now})
		for i := range n {
			p := g.Profile()
			var dec any
			if changed && i%100 == 0 {
				c := cg.Change(p)
				if q, fs := packet.Apply(p, c); len(fs) == 0 {
					p = q
					if c.Decision != nil {
						b, _ := json.Marshal(map[string]packet.Decision{c.Kind: *c.Decision, c.Decision.Number: *c.Decision})
						dec = string(b)
					}
				}
			}
			b, _ := json.Marshal(&p)
			if _, err := tx.Exec(`INSERT INTO nhan_su VALUES (?, ?, ?) ON CONFLICT (khoa) DO UPDATE SET ho_so = excluded.ho_so, quyet_dinh = excluded.quyet_dinh`,
				strconv.Itoa(i), string(b), dec); err != nil {
				t.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	args := s.syncArgs(&hrDB{path: dbPath}, dir)
	args = append(args[:len(args):len(args)], "--max-records", "1000")
	sync := func(name string) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Hour)
		defer cancel()
		cmd := exec.CommandContext(ctx, bin, args...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		start := time.Now()
		if err := cmd.Run(); err != nil {
			t.Fatalf("%s: %v\n%s", name, err, out.Bytes())
		}
		wall := time.Since(start)
		ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		t.Logf("%s of %d people: %v (%v CPU), peak resident memory %d MiB\n%s",
			name, n, wall.Round(time.Second), cpu.Round(time.Second), ru.Maxrss/1024, lastLines(out.String(), 2))
	}
	fill(false)
	sync("first sync")
	fill(true)
	sync("second sync, 1% changed")
}

func lastLines(s string, n int) string {
	lines := bytes.Split(bytes.TrimSpace([]byte(s)), []byte("\n"))
	if len(lines) > n {
		lines = lines[:n]
	}
	return string(bytes.Join(lines, []byte("\n")))
}
