package ndxptest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/internal/msg"
	"github.com/cbccvc/cbccvc-go/ndxp/internal/wire"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/signing"
)

// submission is a packet the sandbox answered: accepted and processed,
// or refused whole.
type submission struct {
	id         uuid.UUID
	sender     identifier.AgencyCode
	kind       packet.Kind
	version    string // PhienBan as sent: the PHANHOI answers in it
	records    int
	hash       [32]byte // of the canonical content, without the signature
	digest     string   // of the records (Received.Digest)
	receivedAt time.Time
	rejected   bool
	results    []packet.ProcessingResult
	polls      int
	doneAt     time.Time // when DA_XU_LY was first shown; zero before

	answerIDs map[packet.State]uuid.UUID // the MaGoiTin of the PHANHOI of each state
	answers   map[string][]byte          // signed PHANHOI by state and format
}

// stored is a profile the national database holds, under its personal ID.
type stored struct {
	profile packet.Profile
	sender  identifier.AgencyCode // the agency that last sent or changed it
	changed time.Time             // the sandbox's clock when it was stored or last changed
	// legacyID is the national profile ID a 1.0 packet of the person was
	// given, kept through later versions so that a 1.0 packet of the same
	// person gets it again; zero for a person only ever sent in 2.0 or later.
	legacyID identifier.ProfileID
}

func packetKey(sender identifier.AgencyCode, id uuid.UUID) string {
	return sender.Canonical() + "/" + id.String()
}

// state is the submission's current PHANHOI state; a poll may move it to
// DA_XU_LY (s.mu held).
func (s *service) state(sub *submission, poll bool) packet.State {
	switch {
	case sub.rejected:
		return packet.StateRejected
	case !sub.doneAt.IsZero():
		return packet.StateProcessed
	}
	if poll {
		sub.polls++
		now := s.now()
		if sub.polls >= s.cfg.ProcessAfterPolls && !now.Before(sub.receivedAt.Add(s.cfg.ProcessingTime)) {
			sub.doneAt = now
			return packet.StateProcessed
		}
	}
	return packet.StateReceived
}

