package ndxp

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/google/uuid"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/packet"
)

// The journal of an upload is a file of JSON lines, appended to and synced
// to disk before each step that the national service will remember, so that
// a rerun after a crash knows every packet the service may have seen:
//
//	{"journal":"cbccvc-upload","version":1,"sender":"000.00.00.H29","kind":"HOSO"}
//	{"event":"packet","id":"…","first":0,"count":1000,"created":"2026-11-26T10:00:00+07:00","sha256":"…"}
//	{"event":"sent","id":"…","state":"TIEP_NHAN"}
//	{"event":"done","id":"…","state":"DA_XU_LY","results":[{"ViTri":0,"KhoaBanGhi":"…","TrangThai":"CANH_BAO","ViPham":[{"MaLoi":"R-DATE-004","MucDo":"CANH_BAO","DuongDan":"/DuLieu/0/QuaTrinhCongTac/1"}]},…]}
//
// A "packet" line gives a packet its MaGoiTin, the input records it holds
// (first, count: positions in the input sequence), its creation time and
// the SHA-256 of its unsigned encoding. It is on disk before the packet is
// sent, so a rerun sends those records again under the same MaGoiTin, which
// the service answers idempotently, and never under a new one. "sent"
// records the acknowledgement; "done" the final answer with one KetQuaXuLy
// per record. A last line cut short by a crash is ignored, and cut off so
// that the next line starts on a line of its own.
//
// The journal holds no personal data beyond the personal ID: of each
// KetQuaXuLy it keeps the record's position, its key (the personal ID of a
// HOSO record, the MaBienDong of a BIENDONG one), its state, the national
// profile ID an answer to a 1.0 packet gave, and of each finding its rule,
// severity and place, never its message, which may quote a value of the
// record (a name, a birth date). A report resumed from the journal gives
// such a finding the description of its rule instead.
//
// An upload holds its journal locked from start to end: a second run on
// the same journal fails at once with a *JournalLockedError, instead of
// sending every record a second time.
const (
	journalName    = "cbccvc-upload"
	journalVersion = 1
)

// ErrJournalMismatch reports a rerun whose input or configuration is not
// the one the journal was written for: resuming would send other records
// under MaGoiTin the service already knows.
var ErrJournalMismatch = errors.New("ndxp: the journal does not match this upload")

type journalHead struct {
	Journal string      `json:"journal"`
	Version int         `json:"version"`
	Sender  string      `json:"sender"`
	Kind    packet.Kind `json:"kind"`
}

type journalLine struct {
	Event   string          `json:"event"`
	ID      uuid.UUID       `json:"id"`
	First   int             `json:"first,omitempty"`
	Count   int             `json:"count,omitempty"`
	Created time.Time       `json:"created,omitzero"`
	SHA256  string          `json:"sha256,omitempty"`
	State   packet.State    `json:"state,omitempty"`
	Results []journalResult `json:"results,omitempty"`
}

// journalResult is what the journal keeps of a KetQuaXuLy.
type journalResult struct {
	Index     int                  `json:"ViTri"`
	Key       string               `json:"KhoaBanGhi"`
	Status    packet.RecordStatus  `json:"TrangThai"`
	ProfileID identifier.ProfileID `json:"MaDinhDanhCBCCVC,omitzero"` // in an answer to a 1.0 packet only
	Findings  []journalFinding     `json:"ViPham,omitempty"`
}

// journalFinding is what the journal keeps of a finding: no message.
type journalFinding struct {
	Rule     string          `json:"MaLoi"`
	Severity packet.Severity `json:"MucDo"`
	Pointer  string          `json:"DuongDan"`
}

// journalResults is what the journal keeps of the results of a packet.
func journalResults(rs []packet.ProcessingResult) []journalResult {
	out := make([]journalResult, len(rs))
	for i, r := range rs {
		out[i] = journalResult{Index: r.Index, Key: r.Key, Status: r.Status, ProfileID: r.ProfileID}
		for _, f := range r.Violations {
			out[i].Findings = append(out[i].Findings, journalFinding{Rule: f.Rule, Severity: f.Severity, Pointer: f.Pointer})
		}
	}
	return out
}

// processingResults gives journaled results back, each finding with the
// description of its rule for a message.
func processingResults(js []journalResult) []packet.ProcessingResult {
	if js == nil {
		return nil
	}
	out := make([]packet.ProcessingResult, len(js))
	for i, j := range js {
		out[i] = packet.ProcessingResult{Index: j.Index, Key: j.Key, Status: j.Status, ProfileID: j.ProfileID}
		for _, f := range j.Findings {
			pf := packet.Finding{Rule: f.Rule, Severity: f.Severity, Pointer: f.Pointer}
			if r, ok := packet.LookupRule(f.Rule); ok {
				pf.MessageVI, pf.MessageEN = r.DescriptionVI, r.DescriptionEN
			}
			out[i].Violations = append(out[i].Violations, pf)
		}
	}
	return out
}

// journaled is what the journal knows of one packet.
type journaled struct {
	line    journalLine  // the "packet" line
	state   packet.State // from the last "sent" or "done" line
	done    bool
	results []packet.ProcessingResult
}

// journal is an open journal file. Its methods are called from one
// goroutine at a time (the uploader serialises them).
type journal struct {
	f       *os.File
	unlock  func() error
	size    int64 // the end of the last whole line: where the next is written
	broken  error // a write that failed: the journal takes no more lines
	byFirst map[int]*journaled
	byID    map[uuid.UUID]*journaled
	starts  []int // the first positions of the packets, ascending
}

