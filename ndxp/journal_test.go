package ndxp

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

const journalSender = "000.00.00.H29"

// writeJournal writes a journal of one packet line, then tail.
func writeJournal(t *testing.T, tail string) (path string, id uuid.UUID) {
	t.Helper()
	id = uuid.MustParse("01900000-0000-7000-8000-000000000001")
	head, _ := json.Marshal(journalHead{Journal: journalName, Version: journalVersion, Sender: journalSender, Kind: packet.KindProfiles})
	line, _ := json.Marshal(journalLine{Event: "packet", ID: id, Count: 3, SHA256: "00"})
	path = filepath.Join(t.TempDir(), "j")
	if err := os.WriteFile(path, []byte(string(head)+"\n"+string(line)+"\n"+tail), 0o600); err != nil {
		t.Fatal(err)
	}
	return path, id
}

// TestJournalTornLastLine reads journals whose last line a crash cut
// short: the whole lines are kept, and the next line is a line of its own.
func TestJournalTornLastLine(t *testing.T) {
	for _, tc := range []struct{ name, tail string }{
		{"nothing torn", ""},
		{"a line cut short", `{"event":"sent","id":"0190000`},
		{"a line whole but for its newline", `{"event":"sent","id":"01900000-0000-7000-8000-000000000001","state":"TIEP_NHAN"}`},
		{"a block the file system never wrote", "\x00\x00\x00\x00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path, id := writeJournal(t, tc.tail)
			j, err := openJournal(path, journalSender, packet.KindProfiles)
			if err != nil {
				t.Fatal(err)
			}
			if e := j.byID[id]; e == nil || e.state != "" {
				t.Fatalf("the packet line was not read, or the torn line was: %+v", e)
			}
			if err := j.record(journalLine{Event: "done", ID: id, State: packet.StateProcessed}); err != nil {
				t.Fatal(err)
			}
			j.close()
			lines := readLines(t, path)
			if len(lines) != 3 || !strings.HasPrefix(lines[2], `{"event":"done"`) {
				t.Fatalf("journal after the append:\n%s", strings.Join(lines, "\n"))
			}
			j, err = openJournal(path, journalSender, packet.KindProfiles)
			if err != nil {
				t.Fatalf("reading it again: %v", err)
			}
			defer j.close()
			if e := j.byID[id]; !e.done {
				t.Errorf("the done line was not read again: %+v", e)
			}
		})
	}
	t.Run("a torn head", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "j")
		os.WriteFile(path, []byte(`{"journal":"cbccvc-up`), 0o600)
		j, err := openJournal(path, journalSender, packet.KindProfiles)
		if err != nil {
			t.Fatal(err)
		}
		j.close()
		if lines := readLines(t, path); len(lines) != 1 || !strings.HasSuffix(lines[0], `"kind":"HOSO"}`) {
			t.Errorf("journal %q, want a new head line", lines)
		}
	})
}

// TestJournalFailedWrite: after a write fails, the journal takes no more
// lines, so that none is glued to what the failed write left.
func TestJournalFailedWrite(t *testing.T) {
	path, id := writeJournal(t, "")
	j, err := openJournal(path, journalSender, packet.KindProfiles)
	if err != nil {
		t.Fatal(err)
	}
	defer j.close()
	before, _ := os.ReadFile(path)
	rw := j.f
	ro, err := os.Open(path) // writes to it fail, as on a full disk
	if err != nil {
		t.Fatal(err)
	}
	j.f = ro
	err1 := j.record(journalLine{Event: "sent", ID: id, State: packet.StateReceived})
	j.f = rw
	ro.Close()
	err2 := j.record(journalLine{Event: "done", ID: id, State: packet.StateProcessed})
	if err1 == nil || err2 == nil {
		t.Fatalf("appends after a failed write: %v, %v; want both to fail", err1, err2)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Errorf("journal changed after a failed write:\n%s", after)
	}
}

// The journal tests run a second process holding the journal: this test
// binary again, running TestJournalHolder with holderEnv set. It locks the
// journal named there, says so on stdout and holds it until its stdin closes.
const holderEnv = "NDXP_TEST_JOURNAL_HOLDER"

func TestJournalHolder(t *testing.T) {
	path := os.Getenv(holderEnv)
	if path == "" {
		t.Skip("the other process of TestJournalLocked")
	}
	j, err := openJournal(path, journalSender, packet.KindProfiles)
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	fmt.Println("locked")
	bufio.NewReader(os.Stdin).ReadString('\n')
	j.close()
}

// startHolder starts a process holding the journal at path.
func startHolder(t *testing.T, path string) (*exec.Cmd, func()) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestJournalHolder$")
	cmd.Env = append(os.Environ(), holderEnv+"="+path)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	release := func() { stdin.Close(); cmd.Wait() }
	t.Cleanup(func() { cmd.Process.Kill(); release() })
	if line, _ := bufio.NewReader(stdout).ReadString('\n'); line != "locked\n" {
		t.Fatalf("the other process says %q", line)
	}
	return cmd, release
}

// TestJournalLocked runs an upload on a journal another process holds: it
// fails at once naming that process and sends nothing; once the other
// process ends, normally or killed, the journal is free.
func TestJournalLocked(t *testing.T) {
	st := newStore()
	f := uploadFake(t, st)
	profiles := packettest.New(packettest.Options{Seed: 3}).Profiles(5)
	path := filepath.Join(t.TempDir(), "upload.journal")
	cfg := UploaderConfig{MaxRecords: 2, Journal: path, PollInterval: time.Millisecond}

	for _, end := range []string{"exits", "is killed"} {
		t.Run("the holder "+end, func(t *testing.T) {
			holder, release := startHolder(t, path)
			before, _ := os.ReadFile(path)
			start := time.Now()
			_, err := f.client().Uploader(cfg).Upload(context.Background(), Profiles(profiles))
			var locked *JournalLockedError
			if !errors.As(err, &locked) || !errors.Is(err, ErrJournalLocked) {
				t.Fatalf("Upload: %v, want a *JournalLockedError", err)
			}
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("refusing took %v", took)
			}
			if runtime.GOOS == "linux" && locked.PID != holder.Process.Pid {
				t.Errorf("error names process %d, want %d: %v", locked.PID, holder.Process.Pid, err)
			}
			if locked.PID > 0 && !strings.Contains(locked.MessageVI, fmt.Sprint(locked.PID)) {
				t.Errorf("MessageVI %q does not name the process", locked.MessageVI)
			}
			if n := len(f.service()); n != 0 {
				t.Errorf("%d requests sent on a journal in use", n)
			}
			if after, _ := os.ReadFile(path); string(after) != string(before) {
				t.Errorf("the journal changed:\n%s\nwas\n%s", after, before)
			}
			if end == "is killed" {
				holder.Process.Kill()
			}
			release()
			j, err := openJournal(path, journalSender, packet.KindProfiles)
			if err != nil {
				t.Fatalf("once the holder %s: %v", end, err)
			}
			j.close()
		})
	}
	if _, err := f.client().Uploader(cfg).Upload(context.Background(), Profiles(profiles)); err != nil {
		t.Fatal(err)
	}
	st.check(t, profiles)
}