// phanhoi returns the signed PHANHOI of a submission in a state, the same
// bytes every time it is asked in the same state and format.
func (c *call) phanhoi(sub *submission, state packet.State) ([]byte, packet.Format, error) {
	s := c.s
	f := c.answerFormat()
	key := string(state) + "/" + f.String()
	s.mu.Lock()
	if b, ok := sub.answers[key]; ok {
		s.mu.Unlock()
		return b, f, nil
	}
	id, ok := sub.answerIDs[state]
	if !ok {
		id = uuid.New()
		sub.answerIDs[state] = id
	}
	h := packet.Header{
		ID: id, Kind: packet.KindResponse, Version: packet.ReplyVersion(sub.version), Sender: s.owner, Receiver: sub.sender,
		Created: sub.receivedAt.In(ict).Truncate(time.Second), ReplyTo: sub.id, State: state,
	}
	p := &packet.Packet{Header: h}
	if state != packet.StateReceived {
		p.Records.Results = append([]packet.ProcessingResult(nil), sub.results...)
		p.Header.RecordCount = len(sub.results)
	}
	if state == packet.StateProcessed {
		p.Header.Created = sub.doneAt.In(ict).Truncate(time.Second)
	}
	s.mu.Unlock()

	b, err := s.sign(c.r.Context(), p, f)
	if err != nil {
		return nil, f, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if prev, ok := sub.answers[key]; ok {
		return prev, f, nil
	}
	sub.answers[key] = b
	return b, f, nil
}

// answerSubmission sends a submission's PHANHOI in its current state.
func (c *call) answerSubmission(status int, sub *submission, state packet.State) {
	c.rec.Packet, c.rec.Kind, c.rec.Records, c.rec.State = sub.id, sub.kind, sub.records, state
	b, f, err := c.phanhoi(sub, state)
	if err != nil {
		c.problem(http.StatusInternalServerError, wire.CodeInternal, "signing the answer: "+err.Error(), nil)
		return
	}
	c.send(status, mediaType(f), b, true)
}

// submit serves POST /goi-tin.
func (c *call) submit() {
	s := c.s
	s.mu.Lock()
	s.stats.PacketsReceived++
	s.mu.Unlock()
	format, h, ok := c.readSubmission()
	if !ok {
		return
	}
	c.rec.Packet, c.rec.Kind = h.ID, h.Kind
	// Validated before the sender is checked, so that a body that is no
	// packet (a header without DuLieu) is 400 whoever sends it, not 403.
	// A packet received is processed even if its sender hangs up
	// meanwhile, as a real service does.
	chk, ok := c.verifyAndValidate(context.WithoutCancel(c.r.Context()), format)
	if !ok || !c.checkParties(h) {
		return
	}
	hash := contentHash(c.body)
	pk := packetKey(h.Sender, h.ID)
	if c.replay(pk, hash) {
		return
	}

	// A new packet, verified and validated outside the lock. The sender
	// learns the outcome when it sends the packet again, and every
	// submission is counted once in the stats.
	whole, byRecord := splitFindings(chk.report.Findings)
	whole = append(packetFindings(h, chk.verifyErr), whole...)
	// What is stored is decoded from the bytes just validated, never from
	// another form of them: a packet answered THANH_CONG is stored as sent.
	// A value that does not bind into the model is a finding of the
	// validator already, so its record is not stored.
	p, _, _ := packet.DecodeBytes(c.body, format, packet.Limits{})
	if p != nil && chk.verified != nil {
		p.Signature = chk.verified.Packet.Signature
	}
	sub := &submission{id: h.ID, sender: h.Sender, kind: h.Kind, version: h.Version, hash: hash, receivedAt: s.now(),
		answerIDs: map[packet.State]uuid.UUID{}, answers: map[string][]byte{}}
	if p != nil {
		sub.records, sub.digest = p.Records.Len(), recordsDigest(p)
	}
	c.rec.Records, c.rec.Digest = sub.records, sub.digest
	if hasError(whole) {
		c.reject(pk, sub, p, whole, byRecord)
		return
	}
	c.accept(pk, sub, p, byRecord)
}

// refuse answers a submission with a problem, counting it as rejected.
func (c *call) refuse(status int, detail string, findings []packet.Finding) {
	c.s.mu.Lock()
	c.s.stats.RejectedPackets++
	c.s.mu.Unlock()
	c.rec.Outcome = OutcomeRefused
	c.problem(status, problemCode(status), detail, findings)
}

// readSubmission checks the size, the media type and the Idempotency-Key
// of a submission, and reads its header; it refuses it and returns false
// when one does not hold.
func (c *call) readSubmission() (packet.Format, packet.Header, bool) {
	if c.large {
		c.refuse(http.StatusRequestEntityTooLarge, fmt.Sprintf("the packet is over %d bytes", c.s.cfg.MaxPacketBytes), nil)
		return 0, packet.Header{}, false
	}
	mt, _, _ := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	var format packet.Format
	switch mt {
	case wire.MediaJSON:
		format = packet.FormatJSON
	case wire.MediaXML, "text/xml":
		format = packet.FormatXML
	default:
		c.refuse(http.StatusUnsupportedMediaType, fmt.Sprintf("Content-Type %q: a packet is %s or %s", mt, wire.MediaJSON, wire.MediaXML), nil)
		return 0, packet.Header{}, false
	}
	if c.r.Header.Get(wire.HeaderIdempotencyKey) == "" {
		c.refuse(http.StatusBadRequest, "no Idempotency-Key: it must be the packet's MaGoiTin", nil)
		return 0, packet.Header{}, false
	}
	if got, err := packet.DetectFormat(c.body); got != format {
		var fs packet.Findings
		errors.As(err, &fs)
		c.refuse(http.StatusBadRequest, fmt.Sprintf("Content-Type is %s but the body is not a %s packet", mt, format), fs)
		return 0, packet.Header{}, false
	}
	h, hfs, err := packet.ReadHeader(bytes.NewReader(c.body), format, packet.Limits{})
	if err == nil && hfs != nil {
		err = hfs
	}
	if err != nil {
		rep, _ := c.s.glance.Validate(c.r.Context(), bytes.NewReader(c.body))
		var fs []packet.Finding
		if rep != nil {
			fs = rep.Findings
		}
		c.refuse(http.StatusBadRequest, "not a packet with a readable header (ThongTinGoiTin): "+err.Error(), fs)
		return 0, packet.Header{}, false
	}
	return format, h, true
}

// verifyAndValidate verifies the packet's signature and validates it,
// refusing a body that is no packet. The signature comes first: a packet
// that cannot be verified is refused whole, and only glanced at, so that a
// body no one signed costs little more than reading it, however many
// findings it would make: see unverifiedLimits.
func (c *call) verifyAndValidate(ctx context.Context, format packet.Format) (checked, bool) {
	s := c.s
	v, verr := s.verifier.Verify(ctx, c.body)
	validator := s.validator
	if verr != nil {
		validator = s.glance
	}
	rep, err := validator.Validate(ctx, bytes.NewReader(c.body))
	if err != nil {
		c.refuse(http.StatusInternalServerError, "validating the packet: "+err.Error(), nil)
		return checked{}, false
	}
	if fs := notAPacket(rep); len(fs) > 0 || rep.Records == 0 && !hasRecords(c.body, format) {
		if len(fs) == 0 {
			fs = []packet.Finding{{Rule: packet.RuleSchema, Severity: packet.SeverityError, Pointer: packet.PacketPointer("Records"),
				MessageVI: "Thiếu thông tin bắt buộc: phần dữ liệu của gói tin (DuLieu). Đề nghị bổ sung, kể cả khi gói tin không có bản ghi nào (DuLieu rỗng).",
				MessageEN: "DuLieu is required, even empty"}}
		}
		c.refuse(http.StatusBadRequest, "not a packet: "+fs[0].MessageEN, fs)
		return checked{}, false
	}
	return checked{verified: v, verifyErr: verr, report: rep}, true
}

// checked is what verifyAndValidate found: the verified signature, or why
// it did not verify, and the validator's report.
type checked struct {
	verified  *signing.Verified
	verifyErr error
	report    *packet.Report
}

// checkParties refuses a packet that the caller did not send, whose
// MaGoiTin is not the Idempotency-Key, or that is not addressed to the
// national database.
func (c *call) checkParties(h packet.Header) bool {
	key := c.r.Header.Get(wire.HeaderIdempotencyKey)
	switch {
	case !h.Sender.Equal(c.agency):
		c.refuse(http.StatusForbidden, fmt.Sprintf("the packet is sent by %s (MaDonViGui), but the caller is %s", h.Sender.Canonical(), c.agency.Canonical()), nil)
	case h.ID == uuid.Nil || !strings.EqualFold(key, h.ID.String()):
		c.refuse(http.StatusBadRequest, fmt.Sprintf("Idempotency-Key %q is not the packet's MaGoiTin %s", key, h.ID), nil)
	case !h.Receiver.Equal(c.s.owner):
		c.refuse(http.StatusBadRequest, fmt.Sprintf("the packet is addressed to %s (MaDonViNhan), not to the national database %s", h.Receiver.Canonical(), c.s.owner.Canonical()), nil)
	default:
		return true
	}
	return false
}

// packetFindings are the findings that refuse the packet whole beside the
// validator's: a signature that did not verify, a kind the national
// database does not take.
func packetFindings(h packet.Header, verr error) []packet.Finding {
	var whole []packet.Finding
	if verr != nil {
		rule := signing.Rule(verr)
		if rule == "" {
			rule = packet.RuleSignatureInvalid
		}
		vi, en := msg.Split(verr)
		whole = append(whole, packet.Finding{Rule: rule, Severity: packet.SeverityError, Pointer: packet.PacketPointer("Signature"),
			MessageVI: vi, MessageEN: en})
	}
	if h.Kind != packet.KindProfiles && h.Kind != packet.KindChanges {
		msg := fmt.Sprintf("LoaiGoiTin %s: the national database takes HOSO and BIENDONG packets", h.Kind)
		whole = append(whole, packet.Finding{Rule: packet.RuleHeaderKind, Severity: packet.SeverityError,
			Pointer: packet.PacketPointer("Kind"), MessageVI: "Loại gói tin " + string(h.Kind) + " không được gửi lên CSDLQG", MessageEN: msg})
	}
	return whole
}

// reject answers TU_CHOI to a packet refused whole; it binds nothing, so
// the same MaGoiTin may come again.
func (c *call) reject(pk string, sub *submission, p *packet.Packet, whole []packet.Finding, byRecord map[int][]packet.Finding) {
	s := c.s
	sub.rejected = true
	sub.results = refusedResults(p, whole, byRecord)
	s.mu.Lock()
	s.stats.RejectedPackets++
	if _, ok := s.packets[pk]; !ok {
		s.refused[pk] = sub
	}
	s.mu.Unlock()
	c.rec.Outcome, c.rec.Rules = OutcomeRejected, rulesOf(whole)
	c.answerSubmission(http.StatusAccepted, sub, packet.StateRejected)
}

// accept processes a new packet and answers TIEP_NHAN, unless a concurrent
// request accepted the same packet meanwhile.
func (c *call) accept(pk string, sub *submission, p *packet.Packet, byRecord map[int][]packet.Finding) {
	s := c.s
	s.mu.Lock()
	if prev, ok := s.packets[pk]; ok {
		s.mu.Unlock()
		c.answerExisting(prev, sub.hash)
		return
	}
	sub.results = s.process(p, byRecord, sub.receivedAt)
	s.packets[pk] = sub
	delete(s.refused, pk)
	s.stats.PacketsProcessed++
	s.stats.RecordsProcessed += sub.records
	s.mu.Unlock()
	c.rec.Outcome = OutcomeAccepted
	c.answerSubmission(http.StatusAccepted, sub, packet.StateReceived)
}

// replay answers a packet the sandbox already accepted: its current
// PHANHOI when the content is the same, 409 when it is not. It reports
// whether it answered.
func (c *call) replay(pk string, hash [32]byte) bool {
	c.s.mu.Lock()
	prev, ok := c.s.packets[pk]
	c.s.mu.Unlock()
	if !ok {
		return false
	}
	c.answerExisting(prev, hash)
	return true
}

func (c *call) answerExisting(prev *submission, hash [32]byte) {
	s := c.s
	s.mu.Lock()
	if prev.hash != hash {
		s.stats.RejectedPackets++
		s.mu.Unlock()
		c.rec.Outcome = OutcomeConflict
		c.problem(http.StatusConflict, wire.CodeConflict,
			fmt.Sprintf("packet %s was received before with other content: a MaGoiTin names one packet", prev.id), nil)
		return
	}
	s.stats.IdempotentReplays++
	state := s.state(prev, false)
	s.mu.Unlock()
	c.rec.Outcome, c.rec.Digest = OutcomeReplay, prev.digest
	c.answerSubmission(http.StatusAccepted, prev, state)
}

// result serves GET /goi-tin/{MaGoiTin}.
func (c *call) result(arg string) {
	s := c.s
	id, err := uuid.Parse(arg)
	if err != nil {
		c.problem(http.StatusBadRequest, wire.CodeBadRequest, fmt.Sprintf("%q is not a MaGoiTin (UUID)", arg), nil)
		return
	}
	c.rec.Packet = id
	pk := packetKey(c.agency, id)
	s.mu.Lock()
	sub, ok := s.packets[pk]
	if !ok {
		sub, ok = s.refused[pk]
	}
	var state packet.State
	if ok {
		state = s.state(sub, true)
	}
	s.mu.Unlock()
	if !ok {
		c.problem(http.StatusNotFound, wire.CodeNotFound, fmt.Sprintf("no packet %s from %s", id, c.agency.Canonical()), nil)
		return
	}
	c.answerSubmission(http.StatusOK, sub, state)
}

// notePacket records what a submission answered by an injected fault
// carried, as submit would have: its MaGoiTin, kind, records and their
// digest, so that Report can tell its retries.
func (c *call) notePacket() {
	if c.large || len(c.body) == 0 {
		return
	}
	f, err := packet.DetectFormat(c.body)
	if err != nil {
		return
	}
	p, fs, err := packet.DecodeBytes(c.body, f, packet.Limits{})
	if err != nil || fs != nil {
		if h, fs, err := packet.ReadHeader(bytes.NewReader(c.body), f, packet.Limits{}); err == nil && fs == nil {
			c.rec.Packet, c.rec.Kind = h.ID, h.Kind
		}
		return
	}
	c.rec.Packet, c.rec.Kind, c.rec.Records, c.rec.Digest = p.Header.ID, p.Header.Kind, p.Records.Len(), recordsDigest(p)
}

// recordsDigest is Received.Digest: SHA-256 of the records' JSON, 16 hex digits.
func recordsDigest(p *packet.Packet) string {
	b, err := json.Marshal(p.Records)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// notAPacket returns the findings that make a body no packet at all, which
// the service answers 400: a well-formedness failure (R-FMT-*) that
// stopped the reading, or an envelope without its records (DuLieu missing
// or not an array). A R-FMT-004 finding of a report read to its end says
// that findings were left out: the packet is one.
func notAPacket(rep *packet.Report) []packet.Finding {
	var out []packet.Finding
	records := packet.PacketPointer("Records")
	for _, f := range rep.Findings {
		if f.Severity != packet.SeverityError {
			continue
		}
		switch {
		case rep.Stopped && (f.Rule == packet.RuleFormatSyntax || f.Rule == packet.RuleFormatDuplicateKey ||
			f.Rule == packet.RuleFormatXMLDirective || f.Rule == packet.RuleFormatLimit),
			f.Rule == packet.RuleSchema && (f.Pointer == "" || f.Pointer == records):
			out = append(out, f)
		}
	}
	return out
}

// hasRecords reports whether a packet of no records has its DuLieu, empty:
// the validator reads records as they come, and cannot tell an empty
// DuLieu from none. Such a body holds a header and a signature only, so
// reading its envelope whole costs little.
func hasRecords(body []byte, f packet.Format) bool {
	if f == packet.FormatXML {
		d := xml.NewDecoder(bytes.NewReader(body))
		for depth := 0; ; {
			tok, err := d.Token()
			if err != nil {
				return false
			}
			switch t := tok.(type) {
			case xml.StartElement:
				if depth++; depth == 2 && t.Name.Space == packet.Namespace && t.Name.Local == "DuLieu" {
					return true
				}
			case xml.EndElement:
				depth--
			}
		}
	}
	var env map[string]json.RawMessage
	if err := json.Unmarshal(body, &env); err != nil {
		return false
	}
	v, ok := env["DuLieu"]
	return ok && len(v) > 0 && v[0] == '['
}

// contentHash identifies a packet's content without its signature: what
// the idempotency of POST /goi-tin compares.
func contentHash(b []byte) [32]byte {
	if canon, err := signing.Canonical(b); err == nil {
		return sha256.Sum256(canon)
	}
	return sha256.Sum256(b)
}

// splitFindings parts findings into those about the packet as a whole
// (the header, the envelope, the format) and those about each record.
func splitFindings(fs []packet.Finding) (whole []packet.Finding, byRecord map[int][]packet.Finding) {
	byRecord = map[int][]packet.Finding{}
	for _, f := range fs {
		if i, ok := f.Record(); ok {
			byRecord[i] = append(byRecord[i], f)
		} else if f.Severity == packet.SeverityError {
			whole = append(whole, f)
		}
	}
	return whole, byRecord
}

func hasError(fs []packet.Finding) bool {
	for _, f := range fs {
		if f.Severity == packet.SeverityError {
			return true
		}
	}
	return false
}

// recordKey is a record's KhoaBanGhi: the personal ID of a profile, the
// MaBienDong of a change.
func recordKey(p *packet.Packet, i int) string {
	switch p.Header.Kind {
	case packet.KindProfiles:
		return p.Records.Profiles[i].PersonalID.String()
	case packet.KindChanges:
		return p.Records.Changes[i].ID.String()
	}
	return ""
}

// refusedResults explains a refusal: each record LOI, with the packet's
// findings and its own. Without readable records, there are none.
func refusedResults(p *packet.Packet, whole []packet.Finding, byRecord map[int][]packet.Finding) []packet.ProcessingResult {
	if p == nil {
		return nil
	}
	n := 0
	switch p.Header.Kind {
	case packet.KindProfiles:
		n = len(p.Records.Profiles)
	case packet.KindChanges:
		n = len(p.Records.Changes)
	}
	out := make([]packet.ProcessingResult, n)
	for i := range out {
		vs := append(append([]packet.Finding(nil), whole...), byRecord[i]...)
		out[i] = packet.ProcessingResult{Index: i, Key: recordKey(p, i), Status: packet.RecordError, Violations: vs}
	}
	return out
}

// process carries out an accepted packet: it stores profiles under their
// personal IDs, assigning or confirming their national IDs if the packet is
// of format 1.0, and applies change events (s.mu held).
func (s *service) process(p *packet.Packet, byRecord map[int][]packet.Finding, now time.Time) []packet.ProcessingResult {
	sender := p.Header.Sender
	legacy := assignsProfileID(p.Header.Version)
	var out []packet.ProcessingResult
	switch p.Header.Kind {
	case packet.KindProfiles:
		for i := range p.Records.Profiles {
			fs := byRecord[i]
			r := packet.ProcessingResult{Index: i, Key: recordKey(p, i), Status: packet.StatusOf(fs), Violations: fs}
			if r.Status != packet.RecordError {
				if id, f := s.storeProfile(p.Records.Profiles[i], sender, now, legacy); f != nil {
					f.Pointer = packet.RecordPointer(i, f.Pointer)
					r.Status, r.Violations = packet.RecordError, append(r.Violations, *f)
				} else {
					r.ProfileID = id
				}
			}
			out = append(out, r)
		}
	case packet.KindChanges:
		for i, ch := range p.Records.Changes {
			fs := byRecord[i]
			r := packet.ProcessingResult{Index: i, Key: recordKey(p, i), Status: packet.StatusOf(fs), Violations: fs}
			if r.Status != packet.RecordError {
				if more := s.applyChange(ch, sender, now); len(more) > 0 {
					for j := range more {
						more[j].Pointer = packet.RecordPointer(i, more[j].Pointer)
					}
					r.Violations = append(r.Violations, more...)
					r.Status = packet.StatusOf(r.Violations)
				}
			}
			out = append(out, r)
		}
	}
	return out
}

// storeProfile stores a profile under its personal ID. For a packet of
// format 1.0 (legacy) it returns the profile's national ID: the one the
// national database gave the person before, else the profile's own if no
// one else has it, else a new one. From 2.0 it gives none (s.mu held).
func (s *service) storeProfile(p packet.Profile, sender identifier.AgencyCode, now time.Time, legacy bool) (identifier.ProfileID, *packet.Finding) {
	pid := p.PersonalID.String()
	var legacyID identifier.ProfileID
	if prev, ok := s.profiles[pid]; ok {
		legacyID = prev.legacyID
	}
	if !legacy {
		s.profiles[pid] = &stored{profile: p, sender: sender, changed: now, legacyID: legacyID}
		return identifier.ProfileID{}, nil
	}
	id, f := s.legacyProfileID(p, sender, legacyID)
	if f != nil {
		return id, f
	}
	p.ProfileID = id
	s.profiles[pid] = &stored{profile: p, sender: sender, changed: now, legacyID: id}
	s.profileIDs[id.String()] = pid
	return id, nil
}

// legacyProfileID is the national profile ID of format 1.0 for a profile:
// prev, the one the person was given before, else the profile's own if no
// one else has it, else a new one (s.mu held).
func (s *service) legacyProfileID(p packet.Profile, sender identifier.AgencyCode, prev identifier.ProfileID) (identifier.ProfileID, *packet.Finding) {
	id := identifier.ProfileID{}
	if !prev.IsZero() {
		id = prev
	} else if !p.ProfileID.IsZero() && s.profileIDs[p.ProfileID.String()] == "" {
		id = p.ProfileID
	} else {
		kind, ok := identifier.ParsePersonKind(p.PersonKind)
		if !ok {
			return id, &packet.Finding{Rule: packet.RuleCode, Severity: packet.SeverityError, Pointer: "/LoaiDoiTuong",
				MessageVI: "Loại đối tượng không hợp lệ", MessageEN: "LoaiDoiTuong is not CB, CC or VC"}
		}
		level1 := sender.Level1()
		for {
			k := level1 + "/" + p.PersonKind
			s.seqs[k]++
			nid, err := identifier.NewProfileID(level1, kind, s.seqs[k])
			if err != nil {
				return id, &packet.Finding{Rule: packet.RuleProfileID, Severity: packet.SeverityError, Pointer: "/MaDinhDanhCBCCVC",
					MessageVI: "Không cấp được mã định danh CBCCVC: " + err.Error(), MessageEN: "no profile ID can be assigned: " + err.Error()}
			}
			if s.profileIDs[nid.String()] == "" {
				id = nid
				break
			}
		}
	}
	return id, nil
}

// applyChange applies a change event to the profile it names, which the
// sender must manage (s.mu held). The findings point into the change.
func (s *service) applyChange(ch packet.Change, sender identifier.AgencyCode, now time.Time) []packet.Finding {
	st, ok := s.profiles[ch.PersonalID.String()]
	if !ok {
		return []packet.Finding{{Rule: packet.RuleChangeConflict, Severity: packet.SeverityError, Pointer: "/SoDinhDanh",
			MessageVI: "CSDLQG chưa có hồ sơ của số định danh này; gửi hồ sơ (HOSO) trước khi gửi biến động",
			MessageEN: "the national database holds no profile for this personal ID; send the profile (HOSO) before its changes"}}
	}
	if !s.mayWrite(st, sender) {
		return []packet.Finding{{Rule: packet.RuleOwner, Severity: packet.SeverityError, Pointer: "/SoDinhDanh",
			MessageVI: "Hồ sơ do đơn vị khác quản lý", MessageEN: "the profile is managed by another agency"}}
	}
	np, fs := packet.Apply(st.profile, ch)
	if hasError(fs) {
		return fs
	}
	np.ProfileID = st.profile.ProfileID
	s.profiles[ch.PersonalID.String()] = &stored{profile: np, sender: sender, changed: now, legacyID: st.legacyID}
	return fs
}

// mayWrite reports whether agency may change a stored profile: it sent it,
// or manages it, directly or from above.
func (s *service) mayWrite(st *stored, agency identifier.AgencyCode) bool {
	u := st.profile.ManagingUnit
	return st.sender.Equal(agency) || u.Equal(agency) || u.IsUnder(agency)
}

// visible reports whether agency may read a stored profile: the same rule.
func (s *service) visible(st *stored, agency identifier.AgencyCode) bool {
	return s.mayWrite(st, agency)
}
