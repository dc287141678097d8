package ndxp

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp/internal/wire"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
	"github.com/cbccvc/cbccvc-go/signing"
)

// store is a minimal idempotent service for the uploader's tests: it
// remembers each MaGoiTin with the digest of its canonical content,
// counts how often each packet and each person was processed, and answers
// as the national service does. The sandbox (ndxptest) is the full one.
type store struct {
	mu        sync.Mutex
	digest    map[uuid.UUID][32]byte
	packets   map[uuid.UUID]*packet.Packet
	processed map[uuid.UUID]int
	persons   map[identifier.PersonalID]int
	refuse    func(p packet.Profile) bool // records to answer LOI
	onSubmit  func(n int)                 // called with the number of submissions so far
	submits   int
	replays   int // submissions of a MaGoiTin already processed
	maxBody   int
}

func newStore() *store {
	return &store{digest: map[uuid.UUID][32]byte{}, packets: map[uuid.UUID]*packet.Packet{},
		processed: map[uuid.UUID]int{}, persons: map[identifier.PersonalID]int{}}
}

func (st *store) handle(f *fake, w http.ResponseWriter, r *http.Request, s seen, _ int) {
	switch {
	case r.Method == http.MethodPost:
		canon, err := signing.Canonical(s.body)
		if err != nil {
			f.problem(w, s, 400, wire.Problem{Status: 400, Detail: err.Error()})
			return
		}
		p, _, err := packet.Decode(bytes.NewReader(s.body), packet.FormatAuto, packet.Limits{})
		if err != nil {
			f.problem(w, s, 400, wire.Problem{Status: 400, Detail: err.Error()})
			return
		}
		sum := sha256.Sum256(canon)
		st.mu.Lock()
		st.submits++
		n := st.submits
		st.maxBody = max(st.maxBody, len(s.body))
		old, seenBefore := st.digest[p.Header.ID]
		if seenBefore && old != sum {
			st.mu.Unlock()
			f.problem(w, s, http.StatusConflict, wire.Problem{Status: 409, Code: wire.CodeConflict})
			return
		}
		if seenBefore {
			st.replays++
		} else {
			st.digest[p.Header.ID] = sum
			st.packets[p.Header.ID] = p
			st.processed[p.Header.ID]++
			for _, pr := range p.Records.Profiles {
				st.persons[pr.PersonalID]++
			}
		}
		onSubmit := st.onSubmit
		st.mu.Unlock()
		if onSubmit != nil {
			onSubmit(n)
		}
		f.write(w, s, http.StatusAccepted, wire.MediaJSON, f.signed(st.reply(f, p, packet.StateReceived)))
	default:
		id, _ := uuid.Parse(s.path[strings.LastIndexByte(s.path, '/')+1:])
		st.mu.Lock()
		p := st.packets[id]
		st.mu.Unlock()
		if p == nil {
			f.problem(w, s, 404, wire.Problem{Status: 404})
			return
		}
		f.write(w, s, http.StatusOK, wire.MediaJSON, f.signed(st.reply(f, p, packet.StateProcessed)))
	}
}

func (st *store) reply(f *fake, p *packet.Packet, state packet.State) *packet.Packet {
	var findings []packet.Finding
	for i, pr := range p.Records.Profiles {
		if st.refuse != nil && st.refuse(pr) {
			findings = append(findings, packet.Finding{Rule: "R-ID-003", Severity: packet.SeverityError,
				Pointer: "/DuLieu/" + strconv.Itoa(i) + "/SoDinhDanh", MessageVI: "Số định danh không khớp"})
		}
	}
	f.genMu.Lock()
	r := f.gen.Reply(p, findings)
	f.genMu.Unlock()
	r.Header.State = state
	if state == packet.StateReceived {
		r.Records.Results, r.Header.RecordCount = nil, 0
	}
	return r
}

