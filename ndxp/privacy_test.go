package ndxp_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/internal/msg"
	"github.com/cbccvc/cbccvc-go/ndxp"
	"github.com/cbccvc/cbccvc-go/ndxp/ndxptest"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
	"github.com/cbccvc/cbccvc-go/signing"
)

// personalData lists the values of profiles that are personal data beyond
// the personal ID: names, birth dates in both spellings, addresses, phone,
// e-mail, identity-card and social-insurance numbers, relatives' names.
func personalData(ps []packet.Profile) []string {
	var out []string
	add := func(s string) {
		if len(s) >= 6 {
			out = append(out, s)
		}
	}
	for _, p := range ps {
		add(p.FullName)
		add(p.OtherNames)
		if d, ok := p.BirthDate.Full(); ok {
			add(d.String())
			add(d.In(time.UTC).Format("02/01/2006"))
		}
		for _, a := range []*packet.Address{&p.Birthplace, &p.Hometown, p.PermanentAddress, p.CurrentAddress} {
			if a != nil {
				add(a.Detail)
			}
		}
		add(p.Phone)
		add(p.Email)
		add(p.OldIDCard)
		if !p.SocialInsurance.IsZero() {
			add(p.SocialInsurance.String())
		}
		for _, r := range p.Relatives {
			add(r.FullName)
			add(r.Details)
		}
	}
	return out
}

// leaks returns the personal data that s holds.
func leaks(s string, pd []string) []string {
	var out []string
	for _, v := range pd {
		if strings.Contains(s, v) {
			out = append(out, v)
		}
	}
	return out
}

