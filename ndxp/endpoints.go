package ndxp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/url"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/cbccvc/cbccvc-go/codelist"
	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp/internal/wire"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/signing"
)

// An Answer is a signed packet the national database sent, after its
// signature verified. The embedded signing.Verified says who signed it;
// its Packet is decoded from exactly the bytes that verified. A nil or
// zero Answer holds no packet: its State is "".
type Answer struct {
	signing.Verified
	// Raw is the packet as it arrived, signature included: what to keep as
	// evidence or to pass on.
	Raw []byte
	// RequestID is the X-Road-Id of the request that fetched it.
	RequestID string

	// What a CHIASE_HOSO answer left out (Withheld).
	withheldMembers []string
	withheldRecords []int
}

// State is the PHANHOI state (TrangThaiGoiTin): packet.StateReceived,
// packet.StateProcessed or packet.StateRejected; empty for other kinds.
func (a *Answer) State() packet.State {
	if a == nil || a.Packet == nil {
		return ""
	}
	return a.Packet.Header.State
}

// Submit sends a signed HOSO or BIENDONG packet (POST /goi-tin) and returns
// the service's acknowledgement, a PHANHOI in packet.StateReceived, or in
// packet.StateRejected when the packet was refused whole, with the reasons in its
// records' ViPham. Sending the same packet again is safe: its MaGoiTin is
// the Idempotency-Key, and the service answers with the packet's current
// PHANHOI; the same MaGoiTin with other content is ErrConflict.
//
// Submit refuses before sending a packet that is not a HOSO or BIENDONG,
// that carries no signature at all (signing.ErrUnsigned), or whose sender is
// not the client's agency.
func (c *Client) Submit(ctx context.Context, signed []byte) (*Answer, error) {
	if err := c.ready(ctx); err != nil {
		return nil, err
	}
	h, f, err := c.checkOutgoing(signed)
	if err != nil {
		return nil, err
	}
	r := &request{ep: wire.Submit, body: signed, contentType: mediaType(f), idemKey: h.ID.String()}
	a, err := c.do(ctx, r)
	if err != nil {
		return nil, err
	}
	return c.verifyAnswer(ctx, r, a, packet.KindResponse, h.ID)
}

// checkOutgoing reads the header of a packet about to be submitted.
func (c *Client) checkOutgoing(signed []byte) (packet.Header, packet.Format, error) {
	f, err := packet.DetectFormat(signed)
	if err != nil {
		return packet.Header{}, f, fmt.Errorf("ndxp: submit: reading the packet's header: %w", err)
	}
	h, fs, err := packet.ReadHeader(bytes.NewReader(signed), f, packet.Limits{})
	if err == nil && fs != nil {
		err = fs // a header value that does not parse would be sent lost
	}
	if err != nil {
		return h, f, fmt.Errorf("ndxp: submit: reading the packet's header: %w", err)
	}
	switch {
	case h.Kind != packet.KindProfiles && h.Kind != packet.KindChanges:
		return h, f, fmt.Errorf("ndxp: submit: a %s packet cannot be submitted, only HOSO and BIENDONG", h.Kind)
	case h.ID == uuid.Nil:
		return h, f, errors.New("ndxp: submit: the packet has no MaGoiTin")
	case !hasSignature(signed, f):
		return h, f, fmt.Errorf("ndxp: submit: packet %s: %w", h.ID, signing.ErrUnsigned)
	}
	if a := c.Agency(); !a.IsZero() && !a.Equal(h.Sender) {
		return h, f, fmt.Errorf("ndxp: submit: packet %s is sent by %s, not by this client's agency %s", h.ID, h.Sender, a)
	}
	return h, f, nil
}

// hasSignature is a cheap look for the signature member or element; the
// service verifies it, this only keeps an unsigned packet from being sent.
func hasSignature(b []byte, f packet.Format) bool {
	if f == packet.FormatXML {
		return bytes.Contains(b, []byte("SignatureValue"))
	}
	return bytes.Contains(b, []byte(`"ChuKySo"`))
}

func mediaType(f packet.Format) string {
	if f == packet.FormatXML {
		return wire.MediaXML
	}
	return wire.MediaJSON
}

// Result fetches the PHANHOI of a submitted packet (GET /goi-tin/{MaGoiTin}):
// packet.StateReceived while it is processed, then packet.StateProcessed with one
// KetQuaXuLy per record.
func (c *Client) Result(ctx context.Context, id uuid.UUID) (*Answer, error) {
	r := &request{ep: wire.Result, arg: id.String()}
	a, err := c.do(ctx, r)
	if err != nil {
		return nil, err
	}
	return c.verifyAnswer(ctx, r, a, packet.KindResponse, id)
}

// DefaultPollInterval is how often Wait and the Uploader poll a packet's
// result when not told: the national database answers a packet within
// minutes, and a poll every 2 s finds its answer soon without loading the
// service.
const DefaultPollInterval = 2 * time.Second

