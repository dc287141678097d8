package quality

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/cbccvc/cbccvc-go/internal/clip"
	"github.com/cbccvc/cbccvc-go/packet"
)

// Store is where CheckStore reads the profiles: the personal IDs page by
// page, in ascending order after the one given ("" for the first page),
// then each person's acknowledged profile in JSON, and whether there still
// is one. hrsync.Store is one; this package does not import it, so that a
// report does not link the sync engine and its SQL drivers.
type Store interface {
	People(ctx context.Context, after string, limit int) ([]string, error)
	Profile(ctx context.Context, personalID string) ([]byte, bool, error)
}

// storePage is how many personal IDs CheckStore asks the store for at once.
const storePage = 500

// ErrStoreProfile reports a profile in a store that is not one JSON
// object: the store is damaged, which is not a finding of the profile.
var ErrStoreProfile = errors.New("quality: a profile in the store is not one JSON object")

// StoreError is an error of what a store holds, naming the person.
type StoreError struct {
	Err        error  // ErrStoreProfile
	PersonalID string // SoDinhDanh of the profile
}

func (e *StoreError) Error() string {
	return fmt.Sprintf("%v: SoDinhDanh %s", e.Err, clip.String(e.PersonalID))
}

func (e *StoreError) Unwrap() error { return e.Err }

// Messages returns what is wrong and what to do, in Vietnamese and English.
func (e *StoreError) Messages() (vi, en string) {
	return fmt.Sprintf("Hồ sơ có số định danh cá nhân (SoDinhDanh) %s trong kho đồng bộ không đọc được: kho bị hỏng. Đề nghị khôi phục kho từ bản sao lưu.",
		clip.String(e.PersonalID)), e.Error()
}

// CheckStore reports the quality of every profile a sync store holds (kho
// đồng bộ): the profiles the national database last acknowledged, checked
// as the records of one HOSO packet made at now, by the same validator
// and in the same Report as a packet, so WriteHTML shows it. It streams the
// profiles twice, a page at a time, so its memory grows with the findings
// and the units, not with the profiles. The packet's header is made here
// (packet.Builder.CheckingHeader), without a sender: the national database
// judged each profile's managing unit against the agency that sent it when
// it acknowledged the profile, so R-OWN-001 is not judged again. The report
// has no findings about the header, no packet ID, sender or creation time,
// and no signature (Signature.Status is ""). A store changed while it is
// read gives a report of the profiles each pass saw.
func (c *Checker) CheckStore(ctx context.Context, st Store, now time.Time) (*Report, error) {
	if c == nil || ctx == nil || st == nil {
		return nil, fmt.Errorf("quality: CheckStore with a nil Checker, context or store: %w", ErrNil)
	}
	v := c.Validator
	if v == nil {
		var err error
		if v, err = packet.NewValidator(packet.WithLimits(c.Limits)); err != nil {
			return nil, err
		}
	}
	b := packet.Builder{Now: func() time.Time { return now }} // no sender: see the doc comment
	h, err := b.CheckingHeader(packet.KindProfiles, 0)
	if err != nil {
		return nil, fmt.Errorf("quality: CheckStore: %w", err)
	}
	var vrep *packet.Report
	err = streamStore(ctx, st, h, func(r io.Reader) (err error) {
		vrep, err = v.Validate(ctx, r)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("quality: validating the store: %w", err)
	}
	vrep.Findings = recordFindings(vrep.Findings)
	rep := newReport(vrep)
	rep.PacketID, rep.Created = "", time.Time{}
	g := newGrouper(rep)
	err = streamStore(ctx, st, h, func(r io.Reader) error {
		_, err := g.readRecords(ctx, r, packet.FormatJSON, c.Limits, c.maxUnits(), vrep.Stopped)
		return err
	})
	if err != nil {
		return nil, err
	}
	g.finish(vrep)
	return rep, nil
}

// recordFindings keeps the findings about the records: the header is
// made by CheckStore, not read from the store.
func recordFindings(fs []packet.Finding) []packet.Finding {
	keep := fs[:0]
	for _, f := range fs {
		if _, ok := f.Record(); ok {
			keep = append(keep, f)
		}
	}
	return keep
}

// streamStore gives read a HOSO packet in JSON of header h and the store's
// profiles, written as read asks for them. The store's error, or that of a
// damaged profile, comes before read's.
func streamStore(ctx context.Context, st Store, h packet.Header, read func(io.Reader) error) error {
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := writeStore(ctx, pw, st, h)
		pw.CloseWithError(err)
		done <- err
	}()
	rerr := read(pr)
	pr.Close() // a reader that stopped early ends the writer
	if werr := <-done; werr != nil && !errors.Is(werr, io.ErrClosedPipe) {
		return werr
	}
	return rerr
}

// writeStore writes the packet: the header, then each profile as stored.
// A profile stored damaged (not one JSON object) stops it, naming the
// person. The header's record count stays the store's: a profile removed
// while it is read is reported by the validator, not here.
func writeStore(ctx context.Context, w io.Writer, st Store, h packet.Header) error {
	enc := packet.NewEncoder(w, packet.FormatJSON, h)
	after := ""
	for {
		ids, err := st.People(ctx, after, storePage)
		if err != nil {
			return err
		}
		for _, id := range ids {
			profile, ok, err := st.Profile(ctx, id)
			if err != nil {
				return err
			}
			if !ok {
				continue // removed since the page was read
			}
			if err := enc.EncodeRaw(profile); errors.Is(err, packet.ErrRawRecord) {
				return &StoreError{Err: ErrStoreProfile, PersonalID: id}
			} else if err != nil {
				return err
			}
		}
		if len(ids) < storePage {
			break
		}
		after = ids[len(ids)-1]
	}
	if err := enc.Close(nil); err != nil && !errors.Is(err, packet.ErrRecordCount) {
		return err
	}
	return nil
}