// openJournal opens or creates the journal at path for an upload of kind
// by sender, locks it, and reads what it holds.
func openJournal(path, sender string, kind packet.Kind) (*journal, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("ndxp: journal: %w", err)
	}
	// Lock before reading: the holder may be writing a line right now.
	unlock, err := lockJournal(f, path)
	if err != nil {
		f.Close()
		return nil, err
	}
	j := &journal{f: f, unlock: unlock, byFirst: map[int]*journaled{}, byID: map[uuid.UUID]*journaled{}}
	if err := j.read(path, sender, kind); err != nil {
		j.close()
		return nil, err
	}
	return j, nil
}

func (j *journal) read(path, sender string, kind packet.Kind) error {
	data, err := io.ReadAll(j.f)
	if err != nil {
		return fmt.Errorf("ndxp: journal %s: %w", path, err)
	}
	// A crash may have cut the last line short: keep only whole lines, and
	// cut the file there so that the next line starts clean.
	whole := data[:bytes.LastIndexByte(data, '\n')+1]
	if len(whole) != len(data) {
		if err := j.f.Truncate(int64(len(whole))); err != nil {
			return fmt.Errorf("ndxp: journal %s: %w", path, err)
		}
	}
	j.size = int64(len(whole))
	if len(whole) == 0 {
		return j.append(journalHead{Journal: journalName, Version: journalVersion, Sender: sender, Kind: kind})
	}
	sc := bufio.NewScanner(bytes.NewReader(whole))
	sc.Buffer(nil, 64<<20)
	for n := 1; sc.Scan(); n++ {
		if n == 1 {
			var h journalHead
			if err := json.Unmarshal(sc.Bytes(), &h); err != nil || h.Journal != journalName {
				return fmt.Errorf("ndxp: %s is not an upload journal: %w", path, ErrJournalMismatch)
			}
			if h.Version != journalVersion || h.Sender != sender || h.Kind != kind {
				return fmt.Errorf("ndxp: journal %s is for a %s upload by %s (version %d), not %s by %s: %w",
					path, h.Kind, h.Sender, h.Version, kind, sender, ErrJournalMismatch)
			}
			continue
		}
		var l journalLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return fmt.Errorf("ndxp: journal %s, line %d: %v: %w", path, n, err, ErrJournalMismatch)
		}
		if err := j.apply(l); err != nil {
			return fmt.Errorf("ndxp: journal %s, line %d: %w", path, n, err)
		}
	}
	return sc.Err()
}

// apply adds a line to what the journal knows.
func (j *journal) apply(l journalLine) error {
	switch l.Event {
	case "packet":
		if l.Count <= 0 || l.First < 0 || l.ID == uuid.Nil {
			return fmt.Errorf("packet line %s with records %d+%d: %w", l.ID, l.First, l.Count, ErrJournalMismatch)
		}
		if len(j.starts) > 0 {
			prev := j.byFirst[j.starts[len(j.starts)-1]].line
			if l.First < prev.First+prev.Count {
				return fmt.Errorf("packet %s overlaps packet %s: %w", l.ID, prev.ID, ErrJournalMismatch)
			}
		}
		e := &journaled{line: l}
		j.byFirst[l.First], j.byID[l.ID] = e, e
		j.starts = append(j.starts, l.First)
	case "sent", "done":
		e, ok := j.byID[l.ID]
		if !ok {
			return fmt.Errorf("%s line for unknown packet %s: %w", l.Event, l.ID, ErrJournalMismatch)
		}
		e.state = l.State
		if l.Event == "done" {
			e.done, e.results = true, processingResults(l.Results)
		}
	default:
		return fmt.Errorf("unknown event %q: %w", l.Event, ErrJournalMismatch)
	}
	return nil
}

// append writes one line and syncs it to disk; an upload without a journal
// file keeps its journal in memory only. After a failed write (a full disk)
// it cuts the part written off and takes no more lines, so that no line is
// ever glued to a torn one.
func (j *journal) append(v any) error {
	if j.f == nil {
		return nil
	}
	if j.broken != nil {
		return j.broken
	}
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if _, err := j.f.WriteAt(append(b, '\n'), j.size); err != nil {
		j.broken = fmt.Errorf("ndxp: journal: %w", err)
		j.f.Truncate(j.size) // the best we can do; a rerun cuts a torn line anyway
		return j.broken
	}
	if err := j.f.Sync(); err != nil {
		j.broken = fmt.Errorf("ndxp: journal: %w", err)
		return j.broken
	}
	j.size += int64(len(b)) + 1
	return nil
}

// record appends a line and applies it.
func (j *journal) record(l journalLine) error {
	if err := j.append(l); err != nil {
		return err
	}
	return j.apply(l)
}

// nextStart returns the first position of a journaled packet at or after i,
// or -1.
func (j *journal) nextStart(i int) int {
	for _, s := range j.starts {
		if s >= i {
			return s
		}
	}
	return -1
}

// close unlocks and closes the journal.
func (j *journal) close() error {
	if j.f == nil {
		return nil
	}
	err := j.unlock()
	if cerr := j.f.Close(); err == nil {
		err = cerr
	}
	return err
}

func memoryJournal() *journal {
	return &journal{byFirst: map[int]*journaled{}, byID: map[uuid.UUID]*journaled{}}
}