// Wait polls Result every interval (0: DefaultPollInterval) until the
// packet is no longer in packet.StateReceived, and returns that answer. Give ctx
// a deadline. A negative interval is an ErrOption.
func (c *Client) Wait(ctx context.Context, id uuid.UUID, interval time.Duration) (*Answer, error) {
	switch {
	case interval < 0:
		return nil, optionError(fmt.Sprintf("Wait: negative poll interval %v", interval),
			fmt.Sprintf("Khoảng thời gian giữa hai lần hỏi kết quả (%v) là số âm. Đề nghị truyền 0 để dùng giá trị mặc định (2 giây), hoặc một khoảng thời gian dương.", interval))
	case interval == 0:
		interval = DefaultPollInterval
	}
	for {
		a, err := c.Result(ctx, id)
		if err != nil {
			return nil, err
		}
		if a.State() != packet.StateReceived {
			return a, nil
		}
		if err := sleep(ctx, interval); err != nil {
			return nil, fmt.Errorf("ndxp: waiting for the result of packet %s: %w", id, err)
		}
	}
}

// MatchQuery selects matching results (GET /doi-khop).
type MatchQuery struct {
	Since    time.Time // tu: results since; zero for all
	PageSize int       // gioi-han: records per page, at most 1000; zero for the service's default
}

// Matches returns the results of matching the agency's profiles against the
// population and social-insurance databases, one verified DOIKHOP packet
// per page. The iteration stops at the first error, which it yields.
func (c *Client) Matches(ctx context.Context, q MatchQuery) iter.Seq2[*Answer, error] {
	v := url.Values{}
	if !q.Since.IsZero() {
		v.Set(wire.QuerySince, q.Since.Format(time.RFC3339))
	}
	return c.pages(ctx, wire.Matches, v, q.PageSize, packet.KindMatches)
}

// ProfileQuery selects shared profiles (GET /ho-so).
type ProfileQuery struct {
	Unit         identifier.AgencyCode // ma-don-vi: profiles of this unit and the units under it; zero for all the agency's
	UpdatedSince time.Time             // cap-nhat-tu: profiles updated since; zero for all
	PageSize     int                   // gioi-han: at most 1000; zero for the service's default
	Purpose      Purpose               // muc-dich, ma-dong-y: why; zero for the client's (WithPurpose)
}

// Profiles returns the agency's profiles as the national database holds
// them, one verified CHIASE_HOSO packet per page. Every request carries the
// query's purpose; one that cannot be sent is the first and only error.
// The sensitive groups of a profile the purpose does not cover are left
// out: Answer.Withheld says which, so that they are not taken for empty.
func (c *Client) Profiles(ctx context.Context, q ProfileQuery) iter.Seq2[*Answer, error] {
	v := url.Values{}
	purpose, err := c.purposeOf(q.Purpose)
	if err != nil {
		return func(yield func(*Answer, error) bool) { yield(nil, err) }
	}
	purpose.set(v)
	if !q.Unit.IsZero() {
		v.Set(wire.QueryUnit, q.Unit.Canonical())
	}
	if !q.UpdatedSince.IsZero() {
		v.Set(wire.QueryUpdatedFrom, q.UpdatedSince.Format(time.RFC3339))
	}
	return c.pages(ctx, wire.Profiles, v, q.PageSize, packet.KindSharedProfiles)
}

// pages follows X-Next-Cursor from the first page to the last.
func (c *Client) pages(ctx context.Context, ep wire.Endpoint, v url.Values, size int, kind packet.Kind) iter.Seq2[*Answer, error] {
	return func(yield func(*Answer, error) bool) {
		if size < 0 || size > wire.MaxPageSize {
			yield(nil, fmt.Errorf("ndxp: %s: page size %d: want 1 to %d", ep.Name(), size, wire.MaxPageSize))
			return
		}
		if size > 0 {
			v.Set(wire.QueryLimit, strconv.Itoa(size))
		}
		seen := map[string]bool{}
		for {
			r := &request{ep: ep, query: v}
			a, err := c.do(ctx, r)
			if err != nil {
				yield(nil, err)
				return
			}
			ans, err := c.verifyAnswer(ctx, r, a, kind, uuid.Nil)
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(ans, nil) {
				return
			}
			next := a.header.Get(wire.HeaderNextCursor)
			if next == "" {
				return
			}
			if seen[next] {
				yield(nil, fmt.Errorf("ndxp: %s: the service sent cursor %q twice: %w", ep.Name(), next, ErrUnexpectedAnswer))
				return
			}
			seen[next] = true
			v = cloneValues(v)
			v.Set(wire.QueryCursor, next)
		}
	}
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, s := range v {
		out[k] = append([]string(nil), s...)
	}
	return out
}

