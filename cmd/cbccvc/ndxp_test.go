package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp/ndxptest"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

var sendAgency = identifier.MustParseAgencyCode("000.00.00.H29")

// sandboxFiles starts a sandbox and writes what a vendor would be given:
// the agency's key and certificate, and the root that the national
// database's certificate chains to.
type sandboxFiles struct {
	srv                   *ndxptest.Server
	dir, key, cert, roots string
}

func newSandboxFiles(t *testing.T, cfg ndxptest.Config) *sandboxFiles {
	t.Helper()
	srv := ndxptest.NewServer(t, cfg)
	srv.AddMember(sendAgency)
	dir := t.TempDir()
	key, cert, err := srv.PKI().Agency(sendAgency, signingtest.ECDSAP256).WritePEM(dir)
	if err != nil {
		t.Fatal(err)
	}
	roots := filepath.Join(dir, "root.pem")
	if err := os.WriteFile(roots, signingtest.CertPEM(srv.PKI().Root()), 0o644); err != nil {
		t.Fatal(err)
	}
	return &sandboxFiles{srv: srv, dir: dir, key: key, cert: cert, roots: roots}
}

// packetFile writes a HOSO packet of n generated profiles, with defects.
func (s *sandboxFiles) packetFile(t *testing.T, name string, seed uint64, n int, defects ...packettest.Defect) string {
	t.Helper()
	p := packettest.New(packettest.Options{Seed: seed, Sender: sendAgency, Now: s.srv.Now(), Defects: defects}).Packet(packet.KindProfiles, n)
	var b bytes.Buffer
	if err := p.Encode(&b, packet.FormatJSON); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(s.dir, name)
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func (s *sandboxFiles) xroad() []string {
	return []string{"--base", s.srv.URL(), "--xroad-client", "VN/GOV/000.00.00.H29/QLCB", "--roots", s.roots}
}

func TestSend(t *testing.T) {
	s := newSandboxFiles(t, ndxptest.Config{})
	clean := s.packetFile(t, "clean.json", 1, 12)
	mixed := s.packetFile(t, "mixed.json", 2, 8, packettest.DefectSalaryCoefficient)
	journal := filepath.Join(s.dir, "send.journal")

	args := append([]string{"send", "--key", s.key, "--cert", s.cert, "--journal", journal, "--max-records", "5"}, s.xroad()...)
	code, out, errOut := runCLI(t, append(args, clean, mixed)...)
	if code != exitInvalid {
		t.Fatalf("exit %d, want %d (a record refused)\n%s%s", code, exitInvalid, out, errOut)
	}
	for _, want := range []string{
		"4 packets, 20 records answered: 19 accepted, 0 accepted with warnings, 1 refused",
		"record 12 (",
		"R-LUONG-002 /DuLieu/2/Ngach/HeSoLuong",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	st := s.srv.Stats()
	if st.PacketsProcessed != 4 || st.ProfilesStored != 19 {
		t.Errorf("sandbox %+v, want 4 packets and 19 profiles", st)
	}

	// Again with the same journal: everything is answered, nothing is sent.
	code, out, _ = runCLI(t, append(args, clean, mixed)...)
	if code != exitInvalid || !strings.Contains(out, "(4 packets answered in an earlier run)") {
		t.Errorf("rerun: exit %d\n%s", code, out)
	}
	if got := s.srv.Stats(); got != st {
		t.Errorf("rerun sent something: %+v, was %+v", got, st)
	}

	t.Run("all accepted, through the gateway", func(t *testing.T) {
		id, secret := s.srv.Credentials(sendAgency)
		secretFile := filepath.Join(s.dir, "secret")
		os.WriteFile(secretFile, []byte(secret+"\n"), 0o600)
		code, out, errOut := runCLI(t, "send", "--base", s.srv.URL(), "--client-id", id, "--client-secret-file", secretFile,
			"--roots", s.roots, "--key", s.key, "--cert", s.cert, s.packetFile(t, "more.json", 3, 4))
		if code != exitOK || !strings.Contains(out, "4 accepted") {
			t.Errorf("exit %d\n%s%s", code, out, errOut)
		}
	})
	t.Run("a journal of another upload", func(t *testing.T) {
		code, _, errOut := runCLI(t, append(args, mixed)...)
		// What is wrong and what to do; running again would fail the same way.
		if code != exitUsage || strings.Contains(errOut, "run the same command again") ||
			!strings.Contains(errOut, "belongs to another upload") || !strings.Contains(errOut, "give another --journal path") ||
			!strings.Contains(errOut, "là của một lần gửi khác") {
			t.Errorf("exit %d, stderr %q", code, errOut)
		}
	})
}

func TestSendUsage(t *testing.T) {
	s := newSandboxFiles(t, ndxptest.Config{})
	file := s.packetFile(t, "p.json", 1, 1)
	bad := filepath.Join(s.dir, "bad.json")
	os.WriteFile(bad, []byte(`{"ThongTinGoiTin":{"LoaiGoiTin":"DOIKHOP"},"DuLieu":[]}`), 0o644)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no key", append([]string{"send"}, append(s.xroad(), file)...), "give --key"},
		{"no base", []string{"send", "--key", s.key, "--xroad-client", "VN/GOV/000.00.00.H29/QLCB", file}, "--base is required"},
		{"no transport", []string{"send", "--key", s.key, "--base", s.srv.URL(), file}, "give --xroad-client"},
		{"id without secret", []string{"send", "--key", s.key, "--base", s.srv.URL(), "--client-id", "x", file}, "--client-secret-file"},
		{"bad subsystem", []string{"send", "--key", s.key, "--base", s.srv.URL(), "--xroad-client", "VN/GOV", file}, "--xroad-client"},
		{"a PEM key without its certificate", append([]string{"send", "--key", s.key}, append(s.xroad(), file)...), "--cert"},
		// The system's roots are never a fall-back for the national database's.
		{"no roots", []string{"send", "--key", s.key, "--cert", s.cert, "--base", s.srv.URL(), "--xroad-client", "VN/GOV/000.00.00.H29/QLCB", file}, "give --roots"},
		{"pull without roots", []string{"pull", "matched", "--base", s.srv.URL(), "--xroad-client", "VN/GOV/000.00.00.H29/QLCB", "-o", s.dir}, "give --roots"},
		{"a DOIKHOP packet", append([]string{"send", "--key", s.key, "--cert", s.cert}, append(s.xroad(), bad)...), "only HOSO and BIENDONG"},
		{"a base with the X-Road path", []string{"send", "--key", s.key, "--cert", s.cert, "--roots", s.roots, "--xroad-client", "VN/GOV/000.00.00.H29/QLCB",
			"--base", s.srv.URL() + "/r1/VN/GOV/000.00.00.G09/CSDLCBCCVC/cbccvc", file}, `pass "` + s.srv.URL() + `"`},
		{"a base with the gateway path", []string{"send", "--key", s.key, "--cert", s.cert, "--roots", s.roots, "--client-id", "x", "--client-secret-file", file,
			"--base", s.srv.URL() + "/cbccvc/v1", file}, `Đề nghị chỉ ghi địa chỉ của máy chủ: "` + s.srv.URL() + `"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, tt.args...)
			if code != exitUsage || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want %d mentioning %q", code, errOut, exitUsage, tt.want)
			}
		})
	}
}

func TestPull(t *testing.T) {
	s := newSandboxFiles(t, ndxptest.Config{})
	file := s.packetFile(t, "p.json", 4, 30)
	if code, out, errOut := runCLI(t, append(append([]string{"send", "--key", s.key, "--cert", s.cert}, s.xroad()...), file)...); code != exitOK {
		t.Fatalf("send: exit %d\n%s%s", code, out, errOut)
	}
	for _, what := range []string{"matched", "profiles"} {
		t.Run(what, func(t *testing.T) {
			dir := filepath.Join(s.dir, what)
			code, out, errOut := runCLI(t, append([]string{"pull", what, "-o", dir, "--page-size", "20", "--since", "2020-01-01"}, s.xroad()...)...)
			if code != exitOK {
				t.Fatalf("exit %d\n%s%s", code, out, errOut)
			}
			files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
			if len(files) < 2 {
				t.Fatalf("%d files, want a packet per page:\n%s", len(files), out)
			}
			if !strings.Contains(out, "every signature verified") {
				t.Errorf("output:\n%s", out)
			}
			// What was written is the signed packet as it arrived: it verifies on its own.
			code, vout, verr := runCLI(t, append([]string{"verify", "--roots", s.roots}, files...)...)
			if code != exitOK {
				t.Errorf("verify of the pulled files: exit %d\n%s%s", code, vout, verr)
			}
		})
	}
	t.Run("an answer that does not verify", func(t *testing.T) {
		other := signingtest.New(t)
		roots := filepath.Join(s.dir, "other-root.pem")
		os.WriteFile(roots, signingtest.CertPEM(other.Root()), 0o644)
		dir := filepath.Join(s.dir, "untrusted")
		code, out, errOut := runCLI(t, "pull", "profiles", "-o", dir, "--base", s.srv.URL(),
			"--xroad-client", "VN/GOV/000.00.00.H29/QLCB", "--roots", roots)
		if code != exitInvalid || !strings.Contains(errOut, "không được tin cậy") {
			t.Errorf("exit %d, stderr %q, stdout %q", code, errOut, out)
		}
		if files, _ := filepath.Glob(filepath.Join(dir, "*")); len(files) != 0 {
			t.Errorf("wrote %v from an answer that did not verify", files)
		}
	})
	t.Run("usage", func(t *testing.T) {
		for _, args := range [][]string{
			{"pull", "everything", "-o", s.dir},
			{"pull", "matched", "-o", s.dir, "--base", s.srv.URL(), "--xroad-client", "VN/GOV/000.00.00.H29/QLCB"},
			append([]string{"pull", "matched", "-o", s.dir, "--since", "yesterday"}, s.xroad()...),
			append([]string{"pull", "profiles", "-o", s.dir, "--unit", "H99"}, s.xroad()...),
			append([]string{"pull", "matched"}, s.xroad()...),
		} {
			if code, _, _ := runCLI(t, args...); code != exitUsage {
				t.Errorf("%q: exit %d, want %d", args, code, exitUsage)
			}
		}
	})
}

// TestSendKilled kills `cbccvc send` at several moments of an upload and
// runs it again with the same journal until it finishes: the sandbox must
// end with every profile, each packet processed once.
func TestSendKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the command several times")
	}
	bin := cbccvcBinary(t)
	s := newSandboxFiles(t, ndxptest.Config{})
	const n = 3000
	file := s.packetFile(t, "big.json", 5, n)
	journal := filepath.Join(s.dir, "kill.journal")
	args := append([]string{"send", "--key", s.key, "--cert", s.cert, "--journal", journal, "--max-records", "250"}, s.xroad()...)
	args = append(args, file)

	for i, after := range []time.Duration{300 * time.Millisecond, 600 * time.Millisecond, 900 * time.Millisecond, 1200 * time.Millisecond} {
		cmd := exec.Command(bin, args...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(after)
		cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		t.Logf("run %d killed after %v: %v; sandbox %+v", i, after, err, s.srv.Stats())
	}
	var out bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("last run: %v\n%s", err, out.String())
	}
	st := s.srv.Stats()
	if st.ProfilesStored != n || st.RecordsProcessed != n || st.PacketsProcessed != n/250 {
		t.Errorf("sandbox %+v, want %d profiles in %d packets, each processed once\n%s", st, n, n/250, out.String())
	}
	if st.PacketsReceived != st.PacketsProcessed+st.IdempotentReplays+st.RejectedPackets {
		t.Errorf("sandbox %+v: a submission unaccounted for", st)
	}
}

// TestSendTwice starts a second `cbccvc send` on the journal of one that is
// running, as an overlapping scheduled job would: the second exits 2 at
// once naming the first, which sends every record once.
func TestSendTwice(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the command")
	}
	bin := cbccvcBinary(t)
	s := newSandboxFiles(t, ndxptest.Config{})
	const n = 600
	file := s.packetFile(t, "twice.json", 6, n)
	journal := filepath.Join(s.dir, "twice.journal")
	args := append([]string{"send", "--key", s.key, "--cert", s.cert, "--journal", journal, "--max-records", "100"}, s.xroad()...)
	args = append(args, file)
	// Slow answers keep the first run going while the second starts.
	s.srv.Fail("result", ndxptest.Fault{Latency: 300 * time.Millisecond})

	var firstOut bytes.Buffer
	first := exec.Command(bin, args...)
	first.Stdout, first.Stderr = &firstOut, &firstOut
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	firstDone := make(chan error, 1)
	go func() { firstDone <- first.Wait() }()
	for deadline := time.Now().Add(20 * time.Second); s.srv.Stats().PacketsReceived == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the first run sent nothing:\n%s", firstOut.String())
		}
	}

	var out, errOut bytes.Buffer
	second := exec.Command(bin, args...)
	second.Stdout, second.Stderr = &out, &errOut
	start := time.Now()
	err := second.Run()
	t.Logf("the second run ended in %v", time.Since(start))
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitUsage {
		t.Errorf("second run: %v, want exit %d", err, exitUsage)
	}
	select {
	case err := <-firstDone:
		t.Fatalf("the first run ended (%v) before the second did: the test proves nothing\n%s", err, firstOut.String())
	default:
	}
	want := fmt.Sprintf("in use by another upload (process %d)", first.Process.Pid)
	if !strings.Contains(errOut.String(), want) || strings.Contains(errOut.String(), "resume") || out.Len() != 0 {
		t.Errorf("second run: stdout %q, stderr %q; want it to name the first run: %q", out.String(), errOut.String(), want)
	}

	if err := <-firstDone; err != nil {
		t.Fatalf("first run: %v\n%s", err, firstOut.String())
	}
	st := s.srv.Stats()
	if st.ProfilesStored != n || st.RecordsProcessed != n || st.PacketsProcessed != n/100 || st.PacketsReceived != n/100 {
		t.Errorf("sandbox %+v, want %d profiles in %d packets, each sent and processed once", st, n, n/100)
	}
	for i, line := range strings.Split(strings.TrimSuffix(readFile(t, journal), "\n"), "\n") {
		if !json.Valid([]byte(line)) {
			t.Errorf("journal line %d is not one JSON value: %.200q…", i+1, line)
		}
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
