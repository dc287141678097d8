package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/calendar"
	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp/ndxptest"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

// TestPullPurpose: pull profiles sends its purpose, CONG_TAC_CAN_BO unless
// told otherwise, and --id pulls profiles by personal ID.
func TestPullPurpose(t *testing.T) {
	s := newSandboxFiles(t, ndxptest.Config{})
	file := s.packetFile(t, "p.json", 5, 3)
	if code, out, errOut := runCLI(t, append(append([]string{"send", "--key", s.key, "--cert", s.cert}, s.xroad()...), file)...); code != exitOK {
		t.Fatalf("send: exit %d\n%s%s", code, out, errOut)
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, _, err := packet.Decode(f, packet.FormatJSON, packet.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	id0, id2 := p.Records.Profiles[0].PersonalID.String(), p.Records.Profiles[2].PersonalID.String()
	for _, tc := range []struct {
		name             string
		args             []string
		purpose, consent string
		pulls            int // requests for profiles
		packets          string
	}{
		{"the list, by default for cadre work", nil, "CONG_TAC_CAN_BO", "", 1, "1 packets, 3 records"},
		{"the list, with consent", []string{"--purpose", "DONG_Y", "--consent", "15/2026/DY"}, "DONG_Y", "15/2026/DY", 1, "1 packets, 3 records"},
		{"by personal ID", []string{"--id", id0, "--id", id2}, "CONG_TAC_CAN_BO", "", 2, "2 packets, 2 records"},
		{"by personal IDs with commas, with consent", []string{"--id", id0 + "," + id2, "--purpose", "DONG_Y", "--consent", "7/DY"}, "DONG_Y", "7/DY", 2, "2 packets, 2 records"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(s.srv.Received())
			dir := t.TempDir()
			code, out, errOut := runCLI(t, append(append([]string{"pull", "profiles", "-o", dir}, s.xroad()...), tc.args...)...)
			if code != exitOK || !strings.Contains(out, tc.packets) {
				t.Fatalf("exit %d\n%s%s", code, out, errOut)
			}
			var pulls int
			for _, r := range s.srv.Received()[before:] {
				if r.Endpoint != "profiles" && r.Endpoint != "profile" {
					continue
				}
				pulls++
				if r.Purpose != tc.purpose || r.Consent != tc.consent {
					t.Errorf("%s %s: purpose %q (%q), want %q (%q)", r.Method, r.Path, r.Purpose, r.Consent, tc.purpose, tc.consent)
				}
			}
			if pulls != tc.pulls {
				t.Errorf("%d pulls, want %d", pulls, tc.pulls)
			}
		})
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"consent without its reference", []string{"profiles", "--purpose", "DONG_Y"}, "cần mã văn bản đồng ý"},
		{"an unknown purpose", []string{"profiles", "--purpose", "THONG_KE"}, "chỉ nhận CONG_TAC_CAN_BO"},
		{"cadre work with a reference", []string{"profiles", "--consent", "15"}, "không kèm văn bản đồng ý"},
		{"a purpose for matching", []string{"matched", "--purpose", "CONG_TAC_CAN_BO"}, "for pull profiles"},
		{"--id for matching", []string{"matched", "--id", id0}, "for pull profiles"},
		{"--id with --unit", []string{"profiles", "--id", id0, "--unit", "000.00.00.H29"}, "takes no --unit"},
		{"an --id of 11 digits", []string{"profiles", "--id", "07908500123"}, "--id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, append(append([]string{"pull"}, tc.args...), append(s.xroad(), "-o", t.TempDir())...)...)
			if code != exitUsage || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr %q; want %d mentioning %q", code, errOut, exitUsage, tc.want)
			}
		})
	}
}

// TestSendLateChanges: the summary of send lists the change events sent
// after their deadline, and those due by the next working day, judged on
// the command's clock.
func TestSendLateChanges(t *testing.T) {
	made := time.Date(2026, 2, 26, 9, 0, 0, 0, calendar.Vietnam)
	s := newSandboxFiles(t, ndxptest.Config{Now: func() time.Time { return made }})
	g := packettest.New(packettest.Options{Seed: 7, Sender: sendAgency, Now: made.Add(-40 * 24 * time.Hour)})
	profiles := g.Profiles(3)
	changes := &packet.Packet{Header: packet.Header{Kind: packet.KindChanges, Version: packet.Version, Sender: sendAgency,
		Receiver: identifier.MustParseAgencyCode("000.00.00.G09"), Created: made, RecordCount: 3}}
	for i, arose := range []string{"2026-02-13", "2026-02-24", "2026-02-26"} { // deadlines 25/02 (Tết), 27/02, 03/03
		c := g.Change(profiles[i])
		d, _ := packet.ParseDate(arose)
		c.Effective, c.Decision = d, nil
		changes.Records.Changes = append(changes.Records.Changes, c)
	}
	changes.Header.ID = changes.Records.Changes[0].ID
	var b bytes.Buffer
	if err := changes.Encode(&b, packet.FormatJSON); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(s.dir, "changes.json")
	os.WriteFile(file, b.Bytes(), 0o644)

	var stdout, stderr bytes.Buffer
	e := env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, now: func() time.Time { return made }}
	run(context.Background(), e, append(append([]string{"send", "--key", s.key, "--cert", s.cert}, s.xroad()...), file))
	out := stdout.String()
	ch := changes.Records.Changes
	for _, want := range []string{
		"late change events (R-BD-004): reported after their deadline: 1\n",
		"  record 0 (" + ch[0].ID.String() + ", " + ch[0].PersonalID.String() + "): arose 2026-02-13 (NgayHieuLuc), deadline 2026-02-25\n",
		"change events due today or on the next working day: 1\n",
		"  record 1 (" + ch[1].ID.String() + ", " + ch[1].PersonalID.String() + "): arose 2026-02-24 (NgayHieuLuc), deadline 2026-02-27\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s%s", want, out, stderr.String())
		}
	}
	if strings.Contains(out, ch[2].ID.String()+", ") {
		t.Errorf("a change on time is listed:\n%s", out)
	}
}
