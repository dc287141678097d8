package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/hrsync"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

// runCLIAt runs the command line at a fixed clock.
func runCLIAt(t *testing.T, now time.Time, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	e := env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, now: func() time.Time { return now }}
	code := run(context.Background(), e, args)
	return code, stdout.String(), stderr.String()
}

func TestReport(t *testing.T) {
	dir := t.TempDir()
	g := packettest.New(packettest.Options{Seed: 4, Defects: packettest.Defects()})
	var buf bytes.Buffer
	if err := g.Packet(packet.KindProfiles, 30).Encode(&buf, packet.FormatXML); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "hoso.xml")
	if err := os.WriteFile(bad, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join("..", "..", "conformance", "verify", "good-HOSO.json")
	roots := filepath.Join("..", "..", "conformance", "pki", "root.pem")
	inter := filepath.Join("..", "..", "conformance", "pki", "intermediate.pem")
	out := filepath.Join(dir, "report.html")
	at := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		args  []string
		code  int
		wants []string // in the report
	}{
		{"findings", []string{"report", bad, "-o", out}, exitInvalid, []string{"R-LUONG-002", "hoso.xml", "Gói tin chưa được ký số", `id="persons"`}},
		{"verified", []string{"report", "--roots", roots, "--intermediates", inter, "-o", out, good}, exitOK, []string{"Chữ ký số hợp lệ", "000.00.00.H29", "Không có vi phạm."}},
		{"not verified", []string{"report", "-o", out, good}, exitOK, []string{"Gói tin có chữ ký số, chưa được xác thực"}},
		{"untrusted", []string{"report", "--roots", filepath.Join("..", "..", "conformance", "pki", "untrusted-root.pem"), "-o", out, good}, exitInvalid, []string{"Chữ ký số không hợp lệ", "R-SIG-003"}},
		{"no file", []string{"report", "-o", out}, exitUsage, nil},
		{"two files", []string{"report", good, bad}, exitUsage, nil},
		{"profile without roots", []string{"report", "--profile", "tt15", good}, exitUsage, nil},
		{"missing file", []string{"report", filepath.Join(dir, "none.json")}, exitUsage, nil},
		{"bad roots", []string{"report", "--roots", bad, good}, exitUsage, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			os.Remove(out)
			code, stdout, stderr := runCLIAt(t, at, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.code, stderr)
			}
			if tt.wants == nil {
				if !strings.Contains(stderr, "cbccvc report") {
					t.Errorf("stderr does not name the command: %q", stderr)
				}
				return
			}
			if stdout != "" {
				t.Errorf("stdout with -o: %.100q", stdout)
			}
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.wants {
				if !bytes.Contains(b, []byte(w)) {
					t.Errorf("the report lacks %q", w)
				}
			}
		})
	}
}

// TestReportStdout writes the report of standard input to standard output.
func TestReportStdout(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "conformance", "validate", "R-ID-003.json"))
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	e := env{stdin: bytes.NewReader(b), stdout: &stdout, stderr: &stderr}
	if code := run(context.Background(), e, []string{"report", "-"}); code != exitInvalid {
		t.Fatalf("exit %d; %s", code, stderr.String())
	}
	if !strings.HasPrefix(stdout.String(), "<!DOCTYPE html>") || !strings.Contains(stdout.String(), "R-ID-003") {
		t.Errorf("stdout: %.200q", stdout.String())
	}
}

// TestReportStore checks cbccvc report --store: the report of the profiles
// a sync store holds, with their findings and without a signature, and
// its usage errors.
func TestReportStore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "cbccvc-sync.db")
	st, err := hrsync.OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	g := packettest.New(packettest.Options{Seed: 4, Defects: []packettest.Defect{packettest.DefectSalaryCoefficient}})
	var people []hrsync.Person
	for _, p := range g.Packet(packet.KindProfiles, 5).Records.Profiles {
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		people = append(people, hrsync.Person{PersonalID: p.PersonalID.String(), Digest: "d", Profile: b, Acknowledged: at})
	}
	if err := st.Record(ctx, "", nil, people); err != nil {
		t.Fatal(err)
	}
	st.Close()
	out := filepath.Join(dir, "report.html")
	code, stdout, stderr := runCLIAt(t, at, "report", "--store", "sqlite:"+path, "-o", out)
	if code != exitInvalid || stdout != "" || !strings.Contains(stderr, "4/5 records clean, 1 errors") {
		t.Fatalf("exit %d, stdout %.100q, stderr %q; want 1, none, 4/5 clean", code, stdout, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"R-LUONG-002", "cbccvc-sync.db", `id="persons"`} {
		if !bytes.Contains(b, []byte(w)) {
			t.Errorf("the report lacks %q", w)
		}
	}
	if bytes.Contains(b, []byte(`id="signature"`)) {
		t.Error("the report of a store shows a signature")
	}

	good := filepath.Join("..", "..", "conformance", "verify", "good-HOSO.json")
	for _, args := range [][]string{
		{"report", "--store", "sqlite:" + path, good},
		{"report", "--store", "sqlite:" + path, "--roots", good},
		{"report", "--store", "sqlite:" + path, "--format", "xml"},
		{"report", "--store", "sqlite:" + filepath.Join(dir, "none.db")},
		{"report", "--store", "mysql://u@h/db"},
	} {
		code, _, stderr := runCLIAt(t, at, args...)
		if code != exitUsage || !strings.Contains(stderr, "cbccvc report") {
			t.Errorf("%q: exit %d, stderr %q; want 2 naming the command", args, code, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "none.db")); err == nil {
		t.Error("report --store made a store that did not exist")
	}
}