// Profile fetches one profile by personal ID (GET /ho-so/{SoDinhDanh}),
// for the client's purpose (WithPurpose); ErrNotFound when the national
// database holds none the agency may see. Members the purpose does not
// cover are absent from the profile: ProfileAnswer says which.
func (c *Client) Profile(ctx context.Context, id identifier.PersonalID) (*packet.Profile, error) {
	ans, err := c.ProfileAnswer(ctx, id, Purpose{})
	if err != nil {
		return nil, err
	}
	return &ans.Packet.Records.Profiles[0], nil
}

// ProfileAnswer fetches one profile by personal ID (GET /ho-so/{SoDinhDanh})
// for purpose (zero for the client's), and returns the verified CHIASE_HOSO
// packet, as it arrived, that holds it and only it; ErrNotFound when the
// national database holds none the agency may see for that purpose.
// Answer.Withheld(0) names the members the purpose did not cover.
func (c *Client) ProfileAnswer(ctx context.Context, id identifier.PersonalID, purpose Purpose) (*Answer, error) {
	if err := c.ready(ctx); err != nil {
		return nil, err
	}
	if id.IsZero() {
		return nil, &LocalError{Err: ErrNil, MessageEN: "profile: empty personal ID",
			MessageVI: "Thiếu số định danh cá nhân (SoDinhDanh) của hồ sơ cần khai thác. Đề nghị ghi đủ 12 chữ số."}
	}
	p, err := c.purposeOf(purpose)
	if err != nil {
		return nil, err
	}
	v := url.Values{}
	p.set(v)
	r := &request{ep: wire.Profile, arg: id.String(), query: v}
	a, err := c.do(ctx, r)
	if err != nil {
		return nil, err
	}
	ans, err := c.verifyAnswer(ctx, r, a, packet.KindSharedProfiles, uuid.Nil)
	if err != nil {
		return nil, err
	}
	ps := ans.Packet.Records.Profiles
	if len(ps) != 1 || ps[0].PersonalID != id {
		return nil, fmt.Errorf("ndxp: profile: the answer holds %d profiles, not the one asked for: %w", len(ps), ErrUnexpectedAnswer)
	}
	return ans, nil
}

// CodeList fetches a code list (GET /danh-muc/{ten}) in the form
// codelist.Load reads; add it to a set with codelist.Set.With. Code lists are
// not signed packets: trust them as far as the transport.
func (c *Client) CodeList(ctx context.Context, name string) (*codelist.List, error) {
	if name == "" {
		return nil, errors.New("ndxp: codelist: empty name")
	}
	a, err := c.do(ctx, &request{ep: wire.CodeList, arg: name})
	if err != nil {
		return nil, err
	}
	l, err := codelist.Load(bytes.NewReader(a.body))
	if err != nil {
		return nil, fmt.Errorf("ndxp: codelist %s: %w", name, err)
	}
	if l.Name != name {
		return nil, fmt.Errorf("ndxp: codelist %s: the answer is list %q: %w", name, l.Name, ErrUnexpectedAnswer)
	}
	return l, nil
}

// verifyAnswer verifies a packet answer and checks that it is the one asked
// for: its kind, that the national database sent it to this agency, and
// for a PHANHOI the packet it answers.
func (c *Client) verifyAnswer(ctx context.Context, r *request, a *answer, kind packet.Kind, replyTo uuid.UUID) (*Answer, error) {
	v, err := c.verifier.Verify(ctx, a.body)
	if err != nil {
		return nil, fmt.Errorf("ndxp: %s: the answer's signature: %w", r.ep.Name(), err)
	}
	h := v.Packet.Header
	bad := func(format string, args ...any) (*Answer, error) {
		return nil, fmt.Errorf("ndxp: %s: %s: %w", r.ep.Name(), fmt.Sprintf(format, args...), ErrUnexpectedAnswer)
	}
	if h.Kind != kind {
		return bad("a %s packet, not %s", h.Kind, kind)
	}
	if provider, ok := c.service.Subsystem.Member.Agency(); ok && !provider.Equal(h.Sender) {
		return bad("sent by %s, not by the service's owner %s", h.Sender, provider)
	}
	if me := c.Agency(); !me.IsZero() && !me.Equal(h.Receiver) {
		return bad("addressed to %s, not to %s", h.Receiver, me)
	}
	if replyTo != uuid.Nil && h.ReplyTo != replyTo {
		return bad("answers packet %s, not %s", h.ReplyTo, replyTo)
	}
	ans := &Answer{Verified: *v, Raw: a.body, RequestID: a.requestID}
	if kind == packet.KindSharedProfiles {
		if err := readWithheld(ans, a.header.Get(wire.HeaderWithheldMembers), a.header.Get(wire.HeaderWithheldRecords)); err != nil {
			return bad("%v", err)
		}
	}
	return ans, nil
}

// decodeJSON decodes a small JSON document (an error body).
func decodeJSON(b []byte, v any) error {
	if len(b) > 1<<20 {
		return errors.New("too large")
	}
	return json.Unmarshal(b, v)
}