// TestNoPersonalDataInErrorsLogsJournal: the logs, every error string the
// client, the uploader and the sandbox give for packets of personal data,
// and the upload journal, carry none of it beyond the personal ID
// (Decree 27/2026/NĐ-CP: the data are state secrets).
func TestNoPersonalDataInErrorsLogsJournal(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv := ndxptest.NewServer(t, ndxptest.Config{Logger: logger})
	c := srv.Client(h29, ndxp.WithLogger(logger),
		ndxp.WithRetry(ndxp.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	// Profiles whose findings quote their values: a birth date that
	// disagrees with the personal ID, names with digits and spaces.
	g := packettest.New(packettest.Options{Seed: 31, Sender: h29, Now: srv.Now(),
		Defects: []packettest.Defect{packettest.DefectBirthYear, packettest.DefectNameDigits, packettest.DefectSpaces}})
	p := g.Packet(packet.KindProfiles, 6)
	for i := range p.Records.Profiles {
		pr := &p.Records.Profiles[i]
		pr.Phone, pr.Email = "091234567"+string(rune('0'+i)), "bi.mat"+string(rune('a'+i))+"@example.vn"
		pr.OldIDCard = "02345678" + string(rune('0'+i))
		pr.Relatives = append(pr.Relatives, packet.Relative{Relation: "CHA", FullName: "Trần Văn Kín", Details: "Số 7 ngõ Bí Mật, Hà Nội"})
	}
	pd := personalData(p.Records.Profiles)
	if len(pd) < 30 {
		t.Fatalf("only %d values of personal data to look for", len(pd))
	}
	var errs []error
	note := func(err error) {
		t.Helper()
		if err == nil {
			t.Errorf("no error where one was provoked")
			return
		}
		errs = append(errs, err)
	}

	// The client: refusals before and after sending.
	unsigned := encodeJSON(t, p)
	_, err := c.Submit(ctx, unsigned)
	note(err)
	other := packettest.New(packettest.Options{Seed: 31, Sender: identifier.MustParseAgencyCode("000.00.00.H49"), Now: srv.Now()}).Packet(packet.KindProfiles, 2)
	other.Records.Profiles = p.Records.Profiles[:2]
	otherSigned, err := srv.Signer(other.Header.Sender).Sign(ctx, encodeJSON(t, other))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Submit(ctx, otherSigned)
	note(err)
	signed := signedPacket(t, c, p)
	if _, err := c.Submit(ctx, signed); err != nil {
		t.Fatal(err)
	}
	conflict := *p
	conflict.Records.Profiles = append([]packet.Profile(nil), p.Records.Profiles...)
	conflict.Records.Profiles[0].FullName += " Hai"
	_, err = c.Submit(ctx, signedPacket(t, c, &conflict))
	note(err)
	broken := bytes.Replace(signedPacket(t, c, p), []byte(`"HoVaTen":`), []byte(`"HoVaTen":,`), 1)
	_, err = c.Submit(ctx, broken)
	note(err)
	srv.Fail("submit", ndxptest.Fault{Status: 400, Times: 1})
	_, err = c.Submit(ctx, signedPacket(t, c, g.Packet(packet.KindProfiles, 1)))
	note(err)

	// Pulls: unknown person, an answer that does not verify, a bad purpose.
	_, err = c.Profile(ctx, identifier.MustParsePersonalID("001099000001"))
	note(err)
	if _, err := c.Wait(ctx, p.Header.ID, time.Millisecond); err != nil {
		t.Fatal(err)
	}
	srv.Fail("profile", ndxptest.Fault{CorruptSignature: true, Times: 1})
	_, err = c.Profile(ctx, p.Records.Profiles[1].PersonalID)
	note(err)
	srv.Fail("profiles", ndxptest.Fault{CorruptSignature: true, Times: 1})
	for _, err := range c.Profiles(ctx, ndxp.ProfileQuery{}) {
		note(err)
		break
	}
	_, err = c.ProfileAnswer(ctx, p.Records.Profiles[1].PersonalID, ndxp.PurposeConsent(""))
	note(err)

	// The uploader, with a journal.
	dir := t.TempDir()
	journal := filepath.Join(dir, "upload.journal")
	up := func(cfg ndxp.UploaderConfig) *ndxp.Uploader {
		cfg.Journal, cfg.PollInterval, cfg.Now = journal, time.Millisecond, srv.Now
		return c.Uploader(cfg)
	}
	rep, err := up(ndxp.UploaderConfig{MaxRecords: 4}).Upload(ctx, ndxp.Profiles(p.Records.Profiles))
	if err != nil {
		t.Fatal(err)
	}
	quoted := false
	for _, res := range rep.RefusedRecords() {
		for _, f := range res.Violations {
			quoted = quoted || len(leaks(f.MessageVI, pd)) > 0
		}
	}
	if !quoted {
		t.Fatal("no finding of the answers quotes a value: the journal's test would prove nothing")
	}
	// Resumed from the journal: the report gives each finding its rule's description.
	rep2, err := up(ndxp.UploaderConfig{MaxRecords: 4}).Upload(ctx, ndxp.Profiles(p.Records.Profiles))
	if err != nil || rep2.Resumed != 2 || rep2.Refused != rep.Refused {
		t.Fatalf("resumed: %+v, %v", rep2.Progress, err)
	}
	for _, res := range rep2.RefusedRecords() {
		for _, f := range res.Violations {
			if r, _ := packet.LookupRule(f.Rule); f.MessageVI != r.DescriptionVI || f.MessageVI == "" {
				t.Errorf("resumed finding %s at %s: message %q, want its rule's description", f.Rule, f.Pointer, f.MessageVI)
			}
		}
	}
	swapped := append([]packet.Profile{p.Records.Profiles[1], p.Records.Profiles[0]}, p.Records.Profiles[2:]...)
	_, err = up(ndxp.UploaderConfig{MaxRecords: 4}).Upload(ctx, ndxp.Profiles(swapped))
	note(err)
	_, err = up(ndxp.UploaderConfig{MaxRecords: 4, Kind: packet.KindChanges}).Upload(ctx, ndxp.Profiles(p.Records.Profiles))
	note(err)
	journal = filepath.Join(dir, "other.journal")
	_, err = up(ndxp.UploaderConfig{MaxBytes: 1000}).Upload(ctx, ndxp.Profiles(p.Records.Profiles[:1]))
	note(err)
	bad := packet.Change{PersonalID: p.Records.Profiles[0].PersonalID, Kind: "CAP_NHAT", Effective: packet.DateOf(srv.Now()),
		Fields: []packet.FieldChange{{Field: "/HoVaTen", NewValue: json.RawMessage(p.Records.Profiles[0].FullName)}}}
	journal = filepath.Join(dir, "changes.journal")
	_, err = up(ndxp.UploaderConfig{Kind: packet.KindChanges}).Upload(ctx, ndxp.Changes([]packet.Change{bad}))
	note(err)
	srv.Fail("result", ndxptest.Fault{CorruptSignature: true, Times: 1})
	journal = filepath.Join(dir, "third.journal")
	_, err = up(ndxp.UploaderConfig{}).Upload(ctx, ndxp.Profiles(g.Profiles(2)))
	note(err)

	for _, err := range errs {
		vi, en := msg.Split(err)
		for _, s := range []string{err.Error(), vi, en} {
			if l := leaks(s, pd); len(l) > 0 {
				t.Errorf("error %q carries personal data %q", s, l)
			}
		}
	}
	var ndxpErr *ndxp.Error
	if !errors.As(errs[2], &ndxpErr) || !errors.Is(errs[2], ndxp.ErrConflict) {
		t.Errorf("conflict: %v", errs[2])
	}
	if !errors.Is(errs[len(errs)-1], signing.ErrBadSignature) {
		t.Errorf("a tampered result: %v", errs[len(errs)-1])
	}
	for _, name := range []string{filepath.Join(dir, "upload.journal"), filepath.Join(dir, "third.journal")} {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if l := leaks(string(b), pd); len(l) > 0 {
			t.Errorf("journal %s carries personal data %q:\n%s", filepath.Base(name), l, b)
		}
		if !bytes.Contains(b, []byte(p.Records.Profiles[0].PersonalID.String())) && name == filepath.Join(dir, "upload.journal") {
			t.Errorf("the journal does not key its results by personal ID:\n%s", b)
		}
	}
	if l := leaks(logs.String(), pd); len(l) > 0 {
		t.Errorf("logs carry personal data %q", l)
	}
}

func encodeJSON(t *testing.T, p *packet.Packet) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := p.Encode(&b, packet.FormatJSON); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
