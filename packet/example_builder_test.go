package packet_test

import (
	"bytes"
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