func (st *store) check(t *testing.T, want []packet.Profile) {
	t.Helper()
	st.mu.Lock()
	defer st.mu.Unlock()
	for id, n := range st.processed {
		if n != 1 {
			t.Errorf("packet %s processed %d times", id, n)
		}
	}
	if len(st.persons) != len(want) {
		t.Errorf("the service holds %d persons, want %d", len(st.persons), len(want))
	}
	for _, p := range want {
		if n := st.persons[p.PersonalID]; n != 1 {
			t.Errorf("person %s sent in %d processed packets, want 1", p.PersonalID, n)
		}
	}
}

func uploadFake(t *testing.T, st *store) *fake {
	return newFake(t, func(f *fake, w http.ResponseWriter, r *http.Request, s seen, n int) { st.handle(f, w, r, s, n) })
}

func TestUploadCutsPacketsAndReports(t *testing.T) {
	st := newStore()
	f := uploadFake(t, st)
	profiles := packettest.New(packettest.Options{Seed: 7}).Profiles(25)
	refused := profiles[12].PersonalID
	st.refuse = func(p packet.Profile) bool { return p.PersonalID == refused }

	var calls []Progress
	journal := filepath.Join(t.TempDir(), "upload.journal")
	u := f.client().Uploader(UploaderConfig{MaxRecords: 10, Concurrency: 2, Journal: journal,
		PollInterval: time.Millisecond, Software: "HRM 4.2", Progress: func(p Progress) { calls = append(calls, p) }})
	rep, err := u.Upload(context.Background(), Profiles(profiles))
	if err != nil {
		t.Fatal(err)
	}
	want := Progress{Records: 25, Packets: 3, Sent: 3, Done: 3, Accepted: 24, Refused: 1}
	if rep.Progress != want {
		t.Errorf("progress %+v, want %+v", rep.Progress, want)
	}
	if len(rep.Packets) != 3 || rep.Packets[0].First != 0 || rep.Packets[1].First != 10 || rep.Packets[2].Count != 5 {
		t.Errorf("packets %+v, want 10, 10 and 5 records in input order", rep.Packets)
	}
	var got []int
	for i, res := range rep.RefusedRecords() {
		got = append(got, i)
		if res.Key != refused.String() {
			t.Errorf("refused record %d has key %s, want %s", i, res.Key, refused)
		}
	}
	if len(got) != 1 || got[0] != 12 {
		t.Errorf("refused positions %v, want [12]", got)
	}
	if last := calls[len(calls)-1]; last != want {
		t.Errorf("last progress call %+v, want %+v", last, want)
	}
	for i := 1; i < len(calls); i++ {
		if calls[i].Records < calls[i-1].Records || calls[i].Done < calls[i-1].Done {
			t.Fatalf("progress went back: %+v then %+v", calls[i-1], calls[i])
		}
	}
	st.check(t, profiles)
	for _, p := range st.packets {
		if p.Header.Software != "HRM 4.2" || !p.Header.Sender.Equal(testAgency) || p.Header.Receiver.Canonical() != "000.00.00.G09" {
			t.Errorf("packet header %+v", p.Header)
		}
	}

	// The journal: a head line, then packet, sent and done per packet.
	lines := readLines(t, journal)
	if len(lines) != 1+3*3 || !strings.Contains(lines[0], `"journal":"cbccvc-upload"`) {
		t.Fatalf("journal has %d lines:\n%s", len(lines), strings.Join(lines, "\n"))
	}

	// Run again: everything is in the journal, nothing is sent.
	before := len(f.service())
	rep2, err := u.Upload(context.Background(), Profiles(profiles))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(f.service()) - before; n != 0 {
		t.Errorf("a finished upload sent %d requests when run again", n)
	}
	if rep2.Resumed != 3 || rep2.Accepted != 24 || rep2.Refused != 1 {
		t.Errorf("rerun progress %+v, want all 3 packets resumed", rep2.Progress)
	}
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var out []string
	sc := bufio.NewScanner(fh)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out
}

