package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"maps"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp/ndxptest"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

const syncQuery = `SELECT ho_so, khoa, quyet_dinh FROM nhan_su ORDER BY khoa`

// hrDB is an SQLite HR database of one table, a profile a row.
type hrDB struct {
	path string
	db   *sql.DB
	g    *packettest.Generator
	rows map[string]packet.Profile
}

func newHRDB(t *testing.T, s *sandboxFiles, n int) *hrDB {
	t.Helper()
	h := &hrDB{path: filepath.Join(t.TempDir(), "hr.db"), rows: map[string]packet.Profile{},
		g: packettest.New(packettest.Options{Seed: 31, Sender: sendAgency, Now: s.srv.Now()})}
	var err error
	if h.db, err = sql.Open("sqlite", h.path); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.db.Close() })
	if _, err := h.db.Exec(`CREATE TABLE nhan_su (khoa TEXT PRIMARY KEY, ho_so TEXT NOT NULL, quyet_dinh TEXT)`); err != nil {
		t.Fatal(err)
	}
	for i, p := range h.g.Profiles(n) {
		h.put(t, "NV"+string(rune('A'+i/26))+string(rune('a'+i%26)), p, nil)
	}
	return h
}

func (h *hrDB) put(t *testing.T, key string, p packet.Profile, decisions map[string]packet.Decision) {
	t.Helper()
	b, _ := json.Marshal(&p)
	var d any
	if decisions != nil {
		db, _ := json.Marshal(decisions)
		d = string(db)
	}
	if _, err := h.db.Exec(`INSERT INTO nhan_su (khoa, ho_so, quyet_dinh) VALUES (?, ?, ?)
		ON CONFLICT (khoa) DO UPDATE SET ho_so = excluded.ho_so, quyet_dinh = excluded.quyet_dinh`, key, string(b), d); err != nil {
		t.Fatal(err)
	}
	h.rows[key] = p
}

// change makes a round of changes: every third person gets a change event
// of the generator's, with its decision.
func (h *hrDB) change(t *testing.T) {
	for i, key := range slices.Sorted(maps.Keys(h.rows)) {
		if i%3 != 2 {
			continue
		}
		p := h.rows[key]
		c := h.g.Change(p)
		q, fs := packet.Apply(p, c)
		if len(fs) > 0 {
			t.Fatal(fs)
		}
		var dec map[string]packet.Decision
		if c.Decision != nil {
			dec = map[string]packet.Decision{c.Kind: *c.Decision, c.Decision.Number: *c.Decision}
		}
		h.put(t, key, q, dec)
	}
}

// holds checks that the sandbox holds exactly the database's profiles.
func (h *hrDB) holds(t *testing.T, s *sandboxFiles) {
	t.Helper()
	if n := len(s.srv.Profiles()); n != len(h.rows) {
		t.Fatalf("the sandbox holds %d profiles, the database %d", n, len(h.rows))
	}
	for key, p := range h.rows {
		got, ok := s.srv.Profile(p.PersonalID)
		a, _ := json.Marshal(&got)
		b, _ := json.Marshal(&p)
		if !ok || !bytes.Equal(a, b) {
			t.Fatalf("row %s: the sandbox holds\n%s\nthe database\n%s", key, a, b)
		}
	}
}

func (s *sandboxFiles) syncArgs(h *hrDB, dir string) []string {
	return append([]string{"sync", "--db", "sqlite:" + h.path, "--query", syncQuery, "--journal-dir", dir,
		"--key", s.key, "--cert", s.cert, "--max-records", "4"}, s.xroad()...)
}

func TestSync(t *testing.T) {
	s := newSandboxFiles(t, ndxptest.Config{})
	h := newHRDB(t, s, 20)
	dir := t.TempDir()
	code, out, errOut := runCLI(t, s.syncArgs(h, dir)...)
	if code != exitOK || !strings.Contains(out, "20 rows: 20 new, 0 changed (0 sent whole again), 0 unchanged; 0 change events") {
		t.Fatalf("first sync: exit %d\n%s%s", code, out, errOut)
	}
	h.holds(t, s)

	h.change(t)
	before := s.srv.Stats()
	code, out, errOut = runCLI(t, append(s.syncArgs(h, dir), "--dry-run")...)
	if code != exitOK || !strings.Contains(out, "BIENDONG  ") || s.srv.Stats() != before {
		t.Fatalf("dry run: exit %d, sent %v\n%s%s", code, s.srv.Stats() != before, out, errOut)
	}
	code, out, errOut = runCLI(t, s.syncArgs(h, dir)...)
	if code != exitOK || !strings.Contains(out, "0 new, 6 changed") {
		t.Fatalf("second sync: exit %d\n%s%s", code, out, errOut)
	}
	h.holds(t, s)
	t.Log(out)

	// A row that is not a profile is reported and not sent; the rest is.
	h.db.Exec(`INSERT INTO nhan_su (khoa, ho_so) VALUES ('ZZ', '{"SoDinhDanh": "079090000001", "Luong": 1}')`)
	code, out, errOut = runCLI(t, s.syncArgs(h, dir)...)
	if code != exitInvalid || !strings.Contains(errOut, "ZZ") || !strings.Contains(out, "20 rows: 0 new, 0 changed") {
		t.Fatalf("a bad row: exit %d\n%s%s", code, out, errOut)
	}
}

