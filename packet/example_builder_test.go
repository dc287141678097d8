package packet_test

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

// A HOSO packet of an agency's profiles, addressed to the national
// database, with its header filled in: a new MaGoiTin, PhienBan 2.0,
// ThoiGianTao and SoLuongBanGhi.
func ExampleBuilder() {
	sender := identifier.MustParseAgencyCode("000.00.00.H29")
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, time.FixedZone("ICT", 7*3600)) // nil Now: time.Now
	profiles := packettest.New(packettest.Options{Sender: sender, Now: now}).Packet(packet.KindProfiles, 2).Records.Profiles

	b := &packet.Builder{Sender: sender, Software: "QLCB 4.2", Now: func() time.Time { return now }}
	p, err := b.Profiles(profiles) // mapped from the HR table's rows
	if err != nil {
		fmt.Println(err)
		return
	}
	var buf bytes.Buffer
	if err := p.Encode(&buf, packet.FormatJSON); err != nil {
		fmt.Println(err)
		return
	}
	h := p.Header
	fmt.Println(h.Kind, h.Version, h.Sender, "->", h.Receiver, h.Created.Format(time.RFC3339), h.RecordCount, h.ID.Version())
	// Output:
	// HOSO 2.0 000.00.00.H29 -> 000.00.00.G09 2026-11-26T10:00:00+07:00 2 VERSION_7
}

// Records checked before the agency that sends them is known — a dry run,
// a form's check before saving — go under a header without a sender: the
// managing units are then not judged against it (R-OWN-001). The same
// profile under a header of another agency is not that agency's to send.
func ExampleBuilder_CheckingHeader() {
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, time.FixedZone("ICT", 7*3600))
	profiles := packettest.New(packettest.Options{Sender: identifier.MustParseAgencyCode("000.00.00.H29"), Now: now}).
		Packet(packet.KindProfiles, 1).Records.Profiles
	v, err := packet.NewValidator(packet.WithClock(func() time.Time { return now }))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, sender := range []string{"", "000.00.00.H49"} {
		b := &packet.Builder{Now: func() time.Time { return now }}
		if sender != "" {
			b.Sender = identifier.MustParseAgencyCode(sender)
		}
		h, err := b.CheckingHeader(packet.KindProfiles, len(profiles))
		if err != nil {
			fmt.Println(err)
			return
		}
		rep, err := v.ValidatePacket(context.Background(), &packet.Packet{Header: h, Records: packet.Records{Profiles: profiles}})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("sender %q:", sender)
		for _, f := range rep.Findings {
			if _, ok := f.Record(); ok { // the header's own findings set aside
				fmt.Print(" ", f.Rule, " ", f.Pointer)
			}
		}
		fmt.Println()
	}
	// Output:
	// sender "":
	// sender "000.00.00.H49": R-OWN-001 /DuLieu/0/MaDonViQuanLy
}