func TestUploadCutsBySize(t *testing.T) {
	st := newStore()
	f := uploadFake(t, st)
	profiles := packettest.New(packettest.Options{Seed: 3}).Profiles(40)
	const maxBytes = 12 << 10
	rep, err := f.client().Uploader(UploaderConfig{MaxBytes: maxBytes, PollInterval: time.Millisecond}).
		Upload(context.Background(), Profiles(profiles))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Packets) < 5 {
		t.Fatalf("%d packets for 40 profiles at most %d bytes each, want more", len(rep.Packets), maxBytes)
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	for id, p := range st.packets {
		var b bytes.Buffer
		p.Signature = nil
		p.Encode(&b, packet.FormatJSON)
		if b.Len() > maxBytes {
			t.Errorf("packet %s is %d bytes unsigned, more than MaxBytes %d", id, b.Len(), maxBytes)
		}
	}

	t.Run("a record larger than a packet", func(t *testing.T) {
		_, err := f.client().Uploader(UploaderConfig{MaxBytes: 1000}).Upload(context.Background(), Profiles(profiles[:1]))
		if err == nil || !strings.Contains(err.Error(), "record 0 alone makes a packet of") {
			t.Errorf("error %v, want one naming record 0", err)
		}
	})
}

// TestUploadResumesAfterCancel stops an upload at many points — after each
// number of submissions the service received — and runs it again from its
// journal until it finishes: every person must reach the service in exactly
// one processed packet, and no packet may be processed twice.
func TestUploadResumesAfterCancel(t *testing.T) {
	profiles := packettest.New(packettest.Options{Seed: 11}).Profiles(120)
	replays := 0
	for _, stopAt := range []int{1, 2, 3, 5, 8, 11} {
		t.Run("after submission "+strconv.Itoa(stopAt), func(t *testing.T) {
			st := newStore()
			f := uploadFake(t, st)
			journal := filepath.Join(t.TempDir(), "j")
			ctx, cancel := context.WithCancel(context.Background())
			st.onSubmit = func(n int) {
				if n == stopAt {
					cancel()
				}
			}
			cfg := UploaderConfig{MaxRecords: 10, Concurrency: 3, Journal: journal, PollInterval: time.Millisecond}
			_, err := f.client().Uploader(cfg).Upload(ctx, Profiles(profiles))
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("first run: %v, want context.Canceled", err)
			}
			st.mu.Lock()
			st.onSubmit = nil
			st.mu.Unlock()
			rep, err := f.client().Uploader(cfg).Upload(context.Background(), Profiles(profiles))
			if err != nil {
				t.Fatalf("second run: %v", err)
			}
			if rep.Accepted != len(profiles) || rep.Done != 12 {
				t.Errorf("second run: %+v, want all %d accepted in 12 packets", rep.Progress, len(profiles))
			}
			st.check(t, profiles)
			replays += st.replays
		})
	}
	if replays == 0 {
		t.Error("no rerun sent a journaled packet again: the resume path was not exercised")
	}
}