// TestSyncDryRunOwner checks that a dry run judges the profiles' managing
// units against the sending agency when it knows it, from the key or from
// --xroad-client alone, and leaves them unjudged when it does not.
func TestSyncDryRunOwner(t *testing.T) {
	s := newSandboxFiles(t, ndxptest.Config{})
	h := newHRDB(t, s, 3)
	p := h.g.Profile()
	p.ManagingUnit = identifier.MustParseAgencyCode("000.00.00.H49")
	h.put(t, "ZZ", p, nil)
	base := []string{"sync", "--db", "sqlite:" + h.path, "--query", syncQuery, "--journal-dir", t.TempDir(), "--dry-run"}
	for _, c := range []struct {
		name  string
		args  []string
		owner bool // R-OWN-001 reported
	}{
		{"no agency", base, false},
		{"xroad client", append(slices.Clone(base), "--xroad-client", "VN/GOV/000.00.00.H29/QLCB"), true},
		{"key", append(s.syncArgs(h, t.TempDir()), "--dry-run"), true},
	} {
		code, out, errOut := runCLI(t, c.args...)
		want := exitOK
		if c.owner {
			want = exitInvalid
		}
		if code != want || strings.Contains(out, "R-OWN-001") != c.owner || c.owner && !strings.Contains(out, "row ZZ: not sent") {
			t.Errorf("%s: exit %d, want %d\n%s%s", c.name, code, want, out, errOut)
		}
	}
	code, out, errOut := runCLI(t, append(slices.Clone(base), "--xroad-client", "VN/GOV/H29")...)
	if code != exitUsage || !strings.Contains(errOut, "--xroad-client") {
		t.Errorf("a bad --xroad-client: exit %d\n%s%s", code, out, errOut)
	}
}

// TestSyncKilled kills cbccvc sync at moments further and further into
// its run, and runs it again each time, until a run finishes: the
// sandbox ends with exactly the database's profiles, and processed as
// many records as a run never killed.
func TestSyncKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds and runs the binary many times")
	}
	bin := cbccvcBinary(t)
	ref, s := newSandboxFiles(t, ndxptest.Config{}), newSandboxFiles(t, ndxptest.Config{})
	hRef, h := newHRDB(t, ref, 30), newHRDB(t, s, 30)
	refDir, dir := t.TempDir(), t.TempDir()
	kills := 0
	for round := range 2 {
		if round == 1 {
			hRef.change(t)
			for key := range hRef.rows { // the same changes in both databases
				var b, d sql.NullString
				hRef.db.QueryRow(`SELECT ho_so, quyet_dinh FROM nhan_su WHERE khoa = ?`, key).Scan(&b, &d)
				h.db.Exec(`UPDATE nhan_su SET ho_so = ?, quyet_dinh = ? WHERE khoa = ?`, b, d, key)
				h.rows[key] = hRef.rows[key]
			}
		}
		if code, out, errOut := runCLI(t, ref.syncArgs(hRef, refDir)...); code != exitOK {
			t.Fatalf("reference run: exit %d\n%s%s", code, out, errOut)
		}
		for delay := 30 * time.Millisecond; ; delay += 40 * time.Millisecond {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			cmd := exec.CommandContext(ctx, bin, s.syncArgs(h, dir)...)
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			timer := time.AfterFunc(delay, func() { cmd.Process.Signal(syscall.SIGKILL) })
			err := cmd.Wait()
			timer.Stop()
			cancel()
			if err == nil {
				break
			}
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != -1 {
				t.Fatalf("round %d, killed after %v: %v\n%s", round, delay, err, out.Bytes())
			}
			kills++
		}
		h.holds(t, s)
		if got, want := s.srv.Stats().RecordsProcessed, ref.srv.Stats().RecordsProcessed; got != want {
			t.Fatalf("round %d: %d records processed, a run never killed %d", round, got, want)
		}
	}
	t.Logf("killed %d times", kills)
	if kills < 3 {
		t.Errorf("killed only %d times", kills)
	}
}
