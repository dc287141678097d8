package quality

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/cbccvc/cbccvc-go/internal/msg"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/signing"
)

// Checker computes data-quality reports. The zero Checker validates with
// packet.NewValidator() and reports a signature without verifying it; a
// Checker is safe for concurrent use once its fields are set.
type Checker struct {
	// Validator checks the packet; nil means packet.NewValidator() with
	// Limits.
	Validator *packet.Validator
	// Verifier verifies a signed packet against the caller's trust roots
	// (its Policy); nil reports the signature as not checked. Verifying
	// needs the whole packet in memory, so a packet larger than
	// MaxVerifyBytes is not verified either.
	Verifier *signing.Verifier
	// Limits bound the reading of records for the groups (as the
	// validator's limits do); zero fields take packet.DefaultLimits().
	Limits packet.Limits
	// MaxVerifyBytes is the largest packet whose signature is verified;
	// 0 means 64 MiB.
	MaxVerifyBytes int64
	// MaxUnits bounds the distinct units ByUnit lists, per role; the
	// records of the others are counted in Report.OtherUnits. 0 means 1000.
	MaxUnits int
}

// ErrNil reports a nil argument or receiver.
var ErrNil = errors.New("quality: nil argument or receiver")

// Check reads the packet of size bytes at r and reports its quality. It
// reads the packet twice, one record at a time — the validator's pass, then
// one that names the person and the units of each record — and, to verify a
// signature, once more whole. The error is for what is not a finding: the
// reader failing, ctx being done, a bad configuration.
func (c *Checker) Check(ctx context.Context, r io.ReaderAt, size int64) (*Report, error) {
	if c == nil || ctx == nil || r == nil {
		return nil, fmt.Errorf("quality: Check with a nil Checker, context or reader: %w", ErrNil)
	}
	v := c.Validator
	if v == nil {
		var err error
		if v, err = packet.NewValidator(packet.WithLimits(c.Limits)); err != nil {
			return nil, err
		}
	}
	vrep, err := v.Validate(ctx, io.NewSectionReader(r, 0, size))
	if err != nil {
		return nil, fmt.Errorf("quality: validating: %w", err)
	}
	rep := newReport(vrep)
	g := newGrouper(rep)
	sig, err := g.readRecords(ctx, io.NewSectionReader(r, 0, size), vrep.Format, c.Limits, c.maxUnits(), vrep.Stopped)
	if err != nil {
		return nil, err
	}
	g.finish(vrep)
	rep.Signature = c.signature(ctx, r, size, sig, !vrep.Stopped)
	return rep, nil
}

func (c *Checker) maxUnits() int {
	if c.MaxUnits > 0 {
		return c.MaxUnits
	}
	return 1000
}

// newReport copies what the validator's report says of the packet.
func newReport(v *packet.Report) *Report {
	rep := &Report{
		Format:   strings.ToLower(v.Format.String()),
		Records:  v.Records,
		Checked:  v.Records - v.Unchecked,
		Complete: !v.Stopped && v.Omitted == 0,
		Omitted:  v.Omitted,
		Findings: make([]Finding, 0, len(v.Findings)),
		ByLayer:  []LayerCount{},
		ByRule:   []RuleGroup{},
		ByPerson: []PersonGroup{},
		ByUnit:   []UnitGroup{},
		ByField:  []FieldGroup{},
	}
	if h := v.Header; h != nil {
		rep.Kind, rep.Version, rep.Created = h.Kind, h.Version, h.Created
		if h.ID.String() != "00000000-0000-0000-0000-000000000000" {
			rep.PacketID = h.ID.String()
		}
		rep.Sender = h.Sender.String()
	}
	for _, f := range v.Findings {
		rec, field := place(f)
		layer := packet.LayerSemantic
		if rule, ok := packet.LookupRule(f.Rule); ok {
			layer = rule.Layer
		}
		rep.Findings = append(rep.Findings, Finding{Rule: f.Rule, Severity: f.Severity, Layer: layer, Pointer: f.Pointer,
			Record: rec, Field: field, MessageVI: f.MessageVI, MessageEN: f.MessageEN})
	}
	return rep
}