func TestUploadJournalMismatch(t *testing.T) {
	st := newStore()
	f := uploadFake(t, st)
	profiles := packettest.New(packettest.Options{Seed: 5}).Profiles(30)
	journal := filepath.Join(t.TempDir(), "j")
	cfg := UploaderConfig{MaxRecords: 10, Journal: journal, PollInterval: time.Millisecond}
	if _, err := f.client().Uploader(cfg).Upload(context.Background(), Profiles(profiles)); err != nil {
		t.Fatal(err)
	}
	changed := append([]packet.Profile(nil), profiles...)
	changed[14].FullName = "Nguyễn Văn Khác"
	tests := []struct {
		name  string
		cfg   UploaderConfig
		input []packet.Profile
		want  string
	}{
		{"a record changed", cfg, changed, "records 10 to 19 are not those of packet"},
		{"fewer records", cfg, profiles[:25], "inside packet"},
		{"records missing at the end", cfg, profiles[:20], "before packet"},
		{"another kind", UploaderConfig{Kind: packet.KindChanges, Journal: journal}, nil, "for a HOSO upload"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.client().Uploader(tt.cfg).Upload(context.Background(), Profiles(tt.input))
			if !errors.Is(err, ErrJournalMismatch) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want ErrJournalMismatch mentioning %q", err, tt.want)
			}
			// What is wrong and what to do, not "run again".
			var le *LocalError
			if !errors.As(err, &le) || !strings.Contains(le.MessageEN, "belongs to another upload") ||
				!strings.Contains(le.MessageVI, "tệp nhật ký khác") || !strings.Contains(le.MessageVI, journal) {
				t.Errorf("error %v: want a *LocalError saying the journal is another upload's", err)
			}
		})
	}

	t.Run("a last line cut short", func(t *testing.T) {
		data, _ := os.ReadFile(journal)
		os.WriteFile(journal, append(data, `{"event":"sent","id":"01`...), 0o600)
		rep, err := f.client().Uploader(cfg).Upload(context.Background(), Profiles(profiles))
		if err != nil || rep.Resumed != 3 {
			t.Fatalf("Upload = %+v, %v; want 3 packets resumed", rep, err)
		}
		if lines := readLines(t, journal); !strings.HasSuffix(lines[len(lines)-1], "}") {
			t.Errorf("the torn line is still there: %q", lines[len(lines)-1])
		}
	})
	t.Run("not a journal", func(t *testing.T) {
		other := filepath.Join(t.TempDir(), "notes.txt")
		os.WriteFile(other, []byte("hello\n"), 0o600)
		_, err := f.client().Uploader(UploaderConfig{Journal: other}).Upload(context.Background(), Profiles(profiles))
		if !errors.Is(err, ErrJournalMismatch) {
			t.Errorf("error %v, want ErrJournalMismatch", err)
		}
	})
	st.check(t, profiles)
}

func TestUploadRefusesBadInput(t *testing.T) {
	f := uploadFake(t, newStore())
	gen := packettest.New(packettest.Options{})
	p := gen.Profile()
	ch := gen.Change(p)
	tests := []struct {
		name   string
		client *Client
		cfg    UploaderConfig
		input  []packet.Record
		want   string
	}{
		{"a change in a HOSO upload", f.client(), UploaderConfig{}, []packet.Record{&p, &ch}, "record 1 is BienDong, not a HoSo record"},
		{"a nil record", f.client(), UploaderConfig{}, []packet.Record{nil}, "record 0 is nil"},
		{"a reply kind", f.client(), UploaderConfig{Kind: packet.KindResponse}, nil, "only HOSO and BIENDONG"},
		{"no signer", f.client(WithSigner(nil)), UploaderConfig{}, nil, "no signer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.client.Uploader(tt.cfg).Upload(context.Background(), func(yield func(packet.Record) bool) {
				for _, r := range tt.input {
					if !yield(r) {
						return
					}
				}
			})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}

func TestUploadChangesFromChannel(t *testing.T) {
	st := newStore()
	f := uploadFake(t, st)
	gen := packettest.New(packettest.Options{Seed: 9})
	ch := make(chan *packet.Change)
	go func() {
		for _, p := range gen.Profiles(15) {
			c := gen.Change(p)
			ch <- &c
		}
		close(ch)
	}()
	rep, err := f.client().Uploader(UploaderConfig{Kind: packet.KindChanges, MaxRecords: 4, PollInterval: time.Millisecond}).
		Upload(context.Background(), FromChannel(ch))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Packets) != 4 || rep.Accepted != 15 {
		t.Errorf("report %+v, want 15 changes accepted in 4 packets", rep.Progress)
	}
}