// place returns the record a finding is in (-1 for none) and the member
// its pointer names inside the record, without array indexes.
func place(f packet.Finding) (record int, field string) {
	ptr := f.Pointer
	record, ok := f.Record()
	if ok {
		ptr = strings.TrimPrefix(ptr, packet.RecordPointer(record, ""))
	} else {
		record = -1
	}
	segs := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	var keep []string
	for _, s := range segs {
		if s == "" {
			continue
		}
		if _, err := strconv.Atoi(s); err == nil {
			continue
		}
		keep = append(keep, strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~"))
	}
	return record, strings.Join(keep, "/")
}

// signature verifies the packet's signature, when it has one and the
// Checker can.
func (c *Checker) signature(ctx context.Context, r io.ReaderAt, size int64, sig *packet.Signature, readToEnd bool) Signature {
	switch {
	case !readToEnd:
		return Signature{Status: SignatureUnknown}
	case sig == nil:
		return Signature{Status: SignatureUnsigned}
	}
	s := Signature{Status: SignatureNotChecked, Format: sig.Format}
	if s.Format == "" {
		s.Format = "CMS"
	}
	limit := c.MaxVerifyBytes
	if limit <= 0 {
		limit = 64 << 20
	}
	switch {
	case c.Verifier == nil:
		s.MessageVI = "Chưa xác thực chữ ký số: chưa có chứng thư số gốc tin cậy. Đề nghị cung cấp chứng thư số gốc để xác thực."
		s.MessageEN = "the signature was not verified: no trust roots were given"
		return s
	case size > limit:
		s.MessageVI = fmt.Sprintf("Chưa xác thực chữ ký số: gói tin lớn hơn %d byte. Đề nghị xác thực bằng lệnh cbccvc verify.", limit)
		s.MessageEN = fmt.Sprintf("the signature was not verified: the packet is over %d bytes", limit)
		return s
	}
	data := make([]byte, size)
	if _, err := r.ReadAt(data, 0); err != nil && !errors.Is(err, io.EOF) {
		s.MessageVI, s.MessageEN = msg.Split(err)
		return s
	}
	got, err := c.Verifier.Verify(ctx, data)
	if err != nil {
		s.Status, s.Rule = SignatureInvalid, signing.Rule(err)
		s.MessageVI, s.MessageEN = msg.Split(err)
		return s
	}
	s.Status, s.Agency, s.Algorithm, s.SignedAt = SignatureVerified, got.Agency.String(), string(got.Algorithm), got.SignedAt
	if c := got.Signer; c != nil {
		s.Signer, s.NotAfter = c.Subject.CommonName, c.NotAfter
		if len(c.Subject.Organization) > 0 {
			s.Signer += " — " + c.Subject.Organization[0]
		}
		if s.Signer == "" {
			s.Signer = c.Subject.String()
		}
	}
	if len(got.Warnings) > 0 {
		s.MessageVI, s.MessageEN = got.Warnings[0].Messages()
	}
	return s
}

// sortGroups puts the groups in the order a reader wants them: the most
// findings first, then by name, so the same packet gives the same report.
func sortGroups(rep *Report) {
	slices.SortFunc(rep.ByRule, func(a, b RuleGroup) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Rule, b.Rule))
	})
	slices.SortFunc(rep.ByField, func(a, b FieldGroup) int {
		return cmp.Or(cmp.Compare(b.Errors+b.Warnings, a.Errors+a.Warnings), cmp.Compare(a.Field, b.Field))
	})
	slices.SortFunc(rep.ByUnit, func(a, b UnitGroup) int {
		return cmp.Or(cmp.Compare(a.Role, b.Role), cmp.Compare(b.Errors+b.Warnings, a.Errors+a.Warnings), cmp.Compare(a.Code, b.Code))
	})
	slices.SortFunc(rep.ByPerson, func(a, b PersonGroup) int { return cmp.Compare(a.Record, b.Record) })
	order := map[packet.Layer]int{packet.LayerFormat: 0, packet.LayerSchema: 1, packet.LayerSemantic: 2, packet.LayerSignature: 3}
	slices.SortFunc(rep.ByLayer, func(a, b LayerCount) int { return cmp.Compare(order[a.Layer], order[b.Layer]) })
}
